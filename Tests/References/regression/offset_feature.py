#!/usr/bin/env python3
"""A linear fit with a feature far from 0 (10^6 + a spread of about 1): its standard errors in
exact rational arithmetic, for the OLS fit and the ridge fit at lambda = 2.

60 rows: x_i = 1.3 sin(i), far_i = 10^6 + 0.5 cos(1.7 i), y_i = 1 + 0.7 x_i - 0.4 (far_i - 10^6)
+ 0.3 sin(3.1 i) (each float exactly as Python, and Swift through the same libm, computes it).
Each double is taken as the exact rational it is; (X'X + lambda D) (D: 0 on the intercept, 1 on
each weight), the fit, its residual sum of squares and the inverse are exact fractions, then
sigma = sqrt(RSS/n) and each standard error sigma sqrt(inverse_kk) are rounded to doubles once.
A covariance that inverts X'X with its 10^12 entries loses about 3 digits here; one from the
centred design loses none. Writes offset_feature.json beside this script.

    python3 Tests/References/regression/offset_feature.py
"""
import json
import math
import os
from fractions import Fraction

n = 60
x = [1.3 * math.sin(i) for i in range(n)]
far = [1e6 + 0.5 * math.cos(1.7 * i) for i in range(n)]
y = [1 + 0.7 * x[i] - 0.4 * (far[i] - 1e6) + 0.3 * math.sin(3.1 * i) for i in range(n)]


def exact_fit(lam):
    rows = [[Fraction(1), Fraction(x[i]), Fraction(far[i])] for i in range(n)]
    target = [Fraction(v) for v in y]
    k = 3
    m = [[sum(r[a] * r[b] for r in rows) for b in range(k)] for a in range(k)]
    for j in (1, 2):
        m[j][j] += Fraction(lam)
    rhs = [sum(r[a] * t for r, t in zip(rows, target)) for a in range(k)]
    # Gauss-Jordan on [M | I | rhs]
    a = [m[i][:] + [Fraction(int(i == j)) for j in range(k)] + [rhs[i]] for i in range(k)]
    for c in range(k):
        p = next(r for r in range(c, k) if a[r][c] != 0)
        a[c], a[p] = a[p], a[c]
        pivot = a[c][c]
        a[c] = [v / pivot for v in a[c]]
        for r in range(k):
            if r != c and a[r][c] != 0:
                f = a[r][c]
                a[r] = [u - f * v for u, v in zip(a[r], a[c])]
    inverse = [row[k:2 * k] for row in a]
    beta = [row[2 * k] for row in a]
    rss = sum((t - sum(b * v for b, v in zip(beta, r))) ** 2 for r, t in zip(rows, target))
    sigma = math.sqrt(rss / n)
    return {"lambda": lam, "estimates": [float(b) for b in beta], "sigma": sigma,
            "standardErrors": [sigma * math.sqrt(inverse[j][j]) for j in range(k)]}


out = {"generatedBy": "Tests/References/regression/offset_feature.py", "fits": [exact_fit(0), exact_fit(2)]}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "offset_feature.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(json.dumps(out))
