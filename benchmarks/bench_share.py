"""National-scale benchmark: gbda's share per gemeente against reading alone and QGIS.

Measured side by side in one run, each part in its own subprocess so that its peak memory
(``ru_maxrss`` from ``wait4``) is its own:

- ``read``: only reading the gemeenten and the elements with ``gbda_core.readers.ogr.read_layer``;
- ``gbda``: the same reads plus ``gbda_core.share.compute_share`` (total, and compute alone);
- ``qgis``: ``native:calculatevectoroverlaps`` (QGIS overlap analysis) on the same files;
- ``overlay``: plain geopandas, ``overlay(elements, gemeenten)`` then ``dissolve`` per gemeente;
- ``dask``: gbda's dask engine (``--engine dask``) on a local cluster of 1 and 2 workers;
- ``raster`` and ``exactextract`` (with ``--raster``): gbda's raster engine against calling
  exactextract directly, on the 5 m raster of one province from ``make_raster.py``.

Then it compares the area per gemeente of every part with gbda's ``element_ha`` and prints a
table; the numbers go to ``benchmarks/generated/results.json`` and, as Markdown tables for
``docs/benchmarks.md``, to ``benchmarks/generated/results.md``. The data comes from
``make_data.py`` (and ``make_raster.py``).

Usage: ``python benchmarks/bench_share.py [--n 1000000] [--mixed] [--skip-qgis] [--repeat 3]
[--raster] [--dask-workers 1,2] [--skip-overlay]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import bench_report
from make_data import GEMEENTEN, WORK, paths

MIXED_LAYERS = ("lines", "polygons", "points")
GOAL_READ_RATIO = 3.0  # gbda total at most 3x the time to read the inputs
GOAL_QGIS_RATIO = 15.0  # gbda at least 15x faster than QGIS
GOAL_PEAK_MIB = 8 * 1024  # 5 M elements with a peak RSS under 8 GiB
ABS_TOL_M2 = 1.0
REL_TOL = 1e-6
#: The dask engine must equal the single engine to float rounding (a few units in the last place).
DASK_REL_TOL = 1e-12


# --- the measured parts (each runs in a child process) -----------------------------------------


def _status_kib(key: str) -> int:
    """A memory figure of this process from /proc (VmRSS now, VmHWM peak so far), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _read_inputs(gemeenten: Path, elements: Path, mixed: bool) -> tuple[Any, list[Any]]:
    from gbda_core.readers.ogr import read_layer

    areas = read_layer(f"{gemeenten}|layername=gemeenten", columns=["statcode"])
    layers = MIXED_LAYERS if mixed else ("elements",)
    frames = [read_layer(f"{elements}|layername={n}", columns=["element_type"]) for n in layers]
    return areas, frames


def part_read(args: argparse.Namespace) -> dict[str, Any]:
    """Only read the inputs."""
    import gbda_core.readers.ogr  # noqa: F401  (import time is not reading time)

    t0, c0 = time.perf_counter(), time.process_time()
    areas, frames = _read_inputs(args.gemeenten, args.elements, args.mixed)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "read_s": seconds,
        "read_cpu_s": cpu,
        "n_areas": len(areas),
        "n_elements": sum(map(len, frames)),
    }


def part_gbda(args: argparse.Namespace) -> dict[str, Any]:
    """Read the inputs and compute the share per gemeente."""
    from gbda_core.share import compute_share

    t0, c0 = time.perf_counter(), time.process_time()
    areas, frames = _read_inputs(args.gemeenten, args.elements, args.mixed)
    t1, c1 = time.perf_counter(), time.process_time()
    rss_read, hwm_read = _status_kib("VmRSS"), _status_kib("VmHWM")
    result = compute_share(areas, frames if args.mixed else frames[0], id_field="statcode")
    t2, c2 = time.perf_counter(), time.process_time()
    table = result.areas
    per_area = {str(a): e * 1e4 for a, e in zip(table["area_id"], table["element_ha"], strict=True)}
    args.per_area.write_text(json.dumps(per_area))
    return {
        "read_s": t1 - t0,
        "compute_s": t2 - t1,
        "total_s": t2 - t0,
        "read_cpu_s": c1 - c0,
        "compute_cpu_s": c2 - c1,
        "total_cpu_s": c2 - c0,
        "rss_after_read_kib": rss_read,
        "peak_after_read_kib": hwm_read,
        "n_areas": len(table),
        "element_ha": float(table["element_ha"].sum()),
        "rural_ha": float(table["rural_ha"].sum()),
        "problems": [p.one_line() for p in result.problems][:20],
    }


def part_qgis(args: argparse.Namespace) -> dict[str, Any]:
    """QGIS overlap analysis on the same files."""
    import qgis_overlap

    per_area, seconds = qgis_overlap.overlap_files(args.gemeenten, args.elements)
    args.per_area.write_text(json.dumps(per_area))
    return {"total_s": seconds, "n_areas": len(per_area)}


def _write_per_area(args: argparse.Namespace, ids: Any, m2: Any) -> None:
    args.per_area.write_text(json.dumps({str(a): float(v) for a, v in zip(ids, m2, strict=True)}))


def part_overlay(args: argparse.Namespace) -> dict[str, Any]:
    """Plain geopandas: overlay elements with gemeenten, dissolve per gemeente, measure."""
    import geopandas as gpd

    t0 = time.perf_counter()
    areas, frames = _read_inputs(args.gemeenten, args.elements, args.mixed)
    t1 = time.perf_counter()
    pieces = gpd.overlay(
        frames[0][["geometry"]], areas[["statcode", "geometry"]], how="intersection"
    )
    dissolved = pieces.dissolve(by="statcode")  # overlapping pieces count once
    per_area = dissolved.area
    t2 = time.perf_counter()
    _write_per_area(args, per_area.index, per_area.to_numpy())
    return {"read_s": t1 - t0, "compute_s": t2 - t1, "total_s": t2 - t0, "n_areas": len(areas)}


def part_dask(args: argparse.Namespace) -> dict[str, Any]:
    """gbda's dask engine on a local cluster of --workers processes (reads happen on workers)."""
    import resource

    from gbda_core.distributed import DaskOptions, local_cluster
    from gbda_core.jobs import share_from_files

    layers = MIXED_LAYERS if args.mixed else ("elements",)
    t0 = time.perf_counter()
    cluster = local_cluster(args.workers)
    t1 = time.perf_counter()
    result = share_from_files(
        f"{args.gemeenten}|layername=gemeenten",
        [f"{args.elements}|layername={name}" for name in layers],
        id_field="statcode",
        dask=DaskOptions(scheduler=cluster.scheduler_address),
    )
    t2 = time.perf_counter()
    cluster.close()
    table = result.areas
    _write_per_area(args, table["area_id"], table["element_ha"] * 1e4)
    # The workers are this process's children: their largest peak RSS, after they exited.
    # (wait4 in the orchestrator reports the larger of this process and its children.)
    worker_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "client_peak_rss_mib": _status_kib("VmHWM") / 1024,
        "cluster_start_s": t1 - t0,
        "total_s": t2 - t1,
        "workers": args.workers,
        "partitions": result.settings["dask_partitions"],
        "worker_peak_rss_mib": worker_kib / 1024,
        "n_areas": len(table),
    }


def part_raster(args: argparse.Namespace) -> dict[str, Any]:
    """gbda's raster engine on the province's gemeenten."""
    from make_raster import CLASSES_SPEC

    from gbda_core.raster import share_raster_from_files
    from gbda_core.raster_classes import parse_classes

    t0 = time.perf_counter()
    result = share_raster_from_files(
        args.zones, [args.raster_file], parse_classes(CLASSES_SPEC), id_field="statcode"
    )
    seconds = time.perf_counter() - t0
    table = result.areas
    per_area = {
        str(a): [float(e) * 1e4, float(r) * 1e4]
        for a, e, r in zip(table["area_id"], table["element_ha"], table["rural_ha"], strict=True)
    }
    args.per_area.write_text(json.dumps(per_area))
    return {"total_s": seconds, "n_areas": len(table)}


def part_exactextract(args: argparse.Namespace) -> dict[str, Any]:
    """exactextract called directly: valid and element area per gemeente from value fractions."""
    import numpy as np
    import pyogrio
    import rasterio
    from exactextract import exact_extract
    from exactextract.raster import RasterioRasterSource

    t0 = time.perf_counter()
    zones = pyogrio.read_dataframe(args.zones, columns=["statcode"])
    with rasterio.open(args.raster_file) as ds:
        cell = abs(ds.transform.a * ds.transform.e)
        table = exact_extract(
            RasterioRasterSource(ds), zones, ["count", "unique", "frac"],
            include_cols=["statcode"], output="pandas",
        )  # fmt: skip
    per_area = {}
    for code, count, values, fracs in zip(
        table["statcode"], table["count"], table["unique"], table["frac"], strict=True
    ):
        element = float(np.sum(np.asarray(fracs)[np.isin(values, (1, 2, 3))]) * count * cell)
        per_area[str(code)] = [element, float(count * cell)]
    seconds = time.perf_counter() - t0
    args.per_area.write_text(json.dumps(per_area))
    return {"total_s": seconds, "n_areas": len(per_area)}


def part_toy(args: argparse.Namespace) -> dict[str, Any]:
    """The 3-feature toy case in QGIS: does it count overlapping overlay features once?"""
    import qgis_overlap

    return qgis_overlap.toy()


PARTS = {
    "read": part_read,
    "gbda": part_gbda,
    "qgis": part_qgis,
    "toy": part_toy,
    "overlay": part_overlay,
    "dask": part_dask,
    "raster": part_raster,
    "exactextract": part_exactextract,
}


# --- the orchestrator ---------------------------------------------------------------------------


def run_part(
    name: str, args: argparse.Namespace, per_area: Path | None = None, extra: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Run one part in a fresh interpreter; add its wall time and peak RSS (wait4)."""
    out = args.work / f"part_{name}.json"
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--part",
        name,
        "--out",
        str(out),
        "--gemeenten",
        str(args.gemeenten),
        "--elements",
        str(args.elements),
        "--per-area",
        str(per_area or os.devnull),
    ]
    if args.mixed:
        cmd.append("--mixed")
    cmd += extra
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env)
    # wait4 gives this child's own rusage; RUSAGE_CHILDREN would mix all children.
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"part {name} failed with exit code {proc.returncode}")
    data: dict[str, Any] = json.loads(out.read_text())
    data["process_wall_s"] = wall
    data["peak_rss_mib"] = usage.ru_maxrss / 1024  # Linux reports KiB
    return data


def best(runs: list[dict[str, Any]], key: str) -> float:
    """The fastest of the repeats (least disturbed by the rest of the machine)."""
    return min(r[key] for r in runs)


def warm_cache(files: list[Path]) -> None:
    """Read the files once, so every part finds them in the page cache."""
    for f in files:
        with f.open("rb") as fh:
            while fh.read(1 << 24):
                pass


def compare(gbda: dict[str, float], qgis: dict[str, float]) -> dict[str, Any]:
    """Per-area difference of the overlap area (m²) between gbda and QGIS."""
    ids = sorted(set(gbda) | set(qgis))
    worst_abs, worst_rel, worst_id, failing = 0.0, 0.0, "", []
    for a in ids:
        g, q = gbda.get(a, float("nan")), qgis.get(a, float("nan"))
        diff = abs(g - q)
        rel = diff / max(abs(g), abs(q), 1e-12)
        if not diff <= ABS_TOL_M2 and not rel <= REL_TOL:  # NaN (area missing) fails too
            failing.append(a)
        if diff > worst_abs or diff != diff:
            worst_abs, worst_id = diff, a
        worst_rel = max(worst_rel, rel)
    return {
        "areas": len(ids),
        "max_abs_diff_m2": worst_abs,
        "max_abs_diff_area": worst_id,
        "max_rel_diff": worst_rel,
        "unequal_areas": failing,
        "equal": not failing,
        "total_gbda_m2": sum(gbda.values()),
        "total_qgis_m2": sum(qgis.values()),
    }


def versions() -> dict[str, str]:
    """Library versions (the QGIS ones come from its own subprocess, see ``qgis_versions``)."""
    import geopandas
    import numpy
    import pyogrio
    import shapely

    return {
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "shapely": shapely.__version__,
        "geos (shapely)": shapely.geos_version_string,
        "pyogrio": pyogrio.__version__,
        "gdal (pyogrio)": pyogrio.__gdal_version_string__,
        "geopandas": geopandas.__version__,
    }


def qgis_versions() -> dict[str, str]:
    """QGIS, its GDAL and GEOS, asked in a subprocess (QGIS is optional)."""
    code = (
        "import json; from qgis.core import Qgis; from osgeo import gdal;"
        "print(json.dumps({'qgis': Qgis.QGIS_VERSION, 'gdal (qgis)': gdal.__version__,"
        "'geos (qgis)': Qgis.geosVersion()}))"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        return dict(json.loads(out.strip().splitlines()[-1]))
    except (subprocess.CalledProcessError, ValueError, IndexError):
        return {"qgis": "not available"}


def machine() -> dict[str, Any]:
    """CPU count and model, memory and OS of this machine."""
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
    os_name = ""
    release = Path("/etc/os-release")
    if release.exists():
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        # Virtual machines can move between hosts: the model says which one a run had.
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "mem_gib": round(mem_kib / 2**20, 1),
        "os": os_name,
    }


def orchestrate(args: argparse.Namespace) -> int:
    """Run all parts, print the table, write results.json; exit 1 if the results differ."""
    n_label = f"{args.n:,}"
    variant = "mixed" if args.mixed else "polygons"
    files = paths(args.n, args.work)
    args.elements = files[variant]
    if not args.elements.exists():
        raise SystemExit(f"{args.elements.name} is missing; run make_data.py --n {args.n} first")
    print(f"gbda benchmark: {n_label} elements ({variant}), gemeenten 2022, {args.repeat} repeats")
    warm_cache([args.gemeenten, args.elements])

    reads = [run_part("read", args) for _ in range(args.repeat)]
    gbda_file = args.work / f"per_area_gbda_{variant}.json"
    gbdas = [run_part("gbda", args, gbda_file) for _ in range(args.repeat)]
    read_s = best(reads, "read_s")
    gbda_total = best(gbdas, "total_s")
    gbda_compute = best(gbdas, "compute_s")
    res: dict[str, Any] = {
        "n": args.n,
        "variant": variant,
        "elements_file": args.elements.name,
        "elements_mib": round(args.elements.stat().st_size / 2**20, 1),
        "repeats": args.repeat,
        "read": {"runs": reads, "best_s": read_s},
        "gbda": {
            "runs": gbdas,
            "best_total_s": gbda_total,
            "best_compute_s": gbda_compute,
            "peak_rss_mib": max(r["peak_rss_mib"] for r in gbdas),
        },
        "ratio_gbda_total_to_read": gbda_total / read_s,
        "goal_read_ratio_met": gbda_total / read_s <= GOAL_READ_RATIO,
        # Process CPU time (user + sys, all threads) suffers less from other work on the
        # machine than wall time; the fewest seconds of the repeats count.
        "read_cpu_s": best(reads, "read_cpu_s"),
        "gbda_total_cpu_s": best(gbdas, "total_cpu_s"),
        "ratio_gbda_total_to_read_cpu": best(gbdas, "total_cpu_s") / best(reads, "read_cpu_s"),
    }

    gbda_areas = json.loads(gbda_file.read_text())
    failures = []
    # QGIS's overlap analysis takes polygons only, and takes long: only up to --qgis-max-n.
    run_qgis = not args.skip_qgis and not args.mixed and args.n <= args.qgis_max_n
    if run_qgis:
        toy = run_part("toy", args)
        qgis_file = args.work / "per_area_qgis.json"
        qgis = run_part("qgis", args, qgis_file)
        cmp = compare(gbda_areas, json.loads(qgis_file.read_text()))
        res["qgis_toy"] = toy
        res["qgis"] = qgis
        res["ratio_qgis_to_gbda_total"] = qgis["total_s"] / gbda_total
        res["ratio_qgis_to_gbda_compute"] = qgis["total_s"] / gbda_compute
        res["goal_qgis_ratio_met"] = res["ratio_qgis_to_gbda_total"] >= GOAL_QGIS_RATIO
        res["comparison"] = cmp
        res["versions"] = {**versions(), **qgis_versions()}
        failures += [] if cmp["equal"] else ["QGIS"]
    else:
        res["versions"] = versions()
        if not args.mixed and not args.skip_qgis:
            res["qgis_skipped"] = f"n > --qgis-max-n {args.qgis_max_n:,}"

    if not args.mixed and not args.skip_overlay and args.n <= args.overlay_max_n:
        overlay_file = args.work / "per_area_overlay.json"
        overlay = run_part("overlay", args, overlay_file)
        overlay["comparison"] = compare(gbda_areas, json.loads(overlay_file.read_text()))
        overlay["ratio_to_gbda_total"] = overlay["total_s"] / gbda_total
        res["overlay"] = overlay
        failures += [] if overlay["comparison"]["equal"] else ["overlay"]
    elif not args.mixed and not args.skip_overlay:
        res["overlay_skipped"] = f"n > --overlay-max-n {args.overlay_max_n:,}"

    for workers in [int(w) for w in args.dask_workers.split(",") if w.strip()]:
        dask_file = args.work / f"per_area_dask{workers}.json"
        # As often as gbda, the fastest counts (the dask goal compares the two); every run's
        # results are compared, and the one furthest from gbda's is reported.
        runs, comparisons = [], []
        for _ in range(args.repeat):
            runs.append(run_part("dask", args, dask_file, ("--workers", str(workers))))
            found = json.loads(dask_file.read_text())
            comparisons.append((compare(gbda_areas, found), found == gbda_areas))
        dask = dict(min(runs, key=lambda r: r["total_s"]), runs=runs)
        for peak in ("peak_rss_mib", "client_peak_rss_mib", "worker_peak_rss_mib"):
            dask[peak] = max(r[peak] for r in runs)  # peaks: the largest of the runs
        dask["comparison"] = max(
            (c for c, _ in comparisons), key=lambda c: (not c["equal"], c["max_rel_diff"])
        )
        dask["identical"] = all(same for _, same in comparisons)
        # Bit for bit but for float rounding: an overlap group that reaches beyond what a
        # partition reads is dissolved with fewer members there (see docs/distributed.md).
        dask["equal_to_rounding"] = dask["comparison"]["max_rel_diff"] <= DASK_REL_TOL
        dask["ratio_to_gbda_total"] = dask["total_s"] / gbda_total
        res[f"dask_{workers}"] = dask
        failures += [] if dask["equal_to_rounding"] else [f"dask with {workers} workers"]

    if args.raster and not args.mixed:
        failures += run_raster(args, res)
    res["goal_5m_peak_met"] = (
        res["gbda"]["peak_rss_mib"] < GOAL_PEAK_MIB if args.n >= 5_000_000 else None
    )
    if "dask_2" in res and args.n >= 5_000_000:
        res["goal_dask_2_met"] = res["dask_2"]["total_s"] <= gbda_total
    res["machine"] = machine()

    report(res)
    results = args.work / "results.json"
    everything = json.loads(results.read_text()) if results.exists() else {}
    everything[f"{variant}_{args.n}"] = res
    results.write_text(json.dumps(everything, indent=2))
    print(f"\nwritten: {os.path.relpath(results)}")
    markdown = args.work / "results.md"
    markdown.write_text(bench_report.markdown(everything))
    print(f"written: {os.path.relpath(markdown)} (tables for docs/benchmarks.md)")
    if failures:
        print(f"FAIL: results differ per area from gbda's: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


def run_raster(args: argparse.Namespace, res: dict[str, Any]) -> list[str]:
    """Raster engine against exactextract directly, on the province raster; returns failures."""
    from make_raster import raster_paths

    files = raster_paths(args.n, args.province, args.work)
    if not files["raster"].exists():
        raise SystemExit(f"{files['raster'].name} is missing; run make_raster.py --n {args.n}")
    warm_cache([files["raster"], files["zones"]])
    extra = ("--raster-file", str(files["raster"]), "--zones", str(files["zones"]))
    ours_file = args.work / "per_area_raster.json"
    theirs_file = args.work / "per_area_exactextract.json"
    ours = [run_part("raster", args, ours_file, extra) for _ in range(args.repeat)]
    theirs = [run_part("exactextract", args, theirs_file, extra) for _ in range(args.repeat)]
    a, b = json.loads(ours_file.read_text()), json.loads(theirs_file.read_text())
    element = compare({k: v[0] for k, v in a.items()}, {k: v[0] for k, v in b.items()})
    rural = compare({k: v[1] for k, v in a.items()}, {k: v[1] for k, v in b.items()})
    stats_file = files["stats"]
    res["raster"] = {
        "province": args.province,
        "stats": json.loads(stats_file.read_text()) if stats_file.exists() else {},
        "gbda": {"runs": ours, "best_s": best(ours, "total_s"),
                 "peak_rss_mib": max(r["peak_rss_mib"] for r in ours)},
        "exactextract": {"runs": theirs, "best_s": best(theirs, "total_s"),
                         "peak_rss_mib": max(r["peak_rss_mib"] for r in theirs)},
        "comparison_element": element,
        "comparison_rural": rural,
    }  # fmt: skip
    res["raster"]["ratio_gbda_to_exactextract"] = (
        res["raster"]["gbda"]["best_s"] / res["raster"]["exactextract"]["best_s"]
    )
    return [] if element["equal"] and rural["equal"] else ["raster vs exactextract"]


def report(res: dict[str, Any]) -> None:
    """Print the side-by-side table."""
    g = res["gbda"]
    read_mib = max(r["peak_rss_mib"] for r in res["read"]["runs"])
    rows = [
        ("read inputs only", res["read"]["best_s"], read_mib),
        ("gbda read + compute", g["best_total_s"], g["peak_rss_mib"]),
        ("gbda compute alone", g["best_compute_s"], None),
    ]
    if "qgis" in res:
        rows.append(("QGIS overlap analysis", res["qgis"]["total_s"], res["qgis"]["peak_rss_mib"]))
    if "overlay" in res:
        o = res["overlay"]
        rows.append(("geopandas overlay+dissolve", o["total_s"], o["peak_rss_mib"]))
    for key in sorted(k for k in res if k.startswith("dask_")):
        d = res[key]
        # An upper bound of all processes together: each worker at its peak at once.
        peak = d["client_peak_rss_mib"] + d["worker_peak_rss_mib"] * d["workers"]
        rows.append((f"gbda dask, {d['workers']} worker(s)", d["total_s"], peak))
    if "raster" in res:
        r = res["raster"]
        rows.append(("raster: gbda", r["gbda"]["best_s"], r["gbda"]["peak_rss_mib"]))
        rows.append(("raster: exactextract", r["exactextract"]["best_s"],
                     r["exactextract"]["peak_rss_mib"]))  # fmt: skip
    print(f"\n{'part':<28}{'time s':>10}{'peak RSS MiB':>14}")
    for name, seconds, mib in rows:
        print(f"{name:<28}{seconds:>10.2f}{'' if mib is None else f'{mib:>14.0f}'}")
    for key in ("overlay", *sorted(k for k in res if k.startswith("dask_"))):
        if key in res:
            c = res[key]["comparison"]
            print(f"{key}: {'equal' if c['equal'] else 'UNEQUAL'} per gemeente"
                  f" (max |diff| {c['max_abs_diff_m2']:.3g} m²)")  # fmt: skip
    if "raster" in res:
        r = res["raster"]
        same = r["comparison_element"]["equal"] and r["comparison_rural"]["equal"]
        print(f"raster vs exactextract: element and rural area {'equal' if same else 'UNEQUAL'};"
              f" gbda / exactextract time = {r['ratio_gbda_to_exactextract']:.2f}")  # fmt: skip

    def goal(ok: bool) -> str:
        return "met" if ok else "NOT met"

    r, met = res["ratio_gbda_total_to_read"], goal(res["goal_read_ratio_met"])
    print(f"\ngbda total / read = {r:.2f}  (goal <= {GOAL_READ_RATIO:g}: {met})")
    print(
        f"CPU time (user + sys): read {res['read_cpu_s']:.2f} s, gbda total"
        f" {res['gbda_total_cpu_s']:.2f} s, ratio {res['ratio_gbda_total_to_read_cpu']:.2f}"
    )
    if "qgis" in res:
        q, met = res["ratio_qgis_to_gbda_total"], goal(res["goal_qgis_ratio_met"])
        print(
            f"QGIS / gbda total = {q:.1f}  (goal >= {GOAL_QGIS_RATIO:g}: {met});"
            f" QGIS / gbda compute = {res['ratio_qgis_to_gbda_compute']:.1f}"
        )
        c = res["comparison"]
        print(
            f"per gemeente: {c['areas']} areas, max |diff| {c['max_abs_diff_m2']:.3g} m²"
            f" ({c['max_abs_diff_area']}), max rel diff {c['max_rel_diff']:.3g},"
            f" {'equal' if c['equal'] else 'UNEQUAL: ' + ', '.join(c['unequal_areas'][:10])}"
        )
        t = res["qgis_toy"]
        print(
            f"toy case: QGIS {t['qgis_m2']:g} m², dissolved {t['dissolved_m2']:g} m²,"
            f" plain sum {t['sum_m2']:g} m²"
        )


def main() -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of elements")
    parser.add_argument("--mixed", action="store_true", help="line/polygon/point variant")
    parser.add_argument("--skip-qgis", action="store_true", help="do not run QGIS")
    parser.add_argument("--repeat", type=int, default=3, help="runs of read and gbda (best kept)")
    parser.add_argument("--skip-overlay", action="store_true", help="no geopandas overlay")
    parser.add_argument(
        "--overlay-max-n",
        type=int,
        default=1_000_000,
        help="run the overlay baseline only up to this many elements",
    )
    parser.add_argument(
        "--qgis-max-n",
        type=int,
        default=1_000_000,
        help="run QGIS only up to this many elements (it takes minutes per 1 M)",
    )
    parser.add_argument(
        "--dask-workers",
        default="1,2",
        help="local dask clusters to run, by worker count ('' for none)",
    )
    parser.add_argument(
        "--raster",
        action="store_true",
        help="also raster engine vs exactextract (make_raster.py data)",
    )
    parser.add_argument("--province", default="PV26", help="province of the raster")
    parser.add_argument("--gemeenten", type=Path, default=GEMEENTEN)
    parser.add_argument("--work", type=Path, default=WORK)
    # Internal: run one measured part and write its numbers to --out.
    parser.add_argument("--part", choices=sorted(PARTS), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--elements", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--per-area", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--raster-file", dest="raster_file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--zones", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        args.out.write_text(json.dumps(PARTS[args.part](args)))
        return 0
    return orchestrate(args)


if __name__ == "__main__":
    sys.exit(main())
