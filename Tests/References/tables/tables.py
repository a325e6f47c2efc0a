#!/usr/bin/env python3
"""Reference design matrices and fits for formula / table handling.

Writes, next to this script:

    warpbreaks.csv   breaks,wool,tension          (R datasets::warpbreaks, 54 rows)
    toothgrowth.csv  len,supp,dose                (R datasets::ToothGrowth, 60 rows)
    iris.csv         sepal_length,...,species     (R datasets::iris, 150 rows)
    survey.csv       bought,age,income,region,note (synthetic, 200 rows, with missing cells)
    tables.json      per case: R model.matrix and patsy dmatrix designs, and fits
                     from statsmodels and R (lm / glm / nnet::multinom)

Rerun from the package root with:

    python3 Tests/References/tables/tables.py

Needs R (Rscript, with the recommended package nnet), numpy, pandas, patsy,
statsmodels.  The output is deterministic (fixed numpy seed, no other
randomness).

Conventions
-----------
* Both R and Python read the CSV files (not R's built-in data frames), so
  factor levels are the sorted distinct strings (R runs with
  LC_COLLATE=C, i.e. byte order, which is also patsy's order).  In particular
  warpbreaks' tension levels are H, L, M here, whereas R's built-in
  warpbreaks factor is ordered L, M, H.
* Missing cells: "", "NA" and "N/A" are missing (in both readers).  Rows with
  a missing cell in any variable *of the formula* are dropped; other columns
  (survey's note) never cause a drop.
* Numbers are written by json (Python repr: shortest round-trip form of the
  IEEE double).  R values are passed through sprintf("%.17g").  A coefficient
  that R reports as NA (aliased column) is written as null.
"""

import json
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pandas as pd
import patsy
import scipy
import statsmodels
import statsmodels.api as sm
from scipy.optimize import linprog
from statsmodels.tools.sm_exceptions import ConvergenceWarning

HERE = os.path.dirname(os.path.abspath(__file__))
NA_VALUES = ["", "NA", "N/A"]


# --------------------------------------------------------------------------
# Data files
# --------------------------------------------------------------------------

R_WRITE_DATA = r"""
w <- datasets::warpbreaks
w$wool <- as.character(w$wool); w$tension <- as.character(w$tension)
write.csv(w[, c("breaks", "wool", "tension")], "warpbreaks.csv", row.names = FALSE, quote = FALSE)
t <- datasets::ToothGrowth
t$supp <- as.character(t$supp)
write.csv(t[, c("len", "supp", "dose")], "toothgrowth.csv", row.names = FALSE, quote = FALSE)
i <- datasets::iris
i$Species <- as.character(i$Species)
names(i) <- c("sepal_length", "sepal_width", "petal_length", "petal_width", "species")
write.csv(i, "iris.csv", row.names = FALSE, quote = FALSE)
"""


def fmt_num(x):
    """R-like shortest form: 47 rather than 47.0, 43.2 as is."""
    x = float(x)
    if x == int(x):
        return str(int(x))
    return repr(x)


def make_survey():
    rng = np.random.default_rng(20261205)
    n = 200
    age = rng.integers(18, 81, size=n)                     # 18..80 inclusive
    income = np.round(np.exp(rng.normal(np.log(50.0), 0.35, size=n)), 1)
    regions = np.array(["north", "south", "east", "west"])
    region = regions[rng.integers(0, 4, size=n)]
    effect = {"east": 0.0, "north": 0.5, "south": -0.6, "west": 0.25}
    eta = (-0.2 + 0.035 * (age - 49) + 0.03 * (income - 52)
           + np.array([effect[r] for r in region]))
    p = 1.0 / (1.0 + np.exp(-eta))
    bought = np.where(rng.random(n) < p, "yes", "no")
    words = np.array(["ok", "late", "check", "fine", "call back"])
    note = np.array([f"r{i + 1} {words[k]}" for i, k in
                     enumerate(rng.integers(0, len(words), size=n))], dtype=object)

    age_s = np.array([str(int(a)) for a in age], dtype=object)
    inc_s = np.array([fmt_num(v) for v in income], dtype=object)
    reg_s = region.astype(object)
    age_s[rng.choice(n, size=8, replace=False)] = ""        # 4 % of age
    inc_s[rng.choice(n, size=4, replace=False)] = "NA"      # 2 % of income
    reg_s[rng.choice(n, size=4, replace=False)] = "N/A"     # 2 % of region
    note[rng.choice(n, size=2, replace=False)] = ""         # a couple of notes

    frac_yes = np.mean(bought == "yes")
    assert 0.3 <= frac_yes <= 0.7, frac_yes
    with open(os.path.join(HERE, "survey.csv"), "w", newline="") as f:
        f.write("bought,age,income,region,note\n")
        for i in range(n):
            f.write(",".join([bought[i], age_s[i], inc_s[i], reg_s[i], note[i]]) + "\n")


def read(name):
    return pd.read_csv(os.path.join(HERE, name), keep_default_na=False,
                       na_values=NA_VALUES)


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

# key: (data file, R formula, patsy formula, fit kind, variables used,
#       optional R pre-processing, optional row filter)
CASES = [
    ("warp_add", "warpbreaks.csv", "breaks ~ wool + tension", "breaks ~ wool + tension", "ols"),
    ("warp_mul", "warpbreaks.csv", "breaks ~ wool * tension", "breaks ~ wool * tension", "ols"),
    ("warp_inter_only", "warpbreaks.csv", "breaks ~ wool:tension", "breaks ~ wool:tension", "ols"),
    ("warp_noint", "warpbreaks.csv", "breaks ~ tension + wool - 1", "breaks ~ tension + wool - 1", "ols"),
    ("warp_poisson", "warpbreaks.csv", "breaks ~ wool + tension", "breaks ~ wool + tension", "poisson"),
    ("tooth_num_by_cat", "toothgrowth.csv", "len ~ supp * dose", "len ~ supp * dose", "ols"),
    ("tooth_cdose", "toothgrowth.csv", "len ~ factor(dose) + supp", "len ~ C(dose) + supp", "ols"),
    ("tooth_reference", "toothgrowth.csv", "len ~ supp", 'len ~ C(supp, Treatment(reference="VC"))', "ols"),
    ("iris_dot", "iris.csv", "sepal_length ~ .",
     "sepal_length ~ sepal_width + petal_length + petal_width + species", "ols"),
    ("iris_softmax", "iris.csv", "species ~ sepal_length + sepal_width",
     "species ~ sepal_length + sepal_width", "mnlogit"),
    # extra (not in the original brief): a well-posed softmax fit, since setosa
    # is linearly separated from the other species by sepal_length + sepal_width
    ("iris_softmax_sepal_length", "iris.csv", "species ~ sepal_length",
     "species ~ sepal_length", "mnlogit"),
    ("survey_logit", "survey.csv", "bought ~ age + income + region",
     "bought ~ age + income + region", "logit"),
    ("survey_logit_where", "survey.csv", "bought ~ age + income + region",
     "bought ~ age + income + region", "logit"),
]
VARS = {
    "warpbreaks.csv": ["breaks", "wool", "tension"],
    "toothgrowth.csv": ["len", "supp", "dose"],
    "iris.csv": ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"],
}
FORMULA_VARS = {
    "warp_add": VARS["warpbreaks.csv"], "warp_mul": VARS["warpbreaks.csv"],
    "warp_inter_only": VARS["warpbreaks.csv"], "warp_noint": VARS["warpbreaks.csv"],
    "warp_poisson": VARS["warpbreaks.csv"],
    "tooth_num_by_cat": VARS["toothgrowth.csv"], "tooth_cdose": VARS["toothgrowth.csv"],
    "tooth_reference": ["len", "supp"],
    "iris_dot": VARS["iris.csv"],
    "iris_softmax": ["species", "sepal_length", "sepal_width"],
    "iris_softmax_sepal_length": ["species", "sepal_length"],
    "survey_logit": ["bought", "age", "income", "region"],
    "survey_logit_where": ["bought", "age", "income", "region"],
}
R_PREP = {  # R code applied to data frame `d` before fitting
    "tooth_reference": 'd$supp <- relevel(d$supp, "VC")',
    "survey_logit_where": "d <- subset(d, age >= 30)",
}


# --------------------------------------------------------------------------
# R side
# --------------------------------------------------------------------------

R_HEADER = r"""
invisible(Sys.setlocale("LC_COLLATE", "C"))
emit <- function(key, names, values) {
  v <- ifelse(is.na(values), "NA", sprintf("%.17g", values))
  cat(key, "\t", paste(names, collapse = "\x1f"), "\t", paste(v, collapse = " "), "\n", sep = "")
}
rd <- function(f) read.csv(f, stringsAsFactors = TRUE, na.strings = c("", "NA", "N/A"))
"""

R_CASE = r"""
d <- rd("{file}")
{prep}
f <- as.formula("{formula}")
mf <- model.frame(f, d)
X <- model.matrix(f, mf)
emit("{key}|n", "n", nrow(X))
emit("{key}|dropped", "dropped", nrow(d) - nrow(X))
emit("{key}|X|" %s% nrow(X), colnames(X), as.vector(t(X)))
kind <- "{kind}"
if (kind == "ols") {{
  fit <- lm(f, d)
  s <- summary(fit)
  emit("{key}|coef", names(coef(fit)), coef(fit))
  emit("{key}|bse", rownames(s$coefficients), s$coefficients[, 2])
  rss <- sum(residuals(fit)^2)
  emit("{key}|sigma", "sigma", s$sigma)
  emit("{key}|sigma_mle", "sigma_mle", sqrt(rss / nobs(fit)))
  emit("{key}|loglik", "loglik", as.numeric(logLik(fit)))
}} else if (kind == "poisson" || kind == "logit") {{
  fam <- if (kind == "poisson") poisson() else binomial()
  fit <- glm(f, family = fam, data = d, control = glm.control(epsilon = 1e-15, maxit = 200))
  s <- summary(fit)
  emit("{key}|coef", names(coef(fit)), coef(fit))
  emit("{key}|bse", rownames(s$coefficients), s$coefficients[, 2])
  emit("{key}|loglik", "loglik", as.numeric(logLik(fit)))
  emit("{key}|deviance", "deviance", deviance(fit))
  emit("{key}|iter", "iter", fit$iter)
}} else if (kind == "mnlogit") {{
  suppressMessages(library(nnet))
  fit <- multinom(f, data = d, trace = FALSE, reltol = 1e-16, maxit = 10000)
  cf <- coef(fit)
  for (lv in rownames(cf)) emit("{key}|coef|" %s% lv, colnames(cf), cf[lv, ])
  emit("{key}|loglik", "loglik", as.numeric(logLik(fit)))
}}
"""


def run_r(cases):
    code = ['`%s%` <- function(a, b) paste0(a, b)', R_HEADER]
    for key, file, rf, _pf, kind in cases:
        code.append(R_CASE.format(key=key, file=file, formula=rf, kind=kind,
                                  prep=R_PREP.get(key, "")))
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as tf:
        tf.write("\n".join(code))
        path = tf.name
    try:
        proc = subprocess.run(["Rscript", "--vanilla", path], cwd=HERE,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit("R failed:\n" + proc.stderr)
        if proc.stderr.strip():
            print("R stderr:", proc.stderr.strip())
        out = proc.stdout
    finally:
        os.unlink(path)
    res = {}
    for line in out.splitlines():
        if not line.strip():
            continue
        key, names, vals = line.split("\t")
        parts = key.split("|")
        names = names.split("\x1f")
        vals = [None if v == "NA" else float(v) for v in vals.split(" ")]
        res.setdefault(parts[0], {})["|".join(parts[1:])] = (names, vals)
    return res


def r_version():
    return subprocess.run(["Rscript", "-e", "cat(R.version.string)"], capture_output=True,
                          text=True).stdout.strip()


# --------------------------------------------------------------------------
# Python side
# --------------------------------------------------------------------------

def matrix_json(columns, arr):
    return {"columns": list(columns), "rows": [[float(v) for v in row] for row in arr]}


def first_missing(df, cols):
    """1-based data row number and column of the first row with a missing cell."""
    for i in range(len(df)):
        for c in cols:
            if pd.isna(df[c].iloc[i]):
                return i + 1, c
    return None, None


def py_case(key, file, pformula, kind):
    df = read(file)
    if key == "survey_logit_where":
        df = df[df["age"] >= 30]             # NaN age compares False -> excluded
    vars_ = FORMULA_VARS[key]
    n_total = len(df)
    keep = df[vars_].notna().all(axis=1).to_numpy()
    fm_row, fm_col = first_missing(df, vars_)
    row_numbers = [int(i) + 1 for i in df.index[keep]]       # 1-based file data rows
    dd = df[keep].reset_index(drop=True)
    rhs = pformula.split("~", 1)[1]
    X = patsy.dmatrix(rhs, dd, return_type="dataframe", NA_action="raise")
    out = {"n": int(len(dd)), "dropped": int(n_total - len(dd)), "row_numbers": row_numbers,
           "first_missing": (fm_row, fm_col), "X": X}
    cols = list(X.columns)
    Xv = X.to_numpy(dtype=float)
    if kind == "ols":
        y = dd[pformula.split("~")[0].strip()].to_numpy(dtype=float)
        r = sm.OLS(y, Xv).fit()
        out["fit"] = {"names": cols, "params": list(map(float, r.params)),
                      "bse": list(map(float, r.bse)),
                      "sigma": float(np.sqrt(r.ssr / r.df_resid)),
                      "sigma_mle": float(np.sqrt(r.ssr / r.nobs)),
                      "loglik": float(r.llf)}
    elif kind == "poisson":
        y = dd["breaks"].to_numpy(dtype=float)
        r = sm.GLM(y, Xv, family=sm.families.Poisson()).fit(tol=1e-15, maxiter=200)
        out["fit"] = {"names": cols, "params": list(map(float, r.params)),
                      "bse": list(map(float, r.bse)), "loglik": float(r.llf),
                      "deviance": float(r.deviance),
                      "gradient_norm": float(np.linalg.norm(r.model.score(r.params)))}
    elif kind == "logit":
        y = (dd["bought"] == "yes").to_numpy(dtype=float)
        r = sm.Logit(y, Xv).fit(method="newton", maxiter=200, tol=1e-12, disp=0)
        out["fit"] = {"names": cols, "params": list(map(float, r.params)),
                      "bse": list(map(float, r.bse)), "loglik": float(r.llf),
                      "converged": bool(r.mle_retvals["converged"]),
                      "iterations": int(r.mle_retvals["iterations"]),
                      "gradient_norm": float(np.linalg.norm(r.model.score(r.params)))}
    elif kind == "mnlogit":
        levels = sorted(dd["species"].unique())
        assert levels[0] == "setosa"
        y = np.array([levels.index(s) for s in dd["species"]])
        with warnings.catch_warnings():
            # a separated reference class never "converges" (see mn_separation)
            warnings.simplefilter("ignore", ConvergenceWarning)
            r = sm.MNLogit(y, Xv).fit(method="newton", maxiter=200, tol=1e-12, disp=0)
        P = np.asarray(r.params)      # (k_exog, J-1)
        B = np.asarray(r.bse)
        grad = r.model.score(P.ravel(order="F"))
        out["fit"] = {"names": cols, "reference": levels[0], "levels": levels[1:],
                      "params": {lv: list(map(float, P[:, j])) for j, lv in enumerate(levels[1:])},
                      "bse": {lv: list(map(float, B[:, j])) for j, lv in enumerate(levels[1:])},
                      "loglik": float(r.llf),
                      "converged": bool(r.mle_retvals["converged"]),
                      "iterations": int(r.mle_retvals["iterations"]),
                      "gradient_norm": float(np.linalg.norm(grad))}
        out["separation"] = mn_separation(dd, levels, Xv, y, P)
    return out


def separated(X, s):
    """True if some w has s_i * x_i'w >= 1 for all i (strict linear separation)."""
    r = linprog(np.zeros(X.shape[1]), A_ub=-(s[:, None] * X), b_ub=-np.ones(len(s)),
                bounds=[(None, None)] * X.shape[1], method="highs")
    return r.status == 0


def mn_separation(dd, levels, X, y, P):
    """Which classes are linearly separated from all others; if the reference is,
    the MLE does not exist, and we report the identified limits instead."""
    sep = {lv: bool(separated(X, np.where(y == j, 1.0, -1.0))) for j, lv in enumerate(levels)}
    out = {"class_separated_from_rest": sep, "mle_exists": not any(sep.values())}
    if sep[levels[0]] and len(levels) == 3 and not any(sep[l] for l in levels[1:]):
        # reference class separated: the non-reference coefficients diverge, but their
        # difference converges to the binary logit of levels[2] vs levels[1] on those
        # rows, and the log-likelihood to that binary fit's log-likelihood.
        m = y != 0
        r = sm.Logit((y[m] == 2).astype(float), X[m]).fit(method="newton", maxiter=200,
                                                            tol=1e-14, disp=0)
        out["limit"] = {
            "description": f"binary logit {levels[2]} vs {levels[1]} on the non-{levels[0]} rows",
            "n": int(m.sum()),
            "params": list(map(float, r.params)), "bse": list(map(float, r.bse)),
            "loglik_supremum": float(r.llf),
            "gradient_norm": float(np.linalg.norm(r.model.score(r.params))),
            "statsmodels_contrast_at_stop": list(map(float, P[:, 1] - P[:, 0]))}
    return out


def factor_levels(file, vars_, key):
    df = read(file)
    lv = {}
    for v in vars_:
        if df[v].dtype.kind not in "fiub":
            levels = sorted(df[v].dropna().unique())       # byte order (ASCII data)
            if key == "tooth_reference" and v == "supp":
                levels = ["VC"] + [l for l in levels if l != "VC"]
            lv[v] = levels
    if key == "tooth_cdose":
        lv["dose"] = {"r": ["0.5", "1", "2"], "patsy": ["0.5", "1.0", "2.0"]}
    return lv


# --------------------------------------------------------------------------

def main():
    subprocess.run(["Rscript", "--vanilla", "-e", R_WRITE_DATA], cwd=HERE, check=True)
    make_survey()

    r_all = run_r(CASES)
    cases = {}
    problems = []
    for key, file, rf, pf, kind in CASES:
        py = py_case(key, file, pf, kind)
        rr = r_all[key]
        nr = int(rr["n"][1][0])
        assert nr == py["n"], (key, nr, py["n"])
        assert int(rr["dropped"][1][0]) == py["dropped"], key
        xk = [k for k in rr if k.startswith("X|")][0]
        rcols, rvals = rr[xk]
        RX = np.array(rvals, dtype=float).reshape(nr, len(rcols))
        PX = py["X"].to_numpy(dtype=float)
        # match each R column to an identical patsy column
        cmap = []
        for j in range(RX.shape[1]):
            hits = [k for k in range(PX.shape[1])
                    if RX.shape[0] == PX.shape[0] and np.array_equal(RX[:, j], PX[:, k])
                    and k not in cmap]
            cmap.append(hits[0] if hits else None)
        agree = bool(RX.shape == PX.shape and None not in cmap)
        same_order = agree and cmap == list(range(len(cmap)))
        if not agree:
            problems.append(f"{key}: designs differ (R {RX.shape}, patsy {PX.shape})")

        case = {"data": file,
                "formula": {"r": rf, "patsy": pf},
                "fit": kind,
                "n": py["n"],
                "levels": factor_levels(file, [v for v in FORMULA_VARS[key]], key),
                "design": {"r": matrix_json(rcols, RX),
                           "patsy": matrix_json(py["X"].columns, PX)},
                "designs_agree": agree,
                "same_column_order": same_order,
                "r_to_patsy_column": cmap}
        if key.startswith("survey"):
            case["dropped"] = py["dropped"]
            case["rows_used"] = py["row_numbers"]
            if key == "survey_logit":
                case["first_dropped"] = {"row": py["first_missing"][0],
                                         "column": py["first_missing"][1]}
            else:
                case["where"] = "age >= 30"

        # R fit
        if kind == "mnlogit":
            lvls = sorted(k.split("|")[1] for k in rr if k.startswith("coef|"))
            rfit = {"names": rr["coef|" + lvls[0]][0], "reference": "setosa", "levels": lvls,
                    "params": {lv: rr["coef|" + lv][1] for lv in lvls},
                    "loglik": rr["loglik"][1][0],
                    "note": "nnet::multinom (BFGS, reltol=1e-16); cross-check only"}
        else:
            rfit = {"names": rr["coef"][0], "params": rr["coef"][1]}
            # R reports bse only for non-aliased coefficients: align by name, null if aliased
            bmap = dict(zip(*rr["bse"]))
            rfit["bse"] = [bmap.get(nm) for nm in rr["coef"][0]]
            rfit["loglik"] = rr["loglik"][1][0]
            if kind == "ols":
                rfit["sigma"] = rr["sigma"][1][0]
                rfit["sigma_mle"] = rr["sigma_mle"][1][0]
            else:
                rfit["deviance"] = rr["deviance"][1][0]
                rfit["iterations"] = int(rr["iter"][1][0])
        sfit = py["fit"]
        if kind == "logit":
            # statsmodels Logit has no deviance; -2 llf is the binary deviance
            sfit["deviance"] = -2.0 * sfit["loglik"]

        # agreement statsmodels vs R
        if kind == "mnlogit":
            d = max(abs(sfit["params"][lv][cmap[j]] - rfit["params"][lv][j])
                    for lv in sfit["levels"] for j in range(len(cmap)))
            dll = abs(sfit["loglik"] - rfit["loglik"])
            check = {"max_abs_param_diff": d, "loglik_diff": dll}
        elif agree:
            pd_ = [abs(sfit["params"][cmap[j]] - rfit["params"][j]) for j in range(len(cmap))]
            bd = [abs(sfit["bse"][cmap[j]] - rfit["bse"][j]) for j in range(len(cmap))]
            check = {"max_abs_param_diff": max(pd_), "max_abs_bse_diff": max(bd),
                     "loglik_diff": abs(sfit["loglik"] - rfit["loglik"])}
        else:
            # different parametrisations: compare fitted values instead
            Rb = np.array([0.0 if b is None else b for b in rfit["params"]])
            fr = RX @ Rb
            fp = PX @ np.array(sfit["params"])
            check = {"max_abs_param_diff": None,
                     "max_abs_fitted_diff": float(np.max(np.abs(fr - fp))),
                     "loglik_diff": abs(sfit["loglik"] - rfit["loglik"])}
        if "separation" in py:
            case["separation"] = py["separation"]
        case["statsmodels"] = sfit
        case["r"] = rfit
        case["agreement"] = check
        tol_bad = [k for k, v in check.items() if v is not None and v > 1e-8]
        if tol_bad:
            problems.append(f"{key}: statsmodels vs R differ > 1e-8 in {tol_bad}: {check}")
        cases[key] = case

    doc = {"generatedBy": "Tests/References/tables/tables.py",
           "versions": {"R": r_version(), "python": sys.version.split()[0],
                        "numpy": np.__version__, "pandas": pd.__version__,
                        "patsy": patsy.__version__, "statsmodels": statsmodels.__version__,
                        "scipy": scipy.__version__},
           "missing_tokens": NA_VALUES,
           "cases": cases}
    with open(os.path.join(HERE, "tables.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for p in problems:
        print("NOTE:", p)


if __name__ == "__main__":
    main()
