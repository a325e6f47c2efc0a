#!/usr/bin/env python3
"""Writes Docs/WorkedExamples.md: every number in it comes from running infer (release build),
next to the same quantity computed by hand with numpy from the formula the text states.

    python3 Docs/worked-examples.py          # from the repository root; builds infer if needed
"""
import json
import subprocess
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
INFER = ROOT / ".build" / "release" / "infer"
EXAMPLES = "Sources/InferCLI/Resources/Examples"


def infer(*arguments):
    command = [str(INFER), *arguments, "--format", "json"]
    return json.loads(subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout)


def column(path, name):
    data = np.genfromtxt(ROOT / path, delimiter=",", names=True)
    return np.asarray(data[name], dtype=float)


def columns(path, names):
    data = np.genfromtxt(ROOT / path, delimiter=",", names=True)
    return np.column_stack([data[n] for n in names])


def estimates(report):
    return {p["name"]: p["estimate"] for p in report["parameters"]}


def shell(*arguments):
    return "infer " + " ".join(f'"{a}"' if "(" in a else a for a in arguments)


def main():
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "infer"], cwd=ROOT, check=True, capture_output=True)
    out = ["# Worked examples", "",
           "Each number below is printed by `infer` (the JSON of the command shown) beside the same",
           "quantity computed by hand from the formula in the text; `Docs/worked-examples.py` runs both",
           "and writes this page. The commands are run again by the test suite (`GuideCommandsTests`).", ""]

    # 1. closed-form MLEs
    out += ["## MLE formulas of the families", "",
            "Maximising the likelihood has a closed form for many families: the share of successes, the",
            "reciprocal of the mean, the mean and the root mean squared deviation (divisor n), the median",
            "and the mean absolute deviation from it, the smallest and largest values:", "",
            "| data | model | infer's MLE | by hand | formula |", "| --- | --- | --- | --- | --- |"]
    heads = column(f"{EXAMPLES}/flips.csv", "heads")
    x = column(f"{EXAMPLES}/gaussian.csv", "x")
    hours = column(f"{EXAMPLES}/lifetimes.csv", "hours")
    cases = [
        ("flips.csv", "bernoulli", "p", heads.mean(), "p̂ = k/n"),
        ("lifetimes.csv", "exponential", "rate", 1 / hours.mean(), "1/x̄"),
        ("gaussian.csv", "gaussian", "mu", x.mean(), "x̄"),
        ("gaussian.csv", "gaussian", "sigma", x.std(), "√(Σ(xᵢ − x̄)²/n)"),
        ("lifetimes.csv", "laplace", "mu", np.median(hours), "the median"),
        ("lifetimes.csv", "laplace", "b", np.abs(hours - np.median(hours)).mean(), "mean of \\|xᵢ − median\\|"),
    ]
    counts = column("Tests/References/fit/poisson.csv", "x")
    uniform = column("Tests/References/fit/uniform.csv", "x")
    cases += [
        ("Tests/References/fit/poisson.csv", "poisson", "lambda", counts.mean(), "x̄"),
        ("Tests/References/fit/uniform.csv", "uniform", "a", uniform.min(), "min xᵢ"),
        ("Tests/References/fit/uniform.csv", "uniform", "b", uniform.max(), "max xᵢ"),
    ]
    for file, model, name, by_hand, formula in cases:
        value = estimates(infer("fit", "--model", model, file if "/" in file else f"{EXAMPLES}/{file}"))[name]
        out.append(f"| {file.split('/')[-1]} | `{model}` {name} | {value:.10g} | {by_hand:.10g} | {formula} |")
    out += ["", "```sh", f"infer fit --model laplace {EXAMPLES}/lifetimes.csv",
            "infer fit --model uniform Tests/References/fit/uniform.csv", "```", "",
            "The uniform is the one family here whose MLE is not regular: its support moves with a and b,",
            "so the likelihood 1/(b − a)ⁿ has no derivative at its maximum, where â and b̂ sit on the",
            "extreme values. There is no observed information to invert, so `infer` reports no standard",
            "error or Wald interval and says why; `infer bootstrap --model uniform` gives its uncertainty.", ""]
    # why log-likelihoods: the product of densities underflows
    report = infer("fit", "--model", "gamma", f"{EXAMPLES}/lifetimes.csv")
    g = estimates(report)
    from scipy import stats
    densities = stats.gamma(g["shape"], scale=1 / g["rate"]).pdf(hours)
    once, twice = np.prod(densities), np.prod(np.concatenate([densities, densities]))
    out += ["Why every fit works with log-likelihoods: the likelihood is a product of densities. For the",
            f"60 lifetimes under their gamma MLE the product is {once:.3g} (ℓ = {report['logLikelihood']:.6f});",
            f"for the same rows twice it would be e^{2 * report['logLikelihood']:.2f}, below the smallest double",
            f"(4.9e-324): the product in floating point is {float(twice)!r}, while the sum of the logs,",
            f"{np.log(densities).sum() * 2:.6f}, stays exact.", ""]

    # 2. losses as negative log-likelihoods
    out += ["## Loss functions are negative log-likelihoods", "",
            "Minimising a familiar loss is maximising a likelihood: the mean squared error is the",
            "Gaussian's, binary cross-entropy the Bernoulli's, cross-entropy the categorical's (softmax),",
            "the mean absolute error the Laplace's. infer reports the log-likelihood ℓ of each fit; the",
            "loss of the same fit, computed by hand from its coefficients, gives it back exactly:", "",
            "| fit | loss at the fit, by hand | −ℓ/n from infer | the identity |", "| --- | --- | --- | --- |"]
    sparse = f"{EXAMPLES}/sparse.csv"
    report = infer("fit", "--model", "linear", "--target", "y", sparse)
    e = estimates(report)
    xs = columns(sparse, [f"x{j}" for j in range(1, 11)])
    y = column(sparse, "y")
    mse = ((y - e["intercept"] - xs @ np.array([e[f"x{j}"] for j in range(1, 11)])) ** 2).mean()
    out.append(f"| linear, sparse.csv | MSE = {mse:.10g} → ½ log(2π·MSE) + ½ = {0.5 * np.log(2 * np.pi * mse) + 0.5:.10g} "
               f"| {-report['logLikelihood'] / len(y):.10g} | Gaussian with σ̂² = MSE |")
    classes = f"{EXAMPLES}/classes.csv"
    report = infer("fit", "--model", "logistic", "--target", "y", "--features", "x1,x2,x3", classes)
    e = estimates(report)
    xs = columns(classes, ["x1", "x2", "x3"])
    y = column(classes, "y")
    eta = e["intercept"] + xs @ np.array([e["x1"], e["x2"], e["x3"]])
    mu = 1 / (1 + np.exp(-eta))
    bce = -(y * np.log(mu) + (1 - y) * np.log(1 - mu)).mean()
    out.append(f"| logistic, classes.csv | binary cross-entropy = {bce:.10g} | {-report['logLikelihood'] / len(y):.10g} | Bernoulli |")
    softmax = "Tests/References/regression/softmax.csv"
    report = infer("fit", "--model", "softmax", "--target", "y", softmax)
    e = estimates(report)
    xs = columns(softmax, ["x1", "x2", "x3"])
    y = column(softmax, "y").astype(int)
    scores = np.column_stack([np.zeros(len(y))] + [e[f"class{k}:intercept"] + xs @ np.array([e[f"class{k}:x{j}"] for j in (1, 2, 3)])
                                                   for k in (1, 2)])
    log_p = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    ce = -log_p[np.arange(len(y)), y].mean()
    out.append(f"| softmax, softmax.csv | cross-entropy = {ce:.10g} | {-report['logLikelihood'] / len(y):.10g} | categorical |")
    report = infer("fit", "--model", "laplace", f"{EXAMPLES}/lifetimes.csv")
    e = estimates(report)
    mae = np.abs(hours - e["mu"]).mean()
    out.append(f"| laplace, lifetimes.csv | MAE = {mae:.10g} → log(2·MAE) + 1 = {np.log(2 * mae) + 1:.10g} "
               f"| {-report['logLikelihood'] / len(hours):.10g} | Laplace with b̂ = MAE |")
    out += ["", "```sh", f"infer fit --model linear --target y {sparse}",
            f"infer fit --model logistic --target y --features x1,x2,x3 {classes}",
            f"infer fit --model softmax --target y {softmax}", "```", ""]
    # the tutorial's four-row example, scored by infer predict from a hand-written saved fit
    score = infer("predict", "--fit", "Docs/examples/bce-fit.json", "Docs/examples/bce.csv")["score"]["logLoss"]
    p_rows, y_rows = np.array([0.9, 0.1, 0.8, 0.7]), np.array([1, 0, 1, 1])
    by_hand = -(y_rows * np.log(p_rows) + (1 - y_rows) * np.log(1 - p_rows)).mean()
    if abs(score - by_hand) > 1e-12:
        raise SystemExit(f"infer predict's log loss {score} is not the binary cross-entropy {by_hand}")
    out += ["The tutorial's binary cross-entropy example, y = (1, 0, 1, 1) against p = (0.9, 0.1, 0.8, 0.7),",
            f"is {by_hand:.4f}: the Bernoulli negative log-likelihood a row. `infer predict` computes it as the",
            "`logLoss` of predictions: `Docs/examples/bce-fit.json` is a saved fit (the documented",
            "`infer-fit/1` format, written by hand) of a logistic regression without intercept whose one",
            "coefficient, 1, multiplies η = logit(p), so that it predicts p for each row of",
            f"`Docs/examples/bce.csv`; the score is (−2 log 0.9 − log 0.8 − log 0.7)/4 = {score:.8f}:", "",
            "```sh", "infer predict --fit Docs/examples/bce-fit.json Docs/examples/bce.csv", "```", ""]

    # 3. regularisation as a prior
    report = infer("fit", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambda", "3", sparse)
    e = estimates(report)
    xs = columns(sparse, [f"x{j}" for j in range(1, 11)])
    y = column(sparse, "y")
    xc, yc = xs - xs.mean(axis=0), y - y.mean()
    ridge = np.linalg.solve(xc.T @ xc + 3 * np.eye(10), xc.T @ yc)
    worst = max(abs(e[f"x{j + 1}"] - ridge[j]) for j in range(10))
    out += ["## Regularisation is a prior", "",
            "The ridge penalty λ/2‖w‖² is the negative log density of a gaussian prior on the weights,",
            "w | σ ~ N(0, σ²/λ) (the intercept flat): the MAP estimate solves (XᵀX + λI)w = Xᵀy on the",
            f"centred data. On sparse.csv with λ = 3 infer's weights and that solve differ by at most {worst:.2g};",
            f"the log posterior ({report['logPosterior']:.10g}) is the log-likelihood ({report['logLikelihood']:.10g}) plus the",
            "log prior density, so the MAP is the most probable weights, not merely the least-squares ones",
            "with a penalty. A laplace prior gives the lasso, and the product of both densities (not a mixture) the elastic net (`Estimators.md`).", "",
            "```sh", f"infer fit --model linear --target y --prior gaussian --lambda 3 {sparse}", "```", ""]

    # 4. the coin, convergence, MLE vs MAP
    coin = f"{EXAMPLES}/coin-flips.csv"
    out += ["## The coin flip: MLE against MAP", "",
            "Three heads in three flips. The MLE is p = 1; under beta(a, b) the posterior is",
            "beta(3 + a, b), its mode (the MAP) (2 + a)/(1 + a + b) and its mean (3 + a)/(3 + a + b):", "",
            "| prior | MAP from infer | (2 + a)/(1 + a + b) | posterior mean from infer | (3 + a)/(3 + a + b) |",
            "| --- | --- | --- | --- | --- |"]
    for a, b in [(2, 2), (10, 10)]:
        report = infer("fit", "--model", "bernoulli", "--prior", f"beta({a},{b})", coin)
        out.append(f"| beta({a},{b}) | {report['parameters'][0]['estimate']:.10g} | {(2 + a) / (1 + a + b):.10g} "
                   f"| {report['posterior']['mean']:.10g} | {(3 + a) / (3 + a + b):.10g} |")
    k = heads.sum()
    gap = heads.mean() - estimates(infer("fit", "--model", "bernoulli", "--prior", "beta(10,10)", f"{EXAMPLES}/flips.csv"))["p"]
    out += ["", "As the flips accumulate the prior's pseudo-flips matter less and the two meet (`infer demo`,",
            f"section 6): with the 500 flips of flips.csv ({int(k)} heads) the MLE and the beta(10,10) MAP differ by {gap:.2g}",
            f"(by hand: {k / 500 - (k + 9) / 518:.2g}).",
            "Use the MLE when the data are many or no prior knowledge is defensible; the MAP (or the whole",
            "posterior, `infer sample`) when the data are few and a prior is honest — three flips cannot",
            "make a coin certain.", "",
            "```sh", shell("fit", "--model", "bernoulli", "--prior", "beta(10,10)", coin), "```", ""]

    # 5. logistic regression and choosing λ
    tuned = infer("tune", "--model", "logistic", "--target", "y", "--features", "x1,x2,x3,x4,x5,x6,x7,x8", "--prior", "laplace",
                  "--folds", "5", classes)
    nonzero = sum(1 for p in tuned["parameters"][1:] if p["estimate"] != 0)
    out += ["## Logistic regression and choosing λ", "",
            "On all 200 rows of classes.csv (P(y = 1) depends on x1, x2, x3; five more features are noise),",
            f"5-fold cross-validation of a laplace prior over the default grid of 100 λ picks λ = {tuned['selected']:.6g},",
            f"where {nonzero} of the 8 weights are non-zero; `Tuning.md` shows the curve, the 1se rule and the",
            "evidence. (`infer demo`'s section 5 tunes on the 100 training rows only, over 30 λ, to score the",
            "fit on the other 100: other rows and another grid, hence another λ.)", "",
            "```sh", "infer tune --model logistic --target y --features x1,x2,x3,x4,x5,x6,x7,x8 --prior laplace --folds 5 "
            + classes, "```", ""]
    (ROOT / "Docs" / "WorkedExamples.md").write_text("\n".join(out))


if __name__ == "__main__":
    main()
