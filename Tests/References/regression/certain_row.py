#!/usr/bin/env python3
"""A logistic MLE that exists although one row is predicted with certainty (|eta| ~ 39).

200 overlapping rows, x_i = 1.5 sin(i) and y_i = 1 when frac(0.618034 i) < sigmoid(0.3 + x_i),
pin the weight; one more row, x = 40 with y = 1, sits far out on the side of its class. The
MLE exists (statsmodels fits it); a check that called any row with |eta| > 27.6 separated
refused it. Writes certain_row.json beside this script: the MLE and its standard errors.

    python3 Tests/References/regression/certain_row.py
"""
import json
import math
import os

import numpy as np
import statsmodels
import statsmodels.api as sm

x = [1.5 * math.sin(i) for i in range(200)]
y = [1.0 if (0.618034 * i) % 1 < 1 / (1 + math.exp(-(0.3 + xi))) else 0.0 for i, xi in enumerate(x)]
x.append(40.0)
y.append(1.0)
X = sm.add_constant(np.array(x))
fit = sm.Logit(np.array(y), X).fit(disp=0, method="newton", tol=1e-14, maxiter=100)
out = {"generatedBy": "Tests/References/regression/certain_row.py", "statsmodels": statsmodels.__version__,
       "estimates": list(fit.params), "standardErrors": list(fit.bse),
       "largestLinearPredictor": float(np.abs(X @ fit.params).max()), "logLikelihood": float(fit.llf)}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "certain_row.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(json.dumps(out))
