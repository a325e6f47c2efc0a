"""Reference for the third-party-model test: a Weibull sample and its exact MLE.

The test plugs a Weibull model that gives only its log-likelihood into the library's
StatisticalModel protocol and checks MLE and standard errors against these values.
Rerun with `python3 Tests/References/fit/weibull.py` (numpy, scipy, mpmath).
- weibull.csv: 120 draws of Weibull(shape 1.8, scale 3.0), seed 99, repr precision.
- weibull.json: scipy.stats.weibull_min.fit(x, floc=0) ("scipy"), the MLE polished by Newton's
  method in 50-digit arithmetic ("estimate"), standard errors from the exact observed
  information, and the maximised log-likelihood.
"""
import json
import mpmath as mp
import numpy as np
import scipy
from scipy import stats

mp.mp.dps = 50
rng = np.random.default_rng(99)
x = 3.0 * rng.weibull(1.8, 120)
with open('Tests/References/fit/weibull.csv', 'w') as f:
    f.write('x\n' + ''.join(repr(float(v)) + '\n' for v in x))
x = np.loadtxt('Tests/References/fit/weibull.csv', skiprows=1)
c, loc, scale = stats.weibull_min.fit(x, floc=0)
X = [mp.mpf(repr(float(v))) for v in x]


def loglik(k, lam):
    return sum(mp.log(k) - mp.log(lam) + (k - 1) * mp.log(v / lam) - (v / lam) ** k for v in X)


def grad_hess(k, lam):
    f = lambda a, b: loglik(a, b)
    g = [mp.diff(f, (k, lam), (1, 0)), mp.diff(f, (k, lam), (0, 1))]
    h = mp.matrix([[mp.diff(f, (k, lam), (2, 0)), mp.diff(f, (k, lam), (1, 1))],
                   [mp.diff(f, (k, lam), (1, 1)), mp.diff(f, (k, lam), (0, 2))]])
    return mp.matrix(g), h


k, lam = mp.mpf(c), mp.mpf(scale)
for _ in range(30):
    g, h = grad_hess(k, lam)
    step = mp.lu_solve(h, g)
    k, lam = k - step[0], lam - step[1]
    if max(abs(step[0] / k), abs(step[1] / lam)) < mp.mpf('1e-35'):
        break
g, h = grad_hess(k, lam)
cov = (-h) ** -1
out = {
    'generatedBy': 'Tests/References/fit/weibull.py', 'scipy': scipy.__version__, 'data': 'weibull.csv', 'n': len(X),
    'logLikelihood': float(loglik(k, lam)),
    'parameters': [
        {'name': 'shape', 'estimate': float(k), 'scipy': float(c), 'standardError': float(mp.sqrt(cov[0, 0]))},
        {'name': 'scale', 'estimate': float(lam), 'scipy': float(scale), 'standardError': float(mp.sqrt(cov[1, 1]))},
    ],
}
json.dump(out, open('Tests/References/fit/weibull.json', 'w'), indent=1)
print(json.dumps(out, indent=1))
