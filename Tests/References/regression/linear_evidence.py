"""The exact log evidence of linear + gaussian (λ = 3) on linear.csv, and its Laplace approximation.

Rerun with `python3 Tests/References/regression/linear_evidence.py` (numpy, scipy). The contract's
posterior: y ~ N(b + Xw, σ²), w | σ ~ N(0, σ²/λ), flat b, p(σ) ∝ 1/σ. Closed form:
log p(y) = −((n−1)/2) log 2π + (p/2) log λ − ½ log det M + log(½ Γ((n−1)/2)) − ((n−1)/2) log(S/2),
M = ÃᵀÃ + diag(0, λI), S = RSS + λ‖w‖² at the ridge solution. The script checks it by quadrature
over σ, then computes the Laplace approximation in (b, w, σ) with a finite-difference Hessian.
"""
import json
import numpy as np
from scipy import integrate, special

d = np.loadtxt('Tests/References/regression/linear.csv', delimiter=',', skiprows=1)
X, y = d[:, :6], d[:, 6]
n, p = X.shape
lam = 3.0
A = np.hstack([np.ones((n, 1)), X])
M = A.T @ A + np.diag([0] + [lam] * p)
beta = np.linalg.solve(M, A.T @ y)
S = ((y - A @ beta) ** 2).sum() + lam * (beta[1:] ** 2).sum()
logdet = np.linalg.slogdet(M)[1]
exact = (-(n - 1) / 2 * np.log(2 * np.pi) + p / 2 * np.log(lam) - 0.5 * logdet + np.log(0.5)
         + special.gammaln((n - 1) / 2) - (n - 1) / 2 * np.log(S / 2))


def conditional(s):
    return -(n - 1) / 2 * np.log(2 * np.pi * s * s) + p / 2 * np.log(lam) - 0.5 * logdet - S / (2 * s * s) - np.log(s)


quadrature = exact + np.log(integrate.quad(lambda s: np.exp(conditional(s) - exact), 1e-3, 50, limit=400)[0])


def log_posterior(t):
    b, s = t[:p + 1], t[-1]
    r = y - A @ b
    return (-n / 2 * np.log(2 * np.pi * s * s) - (r @ r) / (2 * s * s)
            + np.sum(-0.5 * np.log(2 * np.pi * s * s / lam) - lam * b[1:] ** 2 / (2 * s * s)) - np.log(s))


mode = np.concatenate([beta, [np.sqrt(S / (n + p + 1))]])
k, h = len(mode), 1e-4
H = np.zeros((k, k))
for i in range(k):
    for j in range(k):
        e, f = np.zeros(k), np.zeros(k)
        e[i], f[j] = h, h
        H[i, j] = (log_posterior(mode + e + f) - log_posterior(mode + e - f) - log_posterior(mode - e + f)
                   + log_posterior(mode - e - f)) / (4 * h * h)
laplace = log_posterior(mode) + k / 2 * np.log(2 * np.pi) - 0.5 * np.linalg.slogdet(-H)[1]
out = {"generatedBy": "Tests/References/regression/linear_evidence.py", "lambda": lam, "exactLogEvidence": exact,
       "quadratureLogEvidence": quadrature, "laplaceLogEvidence": laplace, "mode": mode.tolist()}
json.dump(out, open('Tests/References/regression/linear_evidence.json', 'w'), indent=1)
print(json.dumps(out, indent=1))
