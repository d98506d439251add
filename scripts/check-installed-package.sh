#!/usr/bin/env bash
# Installs a Tunescope .deb with apt (which must find every dependency it names) and uses it
# as an ordinary user would: `tunescope --version`, the installed example study headless, and
# the dashboard started under Xvfb on it, rendering its views from the installed files.
# CI runs it in a fresh Debian root that has nothing else installed (.ci/run).
#   scripts/check-installed-package.sh DEB      (as root)
set -euo pipefail
deb=$(realpath "$1")
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "$deb" >/dev/null
# Only for the GUI start below: an X server, which a desktop has already.
apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null

command -v tunescope
[ ! -e /usr/bin/spirals-trainer ] || { echo "check-installed-package.sh: a helper is on the PATH" >&2; exit 1; }
for f in /usr/share/applications/org.tunescope.Tunescope.desktop \
         /usr/share/metainfo/org.tunescope.Tunescope.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/org.tunescope.Tunescope.svg \
         /usr/share/icons/hicolor/48x48/apps/org.tunescope.Tunescope.png \
         /usr/share/man/man1/tunescope.1.gz \
         /usr/share/bash-completion/completions/tunescope \
         /usr/libexec/tunescope/spirals-trainer; do
    test -e "$f" || { echo "check-installed-package.sh: $f missing" >&2; exit 1; }
done

# An ordinary user: the installed examples are read-only for them, as on any machine.
id tunescope-user >/dev/null 2>&1 || useradd --create-home tunescope-user
as_user() { runuser -u tunescope-user -- env -C /home/tunescope-user HOME=/home/tunescope-user "$@"; }
as_user tunescope --version
as_user tunescope run /usr/share/tunescope/examples/spirals/study.yaml --trials 6
as_user xvfb-run -a -s "-screen 0 1280x800x24" \
    tunescope gui /usr/share/tunescope/examples/spirals/study.yaml --screenshot-dir /home/tunescope-user/shots
ls -l /home/tunescope-user/shots/*.png
echo "check-installed-package.sh: the package installs and runs"
