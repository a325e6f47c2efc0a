#!/usr/bin/env python3
"""Peer comparison: regression fits with `infer` against statsmodels and scikit-learn.

Requirements checked (release build, medians, ratios against the peer in the same run):
  1. Logistic MLE with standard errors on 200,000 rows x 20 features: `infer` at least 3x faster
     (issue 18's goal; the first requirement was 2x)
     than statsmodels `Logit(y, add_constant(X)).fit(disp=0)` followed by `.bse`.
  2. Lasso on 5,000 rows x 100 features at one lambda: `infer` no slower than scikit-learn
     `Lasso(alpha)` (default tol = 1e-4). `infer --lambda` is n * alpha (the documented mapping).
     A tol = 1e-10 sklearn run is timed too, for information.

Data: a fixed seed; features standard normal with AR(1) correlation rho = 0.3 between neighbouring
columns (corr(x_i, x_j) = rho^|i-j|); written as CSV (header x1..xp,y; Python repr of each float,
so the text round-trips exactly) into a temporary directory.

What is timed, interleaved, N times each (default 5) after one untimed warm-up of each:
  - "<peer> + read_csv": pandas.read_csv(file) in this process, the arrays taken out of the frame,
    then the fit (and .bse for statsmodels): like infer, it loads the same CSV;
  - "<peer> fit only": the fit alone on arrays already in memory (add_constant included);
  - "infer": the wall time of the whole `infer fit ... --format json FILE` process (process
    start, CSV loading, the fit, the standard errors, the JSON report).
The verdicts pair like with like: the requirement is the library's fit against the peer's fit,
both in-process ("<peer> fit only" / "(infer fit only, in-process)"); the command line is also
set against "<peer> + read_csv" and against "(python3 script, whole process)", a new python3
process that imports the peer, reads the CSV and fits: what a user running a script from a shell
pays. Ratios are peer / infer (higher = infer faster), by median wall time; CPU-time medians (this
process's CPU time over all its threads for the peer, the child's user + system time for infer)
are printed beside them, for information. Two informational rows (skip with --no-breakdown) split
the times: "(pandas read_csv only)" and "(infer load only)" — an infer process that loads the same
CSV and fits a gaussian to x1, i.e. start-up + loading with no regression. A third,
"(infer fit only, in-process)" (skip with --no-in-process), times infer's Regression.fit and its
standard errors alone inside a process of the harness in Benchmarks/bench/FitTiming (a separate
Swift package that depends on this one by path; built in release on the first run): the
like-for-like partner of "<peer> fit only".
The script sleeps --pause seconds (0.3) before each timed run, so that OpenBLAS worker threads
still spinning after the previous contender do not take a core from the next one.

Agreement is checked and printed: logistic estimates and standard errors against statsmodels
(max relative difference, want < 1e-6); lasso weights against a tol = 1e-12 sklearn fit (same
support, max relative difference over the non-zero weights, and max |diff| / max |w|).

The machine this was written for has 2 cores and is noisy: only medians and ratios are reported.
BLAS threading environment variables (OPENBLAS_NUM_THREADS, ...) are left as the machine sets
them. The last line of stdout is one JSON object with the results.

Usage:
  python3 Benchmarks/bench/regression.py [--repeats 5] [--infer PATH] [--alpha 0.1] [--keep]
                                         [--only logistic|lasso] [--no-breakdown]
                                         [--no-in-process] [--fit-timing PATH] [--pause 0.3]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]  # /work/main
SCRATCH = REPO / ".build-bench"
SEED = 20240611
RHO = 0.3

LOGIT_ROWS, LOGIT_FEATURES = 200_000, 20
LASSO_ROWS, LASSO_FEATURES, LASSO_TRUE_NONZERO = 5_000, 100, 30
LOGIT_TARGET_RATIO = 3.0  # statsmodels / infer must be >= 3 (issue 18)
LASSO_TARGET_RATIO = 1.0  # sklearn / infer must be >= 1


# --------------------------------------------------------------------------------------- data

def correlated_normal(rng, rows: int, cols: int):
    """Standard normal columns with corr(x_i, x_j) = RHO^|i-j| (a stationary AR(1) across columns)."""
    import numpy as np

    z = rng.standard_normal((rows, cols))
    x = np.empty_like(z)
    x[:, 0] = z[:, 0]
    scale = np.sqrt(1.0 - RHO * RHO)
    for j in range(1, cols):
        x[:, j] = RHO * x[:, j - 1] + scale * z[:, j]
    return x


def write_csv(path: Path, x, y, integer_target: bool) -> None:
    """Header x1..xp,y; each float as Python's repr (shortest round-trip form)."""
    import pandas as pd

    frame = pd.DataFrame(x, columns=[f"x{j + 1}" for j in range(x.shape[1])])
    frame["y"] = y.astype("int64") if integer_target else y
    frame.to_csv(path, index=False, lineterminator="\n")  # pandas writes floats with repr


def make_logistic(path: Path) -> dict:
    import numpy as np

    rng = np.random.default_rng(SEED)
    x = correlated_normal(rng, LOGIT_ROWS, LOGIT_FEATURES)
    # Moderate effects (no separation): alternating signs, magnitudes 0.05 .. 0.5.
    w = np.array([(-1) ** j * 0.05 * (1 + j % 10) for j in range(LOGIT_FEATURES)])
    b = -0.4
    p = 1.0 / (1.0 + np.exp(-(b + x @ w)))
    y = (rng.random(LOGIT_ROWS) < p).astype(np.int64)
    write_csv(path, x, y, integer_target=True)
    return {"rows": LOGIT_ROWS, "features": LOGIT_FEATURES, "true_intercept": b,
            "true_weights": w.tolist(), "mean_y": float(y.mean())}


def make_lasso(path: Path) -> dict:
    import numpy as np

    rng = np.random.default_rng(SEED + 1)
    x = correlated_normal(rng, LASSO_ROWS, LASSO_FEATURES)
    # 30 non-zero weights with magnitudes 0.1 .. 1.0 spread over the columns, the rest zero.
    w = np.zeros(LASSO_FEATURES)
    support = rng.choice(LASSO_FEATURES, size=LASSO_TRUE_NONZERO, replace=False)
    magnitudes = np.linspace(0.1, 1.0, LASSO_TRUE_NONZERO)
    signs = rng.choice([-1.0, 1.0], size=LASSO_TRUE_NONZERO)
    w[np.sort(support)] = signs * magnitudes
    b = 1.5
    y = b + x @ w + rng.standard_normal(LASSO_ROWS)
    write_csv(path, x, y, integer_target=False)
    return {"rows": LASSO_ROWS, "features": LASSO_FEATURES, "true_intercept": b,
            "true_nonzero": LASSO_TRUE_NONZERO, "true_weights": w.tolist()}


# ------------------------------------------------------------------------------------- peers

def load(path: Path):
    """pandas.read_csv of the file and the arrays a fit needs (X as float64, y)."""
    import pandas as pd

    frame = pd.read_csv(path)
    y = frame["y"].to_numpy()
    x = frame.drop(columns="y").to_numpy(dtype="float64")
    return x, y


def statsmodels_logit(x, y):
    """Logit(y, add_constant(X)).fit(disp=0) and .bse: (params, bse) as numpy arrays."""
    import statsmodels.api as sm

    result = sm.Logit(y, sm.add_constant(x)).fit(disp=0)
    bse = result.bse
    return result.params, bse, result


def sklearn_lasso(x, y, alpha: float, tol: float = 1e-4, max_iter: int = 1000):
    """Lasso(alpha, tol).fit(X, y): (intercept, weights, n_iter)."""
    from sklearn.linear_model import Lasso

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning is reported through n_iter instead
        model = Lasso(alpha=alpha, tol=tol, max_iter=max_iter).fit(x, y)
    return model.intercept_, model.coef_, model.n_iter_


def timed(function):
    """((wall seconds, CPU seconds of this process, all threads), value) of one call."""
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    value = function()
    wall = time.perf_counter() - start
    return (wall, time.process_time() - cpu), value


# ------------------------------------------------------------------------------------- infer

def build_infer() -> Path:
    subprocess.run(
        ["swift", "build", "-c", "release", "--static-swift-stdlib", "--package-path", str(REPO),
         "--scratch-path", str(SCRATCH), "--product", "infer"],
        check=True, stdout=sys.stderr,
    )
    binary = SCRATCH / "release" / "infer"
    if not binary.is_file():
        sys.exit(f"no infer binary at {binary}")
    return binary


def build_fit_timing() -> Path:
    """Builds the in-process harness Benchmarks/bench/FitTiming (depends on this package by path)."""
    package = Path(__file__).resolve().parent / "FitTiming"
    subprocess.run(
        ["swift", "build", "-c", "release", "--package-path", str(package),
         "--scratch-path", str(package / ".build")],
        check=True, stdout=sys.stderr,
    )
    binary = package / ".build" / "release" / "fit-timing"
    if not binary.is_file():
        sys.exit(f"no fit-timing binary at {binary}")
    return binary


def in_process_fit(harness: Path | None, model: str, path: Path, lam: float = 0.0):
    """Informational: infer's Regression.fit (+ standard errors) alone, timed inside a process
    of the FitTiming harness (one warm-up round, then one timed round): (wall, process CPU)."""
    def run():
        done = subprocess.run([str(harness), model, str(path), repr(lam), "1"], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"fit-timing failed ({done.returncode}): {done.stderr.strip()}")
        report = json.loads(done.stdout)
        return report["fit_seconds"][0], report["fit_cpu_seconds"][0]
    return run


def timed_process(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds, the child's user + system CPU seconds, and the finished process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done


def run_infer(command: list[str], rows: int) -> tuple[tuple[float, float], dict]:
    """((wall seconds, child's user + system CPU seconds), JSON report) of one infer process."""
    elapsed, cpu, done = timed_process(command)
    if done.returncode != 0:
        sys.exit(f"infer failed ({done.returncode}): {done.stderr.strip()}\n{' '.join(command)}")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        sys.exit(f"infer printed no JSON: {done.stdout[:200]!r}")
    if int(report.get("n", rows)) != rows:
        sys.exit(f"infer reports n = {report.get('n')}, expected {rows}")
    return (elapsed, cpu), report


def infer_vectors(report: dict, features: int, field: str = "estimate"):
    """(intercept, weights x1..xp) of one field from infer's parameters, by name."""
    import numpy as np

    by_name = {p["name"]: p for p in report["parameters"]}
    intercept = by_name["intercept"].get(field)
    weights = np.array([by_name[f"x{j + 1}"].get(field, float("nan")) for j in range(features)], dtype=float)
    return intercept, weights


def max_rel(a, b) -> float:
    import numpy as np

    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


# ---------------------------------------------------------------------------------- contests

PAUSE = 0.3  # seconds between timed runs; set from --pause


def interleave(contenders: dict, repeats: int, label: str) -> tuple[dict, dict]:
    """Wall and CPU samples of each contender (a function returning (wall, cpu)), interleaved.

    Before each timed run the script sleeps PAUSE seconds: OpenBLAS' worker threads (numpy's in
    this process, and infer's) spin on sched_yield for a while after their last call, and on 2
    cores a spinning worker left over from the previous contender slows the next one."""
    for run in contenders.values():  # warm-up: page cache, imports, BLAS start-up
        run()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    cpu_times: dict[str, list[float]] = {name: [] for name in contenders}
    for repeat in range(repeats):
        for name, run in contenders.items():
            time.sleep(PAUSE)
            wall, cpu = run()
            times[name].append(wall)
            cpu_times[name].append(cpu)
        line = "  ".join(f"{name} {times[name][-1]:.3f}s" for name in contenders)
        print(f"{label} repeat {repeat + 1}/{repeats}: {line}", file=sys.stderr)
    return times, cpu_times


def infer_load_only(binary: Path, path: Path, rows: int):
    """Informational: an infer process that loads the same CSV and fits a gaussian to x1
    (process start + loading + an O(n) fit): the part of infer's time that is not the regression.
    infer parses only the columns a run uses, so a --where test on every other column (true of
    every finite number) makes it parse them all."""
    with open(path) as handle:
        names = handle.readline().strip().split(",")
    tests = [word for name in names if name != "x1" for word in ("--where", f"{name} > -1e300")]
    command = [str(binary), "fit", "--model", "gaussian", "--column", "x1", *tests, "--format", "json", str(path)]
    return lambda: run_infer(command, rows)[0]


def python_script(code: str, path: Path):
    """Informational: what a shell user pays for the peer: a new python3 process that imports the
    libraries, reads the CSV and fits (`code` gets the path as sys.argv[1])."""
    command = [sys.executable, "-c", code, str(path)]

    def run():
        elapsed, cpu, done = timed_process(command)
        if done.returncode != 0:
            sys.exit(f"the python3 script failed: {done.stderr.strip()[-300:]}")
        return elapsed, cpu
    return run


LOGIT_SCRIPT = """import sys, pandas, statsmodels.api as sm
frame = pandas.read_csv(sys.argv[1]); y = frame.pop("y").to_numpy(); x = frame.to_numpy()
result = sm.Logit(y, sm.add_constant(x)).fit(disp=0); print(result.params, result.bse)"""

LASSO_SCRIPT = """import sys, pandas
from sklearn.linear_model import Lasso
frame = pandas.read_csv(sys.argv[1]); y = frame.pop("y").to_numpy(); x = frame.to_numpy()
print(Lasso(alpha=float(sys.argv[2])).fit(x, y).coef_)"""


def read_csv_only(path: Path):
    """Informational: pandas.read_csv and the arrays, without a fit."""
    return lambda: timed(lambda: load(path))[0]


def logistic_contest(binary: Path, path: Path, repeats: int, informational: bool, harness: Path | None) -> dict:
    import numpy as np

    command = [str(binary), "fit", "--model", "logistic", "--target", "y", "--format", "json", str(path)]
    x, y = load(path)

    # Agreement: estimates and standard errors.
    _, report = run_infer(command, LOGIT_ROWS)
    params, bse, result = statsmodels_logit(x, y)
    b_est, w_est = infer_vectors(report, LOGIT_FEATURES, "estimate")
    b_se, w_se = infer_vectors(report, LOGIT_FEATURES, "standardError")
    infer_est = np.concatenate([[b_est], w_est])
    infer_se = np.concatenate([[b_se], w_se])
    agreement = {
        "max_rel_diff_estimates": max_rel(infer_est, params),
        "max_rel_diff_standard_errors": max_rel(infer_se, bse),
        "infer_iterations": report.get("iterations"),
        "statsmodels_iterations": int(result.mle_retvals.get("iterations", -1)),
        "statsmodels_converged": bool(result.mle_retvals.get("converged", False)),
        "infer_log_likelihood": report.get("logLikelihood"),
        "statsmodels_log_likelihood": float(result.llf),
    }

    def peer_with_read():
        seconds, _ = timed(lambda: statsmodels_logit(*load(path)))
        return seconds

    def peer_fit_only():
        seconds, _ = timed(lambda: statsmodels_logit(x, y))
        return seconds

    def infer_run():
        seconds, _ = run_infer(command, LOGIT_ROWS)
        return seconds

    contenders = {"statsmodels + read_csv": peer_with_read, "statsmodels fit only": peer_fit_only, "infer": infer_run}
    if informational:
        contenders |= {"(pandas read_csv only)": read_csv_only(path),
                       "(infer load only)": infer_load_only(binary, path, LOGIT_ROWS),
                       "(python3 script, whole process)": python_script(LOGIT_SCRIPT, path)}
    if harness:
        contenders["(infer fit only, in-process)"] = in_process_fit(harness, "logistic", path)
    times, cpu_times = interleave(contenders, repeats, "logistic")
    return {"times": times, "cpu_times": cpu_times, "agreement": agreement, "command": command}


def lasso_contest(binary: Path, path: Path, repeats: int, alpha: float, informational: bool,
                  harness: Path | None) -> dict:
    import numpy as np

    lam = LASSO_ROWS * alpha
    command = [str(binary), "fit", "--model", "linear", "--target", "y", "--prior", "laplace",
               "--lambda", repr(lam), "--format", "json", str(path)]
    x, y = load(path)

    # Agreement against a tight sklearn fit.
    _, report = run_infer(command, LASSO_ROWS)
    ref_b, ref_w, ref_iter = sklearn_lasso(x, y, alpha, tol=1e-12, max_iter=100_000)
    inf_b, inf_w = infer_vectors(report, LASSO_FEATURES)
    def_b, def_w, def_iter = sklearn_lasso(x, y, alpha)
    tight_b, tight_w, tight_iter = sklearn_lasso(x, y, alpha, tol=1e-10)
    ref_all = np.concatenate([[ref_b], ref_w])
    support_ref = ref_w != 0
    support_inf = inf_w != 0

    def compare(b, w) -> dict:
        allv = np.concatenate([[b], w])
        nz = ref_all != 0
        return {
            "same_support": bool(np.array_equal(w != 0, support_ref)),
            "nonzero": int(np.count_nonzero(w)),
            "max_rel_diff_nonzero": max_rel(allv[nz], ref_all[nz]),
            "max_abs_diff_over_max_abs": float(np.max(np.abs(allv - ref_all)) / np.max(np.abs(ref_all))),
        }

    agreement = {
        "alpha": alpha,
        "lambda": lam,
        "reference": "sklearn Lasso(alpha, tol=1e-12, max_iter=100000)",
        "reference_nonzero": int(np.count_nonzero(support_ref)),
        "reference_n_iter": int(ref_iter),
        "infer": compare(inf_b, inf_w) | {"iterations": report.get("iterations"),
                                          "converged": report.get("converged")},
        "sklearn_tol_1e-4": compare(def_b, def_w) | {"n_iter": int(def_iter)},
        "sklearn_tol_1e-10": compare(tight_b, tight_w) | {"n_iter": int(tight_iter)},
        "infer_support_equals_reference": bool(np.array_equal(support_inf, support_ref)),
    }

    def peer(tol, with_read):
        def run():
            if with_read:
                seconds, _ = timed(lambda: sklearn_lasso(*load(path), alpha, tol=tol))
            else:
                seconds, _ = timed(lambda: sklearn_lasso(x, y, alpha, tol=tol))
            return seconds
        return run

    def infer_run():
        seconds, _ = run_infer(command, LASSO_ROWS)
        return seconds

    contenders = {
        "sklearn + read_csv": peer(1e-4, True),
        "sklearn fit only": peer(1e-4, False),
        "sklearn tol=1e-10 + read_csv": peer(1e-10, True),
        "sklearn tol=1e-10 fit only": peer(1e-10, False),
        "infer": infer_run,
    }
    if informational:
        contenders |= {"(pandas read_csv only)": read_csv_only(path),
                       "(infer load only)": infer_load_only(binary, path, LASSO_ROWS),
                       "(python3 script, whole process)": python_script(LASSO_SCRIPT.replace("float(sys.argv[2])", repr(alpha)), path)}
    if harness:
        contenders["(infer fit only, in-process)"] = in_process_fit(harness, "lasso", path, lam)
    times, cpu_times = interleave(contenders, repeats, "lasso")
    return {"times": times, "cpu_times": cpu_times, "agreement": agreement, "command": command}


# -------------------------------------------------------------------------------------- main

def summarise(title: str, times: dict, cpu_times: dict, target: float, pairs: list[tuple[str, str]]) -> dict:
    """Prints the table of medians and ratios peer / infer (wall, and CPU for information)."""
    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu_times.items()}
    infer, infer_cpu = medians["infer"], cpu_medians["infer"]
    ratios = {name: medians[name] / infer for name in medians if name != "infer"}
    cpu_ratios = {name: cpu_medians[name] / infer_cpu for name in cpu_medians if name != "infer"}
    print(title)
    print(f"  {'contender':<32}{'wall (s)':>10}{'peer/infer':>12}{'cpu (s)':>10}{'peer/infer':>12}")
    for name, median in medians.items():
        ratio = "" if name == "infer" else f"{ratios[name]:.2f}x"
        cpu_ratio = "" if name == "infer" else f"{cpu_ratios[name]:.2f}x"
        print(f"  {name:<32}{median:>10.4f}{ratio:>12}{cpu_medians[name]:>10.4f}{cpu_ratio:>12}")
    print("  (rows in parentheses are informational: not the peer; their ratio is just time / infer's)")
    fit_only = "(infer fit only, in-process)"
    fit_only_ratios = {}
    if fit_only in medians:
        for name in medians:
            if name.endswith("fit only") and not name.startswith("("):
                fit_only_ratios[name] = medians[name] / medians[fit_only]
                print(f"  fit alone, both in-process: {name} / infer fit = {fit_only_ratios[name]:.2f}x (wall), "
                      f"{cpu_medians[name] / cpu_medians[fit_only]:.2f}x (cpu)")
    # like for like: the library against the peer's fit (the requirement), the command line
    # against the peer's read_csv + fit, and against a whole Python script run from a shell
    verdicts = {}
    for peer, ours in pairs:
        if peer not in medians or ours not in medians:
            continue
        ratio = medians[peer] / medians[ours]
        verdicts[f"{peer} / {ours}"] = {"ratio": ratio, "met": ratio >= target}
        print(f"  peer/infer >= {target:g}? '{peer}' / '{ours}': {ratio:.2f} -> {'MET' if ratio >= target else 'NOT MET'}")
    print()
    return {"median_seconds": medians, "ratios_peer_over_infer": ratios,
            "median_cpu_seconds": cpu_medians, "cpu_ratios_peer_over_infer": cpu_ratios,
            "samples_seconds": times, "cpu_samples_seconds": cpu_times,
            "fit_only_ratios_peer_over_infer_in_process": fit_only_ratios,
            "target_ratio": target, "meets": verdicts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--infer", type=Path, help="an existing infer binary (skips the release build)")
    parser.add_argument("--alpha", type=float, default=0.1, help="sklearn Lasso alpha (infer lambda = n * alpha)")
    parser.add_argument("--only", choices=["logistic", "lasso"])
    parser.add_argument("--no-breakdown", action="store_true",
                        help="skip the informational rows (pandas read_csv only, infer load only)")
    parser.add_argument("--no-in-process", action="store_true",
                        help="skip building and timing the in-process harness (FitTiming)")
    parser.add_argument("--fit-timing", type=Path, help="an existing FitTiming binary (skips its build)")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds of sleep before each timed run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory with the CSVs")
    args = parser.parse_args()

    import numpy
    import pandas
    import sklearn
    import statsmodels

    global PAUSE
    PAUSE = args.pause
    binary = args.infer if args.infer else build_infer()
    harness = None
    if not args.no_in_process:
        harness = args.fit_timing if args.fit_timing else build_fit_timing()
    temp_dir = Path(tempfile.mkdtemp(prefix="infer-regression-bench-"))
    output: dict = {
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "repeats": args.repeats,
        "pause_seconds": args.pause,
        "infer_binary": str(binary),
        "cpus": os.cpu_count(),
        "blas_env": {k: v for k, v in os.environ.items()
                     if any(s in k for s in ("BLAS", "OMP_", "MKL_"))},
        "versions": {"python": platform.python_version(), "numpy": numpy.__version__,
                     "pandas": pandas.__version__, "statsmodels": statsmodels.__version__,
                     "sklearn": sklearn.__version__},
    }
    try:
        if args.only in (None, "logistic"):
            path = temp_dir / "logistic.csv"
            print(f"generating {path} …", file=sys.stderr)
            data = make_logistic(path)
            result = logistic_contest(binary, path, args.repeats, not args.no_breakdown, harness)
            a = result["agreement"]
            print(f"Logistic MLE, {LOGIT_ROWS:,} x {LOGIT_FEATURES} ({path.stat().st_size / 1e6:.1f} MB CSV), "
                  f"{args.repeats} interleaved repeats")
            print(f"  agreement with statsmodels: max rel diff estimates {a['max_rel_diff_estimates']:.2e}, "
                  f"standard errors {a['max_rel_diff_standard_errors']:.2e} "
                  f"({'OK' if max(a['max_rel_diff_estimates'], a['max_rel_diff_standard_errors']) < 1e-6 else 'TOO LARGE'}, want < 1e-6); "
                  f"iterations infer {a['infer_iterations']}, statsmodels {a['statsmodels_iterations']}")
            output["logistic"] = summarise("Logistic: medians", result["times"], result["cpu_times"], LOGIT_TARGET_RATIO,
                                           [("statsmodels fit only", "(infer fit only, in-process)"),
                                            ("statsmodels + read_csv", "infer"),
                                            ("(python3 script, whole process)", "infer")])
            output["logistic"] |= {"agreement": a, "data": {k: v for k, v in data.items() if k != "true_weights"},
                                   "csv_bytes": path.stat().st_size, "command": " ".join(result["command"][:-1])}
        if args.only in (None, "lasso"):
            path = temp_dir / "lasso.csv"
            print(f"generating {path} …", file=sys.stderr)
            data = make_lasso(path)
            result = lasso_contest(binary, path, args.repeats, args.alpha, not args.no_breakdown, harness)
            a = result["agreement"]
            print(f"Lasso, {LASSO_ROWS:,} x {LASSO_FEATURES}, alpha {args.alpha:g} (infer lambda {a['lambda']:g}), "
                  f"{a['reference_nonzero']} non-zero weights, {args.repeats} interleaved repeats")
            for who in ("infer", "sklearn_tol_1e-4", "sklearn_tol_1e-10"):
                c = a[who]
                print(f"  {who:<18} vs sklearn tol=1e-12: same support {c['same_support']} ({c['nonzero']} non-zero), "
                      f"max rel diff (non-zero coefs) {c['max_rel_diff_nonzero']:.2e}, "
                      f"max|diff|/max|w| {c['max_abs_diff_over_max_abs']:.2e}")
            if not 20 <= a["reference_nonzero"] <= 40:
                print(f"  note: {a['reference_nonzero']} non-zero weights, outside 20-40; change --alpha")
            output["lasso"] = summarise("Lasso: medians", result["times"], result["cpu_times"], LASSO_TARGET_RATIO,
                                        [("sklearn fit only", "(infer fit only, in-process)"),  # default tol
                                         ("sklearn + read_csv", "infer"),
                                         ("(python3 script, whole process)", "infer")])
            output["lasso"] |= {"agreement": a, "data": {k: v for k, v in data.items() if k != "true_weights"},
                                "csv_bytes": path.stat().st_size, "command": " ".join(result["command"][:-1])}
    finally:
        if args.keep:
            print(f"kept {temp_dir}", file=sys.stderr)
        else:
            shutil.rmtree(temp_dir, ignore_errors=True)

    print(json.dumps(output))


if __name__ == "__main__":
    main()
