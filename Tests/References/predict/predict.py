#!/usr/bin/env python3
"""Reference predictions on held-out rows (train / test splits).

Writes, next to this script:

    toothgrowth_train.csv, toothgrowth_test.csv   (ols_tooth)
    warpbreaks_train.csv,  warpbreaks_test.csv    (poisson_warp)
    survey_train.csv,      survey_test.csv        (logit_survey)
    iris_train.csv,        iris_test.csv          (softmax_iris)
    predict.json          per case: train fit (params), per test row predictions
                          with intervals / probabilities, and test-set scores

Rerun from the package root with:

    python3 Tests/References/predict/predict.py

Needs numpy, pandas, patsy, statsmodels, scipy, scikit-learn and R (Rscript,
with the recommended package nnet).  Deterministic: the splits are fixed by
row number, there is no randomness.

Conventions
-----------
* Input: ../tables/<name>.csv.  Missing cells are "", "NA" and "N/A".
  "Row number" means the 1-based data row of a CSV file (header excluded).
* Train / test files are byte-exact copies of the source lines (header + the
  selected data lines, in source order), so number formatting and missing
  cells (survey's note, ...) are exactly as in the source.
* Splits:
    ols_tooth     test = source rows with row % 5 == 0
    poisson_warp  test = source rows with row % 6 == 0
    logit_survey  rows with a missing bought / age / income / region are dropped
                  first (from both files); test = remaining rows whose ORIGINAL
                  source row number has row % 4 == 0
    softmax_iris  test = source rows with row % 3 == 0
  Rows with a missing cell in a formula column are dropped (pandas dropna on
  the formula's columns) from train and test; every test row is complete, so
  prediction k is row k of the test file ("row" in predict.json, 1..m).
  "testSourceRows" gives the matching source row numbers.
* Factor levels: sorted distinct strings (byte order, = patsy's order),
  reference = first level, treatment coding; levels come from the training
  rows and are asserted equal to the full data's levels.  R runs with
  LC_COLLATE=C, so its levels are the same.
* Parameter names are patsy's (Intercept, supp[T.VC], supp[T.VC]:dose, ...).
* Numbers are written by json (Python repr, shortest round-trip double).
  R values pass through sprintf("%.17g").
"""

import json
import math
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
import patsy
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from scipy import stats
from scipy.special import gammaln
from sklearn.metrics import accuracy_score, brier_score_loss, log_loss

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = os.path.join(HERE, "..", "tables")
NA_VALUES = ["", "NA", "N/A"]
Z975 = float(stats.norm.ppf(0.975))     # 1.959963984540054


def fl(x):
    return float(x)


def read_source(name):
    df = pd.read_csv(os.path.join(TABLES, name), keep_default_na=False, na_values=NA_VALUES)
    with open(os.path.join(TABLES, name), newline="") as f:
        lines = f.read().split("\n")
    assert lines[-1] == "", name                 # file ends with a newline
    lines = lines[:-1]
    assert len(lines) == len(df) + 1, name       # one line per data row, no quoting
    return df, lines


def write_split(name, lines, rows, out):
    """Copy header + source data lines `rows` (1-based) to `out`; return its frame."""
    path = os.path.join(HERE, out)
    with open(path, "w", newline="") as f:
        f.write(lines[0] + "\n")
        for r in rows:
            f.write(lines[r] + "\n")
    return pd.read_csv(path, keep_default_na=False, na_values=NA_VALUES)


def split(case):
    """Returns (train frame, test frame, train source rows, test source rows)."""
    df, lines = read_source(case["source"])
    rownum = np.arange(1, len(df) + 1)
    eligible = np.ones(len(df), dtype=bool)
    if case.get("drop_incomplete_first"):
        eligible = df[case["vars"]].notna().all(axis=1).to_numpy()
    is_test = eligible & (rownum % case["every"] == 0)
    is_train = eligible & ~is_test
    train_rows = [int(r) for r in rownum[is_train]]
    test_rows = [int(r) for r in rownum[is_test]]
    tr = write_split(case["source"], lines, train_rows, case["train"])
    te = write_split(case["source"], lines, test_rows, case["test"])
    # re-read copies must equal the source subsets
    pd.testing.assert_frame_equal(tr, df.iloc[np.array(train_rows) - 1].reset_index(drop=True),
                                  check_dtype=False)
    pd.testing.assert_frame_equal(te, df.iloc[np.array(test_rows) - 1].reset_index(drop=True),
                                  check_dtype=False)
    # drop incomplete rows in the formula's columns (train and test)
    trc = tr.dropna(subset=case["vars"]).reset_index(drop=True)
    tec = te.dropna(subset=case["vars"]).reset_index(drop=True)
    assert len(tec) == len(te), "test rows must all be complete"
    train_used = [train_rows[i] for i in tr.dropna(subset=case["vars"]).index]
    # factor levels of the training rows equal those of the full (complete) data
    full = df.dropna(subset=case["vars"])
    levels = {}
    for v in case["vars"]:
        if full[v].dtype.kind not in "fiub":
            lv = sorted(full[v].unique())
            assert sorted(trc[v].unique()) == lv, (case["name"], v)
            assert set(tec[v].unique()) <= set(lv), (case["name"], v)
            levels[v] = lv
    return df, trc, tec, train_used, test_rows, levels


def design(rhs, train, test):
    Xtr = patsy.dmatrix(rhs, train, return_type="dataframe", NA_action="raise")
    Xte = patsy.build_design_matrices([Xtr.design_info], test, return_type="dataframe",
                                      NA_action="raise")[0]
    return list(Xtr.columns), Xtr.to_numpy(dtype=float), Xte.to_numpy(dtype=float)


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

CASES = [
    {"name": "ols_tooth", "source": "toothgrowth.csv", "every": 5,
     "train": "toothgrowth_train.csv", "test": "toothgrowth_test.csv",
     "formula": "len ~ supp * dose", "vars": ["len", "supp", "dose"],
     "model": "linear"},
    {"name": "poisson_warp", "source": "warpbreaks.csv", "every": 6,
     "train": "warpbreaks_train.csv", "test": "warpbreaks_test.csv",
     "formula": "breaks ~ wool + tension", "vars": ["breaks", "wool", "tension"],
     "model": "poisson-regression"},
    {"name": "logit_survey", "source": "survey.csv", "every": 4, "drop_incomplete_first": True,
     "train": "survey_train.csv", "test": "survey_test.csv",
     "formula": "bought ~ age + income + region", "vars": ["bought", "age", "income", "region"],
     "model": "logistic", "positive": "yes"},
    {"name": "softmax_iris", "source": "iris.csv", "every": 3,
     "train": "iris_train.csv", "test": "iris_test.csv",
     "formula": "species ~ sepal_length", "vars": ["species", "sepal_length"],
     "model": "softmax"},
]


def fit_case(case, train, test):
    lhs, rhs = [s.strip() for s in case["formula"].split("~", 1)]
    names, Xtr, Xte = design(rhs, train, test)
    m = len(test)
    out = {"names": names}
    preds = [{"row": k + 1} for k in range(m)]

    if case["model"] == "linear":
        y = train[lhs].to_numpy(dtype=float)
        yt = test[lhs].to_numpy(dtype=float)
        r = sm.OLS(y, Xtr).fit()
        sf = r.get_prediction(Xte).summary_frame(alpha=0.05)
        mu = sf["mean"].to_numpy()
        sigma_mle = math.sqrt(r.ssr / r.nobs)
        for k in range(m):
            preds[k].update(mean=fl(sf["mean"].iloc[k]),
                            lower=fl(sf["mean_ci_lower"].iloc[k]),
                            upper=fl(sf["mean_ci_upper"].iloc[k]),
                            predictionLower=fl(sf["obs_ci_lower"].iloc[k]),
                            predictionUpper=fl(sf["obs_ci_upper"].iloc[k]))
        nll = np.mean(0.5 * np.log(2 * np.pi * sigma_mle ** 2)
                      + (yt - mu) ** 2 / (2 * sigma_mle ** 2))
        # same thing through scipy, as a check
        nll2 = -np.mean(stats.norm.logpdf(yt, mu, sigma_mle))
        assert abs(nll - nll2) < 1e-12
        out["score"] = {"mse": fl(np.mean((yt - mu) ** 2)), "nll": fl(nll)}
        out["params"] = dict(zip(names, map(fl, r.params)))
        out["details"] = {"sigma": fl(math.sqrt(r.ssr / r.df_resid)), "sigma_mle": fl(sigma_mle),
                          "rss_train": fl(r.ssr), "df_resid": fl(r.df_resid),
                          "t_quantile": fl(stats.t.ppf(0.975, r.df_resid)),
                          "se_mean": list(map(fl, sf["mean_se"]))}

    elif case["model"] == "poisson-regression":
        y = train[lhs].to_numpy(dtype=float)
        yt = test[lhs].to_numpy(dtype=float)
        r = sm.GLM(y, Xtr, family=sm.families.Poisson()).fit(tol=1e-15, maxiter=200)
        sf = r.get_prediction(Xte).summary_frame(alpha=0.05)
        mu = sf["mean"].to_numpy()
        eta = Xte @ r.params
        se = np.sqrt(np.einsum("ij,jk,ik->i", Xte, r.cov_params(), Xte))
        assert np.allclose(np.exp(eta - Z975 * se), sf["mean_ci_lower"], rtol=1e-12, atol=0)
        assert np.allclose(np.exp(eta + Z975 * se), sf["mean_ci_upper"], rtol=1e-12, atol=0)
        for k in range(m):
            preds[k].update(mean=fl(mu[k]), lower=fl(sf["mean_ci_lower"].iloc[k]),
                            upper=fl(sf["mean_ci_upper"].iloc[k]))
        ylogy = np.where(yt > 0, yt * np.log(np.where(yt > 0, yt, 1.0) / mu), 0.0)
        out["score"] = {"deviance": fl(np.mean(2 * (ylogy - (yt - mu)))),
                        "nll": fl(np.mean(mu - yt * np.log(mu) + gammaln(yt + 1)))}
        out["params"] = dict(zip(names, map(fl, r.params)))
        out["details"] = {"z_quantile": Z975, "eta": list(map(fl, eta)),
                          "se_eta": list(map(fl, se)),
                          "gradient_norm": fl(np.linalg.norm(r.model.score(r.params)))}

    elif case["model"] == "logistic":
        pos = case["positive"]
        y = (train[lhs] == pos).to_numpy(dtype=float)
        yt = (test[lhs] == pos).to_numpy(dtype=float)
        r = sm.GLM(y, Xtr, family=sm.families.Binomial()).fit(tol=1e-15, maxiter=200)
        # cross-check against Newton on the Logit likelihood
        rl = sm.Logit(y, Xtr).fit(method="newton", tol=1e-12, maxiter=200, disp=0)
        assert rl.mle_retvals["converged"] and r.converged
        assert np.max(np.abs(r.params - rl.params)) < 1e-9
        sf = r.get_prediction(Xte).summary_frame(alpha=0.05)
        p = sf["mean"].to_numpy()
        eta = Xte @ r.params
        se = np.sqrt(np.einsum("ij,jk,ik->i", Xte, r.cov_params(), Xte))
        expit = lambda t: 1 / (1 + np.exp(-t))
        assert np.allclose(expit(eta - Z975 * se), sf["mean_ci_lower"], rtol=1e-12, atol=0)
        assert np.allclose(expit(eta + Z975 * se), sf["mean_ci_upper"], rtol=1e-12, atol=0)
        neg = [l for l in sorted(train[lhs].unique()) if l != pos][0]
        for k in range(m):
            preds[k].update(mean=fl(p[k]), lower=fl(sf["mean_ci_lower"].iloc[k]),
                            upper=fl(sf["mean_ci_upper"].iloc[k]),
                            predicted=pos if p[k] >= 0.5 else neg)
        cls = (p >= 0.5).astype(float)
        out["score"] = {"logLoss": fl(log_loss(yt, p, labels=[0.0, 1.0])),
                        "accuracy": fl(accuracy_score(yt, cls)),
                        "brier": fl(brier_score_loss(yt, p))}
        out["params"] = dict(zip(names, map(fl, r.params)))
        out["details"] = {"positive": pos, "negative": neg, "z_quantile": Z975,
                          "eta": list(map(fl, eta)), "se_eta": list(map(fl, se)),
                          "gradient_norm": fl(np.linalg.norm(r.model.score(r.params))),
                          "iterations": int(r.fit_history["iteration"])}

    elif case["model"] == "softmax":
        levels = sorted(train[lhs].unique())
        y = np.array([levels.index(s) for s in train[lhs]])
        yt = np.array([levels.index(s) for s in test[lhs]])
        r = sm.MNLogit(y, Xtr).fit(method="newton", tol=1e-12, maxiter=200, disp=0)
        assert r.mle_retvals["converged"]
        P = np.asarray(r.predict(Xte))              # (m, J), columns in level order
        # check against the softmax computed by hand
        B = np.column_stack([np.zeros(Xtr.shape[1]), np.asarray(r.params)])
        E = np.exp(Xte @ B - (Xte @ B).max(axis=1, keepdims=True))
        assert np.allclose(E / E.sum(axis=1, keepdims=True), P, rtol=1e-12, atol=1e-15)
        am = P.argmax(axis=1)
        for k in range(m):
            preds[k].update(probabilities={lv: fl(P[k, j]) for j, lv in enumerate(levels)},
                            predicted=levels[am[k]])
        out["score"] = {"logLoss": fl(log_loss(np.array(levels)[yt], P, labels=levels)),
                        "accuracy": fl(accuracy_score(yt, am))}
        Pp = np.asarray(r.params)
        out["params"] = {lv: dict(zip(names, map(fl, Pp[:, j])))
                         for j, lv in enumerate(levels[1:])}
        out["details"] = {"reference": levels[0],
                          "loglik_train": fl(r.llf),
                          "gradient_norm": fl(np.linalg.norm(r.model.score(Pp.ravel(order="F")))),
                          "iterations": int(r.mle_retvals["iterations"])}
    out["predictions"] = preds
    return out


# --------------------------------------------------------------------------
# R cross-check (reads the written train / test files)
# --------------------------------------------------------------------------

R_CODE = r"""
invisible(Sys.setlocale("LC_COLLATE", "C"))
emit <- function(key, values) cat(key, "\t", paste(sprintf("%.17g", values), collapse = " "), "\n", sep = "")
emitnames <- function(key, names) cat(key, "\t", paste(names, collapse = " "), "\n", sep = "")
rd <- function(f) read.csv(f, stringsAsFactors = TRUE, na.strings = c("", "NA", "N/A"))
z <- qnorm(0.975)

tr <- rd("toothgrowth_train.csv"); te <- rd("toothgrowth_test.csv")
fit <- lm(len ~ supp * dose, tr)
ci <- predict(fit, te, interval = "confidence", level = 0.95)
pi <- predict(fit, te, interval = "prediction", level = 0.95)
emit("ols_tooth|coef", coef(fit)); emitnames("ols_tooth|names", names(coef(fit)))
emit("ols_tooth|fit", ci[, "fit"]); emit("ols_tooth|lwr", ci[, "lwr"]); emit("ols_tooth|upr", ci[, "upr"])
emit("ols_tooth|plwr", pi[, "lwr"]); emit("ols_tooth|pupr", pi[, "upr"])

tr <- rd("warpbreaks_train.csv"); te <- rd("warpbreaks_test.csv")
fit <- glm(breaks ~ wool + tension, poisson(), tr, control = glm.control(epsilon = 1e-15, maxit = 200))
p <- predict(fit, te, type = "link", se.fit = TRUE)
emit("poisson_warp|coef", coef(fit)); emitnames("poisson_warp|names", names(coef(fit)))
emit("poisson_warp|fit", exp(p$fit))
emit("poisson_warp|lwr", exp(p$fit - z * p$se.fit)); emit("poisson_warp|upr", exp(p$fit + z * p$se.fit))

tr <- rd("survey_train.csv"); te <- rd("survey_test.csv")
tr$bought <- factor(tr$bought, levels = c("no", "yes"))
fit <- glm(bought ~ age + income + region, binomial(), tr, control = glm.control(epsilon = 1e-15, maxit = 200))
p <- predict(fit, te, type = "link", se.fit = TRUE)
emit("logit_survey|coef", coef(fit)); emitnames("logit_survey|names", names(coef(fit)))
emit("logit_survey|fit", plogis(p$fit))
emit("logit_survey|lwr", plogis(p$fit - z * p$se.fit)); emit("logit_survey|upr", plogis(p$fit + z * p$se.fit))

suppressMessages(library(nnet))
tr <- rd("iris_train.csv"); te <- rd("iris_test.csv")
fit <- multinom(species ~ sepal_length, tr, trace = FALSE, reltol = 1e-16, maxit = 10000)
pr <- predict(fit, te, type = "probs")
emit("softmax_iris|coef", t(coef(fit)))
for (lv in colnames(pr)) emit("softmax_iris|prob|" %s% lv, pr[, lv])
"""


def run_r():
    code = '`%s%` <- function(a, b) paste0(a, b)\n' + R_CODE
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as tf:
        tf.write(code)
        path = tf.name
    try:
        proc = subprocess.run(["Rscript", "--vanilla", path], cwd=HERE,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit("R failed:\n" + proc.stderr)
        if proc.stderr.strip():
            print("R stderr:", proc.stderr.strip())
    finally:
        os.unlink(path)
    res = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            key, vals = line.split("\t")
            name, _, rest = key.partition("|")
            if rest == "names":
                res.setdefault(name, {})[rest] = vals.split(" ")
            else:
                res.setdefault(name, {})[rest] = np.array([float(v) for v in vals.split(" ")])
    return res


def r_name(patsy_name):
    """patsy column name -> R's: Intercept -> (Intercept), supp[T.VC] -> suppVC."""
    if patsy_name == "Intercept":
        return "(Intercept)"
    return re.sub(r"\[T\.([^\]]*)\]", r"\1", patsy_name)


def r_check(name, out, rr):
    pr = out["predictions"]
    col = lambda k: np.array([p[k] for p in pr])
    mx = lambda a, b: fl(np.max(np.abs(np.asarray(a) - np.asarray(b))))
    if name == "softmax_iris":
        lv = list(pr[0]["probabilities"])
        P = np.array([[p["probabilities"][l] for l in lv] for p in pr])
        R = np.column_stack([rr["prob|" + l] for l in lv])
        sp = np.concatenate([list(out["params"][l].values()) for l in lv[1:]])
        return {"source": "R nnet::multinom (BFGS, reltol=1e-16) predict(type='probs')",
                "max_abs_param_diff": mx(sp, rr["coef"]),
                "max_abs_probability_diff": mx(P, R)}
    rcoef = dict(zip(rr["names"], rr["coef"]))
    assert len(rcoef) == len(out["params"])
    chk = {"max_abs_param_diff": mx([out["params"][k] for k in out["params"]],
                                    [rcoef[r_name(k)] for k in out["params"]]),
           "max_abs_mean_diff": mx(col("mean"), rr["fit"]),
           "max_abs_lower_diff": mx(col("lower"), rr["lwr"]),
           "max_abs_upper_diff": mx(col("upper"), rr["upr"])}
    if name == "ols_tooth":
        chk["source"] = "R predict.lm(fit, newdata, interval='confidence' / 'prediction')"
        chk["max_abs_predictionLower_diff"] = mx(col("predictionLower"), rr["plwr"])
        chk["max_abs_predictionUpper_diff"] = mx(col("predictionUpper"), rr["pupr"])
    else:
        chk["source"] = ("R glm(epsilon=1e-15) predict(type='link', se.fit=TRUE), "
                         "inverse link of fit -/+ qnorm(0.975) * se.fit")
    return chk


def r_version():
    return subprocess.run(["Rscript", "-e", "cat(R.version.string)"], capture_output=True,
                          text=True).stdout.strip()


# --------------------------------------------------------------------------

def main():
    cases = {}
    for case in CASES:
        df, train, test, train_rows, test_rows, levels = split(case)
        res = fit_case(case, train, test)
        c = {"train": case["train"], "test": case["test"], "source": "../tables/" + case["source"],
             "formula": case["formula"], "model": case["model"],
             "n_train": int(len(train)), "n_test": int(len(test)),
             "levels": levels,
             "split": (f"test = source rows with row % {case['every']} == 0"
                       + (f" among rows complete in {case['vars']}"
                          if case.get("drop_incomplete_first") else "")),
             "testSourceRows": test_rows,
             "params": res["params"],
             "predictions": res["predictions"],
             "score": res["score"],
             "details": res["details"]}
        if case.get("drop_incomplete_first"):
            c["n_source"] = int(len(df))
            c["n_dropped_incomplete"] = int(len(df) - len(train) - len(test))
        cases[case["name"]] = c

    rr = run_r()
    problems = []
    for name, c in cases.items():
        chk = r_check(name, c, rr[name])
        c["rCheck"] = chk
        tol = 1e-5 if name == "softmax_iris" else 1e-9
        bad = {k: v for k, v in chk.items() if k.startswith("max_abs") and v > tol}
        if bad:
            problems.append(f"{name}: R differs by more than {tol}: {bad}")

    doc = {"generatedBy": "predict.py",
           "versions": {"R": r_version(), "python": sys.version.split()[0],
                        "numpy": np.__version__, "pandas": pd.__version__,
                        "patsy": patsy.__version__, "statsmodels": statsmodels.__version__,
                        "scipy": scipy.__version__, "scikit-learn": sklearn.__version__},
           "missing_tokens": NA_VALUES,
           "alpha": 0.05,
           "cases": cases}
    with open(os.path.join(HERE, "predict.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for p in problems:
        print("NOTE:", p)


if __name__ == "__main__":
    main()
