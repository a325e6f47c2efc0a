#!/usr/bin/env python3
"""Reference values for grouped empirical Bayes (infer tune --method evidence on grouped counts).

Rerun with `python3 Tests/References/selection/grouped.py` (numpy, scipy); it rewrites
batting.csv, accidents.csv and grouped.json next to itself.

- batting.csv: Efron & Morris (1975), "Data analysis using Stein's estimator and its
  generalizations", JASA 70, Table 1: hits in the first 45 at-bats of 1970 of 18 players, and
  their batting average over the rest of that season (`later`).
- accidents.csv: 40 simulated groups (numpy default_rng, seed 20261206), exposure t ~ U(0.5, 5),
  rate ~ Gamma(shape 3, rate 2), events ~ Poisson(rate · t).

The type-II maximum likelihood of the beta (gamma) prior: the beta-binomial (negative binomial)
log-likelihood maximised by scipy's BFGS on log parameters with the analytic gradient, then Newton
polished; standard errors from the analytic Hessian on the original scale. Posterior means
(k + α)/(n + α + β) and (y + a)/(t + b).

Complete pooling: `scores` holds the overdispersion score of each data set — Tarone's
Σ (kᵢ − nᵢp̂)² − p̂(1 − p̂)Σnᵢ and Dean–Lawless's Σ (yᵢ − tᵢm̂)² − Σyᵢ — beside the profile
log-likelihood's slope in 1/strength at infinite strength, by finite differences (the score is
2p̂(1 − p̂) times it, or twice it), and whether the profile rises all the way to the largest
strength on a grid up to 10⁶ (complete pooling) or peaks inside it. Small designed groups, one
under- and one overdispersed for each family, with the finite MLE of the overdispersed ones.
"""
import json
from pathlib import Path

import numpy as np
import scipy
from scipy import optimize, special, stats

HERE = Path(__file__).resolve().parent
HITS = [18, 17, 16, 15, 14, 14, 13, 12, 11, 11, 10, 10, 10, 10, 10, 9, 8, 7]
LATER = [.346, .298, .276, .222, .273, .270, .263, .210, .269, .230, .264, .256, .303, .264, .226, .285, .316, .200]


def write(path, columns):
    names = list(columns)
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        for row in zip(*(columns[n] for n in names)):
            f.write(",".join(str(int(v)) if float(v).is_integer() else repr(float(v)) for v in row) + "\n")


def beta_binomial(k, n):
    def loglik(a, b):
        return (special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)
                + special.betaln(k + a, n - k + b) - special.betaln(a, b)).sum()

    def grad(a, b):
        t = special.digamma(n + a + b)
        return np.array([(special.digamma(k + a) - t - special.digamma(a) + special.digamma(a + b)).sum(),
                         (special.digamma(n - k + b) - t - special.digamma(b) + special.digamma(a + b)).sum()])

    def hess(a, b):
        t = special.polygamma(1, n + a + b)
        c = special.polygamma(1, a + b)
        return np.array([[(special.polygamma(1, k + a) - t - special.polygamma(1, a) + c).sum(), (c - t).sum()],
                         [(c - t).sum(), (special.polygamma(1, n - k + b) - t - special.polygamma(1, b) + c).sum()]])

    return loglik, grad, hess


def gamma_poisson(y, t):
    def loglik(a, b):
        return (special.gammaln(y + a) - special.gammaln(a) - special.gammaln(y + 1) + a * np.log(b) + y * np.log(t)
                - (y + a) * np.log(b + t)).sum()

    def grad(a, b):
        return np.array([(special.digamma(y + a) - special.digamma(a) + np.log(b) - np.log(b + t)).sum(),
                         (a / b - (y + a) / (b + t)).sum()])

    def hess(a, b):
        return np.array([[(special.polygamma(1, y + a) - special.polygamma(1, a)).sum(), (1 / b - 1 / (b + t)).sum()],
                         [(1 / b - 1 / (b + t)).sum(), (-a / b ** 2 + (y + a) / (b + t) ** 2).sum()]])

    return loglik, grad, hess


def maximise(loglik, grad, hess, start):
    f = lambda u: -loglik(*np.exp(u))
    g = lambda u: -grad(*np.exp(u)) * np.exp(u)
    u = optimize.minimize(f, np.log(start), jac=g, method="BFGS", options={"gtol": 1e-12, "maxiter": 10_000}).x
    theta = np.exp(u)
    for _ in range(20):  # Newton on the original scale
        step = np.linalg.solve(hess(*theta), grad(*theta))
        theta = theta - step
        if np.abs(step).max() < 1e-14 * np.abs(theta).max():
            break
    se = np.sqrt(np.diag(np.linalg.inv(-hess(*theta))))
    return theta, se, loglik(*theta), grad(*theta)


SMALL = {
    "binomialUnder": ("beta", [10, 11, 9, 10], [40, 40, 40, 40]),
    "binomialOver": ("beta", [2, 10, 18, 10], [40, 40, 40, 40]),
    "poissonUnder": ("gamma", [5, 6, 4, 5], [1, 1, 1, 1]),
    "poissonOver": ("gamma", [1, 9, 5, 5, 12, 0], [1, 1, 1, 1, 1, 1]),
}


def profile(family, counts, sizes, strength):
    """The log-likelihood at a strength (α + β, or the gamma's shape), the mean at its best."""
    if family == "beta":
        loglik = beta_binomial(counts, sizes)[0]
        value = lambda t: -loglik(strength / (1 + np.exp(-t)), strength / (1 + np.exp(t)))
    else:
        loglik = gamma_poisson(counts, sizes)[0]
        value = lambda t: -loglik(strength, strength / np.exp(t))
    pooled = counts.sum() / sizes.sum()
    centre = np.log(pooled / (1 - pooled)) if family == "beta" else np.log(pooled)
    best = optimize.minimize_scalar(value, bracket=(centre - 1, centre + 1), tol=1e-12)
    return -best.fun


def score(family, counts, sizes):
    pooled = counts.sum() / sizes.sum()
    squares = ((counts - sizes * pooled) ** 2).sum()
    return float(squares - (pooled * (1 - pooled) * sizes.sum() if family == "beta" else counts.sum()))


def scores(out):
    sets = {"batting": ("beta", np.array(HITS, float), np.full(len(HITS), 45.0))}
    accidents = np.loadtxt(HERE / "accidents.csv", delimiter=",", skiprows=1)
    sets["accidents"] = ("gamma", accidents[:, 0], accidents[:, 1])
    sets.update({name: (family, np.array(k, float), np.array(n, float)) for name, (family, k, n) in SMALL.items()})
    result = {}
    grid = np.logspace(0, 6, 61)
    for name, (family, counts, sizes) in sets.items():
        pooled = counts.sum() / sizes.sum()
        # the slope of the profile in h = 1/strength at h = 0: the binomial (poisson) limit, whose
        # log-likelihood at the pooled rate is exact, against h = 1e-4 and 2e-4, Richardson-extrapolated
        # (error O(h²) ≈ 1e-8 relative; rounding ≈ 1e-12 / 1e-4)
        limit = (stats.binom.logpmf(counts, sizes, pooled) if family == "beta" else stats.poisson.logpmf(counts, sizes * pooled)).sum()
        slopes = [(profile(family, counts, sizes, 1 / h) - limit) / h for h in (1e-4, 2e-4)]
        slope = 2 * slopes[0] - slopes[1]
        factor = 2 * pooled * (1 - pooled) if family == "beta" else 2.0
        # pooled: the profile still rises at the grid's end (strength 10⁶), where a finite MLE
        # of these data would already have been passed
        curve = [profile(family, counts, sizes, s) for s in grid]
        entry = {"family": family, "counts": list(counts), "sizes": list(sizes), "score": score(family, counts, sizes),
                 "profileSlopeTimesFactor": slope * factor, "pooled": bool(np.argmax(curve) == len(grid) - 1)}
        if name in SMALL and not entry["pooled"]:
            model = beta_binomial(counts, sizes) if family == "beta" else gamma_poisson(counts, sizes)
            start = [10 * pooled, 10 * (1 - pooled)] if family == "beta" else [1, 1 / pooled]
            theta, se, value, g = maximise(*model, start)
            entry["estimates"] = list(theta)
            entry["logLikelihood"] = value
        result[name] = entry
    return result


def main():
    out = {"generatedBy": "Tests/References/selection/grouped.py", "versions": {"numpy": np.__version__, "scipy": scipy.__version__}}
    k = np.array(HITS, float)
    n = np.full(len(k), 45.0)
    write(HERE / "batting.csv", {"hits": k, "atBats": n, "later": LATER})
    loglik, grad, hess = beta_binomial(k, n)
    theta, se, value, g = maximise(loglik, grad, hess, [100, 300])
    posterior = (k + theta[0]) / (n + theta.sum())
    out["batting"] = {
        "alpha": theta[0], "beta": theta[1], "standardErrors": list(se), "logLikelihood": value, "gradientAtMaximum": list(g),
        "posteriorMeans": list(posterior),
        "squaredErrorMLE": float(((k / n - np.array(LATER)) ** 2).sum()),
        "squaredErrorPosterior": float(((posterior - np.array(LATER)) ** 2).sum()),
    }

    rng = np.random.default_rng(20261206)
    t = np.round(rng.uniform(0.5, 5, 40), 3)
    rate = rng.gamma(3, 1 / 2, 40)
    y = rng.poisson(rate * t).astype(float)
    write(HERE / "accidents.csv", {"events": y, "exposure": t})
    loglik, grad, hess = gamma_poisson(y, t)
    theta, se, value, g = maximise(loglik, grad, hess, [1, 1])
    out["accidents"] = {
        "shape": theta[0], "rate": theta[1], "standardErrors": list(se), "logLikelihood": value, "gradientAtMaximum": list(g),
        "posteriorMeans": list((y + theta[0]) / (t + theta[1])),
    }
    out["scores"] = scores(out)
    (HERE / "grouped.json").write_text(json.dumps(out, indent=2, default=float) + "\n")


if __name__ == "__main__":
    main()
