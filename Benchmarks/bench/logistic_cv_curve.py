#!/usr/bin/env python3
"""The logistic CV case of tuning.py, λ by λ: infer's held-out log loss against a loop over
scikit-learn's LogisticRegression fitted to tol 1e-10 on the same five folds.

  python3 Benchmarks/bench/logistic_cv_curve.py [--infer PATH]

Why: on this case LogisticRegressionCV (default tol 1e-4) and infer select different λ. The
curve is flat near its minimum (differences of a few 10⁻⁷), below LogisticRegressionCV's
solver tolerance; fitted to 1e-10, scikit-learn's losses equal infer's and have their minimum
where infer's does.
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tuning import SEED, logistic_data  # noqa: E402
from uncertainty import write_csv  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--infer", default=".build/release/infer")
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss

    x, y = logistic_data()
    n = len(y)
    fold = np.random.default_rng(SEED + 3).permutation(np.repeat(np.arange(5), n // 5))
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "logistic.csv"
        write_csv(path, {**{f"x{j + 1}": x[:, j] for j in range(x.shape[1])}, "y": y, "fold": fold})
        report = json.loads(subprocess.run(
            [args.infer, "tune", "--model", "logistic", "--target", "y", "--prior", "gaussian", "--method", "cv",
             "--fold-column", "fold", "--lambdas", "20", "--format", "json", str(path)],
            capture_output=True, text=True, check=True).stdout)
    rows = []
    for point in report["curve"]:
        lam = point["lambda"]
        losses = []
        for k in range(5):
            train, test = fold != k, fold == k
            model = LogisticRegression(C=1 / lam, tol=1e-10, max_iter=10_000).fit(x[train], y[train])
            losses.append(log_loss(y[test], model.predict_proba(x[test])[:, 1]))
        rows.append((lam, point["meanLoss"], float(np.mean(losses))))
        print(f"λ {lam:12.6g}   infer {point['meanLoss']:.10f}   scikit-learn {np.mean(losses):.10f}")
    largest = max(abs(a - b) / b for _, a, b in rows)
    print(f"infer selects {report['selected']:.6g}; scikit-learn's minimum (tol 1e-10) is at "
          f"{min(rows, key=lambda r: r[2])[0]:.6g}; largest relative difference of the losses {largest:.1e}")


if __name__ == "__main__":
    main()
