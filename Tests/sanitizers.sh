#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer (with LeakSanitizer) and ThreadSanitizer, each in a
# build folder of its own (.build-asan, .build-tsan; git-ignored).
# Usage: Tests/sanitizers.sh [address|thread]...   (default: both)
# LeakSanitizer reads Tests/lsan-suppressions.txt: XCTest's and Foundation's own allocations that
# live until exit, not the project's.
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(address thread)
for kind in "${kinds[@]}"; do
    case "$kind" in
        address)
            echo "== swift test --sanitize=address"
            LSAN_OPTIONS="suppressions=$PWD/Tests/lsan-suppressions.txt" \
                swift test --sanitize=address --scratch-path .build-asan ;;
        thread)
            echo "== swift test --sanitize=thread"
            TSAN_OPTIONS="halt_on_error=1" swift test --sanitize=thread --scratch-path .build-tsan ;;
        *) echo "usage: $0 [address|thread]..." >&2; exit 64 ;;
    esac
done
