#!/usr/bin/env python3
"""What a formula with an interaction adds to a logistic fit (issue 14: under 10%).

Two files of the same 1,000,000 rows: `coded.csv` holds the design's ten columns as numbers
(x, z, the four dummies of g and the four x:g products, with the target y); `table.csv` holds
y, x, z and the text column g of 5 levels. Timed, interleaved, N times each (medians of whole
`infer` processes, release build):
  (a) infer fit --model logistic --target y FILE               on coded.csv (the design given)
  (b) infer fit --model logistic --formula "y ~ x*g + z" FILE  on table.csv (the design built)
Both fits must agree (the same coefficients, up to the names), which the script checks. The
formula's cost is (b)/(a) - 1: coding the text column and forming the products, against
parsing eight more numeric columns.

Usage: python3 Benchmarks/bench/formula_cost.py --infer .build/release/infer [--rows N] [--repeats N]
"""
import argparse, json, statistics, subprocess, sys, tempfile, time
from pathlib import Path

import numpy as np

LEVELS = ["a", "b", "c", "d", "e"]


def generate(directory: Path, rows: int, seed: int = 14) -> tuple[Path, Path]:
    rng = np.random.default_rng(seed)
    x, z = rng.standard_normal(rows), rng.standard_normal(rows)
    g = rng.integers(0, 5, rows)
    effect = np.array([0.0, 0.4, -0.3, 0.2, 0.1])[g] + np.array([0.0, 0.3, -0.2, 0.1, 0.2])[g] * x
    y = (rng.random(rows) < 1 / (1 + np.exp(-(0.2 + 0.8 * x - 0.5 * z + effect)))).astype(int)
    x, z, y = x.tolist(), z.tolist(), y.tolist()  # Python floats: repr gives the shortest round-trip text
    table, coded = directory / "table.csv", directory / "coded.csv"
    with open(table, "w") as out:
        out.write("y,x,g,z\n")
        out.write("\n".join(f"{y[i]},{x[i]!r},{LEVELS[g[i]]},{z[i]!r}" for i in range(rows)) + "\n")
    dummies = [(g == k).astype(int).tolist() for k in range(1, 5)]
    with open(coded, "w") as out:
        out.write("y,x," + ",".join(f"g{LEVELS[k]}" for k in range(1, 5)) + ",z," + ",".join(f"xg{LEVELS[k]}" for k in range(1, 5)) + "\n")
        out.write("\n".join(
            f"{y[i]},{x[i]!r}," + ",".join(str(d[i]) for d in dummies) + f",{z[i]!r}," + ",".join(repr(x[i] * d[i]) for d in dummies)
            for i in range(rows)) + "\n")
    return table, coded


def run(command: list[str]) -> tuple[float, dict]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--infer", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        table, coded = generate(Path(temp), args.rows)
        commands = {
            "design given (coded.csv)": [str(args.infer), "fit", "--model", "logistic", "--target", "y", "--format", "json", str(coded)],
            "formula (table.csv)": [str(args.infer), "fit", "--model", "logistic", "--formula", "y ~ x*g + z", "--format", "json", str(table)],
        }
        reports = {name: run(command)[1] for name, command in commands.items()}  # warm-up, and the fits compared
        given = sorted(p["estimate"] for p in reports["design given (coded.csv)"]["parameters"])
        built = sorted(p["estimate"] for p in reports["formula (table.csv)"]["parameters"])
        if len(given) != len(built) or max(abs(a - b) for a, b in zip(given, built)) > 1e-6:
            sys.exit(f"the two fits differ: {given} vs {built}")
        times = {name: [] for name in commands}
        for _ in range(args.repeats):
            for name, command in commands.items():
                times[name].append(run(command)[0])
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:<28}{value:8.3f} s  (samples {', '.join(f'{t:.3f}' for t in times[name])})")
    cost = medians["formula (table.csv)"] / medians["design given (coded.csv)"] - 1
    print(f"the formula adds {100 * cost:+.1f}% to the fit's time (requirement: under +10%)")
    print(json.dumps({"rows": args.rows, "repeats": args.repeats, "medians": medians, "added": cost}))


if __name__ == "__main__":
    main()
