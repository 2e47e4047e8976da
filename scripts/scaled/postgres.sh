#!/usr/bin/env bash
# scripts/scaled/postgres.sh url: start the loopback PostgreSQL if needed and print a
# scratch database URL, e.g. TEST_POSTGRES_URL=$(scripts/scaled/postgres.sh url).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "${1:-}" = url ] || { echo "usage: $0 url" >&2; exit 2; }
PYTHONPATH="$PWD" exec .venv/bin/python -m scripts.scaled url
