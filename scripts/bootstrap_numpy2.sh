#!/usr/bin/env bash
# Set up the numpy-2 environment: a virtual environment made by Debian's own python3 WITHOUT
# --system-site-packages (Debian's numpy 1 builds stay out), with gbda and its test extra under
# scripts/constraints-numpy2.txt. scripts/test.sh runs gbda_core's tests in it, after
# scripts/bootstrap.sh has installed the Debian packages (python3-venv, and python3-gdal,
# PostgreSQL and chromium, which the tests use from outside the environment).
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV_NUMPY2="${VENV_NUMPY2:-.venv-numpy2}"

if [ ! -x "$VENV_NUMPY2/bin/python" ]; then
    echo "bootstrap_numpy2: creating $VENV_NUMPY2 with Debian's /usr/bin/python3"
    /usr/bin/python3 -m venv "$VENV_NUMPY2"
fi

stamp="$VENV_NUMPY2/.gbda-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] \
    || [ scripts/constraints-numpy2.txt -nt "$stamp" ]; then
    echo "bootstrap_numpy2: installing Python packages into $VENV_NUMPY2"
    "$VENV_NUMPY2/bin/python" -m pip install --quiet --upgrade pip
    # Only the test extra: ruff and mypy run in .venv, and pytest-qgis needs QGIS.
    "$VENV_NUMPY2/bin/python" -m pip install --quiet -c scripts/constraints-numpy2.txt -e ".[test]"
    touch "$stamp"
fi
