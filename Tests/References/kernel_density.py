#!/usr/bin/env python3
"""Reference values of KernelDensityTests: Silverman's rule-of-thumb bandwidth
h = 0.9 · min(sd, IQR/1.34) · n^(-1/5) (sd with divisor n − 1, numpy.quantile's linear
interpolation) and the Gaussian kernel estimate at 1.5, for the draws 0, 1, 2, 4.

    python3 Tests/References/kernel_density.py
"""
import numpy as np

x = np.array([0, 1, 2, 4.0])
n = len(x)
sd = x.std(ddof=1)
q25, q75 = np.quantile(x, [0.25, 0.75])
h = 0.9 * min(sd, (q75 - q25) / 1.34) * n ** -0.2
density = np.exp(-0.5 * ((1.5 - x) / h) ** 2).sum() / (n * h * np.sqrt(2 * np.pi))
print(repr(float(h)), repr(float(density)))
