#!/usr/bin/env bash
# The project's one test command: set-up when missing, then lint, format check, types and every test.
# gbda_core is tested on numpy 1 (.venv, beside Debian's QGIS) and on numpy 2 (.venv-numpy2).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/bootstrap_numpy2.sh
VENV="${VENV:-.venv}"
VENV_NUMPY2="${VENV_NUMPY2:-.venv-numpy2}"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy"
# Three pytest runs, all must pass: the core without QGIS, then the plugin inside QGIS
# (pytest-qgis, offscreen Qt), then every test but the plugin's again on numpy 2 (and pandas 3),
# as a scripted run installs gbda. Extra arguments (options such as -x, -q, -k) go to every run.
# A run that collects no tests exits 5, which fails this script like any other failure.
"$VENV/bin/python" -m pytest --ignore=tests/plugin "$@"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest -p pytest_qgis tests/plugin "$@"
"$VENV_NUMPY2/bin/python" -c 'import numpy, sys; sys.exit(int(numpy.__version__.split(".")[0]) < 2)' \
    || { echo "test: $VENV_NUMPY2 has no numpy 2" >&2; exit 1; }
"$VENV_NUMPY2/bin/python" -m pytest --ignore=tests/plugin "$@"
