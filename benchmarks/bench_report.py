"""Turn ``generated/results.json`` into Markdown tables for ``docs/benchmarks.md``.

``python benchmarks/bench_report.py`` prints them; ``bench_share.py`` writes them to
``generated/results.md`` after every run. One table per variant over all sizes measured (how
time grows with the element count), then the side-by-side comparisons of each run.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from make_data import WORK


def _s(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f} s"


def _mib(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f} MiB"


def growth_table(runs: list[dict[str, Any]]) -> list[str]:
    """Time and memory per size; the exponent k in time ~ n^k between neighbouring sizes."""
    lines = [
        "| elements | read | gbda read + compute | gbda / read | peak RSS | dask 1 worker "
        "| dask 2 workers | overlay + dissolve | QGIS | time ~ n^k |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    previous = None
    for r in sorted(runs, key=lambda r: r["n"]):
        total = r["gbda"]["best_total_s"]
        k = (
            f"{math.log(total / previous[1]) / math.log(r['n'] / previous[0]):.2f}"
            if previous
            else ""
        )
        previous = (r["n"], total)
        lines.append(
            f"| {r['n']:,} | {_s(r['read']['best_s'])} | {_s(total)} "
            f"| {r['ratio_gbda_total_to_read']:.2f} | {_mib(r['gbda']['peak_rss_mib'])} "
            f"| {_s(r.get('dask_1', {}).get('total_s'))} "
            f"| {_s(r.get('dask_2', {}).get('total_s'))} "
            f"| {_s(r.get('overlay', {}).get('total_s')) or r.get('overlay_skipped', '')} "
            f"| {_s(r.get('qgis', {}).get('total_s')) or r.get('qgis_skipped', '')} | {k} |"
        )
    return lines


def comparisons(r: dict[str, Any]) -> list[str]:
    """Ratios and agreement of one run."""
    lines = [f"- gbda total / read: {r['ratio_gbda_total_to_read']:.2f} (goal <= 3)"]
    if "ratio_gbda_total_to_read_cpu" in r:
        lines.append(
            f"- CPU time (user + sys): read {r['read_cpu_s']:.2f} s, gbda total"
            f" {r['gbda_total_cpu_s']:.2f} s, ratio {r['ratio_gbda_total_to_read_cpu']:.2f}"
        )
    if "qgis" in r:
        c = r["comparison"]
        lines.append(
            f"- QGIS / gbda total: {r['ratio_qgis_to_gbda_total']:.1f} (goal >= 15); per gemeente"
            f" {'equal' if c['equal'] else 'UNEQUAL'}, max |diff| {c['max_abs_diff_m2']:.3g} m²"
        )
    if "overlay" in r:
        o = r["overlay"]
        lines.append(
            f"- geopandas overlay + dissolve / gbda total: {o['ratio_to_gbda_total']:.1f}; per"
            f" gemeente {'equal' if o['comparison']['equal'] else 'UNEQUAL'}, max |diff|"
            f" {o['comparison']['max_abs_diff_m2']:.3g} m²"
        )
    for key in sorted(k for k in r if k.startswith("dask_")):
        d = r[key]
        lines.append(
            f"- dask, {d['workers']} worker(s): {d['total_s']:.2f} s"
            f" (+ {d['cluster_start_s']:.1f} s to start the cluster), dask / gbda"
            f" {d['ratio_to_gbda_total']:.2f}, {d['partitions']} partitions, client peak"
            f" {_mib(d.get('client_peak_rss_mib'))}, largest worker peak"
            f" {_mib(d['worker_peak_rss_mib'])};"
            f" per gemeente {_dask_agreement(d)}"
        )
    if r.get("goal_5m_peak_met") is not None:
        lines.append(f"- peak RSS under 8 GiB: {'met' if r['goal_5m_peak_met'] else 'NOT met'}")
    if "goal_dask_2_met" in r:
        lines.append(f"- dask 2 workers no slower: {'met' if r['goal_dask_2_met'] else 'NOT met'}")
    if "raster" in r:
        ra = r["raster"]
        st = ra.get("stats", {})
        same = ra["comparison_element"]["equal"] and ra["comparison_rural"]["equal"]
        lines.append(
            f"- raster ({ra['province']}, {st.get('pixel_m', '?')} m, {st.get('pixels', 0):,}"
            f" pixels, {st.get('zones', '?')} gemeenten): gbda {_s(ra['gbda']['best_s'])}"
            f" ({_mib(ra['gbda']['peak_rss_mib'])}), exactextract directly"
            f" {_s(ra['exactextract']['best_s'])} ({_mib(ra['exactextract']['peak_rss_mib'])}),"
            f" ratio {ra['ratio_gbda_to_exactextract']:.2f}; element and rural area per gemeente"
            f" {'equal' if same else 'UNEQUAL'}"
        )
    return lines


def markdown(everything: dict[str, dict[str, Any]]) -> str:
    """All measured runs as Markdown."""
    out = []
    machine = next(iter(everything.values()), {}).get("machine", {})
    if machine:
        out.append(
            f"Machine: {machine['cpus']} cores"
            + (f" ({machine['cpu']})" if machine.get("cpu") else "")
            + f", {machine['mem_gib']} GiB, {machine['os']}.\n"
        )
    for variant in ("polygons", "mixed"):
        runs = [r for r in everything.values() if r.get("variant") == variant]
        if not runs:
            continue
        out.append(f"### {variant}\n")
        out += growth_table(runs)
        out.append("")
        for r in sorted(runs, key=lambda r: r["n"]):
            out.append(f"{r['n']:,} elements:\n")
            out += comparisons(r)
            out.append("")
    return "\n".join(out) + "\n"


def _dask_agreement(d: dict[str, Any]) -> str:
    """Identical, equal to float rounding (with the largest difference), or different."""
    if d["identical"]:
        return "identical"
    cmp = d["comparison"]
    where = f"{cmp['max_abs_diff_m2']:.2g} m² in {cmp['max_abs_diff_area']}"
    if d.get("equal_to_rounding", False):
        rel = cmp["max_rel_diff"]
        return f"equal to float rounding (largest difference {where}, relative {rel:.1g})"
    return f"DIFFERENT (largest difference {where})"


def main() -> None:
    """Print the tables of ``generated/results.json`` (or the file given)."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else WORK / "results.json"
    print(markdown(json.loads(path.read_text())))


if __name__ == "__main__":
    main()
