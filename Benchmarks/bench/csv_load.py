#!/usr/bin/env python3
"""Peer comparison: loading a 10-million-row, one-column CSV with `infer` against pandas.

Requirement checked: loading 10 million rows of one column takes no longer than pandas' default
read_csv (issue 18's goal, "CSV >= 1x pandas"; the first requirement allowed twice as long).

What is timed, interleaved, N times each (default 5):
  (a) pandas.read_csv(path) in this process, with pandas' defaults: the requirement's reference.
      pandas >= 3.1 parses a large local file in parallel threads by default (up to
      min(cores, 6) workers: 2 here), so a single-threaded read (mode.max_threads = 1) is
      timed too, as a secondary like-for-like reference for the single-threaded infer; and
      engine="pyarrow" too, only if pyarrow is already installed (never installed here);
  (b) the whole `infer fit --model gaussian --format json FILE` process, as subprocess wall time
      (process start, loading, a closed-form Gaussian fit and the JSON report: the fit is O(n)
      and cheap, so the time is dominated by loading).
(b) includes process start-up and the fit, so the ratio is conservative for infer.
The requirement is judged on the median wall-time ratio; CPU-time medians (this process's CPU
time around read_csv, the child's user + system time for infer) are reported beside it because
they are less disturbed by other load on a small, shared machine.

The machine this was written for has 2 cores and is noisy: only medians and ratios are reported.
The last line of stdout is one JSON object with the results.

Usage:
  python3 Benchmarks/bench/csv_load.py [--rows 10000000] [--repeats 5] [--infer PATH]
                                       [--csv PATH] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]  # /work/main
TABLE = False  # --table: issue 14's three-column table instead of one column
LIMIT_RATIO = 1.0  # infer / pandas must be <= 1 (issue 18)


def generate_csv(path: Path, rows: int, seed: int = 20240601) -> None:
    """Header `x`, then `rows` values formatted like Python's repr of standard normal draws."""
    import numpy as np

    rng = np.random.default_rng(seed)
    chunk = 1_000_000
    with open(path, "w", encoding="ascii", newline="\n") as out:
        out.write("x\n")
        left = rows
        while left > 0:
            n = min(chunk, left)
            values = rng.standard_normal(n).tolist()  # Python floats, so repr is Python's
            out.write("\n".join(map(repr, values)))
            out.write("\n")
            left -= n


TABLE_COLUMNS = ["a", "b", "g"]


def generate_table(path: Path, rows: int, seed: int = 20261205) -> None:
    """The table of issue 14's requirement: two numeric columns (`repr` of normal draws), one
    text column of 5 levels, and 1% of the cells of each column empty (missing)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    levels = np.array(["north", "south", "east", "west", "centre"])
    chunk = 1_000_000
    with open(path, "w", encoding="ascii", newline="\n") as out:
        out.write(",".join(TABLE_COLUMNS) + "\n")
        left = rows
        while left > 0:
            n = min(chunk, left)
            a = rng.standard_normal(n).tolist()
            b = (rng.standard_normal(n) * 10).tolist()
            g = levels[rng.integers(0, 5, n)].tolist()
            gone = rng.random((3, n)) < 0.01
            out.write("\n".join(
                f"{'' if gone[0, i] else repr(a[i])},{'' if gone[1, i] else repr(b[i])},{'' if gone[2, i] else g[i]}" for i in range(n)))
            out.write("\n")
            left -= n


def build_infer() -> Path:
    """Builds `infer` in release and returns the binary's path."""
    subprocess.run(
        ["swift", "build", "-c", "release", "--static-swift-stdlib", "--package-path", str(REPO), "--product", "infer"],
        check=True,
        stdout=sys.stderr,
    )
    bin_dir = subprocess.run(
        ["swift", "build", "-c", "release", "--static-swift-stdlib", "--package-path", str(REPO), "--show-bin-path"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    binary = Path(bin_dir) / "infer"
    if not binary.is_file():
        sys.exit(f"no infer binary at {binary}")
    return binary


def time_pandas(path: Path, engine: str | None, rows: int, threads: int | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one read_csv; `threads` sets
    pandas' mode.max_threads (pandas >= 3.1 reads large files in parallel by default)."""
    import pandas as pd

    gc.collect()
    kwargs = {} if engine is None else {"engine": engine}
    options = ("mode.max_threads", threads) if threads is not None else ()
    with pd.option_context(*options) if options else contextlib.nullcontext():
        cpu = time.process_time()
        start = time.perf_counter()
        frame = pd.read_csv(path, **kwargs)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
    if len(frame) != rows or list(frame.columns) != (TABLE_COLUMNS if TABLE else ["x"]):
        sys.exit(f"pandas read {frame.shape} with columns {list(frame.columns)}")
    del frame
    return elapsed, cpu


# --table: what `infer` runs. "infer": a Gaussian fit of column a (only column a is parsed, the
# others skipped cell by cell; a's missing rows dropped). "all columns": the same with a filter
# on each other column that every non-missing cell passes, so that all three are parsed (the
# text one into level indices), checked for missing cells and read: what loading the whole
# table costs, the like-for-like comparison with read_csv.
TABLE_COMMANDS = {
    "infer": ["fit", "--model", "gaussian", "--column", "a"],
    "infer[all columns]": ["fit", "--model", "gaussian", "--column", "a", "--where", "b > -1e300", "--where", "g != none"],
}


def infer_command(binary: Path, path: Path, variant: str = "infer") -> list[str]:
    arguments = TABLE_COMMANDS[variant] if TABLE else ["fit", "--model", "gaussian"]
    return [str(binary), *arguments, "--format", "json", str(path)]


def peak_memory(command: list[str]) -> int:
    """Peak resident memory (bytes) of one run of `command`, started from a fresh, small Python
    process: Linux counts the pages of the process that forks a child in the child's peak (the
    pre-exec image), so a child of this process, which holds pandas' frames, would report this
    process's size instead of its own."""
    probe = ("import resource, subprocess, sys; "
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)")
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    return int(done.stdout.strip())


def time_infer(binary: Path, path: Path, rows: int, variant: str = "infer") -> tuple[float, float]:
    """(wall seconds, user + system CPU seconds) of one `infer fit` process."""
    command = infer_command(binary, path, variant)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"infer failed ({done.returncode}): {done.stderr.strip()}")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        sys.exit(f"infer printed no JSON: {done.stdout[:200]!r}")
    # Guard against timing a run that read something else: n must be the row count.
    n = find_key(report, "n")
    dropped = find_key(report, "dropped") or 0
    filtered = variant != "infer"  # rows the filters leave out (a missing b or g) count in neither
    if n is not None and (int(n) + int(dropped) > rows if filtered else int(n) + int(dropped) != rows):
        sys.exit(f"infer reports n = {n} and {dropped} dropped, expected {rows} rows")
    return elapsed, cpu


def find_key(value, key):
    if isinstance(value, dict):
        if key in value:
            return value[key]
        for item in value.values():
            found = find_key(item, key)
            if found is not None:
                return found
    elif isinstance(value, list):
        for item in value:
            found = find_key(item, key)
            if found is not None:
                return found
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--infer", type=Path, help="an existing infer binary (skips the release build)")
    parser.add_argument("--csv", type=Path, help="use (or create) this CSV instead of a temporary one")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--table", action="store_true",
                        help="two numeric columns, one text column of 5 levels, 1%% missing cells (issue 14's table)")
    args = parser.parse_args()
    global TABLE
    TABLE = args.table

    import numpy
    import pandas

    try:
        import pyarrow  # noqa: F401  (only used if it happens to be installed)

        pyarrow_version = pyarrow.__version__
    except ImportError:
        pyarrow_version = None

    try:
        pandas.get_option("mode.max_threads")
        has_max_threads = True
    except (KeyError, pandas.errors.OptionError):
        has_max_threads = False

    binary = args.infer if args.infer else build_infer()

    temp_dir = None
    if args.csv:
        csv_path = args.csv
    else:
        temp_dir = Path(tempfile.mkdtemp(prefix="infer-csv-bench-"))
        csv_path = temp_dir / (f"table-{args.rows}.csv" if TABLE else f"normal-{args.rows}.csv")
    try:
        if not csv_path.exists():
            print(f"generating {args.rows:,} rows into {csv_path} …", file=sys.stderr)
            start = time.perf_counter()
            (generate_table if TABLE else generate_csv)(csv_path, args.rows)
            print(f"  done in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        size = csv_path.stat().st_size

        contenders = {"pandas": lambda: time_pandas(csv_path, None, args.rows)}
        if has_max_threads:
            contenders["pandas[1 thread]"] = lambda: time_pandas(csv_path, None, args.rows, threads=1)
        if pyarrow_version:
            contenders["pandas[pyarrow]"] = lambda: time_pandas(csv_path, "pyarrow", args.rows)
        contenders["infer"] = lambda: time_infer(binary, csv_path, args.rows)
        if TABLE:
            contenders["infer[all columns]"] = lambda: time_infer(binary, csv_path, args.rows, "infer[all columns]")

        # One untimed warm-up of each puts the file in the page cache and loads the libraries.
        for run in contenders.values():
            run()
        times: dict[str, list[float]] = {name: [] for name in contenders}
        cpu_times: dict[str, list[float]] = {name: [] for name in contenders}
        for repeat in range(args.repeats):
            for name, run in contenders.items():
                wall, cpu = run()
                times[name].append(wall)
                cpu_times[name].append(cpu)
            line = "  ".join(f"{name} {times[name][-1]:.3f}s (cpu {cpu_times[name][-1]:.3f}s)" for name in contenders)
            print(f"repeat {repeat + 1}/{args.repeats}: {line}", file=sys.stderr)
        # the peaks are measured while the file still exists (it is removed below unless --keep)
        peaks = {name: peak_memory(infer_command(binary, csv_path, name))
                 for name in (TABLE_COMMANDS if TABLE else ["infer"])}
    finally:
        if temp_dir and not args.keep:
            shutil.rmtree(temp_dir, ignore_errors=True)

    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu_times.items()}
    cpu_ratio = cpu_medians["infer"] / cpu_medians["pandas"]
    ratio = medians["infer"] / medians["pandas"]
    ratios = {f"infer/{name}": medians["infer"] / medians[name] for name in medians if not name.startswith("infer")}
    if TABLE:
        ratios["infer[all columns]/pandas"] = medians["infer[all columns]"] / medians["pandas"]

    print()
    shape = "x 3 columns (2 numeric, 1 text of 5 levels, 1% missing)" if TABLE else "x 1 column"
    peak = max(peaks.values())
    parsed = args.rows * (8 + 8 + 4) if TABLE else args.rows * 8
    print(f"{args.rows:,} rows {shape}, {size / 1e6:.1f} MB, {args.repeats} interleaved repeats, medians")
    print(f"{'contender':<18}{'wall (s)':>10}{'rows/s':>14}{'vs pandas':>11}{'cpu (s)':>10}{'vs pandas':>11}")
    for name, median in medians.items():
        print(
            f"{name:<18}{median:>10.3f}{args.rows / median:>14,.0f}{median / medians['pandas']:>10.2f}x"
            f"{cpu_medians[name]:>10.3f}{cpu_medians[name] / cpu_medians['pandas']:>10.2f}x"
        )
    limit = 1.0 if TABLE else LIMIT_RATIO
    verdict = "meets" if ratio <= limit else "FAILS"
    print(f"infer/pandas = {ratio:.2f} by median wall time ({verdict} the {limit:g}x requirement); "
          f"{cpu_ratio:.2f} by median CPU time")
    if TABLE:
        print(f"infer[all columns]/pandas = {medians['infer[all columns]'] / medians['pandas']:.2f} by median wall time")
    # what each command parses: `fit --column a` only column a (infer parses the columns a run
    # uses), the filters' command all three
    parsed_by = {"infer": args.rows * 8, "infer[all columns]": parsed} if TABLE else {"infer": parsed}
    for name, value in peaks.items():
        print(f"{name}'s peak memory {value / 1e6:.0f} MB = {value / parsed_by[name]:.2f}x the columns it parses ({parsed_by[name] / 1e6:.0f} MB)"
              + ("; the table's requirement is under 2x" if TABLE else ""))
    for name, value in ratios.items():
        if name not in ("infer/pandas", "infer[all columns]/pandas"):
            print(f"{name} = {value:.2f} by median wall time")
    print()

    result = {
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "rows": args.rows,
        "bytes": size,
        "repeats": args.repeats,
        "median_seconds": medians,
        "samples_seconds": times,
        "median_cpu_seconds": cpu_medians,
        "cpu_samples_seconds": cpu_times,
        "cpu_ratio_infer_over_pandas": cpu_ratio,
        "ratio_infer_over_pandas": ratio,
        "ratios": ratios,
        "limit_ratio": limit,
        "meets_requirement": ratio <= limit,
        "table": TABLE,
        "infer_peak_bytes": peak,
        "infer_peak_bytes_by_command": peaks,
        "infer_commands": {name: infer_command(binary, csv_path, name)[1:] for name in (TABLE_COMMANDS if TABLE else ["infer"])},
        "parsed_column_bytes": parsed,
        "parsed_column_bytes_by_command": parsed_by,
        "infer_binary": str(binary),
        "versions": {
            "python": platform.python_version(),
            "pandas": pandas.__version__,
            "numpy": numpy.__version__,
            "pyarrow": pyarrow_version,
        },
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
