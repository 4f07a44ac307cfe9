#!/usr/bin/env bash
# Prepares a fresh machine: Debian packages (when root), a Python >= 3.12 virtual environment
# with the exact versions of requirements/development.lock (checked against their hashes), the
# front-end packages of package-lock.json, and the compiled Spanish catalogue. Safe to run
# again: it only redoes what changed. The app runs from this folder; it is not pip-installed.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
DEBIAN_PACKAGES="libharfbuzz-subset0 chromium gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
# `make rehearse` adds what the scale-out rehearsal runs (HAProxy, Redis) through SETUP_DEBIAN_EXTRA.
DEBIAN_PACKAGES="$DEBIAN_PACKAGES ${SETUP_DEBIAN_EXTRA:-}"

say() { printf '==> %s\n' "$*"; }

find_python() {
    # A candidate counts only if it really runs and is >= 3.12 (pyenv shims may exist for
    # versions that are not installed, and plain python3 may be older).
    local candidate
    for candidate in "${PYTHON:-}" python3.13 python3.12 "pyenv:3.13.0" "pyenv:3.12.1" python3; do
        [ -n "$candidate" ] || continue
        if [[ $candidate == pyenv:* ]]; then
            if PYENV_VERSION=${candidate#pyenv:} python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
                PYENV_VERSION=${candidate#pyenv:} python -c 'import sys; print(sys.executable)'
                return 0
            fi
        elif command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            "$candidate" -c 'import sys; print(sys.executable)'
            return 0
        fi
    done
    return 1
}

install_debian_packages() {
    local missing=() pkg
    for pkg in $DEBIAN_PACKAGES; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        say "Installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "!! Missing Debian packages: ${missing[*]}" >&2
        echo "!! Install them with: sudo apt-get install ${missing[*]}" >&2
        echo "!! (libharfbuzz-subset0 makes PDFs fast; chromium runs the browser tests; gettext builds the Spanish catalogue)" >&2
    fi
}

install_debian_packages

if [ ! -x "$VENV/bin/python" ]; then
    PY=$(find_python) || { echo "!! Python 3.12 or newer is needed (tried python3.13, python3.12, pyenv 3.13.0/3.12.1, python3)." >&2; exit 1; }
    say "Creating $VENV with $PY"
    "$PY" -m venv "$VENV"
fi

stamp="$VENV/.installed"
want=$(cat requirements/development.lock package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "Installing Python dependencies (requirements/development.lock)"
    "$VENV/bin/python" -m pip install -q --require-hashes -r requirements/development.lock
    say "Installing front-end packages (package-lock.json; served from our own origin)"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" > "$stamp"
fi

DJANGO_DEBUG=1 "$VENV/bin/python" manage.py compilemessages --ignore "$VENV" --ignore node_modules -v 0
