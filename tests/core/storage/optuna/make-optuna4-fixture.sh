#!/bin/sh
# Writes the Optuna 4 fixture of tst_optunareader: optuna-4.7.db (an Optuna storage of schema
# revision v3.2.0.a) and optuna-4.7.json (what Optuna 4.7 reads back from it), by running
# make_optuna_studies.py under Optuna 4.7 from its source tag with Debian's Python 3.11 and
# its python3-sqlalchemy, python3-alembic, python3-colorlog, python3-tqdm, python3-packaging,
# python3-yaml and python3-numpy. Run once by hand; CI uses the committed files.
#
#   tests/core/storage/optuna/make-optuna4-fixture.sh /path/to/optuna-git-clone
set -eu
repo=$1
here=$(cd "$(dirname "$0")" && pwd)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
git -C "$repo" archive v4.7.0 optuna | tar -x -C "$tree"
rm -f "$here/optuna-4.7.db" "$here/optuna-4.7.json"
PYTHONPATH="$tree" /usr/bin/python3 "$here/make_optuna_studies.py" "sqlite:///$here/optuna-4.7.db" "$here/optuna-4.7.json"
