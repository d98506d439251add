#!/usr/bin/env bash
# The second and third test runs of CI, after scripts/test.sh:
#   build-asan  the whole test suite built with AddressSanitizer + UndefinedBehaviorSanitizer
#               (gcc; the GUI is left out: Qt's widget stack under ASan is slow and not ours)
#   build-fuzz  the libFuzzer targets (clang), a short fuzz run of each
# A longer fuzz run is scripts/fuzz.sh. Prints how long each build and test run took.
set -euo pipefail
cd "$(dirname "$0")/.."
ASAN_BUILD=${ASAN_BUILD:-build-asan}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}

# A small quarantine: the default 256 MB of freed memory held back would read as growth in
# the test that bounds the app's memory while a trial floods its output.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:quarantine_size_mb=16}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}

stamp() { date +%s; }
t0=$(stamp)
cmake -S . -B "$ASAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTUNESCOPE_SANITIZE=ON -DTUNESCOPE_BUILD_UI=OFF >/dev/null
cmake --build "$ASAN_BUILD" -j2
t1=$(stamp)
ctest --test-dir "$ASAN_BUILD" --output-on-failure -j2 --timeout 900
t2=$(stamp)

if command -v clang++ >/dev/null; then
    CC=clang CXX=clang++ cmake -S . -B "$FUZZ_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DTUNESCOPE_FUZZ=ON -DTUNESCOPE_SANITIZE=ON -DTUNESCOPE_BUILD_UI=OFF \
        -DTUNESCOPE_FUZZ_SECONDS="$FUZZ_SECONDS" >/dev/null
    cmake --build "$FUZZ_BUILD" -j2 --target fuzz_studyspec fuzz_metricparser
    t3=$(stamp)
    ctest --test-dir "$FUZZ_BUILD" --output-on-failure -j2 -R '^fuzz_'
    t4=$(stamp)
else
    echo "clang++ not found: no fuzz run (scripts/install-deps.sh installs clang)" >&2
    t3=$t2; t4=$t2
fi
echo "sanitizer build $((t1 - t0)) s, tests $((t2 - t1)) s; fuzz build $((t3 - t2)) s, fuzz run $((t4 - t3)) s"
