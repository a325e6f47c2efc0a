#!/usr/bin/env python3
"""ArviZ reads infer's per-chain draws files as CmdStan's: the reference for
Tests/InferCLITests/ArviZDrawsFileTests.swift.

The draws files beside this script were written by infer itself (NUTS, 4 chains of 200 draws):

    infer sample --model gamma --proposal nuts --warmup 200 --draws 200 --seed 3 \
        --draws-out 'Tests/References/samplers/gamma-nuts-{chain}.csv' Tests/References/fit/gamma.csv

This script reads them with `arviz.from_cmdstan` (as a user of ArviZ would) and writes what ArviZ
sees to arviz_cmdstan.json: the posterior's chains and draws, its variables, the sample_stats
ArviZ maps Stan's sampler columns to, and az.summary's mean, ess_bulk, ess_tail and r_hat (full
precision, round_to="none"). The test checks that `infer summarize` of the same files gives the
same numbers (the same definitions, Vehtari et al. 2021) and that a fresh run writes files of the
same layout.

Usage: python3 Tests/References/samplers/arviz_cmdstan.py   (arviz from PyPI)
"""

import json
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
import arviz as az  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> None:
    files = sorted(HERE.glob("gamma-nuts-*.csv"))
    data = az.from_cmdstan([str(path) for path in files])
    posterior = data.posterior
    stats = data.sample_stats
    summary = az.summary(data, round_to="none")
    out = {
        "files": [path.name for path in files],
        "arviz": az.__version__,
        "chains": int(posterior.sizes["chain"]),
        "draws": int(posterior.sizes["draw"]),
        "variables": list(posterior.data_vars),
        "sample_stats": sorted(stats.data_vars),
        "diverging": int(stats["diverging"].values.sum()),
        "n_steps": int(stats["n_steps"].values.sum()),
        "parameters": {
            name: {key: float(summary.loc[name, key]) for key in ("mean", "sd", "ess_bulk", "ess_tail", "r_hat")}
            for name in posterior.data_vars
        },
    }
    (HERE / "arviz_cmdstan.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
