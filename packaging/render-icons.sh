#!/bin/sh
# Renders the application icon (resources/icons/tunescope.svg, the one drawn source) to the PNG
# sizes of the hicolor theme in packaging/icons/. Run it after changing the SVG and commit the
# PNGs: the build itself needs no SVG renderer. Needs rsvg-convert (apt-get install librsvg2-bin).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for size in 16 24 32 48 64 128 256 512; do
    rsvg-convert -w "$size" -h "$size" "$here/../resources/icons/tunescope.svg" \
        -o "$here/icons/org.tunescope.Tunescope-$size.png"
done
