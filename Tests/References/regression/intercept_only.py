#!/usr/bin/env python3
"""The linear model without features (`y ~ 1`): intercept, sigma, their standard errors and the
log-likelihood, by statsmodels' OLS on a constant (params, llf at the MLE scale RSS/n) and by the
closed forms b = mean(y), sigma = sqrt(RSS/n), se(b) = sigma/sqrt(n), se(sigma) = sigma/sqrt(2n)
(the observed information at the MLE), checked against each other.

40 rows: y_i = 2 + 1.5 sin(1.3 i) + 0.1 i (each float exactly as Python, and Swift through the
same libm, computes it). Writes intercept_only.json beside this script.

    python3 Tests/References/regression/intercept_only.py
"""
import json
import math
import os

import numpy as np
import statsmodels.api as sm

n = 40
y = np.array([2 + 1.5 * math.sin(1.3 * i) + 0.1 * i for i in range(n)])
ols = sm.OLS(y, np.ones((n, 1))).fit()
mean = float(ols.params[0])
sigma = math.sqrt(float(ols.ssr) / n)
closed = {"intercept": float(y.mean()), "sigma": math.sqrt(float(((y - y.mean()) ** 2).mean()))}
assert abs(closed["intercept"] - mean) <= 1e-14 * abs(mean) and abs(closed["sigma"] - sigma) <= 1e-14 * sigma
result = {
    "estimates": [mean, sigma],
    "standardErrors": [sigma / math.sqrt(n), sigma / math.sqrt(2 * n)],
    "logLikelihood": float(ols.llf),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "intercept_only.json"), "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
print(result)
