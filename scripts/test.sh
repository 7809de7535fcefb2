#!/usr/bin/env bash
# The project's one test command: set-up when missing, then lint, format check, types and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
VENV="${VENV:-.venv}"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy"
# Two pytest runs, both must pass: the core without QGIS, then the plugin inside QGIS
# (pytest-qgis, offscreen Qt). Extra arguments (options such as -x, -q, -k) go to both runs.
# A run that collects no tests exits 5, which fails this script like any other failure.
"$VENV/bin/python" -m pytest --ignore=tests/plugin "$@"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest -p pytest_qgis tests/plugin "$@"
