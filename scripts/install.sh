#!/usr/bin/env bash
# Create .venv and install the locked dependency set in ONE pip call, then check it.
# One resolution matters: installing packages one at a time lets pip lift
# `packaging` past 21, and rasa then fails to import.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(scripts/python310.sh)
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  -r requirements.in -c requirements.lock 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
.venv/bin/python -m pip check
