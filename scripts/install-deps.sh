#!/usr/bin/env bash
# Installs the Debian 12 packages Tunescope needs to build, test and run its examples.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    build-essential cmake ninja-build pkg-config \
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6sql6-sqlite libqt6sql6-psql \
    qt6-qpa-plugins libgl-dev libqt6opengl6-dev \
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n fonts-noto-cjk fonts-wqy-zenhei \
    libeigen3-dev liblbfgspp-dev libyaml-cpp-dev libboost-dev \
    python3 python3-torch python3-sklearn python3-optuna python3-psycopg2 \
    postgresql sqlite3 libsqlite3-dev \
    slurm-wlm munge \
    xvfb xauth x11-apps imagemagick fonts-dejavu-core poppler-utils \
    clang libclang-rt-14-dev \
    >/dev/null
