#!/usr/bin/env python3
"""The sampler suite: every proposal of `infer sample` on seven posteriors, against rstan's NUTS
and a plain numpy random-walk Metropolis sampler.

The suite (data drawn here with fixed seeds, written to CSV; priors as infer's contract defines
them, written out in Stan):
  logistic      logistic regression, n = 1,000, p = 5, gaussian prior lambda = 1
  poisson       poisson regression, n = 500, p = 4, gaussian prior lambda = 1
  linear-ar1    linear regression, n = 200, 50 features AR(1) rho = 0.9, gaussian prior lambda = 1
                (w | sigma ~ N(0, sigma^2/lambda), p(sigma) ∝ 1/sigma, flat intercept)
  gamma         gamma family, n = 10, flat prior on shape and rate (a skewed posterior)
  softmax       softmax regression, 3 classes, n = 300, p = 2, gaussian prior lambda = 1
  coin          3 heads in 3 flips, flat prior: Beta(4, 1), its mass at the boundary p = 1
  (student-t on a small sample needs a prior on nu, which the command line does not take: it is
  in the library's suite, Tests/InferenceTests/Uncertainty/SamplerSuiteTests.swift.)

For each posterior and proposal: 4 chains x (1,000 warmup + 1,000 draws), the whole `infer`
process timed; the largest R-hat, the smallest bulk and tail ESS, infer's warnings, and the
smallest bulk ESS per second. rstan (Debian's r-cran-rstan) runs NUTS on the same posterior with
the same chains and draws, 2 cores, compile time excluded: its time is Stan's own clock
(get_elapsed_time, warmup and sampling of the 4 chains, halved for the 2 cores; the wall time of
the `sampling()` call, which adds R's start-up of its workers, is recorded beside it); its ESS by
rstan::ess_bulk, the same definition (Vehtari et al. 2021).

The default-settings case of issue 15: the logistic posterior with 4 chains x (1,000 warmup +
5,000 draws), seconds per 1,000 smallest bulk ESS, infer's default against the numpy sampler
(Gaussian steps with the Laplace covariance scaled by 2.38/sqrt(d), the same iterations).

Usage:
  python3 Benchmarks/bench/samplers.py [--infer PATH] [--repeats 3] [--only NAME] [--no-stan]
The last line of stdout is one JSON object with the results.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from uncertainty import random_walk_metropolis  # noqa: E402  (the same numpy sampler as its posterior case)

REPO = Path(__file__).resolve().parents[2]
SEED = 20261205
PROPOSALS = ["nuts", "hmc", "adaptive", "laplace", "random-walk"]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def write_csv(path: Path, columns: dict[str, np.ndarray]) -> None:
    names = list(columns)
    rows = np.column_stack([columns[name] for name in names])
    with path.open("w") as handle:
        handle.write(",".join(names) + "\n")
        for row in rows:
            handle.write(",".join(repr(float(v)) if not float(v).is_integer() else str(int(v)) for v in row) + "\n")


# ------------------------------------------------------------------------------ the suite

def suite(work: Path) -> list[dict]:
    rng = np.random.default_rng(SEED)
    cases = []

    n, p = 1_000, 5
    x = rng.standard_normal((n, p))
    y = (rng.random(n) < 1 / (1 + np.exp(-(-0.3 + x @ np.array([0.8, -0.5, 0.3, 0.0, 1.1]))))).astype(float)
    cases.append(dict(
        name="logistic", columns={**{f"x{j + 1}": x[:, j] for j in range(p)}, "y": y},
        infer=["--model", "logistic", "--target", "y", "--prior", "gaussian", "--lambda", "1"],
        stan="""data { int n; int p; matrix[n, p] x; int<lower=0, upper=1> y[n]; }
parameters { real b; vector[p] w; }
model { w ~ normal(0, 1); y ~ bernoulli_logit(b + x * w); }""",
        stan_data=dict(n=n, p=p, x=x, y=y.astype(int))))

    n, p = 500, 4
    x = rng.standard_normal((n, p))
    y = rng.poisson(np.exp(0.5 + x @ np.array([0.3, -0.2, 0.1, 0.0]))).astype(float)
    cases.append(dict(
        name="poisson", columns={**{f"x{j + 1}": x[:, j] for j in range(p)}, "y": y},
        infer=["--model", "poisson-regression", "--target", "y", "--prior", "gaussian", "--lambda", "1"],
        stan="""data { int n; int p; matrix[n, p] x; int<lower=0> y[n]; }
parameters { real b; vector[p] w; }
model { w ~ normal(0, 1); y ~ poisson_log(b + x * w); }""",
        stan_data=dict(n=n, p=p, x=x, y=y.astype(int))))

    n, p, rho = 200, 50, 0.9
    x = np.empty((n, p))
    x[:, 0] = rng.standard_normal(n)
    for j in range(1, p):
        x[:, j] = rho * x[:, j - 1] + np.sqrt(1 - rho * rho) * rng.standard_normal(n)
    truth = np.zeros(p)
    truth[::5] = rng.normal(0, 1, p // 5 + (1 if p % 5 else 0))[: len(truth[::5])]
    y = 1.0 + x @ truth + rng.standard_normal(n)
    cases.append(dict(
        name="linear-ar1", columns={**{f"x{j + 1}": x[:, j] for j in range(p)}, "y": y},
        infer=["--model", "linear", "--target", "y", "--prior", "gaussian", "--lambda", "1"],
        stan="""data { int n; int p; matrix[n, p] x; vector[n] y; }
parameters { real b; vector[p] w; real<lower=0> sigma; }
model { target += -log(sigma); w ~ normal(0, sigma); y ~ normal(b + x * w, sigma); }""",
        stan_data=dict(n=n, p=p, x=x, y=y)))

    y = rng.gamma(2.0, 1.0, 10)
    cases.append(dict(
        name="gamma", columns={"x": y},
        infer=["--model", "gamma"],
        stan="""data { int n; vector[n] y; }
parameters { real<lower=0> shape; real<lower=0> rate; }
model { y ~ gamma(shape, rate); }""",
        stan_data=dict(n=len(y), y=y)))

    n, p, k = 300, 2, 3
    x = rng.standard_normal((n, p))
    eta = np.column_stack([np.zeros(n), 0.3 + x @ np.array([1.0, -0.5]), -0.2 + x @ np.array([-0.7, 0.8])])
    prob = np.exp(eta - eta.max(axis=1, keepdims=True))
    prob /= prob.sum(axis=1, keepdims=True)
    y = np.array([rng.choice(k, p=row) for row in prob]).astype(float)
    cases.append(dict(
        name="softmax", columns={"x1": x[:, 0], "x2": x[:, 1], "y": y},
        infer=["--model", "softmax", "--target", "y", "--prior", "gaussian", "--lambda", "1"],
        stan="""data { int n; int p; int k; matrix[n, p] x; int y[n]; }
parameters { vector[k - 1] b; matrix[p, k - 1] w; }
model {
  to_vector(w) ~ normal(0, 1);
  for (i in 1:n) y[i] ~ categorical_logit(append_row(0, b + (x[i] * w)'));
}""",
        stan_data=dict(n=n, p=p, k=k, x=x, y=(y + 1).astype(int))))

    cases.append(dict(
        name="coin", columns={"heads": np.array([1.0, 1.0, 1.0])},
        infer=["--model", "bernoulli"],
        stan="""data { int n; int<lower=0, upper=1> y[n]; }
parameters { real<lower=0, upper=1> p; }
model { y ~ bernoulli(p); }""",
        stan_data=dict(n=3, y=np.array([1, 1, 1]))))

    for case in cases:
        case["path"] = work / f"{case['name']}.csv"
        write_csv(case["path"], case["columns"])
    return cases


# ------------------------------------------------------------------------------ runners

def run_infer(infer: Path, case: dict, proposal: str | None, chains: int, warmup: int, draws: int, work: Path) -> dict:
    command = [str(infer), "sample", *case["infer"], "--chains", str(chains), "--warmup", str(warmup), "--draws", str(draws),
               "--format", "json", "--quiet", str(case["path"])]
    if proposal:
        command[2:2] = ["--proposal", proposal]
    time.sleep(0.3)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        return {"error": done.stderr.strip(), "seconds": wall}
    report = json.loads(done.stdout)
    parameters = report["parameters"]
    bulk = min(parameter["essBulk"] for parameter in parameters)
    return {
        "seconds": wall, "min_ess_bulk": bulk, "min_ess_tail": min(parameter["essTail"] for parameter in parameters),
        "max_rhat": max(parameter["rhat"] for parameter in parameters), "ess_bulk_per_second": bulk / wall,
        "warnings": [line for line in done.stderr.splitlines() if "warning" in line],
        "divergences": report.get("divergences"), "proposal": report["proposal"],
    }


R_RUNNER = r"""
suppressMessages(library(rstan))
args <- commandArgs(trailingOnly = TRUE)
model <- stan_model(file = args[1])
data <- jsonlite::fromJSON(args[2])
chains <- as.integer(args[3]); warmup <- as.integer(args[4]); draws <- as.integer(args[5])
repeats <- as.integer(args[6])
for (r in seq_len(repeats)) {
  elapsed <- system.time(fit <- sampling(model, data = data, chains = chains, iter = warmup + draws, warmup = warmup,
                                         cores = 2, seed = r, refresh = 0))[["elapsed"]]
  draws_array <- as.array(fit)
  names <- setdiff(dimnames(draws_array)[[3]], "lp__")
  bulk <- min(sapply(names, function(v) ess_bulk(draws_array[, , v])))
  rhat <- max(sapply(names, function(v) Rhat(draws_array[, , v])))
  divergent <- sum(sapply(get_sampler_params(fit, inc_warmup = FALSE), function(x) sum(x[, "divergent__"])))
  # Stan's own clock: the chains' warmup and sampling, shared by the 2 cores (R's start-up of the
  # parallel workers left out, in Stan's favour)
  sampler <- sum(get_elapsed_time(fit)) / 2
  cat(jsonlite::toJSON(list(seconds = sampler, wall_seconds = elapsed, min_ess_bulk = bulk, max_rhat = rhat, divergences = divergent),
                       auto_unbox = TRUE), "\n")
}
"""


def run_stan(case: dict, chains: int, warmup: int, draws: int, repeats: int, work: Path) -> list[dict]:
    model = work / f"{case['name']}.stan"
    model.write_text(case["stan"] + "\n")
    data = work / f"{case['name']}.json"
    data.write_text(json.dumps({key: value.tolist() if isinstance(value, np.ndarray) else value for key, value in case["stan_data"].items()}))
    runner = work / "run.R"
    runner.write_text(R_RUNNER)
    done = subprocess.run(["Rscript", str(runner), str(model), str(data), str(chains), str(warmup), str(draws), str(repeats)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return [{"error": done.stderr.strip()[-500:]}]
    runs = [json.loads(line) for line in done.stdout.splitlines() if line.strip().startswith("{")]
    for run in runs:
        run["ess_bulk_per_second"] = run["min_ess_bulk"] / run["seconds"]
    return runs


def numpy_metropolis(case: dict, chains: int, warmup: int, draws: int) -> tuple[float, float]:
    """(seconds, smallest bulk ESS) of a random-walk Metropolis sampler on the logistic posterior."""
    import arviz as az
    import statsmodels.api as sm

    x = np.column_stack([case["columns"][f"x{j + 1}"] for j in range(5)])
    y = case["columns"]["y"]
    design = sm.add_constant(x)
    penalty = np.r_[0.0, np.ones(5)]

    def log_density(theta):
        eta = design @ theta
        return float(np.sum(y * eta - np.logaddexp(0, eta)) - 0.5 * np.sum(penalty * theta * theta))

    fit = sm.Logit(y, design).fit(disp=0)
    covariance = np.linalg.inv(np.linalg.inv(fit.cov_params()) + np.diag(penalty))
    mode = fit.params
    time.sleep(0.3)
    start = time.perf_counter()
    out = random_walk_metropolis(log_density, mode, covariance, chains, warmup, draws)
    seconds = time.perf_counter() - start
    return seconds, float(min(az.ess(out[:, :, j], method="bulk") for j in range(out.shape[2])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--infer", type=Path, default=REPO / ".build/release/infer")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only")
    parser.add_argument("--no-stan", action="store_true")
    parser.add_argument("--no-numpy", action="store_true")
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="infer-samplers-"))
    cases = [case for case in suite(work) if arguments.only in (None, case["name"])]
    results: dict = {"cpu": cpu_model(), "cores": __import__("os").cpu_count(), "posteriors": {}}
    for case in cases:
        entry: dict = {}
        for proposal in [None] + PROPOSALS:
            runs = [run_infer(arguments.infer, case, proposal, 4, 1_000, 1_000, work) for _ in range(arguments.repeats)]
            key = "default" if proposal is None else proposal
            good = [run for run in runs if "error" not in run]
            if not good:
                entry[key] = {"error": runs[0]["error"]}
            else:
                median_run = sorted(good, key=lambda run: run["ess_bulk_per_second"])[len(good) // 2]
                entry[key] = {**median_run, "ess_bulk_per_second": statistics.median(run["ess_bulk_per_second"] for run in good)}
            print(case["name"], key, json.dumps(entry[key]), flush=True)
        if not arguments.no_stan:
            runs = run_stan(case, 4, 1_000, 1_000, arguments.repeats, work)
            good = [run for run in runs if "error" not in run]
            entry["rstan"] = ({"error": runs[0]["error"]} if not good else
                              {**sorted(good, key=lambda run: run["ess_bulk_per_second"])[len(good) // 2],
                               "ess_bulk_per_second": statistics.median(run["ess_bulk_per_second"] for run in good)})
            if good and "error" not in entry.get("nuts", {"error": 1}):
                entry["nuts_vs_rstan"] = entry["nuts"]["ess_bulk_per_second"] / entry["rstan"]["ess_bulk_per_second"]
            print(case["name"], "rstan", json.dumps(entry["rstan"]), flush=True)
        results["posteriors"][case["name"]] = entry
    logistic = next((case for case in cases if case["name"] == "logistic"), None)
    if logistic is not None and not arguments.no_numpy:
        per_thousand = {"default": [], "numpy": []}
        for _ in range(arguments.repeats):
            run = run_infer(arguments.infer, logistic, None, 4, 1_000, 5_000, work)
            per_thousand["default"].append(run["seconds"] / run["min_ess_bulk"] * 1_000)
            seconds, ess = numpy_metropolis(logistic, 4, 1_000, 5_000)
            per_thousand["numpy"].append(seconds / ess * 1_000)
        medians = {key: statistics.median(values) for key, values in per_thousand.items()}
        results["default_vs_numpy"] = {"seconds_per_1000_ess": medians, "ratio": medians["numpy"] / medians["default"], "goal": 10}
        print("default vs numpy", json.dumps(results["default_vs_numpy"]), flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    sys.exit(main())
