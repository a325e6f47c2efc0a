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
"""
import json
from pathlib import Path

import numpy as np
import scipy
from scipy import optimize, special

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
    (HERE / "grouped.json").write_text(json.dumps(out, indent=2, default=float) + "\n")


if __name__ == "__main__":
    main()
