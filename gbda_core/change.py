"""Change between two snapshots of an element layer (e.g. two BGT downloads), per area and type.

Both snapshots become footprints as in the share engine (:mod:`gbda_core.geometry`: lines are
strips of their width, points octagons of their type's area), dissolved within each element
type. Gains are the new footprints outside the old ones, losses the old outside the new, both
without the slivers a redrawn outline leaves within the tolerance (the rule is in
:mod:`gbda_core.change_geometry`). A type change is a loss of the old type and a gain of the
new one.

Km count for the linear element types (those with a default width, as in ``gbda progress``):

- elements drawn as lines: the same rule on their centre lines against the other snapshot's
  footprints, so a hedge extended by 50 m gains exactly 50 m;
- elements drawn as polygons: their length is the register's strip length
  (:func:`gbda_core.register.measure.strip_length`, the length ``gbda progress`` counts). The
  km an element gained (or lost) are its strip length less the strip length of its part that
  did not change (the change of its footprint within it): a polygon hedge extended by 50 m
  gains 50 m, a hedge only widened gains area and no km, a new or vanished one counts whole.

So a hedge drawn as a polygon where a line was is no change, and old and new km equal what
``gbda progress`` counts for the same elements. ``unchanged = old - lost`` (the old elements
still there); ``net = gained - lost``. ``new - gained`` may differ from ``unchanged``: slivers
within the tolerance (a redrawn outline, a hole filled by a shifted neighbour) count as neither
gained nor lost, so ``new - old`` equals ``net`` only with tolerance 0 (for ha).

The tolerance is the largest digitising shift that is not a change. Default 1 m: an assumption,
about five times the 20 cm the BGT is said to be accurate to
(https://www.planviewer.nl/artikelen/leefomgeving/nederland-in-een-digitale-kaart; secondary),
so outlines redrawn from a newer aerial photo do not count as change.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from gbda_core import snapped
from gbda_core.change_geometry import (
    DUST,
    Floats,
    Geoms,
    Ints,
    Snapshot,
    beyond_tolerance,
    dissolve_by_type,
    keep_dimension,
)
from gbda_core.errors import ConfigError, InputError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.jobs import read_tagged
from gbda_core.mapping import load_type_mapping
from gbda_core.output import write_gpkg
from gbda_core.parallel import elementwise
from gbda_core.problems import Problem, problems_frame
from gbda_core.progress import km_type_codes
from gbda_core.readers.bgt import read_bgt
from gbda_core.readers.ogr import LayerSpec, layer_fields, parse_layer_spec, working_crs
from gbda_core.regions import RegionIndex
from gbda_core.register.measure import strip_length
from gbda_core.share import ElementLayer, as_layers, prepare_areas, prepare_elements
from gbda_core.vocabulary import Vocabulary, load_vocabulary

#: Default tolerance (m): the largest digitising shift that is not a change (an assumption).
DEFAULT_TOLERANCE_M = 1.0

SUMMARY_COLUMNS = (
    "area_id", "element_type", "category",
    "old_ha", "new_ha", "gained_ha", "lost_ha", "unchanged_ha", "net_ha",
    "old_km", "new_km", "gained_km", "lost_km", "unchanged_km", "net_km",
)  # fmt: skip
PIECE_COLUMNS = ("area_id", "element_type", "category", "ha", "km")

#: (area, geometry, clipped geometry) for every pair of an area and a geometry (:func:`_clip`).
Clip = tuple[Ints, Ints, Geoms]


@dataclass
class ChangeResult:
    """Result of :func:`compute_change`.

    Attributes
    ----------
    gained, lost
        One row per area and changed (dissolved) element with :data:`PIECE_COLUMNS`: the
        gained or lost footprint clipped to the area (ha) and the gained or lost km of the
        linear elements in it (centre lines, and strips drawn as polygons).
    summary
        One row per area and element type with :data:`SUMMARY_COLUMNS` (ha, km).
    problems, settings
        Data problems of both snapshots and the areas; the settings used.
    """

    gained: gpd.GeoDataFrame
    lost: gpd.GeoDataFrame
    summary: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)


def check_tolerance(tolerance: float) -> None:
    """Refuse a tolerance that is not a finite number of metres >= 0 (before any work)."""
    if not tolerance >= 0 or not math.isfinite(tolerance):
        raise ConfigError(
            f"tolerance must be a number of metres >= 0, not {tolerance}", hint="e.g. 1"
        )


def compute_change(
    old: gpd.GeoDataFrame | ElementLayer | Sequence[gpd.GeoDataFrame | ElementLayer],
    new: gpd.GeoDataFrame | ElementLayer | Sequence[gpd.GeoDataFrame | ElementLayer],
    areas: gpd.GeoDataFrame,
    *,
    id_field: str,
    tolerance: float = DEFAULT_TOLERANCE_M,
    vocabulary: Vocabulary | None = None,
    crs: str | None = None,
    feedback: Feedback = SILENT,
) -> ChangeResult:
    """Compare two snapshots of landscape elements per area and element type.

    Parameters
    ----------
    old, new
        Element layer(s) of the earlier and the later date, as for
        :func:`gbda_core.share.compute_share` (``element_type`` codes, or
        :class:`~gbda_core.share.ElementLayer` with a type field, mapping and width field).
    areas
        Polygons with a unique ``id_field``; change is clipped to each area.
    id_field
        Field of ``areas`` that identifies each area (becomes ``area_id``).
    tolerance
        Largest digitising shift (m) that is not a change; see the module docstring.
    vocabulary
        Element vocabulary (default: the shipped one).
    crs
        Working CRS, projected and metric (default EPSG:28992).
    feedback
        Progress and cancellation.

    Returns
    -------
    ChangeResult
        Gained and lost pieces (ha, km) and a summary per area and type.
    """
    check_tolerance(tolerance)
    vocabulary = vocabulary or load_vocabulary()
    target_crs = working_crs(crs)
    area_frame, area_geoms, problems = prepare_areas(areas, id_field, target_crs)
    codes = np.array(vocabulary.codes, dtype=object)
    linear = np.isin(codes, list(km_type_codes(vocabulary)))
    snapshots = []
    for what, layers in (("old", old), ("new", new)):
        fp, fp_problems = prepare_elements(as_layers(layers), vocabulary, target_crs, feedback)
        problems += fp_problems
        feedback.step(f"dissolving the {what} elements per type")
        snapshots.append(dissolve_by_type(fp, linear))
    before, after = snapshots
    feedback.step("comparing the snapshots", total=4)
    changes = {}
    for name, this, that in (("gained", after, before), ("lost", before, after)):
        items = beyond_tolerance(this.items, this.item_type, that.items, that.item_type, tolerance)
        feedback.advance()
        lines = beyond_tolerance(this.lines, this.line_type, that.items, that.item_type, tolerance)
        feedback.advance()
        changes[name] = (items, lines, _unchanged_strips(this, items))
        feedback.check()
    feedback.step("clipping the change to the areas")
    index = RegionIndex(area_geoms)
    ids = area_frame["area_id"].to_numpy()
    categories = np.array([str(et.category) for et in vocabulary], dtype=object)
    clipped = {
        name: _Clipped(snap, _clip(index, snap.items), _clip(index, snap.lines))
        for name, snap in (("old", before), ("new", after))
    }
    pieces = {
        name: _pieces(index, clipped[of], *changes[name], ids, codes, categories, target_crs)
        for name, of in (("gained", "new"), ("lost", "old"))
    }
    summary = _summary(index, clipped, pieces, ids, codes, categories)
    settings = {"tolerance_m": tolerance, "crs": target_crs.to_string()}
    return ChangeResult(pieces["gained"], pieces["lost"], summary, problems, settings)


def change_from_files(
    old: Sequence[str | Path | LayerSpec],
    new: Sequence[str | Path | LayerSpec],
    areas: str | Path | LayerSpec,
    *,
    id_field: str | None = None,
    type_field: str = "element_type",
    width_field: str | None = None,
    mapping: str | Path | None = None,
    tolerance: float = DEFAULT_TOLERANCE_M,
    crs: str | None = None,
    assume_crs: str | None = None,
    feedback: Feedback = SILENT,
) -> ChangeResult:
    """Read both snapshots and the areas by path and compare them (see :func:`compute_change`).

    Each snapshot is one or more element layers (``file|layername=L`` allowed) with the type in
    ``type_field``, mapped as for ``gbda share``; a PDOK BGT download (``.zip``) is imported
    with :func:`gbda_core.readers.bgt.read_bgt` on the fly. ``width_field`` is used in the
    layers that have it. Without ``id_field`` the areas' feature ids are their ids.
    """
    check_tolerance(tolerance)
    vocabulary = load_vocabulary()
    type_mapping = load_type_mapping(mapping, vocabulary) if mapping else None
    feedback.step("reading layers")
    area_frame = read_tagged(
        areas, columns=[id_field] if id_field else [], crs=crs, assume_crs=assume_crs,
        what="areas layer",
    )  # fmt: skip
    if id_field is None:
        id_field = "fid"
        area_frame[id_field] = area_frame.index.to_numpy()
    snapshots = []
    for specs in (old, new):
        layers = []
        for spec in specs:
            layer_spec = parse_layer_spec(spec)
            if layer_spec.path.suffix.lower() == ".zip":
                elements = read_bgt(layer_spec.path, crs=crs, feedback=feedback).elements
                layers.append(ElementLayer(elements, source=str(layer_spec.path), layer="bgt"))
                continue
            width = (
                width_field if width_field in layer_fields(layer_spec, "element layer") else None
            )
            frame = read_tagged(
                layer_spec,
                columns=[type_field] + ([width] if width else []),
                crs=crs,
                assume_crs=assume_crs,
                what="element layer",
            )
            layers.append(
                ElementLayer(
                    frame,
                    type_field=type_field,
                    width_field=width,
                    mapping=type_mapping,
                    source=frame.attrs["source"],
                    layer=frame.attrs["layer"],
                )
            )
        snapshots.append(layers)
    result = compute_change(
        snapshots[0],
        snapshots[1],
        area_frame,
        id_field=id_field,
        tolerance=tolerance,
        vocabulary=vocabulary,
        crs=crs,
        feedback=feedback,
    )
    result.settings.update(
        {"old": " ".join(map(str, old)), "new": " ".join(map(str, new)), "areas": str(areas)}
    )
    return result


@dataclass
class _Clipped:
    """A snapshot with its items and its centre lines clipped to the areas (:data:`Clip`)."""

    snap: Snapshot
    items: Clip
    lines: Clip


def _clip(index: RegionIndex, geoms: Geoms) -> Clip:
    """(area, geometry, clipped geometry) for every pair of an area and a non-empty geometry."""
    keep = np.flatnonzero(~shapely.is_empty(geoms))
    a, g, inside = index.pairs(geoms[keep])
    g = keep[g]
    clipped = geoms[g].copy()
    cross = ~inside
    if cross.any():
        clipped[cross] = elementwise(snapped.intersection, index.regions[a[cross]], geoms[g[cross]])
    return a, g, clipped


def _within_items(
    pieces: Clip, items: Clip, n_items: int, measure: Callable[[Geoms], Floats]
) -> Geoms:
    """Return the clipped pieces, each replaced by its clipped item where it measures more.

    Every piece of change is part of the item it was cut from (``pieces[1]`` indexes the same
    ``n_items`` items as ``items[1]``), but the overlays snap to the 1 µm grid
    (:mod:`gbda_core.snapped`), which can round a piece that is the whole item outward: a pond
    of 21 x 2.5078125 m moved 3 m came out 1e-5 m² larger than the pond. Only a piece that is
    the whole item up to the grid's error (about perimeter x 1 µm) can measure more than the
    item (``measure``: area in m² or length in m), so such a piece is the item itself. Then no
    piece exceeds its item, and the change, in the layers and per area and type, never exceeds
    the totals it is part of. (Intersecting the pieces with their items on the grid would not
    do: it rounds them outward again.)
    """
    a, g, geoms = pieces
    item_area, item, item_geoms = items
    pos = pd.Index(item_area * n_items + item).get_indexer(a * n_items + g)
    whole = np.full(len(geoms), shapely.GeometryCollection(), dtype=object)
    whole[pos >= 0] = item_geoms[pos[pos >= 0]]
    out = geoms.copy()
    larger = measure(geoms) > measure(whole)
    out[larger] = whole[larger]
    return out


def _unchanged_strips(snap: Snapshot, item_change: Geoms) -> Geoms:
    """Return each strip's part that did not change: the strip less its item's change."""
    kept = snap.strips.copy()
    touched = np.flatnonzero(~shapely.is_empty(item_change[snap.strip_item]))
    if len(touched):
        kept[touched] = elementwise(
            snapped.difference, kept[touched], item_change[snap.strip_item[touched]]
        )
    return kept


def _strip_lengths(index: RegionIndex, strips: Geoms) -> tuple[Ints, Ints, Floats]:
    """(area, strip, strip length in m) for every pair of an area and a strip within it."""
    a, g, clipped = _clip(index, strips)
    # A clip along an area's edge can leave lines and points: only the polygons have a length.
    return a, g, strip_length(keep_dimension(clipped))


def _strip_km(index: RegionIndex, snap: Snapshot, kept: Geoms) -> pd.DataFrame:
    """Return per (area, strip) the km it changed: its strip length less that of ``kept``."""
    changed = np.flatnonzero(~shapely.equals_exact(snap.strips, kept, tolerance=0.0))
    a, g, whole = _strip_lengths(index, snap.strips[changed])
    ka, kg, part = _strip_lengths(index, kept[changed])
    frame = pd.DataFrame({"a": a, "g": g, "whole": whole}).merge(
        pd.DataFrame({"a": ka, "g": kg, "part": part}), on=["a", "g"], how="left"
    )
    km = np.maximum(frame["whole"].to_numpy() - frame["part"].fillna(0.0).to_numpy(), 0.0)
    item = snap.strip_item[changed[frame["g"].to_numpy(dtype=np.intp)]]
    return pd.DataFrame({"a": frame["a"].to_numpy(), "item": item, "km": km / 1e3})


def _pieces(
    index: RegionIndex,
    snapshot: _Clipped,
    items: Geoms,
    lines: Geoms,
    kept_strips: Geoms,
    ids: npt.NDArray[Any],
    codes: npt.NDArray[np.object_],
    categories: npt.NDArray[np.object_],
    crs: Any,
) -> gpd.GeoDataFrame:
    """Return changed footprints per (area, item) with their ha and their changed km.

    ``items`` and ``lines`` are the change of ``snapshot.snap``'s items and lines.
    """
    snap = snapshot.snap
    a, g, clipped = _clip(index, items)
    clipped = _within_items((a, g, clipped), snapshot.items, len(snap.items), shapely.area)
    clipped = keep_dimension(clipped)
    polys = pd.DataFrame({"a": a, "item": g, "ha": shapely.area(clipped) / 1e4})
    polys["geometry"] = clipped
    la, lg, lclipped = _clip(index, lines)
    lclipped = _within_items((la, lg, lclipped), snapshot.lines, len(snap.lines), shapely.length)
    line_km = pd.DataFrame(
        {"a": la, "item": snap.line_item[lg], "km": shapely.length(lclipped) / 1e3}
    )
    km = pd.concat([line_km, _strip_km(index, snap, kept_strips)], ignore_index=True)
    km_sums = km.groupby(["a", "item"], as_index=False).agg(km=("km", "sum"))
    rows = polys.merge(km_sums, on=["a", "item"], how="outer").fillna({"ha": 0.0, "km": 0.0})
    rows = rows[(rows["ha"] * 1e4 > DUST) | (rows["km"] * 1e3 > DUST)]
    # A copy to write into: pandas 3 (copy-on-write) hands out read-only views.
    geoms = rows["geometry"].to_numpy(dtype=object, copy=True)
    geoms[pd.isna(geoms)] = None
    # Changed km whose footprint change is below dust (a width change within the outline)
    # keep their row, without a geometry.
    geoms[~(shapely.area(geoms) > DUST)] = None
    types = snap.item_type[rows["item"].to_numpy(dtype=np.intp)]
    frame = gpd.GeoDataFrame(
        {
            "area_id": ids[rows["a"].to_numpy(dtype=np.intp)],
            "element_type": codes[types],
            "category": categories[types],
            "ha": rows["ha"].to_numpy(dtype=float),
            "km": rows["km"].to_numpy(dtype=float),
        },
        geometry=gpd.GeoSeries(geoms, crs=crs),
        crs=crs,
    )
    return frame.sort_values(["area_id", "element_type"], kind="stable", ignore_index=True)


def _summary(
    index: RegionIndex,
    clipped: dict[str, _Clipped],
    pieces: dict[str, gpd.GeoDataFrame],
    ids: npt.NDArray[Any],
    codes: npt.NDArray[np.object_],
    categories: npt.NDArray[np.object_],
) -> pd.DataFrame:
    """Sum ha and km per (area, type): totals of both snapshots and the changes."""
    parts = []
    for name, snapshot in clipped.items():
        snap = snapshot.snap
        a, g, geoms = snapshot.items
        parts.append(_sums(ids[a], codes[snap.item_type[g]], shapely.area(geoms) / 1e4, name))
        a, g, geoms = snapshot.lines
        sa, sg, strip_m = _strip_lengths(index, snap.strips)
        km = np.concatenate([shapely.length(geoms), strip_m]) / 1e3
        types = codes[np.concatenate([snap.line_type[g], snap.strip_type[sg]])]
        parts.append(_sums(ids[np.concatenate([a, sa])], types, km, name, unit="km"))
    for name in ("gained", "lost"):
        frame = pieces[name]
        keys = (frame["area_id"].to_numpy(), frame["element_type"].to_numpy())
        parts.append(_sums(*keys, frame["ha"].to_numpy(dtype=float), name))
        parts.append(_sums(*keys, frame["km"].to_numpy(dtype=float), name, unit="km"))
    table = pd.concat(parts, axis=1).fillna(0.0)
    for col in SUMMARY_COLUMNS[3:]:
        if col not in table.columns:
            table[col] = 0.0
    table = table.reset_index()
    for unit in ("ha", "km"):
        # A safety net only: no piece exceeds its item (_within_items) and no strip's km its
        # strip's length (_strip_km), so gains are at most new and losses at most old, but the
        # sums add the same values in another order and can differ in the last bit; so that
        # unchanged = old - lost is never below 0.
        table[f"gained_{unit}"] = table[f"gained_{unit}"].clip(upper=table[f"new_{unit}"])
        table[f"lost_{unit}"] = table[f"lost_{unit}"].clip(upper=table[f"old_{unit}"])
        table[f"unchanged_{unit}"] = table[f"old_{unit}"] - table[f"lost_{unit}"]
        table[f"net_{unit}"] = table[f"gained_{unit}"] - table[f"lost_{unit}"]
    table["category"] = table["element_type"].map(dict(zip(codes, categories, strict=True)))
    order = {area_id: i for i, area_id in enumerate(ids)}
    table = table.sort_values(
        ["area_id", "element_type"], key=lambda s: s.map(order) if s.name == "area_id" else s
    )
    return table[list(SUMMARY_COLUMNS)].reset_index(drop=True)


def _sums(
    area_id: npt.NDArray[Any],
    element_type: npt.NDArray[Any],
    values: npt.NDArray[np.float64],
    name: str,
    unit: str = "ha",
) -> pd.Series:
    frame = pd.DataFrame({"area_id": area_id, "element_type": element_type, "v": values})
    sums = frame.groupby(["area_id", "element_type"])["v"].sum()
    return sums.rename(f"{name}_{unit}")


def write_change(result: ChangeResult, out: str | Path) -> Path:
    """Write a change result to a new GeoPackage, atomically.

    Layers ``gained`` and ``lost`` (multipolygons with :data:`PIECE_COLUMNS`), tables
    ``summary``, ``problems`` and ``settings``.
    """
    out = Path(out)
    if out.suffix.lower() != ".gpkg":
        raise ConfigError(
            f"unknown output format {out.suffix or '(none)'!r}",
            source=str(out),
            hint="the change is written as a GeoPackage: end the name in .gpkg",
        )
    if not (out.parent if str(out.parent) else Path(".")).is_dir():
        raise InputError("output folder does not exist", source=str(out.parent), hint="create it")
    settings = pd.DataFrame(
        {"key": list(result.settings), "value": [str(v) for v in result.settings.values()]}
    )
    return write_gpkg(
        out,
        {
            "gained": result.gained,
            "lost": result.lost,
            "summary": result.summary,
            "problems": problems_frame(result.problems),
            "settings": settings,
        },
    )
