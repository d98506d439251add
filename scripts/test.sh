#!/usr/bin/env bash
# Builds Tunescope and runs the whole test suite (the README's test command).
# Starts a throwaway PostgreSQL so the storage tests also run against a real server, and a
# throwaway single-node Slurm for the Slurm suite (tst_slurm).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}

if [ -x scripts/start-postgres.sh ]; then
    TUNESCOPE_TEST_POSTGRES_URL=$(scripts/start-postgres.sh | tail -n 1)
    export TUNESCOPE_TEST_POSTGRES_URL
fi
if [ -x scripts/start-slurm.sh ]; then
    TUNESCOPE_TEST_SLURM=$(scripts/start-slurm.sh | tail -n 1)
    export TUNESCOPE_TEST_SLURM
fi

# In CI (CI=true) warnings are errors; on a contributor's machine with another compiler they stay
# warnings. The sanitizer builds keep them as warnings: instrumentation makes gcc report
# maybe-uninitialized values that are not.
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CI:+-DTUNESCOPE_WERROR=ON}
cmake --build "$BUILD" -j2
ctest --test-dir "$BUILD" --output-on-failure -j2 --timeout 600
