#!/usr/bin/env bash
# National-scale benchmark: makes the data if missing, then, for every size, runs the polygon
# benchmark (QGIS, geopandas overlay, dask with 1 and 2 workers, and the 5 m raster of one
# province against exactextract) and the mixed line/polygon/point benchmark.
#   bash benchmarks/run.sh                              # sizes 250k, 1M and 5M
#   bash benchmarks/run.sh --sizes 20000,40000,80000 --repeat 1   # quick check of the harness
#   bash benchmarks/run.sh --n 1000000 --skip-qgis      # one size; other options go to bench_share.py
# PY=path/to/python picks the interpreter (default: the repository's .venv).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

PY="${PY:-../.venv/bin/python}"
[ -x "$PY" ] || PY=python3
export QT_QPA_PLATFORM=offscreen

SIZES="250000,1000000,5000000"
PROVINCE=PV26
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) SIZES="$2"; shift 2 ;;
        --sizes=*) SIZES="${1#--sizes=}"; shift ;;
        --n) SIZES="$2"; shift 2 ;;
        --n=*) SIZES="${1#--n=}"; shift ;;
        --province) PROVINCE="$2"; args+=("$1" "$2"); shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done

IFS=',' read -ra sizes <<< "$SIZES"
for n in "${sizes[@]}"; do
    "$PY" make_data.py --n "$n"
    "$PY" make_raster.py --n "$n" --province "$PROVINCE"
    "$PY" bench_share.py --n "$n" --raster "${args[@]}"
    "$PY" bench_share.py --n "$n" --mixed "${args[@]}"
done
"$PY" bench_report.py > generated/results.md
echo "tables for docs/benchmarks.md: benchmarks/generated/results.md"
