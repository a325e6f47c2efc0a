#!/usr/bin/env python3
"""Reference values for distributions whose shapes are past GSL's iteration budgets.

Generates ``Tests/References/distributions_large.json`` (the layout of distributions.json):
gamma, beta and chi-squared shapes of 10^5..10^6 and binomials of 5*10^6 and 10^9 trials, where
GSL's ``gsl_cdf_*_Pinv`` return NaN (or, for the beta past ~10^6, do not return) and
``gsl_cdf_binomial_P`` / ``gsl_cdf_beta_P`` return NaN near the mean: the posteriors of a
conjugate fit to a few million rows.

Every CDF is computed with mpmath at 30 digits, independently of any incomplete-function code:
continuous ones by quadrature of the log density about the mode, binomial ones by summing the
pmf from the far tail (mpmath's own incomplete functions, which distributions.py uses, do not
converge at these shapes); quantiles by Newton's method on those CDFs from scipy's answer, and
checked by a sign change of F - p across a relative 1e-13 of them. As in distributions.py, the
mpmath value is written and scipy's printed beside it when they differ by more than 1e-13
relative: scipy (boost) is off by up to ~4e-6 relative in the far tails of the large gammas.

    python3 Tests/References/distributions_large.py
"""

import json
import math
import os

import mpmath
import scipy
from scipy import stats

mpmath.mp.dps = 30
M = mpmath.mpf

CONTINUOUS = [
    ("gamma", {"shape": 2.0e6, "rate": 0.4}),
    ("gamma", {"shape": 1.5e5, "rate": 3.0}),
    ("beta", {"alpha": 1.5e6, "beta": 1.5e6}),
    ("beta", {"alpha": 2.0e5, "beta": 6.0e5}),
    ("chiSquared", {"degreesOfFreedom": 4.0e6}),
]
DISCRETE = [
    ("binomial", {"trials": 1_000_000_000, "p": 0.5}),
    ("binomial", {"trials": 5_000_000, "p": 0.3}),
]
Z = [-8.0, -3.0, -1.0, 0.0, 0.5, 2.0, 6.0]
P = [1e-10, 0.025, 0.5, 0.975, 1 - 1e-10]


def scipy_dist(family, par):
    if family == "gamma":
        return stats.gamma(par["shape"], scale=1 / par["rate"])
    if family == "beta":
        return stats.beta(par["alpha"], par["beta"])
    if family == "chiSquared":
        return stats.chi2(par["degreesOfFreedom"])
    return stats.binom(par["trials"], par["p"])


def mp_logpdf(family, par):
    if family in ("gamma", "chiSquared"):
        a, r = (M(par["shape"]), M(par["rate"])) if family == "gamma" else (M(par["degreesOfFreedom"]) / 2, M(1) / 2)
        return lambda x: a * mpmath.log(r) + (a - 1) * mpmath.log(x) - r * x - mpmath.loggamma(a)
    a, b = M(par["alpha"]), M(par["beta"])
    lb = mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)
    return lambda x: (a - 1) * mpmath.log(x) + (b - 1) * mpmath.log1p(-x) - lb


def mp_cdf_continuous(logpdf, mean, sd, x):
    """P(X <= x) by quadrature from mean - 40 sd (below it the mass is under 1e-300)."""
    start = M(mean) - 40 * M(sd)
    x = M(x)
    if x <= start:
        return M(0)
    points = [start] + [M(mean) + k * M(sd) for k in range(-39, 41) if start < M(mean) + k * M(sd) < x] + [x]
    return mpmath.quad(lambda t: mpmath.exp(logpdf(t)), points)


def mp_cdf_binomial(n, p, k):
    """P(X <= k), the pmf summed upwards from mean - 40 sd by its ratio recurrence."""
    n, k = int(n), int(k)
    sd = math.sqrt(n * p * (1 - p))
    j = max(0, int(n * p - 40 * sd))
    p = M(p)
    term = mpmath.exp(mpmath.loggamma(n + 1) - mpmath.loggamma(j + 1) - mpmath.loggamma(n - j + 1)
                      + j * mpmath.log(p) + (n - j) * mpmath.log1p(-p))
    ratio = p / (1 - p)
    total = M(0)
    while j <= k:
        total += term
        term *= (n - j) * ratio / (j + 1)
        j += 1
    return total


def reconcile(label, exact, scipy_value):
    """The mpmath value, printing scipy's when they differ by more than 1e-13 relative."""
    error = float(abs(exact - scipy_value) / abs(exact))
    if error > 1e-13:
        print(f"substituted {label}: scipy {scipy_value!r}, mpmath {float(exact)!r} ({error:.1e})")
    return float(exact), error


def main():
    cases, worst = [], 0.0
    for family, par in CONTINUOUS:
        d = scipy_dist(family, par)
        mean, sd = float(d.mean()), float(d.std())
        logpdf = mp_logpdf(family, par)
        points = []
        for z in Z:
            x = mean + z * sd
            exact = mp_cdf_continuous(logpdf, mean, sd, x)
            lower = exact <= 0.5
            value, error = reconcile(f"{family} {par} {'cdf' if lower else 'sf'}({x})",
                                     exact if lower else 1 - exact, float(d.cdf(x) if lower else d.sf(x)))
            worst = max(worst, error)
            cdf = value if lower else float(1 - M(value))
            reconcile(f"{family} {par} logpdf({x})", logpdf(M(x)), float(d.logpdf(x)))
            points.append({"x": x, "logDensity": float(logpdf(M(x))), "cdf": cdf,
                           "tail": "far" if min(exact, 1 - exact) < 1e-8 else "bulk"})
        quantiles = []
        for p in P:
            start = float(d.ppf(p)) if p <= 0.5 else float(d.isf(1 - p))
            x = M(start)
            for _ in range(6):
                x -= (mp_cdf_continuous(logpdf, mean, sd, x) - M(p)) / mpmath.exp(logpdf(x))
            below = mp_cdf_continuous(logpdf, mean, sd, x * (1 - M(1e-13)))
            above = mp_cdf_continuous(logpdf, mean, sd, x * (1 + M(1e-13)))
            if not below <= p <= above:
                raise SystemExit(f"{family} {par} quantile({p}) = {x}: mpmath CDF {below} .. {above}")
            x, _ = reconcile(f"{family} {par} quantile({p})", x, start)
            quantiles.append({"p": p, "x": x, "tail": "far" if min(p, 1 - p) < 1e-8 else "bulk"})
        cases.append({"family": family, "parameters": par, "mean": mean, "variance": float(d.var()),
                      "points": points, "quantiles": quantiles})
    for family, par in DISCRETE:
        d = scipy_dist(family, par)
        n, p = par["trials"], par["p"]
        mean, sd = n * p, math.sqrt(n * p * (1 - p))
        points = []
        for z in Z:
            k = math.floor(mean + z * sd)
            exact = mp_cdf_binomial(n, p, k)
            lower = exact <= 0.5
            value, error = reconcile(f"binomial {par} {'cdf' if lower else 'sf'}({k})",
                                     exact if lower else 1 - exact, float(d.cdf(k) if lower else d.sf(k)))
            worst = max(worst, error)
            cdf = value if lower else float(1 - M(value))
            logpmf = (mpmath.loggamma(n + 1) - mpmath.loggamma(k + 1) - mpmath.loggamma(n - k + 1)
                      + k * mpmath.log(M(p)) + (n - k) * mpmath.log1p(-M(p)))
            reconcile(f"binomial {par} logpmf({k})", logpmf, float(d.logpmf(k)))
            points.append({"x": float(k), "logDensity": float(logpmf), "cdf": cdf,
                           "tail": "far" if min(exact, 1 - exact) < 1e-8 else "bulk"})
        quantiles = []
        for q in P:
            k = int(d.ppf(q))
            if not (mp_cdf_binomial(n, p, k - 1) < q <= mp_cdf_binomial(n, p, k)):
                raise SystemExit(f"binomial {par} ppf({q}) = {k} is not the smallest k with F(k) >= q")
            quantiles.append({"p": q, "x": float(k), "tail": "far" if min(q, 1 - q) < 1e-8 else "bulk"})
        cases.append({"family": family, "parameters": par, "mean": mean, "variance": sd * sd,
                      "points": points, "quantiles": quantiles})
    out = {"generatedBy": "Tests/References/distributions_large.py", "scipy": scipy.__version__,
           "mpmath": mpmath.__version__, "worstScipyDifference": worst, "cases": cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "distributions_large.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: {len(cases)} cases; largest scipy-vs-mpmath CDF difference {worst:.1e}")


if __name__ == "__main__":
    main()
