#!/usr/bin/env bash
# Builds the libFuzzer target for the CSV reader and runs it for SECONDS (default 600).
# Usage: Fuzz/run.sh [SECONDS]     (extra libFuzzer flags may follow SECONDS)
# Exits non-zero if the build fails or the fuzzer finds a crash, leak, timeout or OOM.
set -euo pipefail

SECONDS_TO_RUN="${1:-600}"
shift || true
case "$SECONDS_TO_RUN" in
    ''|*[!0-9]*) echo "usage: $0 [SECONDS] [libFuzzer flags...]" >&2; exit 64 ;;
esac

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$FUZZ_DIR/.." && pwd)"
CORE="$ROOT/Sources/Inference/Core"
BUILD="$FUZZ_DIR/build"
CORPUS="$FUZZ_DIR/corpus"
SEEDS="$FUZZ_DIR/seeds"
BINARY="$BUILD/csv-fuzzer"

SWIFTC="${SWIFTC:-}"
if [ -z "$SWIFTC" ]; then
    if command -v swiftc >/dev/null 2>&1; then SWIFTC="$(command -v swiftc)"
    elif [ -x /opt/swift/usr/bin/swiftc ]; then SWIFTC=/opt/swift/usr/bin/swiftc
    else echo "swiftc not found; set SWIFTC" >&2; exit 69
    fi
fi

mkdir -p "$BUILD" "$CORPUS"
echo "== building $BINARY"
# the parser's pieces of the GSL module (the parallel passes, the byte count of the shim), as a
# module of their own, since the parser imports GSL
"$SWIFTC" -sanitize=address -parse-as-library -O -g -package-name Inference \
    -module-name GSL -I "$ROOT/Sources/CGSL" -emit-module -emit-module-path "$BUILD/GSL.swiftmodule" \
    -emit-library -static "$ROOT/Sources/GSL/Parallelism.swift" "$ROOT/Sources/GSL/ByteCount.swift" \
    -o "$BUILD/libGSL.a"
"$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -g -package-name Inference \
    -module-name CSVFuzz -I "$BUILD" -I "$ROOT/Sources/CGSL" -L "$BUILD" -lGSL \
    "$CORE"/CSVParser*.swift "$CORE/CSVColumns.swift" "$CORE"/NumberParser*.swift "$CORE"/Dataset*.swift \
    "$CORE/HugePages.swift" "$CORE/InferenceError.swift" "$CORE/ParallelWork.swift" \
    "$ROOT/Sources/Inference/Estimators/Solvers/RowBlocks.swift" \
    "$FUZZ_DIR/CSVFuzzTarget.swift" \
    -o "$BINARY"

# Seed the corpus: copy every seed in (existing corpus entries are kept).
if [ -d "$SEEDS" ]; then
    cp -f "$SEEDS"/* "$CORPUS"/ 2>/dev/null || true
fi

echo "== fuzzing for ${SECONDS_TO_RUN}s (corpus $CORPUS)"
cd "$FUZZ_DIR"
# Swift's runtime backtracer (on by default on Linux) trips AddressSanitizer in its crash handler
# and then hangs; turn it off so libFuzzer's own handler reports the crash and writes crash-*.
export SWIFT_BACKTRACE=enable=no
status=0
"$BINARY" \
    -max_total_time="$SECONDS_TO_RUN" \
    -artifact_prefix="$FUZZ_DIR/" \
    -print_final_stats=1 \
    "$@" \
    "$CORPUS" || status=$?

if [ "$status" -ne 0 ]; then
    echo "== the fuzzer exited with status $status: a crash was found; see $FUZZ_DIR/crash-* (or leak-*, timeout-*, oom-*)" >&2
    exit "$status"
fi
echo "== no crash in ${SECONDS_TO_RUN}s"
