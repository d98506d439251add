#!/usr/bin/env bash
# Prints the README's two commands (the ```sh blocks under "## The two commands"), one per
# line, so that CI runs exactly what a new user copies, never a copy that drifts from it.
set -euo pipefail
readme=${1:-"$(dirname "$0")/../README.md"}
awk '
    /^## / { in_section = ($0 ~ /^## The two commands/) ; next }
    in_section && /^```sh$/ { in_block = 1; cmd = ""; next }
    in_section && in_block && /^```$/ { in_block = 0; print cmd; next }
    in_section && in_block { cmd = (cmd == "" ? $0 : cmd " " $0) }
' "$readme"
