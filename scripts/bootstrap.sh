#!/usr/bin/env bash
# Set up everything the project needs on a fresh Debian 12 machine: Debian packages, a virtual
# environment made by Debian's own python3 (with --system-site-packages, so that Debian's QGIS
# Python bindings are visible to it), and the pip packages under scripts/constraints.txt.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

# Debian packages the tests and the demo need.
# python3-gdal: GDAL 3.6, the GDAL of QGIS 3.22, to check that our GeoPackages open there cleanly.
# python3-qgis, qgis-providers: QGIS 3.22 LTR, for the plugin tests (pytest-qgis) and the benchmark.
# qttools5-dev-tools: lrelease, to compile the plugin's Dutch translation (.ts to .qm).
# postgresql, postgresql-15-postgis-3: the register tests start a throwaway PostGIS cluster.
# chromium: the report tests open the HTML reports in headless Chromium (driven by playwright,
# which is told to use this one and never downloads a browser of its own).
APT_PACKAGES=(python3 python3-venv python3-gdal python3-qgis qgis-providers qttools5-dev-tools
    postgresql postgresql-15-postgis-3 chromium)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if [ ! -x "$VENV/bin/python" ]; then
    echo "bootstrap: creating $VENV with Debian's /usr/bin/python3"
    /usr/bin/python3 -m venv --system-site-packages "$VENV"
fi

stamp="$VENV/.gbda-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ scripts/constraints.txt -nt "$stamp" ]; then
    echo "bootstrap: installing Python packages into $VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -c scripts/constraints.txt -e ".[dev]"
    touch "$stamp"
fi
