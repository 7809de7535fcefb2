#!/usr/bin/env bash
# Set-up when missing, then the main job (share per area against the targets) on sample_data/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
VENV="${VENV:-.venv}"
"$VENV/bin/gbda" demo --out "${1:-demo_output}"
