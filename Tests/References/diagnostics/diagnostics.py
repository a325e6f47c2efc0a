#!/usr/bin/env python3
"""Reference values for the MCMC convergence diagnostics, computed with ArviZ.

What: writes a few draw sets in the project's draws-file format (CSV, header
``chain,draw,lp__,accepted__,<parameters>``, one row per kept draw, chains numbered
1..C and draws 1..D within each chain, floats written with ``repr``) and, for every
parameter of every set, what ArviZ returns for

    rhat       az.rhat(method="rank")    rank-normalized split R-hat (Vehtari et al. 2021)
    rhatSplit  az.rhat(method="split")   classic split R-hat on the raw draws
    essBulk    az.ess(method="bulk")
    essTail    az.ess(method="tail")     min of the 5% and 95% quantile-indicator ESS
    essMean    az.ess(method="mean")     split ESS of the raw draws
    mcseMean   az.mcse(method="mean")
    mcseSd     az.mcse(method="sd")
    mean, sd   as az.summary computes them: mean over (chain, draw), sd with ddof=1
    q5, q50, q95  numpy.quantile of all draws pooled, default method "linear"
                  (= R type 7 = scipy mquantiles(alphap=1, betap=1), the rule ArviZ itself
                  uses inside ess(method="tail")); az.summary's default intervals are HDIs and
                  are not involved.

into ``diagnostics.json`` next to this script (null where ArviZ returns NaN; no key
is ever omitted, so the Swift side decides which nulls mean "undefined").
``DEFINITIONS.md`` beside it describes, with line references into ArviZ, exactly how
each number is computed.

Rerun from the repository root with:

    python3 Tests/References/diagnostics/diagnostics.py

Needs numpy, scipy and arviz (``pip install arviz``); numba must NOT be installed (with
numba ArviZ switches its variances to a different, less accurate formula; the script
checks).  Deterministic: every set draws from its own ``numpy.random.default_rng(seed)``
with a fixed seed, and the diagnostics are computed from the CSV as read back, so the JSON
always matches the committed CSVs (a future numpy could draw different numbers, but then
CSV and JSON change together).  The script also re-implements every diagnostic from
DEFINITIONS.md with a direct (non-FFT) autocovariance and asserts that it agrees with
ArviZ to 1e-12 relative, and it cross-checks az.mcse / az.rhat / az.ess against the
numbers az.summary prints.

Sets:
    ar1.csv       4 x 1000  a: 1 + AR(1) phi=0.9 (unit marginal sd), well mixed
                            b: iid normal(-2, 0.5)
                            c: 0.5 + AR(1) phi=0.5, chain 4 shifted by +0.5 (R-hat > 1.01)
                            d: 0.5 + Student t with 3 df, iid (heavy tails)
    short.csv     2 x 50    x: 2 + AR(1) phi=0.3;  y: iid normal(-1, 2)
    single.csv    1 x 500   z: 0.5 + AR(1) phi=0.7 (R-hat is NaN in ArviZ: one chain)
    constant.csv  2 x 100   k: 1.5 constant;  m: iid normal(1, 1)
    odd.csv       3 x 101   w: 1 + AR(1) phi=0.6;  v: iid normal(3, 1)
                            (odd draw count: splitting drops the middle draw of each chain)
    antithetic.csv 2 x 200  n: 1 + AR(1) phi=-0.9 (ESS > draws, hits ArviZ's cap S*log10(S))
                            p: -1 + AR(1) phi=-0.3 (ESS > draws, below the cap)
(All parameters are centred away from 0 so that relative comparisons of means and
medians are meaningful.)
"""
import json
import math
import os
import warnings

warnings.filterwarnings("ignore", category=FutureWarning)

import numpy as np  # noqa: E402
import scipy  # noqa: E402
from scipy import stats  # noqa: E402
from scipy.stats.mstats import mquantiles  # noqa: E402

import arviz as az  # noqa: E402
from arviz.utils import Numba  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REL = "Tests/References/diagnostics/diagnostics.py"

assert not Numba.numba_flag, "numba is installed: ArviZ would use its numba variance path"


# ---------------------------------------------------------------- draw generation

def ar1(rng, chains, draws, phi, sd=1.0):
    """Stationary AR(1) with marginal sd `sd`, shape (chains, draws)."""
    out = np.empty((chains, draws))
    innov = sd * math.sqrt(1.0 - phi * phi)
    for c in range(chains):
        x = rng.normal(0.0, sd)
        for t in range(draws):
            if t > 0:
                x = phi * x + rng.normal(0.0, innov)
            out[c, t] = x
    return out


def make_sets():
    sets = []

    rng = np.random.default_rng(20250101)
    C, D = 4, 1000
    a = 1.0 + ar1(rng, C, D, 0.9)
    b = rng.normal(-2.0, 0.5, size=(C, D))
    c = 0.5 + ar1(rng, C, D, 0.5)
    c[3] += 0.5
    d = 0.5 + rng.standard_t(3, size=(C, D))
    sets.append(("ar1.csv", rng, {"a": a, "b": b, "c": c, "d": d}))

    rng = np.random.default_rng(20250102)
    C, D = 2, 50
    sets.append(("short.csv", rng, {"x": 2.0 + ar1(rng, C, D, 0.3),
                                    "y": rng.normal(-1.0, 2.0, size=(C, D))}))

    rng = np.random.default_rng(20250103)
    sets.append(("single.csv", rng, {"z": 0.5 + ar1(rng, 1, 500, 0.7)}))

    rng = np.random.default_rng(20250104)
    C, D = 2, 100
    sets.append(("constant.csv", rng, {"k": np.full((C, D), 1.5),
                                       "m": rng.normal(1.0, 1.0, size=(C, D))}))

    rng = np.random.default_rng(20250105)
    C, D = 3, 101
    sets.append(("odd.csv", rng, {"w": 1.0 + ar1(rng, C, D, 0.6),
                                  "v": rng.normal(3.0, 1.0, size=(C, D))}))
    rng = np.random.default_rng(20250106)
    C, D = 2, 200
    sets.append(("antithetic.csv", rng, {"n": 1.0 + ar1(rng, C, D, -0.9),
                                         "p": -1.0 + ar1(rng, C, D, -0.3)}))
    return sets


def write_csv(path, rng, params):
    names = list(params)
    C, D = params[names[0]].shape
    with open(path, "w") as f:
        f.write(",".join(["chain", "draw", "lp__", "accepted__"] + names) + "\n")
        for ci in range(C):
            for di in range(D):
                vals = [float(params[n][ci, di]) for n in names]
                lp = sum(-0.5 * v * v - 0.5 * math.log(2.0 * math.pi) for v in vals)
                acc = int(rng.random() < 0.8)
                f.write(",".join([str(ci + 1), str(di + 1), repr(lp), str(acc)] + [repr(v) for v in vals]) + "\n")


def read_csv(path):
    """Read a draws file back into {name: array(chain, draw)}."""
    with open(path) as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    names = header[4:]
    chains = sorted({int(r[0]) for r in rows})
    C = len(chains)
    D = max(int(r[1]) for r in rows)
    assert len(rows) == C * D
    out = {n: np.full((C, D), np.nan) for n in names}
    for r in rows:
        ci, di = int(r[0]) - 1, int(r[1]) - 1
        for j, n in enumerate(names):
            out[n][ci, di] = float(r[4 + j])
    for n in names:
        assert not np.isnan(out[n]).any()
    return out, C, D


# ------------------------------------------- independent re-implementation (checks)
# Follows DEFINITIONS.md literally, with a direct O(n^2) autocovariance instead of FFT.

def ref_split(x):
    half = x.shape[1] // 2
    return np.vstack((x[:, :half], x[:, x.shape[1] - half:]))


def ref_z(x):
    S = x.size
    r = stats.rankdata(x.ravel(), method="average")
    return stats.norm.ppf((r - 0.375) / (S + 0.25)).reshape(x.shape)


def ref_autocov(y):
    n = y.size
    y = y - y.mean()
    return np.array([np.dot(y[: n - t], y[t:]) / n for t in range(n)])


COVERAGE = {"constant shortcut": 0, "loop stopped by bound": 0, "negative pair dropped": 0,
            "tail term rho[max_t+1] set": 0, "monotone fix": 0, "cap n*log10(n)": 0,
            "smallest |decision quantity| (robustness of the branches)": float("inf")}


def _margin(v):
    key = "smallest |decision quantity| (robustness of the branches)"
    COVERAGE[key] = min(COVERAGE[key], abs(v))


def ref_ess(x):
    x = np.asarray(x, dtype=float)
    if x.max() - x.min() < np.finfo(float).resolution:
        COVERAGE["constant shortcut"] += 1
        return float(x.size)
    M, N = x.shape
    acov = np.array([ref_autocov(x[m]) for m in range(M)])
    W = acov[:, 0].mean() * N / (N - 1.0)
    var_plus = W * (N - 1.0) / N
    if M > 1:
        var_plus += np.var(x.mean(axis=1), ddof=1)
    rho = np.zeros(N)
    rho[0] = even = 1.0
    rho[1] = odd = 1.0 - (W - acov[:, 1].mean()) / var_plus
    t = 1
    while t < N - 3 and even + odd > 0.0:
        even = 1.0 - (W - acov[:, t + 1].mean()) / var_plus
        odd = 1.0 - (W - acov[:, t + 2].mean()) / var_plus
        _margin(even + odd)
        if even + odd >= 0:
            rho[t + 1], rho[t + 2] = even, odd
        else:
            COVERAGE["negative pair dropped"] += 1
        t += 2
    if even + odd > 0.0:
        COVERAGE["loop stopped by bound"] += 1
    max_t = t - 2
    _margin(even)
    if even > 0:
        COVERAGE["tail term rho[max_t+1] set"] += 1
        rho[max_t + 1] = even
    t = 1
    while t <= max_t - 2:
        _margin(rho[t + 1] + rho[t + 2] - rho[t - 1] - rho[t])
        if rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]:
            rho[t + 1] = rho[t + 2] = (rho[t - 1] + rho[t]) / 2.0
            COVERAGE["monotone fix"] += 1
        t += 2
    tau = -1.0 + 2.0 * rho[: max_t + 1].sum() + rho[max_t + 1: max_t + 2].sum()
    S = M * N
    _margin(tau - 1.0 / math.log10(S))
    if tau < 1.0 / math.log10(S):
        COVERAGE["cap n*log10(n)"] += 1
    tau = max(tau, 1.0 / math.log10(S))
    return float("nan") if np.isnan(rho).any() else S / tau


def ref_rhat_core(x):
    M, N = x.shape
    B = N * np.var(x.mean(axis=1), ddof=1)
    W = np.var(x, axis=1, ddof=1).mean()
    return math.sqrt((B / W + N - 1) / N) if W > 0 else float("nan")


def ref_all(x):
    C, D = x.shape
    s = ref_split(x)
    out = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        if C >= 2:
            folded = np.abs(s - np.median(s))
            out["rhat"] = max(ref_rhat_core(ref_z(s)), ref_rhat_core(ref_z(folded)))
            out["rhatSplit"] = ref_rhat_core(s)
        else:
            out["rhat"] = out["rhatSplit"] = float("nan")
        out["essBulk"] = ref_ess(ref_z(s))
        q05, q95 = np.quantile(x, [0.05, 0.95])
        out["essTail"] = min(ref_ess(ref_split(x <= q05)), ref_ess(ref_split(x <= q95)))
        out["essMean"] = ref_ess(s)
        out["mcseMean"] = float(np.std(x, ddof=1) / math.sqrt(out["essMean"]))
        c2 = (x - x.mean()) ** 2
        e2 = ref_ess(ref_split(c2))
        evar = c2.mean()
        out["mcseSd"] = float(np.sqrt(((c2 ** 2).mean() - evar ** 2) / e2 / evar / 4))
    return out


def same(a, b, rel):
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    return abs(a - b) <= rel * max(abs(a), abs(b))


def val(ds, name):
    v = float(ds[name].values)
    return None if math.isnan(v) else v


# ---------------------------------------------------------------- main

def main():
    out = {"generatedBy": REL, "arviz": az.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
           "notes": [
               "ArviZ with numba absent (numpy variance path).",
               "sd uses ddof=1 (az.summary: dataset.std(dim=('chain','draw'), ddof=1)).",
               "q5/q50/q95: numpy.quantile default method 'linear' (R type 7) over all draws pooled.",
               "null = ArviZ returned NaN.",
           ],
           "sets": []}
    log = []
    for fname, rng, params in make_sets():
        path = os.path.join(HERE, fname)
        write_csv(path, rng, params)
        draws, C, D = read_csv(path)
        for n in params:  # repr round-trips exactly
            assert np.array_equal(draws[n], params[n])
        idata = az.from_dict(posterior=draws)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = {
                "rhat": az.rhat(idata, method="rank"),
                "rhatSplit": az.rhat(idata, method="split"),
                "essBulk": az.ess(idata, method="bulk"),
                "essTail": az.ess(idata, method="tail"),
                "essMean": az.ess(idata, method="mean"),
                "mcseMean": az.mcse(idata, method="mean"),
                "mcseSd": az.mcse(idata, method="sd"),
            }
            summ = az.summary(idata, fmt="xarray", round_to="none",
                              stat_funcs={"q5": lambda v: np.quantile(v, 0.05),
                                          "q50": lambda v: np.quantile(v, 0.50),
                                          "q95": lambda v: np.quantile(v, 0.95)})
        entry = {"file": fname, "chains": C, "draws": D, "parameters": []}
        for n in draws:
            x = draws[n]
            p = {"name": n}
            p["mean"] = val(summ.sel(metric="mean"), n)
            p["sd"] = val(summ.sel(metric="sd"), n)
            p["mcseMean"] = val(res["mcseMean"], n)
            p["mcseSd"] = val(res["mcseSd"], n)
            p["q5"] = val(summ.sel(metric="q5"), n)
            p["q50"] = val(summ.sel(metric="q50"), n)
            p["q95"] = val(summ.sel(metric="q95"), n)
            for k in ("essBulk", "essTail", "essMean", "rhat", "rhatSplit"):
                p[k] = val(res[k], n)
            entry["parameters"].append(p)

            # ---- checks
            flat = x.ravel()
            assert same(p["mean"], float(np.mean(flat)), 1e-14)
            assert same(p["sd"], float(np.std(flat, ddof=1)), 1e-14)
            for q, key in ((0.05, "q5"), (0.5, "q50"), (0.95, "q95")):
                assert same(p[key], float(mquantiles(flat, [q], alphap=1, betap=1)[0]), 1e-14)
                assert same(p[key], float(idata.posterior[n].quantile(q).values), 1e-14)
            ref = ref_all(x)
            for k, v in ref.items():
                v = None if math.isnan(v) else v
                if not same(p[k], v, 1e-12):
                    raise AssertionError(f"{fname}:{n}:{k} arviz={p[k]!r} reimplementation={v!r}")
            # az.summary's own diagnostics (a separate code path, _multichain_statistics)
            for k, sk in (("mcseMean", "mcse_mean"), ("mcseSd", "mcse_sd"), ("essBulk", "ess_bulk"),
                          ("essTail", "ess_tail"), ("rhat", "r_hat")):
                sv = val(summ.sel(metric=sk), n)
                if not same(p[k], sv, 0.0):
                    d = None if (sv is None or p[k] is None) else abs(sv - p[k]) / abs(p[k])
                    log.append(f"{fname}:{n}: az.summary {sk}={sv!r} vs {k}={p[k]!r} (rel diff {d})")
        out["sets"].append(entry)

    with open(os.path.join(HERE, "diagnostics.json"), "w") as f:
        json.dump(out, f, indent=1, allow_nan=False)
        f.write("\n")
    for e in out["sets"]:
        for p in e["parameters"]:
            print(e["file"], p["name"], {k: v for k, v in p.items() if k != "name"})
    print("az.summary differences from the individual functions:" if log else
          "az.summary agrees bit-for-bit with the individual functions")
    for line in log:
        print("  " + line)
    print("re-implementation agrees with ArviZ to 1e-12 relative")
    print("branches of the ESS algorithm exercised (number of _ess calls):", {k: float(v) if isinstance(v, float) else v for k, v in COVERAGE.items()})


if __name__ == "__main__":
    main()
