#!/usr/bin/env python3
"""Reference values for the probability distributions, used by the Swift tests.

Generates ``Tests/References/distributions.json`` next to this script:
log-densities (logpdf / logpmf), CDFs, quantiles, means and variances for
14 distribution families, each at 2-3 parameter settings, computed with
scipy.stats and cross-checked against mpmath at high precision.

Rerun from the package root with:

    python3 Tests/References/distributions.py

The output is deterministic (no random numbers; fixed parameter lists; keys
written in a fixed order).  Needs scipy, numpy and mpmath.

Parametrizations (family names and parameter keys match the Swift API):

    normal       {mean, standardDeviation}            norm(loc=mean, scale=sd)
    laplace      {location, scale}                    laplace(loc, scale)
    studentT     {degreesOfFreedom, location, scale}  t(df, loc, scale)
    cauchy       {location, scale}                    cauchy(loc, scale)
    gamma        {shape, rate}                        gamma(a=shape, scale=1/rate)
    beta         {alpha, beta}                        beta(a, b)
    exponential  {rate}                               expon(scale=1/rate)
    logNormal    {mu, sigma}  (of log X)              lognorm(s=sigma, scale=exp(mu))
    uniform      {lower, upper}                       uniform(loc=lower, scale=upper-lower)
    chiSquared   {degreesOfFreedom}                   chi2(df)
    bernoulli    {p}                                  bernoulli(p)
    binomial     {trials, p}                          binom(n, p)
    poisson      {mean}                               poisson(mu)
    categorical  {probabilities: [...]}               by hand, support 0..K-1

JSON layout::

    {"generatedBy": "Tests/References/distributions.py", "scipy": "<version>",
     "cases": [{"family": ..., "parameters": {...},
                "mean": ..., "variance": ...,            # omitted if infinite/undefined
                "points": [{"x", "logDensity", "cdf", "tail"}, ...],
                "quantiles": [{"p", "x", "tail"}, ...]}, ...]}

* Points where the log-density is -inf are omitted.
* ``tail`` is "far" when min(cdf, sf) < 1e-8 at a point (sf = P(X > x)), or
  when p < 1e-8 or 1 - p < 1e-8 for a quantile; otherwise "bulk".  The Swift
  tests use 1e-12 relative tolerance for "bulk" and 1e-9 for "far".
* Discrete quantiles follow scipy's ppf convention: the smallest integer k
  with cdf(k) >= p, written as a float (e.g. 3.0).

Accuracy policy
---------------
Every value (continuous *and* discrete) is also computed independently with
mpmath at 60 significant digits (and re-checked at 90 digits); continuous
quantiles are obtained by Newton iteration on the mpmath CDF/SF, started from
scipy's answer and verified by a sign-change bracket.  Where scipy and mpmath
differ by more than 1e-13 relative, the correctly rounded mpmath value is
written instead of scipy's, and the script prints each such substitution.

Substitutions found with scipy 1.17.1 / mpmath 1.3.0 (see the printed log):
    None: no value needed substituting.  Maximum relative scipy-vs-mpmath
    differences over the written values were
      continuous: logpdf 3.0e-15, cdf 6.9e-15, quantile 7.8e-15,
                  mean 8.0e-17, variance 2.3e-16
      discrete:   logpmf 9.5e-14 (binom(150, 0.85) near its mode; scipy's
                  value kept as it is within 1e-13), cdf 5.6e-15, quantile 0
                  (all ppf integers agree), mean 4.0e-17, variance 6.2e-16.
    scipy's *sf* (compared but not written) is poor for the uniform
    distribution near the upper end (computed as 1 - cdf: 5e-5 relative at
    sf ~ 1e-12); the JSON holds cdf only, so this does not affect it.
"""

import json
import math
import os
import sys
from fractions import Fraction

import mpmath
import numpy as np
import scipy
from scipy import stats

mp = mpmath.mp
WORK_DPS = 60
CHECK_DPS = 90
SUBSTITUTION_RTOL = 1e-13
FAR = 1e-8
DISCRETE_FAMILIES = ("bernoulli", "binomial", "poisson", "categorical")

QUANTILE_PROBABILITIES = [1e-10, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999, 1 - 1e-10]
# Probabilities used to place the continuous evaluation points:
# ("lower", q) -> x with cdf(x) ~ q, ("upper", q) -> x with sf(x) ~ q.
POINT_TARGETS = [("lower", 1e-12), ("lower", 1e-5), ("lower", 0.05), ("lower", 0.3),
                 ("lower", 0.5), ("upper", 0.2), ("upper", 0.01), ("upper", 1e-5),
                 ("upper", 1e-12)]

# ---------------------------------------------------------------------------
# Book-keeping of scipy-vs-mpmath comparisons.
# ---------------------------------------------------------------------------

LOG = {"max_rel": {}, "substitutions": []}


def rel_diff(a, b):
    a = mpmath.mpf(a)
    b = mpmath.mpf(b)
    if a == b:
        return 0.0
    scale = max(abs(a), abs(b))
    return float(abs(a - b) / scale)


def choose(label, scipy_value, mp_value, check_only=False):
    """Return scipy's value unless it differs from mpmath's by > SUBSTITUTION_RTOL.
    With check_only the comparison is only recorded (value not written)."""
    s = float(scipy_value)
    m = float(mp_value)  # correctly rounded from the high-precision value
    if not math.isfinite(s):
        d = math.inf if s != m else 0.0
    else:
        d = rel_diff(s, mp_value)
    family = label.split("{")[0]
    group = "discrete" if family in DISCRETE_FAMILIES else "continuous"
    kind = group + " " + label.split(":")[-1]
    LOG["max_rel"][kind] = max(LOG["max_rel"].get(kind, 0.0), d)
    if d > SUBSTITUTION_RTOL and not check_only:
        LOG["substitutions"].append((label, s, m, d))
        return m
    return s


# ---------------------------------------------------------------------------
# High-precision (mpmath) implementations.  All take mpf arguments and assume
# mp.dps has been set by the caller.
# ---------------------------------------------------------------------------

def M(v):
    return mpmath.mpf(v)


def mp_continuous(family, par):
    """Return (logpdf, cdf, sf, support) as mpmath functions of an mpf x."""
    if family == "normal":
        mu, sd = M(par["mean"]), M(par["standardDeviation"])
        z = lambda x: (x - mu) / sd
        return (lambda x: -z(x) ** 2 / 2 - mpmath.log(sd) - mpmath.log(2 * mpmath.pi) / 2,
                lambda x: mpmath.erfc(-z(x) / mpmath.sqrt(2)) / 2,
                lambda x: mpmath.erfc(z(x) / mpmath.sqrt(2)) / 2,
                (-mpmath.inf, mpmath.inf))
    if family == "laplace":
        mu, b = M(par["location"]), M(par["scale"])
        def cdf(x):
            return mpmath.exp((x - mu) / b) / 2 if x < mu else 1 - mpmath.exp(-(x - mu) / b) / 2
        def sf(x):
            return mpmath.exp(-(x - mu) / b) / 2 if x > mu else 1 - mpmath.exp((x - mu) / b) / 2
        return (lambda x: -abs(x - mu) / b - mpmath.log(2 * b), cdf, sf,
                (-mpmath.inf, mpmath.inf))
    if family == "studentT":
        nu, mu, s = M(par["degreesOfFreedom"]), M(par["location"]), M(par["scale"])
        def logpdf(x):
            z = (x - mu) / s
            return (mpmath.loggamma((nu + 1) / 2) - mpmath.loggamma(nu / 2)
                    - mpmath.log(nu * mpmath.pi) / 2
                    - (nu + 1) / 2 * mpmath.log1p(z * z / nu) - mpmath.log(s))
        def half_tail(z):  # P(T > |z|)
            return mpmath.betainc(nu / 2, M(1) / 2, 0, nu / (nu + z * z), regularized=True) / 2
        def cdf(x):
            z = (x - mu) / s
            return half_tail(z) if z < 0 else 1 - half_tail(z)
        def sf(x):
            z = (x - mu) / s
            return half_tail(z) if z > 0 else 1 - half_tail(z)
        return logpdf, cdf, sf, (-mpmath.inf, mpmath.inf)
    if family == "cauchy":
        mu, s = M(par["location"]), M(par["scale"])
        def cdf(x):
            z = (x - mu) / s
            # atan(z)/pi + 1/2 == acot(-z)/pi for z < 0, avoiding cancellation.
            return mpmath.acot(-z) / mpmath.pi if z < 0 else M(1) / 2 + mpmath.atan(z) / mpmath.pi
        def sf(x):
            z = (x - mu) / s
            return mpmath.acot(z) / mpmath.pi if z > 0 else M(1) / 2 - mpmath.atan(z) / mpmath.pi
        return (lambda x: -mpmath.log(mpmath.pi * s) - mpmath.log1p(((x - mu) / s) ** 2),
                cdf, sf, (-mpmath.inf, mpmath.inf))
    if family in ("gamma", "chiSquared", "exponential"):
        if family == "gamma":
            a, r = M(par["shape"]), M(par["rate"])
        elif family == "chiSquared":
            a, r = M(par["degreesOfFreedom"]) / 2, M(1) / 2
        else:
            a, r = M(1), M(par["rate"])
        return (lambda x: a * mpmath.log(r) + (a - 1) * mpmath.log(x) - r * x - mpmath.loggamma(a),
                lambda x: mpmath.gammainc(a, 0, r * x, regularized=True),
                lambda x: mpmath.gammainc(a, r * x, mpmath.inf, regularized=True),
                (M(0), mpmath.inf))
    if family == "beta":
        a, b = M(par["alpha"]), M(par["beta"])
        lb = mpmath.log(mpmath.beta(a, b))
        return (lambda x: (a - 1) * mpmath.log(x) + (b - 1) * mpmath.log1p(-x) - lb,
                lambda x: mpmath.betainc(a, b, 0, x, regularized=True),
                lambda x: mpmath.betainc(a, b, x, 1, regularized=True),
                (M(0), M(1)))
    if family == "logNormal":
        mu, sg = M(par["mu"]), M(par["sigma"])
        z = lambda x: (mpmath.log(x) - mu) / sg
        return (lambda x: -z(x) ** 2 / 2 - mpmath.log(sg * x) - mpmath.log(2 * mpmath.pi) / 2,
                lambda x: mpmath.erfc(-z(x) / mpmath.sqrt(2)) / 2,
                lambda x: mpmath.erfc(z(x) / mpmath.sqrt(2)) / 2,
                (M(0), mpmath.inf))
    if family == "uniform":
        lo, hi = M(par["lower"]), M(par["upper"])
        return (lambda x: -mpmath.log(hi - lo),
                lambda x: (x - lo) / (hi - lo),
                lambda x: (hi - x) / (hi - lo),
                (lo, hi))
    raise ValueError(family)


def mp_moments(family, par):
    """(mean, variance) as mpf, or None where infinite/undefined."""
    P = {k: (M(v) if not isinstance(v, list) else [M(u) for u in v]) for k, v in par.items()}
    if family == "normal":
        return P["mean"], P["standardDeviation"] ** 2
    if family == "laplace":
        return P["location"], 2 * P["scale"] ** 2
    if family == "studentT":
        nu = P["degreesOfFreedom"]
        mean = P["location"] if nu > 1 else None
        var = P["scale"] ** 2 * nu / (nu - 2) if nu > 2 else None
        return mean, var
    if family == "cauchy":
        return None, None
    if family == "gamma":
        return P["shape"] / P["rate"], P["shape"] / P["rate"] ** 2
    if family == "beta":
        a, b = P["alpha"], P["beta"]
        return a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1))
    if family == "exponential":
        return 1 / P["rate"], 1 / P["rate"] ** 2
    if family == "logNormal":
        mu, s2 = P["mu"], P["sigma"] ** 2
        return mpmath.exp(mu + s2 / 2), mpmath.expm1(s2) * mpmath.exp(2 * mu + s2)
    if family == "uniform":
        return (P["lower"] + P["upper"]) / 2, (P["upper"] - P["lower"]) ** 2 / 12
    if family == "chiSquared":
        return P["degreesOfFreedom"], 2 * P["degreesOfFreedom"]
    if family == "bernoulli":
        return P["p"], P["p"] * (1 - P["p"])
    if family == "binomial":
        return P["trials"] * P["p"], P["trials"] * P["p"] * (1 - P["p"])
    if family == "poisson":
        return P["mean"], P["mean"]
    if family == "categorical":
        ps = P["probabilities"]
        m = mpmath.fsum(k * p for k, p in enumerate(ps))
        return m, mpmath.fsum((k - m) ** 2 * p for k, p in enumerate(ps))
    raise ValueError(family)


def mp_discrete(family, par):
    """Return (logpmf, cdf, sf, support_max) as mpmath functions of an int k >= 0."""
    if family == "bernoulli":
        p = M(par["p"])
        lp = {0: mpmath.log1p(-p), 1: mpmath.log(p)}
        return (lambda k: lp.get(k, -mpmath.inf),
                lambda k: 1 - p if k == 0 else M(1),
                lambda k: p if k == 0 else M(0), 1)
    if family == "binomial":
        n, p = int(par["trials"]), M(par["p"])
        def logpmf(k):
            if k > n:
                return -mpmath.inf
            return (mpmath.log(mpmath.binomial(n, k)) + k * mpmath.log(p)
                    + (n - k) * mpmath.log1p(-p))
        pmf = lambda k: mpmath.binomial(n, k) * p ** k * (1 - p) ** (n - k)
        return (logpmf,
                lambda k: mpmath.fsum(pmf(j) for j in range(0, min(k, n) + 1)),
                lambda k: mpmath.fsum(pmf(j) for j in range(k + 1, n + 1)), n)
    if family == "poisson":
        lam = M(par["mean"])
        return (lambda k: k * mpmath.log(lam) - lam - mpmath.loggamma(k + 1),
                lambda k: mpmath.gammainc(k + 1, lam, mpmath.inf, regularized=True),
                lambda k: mpmath.gammainc(k + 1, 0, lam, regularized=True), None)
    raise ValueError(family)


# ---------------------------------------------------------------------------
# Quantiles with mpmath: Newton from scipy's estimate, then bracket check.
# ---------------------------------------------------------------------------

def mp_quantile(logpdf, cdf, sf, support, p, x0):
    p = M(p)
    upper = p > M(1) / 2
    q = 1 - p  # exact: p is a double in (0.5, 1)
    g = (lambda x: q - sf(x)) if upper else (lambda x: cdf(x) - p)  # increasing in x
    lo_s, hi_s = support
    # scipy may return a support end point when the true quantile rounds to it;
    # start Newton just inside the support in that case.
    if x0 <= lo_s:
        x0 = np.nextafter(float(lo_s), np.inf)
    if x0 >= hi_s:
        x0 = np.nextafter(float(hi_s), -np.inf)
    x = M(x0)
    for _ in range(200):
        step = g(x) / mpmath.exp(logpdf(x))
        xn = x - step
        for _ in range(400):  # stay inside the support
            if lo_s < xn < hi_s:
                break
            step /= 2
            xn = x - step
        else:
            raise RuntimeError("Newton step left the support")
        if abs(xn - x) <= abs(x) * M(10) ** (-(mp.dps - 5)):
            x = xn
            break
        x = xn
    else:
        raise RuntimeError("Newton did not converge")
    eps = abs(x) * M(10) ** (-(mp.dps - 15))
    if not (g(x - eps) <= 0 <= g(x + eps)):
        raise RuntimeError("quantile bracket check failed at p=%r" % float(p))
    return x


def mp_discrete_quantile(cdf, sf, p, start):
    """Smallest integer k >= 0 with cdf(k) >= p, evaluated exactly at high precision."""
    p = M(p)
    k = max(int(start) - 3, 0)
    # Walk down while the condition still holds for k-1, then up until it holds.
    while k > 0 and cdf(k - 1) >= p:
        k -= 1
    while cdf(k) < p:
        k += 1
    return k


# ---------------------------------------------------------------------------
# Case definitions.
# ---------------------------------------------------------------------------

CONTINUOUS_CASES = [
    ("normal", {"mean": 0.0, "standardDeviation": 1.0}),
    ("normal", {"mean": -3.5, "standardDeviation": 0.25}),
    ("normal", {"mean": 120.0, "standardDeviation": 15.0}),
    ("laplace", {"location": 0.0, "scale": 1.0}),
    ("laplace", {"location": 2.5, "scale": 0.4}),
    ("laplace", {"location": -10.0, "scale": 3.0}),
    ("studentT", {"degreesOfFreedom": 1.5, "location": 0.0, "scale": 1.0}),
    ("studentT", {"degreesOfFreedom": 30.0, "location": 0.0, "scale": 1.0}),
    ("studentT", {"degreesOfFreedom": 4.2, "location": -2.0, "scale": 0.5}),
    ("cauchy", {"location": 0.0, "scale": 1.0}),
    ("cauchy", {"location": 3.0, "scale": 0.5}),
    ("gamma", {"shape": 0.5, "rate": 2.0}),
    ("gamma", {"shape": 7.3, "rate": 0.8}),
    ("gamma", {"shape": 2.0, "rate": 3.0}),
    ("beta", {"alpha": 0.7, "beta": 2.5}),
    ("beta", {"alpha": 5.0, "beta": 5.0}),
    ("beta", {"alpha": 2.0, "beta": 0.8}),
    ("exponential", {"rate": 1.0}),
    ("exponential", {"rate": 0.25}),
    ("exponential", {"rate": 40.0}),
    ("logNormal", {"mu": 0.0, "sigma": 1.0}),
    ("logNormal", {"mu": 1.2, "sigma": 0.35}),
    ("logNormal", {"mu": -2.0, "sigma": 2.0}),
    ("uniform", {"lower": 0.0, "upper": 1.0}),
    ("uniform", {"lower": -2.0, "upper": 3.5}),
    ("chiSquared", {"degreesOfFreedom": 3.0}),
    ("chiSquared", {"degreesOfFreedom": 0.5}),
    ("chiSquared", {"degreesOfFreedom": 25.0}),
]

DISCRETE_CASES = [
    ("bernoulli", {"p": 0.35}, [0, 1]),
    ("bernoulli", {"p": 0.9}, [0, 1]),
    ("binomial", {"trials": 20, "p": 0.3}, [0, 1, 3, 5, 6, 8, 11, 15, 19, 20]),
    ("binomial", {"trials": 150, "p": 0.85}, [0, 60, 100, 120, 127, 128, 135, 145, 149, 150]),
    ("binomial", {"trials": 7, "p": 0.05}, [0, 1, 2, 4, 7]),
    ("poisson", {"mean": 0.8}, [0, 1, 2, 3, 5, 8, 12, 25]),
    ("poisson", {"mean": 45.2}, [0, 5, 20, 35, 44, 45, 52, 70, 100, 150]),
    ("poisson", {"mean": 3.0}, [0, 1, 2, 3, 4, 7, 12, 20]),
    ("categorical", {"probabilities": [0.15, 0.25, 0.35, 0.25]}, None),
    # Dyadic probabilities: cumulative sums are exact, so p = 0.5 hits cdf(0)
    # exactly and exercises the "smallest k with cdf(k) >= p" convention.
    ("categorical", {"probabilities": [0.5, 0.25, 0.125, 0.0625, 0.0625]}, None),
    ("categorical", {"probabilities": [0.02, 0.9, 0.08]}, None),
]


def scipy_dist(family, par):
    if family == "normal":
        return stats.norm(loc=par["mean"], scale=par["standardDeviation"])
    if family == "laplace":
        return stats.laplace(loc=par["location"], scale=par["scale"])
    if family == "studentT":
        return stats.t(par["degreesOfFreedom"], loc=par["location"], scale=par["scale"])
    if family == "cauchy":
        return stats.cauchy(loc=par["location"], scale=par["scale"])
    if family == "gamma":
        return stats.gamma(par["shape"], scale=1.0 / par["rate"])
    if family == "beta":
        return stats.beta(par["alpha"], par["beta"])
    if family == "exponential":
        return stats.expon(scale=1.0 / par["rate"])
    if family == "logNormal":
        return stats.lognorm(s=par["sigma"], scale=math.exp(par["mu"]))
    if family == "uniform":
        return stats.uniform(loc=par["lower"], scale=par["upper"] - par["lower"])
    if family == "chiSquared":
        return stats.chi2(par["degreesOfFreedom"])
    if family == "bernoulli":
        return stats.bernoulli(par["p"])
    if family == "binomial":
        return stats.binom(par["trials"], par["p"])
    if family == "poisson":
        return stats.poisson(par["mean"])
    raise ValueError(family)


def tail_of(cdf, sf):
    return "far" if min(cdf, sf) < FAR else "bulk"


def tail_of_p(p):
    return "far" if (p < FAR or 1 - p < FAR) else "bulk"


def case_label(family, par):
    return family + json.dumps(par, separators=(",", ":"))


def add_moments(case, family, par, dist):
    mean_mp, var_mp = mp_moments(family, par)
    label = case_label(family, par)
    if dist is not None:
        s_mean, s_var = float(dist.mean()), float(dist.var())
    else:
        s_mean, s_var = categorical_moments_float(par["probabilities"])
    if mean_mp is not None:
        case["mean"] = choose(label + ":mean", s_mean, mean_mp)
    if var_mp is not None:
        case["variance"] = choose(label + ":variance", s_var, var_mp)


def categorical_moments_float(ps):
    m = sum(k * p for k, p in enumerate(ps))
    return m, sum((k - m) ** 2 * p for k, p in enumerate(ps))


def round_point(x, target_side, target_q, cdf_mp, sf_mp, support):
    """Round x to 6 significant digits when that keeps it in the open support
    and within a factor 2 of the intended tail probability; else keep x."""
    r = float("%.6g" % x)
    lo, hi = support
    if not (lo < M(r) < hi):
        return x
    val = cdf_mp(M(r)) if target_side == "lower" else sf_mp(M(r))
    if not (M(target_q) / 2 < val < M(target_q) * 2):
        return x
    return r


def continuous_case(family, par):
    dist = scipy_dist(family, par)
    label = case_label(family, par)
    mp.dps = WORK_DPS
    logpdf, cdf, sf, support = mp_continuous(family, par)
    case = {"family": family, "parameters": dict(par)}
    add_moments(case, family, par, dist)

    xs = []
    for side, q in POINT_TARGETS:
        x = float(dist.ppf(q) if side == "lower" else dist.isf(q))
        x = round_point(x, side, q, cdf, sf, support)
        if x not in xs:
            xs.append(x)
    points = []
    for x in xs:
        xm = M(x)
        if not (support[0] < xm < support[1]):
            continue  # end points of the support are not tested
        lp_m, c_m, s_m = logpdf(xm), cdf(xm), sf(xm)
        check_precision(family, par, "point", x, (lp_m, c_m, s_m))
        if abs(c_m + s_m - 1) > M(10) ** -40:
            raise RuntimeError("cdf + sf != 1 for %s at %r" % (label, x))
        if lp_m == -mpmath.inf:
            continue
        lp = choose("%s x=%r:logDensity" % (label, x), dist.logpdf(x), lp_m)
        c = choose("%s x=%r:cdf" % (label, x), dist.cdf(x), c_m)
        choose("%s x=%r:sf(not written)" % (label, x), dist.sf(x), s_m, check_only=True)
        points.append({"x": x, "logDensity": lp, "cdf": c, "tail": tail_of(float(c_m), float(s_m))})
    case["points"] = points

    quantiles = []
    for p in QUANTILE_PROBABILITIES:
        xs_ = float(dist.ppf(p))
        xq = mp_quantile(logpdf, cdf, sf, support, p, xs_)
        check_precision(family, par, "quantile", p, (xq,), x0=xs_)
        x = choose("%s p=%r:quantile" % (label, p), xs_, xq)
        quantiles.append({"p": p, "x": x, "tail": tail_of_p(p)})
    case["quantiles"] = quantiles
    return case


def check_precision(family, par, what, arg, values, x0=None):
    """Recompute at CHECK_DPS digits and make sure the WORK_DPS values agree to
    far better than double precision."""
    saved = mp.dps
    mp.dps = CHECK_DPS
    try:
        logpdf, cdf, sf, support = mp_continuous(family, par)
        if what == "point":
            xm = M(arg)
            ref = (logpdf(xm), cdf(xm), sf(xm))
        else:
            ref = (mp_quantile(logpdf, cdf, sf, support, arg, x0),)
        for a, b in zip(values, ref):
            if a == b or (a == -mpmath.inf and b == -mpmath.inf):
                continue
            if abs(a - b) > abs(b) * M(10) ** -30:
                raise RuntimeError("mpmath precision check failed: %s %s %r" % (family, what, arg))
    finally:
        mp.dps = saved


def discrete_case(family, par, ks):
    label = case_label(family, par)
    mp.dps = WORK_DPS
    case = {"family": family, "parameters": dict(par)}
    if family == "categorical":
        return categorical_case(par)
    dist = scipy_dist(family, par)
    logpmf, cdf, sf, _ = mp_discrete(family, par)
    add_moments(case, family, par, dist)
    points = []
    for k in ks:
        lp_m, c_m, s_m = logpmf(k), cdf(k), sf(k)
        if abs(c_m + s_m - 1) > M(10) ** -40:
            raise RuntimeError("cdf + sf != 1 for %s at %r" % (label, k))
        if lp_m == -mpmath.inf:
            continue
        lp = choose("%s k=%d:logDensity" % (label, k), dist.logpmf(k), lp_m)
        c = choose("%s k=%d:cdf" % (label, k), dist.cdf(k), c_m)
        points.append({"x": float(k), "logDensity": lp, "cdf": c,
                       "tail": tail_of(float(c_m), float(s_m))})
    case["points"] = points
    quantiles = []
    for p in QUANTILE_PROBABILITIES:
        ks_ = float(dist.ppf(p))
        km = mp_discrete_quantile(cdf, sf, p, ks_)
        # Flag near-ties: the answer would be fragile if cdf(k) or cdf(k-1) ~ p.
        for j in (km - 1, km):
            if j >= 0 and abs(cdf(j) - M(p)) < M(p) * M(10) ** -12:
                print("  NOTE near-tie: %s p=%r cdf(%d)=%s" % (label, p, j, mpmath.nstr(cdf(j), 20)))
        x = choose("%s p=%r:quantile" % (label, p), ks_, M(km))
        quantiles.append({"p": p, "x": float(x), "tail": tail_of_p(p)})
    case["quantiles"] = quantiles
    return case


def categorical_case(par):
    ps = par["probabilities"]
    K = len(ps)
    exact = [Fraction(p) for p in ps]  # exact binary values of the doubles
    total = sum(exact)
    if abs(float(total) - 1.0) > 1e-15:
        raise ValueError("categorical probabilities must sum to 1")
    cum = [sum(exact[: k + 1]) for k in range(K)]
    case = {"family": "categorical", "parameters": {"probabilities": list(ps)}}
    mean = sum(k * e for k, e in enumerate(exact)) / total
    var = sum((k - mean) ** 2 * e for k, e in enumerate(exact)) / total
    case["mean"] = float(mean)
    case["variance"] = float(var)
    points = []
    for k in range(K):
        c = cum[k] / total
        s = 1 - c
        points.append({"x": float(k), "logDensity": math.log(ps[k]), "cdf": float(c),
                       "tail": tail_of(float(c), float(s))})
    case["points"] = points
    quantiles = []
    for p in QUANTILE_PROBABILITIES:
        pf = Fraction(p)
        k = next(j for j in range(K) if cum[j] / total >= pf)
        quantiles.append({"p": p, "x": float(k), "tail": tail_of_p(p)})
    case["quantiles"] = quantiles
    return case


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = os.path.join(here, "distributions.json")
    cases = []
    for family, par in CONTINUOUS_CASES:
        cases.append(continuous_case(family, par))
    for family, par, ks in DISCRETE_CASES:
        cases.append(discrete_case(family, par, ks))

    doc = {"generatedBy": "Tests/References/distributions.py",
           "scipy": scipy.__version__,
           "cases": cases}
    with open(out_path, "w") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")

    # Round-trip sanity check.
    with open(out_path) as f:
        back = json.load(f)
    assert back == doc

    n_points = sum(len(c["points"]) for c in cases)
    n_quant = sum(len(c["quantiles"]) for c in cases)
    print("scipy %s, mpmath %s, numpy %s" % (scipy.__version__, mpmath.__version__, np.__version__))
    print("wrote %s: %d cases, %d points, %d quantiles" % (out_path, len(cases), n_points, n_quant))
    print("max relative scipy-vs-mpmath discrepancy by quantity:")
    for kind, d in sorted(LOG["max_rel"].items()):
        print("  %-33s %.3g" % (kind, d))
    print("substitutions (scipy -> mpmath, rel. diff > %g): %d"
          % (SUBSTITUTION_RTOL, len(LOG["substitutions"])))
    for label, s, m, d in LOG["substitutions"]:
        print("  %s: scipy %r, mpmath %r (rel %.3g)" % (label, s, m, d))


if __name__ == "__main__":
    sys.exit(main())
