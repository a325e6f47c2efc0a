#!/usr/bin/env python3
"""Reference maximum-likelihood fits of one-column distribution families.

What this does
--------------
1. Simulates one data set per family with numpy's ``default_rng(SEED)`` (draws
   happen in the fixed order of ``FAMILIES`` below) and writes each one to
   ``Tests/References/fit/<family>.csv`` (header ``x``, one value per line,
   floats written with ``repr`` so they round-trip exactly, discrete data as
   integers).  The fits below use the values read back from those CSV files.
2. For every family it records
   * ``scipy``: scipy's own answer -- ``expon.fit(x, floc=0)`` (rate = 1/scale),
     ``norm.fit``, ``uniform.fit`` (a = loc, b = loc + scale), ``laplace.fit``,
     ``gamma.fit(x, floc=0)`` (rate = 1/scale), ``beta.fit(x, floc=0, fscale=1)``,
     ``lognorm.fit(x, floc=0)`` (sigma = s, mu = log(scale)), ``t.fit(x)``
     (nu = df, mu = loc, sigma = scale), ``weibull_min.fit(x, floc=0)`` (shape = c,
     scale = scale; its data is weibull.py's sample, not drawn here).  scipy has no ``fit`` for the discrete
     families, so there ``scipy`` is the closed form evaluated in numpy
     (bernoulli: mean, binomial: sum/(n*N), poisson: mean).
   * ``estimate``: the exact MLE.  Closed forms (bernoulli, binomial, poisson,
     exponential, uniform = (min, max), laplace = (median, mean |x - median|);
     the laplace sample size is odd so the median is unique) are evaluated in
     50-digit mpmath arithmetic.  Every other family is polished by a damped
     Newton iteration on the analytic score and Hessian (derived with sympy,
     evaluated with mpmath at 50 digits), started from scipy's fit and run until
     the relative Newton step is below 1e-35 -- far below the ~1e-13 asked for.
     The result is rounded to double precision.
   * ``standardError``: sqrt(diag(inverse(-H))) with H the analytic Hessian of
     the total log-likelihood at the MLE (observed information) in the reported
     parametrization (e.g. gamma shape & rate).  Exceptions: uniform has no
     standard errors (non-regular model, omitted); laplace ``mu`` uses the
     Fisher information, se(mu) = b/sqrt(n), and laplace ``b`` uses the observed
     information of b alone (which equals b/sqrt(n) as well).  For bernoulli,
     binomial, poisson and exponential the general method reproduces the closed
     forms sqrt(p(1-p)/n), sqrt(p(1-p)/(nN)), sqrt(lambda/n), rate/sqrt(n); this
     is asserted.
   * ``logLikelihood``: the maximized total log-likelihood, including all
     normalizing constants (e.g. log binomial coefficients, -log x! terms).
3. Writes ``Tests/References/fit/families.json`` and prints, per family, the
   maximum relative difference between scipy's fit and the polished MLE.

The script is deterministic.  Rerun from the repository root with

    python3 Tests/References/fit/families.py

(requires numpy, scipy, sympy, mpmath).
"""

import csv
import json
import math
import os

import mpmath
import numpy as np
import scipy
import scipy.stats as st
import sympy as sp

SEED = 20240611
TRIALS = 10  # binomial number of trials per row
mpmath.mp.dps = 50

HERE = os.path.dirname(os.path.abspath(__file__))
REL = "Tests/References/fit"

# ---------------------------------------------------------------------------
# Family definitions: simulation, parameter names, symbolic log-density.
# ---------------------------------------------------------------------------
X = sp.Symbol("x", real=True)


def logpdf_expr(family, th):
    x = X
    if family == "bernoulli":
        (p,) = th
        return x * sp.log(p) + (1 - x) * sp.log(1 - p)
    if family == "binomial":
        (p,) = th
        N = TRIALS
        return (sp.loggamma(N + 1) - sp.loggamma(x + 1) - sp.loggamma(N - x + 1)
                + x * sp.log(p) + (N - x) * sp.log(1 - p))
    if family == "poisson":
        (lam,) = th
        return x * sp.log(lam) - lam - sp.loggamma(x + 1)
    if family == "exponential":
        (rate,) = th
        return sp.log(rate) - rate * x
    if family == "gaussian":
        mu, sigma = th
        return -sp.log(sigma) - sp.log(2 * sp.pi) / 2 - (x - mu) ** 2 / (2 * sigma ** 2)
    if family == "uniform":
        a, b = th
        return -sp.log(b - a)
    if family == "laplace":
        mu, b = th
        return -sp.log(2 * b) - sp.Abs(x - mu) / b
    if family == "gamma":
        shape, rate = th
        return shape * sp.log(rate) - sp.loggamma(shape) + (shape - 1) * sp.log(x) - rate * x
    if family == "beta":
        al, be = th
        return (sp.loggamma(al + be) - sp.loggamma(al) - sp.loggamma(be)
                + (al - 1) * sp.log(x) + (be - 1) * sp.log(1 - x))
    if family == "lognormal":
        mu, sigma = th
        return (-sp.log(x) - sp.log(sigma) - sp.log(2 * sp.pi) / 2
                - (sp.log(x) - mu) ** 2 / (2 * sigma ** 2))
    if family == "weibull":
        k, lam = th
        return sp.log(k) - sp.log(lam) + (k - 1) * sp.log(x / lam) - (x / lam) ** k
    if family == "student-t":
        mu, sigma, nu = th
        z = (x - mu) / sigma
        return (sp.loggamma((nu + 1) / 2) - sp.loggamma(nu / 2) - sp.log(nu * sp.pi) / 2
                - sp.log(sigma) - (nu + 1) / 2 * sp.log(1 + z ** 2 / nu))
    raise ValueError(family)


# (family, n, simulator, parameter names, discrete?)
FAMILIES = [
    ("bernoulli", 150, lambda r, n: r.binomial(1, 0.3, n), ["p"], True),
    ("binomial", 80, lambda r, n: r.binomial(TRIALS, 0.35, n), ["p"], True),
    ("poisson", 120, lambda r, n: r.poisson(3.2, n), ["lambda"], True),
    ("exponential", 100, lambda r, n: r.exponential(1 / 1.7, n), ["rate"], False),
    ("gaussian", 90, lambda r, n: r.normal(10.0, 3.0, n), ["mu", "sigma"], False),
    ("uniform", 75, lambda r, n: r.uniform(2.0, 5.0, n), ["a", "b"], False),
    ("laplace", 101, lambda r, n: r.laplace(-1.0, 0.5, n), ["mu", "b"], False),
    ("gamma", 140, lambda r, n: r.gamma(2.5, 1 / 0.7, n), ["shape", "rate"], False),
    ("beta", 110, lambda r, n: r.beta(2.0, 5.0, n), ["alpha", "beta"], False),
    ("lognormal", 130, lambda r, n: r.lognormal(0.3, 0.8, n), ["mu", "sigma"], False),
    ("student-t", 200, lambda r, n: 1.0 + 2.0 * r.standard_t(4.0, n), ["mu", "sigma", "nu"], False),
    # no simulator: the sample of weibull.py (weibull.csv, 120 draws of Weibull(1.8, 3.0), seed 99),
    # so that no other family's draws move
    ("weibull", 120, None, ["shape", "scale"], False),
]

REAL_PARAMS = {"mu", "a"}  # unconstrained; all other parameters must stay positive


def symbols_for(names):
    out = []
    for nm in names:
        if nm in REAL_PARAMS or nm == "b":  # b: uniform upper bound / laplace scale
            out.append(sp.Symbol(nm + "_", real=True))
        else:
            out.append(sp.Symbol(nm + "_", positive=True))
    return out


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------
def write_and_read(family, values, discrete):
    path = os.path.join(HERE, family + ".csv")
    with open(path, "w", newline="") as f:
        f.write("x\n")
        for v in values:
            f.write((str(int(v)) if discrete else repr(float(v))) + "\n")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    back = [int(r["x"]) if discrete else float(r["x"]) for r in rows]
    assert len(back) == len(values)
    assert all((b == v) for b, v in zip(back, values))
    return back


# ---------------------------------------------------------------------------
# scipy fits (reported parametrization)
# ---------------------------------------------------------------------------
def scipy_fit(family, x):
    x = np.asarray(x, dtype=float)
    n = len(x)
    if family == "bernoulli":
        return [float(np.mean(x))]
    if family == "binomial":
        return [float(np.sum(x) / (n * TRIALS))]
    if family == "poisson":
        return [float(np.mean(x))]
    if family == "exponential":
        loc, scale = st.expon.fit(x, floc=0)
        return [1.0 / scale]
    if family == "gaussian":
        loc, scale = st.norm.fit(x)
        return [loc, scale]
    if family == "uniform":
        loc, scale = st.uniform.fit(x)
        return [loc, loc + scale]
    if family == "laplace":
        loc, scale = st.laplace.fit(x)
        return [loc, scale]
    if family == "gamma":
        a, loc, scale = st.gamma.fit(x, floc=0)
        return [a, 1.0 / scale]
    if family == "beta":
        a, b, loc, scale = st.beta.fit(x, floc=0, fscale=1)
        return [a, b]
    if family == "lognormal":
        s, loc, scale = st.lognorm.fit(x, floc=0)
        return [math.log(scale), s]
    if family == "student-t":
        df, loc, scale = st.t.fit(x)
        return [loc, scale, df]
    if family == "weibull":
        c, loc, scale = st.weibull_min.fit(x, floc=0)
        return [c, scale]
    raise ValueError(family)


# ---------------------------------------------------------------------------
# Exact MLE (mpmath)
# ---------------------------------------------------------------------------
def mp_sum(terms):
    return mpmath.fsum(terms)


class Model:
    """Total log-likelihood, score and Hessian from sympy, evaluated in mpmath."""

    def __init__(self, family, names, xs, hess_idx):
        self.th = symbols_for(names)
        expr = logpdf_expr(family, self.th)
        self.xs = [mpmath.mpf(v) for v in xs]
        self.hess_idx = hess_idx
        args = [X] + self.th
        self.f = sp.lambdify(args, expr, modules="mpmath")
        hs = [self.th[i] for i in hess_idx]
        self.g = [sp.lambdify(args, sp.diff(expr, t), modules="mpmath") for t in hs]
        self.h = [[sp.lambdify(args, sp.diff(expr, s, t), modules="mpmath") for t in hs] for s in hs]

    def loglik(self, th):
        return mp_sum(self.f(x, *th) for x in self.xs)

    def score(self, th):
        return mpmath.matrix([mp_sum(gi(x, *th) for x in self.xs) for gi in self.g])

    def hessian(self, th):
        k = len(self.g)
        H = mpmath.matrix(k, k)
        for i in range(k):
            for j in range(k):
                H[i, j] = mp_sum(self.h[i][j](x, *th) for x in self.xs)
        return H


def newton(model, start, positive, tol=mpmath.mpf("1e-35"), maxit=200):
    th = [mpmath.mpf(v) for v in start]
    ll = model.loglik(th)
    for it in range(maxit):
        g = model.score(th)
        H = model.hessian(th)
        step = -(mpmath.lu_solve(H, g))
        t = mpmath.mpf(1)
        while True:
            cand = [th[i] + t * step[i] for i in range(len(th))]
            if all(c > 0 for c, pos in zip(cand, positive) if pos):
                llc = model.loglik(cand)
                if llc >= ll - mpmath.mpf("1e-40") * abs(ll):
                    break
            t /= 2
            if t < mpmath.mpf("1e-20"):
                raise RuntimeError("line search failed")
        rel = max(abs(t * step[i]) / max(abs(cand[i]), mpmath.mpf(1e-300)) for i in range(len(th)))
        th, ll = cand, llc
        if rel < tol:
            return th, it + 1
    raise RuntimeError("Newton did not converge")


def closed_form(family, xs):
    xm = [mpmath.mpf(v) for v in xs]
    n = len(xm)
    if family in ("bernoulli", "poisson"):
        return [mp_sum(xm) / n]
    if family == "binomial":
        return [mp_sum(xm) / (n * TRIALS)]
    if family == "exponential":
        return [n / mp_sum(xm)]
    if family == "uniform":
        return [min(xm), max(xm)]
    if family == "laplace":
        assert n % 2 == 1
        med = sorted(xm)[n // 2]
        return [med, mp_sum(abs(v - med) for v in xm) / n]
    return None


def fit_family(family, names, xs):
    n = len(xs)
    scipy_est = scipy_fit(family, xs)
    k = len(names)
    if family == "uniform":
        hess_idx = []
    elif family == "laplace":
        hess_idx = [1]  # observed information of b only
    else:
        hess_idx = list(range(k))
    model = Model(family, names, xs, hess_idx)
    positive = [not (nm in REAL_PARAMS) for nm in names]
    if family == "uniform":
        positive = [False, False]

    est = closed_form(family, xs)
    iterations = 0
    if est is None:
        est, iterations = newton(model, scipy_est, positive)
    ll = model.loglik(est)

    ses = [None] * k
    if hess_idx:
        g = model.score(est)
        gmax = max(abs(v) for v in g)
        H = model.hessian(est)
        negH = -H
        # negative definite check via Cholesky of -H
        mpmath.cholesky(negH)
        cov = mpmath.inverse(negH)
        for a, i in enumerate(hess_idx):
            ses[i] = mpmath.sqrt(cov[a, a])
        if family != "laplace":
            assert gmax < mpmath.mpf("1e-25") * max(1, abs(ll)), (family, gmax)
    if family == "laplace":
        ses[0] = est[1] / mpmath.sqrt(n)
        assert abs(ses[1] - est[1] / mpmath.sqrt(n)) < mpmath.mpf("1e-40")

    # closed-form cross-checks for the simple families
    N = TRIALS
    checks = {
        "bernoulli": lambda e: mpmath.sqrt(e[0] * (1 - e[0]) / n),
        "binomial": lambda e: mpmath.sqrt(e[0] * (1 - e[0]) / (n * N)),
        "poisson": lambda e: mpmath.sqrt(e[0] / n),
        "exponential": lambda e: e[0] / mpmath.sqrt(n),
    }
    if family in checks:
        ref = checks[family](est)
        assert abs(ses[0] - ref) < mpmath.mpf("1e-40") * ref, family

    est_f = [float(v) for v in est]
    reldiff = max(abs(s - e) / abs(e) for s, e in zip(scipy_est, est_f))
    params = []
    for i, nm in enumerate(names):
        p = {"name": nm, "estimate": est_f[i], "scipy": float(scipy_est[i])}
        if ses[i] is not None:
            p["standardError"] = float(ses[i])
        params.append(p)
    entry = {"family": family, "data": family + ".csv"}
    if family == "binomial":
        entry["trials"] = TRIALS
    entry["n"] = n
    entry["logLikelihood"] = float(ll)
    entry["parameters"] = params
    return entry, reldiff, iterations


def main():
    rng = np.random.default_rng(SEED)
    fits = []
    print(f"{'family':<12} {'n':>4} {'newton it':>9}  max rel diff scipy vs polished")
    for family, n, sim, names, discrete in FAMILIES:
        if sim is None:
            with open(os.path.join(HERE, family + ".csv"), newline="") as f:
                xs = [float(r["x"]) for r in csv.DictReader(f)]
            assert len(xs) == n
        else:
            values = sim(rng, n)
            values = [int(v) for v in values] if discrete else [float(v) for v in values]
            xs = write_and_read(family, values, discrete)
        entry, reldiff, its = fit_family(family, names, xs)
        fits.append(entry)
        print(f"{family:<12} {n:>4} {its:>9}  {reldiff:.3e}")
    out = {
        "generatedBy": REL + "/families.py",
        "scipy": scipy.__version__,
        "fits": fits,
    }
    with open(os.path.join(HERE, "families.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
