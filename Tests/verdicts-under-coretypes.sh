#!/usr/bin/env bash
# The numerical-verdict tests (separation, collinearity, complete pooling, boundary estimates,
# convergence) again under two OpenBLAS core types other than this CPU's own: OpenBLAS picks its
# kernels by CPU, so the last bits of every BLAS result differ between machines, and no verdict
# may depend on them. Run after a build of the tests (`swift test` builds them).
#
#   Tests/verdicts-under-coretypes.sh            two core types this CPU can run, not its own
#   Tests/verdicts-under-coretypes.sh Zen Nehalem those core types
set -euo pipefail
cd "$(dirname "$0")/.."

suites='BLASKernelTests|NumericalVerdictTests|RegressionBehaviourTests|GroupedEmpiricalBayesTests|FamilyMaximumLikelihoodTests|MaximumAPosterioriTests|TuneCommandTests'

infer=$(swift build --show-bin-path)/infer
own=$(OPENBLAS_VERBOSE=2 "$infer" fit --model gaussian Sources/InferCLI/Resources/Examples/gaussian.csv 2>&1 >/dev/null \
    | sed -n 's/^Core: //p' | tail -n 1)
if [ $# -gt 0 ]; then
    coretypes=("$@")
else
    # Prescott (SSE3) runs on every x86-64 CPU; then the newest kernel set the CPU supports
    flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
    candidates=(Prescott)
    if grep -qw avx2 <<<"$flags" && grep -qw fma <<<"$flags"; then candidates+=(Haswell Zen Sandybridge)
    elif grep -qw avx <<<"$flags"; then candidates+=(Sandybridge Nehalem)
    else candidates+=(Nehalem Core2); fi
    coretypes=()
    for c in "${candidates[@]}"; do
        [ "$c" != "$own" ] && [ ${#coretypes[@]} -lt 2 ] && coretypes+=("$c")
    done
fi
echo "numerical verdicts: this CPU's OpenBLAS core type is ${own:-unknown}; rerunning under ${coretypes[*]}"
for c in "${coretypes[@]}"; do
    used=$(OPENBLAS_VERBOSE=2 OPENBLAS_CORETYPE=$c "$infer" fit --model gaussian Sources/InferCLI/Resources/Examples/gaussian.csv 2>&1 >/dev/null \
        | sed -n 's/^Core: //p' | tail -n 1)
    if [ "$used" != "$c" ]; then
        echo "OpenBLAS did not take OPENBLAS_CORETYPE=$c (it used ${used:-nothing})" >&2
        exit 1
    fi
    echo "== OPENBLAS_CORETYPE=$c"
    OPENBLAS_CORETYPE=$c swift test --skip-build --filter "$suites"
done
