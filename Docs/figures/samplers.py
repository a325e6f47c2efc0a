#!/usr/bin/env python3
"""The figure of Docs/ChoosingASampler.md: the smallest bulk ESS per second of every proposal on
every posterior of the sampler suite, rstan's NUTS beside, from the results of
Benchmarks/bench/samplers.py saved as Benchmarks/samplers.json:

    python3 Benchmarks/bench/samplers.py --repeats 3 | tail -1 > Benchmarks/samplers.json
    python3 Docs/figures/samplers.py

Runs that fail the suite's test (R-hat > 1.01, an ESS < 400, or a warning) are drawn hollow.
Needs matplotlib.
"""

import json
from pathlib import Path

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PROPOSALS = ["nuts", "hmc", "laplace", "adaptive", "random-walk", "rstan"]
COLOURS = ["#08519c", "#3182bd", "#6baed6", "#fd8d3c", "#e6550d", "#636363"]


def passes(run: dict) -> bool:
    if "error" in run:
        return False
    tail = run.get("min_ess_tail", run["min_ess_bulk"])
    return run["max_rhat"] < 1.01 and min(run["min_ess_bulk"], tail) >= 400 and not run.get("warnings")


def main() -> None:
    results = json.loads((REPO / "Benchmarks/samplers.json").read_text())
    posteriors = list(results["posteriors"])
    matplotlib.rcParams["svg.hashsalt"] = "infer"
    matplotlib.rcParams["font.size"] = 9
    figure, axes = plt.subplots(figsize=(7.5, 3.6))
    width = 0.8 / len(PROPOSALS)
    for j, (proposal, colour) in enumerate(zip(PROPOSALS, COLOURS)):
        for i, name in enumerate(posteriors):
            run = results["posteriors"][name].get(proposal)
            if not run or "error" in run:
                continue
            good = passes(run)
            axes.bar(i + (j - (len(PROPOSALS) - 1) / 2) * width, run["ess_bulk_per_second"], width,
                     color=colour if good else "white", edgecolor=colour, linewidth=1,
                     label=(f"{proposal} (Stan's NUTS)" if proposal == "rstan" else proposal) if i == 0 else None)
    axes.set_yscale("log")
    axes.set_xticks(range(len(posteriors)))
    axes.set_xticklabels(posteriors)
    axes.set_ylabel("smallest bulk ESS per second")
    axes.set_title(f"4 chains x 1,000 draws after 1,000 warmup; hollow: fails R-hat < 1.01 or ESS >= 400 ({results['cpu']})",
                   fontsize=8)
    axes.legend(ncol=3, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1))
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    figure.savefig(REPO / "Docs/figures/samplers-ess.svg", metadata={"Date": None})
    print("wrote Docs/figures/samplers-ess.svg")


if __name__ == "__main__":
    main()
