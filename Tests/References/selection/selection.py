#!/usr/bin/env python3
"""Reference values for choosing λ (infer tune): scikit-learn's LassoCV, ElasticNetCV, RidgeCV,
LogisticRegressionCV and BayesianRidge, plus numpy for GCV and the Laplace evidence of a logistic
regression.

Rerun with `python3 Tests/References/selection/selection.py` (numpy, scipy, scikit-learn); it
rewrites linear.csv, logistic.csv and selection.json next to itself.

Data (numpy default_rng, seeds in SEEDS; floats written with repr so they round-trip):
  linear.csv    n = 200, x1..x8 ~ N(0, 1) with corr 0.3, y = 1 + 2 x1 - 1.5 x3 + 0.5 x7 + N(0, 1.5²);
                `fold`: 5 folds of 40 rows in random order.
  logistic.csv  n = 300, x1..x4 ~ N(0, 1), P(y = 1) = expit(-0.3 + 0.9 x1 - 0.6 x2 + 0.2 x4);
                `fold`: 5 folds of 60 rows in random order.

The project's conventions (../../../../shared/spec/cli.md): sum-form objective
-log L(w) + λ R(w), intercept unpenalised. scikit-learn's mean-form estimators map as
Lasso/ElasticNet alpha = λ / n_train (every training fold here has n_train = 160 rows),
RidgeCV alpha = λ, LogisticRegression C = 1/λ; BayesianRidge's λ is lambda_/alpha_.
Solver tolerances are tightened (tol 1e-12, many iterations) so that the references are the
optima, not a solver's early stop.
"""
import json
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy import optimize
from sklearn.linear_model._coordinate_descent import _alpha_grid
from sklearn.linear_model import BayesianRidge, ElasticNetCV, LassoCV, LogisticRegression, LogisticRegressionCV, RidgeCV
from sklearn.model_selection import PredefinedSplit

HERE = Path(__file__).resolve().parent
SEEDS = {"linear": 20261201, "logistic": 20261202}


def write_csv(path, columns):
    names = list(columns)
    rows = zip(*(columns[name] for name in names))
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        for row in rows:
            f.write(",".join(repr(float(v)) if not float(v).is_integer() or name != "fold" else str(int(v))
                             for v, name in zip(row, names)) + "\n")


def read_csv(path):
    d = np.genfromtxt(path, delimiter=",", names=True)
    return {name: d[name] for name in d.dtype.names}


def linear_data():
    rng = np.random.default_rng(SEEDS["linear"])
    n, p = 200, 8
    cov = 0.3 + 0.7 * np.eye(p)
    x = rng.standard_normal((n, p)) @ np.linalg.cholesky(cov).T
    y = 1 + 2 * x[:, 0] - 1.5 * x[:, 2] + 0.5 * x[:, 6] + 1.5 * rng.standard_normal(n)
    fold = rng.permutation(np.repeat(np.arange(5), 40))
    write_csv(HERE / "linear.csv", {**{f"x{j + 1}": x[:, j] for j in range(p)}, "y": y, "fold": fold})


def logistic_data():
    rng = np.random.default_rng(SEEDS["logistic"])
    n, p = 300, 4
    x = rng.standard_normal((n, p))
    eta = -0.3 + 0.9 * x[:, 0] - 0.6 * x[:, 1] + 0.2 * x[:, 3]
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    fold = rng.permutation(np.repeat(np.arange(5), 60))
    write_csv(HERE / "logistic.csv", {**{f"x{j + 1}": x[:, j] for j in range(p)}, "y": y, "fold": fold})


def features(d, p):
    return np.column_stack([d[f"x{j + 1}"] for j in range(p)])


def main():
    linear_data()
    logistic_data()
    out = {"generatedBy": "Tests/References/selection/selection.py",
           "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__},
           "seeds": SEEDS}

    d = read_csv(HERE / "linear.csv")
    x, y, fold = features(d, 8), d["y"], d["fold"].astype(int)
    n = len(y)
    n_train = n - n // 5
    xc, yc = x - x.mean(axis=0), y - y.mean()
    top = np.abs(xc.T @ yc).max()  # the smallest λ with every weight zero (sum form)
    split = PredefinedSplit(fold)

    # lasso and elastic net: LassoCV / ElasticNetCV with the same folds and grid
    lambdas = list(top * np.logspace(0, -3, 20))
    for name, mix in [("lasso", 1.0), ("elasticNet", 0.5)]:
        grid = [lam / n_train for lam in lambdas]  # alpha = λ / n_train
        common = dict(alphas=grid, cv=split, tol=1e-12, max_iter=1_000_000, fit_intercept=True)
        model = LassoCV(**common) if mix == 1 else ElasticNetCV(l1_ratio=mix, **common)
        model.fit(x, y)
        order = np.argsort(model.alphas_)[::-1]  # largest λ first
        out[name] = {
            "mix": mix, "lambdas": [float(model.alphas_[k] * n_train) for k in order],
            "foldMSE": [[float(v) for v in model.mse_path_[k]] for k in order],
            "selected": float(model.alpha_ * n_train),
            "lambdaTop": float(top / mix),
            "sklearnAlphaMaxTimesN": float(_alpha_grid(x, y, l1_ratio=mix, fit_intercept=True, n_alphas=1)[0] * n),
            "call": f"{type(model).__name__}(alphas=λ/{n_train}, cv=PredefinedSplit(fold), tol=1e-12, max_iter=1e6"
                    + (f", l1_ratio={mix})" if mix != 1 else ")"),
        }

    # ridge leave-one-out: RidgeCV's efficient LOO, squared errors per row
    ridge_lambdas = list(np.logspace(3, -2, 21))
    ridge = RidgeCV(alphas=ridge_lambdas, fit_intercept=True, store_cv_results=True).fit(x, y)
    order = np.argsort(ridge.alphas)[::-1]
    out["ridgeLOO"] = {
        "lambdas": [float(ridge.alphas[k]) for k in order],
        "meanSquaredError": [float(ridge.cv_results_[:, k].mean()) for k in order],
        "selected": float(ridge.alpha_),
        "call": "RidgeCV(alphas, fit_intercept=True, store_cv_results=True)",
    }

    # ridge GCV from the hat matrix (numpy): RSS/n / (1 - df/n)², df = trace(H) with the intercept
    gcv = []
    for lam in out["ridgeLOO"]["lambdas"]:
        hat = np.ones((n, n)) / n + xc @ np.linalg.solve(xc.T @ xc + lam * np.eye(8), xc.T)
        residual = y - y.mean() - (hat - np.ones((n, n)) / n) @ yc
        gcv.append(float((residual @ residual) / n / (1 - np.trace(hat) / n) ** 2))
    out["ridgeGCV"] = {"lambdas": out["ridgeLOO"]["lambdas"], "meanSquaredError": gcv,
                       "call": "numpy: RSS/n / (1 - trace(H)/n)^2, H = 11'/n + Xc (Xc'Xc + λI)^-1 Xc'"}

    # evidence: BayesianRidge without hyperpriors (MacKay's updates)
    br = BayesianRidge(alpha_1=0, alpha_2=0, lambda_1=0, lambda_2=0, tol=1e-14, max_iter=100_000,
                       fit_intercept=True, compute_score=True).fit(x, y)
    eig = np.linalg.eigvalsh(xc.T @ xc)
    rss = ((yc - xc @ br.coef_) ** 2).sum()
    log_evidence = 0.5 * (8 * np.log(br.lambda_) + n * np.log(br.alpha_) - br.alpha_ * rss - br.lambda_ * (br.coef_ ** 2).sum()
                          - np.log(br.lambda_ + br.alpha_ * eig).sum() - n * np.log(2 * np.pi))
    out["bayesianRidge"] = {
        "alpha": float(br.alpha_), "lambda": float(br.lambda_), "selected": float(br.lambda_ / br.alpha_),
        "intercept": float(br.intercept_), "coefficients": [float(v) for v in br.coef_],
        "logEvidence": float(log_evidence), "iterations": int(br.n_iter_),
        "call": "BayesianRidge(alpha_1=0, alpha_2=0, lambda_1=0, lambda_2=0, tol=1e-14, max_iter=1e5)",
    }

    # logistic: LogisticRegressionCV, log loss per fold, the same folds
    d = read_csv(HERE / "logistic.csv")
    x, y, fold = features(d, 4), d["y"], d["fold"].astype(int)
    logistic_lambdas = list(np.logspace(2, -2, 13))
    cv = LogisticRegressionCV(Cs=[1 / lam for lam in logistic_lambdas], cv=PredefinedSplit(fold), scoring="neg_log_loss",
                              l1_ratios=(0,), use_legacy_attributes=True, solver="newton-cg", tol=1e-12, max_iter=10_000, fit_intercept=True).fit(x, y)
    scores = np.asarray(cv.scores_[1.0])  # folds × Cs, in the order of Cs
    scores = scores.reshape(5, len(logistic_lambdas))
    out["logisticCV"] = {
        "lambdas": logistic_lambdas,
        "foldLogLoss": [[float(-scores[f, k]) for f in range(5)] for k in range(len(logistic_lambdas))],
        "selected": float(1 / np.atleast_1d(cv.C_)[0]),
        "intercept": float(np.atleast_1d(cv.intercept_)[0]), "coefficients": [float(v) for v in np.ravel(cv.coef_)],
        "call": "LogisticRegressionCV(Cs=1/λ, cv=PredefinedSplit(fold), scoring='neg_log_loss', solver='newton-cg', tol=1e-12)",
    }

    # logistic evidence: the Laplace approximation with w ~ N(0, 1/λ), flat intercept, maximised over log λ
    a = np.column_stack([np.ones(len(y)), x])

    def laplace_log_evidence(lam):
        fit = LogisticRegression(C=1 / lam, solver="newton-cg", tol=1e-12, max_iter=10_000).fit(x, y)
        beta = np.concatenate([fit.intercept_, fit.coef_[0]])
        eta = a @ beta
        loglik = (y * eta - np.logaddexp(0, eta)).sum()
        w = beta[1:]
        log_prior = 0.5 * len(w) * np.log(lam / (2 * np.pi)) - 0.5 * lam * (w ** 2).sum()
        mu = 1 / (1 + np.exp(-eta))
        hessian = a.T @ (a * (mu * (1 - mu))[:, None]) + np.diag([0] + [lam] * len(w))
        return loglik + log_prior + 0.5 * len(beta) * np.log(2 * np.pi) - 0.5 * np.linalg.slogdet(hessian)[1]

    best = optimize.minimize_scalar(lambda t: -laplace_log_evidence(np.exp(t)), bounds=(np.log(1e-3), np.log(1e3)),
                                    method="bounded", options={"xatol": 1e-10})
    out["logisticEvidence"] = {
        "lambdas": logistic_lambdas, "logEvidence": [float(laplace_log_evidence(lam)) for lam in logistic_lambdas],
        "selected": float(np.exp(best.x)),
        "call": "numpy Laplace approximation at the MAP (LogisticRegression C=1/λ, newton-cg, tol 1e-12), bounded Brent on log λ",
    }

    (HERE / "selection.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
