#!/usr/bin/env bash
# Builds the Debian package (cpack, dependencies computed by dpkg-shlibdeps) and checks what
# can be checked without installing it: the desktop entry, the AppStream file, and lintian
# (errors fail, warnings are printed). Copies the .deb to OUT_DIR when one is given.
#   scripts/build-package.sh [OUT_DIR]        (builds in $BUILD, default build-package)
# Then scripts/check-installed-package.sh installs it on a machine and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-package}
OUT=${1:-}
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get install -y -qq --no-install-recommends desktop-file-utils appstream lintian >/dev/null

# An existing build (the test build, say) is packaged as it is: tests install nothing.
[ -f "$BUILD/CMakeCache.txt" ] || cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build "$BUILD" -j2
(cd "$BUILD" && cpack -G DEB >/dev/null)
deb=$(ls "$BUILD"/tunescope_*_*.deb)
echo "build-package.sh: $deb, $(du -k "$deb" | cut -f1) KiB"
echo "Depends: $(dpkg-deb --field "$deb" Depends)"

desktop-file-validate packaging/org.tunescope.Tunescope.desktop
appstreamcli validate --no-net packaging/org.tunescope.Tunescope.metainfo.xml
lintian --tag-display-limit 0 "$deb" > "$BUILD/lintian.txt" 2>&1 || true
cat "$BUILD/lintian.txt"
if grep -q '^E:' "$BUILD/lintian.txt"; then
    echo "build-package.sh: lintian reports errors" >&2
    exit 1
fi
[ -z "$OUT" ] || { mkdir -p "$OUT" && cp "$deb" "$OUT/"; }
