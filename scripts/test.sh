#!/usr/bin/env bash
# Runs the whole suite on SQLite, then again on PostgreSQL (127.0.0.1:5432, user postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null 2>&1; then
        echo "==> Starting PostgreSQL"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
        for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    fi
fi

echo "==> Lint and format check (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "==> Test suite on SQLite"
DATABASE_URL= $PY -m pytest "$@"
echo "==> Test suite on PostgreSQL"
DATABASE_URL=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/toolkit} $PY -m pytest "$@"
