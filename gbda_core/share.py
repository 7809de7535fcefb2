r"""The share engine: GBDA share of the rural area per area, against the targets.

For every area the land that counts (see :mod:`gbda_core.denominator`) is built once; element
footprints (see :mod:`gbda_core.geometry`) are made non-overlapping (see
:mod:`gbda_core.overlap`) and clipped to it. Only elements that cross a region's border are
intersected; elements wholly inside count with their own area. Each area is computed on its own,
so nested or overlapping area layers (provinces and gemeenten together) are fine.

.. math:: share\_pct = 100 \cdot element\_ha / rural\_ha \qquad (0 \le share\_pct \le 100)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from gbda_core.clip import (
    ElementStats,
    Measured,
    add_elements,
    add_piece_areas,
    efa_area,
    measure_elements,
    piece_areas,
    placement_problems,
)
from gbda_core.denominator import DenominatorProfile, exclusion_polygons, get_profile, rural_regions
from gbda_core.errors import ConfigError, InputError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.geometry import (
    Footprints,
    build_footprints,
    check_validity,
    concat,
    repair_reported,
)
from gbda_core.mapping import assign_element_types, read_widths
from gbda_core.overlap import resolve_overlaps
from gbda_core.parallel import helper_thread, paused_gc
from gbda_core.problems import Problem
from gbda_core.readers.ogr import fields_hint, to_working_crs, working_crs
from gbda_core.regions import BorderPairs, RegionIndex
from gbda_core.targets import Targets, apply_targets
from gbda_core.vocabulary import Category, Vocabulary, load_vocabulary

#: Result columns per area, in this order; scripts rely on these names.
AREA_COLUMNS = (
    "area_id",
    "area_ha",
    "rural_ha",
    "element_ha",
    "share_pct",
    "woody_ha",
    "woody_share_pct",
    "wet_ha",
    "herb_ha",
    "line_km",
    "n_elements",
    "target_2030_pct",
    "gap_2030_ha",
    "target_2050_pct",
    "gap_2050_ha",
    "status",
)
EFA_COLUMNS = ("efa_ha", "efa_share_pct")
BREAKDOWN_COLUMNS = ("area_id", "element_type", "category", "element_ha", "line_km", "n_elements")

Mode = Literal["footprint", "efa"]


@dataclass
class ElementLayer:
    """An element layer and how to read its type (and optional width) attribute."""

    frame: gpd.GeoDataFrame
    type_field: str = "element_type"
    width_field: str | None = None
    mapping: dict[str, str] | None = None
    source: str = ""
    layer: str = ""


@dataclass
class ShareResult:
    """Result of :func:`compute_share`.

    Attributes
    ----------
    areas
        One row per area with :data:`AREA_COLUMNS` (+ :data:`EFA_COLUMNS` in efa mode) and the
        area geometry.
    breakdown
        One row per area and element type present, with :data:`BREAKDOWN_COLUMNS`.
    problems
        Data problems found (unmapped types, repaired or null geometries, ...).
    settings
        The settings used (profile, mode, targets, CRS), for the record.
    """

    areas: gpd.GeoDataFrame
    breakdown: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)


def compute_share(
    areas: gpd.GeoDataFrame,
    elements: gpd.GeoDataFrame | ElementLayer | Sequence[gpd.GeoDataFrame | ElementLayer],
    *,
    id_field: str,
    exclusions: Mapping[str, gpd.GeoDataFrame] | None = None,
    rural_area: gpd.GeoDataFrame | None = None,
    profile: str | DenominatorProfile = "aanvalsplan",
    mode: Mode = "footprint",
    targets: Targets | None = None,
    vocabulary: Vocabulary | None = None,
    crs: str | None = None,
    feedback: Feedback = SILENT,
) -> ShareResult:
    """Compute the GBDA share per area.

    Parameters
    ----------
    areas
        Polygons (provinces, gemeenten, gebieden, farms) with a unique ``id_field``.
    elements
        One or more element layers. A bare GeoDataFrame needs an ``element_type`` column with
        vocabulary codes or labels (and may have ``width_m``); use :class:`ElementLayer` for
        other field names and a type mapping.
    id_field
        Field of ``areas`` that identifies each area (becomes ``area_id``).
    exclusions
        Exclusion kind (``bebouwde_kom``, ``nnn``, ``natura2000``, ``large_water``, ``forest``,
        ``other``) to polygons; the profile decides which kinds leave the rural area.
    rural_area
        Optional polygons that *are* the land that counts (instead of the whole area).
    profile
        Denominator profile: ``aanvalsplan`` (default), ``strict`` or ``custom:KIND,...``.
    mode
        ``footprint`` (real dissolved area) or ``efa``, which adds ``efa_ha`` and
        ``efa_share_pct`` from the EU EFA conversion x weighting factors (never mixed with
        the footprint columns).
    targets
        Target shares and 2030 reading (default 5 % in 2030, 10 % in 2050, absolute).
    vocabulary
        Element vocabulary (default: the shipped one).
    crs
        Working CRS, projected and metric (default EPSG:28992); all inputs are reprojected.
    feedback
        Progress and cancellation.

    Returns
    -------
    ShareResult
        Areas in ha, lengths in km, shares in % of ``rural_ha``. ``share_pct`` is NaN where an
        area has no rural area.
    """
    if mode not in ("footprint", "efa"):
        raise ConfigError(f"unknown counting mode {mode!r}", hint="use footprint or efa")
    with paused_gc():
        return _compute_share(
            areas,
            elements,
            id_field,
            exclusions,
            rural_area,
            profile,
            mode,
            targets,
            vocabulary,
            crs,
            feedback,
        )


def _compute_share(
    areas: gpd.GeoDataFrame,
    elements: gpd.GeoDataFrame | ElementLayer | Sequence[gpd.GeoDataFrame | ElementLayer],
    id_field: str,
    exclusions: Mapping[str, gpd.GeoDataFrame] | None,
    rural_area: gpd.GeoDataFrame | None,
    profile: str | DenominatorProfile,
    mode: Mode,
    targets: Targets | None,
    vocabulary: Vocabulary | None,
    crs: str | None,
    feedback: Feedback,
) -> ShareResult:
    vocabulary = vocabulary or load_vocabulary()
    targets = targets or Targets()
    prof = get_profile(profile)
    target_crs = working_crs(crs)

    area_frame, area_geoms, area_problems = prepare_areas(areas, id_field, target_crs)
    layers = as_layers(elements)
    regions, region_problems = denominator_regions(
        area_geoms, exclusions, rural_area, prof, target_crs, feedback
    )
    rank = np.array([vocabulary.priority()[code] for code in vocabulary.codes], dtype=np.int32)
    # Which elements lie (how much) in which regions, and which overlap each other, are
    # independent: the first runs in a second thread, which indexes the regions while the
    # footprints are built (GEOS and numpy release the GIL for most of their work).
    with helper_thread() as pool:
        index = pool.submit(RegionIndex, regions)
        footprints, element_problems = prepare_elements(layers, vocabulary, target_crs, feedback)
        border_pairs = pool.submit(_border_pairs, index, footprints)
        located = pool.submit(_measure, index, footprints, border_pairs)
        single, pieces = resolve_overlaps(
            footprints.on_request,
            footprints.type_index,
            rank,
            feedback,
            lazy=True,
            splitter=footprints.split,
            bounds=footprints.bounds,
            area_of=footprints.areas,
        )
        # Dissolved pieces need only which areas their members meet, not what the members
        # measure there: they are clipped while the second thread still measures.
        feedback.step("clipping dissolved overlaps")
        region_index = index.result()
        area_of_pair, element_of_pair, inside, _ = border_pairs.result()
        piece_m2 = piece_areas(region_index, pieces, (area_of_pair, element_of_pair, inside))
        measured = located.result()
    feedback.check()
    problems = area_problems + element_problems + region_problems

    stats = ElementStats(len(regions), len(vocabulary))
    counted = add_elements(measured, footprints, single, stats)
    add_piece_areas(stats, piece_m2)
    problems += placement_problems(
        footprints, counted, area_geoms, [(el.source, el.layer) for el in layers]
    )
    efa_m2 = None
    if mode == "efa":
        efa_m2, efa_problems = efa_area(footprints, stats, vocabulary, len(regions))
        problems += efa_problems

    result_areas, breakdown = _assemble(
        area_frame, area_geoms, regions, stats, vocabulary, targets, efa_m2, target_crs
    )
    settings = {
        "profile": prof.name,
        "profile_excludes": sorted(prof.excluded - {"other"}),
        "mode": mode,
        "crs": target_crs.to_string(),
        "target_2030_pct": targets.target_2030_pct,
        "target_2050_pct": targets.target_2050_pct,
        "reading_2030": targets.reading_2030,
        "rural_area_layer": rural_area is not None,
    }
    return ShareResult(result_areas, breakdown, problems, settings)


def _border_pairs(index: Future[RegionIndex], footprints: Footprints) -> BorderPairs:
    """Find the regions the elements meet (see :meth:`RegionIndex.pairs_with_borders`)."""
    return index.result().pairs_with_borders(
        footprints.on_request,
        footprints.bounds,
        (footprints.quad_row, footprints.quads),
        footprints.single,
    )


def _measure(
    index: Future[RegionIndex], footprints: Footprints, pairs: Future[BorderPairs]
) -> Measured:
    """Clip the elements to the regions they meet."""
    return measure_elements(index.result(), footprints, pairs.result())


def denominator_regions(
    area_geoms: npt.NDArray[np.object_],
    exclusions: Mapping[str, gpd.GeoDataFrame] | None,
    rural_area: gpd.GeoDataFrame | None,
    profile: DenominatorProfile,
    target_crs: Any,
    feedback: Feedback = SILENT,
) -> tuple[npt.NDArray[np.object_], list[Problem]]:
    """Return per area the land that counts (area ∩ rural layer − excluded land), and problems.

    The one place where exclusion and rural-area layers become the denominator, for the vector
    and the raster engine alike (see :mod:`gbda_core.denominator`).
    """
    problems: list[Problem] = []
    excl_input = {}
    for kind, frame in (exclusions or {}).items():
        geoms, _, frame_problems = _polygons_of(frame, target_crs, f"{kind} polygon")
        excl_input[kind] = geoms
        problems += frame_problems
    excluded, excl_problems = exclusion_polygons(excl_input, profile)
    problems += excl_problems
    rural = None
    if rural_area is not None:
        rural, _, rural_problems = _polygons_of(rural_area, target_crs, "rural-area polygon")
        problems += rural_problems
    return rural_regions(area_geoms, excluded, rural, feedback), problems


def _polygons_of(
    frame: gpd.GeoDataFrame, target_crs: Any, what: str
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.bool_], list[Problem]]:
    """Repaired, non-null geometries of an exclusion or rural layer, with problems reported."""
    source, layer = str(frame.attrs.get("source", "")), str(frame.attrs.get("layer", ""))
    frame = to_working_crs(frame, target_crs, source=source or None, layer=layer or None)
    geoms, missing, problems = repair_reported(
        np.asarray(frame.geometry.array, dtype=object),
        frame.index.to_numpy(),
        what,
        source=source,
        layer=layer,
    )
    return geoms[~missing], missing, problems


def as_layers(
    elements: gpd.GeoDataFrame | ElementLayer | Sequence[gpd.GeoDataFrame | ElementLayer],
) -> list[ElementLayer]:
    """Return the element input as :class:`ElementLayer` s (a bare frame uses ``element_type``)."""
    items = [elements] if isinstance(elements, gpd.GeoDataFrame | ElementLayer) else elements
    layers = []
    for item in items:
        if isinstance(item, ElementLayer):
            layers.append(item)
        else:
            width = "width_m" if "width_m" in item.columns else None
            layers.append(
                ElementLayer(
                    item,
                    width_field=width,
                    source=str(item.attrs.get("source", "")),
                    layer=str(item.attrs.get("layer", "")),
                )
            )
    if not layers:
        raise InputError("no element layer given", hint="give at least one element layer")
    return layers


def prepare_areas(
    areas: gpd.GeoDataFrame, id_field: str, target_crs: Any
) -> tuple[pd.DataFrame, npt.NDArray[np.object_], list[Problem]]:
    """Check and repair the areas layer; return (frame with ``area_id``, geometries, problems).

    Raises :class:`InputError` for a missing or non-unique id field or an empty layer.
    """
    source, layer = str(areas.attrs.get("source", "")), str(areas.attrs.get("layer", ""))
    if id_field not in areas.columns:
        raise InputError(
            f"areas id field {id_field!r} not found",
            source=source or None,
            layer=layer or None,
            hint=fields_hint(list(areas.columns)),
        )
    areas = to_working_crs(areas, target_crs, source=source or None, layer=layer or None)
    if len(areas) == 0:
        raise InputError("areas layer has no features", source=source or None, layer=layer or None)
    ids = areas[id_field]
    if ids.isna().any():
        row = ids.index[ids.isna().to_numpy()][0]
        raise InputError(
            f"area id field {id_field!r} is empty", source=source, layer=layer, row=int(row)
        )
    dup = ids.duplicated(keep=False).to_numpy()
    if dup.any():
        row = ids.index[dup][1]
        raise InputError(
            f"area id {ids[row]!r} occurs more than once; ids must be unique",
            source=source,
            layer=layer,
            row=int(row),
            hint="choose another --id-field",
        )
    geoms, missing, problems = repair_reported(
        np.asarray(areas.geometry.array, dtype=object),
        areas.index.to_numpy(),
        "area",
        source=source,
        layer=layer,
    )
    keep = ~missing
    frame = pd.DataFrame({"area_id": ids.to_numpy()[keep]})
    return frame, geoms[keep], problems


def prepare_elements(
    layers: list[ElementLayer], vocabulary: Vocabulary, target_crs: Any, feedback: Feedback
) -> tuple[Footprints, list[Problem]]:
    """Map types, read widths and build footprints (m²) for all element layers."""
    parts, problems = [], []
    feedback.step("preparing element footprints", total=len(layers))
    for i, el in enumerate(layers):
        where = {"source": el.source, "layer": el.layer}
        columns = list(el.frame.columns)
        for fld, what in ((el.type_field, "type"), (el.width_field, "width")):
            if fld is not None and fld not in columns:
                raise InputError(
                    f"element {what} field {fld!r} not found",
                    source=el.source or None,
                    layer=el.layer or None,
                    hint=fields_hint(columns),
                )
        frame = to_working_crs(
            el.frame, target_crs, source=el.source or None, layer=el.layer or None
        )
        geoms = np.asarray(frame.geometry.array, dtype=object)
        # The geometries are checked (numpy and GEOS, mostly without the GIL) while the types
        # are looked up.
        with helper_thread() as pool:
            checked = pool.submit(check_validity, geoms)
            type_index, type_problems = assign_element_types(
                frame[el.type_field],
                mapping=el.mapping,
                vocabulary=vocabulary,
                field=el.type_field,
                **where,
            )
            valid, quad_row, quads = checked.result()
        problems += type_problems
        if el.width_field:
            widths, width_problems = read_widths(
                frame[el.width_field], field=el.width_field, **where
            )
            problems += width_problems
        else:
            widths = np.full(len(frame), np.nan)
        ok = type_index >= 0
        fp, fp_problems = build_footprints(
            geoms[ok],
            type_index[ok],
            widths[ok],
            vocabulary,
            rows=frame.index.to_numpy()[ok],
            layer_index=i,
            valid=valid[ok],
            quads=(quad_row[ok], quads),
            lazy=True,
            source=el.source,
            layer=el.layer,
        )
        parts.append(fp)
        problems += fp_problems
        feedback.advance()
    return concat(parts), problems


def indicator_columns(
    area_id: npt.NDArray[Any],
    area_m2: npt.NDArray[np.float64],
    rural_m2: npt.NDArray[np.float64],
    element_m2: npt.NDArray[np.float64],
    category_m2: Mapping[Category, npt.NDArray[np.float64]],
    targets: Targets,
    *,
    line_m: npt.NDArray[np.float64] | None = None,
    n_elements: npt.NDArray[np.int64] | None = None,
) -> dict[str, Any]:
    """Return the :data:`AREA_COLUMNS` per area from measured areas (m²) and lengths (m).

    ``element_m2`` is the total element area (m², never above ``rural_m2``; rounding is cut
    off), ``category_m2`` its split into houtig, nat and kruidig.

    Shared by the vector and the raster engine, so shares, targets and statuses are computed
    one way. ``line_m`` and ``n_elements`` are None where they have no meaning (a raster has
    no lines or features): the columns are then null (NaN, and a nullable integer).
    """
    # Element pieces are disjoint and clipped, so their sum can pass the region only by rounding.
    element_m2 = np.minimum(element_m2, rural_m2)
    woody_m2 = np.asarray(category_m2[Category.HOUTIG], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        share_pct = np.where(rural_m2 > 0, element_m2 / rural_m2 * 100.0, np.nan)
        woody_share = np.where(element_m2 > 0, woody_m2 / element_m2 * 100.0, np.nan)
    n = len(area_id)
    columns: dict[str, Any] = {
        "area_id": area_id,
        "area_ha": area_m2 / 1e4,
        "rural_ha": rural_m2 / 1e4,
        "element_ha": element_m2 / 1e4,
        "share_pct": share_pct,
        "woody_ha": woody_m2 / 1e4,
        "woody_share_pct": woody_share,
        "wet_ha": np.asarray(category_m2[Category.NAT], dtype=float) / 1e4,
        "herb_ha": np.asarray(category_m2[Category.KRUIDIG], dtype=float) / 1e4,
        "line_km": np.full(n, np.nan) if line_m is None else line_m / 1e3,
        "n_elements": (pd.array([pd.NA] * n, dtype="Int64") if n_elements is None else n_elements),
    }
    columns.update(apply_targets(share_pct, element_m2 / 1e4, rural_m2 / 1e4, targets))
    return columns


def _assemble(
    area_frame: pd.DataFrame,
    area_geoms: npt.NDArray[np.object_],
    regions: npt.NDArray[np.object_],
    stats: ElementStats,
    vocabulary: Vocabulary,
    targets: Targets,
    efa_m2: npt.NDArray[np.float64] | None,
    target_crs: Any,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    rural_m2 = shapely.area(regions)
    categories = np.array([et.category for et in vocabulary], dtype=object)
    columns = indicator_columns(
        area_frame["area_id"].to_numpy(),
        shapely.area(area_geoms),
        rural_m2,
        stats.area_m2.sum(axis=1),
        {cat: stats.area_m2[:, categories == cat].sum(axis=1) for cat in Category},
        targets,
        line_m=stats.line_m.sum(axis=1),
        n_elements=stats.count.sum(axis=1),
    )
    if efa_m2 is not None:
        efa_total = efa_m2.sum(axis=1)
        columns["efa_ha"] = efa_total / 1e4
        with np.errstate(invalid="ignore", divide="ignore"):
            columns["efa_share_pct"] = np.where(rural_m2 > 0, efa_total / rural_m2 * 100.0, np.nan)
    result = gpd.GeoDataFrame(columns, geometry=area_geoms, crs=target_crs)

    a_idx, t_idx = np.nonzero((stats.count > 0) | (stats.area_m2 > 0) | (stats.line_m > 0))
    breakdown = pd.DataFrame(
        {
            "area_id": columns["area_id"][a_idx],
            "element_type": np.array(vocabulary.codes, dtype=object)[t_idx],
            "category": [str(c) for c in categories[t_idx]],
            "element_ha": stats.area_m2[a_idx, t_idx] / 1e4,
            "line_km": stats.line_m[a_idx, t_idx] / 1e3,
            "n_elements": stats.count[a_idx, t_idx],
        }
    )
    if efa_m2 is not None:
        breakdown["efa_ha"] = efa_m2[a_idx, t_idx] / 1e4
    return result, breakdown
