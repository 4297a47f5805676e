#!/usr/bin/env bash
# `make demo`: virtualenv, pinned dependencies, migrate SQLite, synthesise and import the demo
# partnership (first run only), print logins, then serve on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh base
export JOINEDUP_DEV=1
export JOINEDUP_VAR_DIR="${JOINEDUP_VAR_DIR:-$PWD/var}"
mkdir -p "$JOINEDUP_VAR_DIR"
.venv/bin/joinedup demo --children "${DEMO_CHILDREN:-2000}"
echo "JoinedUp is serving on http://127.0.0.1:${PORT:-8000} (Ctrl-C to stop)"
exec .venv/bin/gunicorn joinedup.wsgi:application --bind "127.0.0.1:${PORT:-8000}" --workers 2 --access-logfile - --log-level warning
