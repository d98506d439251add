#!/usr/bin/env bash
# A longer fuzz run of each target (default 10 minutes each), in build-fuzz (clang, ASan,
# UBSan). Inputs that grow coverage collect in build-fuzz/fuzz/corpus-<target>; a crash is
# written as crash-* in the current folder: copy it into fuzz/regressions/<target>/ once
# fixed, so the test suite replays it from then on.
#   scripts/fuzz.sh [SECONDS] [TARGET...]      targets: studyspec metricparser
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-600}
shift || true
TARGETS=${*:-studyspec metricparser}
BUILD=${FUZZ_BUILD:-build-fuzz}
JOBS=${JOBS:-$(nproc)}

CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTUNESCOPE_FUZZ=ON -DTUNESCOPE_SANITIZE=ON -DTUNESCOPE_BUILD_UI=OFF >/dev/null
for t in $TARGETS; do
    cmake --build "$BUILD" -j"$JOBS" --target "fuzz_$t"
done
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in $TARGETS; do
    mkdir -p "$BUILD/fuzz/corpus-$t"
    echo "== fuzz_$t for $SECONDS_EACH s"
    "$BUILD/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -jobs="$JOBS" -workers="$JOBS" -print_final_stats=1 \
        "$BUILD/fuzz/corpus-$t" "fuzz/corpus/$t" "fuzz/regressions/$t"
done
