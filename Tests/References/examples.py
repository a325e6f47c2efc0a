"""Makes the example datasets that `infer demo` ships (Sources/InferCLI/Resources/Examples).

Rerun with `python3 Tests/References/examples.py` from the repository root; the seed is fixed,
so the files come out byte-identical.
- coin-flips.csv: three heads in three flips (column `heads`).
- gaussian.csv: 40 heights drawn from N(170, 8^2), one decimal (column `x`).
- lifetimes.csv: 60 lifetimes in hours from Gamma(shape 2, rate 0.004), one decimal (column `hours`).
"""
import numpy as np

rng = np.random.default_rng(2026)
d = 'Sources/InferCLI/Resources/Examples'
open(f'{d}/coin-flips.csv', 'w').write('heads\n1\n1\n1\n')
x = rng.normal(170.0, 8.0, 40)
open(f'{d}/gaussian.csv', 'w').write('x\n' + ''.join(f'{v:.1f}\n' for v in x))
t = rng.gamma(2.0, 1 / 0.004, 60)
open(f'{d}/lifetimes.csv', 'w').write('hours\n' + ''.join(f'{v:.1f}\n' for v in t))
