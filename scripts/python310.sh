#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter: rasa 3.6 supports nothing newer.
# pyenv shims answer "command not found" for a version that is installed but not
# selected, so try the real interpreter files as well as PATH.
set -euo pipefail
for candidate in "${PYTHON310:-}" python3.10 "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
  [ -n "$candidate" ] || continue
  if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
    command -v "$candidate" 2>/dev/null || echo "$candidate"
    exit 0
  fi
done
echo "Python 3.10 not found: install it (e.g. pyenv install 3.10) or set PYTHON310=/path/to/python3.10" >&2
exit 1
