#!/usr/bin/env bash
# Regenerates the figures of Docs/ with infer itself (release build), from the repository root:
#   bash Docs/figures/make.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --static-swift-stdlib --product infer >&2
infer=.build/release/infer
data=Tests/References/selection
features=x1,x2,x3,x4,x5,x6,x7,x8
"$infer" tune --model linear --target y --features "$features" --prior laplace --fold-column fold --rule 1se \
    --plot Docs/figures/tune-lasso-cv.svg "$data/linear.csv" > /dev/null
"$infer" tune --model linear --target y --features "$features" --prior gaussian --method evidence \
    --plot Docs/figures/tune-ridge-evidence.svg "$data/linear.csv" > /dev/null
"$infer" tune --model logistic --target y --features x1,x2,x3,x4 --prior gaussian --fold-column fold --lambdas 30 \
    --plot Docs/figures/tune-logistic-cv.svg "$data/logistic.csv" > /dev/null
"$infer" tune --model binomial --column hits --trials-column atBats --method evidence \
    --plot Docs/figures/tune-batting-evidence.svg "$data/batting.csv" > /dev/null 2>&1
# the figures of infer demo (fit, bootstrap, sample, the convergence of MLE and MAP, tune)
"$infer" demo --plot-dir Docs/figures > /dev/null
"$infer" compare --model exponential --prior "gamma(2,1)" --subsample 20,70 --quiet \
    --plot Docs/figures/compare-exponential.svg Tests/References/fit/gamma.csv > /dev/null 2>&1
"$infer" laplace --model bernoulli --prior "beta(2,2)" \
    --plot Docs/figures/laplace-coin.svg Sources/InferCLI/Resources/Examples/coin-flips.csv > /dev/null
echo "wrote Docs/figures/*.svg" >&2
