#!/usr/bin/env bash
# Runs the lint, then the whole suite on SQLite, then every test marked database_dependent on
# PostgreSQL (127.0.0.1:5432, user postgres), each pass spread over the machine's cores by
# pytest-xdist, and prints each pass's wall time.
#
#   bash scripts/test.sh                         everything (what `make test` and CI run)
#   bash scripts/test.sh tests/accounts -x       those tests, on both databases
#   TEST_DATABASES=sqlite bash scripts/test.sh   one database only (sqlite or postgres)
#   TEST_POSTGRES_ALL=1 bash scripts/test.sh     every test on PostgreSQL too, not only the marked
#   TEST_WORKERS=0 bash scripts/test.sh -s ...   one process (for -s, --pdb); default: one per core
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DATABASES=${TEST_DATABASES:-sqlite postgres}
WORKERS=(-n "${TEST_WORKERS:-auto}" --dist worksteal)
[ "${TEST_WORKERS:-auto}" = 0 ] && WORKERS=(-p no:xdist)

if [[ $DATABASES == *postgres* ]] && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null 2>&1; then
        echo "==> Starting PostgreSQL"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
        for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    fi
fi

echo "==> Lint and format check (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

summary=()
status=0
run_pass() {  # name, DATABASE_URL, extra pytest arguments...
    local name=$1 url=$2 started code
    shift 2
    echo "==> Test suite on $name"
    started=$(date +%s)
    code=0
    DATABASE_URL=$url $PY -m pytest "${WORKERS[@]}" "$@" || code=$?
    local seconds=$(($(date +%s) - started))
    if [ "$code" -eq 5 ] && [ "$name" = PostgreSQL ]; then
        echo "(none of the selected tests is marked database_dependent)"
        code=0
    fi
    summary+=("$(printf '%-10s %2d min %02d s  (exit %d)' "$name" $((seconds / 60)) $((seconds % 60)) "$code")")
    [ "$code" -eq 0 ] || status=$code
}

for database in $DATABASES; do
    case $database in
        sqlite) run_pass SQLite "" "$@" ;;
        postgres)
            url=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/toolkit}
            if [ -n "${TEST_POSTGRES_ALL:-}" ]; then
                run_pass PostgreSQL "$url" "$@"
            else
                run_pass PostgreSQL "$url" -m database_dependent "$@"
            fi
            ;;
        *) echo "!! Unknown database in TEST_DATABASES: $database (sqlite or postgres)" >&2; exit 2 ;;
    esac
done

echo "==> Wall time per database"
printf '    %s\n' "${summary[@]}"
exit "$status"
