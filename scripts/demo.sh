#!/usr/bin/env bash
# The main job: the bundled example study. Opens the dashboard on it when a display is
# available, otherwise runs it headless and prints the best trial.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SPEC=${1:-examples/spirals/study.yaml}
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && "$BUILD/bin/tunescope" --has-gui >/dev/null 2>&1; then
    exec "$BUILD/bin/tunescope" gui "$SPEC"
fi
exec "$BUILD/bin/tunescope" run "$SPEC"
