#!/usr/bin/env python3
"""Reference fits for the regression models (linear, logistic, Poisson, softmax).

What this does
--------------
1. Simulates five data sets with numpy ``default_rng`` (one fixed seed per data
   set, see ``SEEDS``) and writes them next to this script as CSV files with a
   header (features ``x1..xp`` then the target ``y``; floats written with
   ``repr`` so they round-trip exactly, targets of the discrete models as
   integers).  All fits below use the values read back from those files.

     linear.csv     n=60,  x1..x6 (equicorrelated, rho=0.3),
                    y = 1.5 + 2 x1 - x3 + 0.5 x6 + N(0, 1)
     logistic.csv   n=300, x1..x4 ~ N(0,1),
                    P(y=1) = expit(-0.4 + 1.0 x1 - 0.8 x2 + 0.5 x3)
     poisson.csv    n=200, x1..x3 ~ N(0,1), y ~ Poisson(exp(0.3 + 0.4 x1 - 0.3 x2 + 0.1 x3))
     softmax.csv    n=240, x1..x3 ~ N(0,1), y in {0,1,2}; class 0 has eta = 0,
                    eta1 = 0.3 + 0.8 x1 - 0.5 x2, eta2 = -0.2 - 0.4 x1 + 0.3 x2 + 0.6 x3
     separated.csv  n=40,  x1, x2 ~ N(0,1), y = 1 exactly when x2 > 0

2. Computes every reference fit ("parameters") with an exact method of its own
   in numpy/scipy, and separately runs the library named in ``libraryCall``
   ("library"), recording both.

   Conventions (the project's contract): the intercept is never penalized; MAP
   fits minimise, in sum form, ``-log L(w) + lambda * R(w)`` with
   R = 1/2 |w|^2 (gaussian), |w|_1 (laplace), a |w|_1 + (1-a)/2 |w|^2
   (elastic-net, "mix" a); w excludes the intercept.  For ``linear``
   -log L is taken as 1/2 RSS while fitting and sigma = sqrt(RSS/n) at the
   solution (reported as the last parameter).  softmax: class 0 is the
   reference (all-zero weights); parameters are "class1:intercept",
   "class1:x1", ..., "class2:intercept", ...; the prior penalizes every
   class's feature weights.  ``standardize``: features are scaled to unit
   population sd (divisor n) before fitting, lambda applies on that scale, and
   the weights are reported on the original scale (w_j / sd_j, intercept
   adjusted); the standardized-scale solution is recorded in "standardized".

   Exact methods:
   * linear flat / gaussian: closed form (least squares / ridge normal
     equations on centred data) with one step of iterative refinement.
   * linear laplace / elastic-net: cyclic coordinate descent, then the active
     set and signs are frozen and the (linear) stationarity equations solved
     exactly; the KKT conditions are then checked ("kkt").
   * logistic / Poisson / softmax, flat and gaussian: damped Newton's method on
     the exact objective with analytic gradient and Hessian, run until the step
     is at rounding level ("gradientMaxAbs" records the final gradient).
   * logistic / Poisson / softmax laplace / elastic-net: proximal Newton
     (coordinate-descent inner solver), then Newton on the active set with
     frozen signs; KKT checked ("kkt": max violation, the zero weights and the
     smallest slack lambda a - |dN/dw_j| over them).  The lambdas of the
     Poisson (50 laplace, 100 elastic-net a = 0.5) and softmax (6 laplace, 10
     elastic-net a = 0.5) fits are chosen so that one weight is exactly zero
     with a clear margin (slack > 0.15 lambda a).  The softmax ones are also
     re-solved by the smooth reformulation w = u - v, u, v >= 0 (scipy
     L-BFGS-B on statsmodels' MNLogit log-likelihood), polished by Newton on
     the active set it finds.
   Standard errors (MLE fits): sqrt(diag(inverse observed information)) at the
   estimate; linear uses sigma^2 = RSS/n, Cov(b, w) = sigma^2 (X'X)^-1 with
   the intercept column, se(sigma) = sigma / sqrt(2n).

   "logLikelihood" (MLE fits) is the full log-likelihood with all constants
   (Poisson includes -sum log y!; linear is the Gaussian log-likelihood at
   sigma = sqrt(RSS/n)).  "objective" (MAP fits) is the sum-form objective at
   the solution: linear 1/2 RSS + lambda R(w); logistic / softmax
   -log L + lambda R(w); Poisson -log L + lambda R(w) with -log L including
   +sum log y!.  For standardized fits R is evaluated on the standardized
   weights.

3. Writes ``regression.json`` next to this script and prints a table of the
   agreement between the exact answers and the libraries.

Rerun (deterministic) from the repository root with

    python3 Tests/References/regression/regression.py

Requires numpy, scipy, scikit-learn, statsmodels.
"""

import json
import math
import os
import warnings

import numpy as np
import scipy
import scipy.linalg as sla
import sklearn
import statsmodels
import statsmodels.api as sm
from scipy.optimize import minimize
from scipy.special import expit, gammaln, logsumexp
from sklearn.linear_model import (ElasticNet, Lasso, LinearRegression,
                                  LogisticRegression, PoissonRegressor, Ridge)
from statsmodels.tools.sm_exceptions import (PerfectSeparationError,
                                             PerfectSeparationWarning)

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = {"linear": 20240601, "logistic": 20240602, "poisson": 20240603,
         "softmax": 20240604, "separated": 20240605}


# --------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------

def write_csv(name, X, y, integer_target):
    p = X.shape[1]
    with open(os.path.join(HERE, name), "w") as f:
        f.write(",".join([f"x{j + 1}" for j in range(p)] + ["y"]) + "\n")
        for i in range(X.shape[0]):
            vals = [repr(float(v)) for v in X[i]]
            vals.append(str(int(y[i])) if integer_target else repr(float(y[i])))
            f.write(",".join(vals) + "\n")


def read_csv(name):
    with open(os.path.join(HERE, name)) as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(os.path.join(HERE, name), delimiter=",", skiprows=1)
    return header[:-1], data[:, :-1], data[:, -1]


def make_data():
    rng = np.random.default_rng(SEEDS["linear"])
    n, p = 60, 6
    R = np.full((p, p), 0.3) + 0.7 * np.eye(p)
    X = rng.standard_normal((n, p)) @ np.linalg.cholesky(R).T
    y = 1.5 + 2 * X[:, 0] - X[:, 2] + 0.5 * X[:, 5] + rng.standard_normal(n)
    write_csv("linear.csv", X, y, False)

    rng = np.random.default_rng(SEEDS["logistic"])
    n = 300
    X = rng.standard_normal((n, 4))
    eta = -0.4 + 1.0 * X[:, 0] - 0.8 * X[:, 1] + 0.5 * X[:, 2]
    y = (rng.random(n) < expit(eta)).astype(int)
    write_csv("logistic.csv", X, y, True)

    rng = np.random.default_rng(SEEDS["poisson"])
    n = 200
    X = rng.standard_normal((n, 3))
    y = rng.poisson(np.exp(0.3 + 0.4 * X[:, 0] - 0.3 * X[:, 1] + 0.1 * X[:, 2]))
    write_csv("poisson.csv", X, y, True)

    rng = np.random.default_rng(SEEDS["softmax"])
    n = 240
    X = rng.standard_normal((n, 3))
    eta = np.column_stack([np.zeros(n),
                           0.3 + 0.8 * X[:, 0] - 0.5 * X[:, 1],
                           -0.2 - 0.4 * X[:, 0] + 0.3 * X[:, 1] + 0.6 * X[:, 2]])
    P = np.exp(eta - logsumexp(eta, axis=1, keepdims=True))
    u = rng.random(n)
    y = (u[:, None] > np.cumsum(P, axis=1)[:, :-1]).sum(axis=1)
    write_csv("softmax.csv", X, y, True)

    rng = np.random.default_rng(SEEDS["separated"])
    n = 40
    X = rng.standard_normal((n, 2))
    y = (X[:, 1] > 0).astype(int)
    assert 0 < y.sum() < n and np.all(X[:, 1] != 0)
    write_csv("separated.csv", X, y, True)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def penalty(w, prior, mix):
    if prior == "gaussian":
        return 0.5 * float(w @ w)
    if prior == "laplace":
        return float(np.abs(w).sum())
    if prior == "elastic-net":
        return mix * float(np.abs(w).sum()) + 0.5 * (1 - mix) * float(w @ w)
    raise ValueError(prior)


def l1_l2(prior, mix):
    """(weight of |w|_1, weight of 1/2|w|^2) per unit lambda."""
    if prior == "gaussian":
        return 0.0, 1.0
    if prior == "laplace":
        return 1.0, 0.0
    return mix, 1.0 - mix


def params_list(names, est, se=None):
    out = []
    for k, nm in enumerate(names):
        d = {"name": nm, "estimate": float(est[k])}
        if se is not None:
            d["standardError"] = float(se[k])
        out.append(d)
    return out


def compare(exact, lib):
    """max |lib - exact| and max relative difference (zeros: absolute)."""
    exact = np.asarray(exact, float)
    lib = np.asarray(lib, float)
    d = np.abs(lib - exact)
    rel = np.where(exact != 0, d / np.where(exact != 0, np.abs(exact), 1), d)
    return float(d.max()), float(rel.max())


def newton(fun, grad, hess, x0, maxit=500):
    """Damped Newton on a smooth strictly convex objective, to rounding level."""
    x = np.array(x0, float)
    f = fun(x)
    small = 0
    for _ in range(maxit):
        g = grad(x)
        H = hess(x)
        step = sla.solve(H, g, assume_a="pos")
        t = 1.0
        while True:
            xn = x - t * step
            fn = fun(xn)
            # Armijo, or (near the optimum) a full step whose change in the
            # objective is at rounding level
            if fn <= f - 1e-4 * t * float(g @ step):
                break
            if t == 1.0 and abs(fn - f) <= 1e-13 * (1 + abs(f)):
                break
            if t < 1e-12:
                raise RuntimeError("line search failed")
            t *= 0.5
        x, f = xn, fn
        if np.max(np.abs(step)) <= 1e-15 * (1 + np.max(np.abs(x))):
            small += 1
            if small >= 3:
                break
        else:
            small = 0
    return x


def soft(u, t):
    return np.sign(u) * max(abs(u) - t, 0.0)


def standardize_design(X):
    mean = X.mean(axis=0)
    sd = X.std(axis=0)  # population sd, divisor n
    return (X - mean) / sd, mean, sd


def unstandardize(b_s, w_s, mean, sd):
    w = w_s / sd
    b = b_s - float(w @ mean)
    return b, w


# --------------------------------------------------------------------------
# linear
# --------------------------------------------------------------------------

def linear_flat(X, y):
    n = len(y)
    Xt = np.column_stack([np.ones(n), X])
    th = np.linalg.lstsq(Xt, y, rcond=None)[0]
    th = th + np.linalg.lstsq(Xt, y - Xt @ th, rcond=None)[0]  # refinement
    r = y - Xt @ th
    rss = float(r @ r)
    sigma2 = rss / n
    sigma = math.sqrt(sigma2)
    cov = sigma2 * np.linalg.inv(Xt.T @ Xt)
    se = np.r_[np.sqrt(np.diag(cov)), sigma / math.sqrt(2 * n)]
    ll = -0.5 * n * (math.log(2 * math.pi * sigma2) + 1)
    grad = Xt.T @ r
    return np.r_[th, sigma], se, ll, float(np.max(np.abs(grad)))


def linear_penalized(X, y, lam, prior, mix):
    """Exact minimiser of 1/2 RSS + lam R(w); returns b, w and KKT info."""
    n, p = X.shape
    c1, c2 = l1_l2(prior, mix)
    l1, l2 = lam * c1, lam * c2
    xm, ym = X.mean(axis=0), y.mean()
    Xc, yc = X - xm, y - ym
    G = Xc.T @ Xc
    c = Xc.T @ yc
    w = np.zeros(p)
    if l1 > 0:
        # cyclic coordinate descent (covariance updates)
        for sweep in range(1000000):
            wmax = 0.0
            for j in range(p):
                old = w[j]
                u = c[j] - G[j] @ w + G[j, j] * old
                w[j] = soft(u, l1) / (G[j, j] + l2)
                wmax = max(wmax, abs(w[j] - old))
            if wmax < 1e-15:
                break
    # exact solve on the active set with frozen signs
    A = np.nonzero(w)[0] if l1 > 0 else np.arange(p)
    s = np.sign(w[A]) if l1 > 0 else np.zeros(len(A))
    wA = np.zeros(len(A))
    if len(A):
        M = G[np.ix_(A, A)] + l2 * np.eye(len(A))
        rhs = c[A] - l1 * s
        wA = sla.solve(M, rhs, assume_a="pos")
        wA = wA + sla.solve(M, rhs - M @ wA, assume_a="pos")  # refinement
        if l1 > 0:
            assert np.all(np.sign(wA) == s), "sign change in active-set polish"
    w = np.zeros(p)
    w[A] = wA
    b = ym - float(xm @ w)
    r = y - b - X @ w
    # KKT: g = X_c'r - l2 w ; active: g = l1 sign(w); inactive |g| <= l1
    g = X.T @ r - l2 * w
    viol = [abs(float(r.sum()))]
    slack = math.inf
    for j in range(p):
        if w[j] != 0:
            viol.append(abs(g[j] - l1 * np.sign(w[j])))
        else:
            viol.append(max(0.0, abs(g[j]) - l1))
            slack = min(slack, l1 - abs(g[j]))
    kkt = {"maxViolation": float(max(viol)),
           "inactive": [f"x{j + 1}" for j in range(p) if w[j] == 0],
           "minInactiveSlack": (None if slack == math.inf else float(slack))}
    obj = 0.5 * float(r @ r) + lam * penalty(w, prior, mix)
    sigma = math.sqrt(float(r @ r) / n)
    return b, w, sigma, obj, kkt


# --------------------------------------------------------------------------
# GLMs: logistic and Poisson (design with leading intercept column)
# --------------------------------------------------------------------------

def glm_negll(model, Xt, y):
    if model == "logistic":
        def f(th):
            eta = Xt @ th
            return float(np.sum(np.logaddexp(0, eta) - y * eta))

        def g(th):
            return Xt.T @ (expit(Xt @ th) - y)

        def h(th):
            mu = expit(Xt @ th)
            return (Xt * (mu * (1 - mu))[:, None]).T @ Xt
    else:
        const = float(np.sum(gammaln(y + 1)))

        def f(th):
            eta = Xt @ th
            return float(np.sum(np.exp(eta) - y * eta)) + const

        def g(th):
            return Xt.T @ (np.exp(Xt @ th) - y)

        def h(th):
            mu = np.exp(Xt @ th)
            return (Xt * mu[:, None]).T @ Xt
    return f, g, h


def glm_fit(model, X, y, lam=0.0, prior="flat", mix=None):
    """Exact MLE / MAP for logistic or Poisson regression."""
    n, p = X.shape
    Xt = np.column_stack([np.ones(n), X])
    f, g, h = glm_negll(model, Xt, y)
    if prior == "flat":
        l1, l2 = 0.0, 0.0
    else:
        c1, c2 = l1_l2(prior, mix)
        l1, l2 = lam * c1, lam * c2
    D = np.r_[0.0, np.ones(p)]  # penalty mask: intercept unpenalized

    def fs(th):
        return f(th) + 0.5 * l2 * float((D * th) @ th)

    def gs(th):
        return g(th) + l2 * D * th

    def hs(th):
        return h(th) + l2 * np.diag(D)

    th0 = np.zeros(p + 1)
    ybar = y.mean()
    th0[0] = math.log(ybar / (1 - ybar)) if model == "logistic" else math.log(ybar)
    kkt = None
    if l1 == 0:
        th = newton(fs, gs, hs, th0)
    else:
        th, kkt = l1_fit(fs, gs, hs, l1, th0, np.r_[False, np.ones(p, bool)],
                         ["intercept"] + [f"x{j}" for j in range(1, p + 1)])
    obj = fs(th) + l1 * float(np.abs(th[1:]).sum())
    grad_max = float(np.max(np.abs(gs(th)))) if l1 == 0 else None
    se = None
    if prior == "flat":
        se = np.sqrt(np.diag(np.linalg.inv(h(th))))
    return th, se, obj, grad_max, kkt


def prox_newton(fs, gs, hs, l1, th0, pen, maxit=500):
    """Proximal Newton for fs(th) + l1 |th[pen]|_1 (coordinate-descent inner)."""
    th = th0.copy()
    m = len(th)

    def F(t):
        return fs(t) + l1 * float(np.abs(t[pen]).sum())

    for _ in range(maxit):
        g, H = gs(th), hs(th)
        z = th.copy()
        for sweep in range(100000):
            dmax = 0.0
            for j in range(m):
                q = g[j] + H[j] @ (z - th)
                old = z[j]
                u = old - q / H[j, j]
                z[j] = soft(u, l1 / H[j, j]) if pen[j] else u
                dmax = max(dmax, abs(z[j] - old))
            if dmax < 1e-16:
                break
        d = z - th
        if np.max(np.abs(d)) < 1e-15:
            break
        dec = float(g @ d) + l1 * (np.abs(z[pen]).sum() - np.abs(th[pen]).sum())
        t, F0 = 1.0, F(th)
        while F(th + t * d) > F0 + 0.25 * t * dec and t > 1e-10:
            t *= 0.5
        th = th + t * d
    return th


def l1_fit(fs, gs, hs, l1, th0, pen, names):
    """Exact minimiser of fs(th) + l1 |th[pen]|_1 (fs smooth, strictly convex).

    Proximal Newton, then Newton on the active set (unpenalized coordinates
    and the nonzero penalized ones) with the signs frozen; returns the
    solution and the KKT check: for penalized j, |dfs/dth_j + l1 sign(th_j)|
    when th_j != 0 and max(0, |dfs/dth_j| - l1) when th_j = 0; |dfs/dth_j| for
    the unpenalized ones.  "minInactiveSlack" is min over the zeros of
    l1 - |dfs/dth_j|."""
    m = len(th0)
    th = prox_newton(fs, gs, hs, l1, th0, pen)
    # polish on the active set with frozen signs
    act = ~pen | (th != 0)
    s = np.where(pen, np.sign(th), 0.0)[act]
    idx = np.nonzero(act)[0]

    def embed(z):
        full = np.zeros(m)
        full[idx] = z
        return full

    za = newton(lambda z: fs(embed(z)) + l1 * float(s @ z),
                lambda z: gs(embed(z))[idx] + l1 * s,
                lambda z: hs(embed(z))[np.ix_(idx, idx)], th[idx])
    assert np.all(np.sign(za)[s != 0] == s[s != 0]), "sign change in polish"
    th = embed(za)
    G = gs(th)
    viol = []
    slack = math.inf
    for j in range(m):
        if not pen[j]:
            viol.append(abs(G[j]))
        elif th[j] != 0:
            viol.append(abs(G[j] + l1 * np.sign(th[j])))
        else:
            viol.append(max(0.0, abs(G[j]) - l1))
            slack = min(slack, l1 - abs(G[j]))
    kkt = {"maxViolation": float(max(viol)),
           "inactive": [names[j] for j in range(m) if pen[j] and th[j] == 0],
           "minInactiveSlack": None if slack == math.inf else float(slack)}
    return th, kkt


# --------------------------------------------------------------------------
# softmax (reference class 0)
# --------------------------------------------------------------------------

def softmax_fns(X, y, K):
    n, p = X.shape
    Xt = np.column_stack([np.ones(n), X])
    q = p + 1
    Y = np.zeros((n, K))
    Y[np.arange(n), y.astype(int)] = 1

    def eta(th):
        return np.column_stack([np.zeros(n), Xt @ th.reshape(K - 1, q).T])

    def f(th):
        E = eta(th)
        return float(np.sum(logsumexp(E, axis=1) - np.sum(Y * E, axis=1)))

    def probs(th):
        E = eta(th)
        return np.exp(E - logsumexp(E, axis=1, keepdims=True))

    def g(th):
        P = probs(th)
        return ((P - Y)[:, 1:].T @ Xt).ravel()

    def h(th):
        P = probs(th)[:, 1:]
        H = np.zeros(((K - 1) * q, (K - 1) * q))
        for k in range(K - 1):
            for l in range(K - 1):
                wgt = P[:, k] * ((k == l) - P[:, l])
                H[k * q:(k + 1) * q, l * q:(l + 1) * q] = (Xt * wgt[:, None]).T @ Xt
        return H
    return f, g, h, q


def softmax_fit(X, y, lam=0.0, prior="gaussian", mix=None):
    """Exact MLE (lam = 0) / MAP for softmax regression (reference class 0)."""
    K = int(y.max()) + 1
    f, g, h, q = softmax_fns(X, y, K)
    D = np.tile(np.r_[0.0, np.ones(q - 1)], K - 1)
    c1, c2 = l1_l2(prior, mix)
    l1, l2 = lam * c1, lam * c2

    def fs(th):
        return f(th) + 0.5 * l2 * float((D * th) @ th)

    def gs(th):
        return g(th) + l2 * D * th

    def hs(th):
        return h(th) + l2 * np.diag(D)

    kkt = None
    if l1 == 0:
        th = newton(fs, gs, hs, np.zeros((K - 1) * q))
    else:
        names = [f"class{k}:" + ("intercept" if j == 0 else f"x{j}")
                 for k in range(1, K) for j in range(q)]
        th, kkt = l1_fit(fs, gs, hs, l1, np.zeros((K - 1) * q), D != 0, names)
    se = np.sqrt(np.diag(np.linalg.inv(h(th)))) if lam == 0 else None
    obj = fs(th) + l1 * float(np.abs(th[D != 0]).sum())
    gmax = float(np.max(np.abs(gs(th)))) if l1 == 0 else None
    return th, se, obj, gmax, K, kkt


def softmax_smooth_check(mod, l1, l2, pen):
    """Independent MAP fit for softmax: minimise -mod.loglike(t) + l1 |t[pen]|_1
    + l2/2 |t[pen]|^2 through t[pen] = u - v, u, v >= 0 (smooth, bound
    constrained) with L-BFGS-B, then Newton with statsmodels' score / hessian on
    the active set L-BFGS-B found, its signs frozen.  Returns (raw, polished)."""
    m = len(pen)
    k = int(pen.sum())
    D = pen.astype(float)

    def split(z):
        t = z[:m].copy()
        t[pen] = z[m:m + k] - z[m + k:]
        return t

    def fun(z):
        t = split(z)
        return -mod.loglike(t) + l1 * z[m:].sum() + 0.5 * l2 * float(t[pen] @ t[pen])

    def jac(z):
        t = split(z)
        gr = -mod.score(t) + l2 * D * t
        return np.r_[np.where(pen, 0.0, gr), gr[pen] + l1, -gr[pen] + l1]

    bounds = [(0, 0) if pen[j] else (None, None) for j in range(m)] + [(0, None)] * (2 * k)
    opt = minimize(fun, np.zeros(m + 2 * k), jac=jac, method="L-BFGS-B", bounds=bounds,
                   options={"ftol": 0, "gtol": 0, "maxiter": 100000, "maxcor": 50})
    raw = split(opt.x)
    s = np.where(pen, np.sign(np.where(np.abs(raw) > 1e-6, raw, 0.0)), 0.0)
    idx = np.nonzero(~pen | (s != 0))[0]
    sa = s[idx]

    def embed(z):
        full = np.zeros(m)
        full[idx] = z
        return full

    za = newton(lambda z: -mod.loglike(embed(z)) + 0.5 * l2 * float((D * embed(z)) @ embed(z))
                + l1 * float(sa @ z),
                lambda z: (-mod.score(embed(z)) + l2 * D * embed(z))[idx] + l1 * sa,
                lambda z: (-mod.hessian(embed(z)) + l2 * np.diag(D))[np.ix_(idx, idx)],
                raw[idx])
    return raw, embed(za)


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main():
    make_data()
    fits = []
    table = []

    def record(entry, exact_est, lib_est, extra_checks=None):
        entry_cmp = compare(exact_est, lib_est)
        entry["library"]["maxAbsDifference"] = entry_cmp[0]
        entry["library"]["maxRelDifference"] = entry_cmp[1]
        table.append((entry["id"], entry.get("libraryLabel",
                      entry["libraryCall"].split("(")[0]), entry_cmp[0], entry_cmp[1]))
        for name, est in (extra_checks or []):
            c = compare(exact_est, est)
            table.append((entry["id"], name, c[0], c[1]))
        fits.append(entry)

    # ---------------- linear ----------------
    names, X, y = read_csv("linear.csv")
    n, p = X.shape
    est, se, ll, gmax = linear_flat(X, y)
    lr = LinearRegression().fit(X, y)
    r = y - lr.predict(X)
    lib_sigma = math.sqrt(float(r @ r) / n)
    ols = sm.OLS(y, sm.add_constant(X)).fit()
    ols_se = np.sqrt(np.diag(ols.cov_params(scale=ols.ssr / n)))
    lib_est = np.r_[lr.intercept_, lr.coef_, lib_sigma]
    lib_se = np.r_[ols_se, lib_sigma / math.sqrt(2 * n)]
    pn = ["intercept"] + names + ["sigma"]
    entry = {"id": "linear-flat", "data": "linear.csv", "target": "y",
             "model": "linear", "prior": "flat", "standardize": False, "n": n,
             "logLikelihood": ll, "parameters": params_list(pn, est, se),
             "gradientMaxAbs": gmax,
             "library": {"parameters": params_list(pn, lib_est, lib_se),
                         "logLikelihood": float(ols.llf),
                         "note": "estimates from LinearRegression; standard errors "
                                 "from statsmodels OLS cov_params(scale=ssr/n); "
                                 "logLikelihood is statsmodels OLS llf"},
             "libraryCall": "LinearRegression().fit(X, y); "
                            "sm.OLS(y, sm.add_constant(X)).fit().cov_params(scale=ssr/n)"}
    record(entry, np.r_[est, se], np.r_[lib_est, lib_se],
           [("statsmodels OLS params", np.r_[ols.params, est[-1], se])])
    table.append(("linear-flat", "logLikelihood vs OLS.llf", abs(ll - ols.llf),
                  abs(ll - ols.llf) / abs(ll)))

    lin_specs = [
        ("linear-gaussian", "gaussian", 3.0, None, False,
         lambda: Ridge(alpha=3.0, tol=1e-14), "Ridge(alpha=3.0, tol=1e-14)"),
        ("linear-laplace", "laplace", n * 0.05, None, False,
         lambda: Lasso(alpha=0.05, tol=1e-14, max_iter=10**7),
         "Lasso(alpha=0.05, tol=1e-14, max_iter=10**7)"),
        ("linear-elastic-net", "elastic-net", n * 0.05, 0.5, False,
         lambda: ElasticNet(alpha=0.05, l1_ratio=0.5, tol=1e-14, max_iter=10**7),
         "ElasticNet(alpha=0.05, l1_ratio=0.5, tol=1e-14, max_iter=10**7)"),
        ("linear-gaussian-standardized", "gaussian", 3.0, None, True,
         lambda: Ridge(alpha=3.0, tol=1e-14), "Ridge(alpha=3.0, tol=1e-14)"),
        ("linear-laplace-standardized", "laplace", n * 0.05, None, True,
         lambda: Lasso(alpha=0.05, tol=1e-14, max_iter=10**7),
         "Lasso(alpha=0.05, tol=1e-14, max_iter=10**7)"),
    ]
    for fid, prior, lam, mix, stdz, mk, call in lin_specs:
        Xf = X
        if stdz:
            Xf, mean, sd = standardize_design(X)
        b, w, sigma, obj, kkt = linear_penalized(Xf, y, lam, prior, mix)
        m = mk().fit(Xf, y)
        lb, lw = float(m.intercept_), m.coef_.copy()
        entry = {"id": fid, "data": "linear.csv", "target": "y", "model": "linear",
                 "prior": prior, "lambda": lam}
        if mix is not None:
            entry["mix"] = mix
        entry.update({"standardize": stdz, "n": n, "objective": obj})
        r_lib = y - lb - Xf @ lw
        lib_sigma = math.sqrt(float(r_lib @ r_lib) / n)
        lib_obj = 0.5 * float(r_lib @ r_lib) + lam * penalty(lw, prior, mix)
        if stdz:
            entry["standardized"] = {
                "means": [float(v) for v in mean], "sds": [float(v) for v in sd],
                "parameters": params_list(pn, np.r_[b, w, sigma])}
            b, w = unstandardize(b, w, mean, sd)
            lb, lw = unstandardize(lb, lw, mean, sd)
            call = ("Xs = (X - X.mean(0)) / X.std(0); " + call +
                    ".fit(Xs, y), weights mapped back to the original scale")
        else:
            call = call + ".fit(X, y)"
        est = np.r_[b, w, sigma]
        lib_est = np.r_[lb, lw, lib_sigma]
        entry["parameters"] = params_list(pn, est)
        if kkt is not None and prior != "gaussian":
            entry["kkt"] = kkt
        else:
            entry["gradientMaxAbs"] = kkt["maxViolation"]
        entry["library"] = {"parameters": params_list(pn, lib_est),
                            "objective": lib_obj}
        entry["libraryCall"] = call
        entry["libraryLabel"] = call.split("; ")[-1].split("(")[0]
        record(entry, est, lib_est)
        del entry["libraryLabel"]

    # ---------------- logistic ----------------
    names, X, y = read_csv("logistic.csv")
    n, p = X.shape
    pn = ["intercept"] + names
    th, se, obj, gmax, _ = glm_fit("logistic", X, y)
    res = sm.Logit(y, sm.add_constant(X)).fit(disp=0, method="newton", maxiter=100, tol=1e-14)
    entry = {"id": "logistic-flat", "data": "logistic.csv", "target": "y",
             "model": "logistic", "prior": "flat", "standardize": False, "n": n,
             "logLikelihood": -obj, "parameters": params_list(pn, th, se),
             "gradientMaxAbs": gmax,
             "library": {"parameters": params_list(pn, res.params, res.bse),
                         "logLikelihood": float(res.llf)},
             "libraryCall": "sm.Logit(y, sm.add_constant(X)).fit(method='newton', "
                            "maxiter=100, tol=1e-14, disp=0)"}
    record(entry, np.r_[th, se], np.r_[res.params, res.bse])

    # gaussian L=2
    lam = 2.0
    th, _, obj, gmax, _ = glm_fit("logistic", X, y, lam, "gaussian")
    m = LogisticRegression(C=1 / lam, tol=1e-12, max_iter=10**5).fit(X, y)
    lib = np.r_[m.intercept_, m.coef_.ravel()]
    # does lbfgs penalize the intercept?  compare with the fit that does.
    Xt = np.column_stack([np.ones(n), X])
    f, g, h = glm_negll("logistic", Xt, y)
    th_pen_int = newton(lambda t: f(t) + 0.5 * lam * t @ t, lambda t: g(t) + lam * t,
                        lambda t: h(t) + lam * np.eye(p + 1), np.zeros(p + 1))
    lib_obj = f(lib) + lam * penalty(lib[1:], "gaussian", None)
    entry = {"id": "logistic-gaussian", "data": "logistic.csv", "target": "y",
             "model": "logistic", "prior": "gaussian", "lambda": lam,
             "standardize": False, "n": n, "objective": obj,
             "parameters": params_list(pn, th), "gradientMaxAbs": gmax,
             "library": {"parameters": params_list(pn, lib), "objective": lib_obj,
                         "interceptPenalized": bool(np.max(np.abs(lib - th_pen_int))
                                                    < np.max(np.abs(lib - th))),
                         "maxAbsDifferenceFromInterceptPenalizedFit":
                             float(np.max(np.abs(lib - th_pen_int)))},
             "libraryCall": "LogisticRegression(C=0.5, tol=1e-12, max_iter=10**5).fit(X, y)"}
    mc = LogisticRegression(C=1 / lam, solver="newton-cholesky", tol=1e-14,
                            max_iter=10**5).fit(X, y)
    lib_c = np.r_[mc.intercept_, mc.coef_.ravel()]
    entry["otherChecks"] = {
        "newtonCholeskyCall": "LogisticRegression(C=0.5, solver='newton-cholesky', "
                              "tol=1e-14, max_iter=10**5).fit(X, y)",
        "newtonCholesky": params_list(pn, lib_c),
        "note": "lbfgs stops on a gradient tolerance, so its answer is only good to "
                "~1e-7 relative; newton-cholesky agrees with the exact fit to rounding"}
    record(entry, th, lib, [("LogisticRegression newton-cholesky", lib_c)])

    for fid, prior, mix in (("logistic-laplace", "laplace", None),
                            ("logistic-elastic-net", "elastic-net", 0.5)):
        lam = 4.0
        th, _, obj, _, kkt = glm_fit("logistic", X, y, lam, prior, mix)
        l1r = 1.0 if prior == "laplace" else mix
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = LogisticRegression(C=1 / lam, l1_ratio=l1r, solver="saga", tol=1e-14,
                                   max_iter=10**6, random_state=0).fit(X, y)
        lib = np.r_[m.intercept_, m.coef_.ravel()]
        lib_obj = f(lib) + lam * penalty(lib[1:], prior, mix)
        call = (f"LogisticRegression(C=0.25, l1_ratio={l1r}, solver='saga', "
                "tol=1e-14, max_iter=10**6, random_state=0).fit(X, y)")
        # statsmodels cross-checks (intercept weight 0)
        extra = []
        other = {}
        if prior == "laplace":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rr = sm.Logit(y, Xt).fit_regularized(
                    method="l1", alpha=np.r_[0.0, np.full(p, lam)], disp=0,
                    acc=1e-14, maxiter=10000, trim_mode="off")
            other["statsmodelsCall"] = ("sm.Logit(y, sm.add_constant(X)).fit_regularized("
                                        "method='l1', alpha=[0, 4, 4, 4, 4], acc=1e-14, "
                                        "maxiter=10000, trim_mode='off')")
            other["statsmodels"] = params_list(pn, rr.params)
            extra.append(("statsmodels Logit.fit_regularized(l1)", rr.params))
            # liblinear penalizes the intercept: recorded only as a note
            ml = LogisticRegression(C=1 / lam, l1_ratio=1.0, solver="liblinear",
                                    tol=1e-12, max_iter=10**5, random_state=0).fit(X, y)
            other["liblinearNote"] = ("liblinear penalizes the intercept, so "
                                      "LogisticRegression(C=0.25, l1_ratio=1.0, "
                                      "solver='liblinear') solves a different problem")
            other["liblinear"] = params_list(pn, np.r_[ml.intercept_, ml.coef_.ravel()])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rg = sm.GLM(y, Xt, family=sm.families.Binomial()).fit_regularized(
                method="elastic_net", alpha=np.r_[0.0, np.full(p, lam / n)],
                L1_wt=l1r, cnvrg_tol=1e-15, maxiter=100000)
        other["statsmodelsGLMCall"] = (
            "sm.GLM(y, sm.add_constant(X), family=Binomial()).fit_regularized("
            f"method='elastic_net', alpha=[0]+[4/n]*4, L1_wt={l1r}, "
            "cnvrg_tol=1e-15, maxiter=100000)")
        other["statsmodelsGLM"] = params_list(pn, rg.params)
        extra.append(("statsmodels GLM.fit_regularized(elastic_net)", rg.params))
        entry = {"id": fid, "data": "logistic.csv", "target": "y",
                 "model": "logistic", "prior": prior, "lambda": lam}
        if mix is not None:
            entry["mix"] = mix
        entry.update({"standardize": False, "n": n, "objective": obj,
                      "parameters": params_list(pn, th), "kkt": kkt,
                      "library": {"parameters": params_list(pn, lib),
                                  "objective": lib_obj},
                      "libraryCall": call, "otherChecks": other})
        record(entry, th, lib, extra)

    # ---------------- poisson ----------------
    names, X, y = read_csv("poisson.csv")
    n, p = X.shape
    pn = ["intercept"] + names
    Xt = np.column_stack([np.ones(n), X])
    th, se, obj, gmax, _ = glm_fit("poisson", X, y)
    res = sm.GLM(y, Xt, family=sm.families.Poisson()).fit(tol=1e-14, maxiter=1000)
    entry = {"id": "poisson-regression-flat", "data": "poisson.csv", "target": "y",
             "model": "poisson-regression", "prior": "flat", "standardize": False,
             "n": n, "logLikelihood": -obj, "parameters": params_list(pn, th, se),
             "gradientMaxAbs": gmax,
             "library": {"parameters": params_list(pn, res.params, res.bse),
                         "logLikelihood": float(res.llf)},
             "libraryCall": "sm.GLM(y, sm.add_constant(X), family=sm.families.Poisson())"
                            ".fit(tol=1e-14, maxiter=1000)"}
    record(entry, np.r_[th, se], np.r_[res.params, res.bse])
    table.append(("poisson-regression-flat", "logLikelihood vs GLM.llf",
                  abs(-obj - res.llf), abs(-obj - res.llf) / abs(obj)))

    lam = n * 0.01
    th, _, obj, gmax, _ = glm_fit("poisson", X, y, lam, "gaussian")
    m = PoissonRegressor(alpha=0.01, tol=1e-12, max_iter=10**5).fit(X, y)
    lib = np.r_[m.intercept_, m.coef_]
    mc = PoissonRegressor(alpha=0.01, solver="newton-cholesky", tol=1e-14,
                          max_iter=10**5).fit(X, y)
    lib_c = np.r_[mc.intercept_, mc.coef_]
    f, g, h = glm_negll("poisson", Xt, y)
    entry = {"id": "poisson-regression-gaussian", "data": "poisson.csv", "target": "y",
             "model": "poisson-regression", "prior": "gaussian", "lambda": lam,
             "standardize": False, "n": n, "objective": obj,
             "parameters": params_list(pn, th), "gradientMaxAbs": gmax,
             "library": {"parameters": params_list(pn, lib),
                         "objective": f(lib) + lam * penalty(lib[1:], "gaussian", None)},
             "libraryCall": "PoissonRegressor(alpha=0.01, tol=1e-12, max_iter=10**5).fit(X, y)",
             "otherChecks": {
                 "newtonCholeskyCall": "PoissonRegressor(alpha=0.01, solver='newton-cholesky', "
                                       "tol=1e-14, max_iter=10**5).fit(X, y)",
                 "newtonCholesky": params_list(pn, lib_c)}}
    record(entry, th, lib, [("PoissonRegressor newton-cholesky", lib_c)])

    for fid, prior, lam, mix in (("poisson-regression-laplace", "laplace", 50.0, None),
                                 ("poisson-regression-elastic-net", "elastic-net", 100.0,
                                  0.5)):
        th, _, obj, _, kkt = glm_fit("poisson", X, y, lam, prior, mix)
        l1r = 1.0 if prior == "laplace" else mix
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rg = sm.GLM(y, Xt, family=sm.families.Poisson()).fit_regularized(
                method="elastic_net", alpha=np.r_[0.0, np.full(p, lam / n)],
                L1_wt=l1r, cnvrg_tol=1e-15, maxiter=100000)
        lib = np.asarray(rg.params)
        call = ("sm.GLM(y, sm.add_constant(X), family=sm.families.Poisson())"
                f".fit_regularized(method='elastic_net', alpha=[0]+[{lam:g}/n]*{p}, "
                f"L1_wt={l1r}, cnvrg_tol=1e-15, maxiter=100000)")
        other = {"note": "statsmodels' elastic_net minimises -llf/n + alpha*((1-L1_wt)/2 "
                         "|w|^2 + L1_wt |w|_1) (refit=False), i.e. our sum-form "
                         "objective / n with alpha = lambda/n; alpha is a vector with 0 "
                         "for the constant because a scalar alpha penalizes it too"}
        extra = []
        if prior == "laplace":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rr = sm.Poisson(y, Xt).fit_regularized(
                    method="l1", alpha=np.r_[0.0, np.full(p, lam)], disp=0,
                    acc=1e-14, maxiter=10000, trim_mode="off")
            other["statsmodelsL1Call"] = (
                "sm.Poisson(y, sm.add_constant(X)).fit_regularized(method='l1', "
                f"alpha=[0]+[{lam:g}]*{p}, acc=1e-14, maxiter=10000, trim_mode='off')")
            other["statsmodelsL1"] = params_list(pn, rr.params)
            extra.append(("statsmodels Poisson.fit_regularized(l1)", rr.params))
        entry = {"id": fid, "data": "poisson.csv", "target": "y",
                 "model": "poisson-regression", "prior": prior, "lambda": lam}
        if mix is not None:
            entry["mix"] = mix
        entry.update({"standardize": False, "n": n, "objective": obj,
                      "parameters": params_list(pn, th), "kkt": kkt,
                      "library": {"parameters": params_list(pn, lib),
                                  "objective": f(lib) + lam * penalty(lib[1:], prior, mix)},
                      "libraryCall": call, "otherChecks": other})
        record(entry, th, lib, extra)

    # ---------------- softmax ----------------
    names, X, y = read_csv("softmax.csv")
    n, p = X.shape
    th, se, obj, gmax, K, _ = softmax_fit(X, y)
    pn = [f"class{k}:{nm}" for k in range(1, K) for nm in ["intercept"] + names]
    res = sm.MNLogit(y, sm.add_constant(X)).fit(disp=0, method="newton", maxiter=100,
                                                tol=1e-14)
    # statsmodels params: (p+1) x (K-1), column k-1 = class k -> flatten column-wise
    sm_est = np.asarray(res.params).T.ravel()
    sm_se = np.asarray(res.bse).T.ravel()
    entry = {"id": "softmax-flat", "data": "softmax.csv", "target": "y",
             "model": "softmax", "prior": "flat", "standardize": False, "n": n,
             "logLikelihood": -obj, "parameters": params_list(pn, th, se),
             "gradientMaxAbs": gmax,
             "library": {"parameters": params_list(pn, sm_est, sm_se),
                         "logLikelihood": float(res.llf),
                         "note": "statsmodels params/bse are (p+1) x (K-1) with column "
                                 "k-1 = class k; mapped to class1:..., class2:..."},
             "libraryCall": "sm.MNLogit(y, sm.add_constant(X)).fit(method='newton', "
                            "maxiter=100, tol=1e-14, disp=0)"}
    record(entry, np.r_[th, se], np.r_[sm_est, sm_se])

    lam = 1.5
    th, _, obj, gmax, K, _ = softmax_fit(X, y, lam)
    # cross-check: statsmodels' own MNLogit loglike/score/hessian + ridge term,
    # minimised by scipy trust-exact.  statsmodels flattens params column-wise,
    # i.e. in our class1:..., class2:... order.
    mod = sm.MNLogit(y, sm.add_constant(X))
    q = p + 1
    D = np.tile(np.r_[0.0, np.ones(q - 1)], K - 1)
    opt = minimize(lambda t: -mod.loglike(t) + 0.5 * lam * (D * t) @ t,
                   np.zeros((K - 1) * q), method="trust-exact",
                   jac=lambda t: -mod.score(t) + lam * D * t,
                   hess=lambda t: -mod.hessian(t) + lam * np.diag(D),
                   options={"gtol": 1e-13, "maxiter": 1000})
    entry = {"id": "softmax-gaussian", "data": "softmax.csv", "target": "y",
             "model": "softmax", "prior": "gaussian", "lambda": lam,
             "standardize": False, "n": n, "objective": obj,
             "parameters": params_list(pn, th), "gradientMaxAbs": gmax,
             "library": {"parameters": params_list(pn, opt.x), "objective": float(opt.fun)},
             "libraryCall": "scipy.optimize.minimize(lambda t: -m.loglike(t) + 0.5*1.5*|w|^2, "
                            "0, method='trust-exact', jac=-m.score + 1.5*w, "
                            "hess=-m.hessian + 1.5*D, options={'gtol': 1e-13}) with "
                            "m = sm.MNLogit(y, sm.add_constant(X)) (sklearn's multinomial "
                            "LogisticRegression uses a symmetric parametrization with all K "
                            "classes penalized, a different problem)"}
    record(entry, th, opt.x)

    fsm, _, _, _ = softmax_fns(X, y, K)
    Pm = D != 0  # penalized coordinates (feature weights of every class)
    for fid, prior, lam, mix in (("softmax-laplace", "laplace", 6.0, None),
                                 ("softmax-elastic-net", "elastic-net", 10.0, 0.5)):
        th, _, obj, _, K, kkt = softmax_fit(X, y, lam, prior, mix)
        c1, c2 = l1_l2(prior, mix)
        l1, l2 = lam * c1, lam * c2
        raw, pol = softmax_smooth_check(mod, l1, l2, Pm)
        smooth_call = (
            "z = (b, u, v), w = u - v; scipy.optimize.minimize(-m.loglike(b, w) + "
            f"{l1:g} sum(u + v) + {l2:g}/2 |w|^2, 0, jac=..., method='L-BFGS-B', "
            "bounds u, v >= 0, options={'ftol': 0, 'gtol': 0, 'maxiter': 100000, "
            "'maxcor': 50}) with m = sm.MNLogit(y, sm.add_constant(X)); then Newton "
            "(m.score, m.hessian) on its active set with its signs frozen")
        entry = {"id": fid, "data": "softmax.csv", "target": "y", "model": "softmax",
                 "prior": prior, "lambda": lam}
        if mix is not None:
            entry["mix"] = mix
        entry.update({"standardize": False, "n": n, "objective": obj,
                      "parameters": params_list(pn, th), "kkt": kkt})
        if prior == "laplace":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rr = mod.fit_regularized(method="l1", alpha=lam * D, disp=0, acc=1e-14,
                                         maxiter=10000, trim_mode="off")
            lib = np.asarray(rr.params).T.ravel()
            entry["library"] = {
                "parameters": params_list(pn, lib),
                "objective": fsm(lib) + lam * penalty(lib[Pm], prior, mix),
                "note": "statsmodels params are (p+1) x (K-1) with column k-1 = class k; "
                        "mapped to class1:..., class2:...; alpha is 0 for the intercepts"}
            entry["libraryCall"] = (
                "sm.MNLogit(y, sm.add_constant(X)).fit_regularized(method='l1', "
                f"alpha=[0, {lam:g}, {lam:g}, {lam:g}] * {K - 1}, acc=1e-14, "
                "maxiter=10000, trim_mode='off')")
            entry["otherChecks"] = {"smoothReformulationCall": smooth_call,
                                    "lbfgsb": params_list(pn, raw),
                                    "lbfgsbPolished": params_list(pn, pol)}
            extra = [("L-BFGS-B on w = u - v (MNLogit loglike)", raw),
                     ("  ... polished on its active set", pol)]
        else:
            lib = pol
            entry["library"] = {
                "parameters": params_list(pn, pol),
                "objective": fsm(pol) + lam * penalty(pol[Pm], prior, mix),
                "lbfgsb": params_list(pn, raw),
                "lbfgsbMaxAbsDifference": compare(th, raw)[0],
                "note": "no library fits an elastic-net softmax with a reference class "
                        "(sklearn's multinomial LogisticRegression penalizes all K "
                        "classes); this is the smooth reformulation on statsmodels' "
                        "MNLogit likelihood, L-BFGS-B then polished"}
            entry["libraryCall"] = smooth_call
            entry["libraryLabel"] = "L-BFGS-B w = u - v, polished"
            extra = [("L-BFGS-B on w = u - v (unpolished)", raw)]
        record(entry, th, lib, extra)
        entry.pop("libraryLabel", None)

    # ---------------- separated ----------------
    names, X, y = read_csv("separated.csv")
    sep = {"id": "separated-flat", "data": "separated.csv", "target": "y",
           "model": "logistic", "prior": "flat", "n": len(y), "expect": "no MLE"}
    def sm_attempt(raise_flag, maxiter):
        mod = sm.Logit(y, sm.add_constant(X))
        mod.raise_on_perfect_prediction = raise_flag
        with warnings.catch_warnings(record=True) as wl:
            warnings.simplefilter("always")
            try:
                rs = mod.fit(disp=0, method="newton", maxiter=maxiter)
                outcome = "returned params " + repr([float(v) for v in rs.params])
            except Exception as e:  # noqa: BLE001
                outcome = f"{type(e).__name__}: {e}"
        cats = sorted({w.category.__name__ for w in wl} - {"RuntimeWarning"})
        return {"call": ("m = sm.Logit(y, sm.add_constant(X)); "
                         f"m.raise_on_perfect_prediction = {raise_flag}; "
                         f"m.fit(method='newton', maxiter={maxiter}, disp=0)"),
                "outcome": outcome, "warnings": cats}

    sep["statsmodels"] = [sm_attempt(True, 1000), sm_attempt(False, 1000),
                          sm_attempt(False, 35)]
    assert sep["statsmodels"][0]["outcome"].startswith("PerfectSeparationError")
    sep["note"] = ("x2 > 0 <=> y = 1 exactly, so the likelihood has no maximum. "
                   "statsmodels >= 0.14 raises PerfectSeparationError only when "
                   "raise_on_perfect_prediction is set (and once the fitted "
                   "probabilities are 0/1 to allclose precision, which takes more than "
                   "the default 35 Newton steps); otherwise it warns "
                   "(PerfectSeparationWarning, or ConvergenceWarning with diverging "
                   "parameters at the default maxiter).")
    fits.append(sep)

    out = {"generatedBy": "Tests/References/regression/regression.py",
           "versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                        "scikit-learn": sklearn.__version__,
                        "statsmodels": statsmodels.__version__},
           "seeds": SEEDS, "fits": fits}
    with open(os.path.join(HERE, "regression.json"), "w") as fh:
        json.dump(out, fh, indent=2)
        fh.write("\n")

    # ---------------- summary ----------------
    print(f"{'fit':32s} {'compared with':48s} {'max|diff|':>10s} {'max rel':>10s}")
    for fid, what, a, rl in table:
        flag = "  <-- > 1e-8" if rl > 1e-8 else ""
        print(f"{fid:32s} {what:48s} {a:10.2e} {rl:10.2e}{flag}")
    print()
    for e in fits:
        if "kkt" in e:
            k = e["kkt"]
            print(f"KKT {e['id']:32s} max violation {k['maxViolation']:.2e}, "
                  f"inactive {k['inactive']}, min slack {k['minInactiveSlack']}")
        if "gradientMaxAbs" in e:
            print(f"grad {e['id']:31s} max |gradient| {e['gradientMaxAbs']:.2e}")
    print()
    for a in sep["statsmodels"]:
        print("separated:", a["call"].split("; ", 1)[1], "->", a["outcome"][:90],
              a["warnings"])


if __name__ == "__main__":
    main()
