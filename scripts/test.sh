#!/usr/bin/env bash
# `make test`: install what the tests need on a bare machine, then run the whole suite against
# SQLite and against PostgreSQL (127.0.0.1:5432, user postgres, database test).
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

scripts/bootstrap.sh test

# Real browser: Debian's chromium (Playwright drives it; it never downloads a browser of its own).
[ -x /usr/bin/chromium ] || { echo "installing chromium …"; apt_install chromium; }

# Java for Splink's Spark backend (`joinedup link --engine spark`; Spark runs in local mode in the tests).
command -v java >/dev/null 2>&1 || { echo "installing java …"; apt_install default-jre-headless; }

# Real PostgreSQL: install it if absent, start it if down.
if ! command -v pg_isready >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "installing postgresql …"; apt_install postgresql
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "starting postgresql …"
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

.venv/bin/ruff check .

export JOINEDUP_TEST_PG_URL="${JOINEDUP_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
workers="${TEST_WORKERS:-2}"
# The engine never touches a database (tests/engine/test_purity.py), so its tests run once; everything that
# does (the platform and the real-browser tests) runs on SQLite and again on PostgreSQL.
echo "== the whole suite on SQLite =="
env -u DATABASE_URL .venv/bin/pytest -q -n "$workers" --dist loadgroup "$@"
if [ "$#" -gt 0 ]; then pg_args=("$@"); else pg_args=(joinedup tests/browser); fi
echo "== the platform and browser tests on PostgreSQL =="
DATABASE_URL="$JOINEDUP_TEST_PG_URL" .venv/bin/pytest -q -n "$workers" --dist loadgroup "${pg_args[@]}"
