"""Makes the example datasets that `infer demo` ships (Sources/InferCLI/Resources/Examples).

Rerun with `python3 Tests/References/examples.py` from the repository root; the seed is fixed,
so the files come out byte-identical.
- coin-flips.csv: three heads in three flips (column `heads`).
- gaussian.csv: 40 heights drawn from N(170, 8^2), one decimal (column `x`).
- lifetimes.csv: 60 lifetimes in hours from Gamma(shape 2, rate 0.004), one decimal (column `hours`).
- flips.csv: 500 flips of a coin with p = 0.6 (column `heads`).
- sparse.csv: 20 rows, x1..x10 ~ N(0, 1), y = 1 + 3 x1 - 2 x4 + 1.5 x8 + N(0, 1) (the other seven
  weights are 0), four decimals.
- classes.csv: 200 rows, x1..x8 ~ N(0, 1), P(y = 1) = expit(-0.3 + 1.5 x1 - x2 + 0.8 x3) (the other
  five weights 0), four decimals; `split` is 0 for the first 100 rows (training) and 1 for the rest.
"""
import numpy as np

rng = np.random.default_rng(2026)
d = 'Sources/InferCLI/Resources/Examples'
open(f'{d}/coin-flips.csv', 'w').write('heads\n1\n1\n1\n')
x = rng.normal(170.0, 8.0, 40)
open(f'{d}/gaussian.csv', 'w').write('x\n' + ''.join(f'{v:.1f}\n' for v in x))
t = rng.gamma(2.0, 1 / 0.004, 60)
open(f'{d}/lifetimes.csv', 'w').write('hours\n' + ''.join(f'{v:.1f}\n' for v in t))
flips = (rng.random(500) < 0.6).astype(int)
open(f'{d}/flips.csv', 'w').write('heads\n' + ''.join(f'{v}\n' for v in flips))
x = rng.standard_normal((20, 10))
y = 1 + 3 * x[:, 0] - 2 * x[:, 3] + 1.5 * x[:, 7] + rng.standard_normal(20)
open(f'{d}/sparse.csv', 'w').write(','.join([f'x{j + 1}' for j in range(10)] + ['y']) + '\n'
                                   + ''.join(','.join(f'{v:.4f}' for v in list(x[i]) + [y[i]]) + '\n' for i in range(20)))
x = rng.standard_normal((200, 8))
eta = -0.3 + 1.5 * x[:, 0] - x[:, 1] + 0.8 * x[:, 2]
y = (rng.random(200) < 1 / (1 + np.exp(-eta))).astype(int)
open(f'{d}/classes.csv', 'w').write(','.join([f'x{j + 1}' for j in range(8)] + ['y', 'split']) + '\n'
                                    + ''.join(','.join(f'{v:.4f}' for v in x[i]) + f',{y[i]},{int(i >= 100)}\n' for i in range(200)))

