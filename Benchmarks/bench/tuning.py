#!/usr/bin/env python3
"""Choosing λ: infer tune against scikit-learn's LassoCV, RidgeCV, LogisticRegressionCV and BayesianRidge.

The goals (issue 18; release build, ratios against the peer's best setting in the same run):
  1. 10-fold lasso CV, 5,000 x 100, 100 λ: at least twice as fast as LassoCV (n_jobs None or 2).
  2. Ridge LOO over 100 λ, 5,000 x 100: at least twice as fast as RidgeCV (gcv_mode auto, svd or eigen).
  3. 5-fold logistic CV, 20,000 x 20, 20 λ: at least twice as fast as LogisticRegressionCV
     (lbfgs or newton-cholesky, n_jobs None or 2).
  4. Evidence for linear + gaussian, 5,000 x 100: at least twice as fast as BayesianRidge.

infer is timed as the whole `infer tune ... --format json FILE` process (start-up, CSV loading,
the work, the refit, the report); the peers as `.fit(x, y)` alone on arrays in memory, at their
default tolerances (LassoCV tol 1e-4, LogisticRegressionCV tol 1e-4, BayesianRidge tol 1e-3),
which favours them: infer solves to 1e-12 (coordinate descent's KKT conditions) and 1e-10
(Newton's relative gradient). One untimed warm-up each, then N interleaved runs, a 0.3 s pause
before each (so that idle BLAS workers of the previous subject sleep); medians of wall time;
ratios peer / infer. Agreement is reported alongside: the selected λ of each, on the same grid.

  python3 Benchmarks/bench/tuning.py [--repeats 3] [--infer PATH] [--only lasso|ridge|logistic|evidence]
"""
import argparse
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from uncertainty import build_infer, median, run_infer, timed, write_csv  # noqa: E402

SEED = 20261205


def linear_data(n=5_000, p=100):
    rng = np.random.default_rng(SEED)
    x = rng.standard_normal((n, p))
    beta = np.zeros(p)
    beta[:10] = np.linspace(1, 0.1, 10) * np.where(np.arange(10) % 2 == 0, 1, -1)
    y = 0.5 + x @ beta + rng.standard_normal(n)
    return x, y


def logistic_data(n=20_000, p=20):
    rng = np.random.default_rng(SEED + 1)
    x = rng.standard_normal((n, p))
    beta = np.linspace(0.5, -0.5, p)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-0.2 + x @ beta)))).astype(float)
    return x, y


def compare(name, command, peers, repeats, agreement):
    """Times infer against each setting of the peer (`peers`: setting -> callable), interleaved;
    the ratio is against the fastest setting's median (issue 18: the peer's best setting)."""
    if callable(peers):
        peers = {"default": peers}
    run_infer(command)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for peer in peers.values():
            peer()
        infer_times, peer_times = [], {setting: [] for setting in peers}
        fitted = None
        for _ in range(repeats):
            wall, report, _ = run_infer(command)
            infer_times.append(wall)
            for setting, peer in peers.items():
                seconds, fitted_now = timed(peer)
                peer_times[setting].append(seconds)
                fitted = fitted if fitted is not None else fitted_now
    medians = {setting: median(times) for setting, times in peer_times.items()}
    best = min(medians, key=medians.get)
    ratio = medians[best] / median(infer_times)
    return {"case": name, "infer_seconds": median(infer_times), "peer_seconds": medians[best], "peer_setting": best,
            "peer_settings": medians, "ratio": ratio, "target_ratio": 2, "met": ratio >= 2, **agreement(report, fitted)}


def grid_of(report):
    return [point["lambda"] for point in report["curve"]]


def lasso_case(infer, work, repeats):
    from sklearn.linear_model import LassoCV
    from sklearn.model_selection import PredefinedSplit
    x, y = linear_data()
    n = len(y)
    fold = np.random.default_rng(SEED + 2).permutation(np.repeat(np.arange(10), n // 10))
    path = work / "lasso.csv"
    write_csv(path, {**{f"x{j + 1}": x[:, j] for j in range(x.shape[1])}, "y": y, "fold": fold})
    command = [str(infer), "tune", "--model", "linear", "--target", "y", "--prior", "laplace", "--method", "cv",
               "--fold-column", "fold", "--lambdas", "100", "--loss", "mse", "--format", "json", str(path)]
    _, report, _ = run_infer(command)
    alphas = [lam / (n - n // 10) for lam in grid_of(report)]

    peer = {f"n_jobs={jobs}": (lambda jobs=jobs: LassoCV(alphas=alphas, cv=PredefinedSplit(fold), n_jobs=jobs).fit(x, y))
            for jobs in (None, 2)}

    def agreement(report, fitted):
        return {"infer_selected": report["selected"], "sklearn_selected": fitted.alpha_ * (n - n // 10)}

    return compare("10-fold lasso CV, 5,000 x 100, 100 λ (LassoCV)", command, peer, repeats, agreement)


def ridge_case(infer, work, repeats):
    from sklearn.linear_model import RidgeCV
    x, y = linear_data()
    path = work / "ridge.csv"
    write_csv(path, {**{f"x{j + 1}": x[:, j] for j in range(x.shape[1])}, "y": y})
    command = [str(infer), "tune", "--model", "linear", "--target", "y", "--prior", "gaussian", "--method", "loo",
               "--lambdas", "100", "--loss", "mse", "--format", "json", str(path)]
    _, report, _ = run_infer(command)
    grid = grid_of(report)

    peer = {f"gcv_mode={mode}": (lambda mode=mode: RidgeCV(alphas=grid, gcv_mode=mode).fit(x, y)) for mode in (None, "svd", "eigen")}

    def agreement(report, fitted):
        return {"infer_selected": report["selected"], "sklearn_selected": float(fitted.alpha_)}

    return compare("ridge LOO, 5,000 x 100, 100 λ (RidgeCV)", command, peer, repeats, agreement)


def logistic_case(infer, work, repeats):
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import PredefinedSplit
    x, y = logistic_data()
    n = len(y)
    fold = np.random.default_rng(SEED + 3).permutation(np.repeat(np.arange(5), n // 5))
    path = work / "logistic.csv"
    write_csv(path, {**{f"x{j + 1}": x[:, j] for j in range(x.shape[1])}, "y": y, "fold": fold})
    command = [str(infer), "tune", "--model", "logistic", "--target", "y", "--prior", "gaussian", "--method", "cv",
               "--fold-column", "fold", "--lambdas", "20", "--format", "json", str(path)]
    _, report, _ = run_infer(command)
    grid = grid_of(report)

    peer = {f"{solver}, n_jobs={jobs}": (lambda solver=solver, jobs=jobs: LogisticRegressionCV(
        Cs=[1 / lam for lam in grid], cv=PredefinedSplit(fold), scoring="neg_log_loss", solver=solver, n_jobs=jobs,
        l1_ratios=(0,), use_legacy_attributes=True).fit(x, y)) for solver in ("lbfgs", "newton-cholesky") for jobs in (None, 2)}

    def agreement(report, fitted):
        return {"infer_selected": report["selected"], "sklearn_selected": float(1 / np.atleast_1d(fitted.C_)[0])}

    return compare("5-fold logistic CV, 20,000 x 20, 20 λ (LogisticRegressionCV)", command, peer, repeats, agreement)


def evidence_case(infer, work, repeats):
    from sklearn.linear_model import BayesianRidge
    x, y = linear_data()
    path = work / "evidence.csv"
    write_csv(path, {**{f"x{j + 1}": x[:, j] for j in range(x.shape[1])}, "y": y})
    command = [str(infer), "tune", "--model", "linear", "--target", "y", "--prior", "gaussian", "--method", "evidence",
               "--lambdas", "100", "--format", "json", str(path)]

    def peer():
        return BayesianRidge().fit(x, y)

    def agreement(report, fitted):
        return {"infer_selected": report["selected"], "sklearn_selected": float(fitted.lambda_ / fitted.alpha_),
                "note": "BayesianRidge at its defaults has gamma(1e-6, 1e-6) hyperpriors and tol 1e-3"}

    return compare("evidence, linear + gaussian, 5,000 x 100 (BayesianRidge)", command, peer, repeats, agreement)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--infer", type=Path)
    parser.add_argument("--only", choices=["lasso", "ridge", "logistic", "evidence"])
    arguments = parser.parse_args()
    infer = arguments.infer or build_infer()
    cases = {"lasso": lasso_case, "ridge": ridge_case, "logistic": logistic_case, "evidence": evidence_case}
    results = []
    with tempfile.TemporaryDirectory() as directory:
        for name, case in cases.items():
            if arguments.only and arguments.only != name:
                continue
            result = case(infer, Path(directory), arguments.repeats)
            print(json.dumps(result, indent=2), file=sys.stderr)
            results.append(result)
    print(json.dumps({"machine": os.uname().nodename, "cpu": cpu_model(), "cores": os.cpu_count(), "repeats": arguments.repeats,
                      "results": results}))


def cpu_model():
    """The CPU's model name and family/model numbers, from /proc/cpuinfo (issue 18: beside every figure)."""
    fields = {}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            fields.setdefault(key.strip(), value.strip())
    except OSError:
        return "unknown"
    return f"{fields.get('model name', '?')} (family {fields.get('cpu family', '?')}, model {fields.get('model', '?')})"


if __name__ == "__main__":
    main()
