#!/bin/sh
# Screenshots of every dashboard view for the README: runs the example study headless, then
# opens its database in the GUI under Xvfb, which renders each tab to docs/screenshots/*.png.
#
#   scripts/screenshots.sh [BUILD_DIR]      (default: build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build"}
tunescope="$build/bin/tunescope"
out="$root/docs/screenshots"
[ -x "$tunescope" ] || { echo "screenshots.sh: build tunescope first ($tunescope)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "screenshots.sh: needs xvfb-run (apt install xvfb)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The example as shipped, with its own database in a scratch folder.
sed "s|^program: spirals-trainer|program: $build/bin/spirals-trainer|" "$root/examples/spirals/study.yaml" > "$work/study.yaml"
"$tunescope" run "$work/study.yaml" --trials 24 --parallel 4 --quiet >/dev/null

mkdir -p "$out"
# A real X server (not offscreen) so fonts, styles and anti-aliasing are what users see.
xvfb-run -a -s "-screen 0 1600x1000x24" "$tunescope" gui "$work/tunescope.db" --screenshot-dir "$out"
ls -1 "$out"/*.png
