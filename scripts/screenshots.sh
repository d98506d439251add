#!/bin/sh
# Screenshots of every dashboard view for the README: runs a finished example study headless
# (the spirals trainer, TPE, 48 trials of 60 epochs, ASHA pruning, one trial that crashes
# half-way), then opens its database in the GUI under Xvfb, which renders each tab to
# docs/screenshots/*.png at 1280x800. With a locale the views are shown in its language and
# go to docs/screenshots/LOCALE/ (Chinese glyphs need a CJK font: fonts-noto-cjk).
#
#   scripts/screenshots.sh [BUILD_DIR] [LOCALE]      (default: build, English)
#   scripts/screenshots.sh build zh_CN             docs/screenshots/zh_CN/*.png
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
# Absolute: the trials run the trainer from their own folders.
build=$(cd "${1:-$root/build}" && pwd)
tunescope="$build/bin/tunescope"
trainer="$build/bin/spirals-trainer"
locale=${2:-}
out="$root/docs/screenshots${locale:+/$locale}"
[ -x "$tunescope" ] && [ -x "$trainer" ] || { echo "screenshots.sh: build tunescope and spirals-trainer first ($build/bin)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "screenshots.sh: needs xvfb-run (apt install xvfb)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A stand-in for a training program that crashes now and then: trial 13 dies after 25 epochs
# with an error on stderr, as an out-of-memory crash would; every other trial is the trainer.
cat > "$work/train.sh" <<EOF
#!/bin/sh
if [ "\${TUNESCOPE_TRIAL:-}" = 13 ]; then
    "$trainer" "\$@" | head -n 26
    echo "RuntimeError: CUDA out of memory (simulated crash for the screenshots)" >&2
    exit 1
fi
exec "$trainer" "\$@"
EOF
chmod +x "$work/train.sh"

cat > "$work/study.yaml" <<EOF
name: spirals-asha
program: $work/train.sh
command: ["\${program}", "\${args}"]
method: tpe
metric: {name: val_accuracy, goal: maximize}
parameters:
  lr: {distribution: log_uniform_values, min: 1.0e-3, max: 0.3}
  hidden: {distribution: int_uniform, min: 4, max: 64}
  layers: {values: [1, 2]}
  optimizer: {values: [sgd, momentum, adam]}
  activation: {values: [tanh, relu]}
  epochs: {value: 60}
early_terminate: {type: asha, min_resource: 4, reduction_factor: 3}
run_cap: 48
parallel: 4
trial_timeout: 2m
seed: 3
EOF
"$tunescope" run "$work/study.yaml" --quiet >/dev/null || echo "screenshots.sh: run finished with failed trials (one is planned)" >&2

mkdir -p "$out"
# A real X server (not offscreen) so fonts, styles and anti-aliasing are what users see.
if [ -n "$locale" ]; then
    export LANG="$locale.UTF-8" LANGUAGE="$locale"
    unset LC_ALL LC_MESSAGES
fi
xvfb-run -a -s "-screen 0 1600x1000x24" "$tunescope" gui "$work/tunescope.db" --screenshot-dir "$out"
ls -l "$out"/*.png
