#!/usr/bin/env bash
# Runs the app for development on SQLite with the content loaded and a demo organisation.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
PY=.venv/bin/python
$PY manage.py migrate -v 0
$PY manage.py createcachetable
$PY manage.py load_content
$PY manage.py create_demo
exec $PY manage.py runserver "${ADDRESS:-127.0.0.1:8000}"
