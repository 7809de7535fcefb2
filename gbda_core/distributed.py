"""Run the share computation on a dask cluster: a local one, or an existing scheduler.

The areas are ordered along a Hilbert curve (dask-geopandas) and cut into partitions of about
equal land area. Each partition is one task: a worker reads, from the shared files, only the
elements, exclusions and rural polygons whose envelope comes near the envelope of one of the
partition's areas (through the files' spatial index: a GeoPackage's R-tree answers every area's
box in one query, :mod:`gbda_core.readers.boxes`), and computes those areas with the
single-machine engine. "Near" is the footprint reach (:func:`footprint_reach`): a point or a
line becomes a polygon that reaches beyond its own envelope, so an element just outside an
area's envelope can still count in it.
An element near a partition border is read by every partition whose areas it comes near.
Every area is computed on its own, from the same inputs in the same order (features sorted by
feature id), so its figures are those of the single-machine engine; the driver only puts the
areas back in their order and merges the problem reports.

Workers need the same files at the same paths (a shared or copied file system). Each worker's
element-wise geometry work uses ``GBDA_THREADS`` threads (see :mod:`gbda_core.parallel`); a
local cluster gives each of its N workers ``cpu_count / N`` unless ``GBDA_THREADS`` is set.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyogrio
import shapely

from gbda_core.clip import EXCLUDED_LAND, OUTSIDE_AREAS
from gbda_core.errors import ConfigError, InputError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.geometry import point_radius
from gbda_core.mapping import read_widths
from gbda_core.problems import Problem, problem_for_rows
from gbda_core.raster_classes import RasterClasses
from gbda_core.readers.boxes import Boxes
from gbda_core.readers.ogr import (
    LayerSpec,
    layer_fields,
    parse_layer_spec,
    read_column,
    working_crs,
)
from gbda_core.share import Mode, ShareResult, prepare_areas
from gbda_core.strips import MITRE_LIMIT
from gbda_core.targets import Targets
from gbda_core.vocabulary import Vocabulary, load_vocabulary

#: Partitions per worker: more than one, so a slow partition does not hold the others up.
PARTITIONS_PER_WORKER = 2
#: dask's settings for the environment of worker processes it starts.
PRE_SPAWN_ENVIRON = "distributed.nanny.pre-spawn-environ"
#: Problems about where elements lie, merged over partitions by their own rule.
PLACEMENT_KINDS = ("outside_areas", "excluded_land")


@dataclass(frozen=True)
class DaskOptions:
    """Where to run: a local cluster of ``workers`` processes, or an existing ``scheduler``.

    ``partitions`` defaults to two per worker. ``processes=False`` runs a local cluster's
    workers as threads in this process (for tests and small runs).
    """

    workers: int | None = None
    scheduler: str | None = None
    partitions: int | None = None
    processes: bool = True


@contextmanager
def dask_client(options: DaskOptions) -> Iterator[Any]:
    """Connect to the scheduler, or start a local cluster; close what was started on exit."""
    from distributed import Client

    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise InputError(
                f"cannot reach the dask scheduler at {options.scheduler}: {exc}",
                hint="start it with 'dask scheduler' and check the address",
            ) from None
        try:
            yield client
        finally:
            client.close()  # type: ignore[no-untyped-call]
        return
    cluster = local_cluster(options.workers, processes=options.processes)
    try:
        with Client(cluster) as client:  # type: ignore[no-untyped-call]
            yield client
    finally:
        cluster.close()


def local_cluster(workers: int | None = None, *, processes: bool = True) -> Any:
    """Start a ``distributed.LocalCluster`` of ``workers`` single-threaded workers.

    Each worker process gets ``GBDA_THREADS`` = its share of the cores (unless the variable is
    set), so N workers do not each start one thread per core for the geometry work, and
    glibc's own memory trimming (see :data:`PRE_SPAWN_ENVIRON`).
    """
    import dask
    from distributed import LocalCluster

    if workers is None:
        workers = max(1, os.cpu_count() or 1)
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    threads = os.environ.get("GBDA_THREADS") or str(max(1, (os.cpu_count() or 1) // workers))
    # Worker processes get their share of the cores; threads in this process share its env.
    extra = {"env": {"GBDA_THREADS": threads}} if processes else {}
    # dask starts workers with glibc's trim threshold at 64 KiB, which also fixes the mmap
    # threshold: every large numpy temporary is then mapped afresh and page-faulted in, which
    # made a national run 20-25 % slower. None leaves glibc's adaptive default.
    with dask.config.set({f"{PRE_SPAWN_ENVIRON}.MALLOC_TRIM_THRESHOLD_": None}):
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            **extra,
        )


def spatial_partitions(
    geoms: npt.NDArray[np.object_], n_partitions: int
) -> list[npt.NDArray[np.intp]]:
    """Cut areas into ``n_partitions`` compact groups of about equal area (index arrays).

    The areas are ordered by the Hilbert distance of their envelope's centre
    (dask-geopandas), then cut where the running area passes each equal share. Empty or null
    geometries go with the first group.
    """
    import dask_geopandas

    n = len(geoms)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    idx = np.flatnonzero(present)
    if len(idx) == 0:
        return [np.arange(n)]
    frame = gpd.GeoDataFrame(geometry=geoms[idx])
    distance = (
        dask_geopandas.from_geopandas(frame, npartitions=1)
        .hilbert_distance(total_bounds=shapely.total_bounds(geoms[idx]))
        .compute(scheduler="sync")
        .to_numpy()
    )
    order = idx[np.argsort(distance, kind="stable")]
    weight = np.cumsum(shapely.area(geoms[order]))
    cuts = np.searchsorted(weight, weight[-1] * np.arange(1, n_partitions) / n_partitions)
    groups = [g for g in np.split(order, np.unique(cuts)) if len(g)]
    groups[0] = np.concatenate([groups[0], np.flatnonzero(~present)])
    return [np.sort(g) for g in groups]


@dataclass
class _PartResult:
    result: ShareResult
    read_rows: dict[tuple[str, str], npt.NDArray[np.int64]] = field(default_factory=dict)


def footprint_reach(
    vocabulary: Vocabulary,
    elements: Sequence[LayerSpec] = (),
    width_field: str | None = None,
) -> float:
    """How far (m) an element's footprint can reach beyond the envelope of its geometry.

    A point becomes a polygon of its type's default area (radius :func:`point_radius`); a line a
    strip of half its width on either side, whose mitred bends reach out to ``MITRE_LIMIT``
    times the half-width. The widest of the vocabulary's defaults counts, and the largest value
    of ``width_field`` in the element layers that have it (read once, without geometry).
    """
    reach = 0.0
    for et in vocabulary.element_types:
        if et.width_m is not None:
            reach = max(reach, MITRE_LIMIT * et.width_m.value / 2.0)
        if et.point_area_m2 is not None:
            reach = max(reach, float(point_radius(et.point_area_m2.value)))
    for spec in elements if width_field else ():
        if width_field not in layer_fields(spec, "element layer"):
            continue
        values = read_column(spec, width_field, "element layer")
        widths, _ = read_widths(values)  # bad widths fall back to the defaults (counted above)
        if np.isfinite(widths).any():
            reach = max(reach, MITRE_LIMIT * float(np.nanmax(widths)) / 2.0)
    return reach


def _part_boxes(areas: gpd.GeoDataFrame, reach: float = 0.0) -> Boxes:
    """Envelopes of the partition's areas, each grown by ``reach`` (m) on every side."""
    geoms = areas.geometry.to_numpy()
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    if len(geoms) == 0:
        return np.empty((0, 4))
    grown: Boxes = shapely.bounds(geoms) + np.array([-reach, -reach, reach, reach])
    return grown


def _share_part(areas: gpd.GeoDataFrame, settings: dict[str, Any]) -> _PartResult:
    """One partition, on a worker: read what its areas need from the files and compute."""
    from gbda_core.jobs import read_denominator_layers, read_elements
    from gbda_core.mapping import load_type_mapping
    from gbda_core.share import compute_share

    reach = settings["reach_m"]
    vocabulary = settings["vocabulary"]
    mapping = settings["mapping"]
    read = {"crs": settings["crs"], "assume_crs": settings["assume_crs"]}
    layers = read_elements(
        settings["elements"],
        type_field=settings["type_field"],
        width_field=settings["width_field"],
        type_mapping=load_type_mapping(mapping, vocabulary) if mapping else None,
        boxes=_part_boxes(areas, reach),
        **read,
    )
    # Reading by the areas' own grown envelopes keeps just the elements near them.
    read_rows = {(ly.source, ly.layer): ly.frame.index.to_numpy(dtype=np.int64) for ly in layers}
    exclusions, rural = read_denominator_layers(
        settings["exclude"], settings["rural"], boxes=_part_boxes(areas), **read
    )
    result = compute_share(
        areas,
        layers,
        id_field=settings["id_field"],
        exclusions=exclusions,
        rural_area=rural,
        profile=settings["profile"],
        mode=settings["mode"],
        targets=settings["targets"],
        vocabulary=vocabulary,
        crs=settings["crs"],
    )
    return _PartResult(result, read_rows)


def _raster_part(areas: gpd.GeoDataFrame, settings: dict[str, Any]) -> _PartResult:
    """One partition of a raster run, on a worker."""
    from gbda_core.jobs import read_denominator_layers
    from gbda_core.raster import compute_share_raster

    read = {"crs": settings["crs"], "assume_crs": settings["assume_crs"]}
    exclusions, rural = read_denominator_layers(
        settings["exclude"], settings["rural"], boxes=_part_boxes(areas), **read
    )
    result = compute_share_raster(
        areas,
        settings["rasters"],
        settings["classes"],
        id_field=settings["id_field"],
        exclusions=exclusions,
        rural_area=rural,
        profile=settings["profile"],
        targets=settings["targets"],
        crs=settings["raster_crs"],
        assume_crs=settings["assume_crs"],
    )
    return _PartResult(result)


def _run_partitions(
    options: DaskOptions,
    area_frame: gpd.GeoDataFrame,
    id_field: str,
    work: Callable[[gpd.GeoDataFrame, dict[str, Any]], _PartResult],
    settings: dict[str, Any],
    feedback: Feedback,
) -> tuple[list[_PartResult], int]:
    """Validate the areas, cut them into partitions, run ``work`` on each; return the results."""
    _, geoms, _ = prepare_areas(area_frame, id_field, area_frame.crs)  # one-line errors, early
    with dask_client(options) as client:
        n_workers = max(1, len(client.nthreads()))
        n_parts = options.partitions or PARTITIONS_PER_WORKER * n_workers
        if n_parts < 1:
            raise ConfigError("--partitions must be at least 1")
        groups = spatial_partitions(np.asarray(area_frame.geometry.array, dtype=object), n_parts)
        feedback.step(f"computing {len(groups)} partitions on {n_workers} dask workers")
        futures = [client.submit(work, area_frame.iloc[g], settings, pure=False) for g in groups]
        parts = client.gather(futures)
    del geoms
    return list(parts), n_workers


def share_on_dask(
    options: DaskOptions,
    areas: str | Path | LayerSpec,
    elements: Sequence[str | Path | LayerSpec],
    *,
    id_field: str,
    type_field: str = "element_type",
    width_field: str | None = None,
    mapping: str | Path | None = None,
    exclude: Sequence[Any] = (),
    rural: str | Path | LayerSpec | None = None,
    profile: str = "aanvalsplan",
    mode: Mode = "footprint",
    targets: Targets | None = None,
    crs: str | None = None,
    assume_crs: str | None = None,
    vocabulary: Vocabulary | None = None,
    feedback: Feedback = SILENT,
) -> ShareResult:
    """:func:`gbda_core.jobs.share_from_files` on a dask cluster; same arguments, same result.

    Element rows that come nowhere near an area (their envelope stays further than the
    footprint reach from every area's envelope) are never read in full; they are reported as
    one ``outside_areas`` count per layer, without row numbers.
    """
    from gbda_core.jobs import read_tagged

    vocabulary = vocabulary or load_vocabulary()
    feedback.step("reading areas")
    area_frame = read_tagged(
        areas, columns=[id_field], crs=crs, assume_crs=assume_crs, what="areas layer"
    )
    element_specs = [parse_layer_spec(e) for e in elements]
    settings = {
        "elements": element_specs,
        "reach_m": footprint_reach(vocabulary, element_specs, width_field),
        "type_field": type_field,
        "width_field": width_field,
        "mapping": str(mapping) if mapping else None,
        "exclude": list(exclude),
        "rural": rural,
        "id_field": id_field,
        "profile": profile,
        "mode": mode,
        "targets": targets,
        "vocabulary": vocabulary,
        "crs": crs,
        "assume_crs": assume_crs,
    }
    parts, n_workers = _run_partitions(
        options, area_frame, id_field, _share_part, settings, feedback
    )
    totals = {
        (str(s.path), s.layer or ""): int(pyogrio.read_info(s.path, layer=s.layer)["features"])
        for s in element_specs
    }
    merged = merge_results(parts, area_frame[id_field], vocabulary.codes, totals)
    merged.problems = _with_exclusion_counts(merged.problems, exclude)
    merged.settings.update(engine="dask", dask_workers=n_workers, dask_partitions=len(parts))
    return merged


def share_raster_on_dask(
    options: DaskOptions,
    areas: str | Path,
    rasters: Sequence[str | Path],
    classes: RasterClasses,
    *,
    id_field: str,
    exclude: Sequence[Any] = (),
    rural: str | Path | None = None,
    profile: str = "aanvalsplan",
    targets: Targets | None = None,
    crs: str | None = None,
    assume_crs: str | None = None,
    feedback: Feedback = SILENT,
) -> ShareResult:
    """:func:`gbda_core.raster.share_raster_from_files` on a dask cluster; the same result."""
    from gbda_core.jobs import read_tagged
    from gbda_core.raster import nodata_problems, open_tiles

    _, target = open_tiles(rasters, crs=crs, assume_crs=assume_crs)
    work_crs = target.to_wkt()
    working_crs(work_crs)
    area_frame = read_tagged(
        areas, columns=[id_field], crs=work_crs, assume_crs=assume_crs, what="areas layer"
    )
    settings = {
        "rasters": [str(r) for r in rasters],
        "classes": classes,
        "exclude": list(exclude),
        "rural": rural,
        "id_field": id_field,
        "profile": profile,
        "targets": targets,
        "crs": work_crs,
        "raster_crs": crs,
        "assume_crs": assume_crs,
    }
    parts, n_workers = _run_partitions(
        options, area_frame, id_field, _raster_part, settings, feedback
    )
    labels = [c.label for c in classes.labels()]
    merged = merge_results(parts, area_frame[id_field], labels, {}, type_column="raster_class")
    table = merged.areas
    merged.problems = [
        p for p in _with_exclusion_counts(merged.problems, exclude) if p.kind != "raster_nodata"
    ] + nodata_problems(
        table["area_id"].to_numpy(),
        table["nodata_ha"].to_numpy() * 1e4,
        (table["rural_ha"] + table["nodata_ha"]).to_numpy() * 1e4,
    )
    merged.settings.update(
        engine="raster on dask", dask_workers=n_workers, dask_partitions=len(parts)
    )
    return merged


def _with_exclusion_counts(problems: list[Problem], exclude: Sequence[Any]) -> list[Problem]:
    """Count the polygons of unused exclusion layers in the whole file, not per partition."""
    from gbda_core.jobs import ExclusionSpec, parse_exclusion

    counts: dict[str, int] = {}
    for item in exclude:
        ex = item if isinstance(item, ExclusionSpec) else parse_exclusion(item)
        info = pyogrio.read_info(ex.layer.path, layer=ex.layer.layer)
        counts[ex.kind] = counts.get(ex.kind, 0) + int(info["features"])
    return [
        replace(p, count=counts.get(p.value, p.count))
        if p.kind == "exclusion_not_in_profile"
        else p
        for p in problems
    ]


def merge_results(
    parts: Sequence[_PartResult],
    area_ids: pd.Series,
    type_order: Sequence[str],
    totals: dict[tuple[str, str], int],
    type_column: str = "element_type",
) -> ShareResult:
    """Put the partitions' areas back in input order and merge their problem reports."""
    position = {a: i for i, a in enumerate(area_ids)}
    areas = pd.concat([p.result.areas for p in parts], ignore_index=True)
    areas = areas.iloc[np.argsort(areas["area_id"].map(position).to_numpy(), kind="stable")]
    areas = gpd.GeoDataFrame(areas.reset_index(drop=True), crs=parts[0].result.areas.crs)
    breakdown = pd.concat([p.result.breakdown for p in parts], ignore_index=True)
    type_rank = {t: i for i, t in enumerate(type_order)}
    key = breakdown["area_id"].map(position).to_numpy() * (len(type_rank) + 1) + breakdown[
        type_column
    ].map(type_rank).fillna(len(type_rank)).to_numpy(dtype=np.int64)
    breakdown = breakdown.iloc[np.argsort(key, kind="stable")].reset_index(drop=True)
    problems = merge_problems(parts, totals)
    return ShareResult(areas, breakdown, problems, dict(parts[0].result.settings))


def merge_problems(
    parts: Sequence[_PartResult], totals: dict[tuple[str, str], int]
) -> list[Problem]:
    """Merge the problems of partitions that read overlapping sets of elements.

    Per-row problems (unmapped types, repairs, ...) are the union of their rows. An element is
    ``outside_areas`` only when every partition that read it found it outside its areas, and
    ``excluded_land`` only when none counted it. Rows no partition read are outside every area.
    """
    merged: dict[tuple[str, str, str, str, str, str], Problem] = {}
    rows: dict[tuple[str, str, str, str, str, str], set[int]] = {}
    for part in parts:
        for p in part.result.problems:
            key = (p.kind, p.source, p.layer, p.value, p.action, p.message)
            merged.setdefault(key, p)
            rows.setdefault(key, set()).update(p.rows)
    placement: dict[tuple[str, str], dict[str, set[int]]] = {}
    result = []
    for problem_key, first in merged.items():
        if first.kind in PLACEMENT_KINDS:
            placement.setdefault((first.source, first.layer), {})[first.kind] = rows[problem_key]
            continue
        if first.rows:
            result.append(
                problem_for_rows(
                    first.kind,
                    sorted(rows[problem_key]),
                    first.message,
                    first.action,
                    source=first.source,
                    layer=first.layer,
                    value=first.value,
                )
            )
        else:
            result.append(first)
    empty = np.empty(0, dtype=np.int64)
    for (source, layer), total in totals.items():
        kinds = placement.get((source, layer), {})
        read = [p.read_rows.get((source, layer), empty) for p in parts]
        # Counted (or dropped for its type) in some partition: neither outside nor excluded.
        busy = np.unique(
            np.concatenate(
                [empty]
                + [
                    np.setdiff1d(r, _placement_rows(p, source, layer))
                    for r, p in zip(read, parts, strict=True)
                ]
            )
        )
        excluded = np.setdiff1d(np.array(sorted(kinds.get("excluded_land", ())), np.int64), busy)
        outside = np.setdiff1d(np.array(sorted(kinds.get("outside_areas", ())), np.int64), busy)
        outside = np.setdiff1d(outside, excluded)
        where = {"source": source, "layer": layer}
        for kind, message, found in (
            ("outside_areas", OUTSIDE_AREAS, outside),
            ("excluded_land", EXCLUDED_LAND, excluded),
        ):
            if len(found):
                result.append(problem_for_rows(kind, found, message, "not_counted", **where))
        n_read = len(np.unique(np.concatenate([empty, *read])))
        if total > n_read:
            result.append(
                Problem(
                    "outside_areas",
                    "elements nowhere near the envelope of any area "
                    "(not read, so neither type nor geometry checked)",
                    "not_counted",
                    count=total - n_read,
                    source=source,
                    layer=layer,
                )
            )
    return result


def _placement_rows(part: _PartResult, source: str, layer: str) -> npt.NDArray[np.int64]:
    """Rows a partition read but found outside its areas or in excluded land."""
    rows = [
        np.asarray(p.rows, dtype=np.int64)
        for p in part.result.problems
        if p.kind in PLACEMENT_KINDS and p.source == source and p.layer == layer
    ]
    return np.concatenate([np.empty(0, dtype=np.int64), *rows])
