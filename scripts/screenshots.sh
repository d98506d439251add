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

# The multi-objective views come from a second study: a stand-in model whose accuracy grows
# with its size and latency (three objectives that trade off), 80 TPE trials. Only its
# Pareto front, Pareto matrix and hypervolume screenshots are kept.
cat > "$work/model.sh" <<'EOF'
#!/bin/sh
for a in "$@"; do case $a in --hidden=*) h=${a#*=};; --layers=*) l=${a#*=};; --lr=*) r=${a#*=};; esac; done
awk -v h="$h" -v l="$l" -v r="$r" -v n="${TUNESCOPE_TRIAL:-0}" 'BEGIN {
    d = log(r) / log(10) + 2.2; noise = ((n * 7919) % 100) / 100 * 0.02
    printf "accuracy=%.4f size_k=%.1f latency_ms=%.2f\n", 0.99 - 0.08 * d * d - 1.5 / h - 0.06 / l - noise, h * h * l / 1000, 0.4 * l + h / 40 + noise * 10 }'
EOF
chmod +x "$work/model.sh"
cat > "$work/multi.yaml" <<EOF
name: model-tradeoffs
program: $work/model.sh
command: ["\${program}", "\${args}"]
method: tpe
metric: [{name: accuracy, goal: maximize}, {name: size_k, goal: minimize}, {name: latency_ms, goal: minimize}]
parameters:
  lr: {distribution: log_uniform_values, min: 1.0e-4, max: 0.1}
  hidden: {distribution: int_uniform, min: 8, max: 256}
  layers: {values: [1, 2, 3, 4]}
run_cap: 80
parallel: 4
seed: 5
EOF
"$tunescope" run "$work/multi.yaml" --db "$work/multi.db" --quiet >/dev/null
xvfb-run -a -s "-screen 0 1600x1000x24" "$tunescope" gui "$work/multi.db" --screenshot-dir "$work/multi"
for view in pareto-front pareto-matrix hypervolume; do cp "$work/multi/$view.png" "$out/"; done
ls -l "$out"/*.png
