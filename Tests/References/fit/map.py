"""Reference values for MAP estimates of the families (Tests/InferenceTests/Estimators/MaximumAPosterioriTests.swift).

Rerun with `python3 Tests/References/fit/map.py` from the repository root (numpy, scipy).
- Conjugate pairs: the exact posterior (scipy.stats.beta / gamma), its mode, sd and the
  equal-tailed 95% credible interval, for 3 heads in 3 flips under beta(2,2), beta(10,10) and
  beta(1,1), for poisson.csv under gamma(2,1) and exponential.csv under gamma(3,2).
- gaussian.csv under normal(0,1) on mu, flat on sigma: the joint mode by its fixed-point
  equations mu = (n xbar / s2 + m / t2) / (n / s2 + 1 / t2), s2 = mean((x - mu)^2), iterated to
  convergence, and standard errors from the exact Hessian of the log posterior at the mode.
"""
import json
import numpy as np
import scipy
from scipy import stats

out = {"generatedBy": "Tests/References/fit/map.py", "scipy": scipy.__version__, "conjugate": [], "gaussian": None}


def conjugate(label, data, family, prior, posterior, dist):
    lo, hi = dist.ppf(0.025), dist.ppf(0.975)
    a, b = posterior
    if family == "beta":
        mode = (a - 1) / (a + b - 2) if a > 1 and b > 1 else (1.0 if a > 1 else 0.0)
    else:
        mode = (a - 1) / b if a >= 1 else 0.0
    out["conjugate"].append({"label": label, "data": data, "family": family, "prior": prior,
                             "posterior": list(map(float, posterior)), "mode": float(mode), "mean": float(dist.mean()),
                             "sd": float(dist.std()), "lower": float(lo), "upper": float(hi)})


for a, b in [(2, 2), (10, 10), (1, 1)]:
    conjugate(f"coin beta({a},{b})", "coin-flips", "beta", [a, b], (a + 3, b), stats.beta(a + 3, b))
x = np.loadtxt("Tests/References/fit/poisson.csv", skiprows=1)
conjugate("poisson gamma(2,1)", "poisson.csv", "gamma", [2, 1], (2 + x.sum(), 1 + len(x)), stats.gamma(2 + x.sum(), scale=1 / (1 + len(x))))
x = np.loadtxt("Tests/References/fit/exponential.csv", skiprows=1)
conjugate("exponential gamma(3,2)", "exponential.csv", "gamma", [3, 2], (3 + len(x), 2 + x.sum()),
          stats.gamma(3 + len(x), scale=1 / (2 + x.sum())))

x = np.loadtxt("Tests/References/fit/gaussian.csv", skiprows=1)
n = len(x)
m, t = 0.0, 1.0
mu = x.mean()
for _ in range(1000):
    s2 = ((x - mu) ** 2).mean()
    mu = (n * x.mean() / s2 + m / t ** 2) / (n / s2 + 1 / t ** 2)
s2 = ((x - mu) ** 2).mean()
s = np.sqrt(s2)
H = np.array([[-n / s2 - 1 / t ** 2, -2 * (x - mu).sum() / s ** 3],
              [-2 * (x - mu).sum() / s ** 3, n / s2 - 3 * ((x - mu) ** 2).sum() / s2 ** 2]])
se = np.sqrt(np.diag(np.linalg.inv(-H)))
logpost = stats.norm(mu, s).logpdf(x).sum() + stats.norm(m, t).logpdf(mu)
out["gaussian"] = {"data": "gaussian.csv", "prior": "normal(0,1)", "mu": float(mu), "sigma": float(s),
                   "seMu": float(se[0]), "seSigma": float(se[1]), "logPosterior": float(logpost)}
json.dump(out, open("Tests/References/fit/map.json", "w"), indent=1)
print(json.dumps(out, indent=1))
