#!/usr/bin/env bash
# National-scale benchmark: makes the data if missing, then runs the polygon benchmark (with
# QGIS) and the mixed line/polygon/point benchmark. Extra arguments go to bench_share.py,
# e.g. `bash benchmarks/run.sh --n 20000` or `bash benchmarks/run.sh --skip-qgis`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

PY=../.venv/bin/python
[ -x "$PY" ] || PY=python3
export QT_QPA_PLATFORM=offscreen

# Pick --n out of the arguments so the data of that size is made.
N=1000000
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in
        --n) N="${args[$((i + 1))]}" ;;
        --n=*) N="${args[$i]#--n=}" ;;
    esac
done

"$PY" make_data.py --n "$N"
"$PY" bench_share.py --n "$N" "$@"
"$PY" bench_share.py --n "$N" --mixed "$@"
