#!/usr/bin/env python3
"""Coverage studies: `infer calibrate` against the same study as a Python loop over scipy.

The goal (release build, medians over --repeats runs, ratio python / infer measured in the same
run; higher = infer faster): the exponential coverage study below at least 20x faster in infer
than in the Python loop.

The study: the exponential model (density rate*exp(-rate*x)) at the true rate 2; R = 1,000 data
sets (--replications) of each of the sizes 10, 30, 100, 300, 1,000; on each, four 95% intervals:
  wald        rate_hat = 1/mean(x), SE = rate_hat/sqrt(n), formed on the log scale:
              rate_hat*exp(-+z*SE/rate_hat), z = Phi^-1(0.975);
  percentile  the nonparametric bootstrap of the MLE 1/mean(x), B = 999 resamples;
  bca         the same with BCa (acceleration from the jackknife);
  credible    the exact posterior Gamma(2 + n, rate 1 + sum(x)) under the gamma(2, 1) prior,
              equal-tailed.
Coverage counts the replications that gave an interval (closed at both ends); a failure gave none
(for the Python loop: scipy raised, or an end is NaN) and is counted apart, as infer does.

infer is timed as the whole process (start-up, the simulation, the intervals, the JSON report),
threads at infer's default:
  infer calibrate --model exponential --truth rate=2 --sizes 10,30,100,300,1000 \
        --replications 1000 --resamples 999 --methods wald,percentile,bca,credible \
        --prior 'gamma(2,1)' --format json --seed 1
The Python loop runs in this process: for each size and replication, numpy draws the sample
(default_rng), computes Wald, scipy.stats.bootstrap((x,), statistic, n_resamples=999,
method='percentile', confidence_level=0.95, vectorized=True, axis=-1, random_state=rng) and the
same with method='BCa' (statistic = 1/mean along the last axis, vectorised: the peer's best usage;
scipy computes each method from its own resamples), and scipy.stats.gamma.ppf for the credible
interval. One untimed warm-up each (infer: the whole study; Python: 2 replications of each size,
so that the imports and scipy's first calls are not timed), then --repeats interleaved runs,
a 0.3 s pause before each; medians of wall time.

Agreement is printed beside the times: both sides' coverage per (n, method) with their Monte-Carlo
standard errors and the difference in units of the combined MCSE (|difference| < 3 expected,
barring a real disagreement; the streams differ, so the coverages agree only within Monte-Carlo
error). The full Python loop takes minutes: --replications N applies to both sides equally (the
ratio is then measured at N). --python-only runs the Python half alone (no infer, no build).

Usage:
  python3 Benchmarks/bench/calibration.py [--replications 1000] [--repeats 1] [--infer PATH] [--save]
  python3 Benchmarks/bench/calibration.py --python-only --replications 20
--save writes the results to Benchmarks/calibration.json; the last line of stdout is one JSON
object with the results either way.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tuning import cpu_model  # noqa: E402
from uncertainty import build_infer, median, run_infer, timed  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SAVE = REPO / "Benchmarks" / "calibration.json"
SEED = 20261207
RATE = 2.0
SIZES = [10, 30, 100, 300, 1000]
RESAMPLES = 999
METHODS = ["wald", "percentile", "bca", "credible"]
PRIOR = (2.0, 1.0)  # gamma(shape, rate)
LEVEL = 0.95
TARGET_RATIO = 20


def infer_command(infer: Path, replications: int) -> list[str]:
    return [str(infer), "calibrate", "--model", "exponential", "--truth", f"rate={RATE:g}",
            "--sizes", ",".join(map(str, SIZES)), "--replications", str(replications), "--resamples", str(RESAMPLES),
            "--methods", ",".join(METHODS), "--prior", f"gamma({PRIOR[0]:g},{PRIOR[1]:g})", "--format", "json", "--seed", "1"]


def infer_coverage(report: dict) -> dict[tuple[int, str], dict]:
    """The report's "coverage" array keyed by (n, method) (the one parameter, rate)."""
    return {(int(entry["n"]), entry["method"]): entry for entry in report["coverage"]}


def inverse_mean(x, axis=-1):
    return 1.0 / np.mean(x, axis=axis)


def python_study(replications: int, seed: int = SEED) -> dict[tuple[int, str], dict]:
    """The study as a Python loop: per (n, method) the covered, intervals, failures and width sum,
    summarised like infer's report."""
    from scipy import stats

    rng = np.random.default_rng(seed)
    z = float(stats.norm.ppf(0.5 + LEVEL / 2))
    tails = [(1 - LEVEL) / 2, (1 + LEVEL) / 2]
    tally = {(n, method): {"covered": 0, "intervals": 0, "failures": 0, "width": 0.0} for n in SIZES for method in METHODS}

    def record(n, method, low, high):
        entry = tally[(n, method)]
        if not (math.isfinite(low) and math.isfinite(high)):  # NaN (or infinite) end: no interval
            entry["failures"] += 1
            return
        entry["intervals"] += 1
        entry["width"] += high - low
        entry["covered"] += int(low <= RATE <= high)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy's DegenerateDataWarning comes with a NaN end, counted above
        for n in SIZES:
            for _ in range(replications):
                x = rng.exponential(scale=1 / RATE, size=n)
                total = float(x.sum())
                rate_hat = n / total
                se = rate_hat / math.sqrt(n)
                record(n, "wald", rate_hat * math.exp(-z * se / rate_hat), rate_hat * math.exp(z * se / rate_hat))
                for method, scipy_method in (("percentile", "percentile"), ("bca", "BCa")):
                    try:
                        result = stats.bootstrap((x,), inverse_mean, n_resamples=RESAMPLES, method=scipy_method,
                                                 confidence_level=LEVEL, vectorized=True, axis=-1, random_state=rng)
                        low, high = float(result.confidence_interval.low), float(result.confidence_interval.high)
                    except Exception:  # noqa: BLE001 (any scipy failure is a failure of the method)
                        low = high = math.nan
                    record(n, method, low, high)
                low, high = stats.gamma.ppf(tails, PRIOR[0] + n, scale=1 / (PRIOR[1] + total))
                record(n, "credible", float(low), float(high))

    summary = {}
    for (n, method), entry in tally.items():
        m = entry["intervals"]
        c = entry["covered"] / m if m else None
        summary[(n, method)] = {"n": n, "method": method, "name": "rate", "coverage": c,
                                "mcse": math.sqrt(c * (1 - c) / m) if m else None,
                                "meanWidth": entry["width"] / m if m else None, "failures": entry["failures"]}
    return summary


def agreement(infer: dict | None, python: dict) -> list[dict]:
    rows = []
    for n in SIZES:
        for method in METHODS:
            ours, theirs = (infer or {}).get((n, method)), python[(n, method)]
            row = {"n": n, "method": method,
                   "python": {key: theirs[key] for key in ("coverage", "mcse", "meanWidth", "failures")}}
            if ours is not None:
                row["infer"] = {key: ours.get(key) for key in ("coverage", "mcse", "meanWidth", "failures")}
                if ours.get("coverage") is not None and theirs["coverage"] is not None:
                    spread = math.hypot(ours.get("mcse") or 0.0, theirs["mcse"] or 0.0)
                    row["difference_in_mcse"] = (ours["coverage"] - theirs["coverage"]) / spread if spread > 0 else 0.0
            rows.append(row)
    return rows


def infer_version(infer: Path) -> str | None:
    try:
        done = subprocess.run([str(infer), "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def number(value, digits=4):
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(result: dict) -> None:
    out = sys.stderr
    print(f"coverage study: exponential rate = {RATE:g}, sizes {SIZES}, R = {result['replications']}, B = {RESAMPLES}, "
          f"methods {', '.join(METHODS)}, prior gamma({PRIOR[0]:g}, {PRIOR[1]:g})", file=out)
    print(f"cpu: {result['cpu']}, {result['cores']} cores; python {result['versions']['python']}, "
          f"numpy {result['versions']['numpy']}, scipy {result['versions']['scipy']}, infer {result['versions']['infer']}", file=out)
    print(f"{'infer s':>10} {'python s':>10} {'python/infer':>13} {'goal':>6} {'met':>5}", file=out)
    print(f"{number(result['infer_seconds'], 2):>10} {number(result['python_seconds'], 2):>10} "
          f"{number(result['ratio'], 1):>13} {TARGET_RATIO:>6} {str(result['met']) if result['met'] is not None else '-':>5}", file=out)
    print(f"python seconds per replication (all {len(SIZES)} sizes): {number(result['python_seconds_per_replication'], 4)}", file=out)
    print(f"{'n':>5} {'method':>10} | {'infer cov':>9} {'mcse':>6} {'width':>7} {'fail':>4} | "
          f"{'python cov':>10} {'mcse':>6} {'width':>7} {'fail':>4} | {'diff/mcse':>9}", file=out)
    for row in result["agreement"]:
        ours, theirs = row.get("infer", {}), row["python"]
        print(f"{row['n']:>5} {row['method']:>10} | {number(ours.get('coverage')):>9} {number(ours.get('mcse')):>6} "
              f"{number(ours.get('meanWidth'), 3):>7} {ours.get('failures', '-'):>4} | {number(theirs['coverage']):>10} "
              f"{number(theirs['mcse']):>6} {number(theirs['meanWidth'], 3):>7} {theirs['failures']:>4} | "
              f"{number(row.get('difference_in_mcse'), 2):>9}", file=out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replications", type=int, default=1000, help="data sets of each size, both sides (default 1000)")
    parser.add_argument("--repeats", type=int, default=1, help="timed runs of each side; medians (default 1: the Python side is long)")
    parser.add_argument("--infer", type=Path, help="an infer binary (default: build one in release, as the other benchmarks)")
    parser.add_argument("--python-only", action="store_true", help="run only the Python loop (no infer, no build)")
    parser.add_argument("--save", action="store_true", help=f"write the results to {SAVE.relative_to(REPO)}")
    arguments = parser.parse_args()
    import scipy

    infer = None if arguments.python_only else (arguments.infer or build_infer())
    command = infer_command(infer, arguments.replications) if infer else None

    # one untimed warm-up each
    if command:
        run_infer(command)
    python_study(2)

    infer_times, python_times = [], []
    report, python = None, None
    for _ in range(arguments.repeats):
        if command:
            wall, report, _ = run_infer(command)
            infer_times.append(wall)
        seconds, python = timed(lambda: python_study(arguments.replications))
        python_times.append(seconds)
    infer_seconds = median(infer_times) if infer_times else None
    python_seconds = median(python_times)
    ratio = python_seconds / infer_seconds if infer_seconds else None
    result = {
        "case": (f"exponential coverage study, rate = {RATE:g}, sizes {','.join(map(str, SIZES))}, "
                 f"{arguments.replications} replications, B = {RESAMPLES}, {','.join(METHODS)}"),
        "command": command[1:] if command else None,
        "replications": arguments.replications, "repeats": arguments.repeats,
        "infer_seconds": infer_seconds, "python_seconds": python_seconds,
        "python_seconds_per_replication": python_seconds / arguments.replications,
        "ratio": ratio, "target_ratio": TARGET_RATIO, "met": ratio >= TARGET_RATIO if ratio is not None else None,
        "infer_times": infer_times, "python_times": python_times,
        "machine": os.uname().nodename, "cpu": cpu_model(), "cores": os.cpu_count(),
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "infer": infer_version(infer) if infer else None},
        "agreement": agreement(infer_coverage(report) if report else None, python),
    }
    print_table(result)
    if arguments.save:
        SAVE.write_text(json.dumps(result, indent=1) + "\n")
        print(f"wrote {SAVE.relative_to(REPO)}", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
