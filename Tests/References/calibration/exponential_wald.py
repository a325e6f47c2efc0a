"""Reference for `infer calibrate`: the coverage of the 95% Wald interval of an exponential rate.

Model: x_1..x_n iid with density rate*exp(-rate*x), true rate = 2, n = 10, 30, 100.
The interval under test ("wald", as `infer calibrate --methods wald` defines it): the MLE
rate_hat = 1/mean(x), its standard error SE = rate_hat/sqrt(n), and the interval formed on the
log scale, rate_hat*exp(-z*SE/rate_hat) .. rate_hat*exp(+z*SE/rate_hat), i.e.
rate_hat*exp(-z/sqrt(n)) .. rate_hat*exp(+z/sqrt(n)), z = Phi^-1(0.975); closed at both ends.

Its coverage is computed two ways:
  - "monteCarlo": R = 4,000,000 simulated data sets per n (numpy default_rng(SEED), the sizes in
    the order 10, 30, 100 from one generator, drawn in chunks so memory stays small), with the
    Monte-Carlo standard error sqrt(c(1 - c)/R);
  - "exact": G = rate*sum(x) ~ Gamma(n, 1), and the interval holds the rate exactly when
    n*exp(-z/sqrt(n)) <= G <= n*exp(z/sqrt(n)), so coverage = F(n e^{z/sqrt n}) - F(n e^{-z/sqrt n})
    with F the Gamma(n, 1) distribution function (scipy.stats.gamma).
The script stops with an error unless the two agree within 4 MCSE.

For contrast, "plainWald" is the interval formed on the rate's own scale,
rate_hat*(1 - z/sqrt(n)) .. rate_hat*(1 + z/sqrt(n)) (rate_hat +- z*SE): it holds the rate
exactly when n*(1 - z/sqrt(n)) <= G <= n*(1 + z/sqrt(n)); its exact coverage (and, from the same
draws, a Monte-Carlo estimate) is written too. It is NOT what infer's `wald` computes.

Rerun from the package root (numpy, scipy; a few seconds):
  python3 Tests/References/calibration/exponential_wald.py
which rewrites Tests/References/calibration/exponential_wald.json.
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy import stats

RATE = 2.0
SIZES = [10, 30, 100]
LEVEL = 0.95
REPLICATIONS = 4_000_000
SEED = 20261207
CHUNK_VALUES = 2_000_000  # doubles drawn at once (16 MB)
OUT = Path(__file__).resolve().parent / "exponential_wald.json"

z = float(stats.norm.ppf(0.5 + LEVEL / 2))
rng = np.random.default_rng(SEED)


def exact_log_wald(n):
    c = z / math.sqrt(n)
    return float(stats.gamma.cdf(n * math.exp(c), n) - stats.gamma.cdf(n * math.exp(-c), n))


def exact_plain_wald(n):
    c = z / math.sqrt(n)
    return float(stats.gamma.cdf(n * (1 + c), n) - stats.gamma.cdf(max(0.0, n * (1 - c)), n))


def monte_carlo(n):
    """Counts of (log-scale, plain) intervals that hold RATE over REPLICATIONS data sets of size n."""
    c = z / math.sqrt(n)
    rows = max(1, CHUNK_VALUES // n)
    covered_log = covered_plain = 0
    done = 0
    while done < REPLICATIONS:
        m = min(rows, REPLICATIONS - done)
        x = rng.exponential(scale=1 / RATE, size=(m, n))
        rate_hat = 1.0 / x.mean(axis=1)
        se = rate_hat / math.sqrt(n)
        lower, upper = rate_hat * np.exp(-z * se / rate_hat), rate_hat * np.exp(z * se / rate_hat)
        covered_log += int(np.count_nonzero((lower <= RATE) & (RATE <= upper)))
        covered_plain += int(np.count_nonzero((rate_hat - z * se <= RATE) & (RATE <= rate_hat + z * se)))
        done += m
    return covered_log, covered_plain


def summary(covered):
    c = covered / REPLICATIONS
    return {"covered": covered, "replications": REPLICATIONS, "coverage": c, "mcse": math.sqrt(c * (1 - c) / REPLICATIONS)}


results, plain = [], []
failed = []
for n in SIZES:
    covered_log, covered_plain = monte_carlo(n)
    mc, exact = summary(covered_log), exact_log_wald(n)
    gap = (mc["coverage"] - exact) / mc["mcse"]
    results.append({"n": n, "exact": exact, "monteCarlo": mc, "differenceInMcse": gap})
    mc_plain, exact_plain = summary(covered_plain), exact_plain_wald(n)
    gap_plain = (mc_plain["coverage"] - exact_plain) / mc_plain["mcse"]
    plain.append({"n": n, "exact": exact_plain, "monteCarlo": mc_plain, "differenceInMcse": gap_plain})
    print(f"n = {n:4d}  log-scale Wald: exact {exact:.6f}  MC {mc['coverage']:.6f} ± {mc['mcse']:.6f} ({gap:+.2f} MCSE)"
          f"   plain Wald: exact {exact_plain:.6f}  MC {mc_plain['coverage']:.6f} ({gap_plain:+.2f} MCSE)", file=sys.stderr)
    if abs(gap) > 4 or abs(gap_plain) > 4:
        failed.append(n)
if failed:
    sys.exit(f"Monte Carlo and exact coverage differ by more than 4 MCSE at n = {failed}")

out = {
    "generatedBy": "Tests/References/calibration/exponential_wald.py",
    "numpy": np.__version__, "scipy": scipy.__version__,
    "model": "exponential, density rate*exp(-rate*x)", "truth": {"rate": RATE}, "level": LEVEL, "z": z,
    "seed": SEED, "generator": "numpy.random.default_rng(seed), sizes in order, exponential(scale=1/rate, size=(chunk, n))",
    "replications": REPLICATIONS,
    "definition": ("wald (infer calibrate --methods wald): rate_hat = 1/mean(x), SE = rate_hat/sqrt(n), interval on the log scale "
                   "rate_hat*exp(-z*SE/rate_hat) .. rate_hat*exp(z*SE/rate_hat) = rate_hat*exp(-+z/sqrt(n)), closed; "
                   "coverage = share of data sets whose interval holds the true rate"),
    "exactMethod": ("G = rate*sum(x) ~ Gamma(n, 1); coverage = P(n*exp(-z/sqrt(n)) <= G <= n*exp(z/sqrt(n))) "
                    "by scipy.stats.gamma.cdf"),
    "monteCarloMethod": "R simulated data sets per n; mcse = sqrt(c*(1 - c)/R); agreement with exact checked within 4 mcse",
    "coverage": results,
    "plainWald": {
        "note": ("FOR CONTRAST ONLY, not infer's wald: the interval on the rate's own scale, rate_hat +- z*rate_hat/sqrt(n); "
                 "exact coverage P(n*(1 - z/sqrt(n)) <= G <= n*(1 + z/sqrt(n))), G ~ Gamma(n, 1); Monte Carlo from the same draws"),
        "coverage": plain,
    },
}
OUT.write_text(json.dumps(out, indent=1) + "\n")
print(json.dumps(out, indent=1))
