"""Clip element footprints to each area's rural region and sum them per (area, element type).

Elements wholly inside a region (see :mod:`gbda_core.regions`) count with their own area,
length or point count; only the few that cross a region's border are intersected
(in bounded chunks, see :mod:`gbda_core.parallel`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import numpy.typing as npt
import shapely

from gbda_core.convex import (
    OVERLAPPING,
    UNDECIDED,
    halfplane_length,
    segment_relate,
    table_area,
    table_halfplane_area,
    table_polygons,
)
from gbda_core.geometry import KIND_LINE, KIND_POINT, Footprints
from gbda_core.overlap import Pieces
from gbda_core.parallel import NUMPY_CHUNK, OVERLAY_MIN_CHUNK, elementwise
from gbda_core.parts import part_rows
from gbda_core.problems import Problem, problem_for_rows
from gbda_core.regions import BorderPairs, RegionIndex
from gbda_core.vocabulary import Vocabulary


def _intersection_area(
    a: npt.NDArray[np.object_], b: npt.NDArray[np.object_]
) -> npt.NDArray[np.float64]:
    return np.asarray(shapely.area(shapely.intersection(a, b)), dtype=float)


#: Messages of the placement problems (also used where partial runs are merged).
OUTSIDE_AREAS = "element outside every area"
EXCLUDED_LAND = "element lies wholly in land the profile leaves out (or outside the rural area)"

#: (area index, geometry index, wholly inside) per pair, as from RegionIndex.pairs.
Pairs = tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.bool_]]


def add_to(
    table: npt.NDArray[np.float64] | npt.NDArray[np.int64],
    rows: npt.NDArray[np.intp],
    cols: npt.NDArray[np.int32],
    values: npt.ArrayLike,
) -> None:
    """``table[rows, cols] += values`` with repeats summed (like ``np.add.at``, but fast)."""
    flat = np.bincount(
        rows.astype(np.int64) * table.shape[1] + cols,
        weights=np.asarray(values, dtype=float),
        minlength=table.size,
    )
    table += flat.reshape(table.shape).astype(table.dtype)


class ElementStats:
    """Sums per (area, element type): footprint m², line m and element counts.

    The per-pair values (element, area, clipped m², clipped m, points) are kept as well,
    because the efa mode weighs each element by its own unit.
    """

    def __init__(self, n_areas: int, n_types: int) -> None:
        self.area_m2 = np.zeros((n_areas, n_types))
        self.line_m = np.zeros((n_areas, n_types))
        self.count = np.zeros((n_areas, n_types), dtype=np.int64)
        empty = np.empty(0)
        self.pairs: Pairs = (empty.astype(np.intp), empty.astype(np.intp), empty.astype(bool))
        self.pair_clipped_m2 = self.pair_length_m = self.pair_points = empty


@dataclass
class Measured:
    """Per (area, element) pair, in element order: what of the element lies in the area.

    ``clipped`` is the footprint's area (m²), ``length`` the length (m) of a line, ``points``
    the number of points of a point element, each inside the area's rural region.
    """

    area: npt.NDArray[np.intp]
    element: npt.NDArray[np.intp]
    inside: npt.NDArray[np.bool_]
    clipped: npt.NDArray[np.float64]
    length: npt.NDArray[np.float64]
    points: npt.NDArray[np.float64]


def measure_elements(index: RegionIndex, fp: Footprints, pairs: BorderPairs) -> Measured:
    """Clip every element to the regions it meets: area, length and points per pair.

    ``pairs`` are ``index.pairs_with_borders(fp.footprint)``. Elements wholly inside count
    whole; crossing ones are cut (see :func:`_cut_by_border`, else GEOS).
    """
    a, e, inside, border = pairs
    # Sums run in element order, so an area's figures are bit for bit the same whichever other
    # elements and areas are in the run (the dask engine computes areas in partitions).
    order = np.argsort(e, kind="stable")
    a, e, inside, border = a[order], e[order], inside[order], border[order]
    kind = fp.kind[e]
    clipped = np.zeros(len(e))
    clipped[inside] = fp.areas(e[inside])
    length = np.zeros(len(e))
    whole = np.flatnonzero(inside & (kind == KIND_LINE))
    length[whole] = _intersection_length(None, fp.original[e[whole]])
    points = np.zeros(len(e))
    whole = inside & (kind == KIND_POINT)
    points[whole] = _intersection_points(None, fp.original[e[whole]])

    cross = np.flatnonzero(~inside)
    # A straight border through a footprint split into convex parts: cut in numpy.
    by_line = cross[border[cross] >= 0]
    line_area, line_length, done = _cut_by_border(
        index, fp, a[by_line], e[by_line], border[by_line]
    )
    clipped[by_line[done]] = line_area[done]
    length[by_line[done]] = line_length[done]
    rest = np.setdiff1d(cross, by_line[done])
    reg = index.regions[a[rest]]
    clipped[rest] = elementwise(
        _intersection_area, reg, fp.polygons(e[rest]), min_chunk=OVERLAY_MIN_CHUNK
    )
    lines = kind[rest] == KIND_LINE
    length[rest[lines]] = elementwise(
        _intersection_length,
        reg[lines],
        fp.original[e[rest[lines]]],
        min_chunk=OVERLAY_MIN_CHUNK,
    )
    crossing_points = cross[kind[cross] == KIND_POINT]
    points[crossing_points] = elementwise(
        _intersection_points, index.regions[a[crossing_points]], fp.original[e[crossing_points]]
    )
    return Measured(a, e, inside, clipped, length, points)


def add_elements(
    measured: Measured, fp: Footprints, single: npt.NDArray[np.bool_], stats: ElementStats
) -> npt.NDArray[np.bool_]:
    """Add the measured pairs to ``stats``; return a mask of elements counted in some area.

    Footprint area is added only for ``single`` elements (the others count through their
    dissolved pieces); lengths and counts for all.
    """
    a, e, clipped = measured.area, measured.element, measured.clipped
    types = fp.type_index[e]
    counts = clipped > 0
    is_single = single[e]
    add_to(stats.area_m2, a[is_single], types[is_single], clipped[is_single])
    add_to(stats.line_m, a, types, measured.length)
    add_to(stats.count, a, types, counts)
    counted = np.zeros(len(fp), dtype=bool)
    counted[e[counts]] = True
    stats.pairs = (a, e, measured.inside)
    stats.pair_clipped_m2, stats.pair_length_m = clipped, measured.length
    stats.pair_points = measured.points
    return counted


def _cut_by_border(
    index: RegionIndex,
    fp: Footprints,
    a: npt.NDArray[np.intp],
    e: npt.NDArray[np.intp],
    border: npt.NDArray[np.intp],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Cut elements by a region whose border, within the footprint, is one straight segment.

    See :meth:`RegionIndex.pairs_with_borders`. The footprint is split into convex parts
    (:mod:`gbda_core.parts`). A part the segment meets is cut by the segment's line (the
    region lies on its ``segment_left`` side: within the footprint, the region's border is
    that segment and nothing else); a part it misses lies wholly in or out of the region,
    which one vertex tells. Returns the area (m²) and centre-line length (m) inside the
    region, and a mask of the pairs done (footprints that cannot be split are left to GEOS).
    """
    elems, pos = np.unique(e, return_inverse=True)
    parts = fp.split(elems)
    done = parts.count[pos] > 0
    sel = np.flatnonzero(done)
    rows, entry = part_rows(parts, pos[sel])
    seg = border[sel][entry]
    start, end = index.segment_xy[seg, 0], index.segment_xy[seg, 1]
    keep_left = index.segment_left[seg]
    region = index.regions[a[sel][entry]]
    # A single part is the footprint itself, which the segment meets.
    meets = np.ones(len(rows), dtype=bool)
    several = np.flatnonzero(parts.count[pos[sel]][entry] > 1)
    how = elementwise(
        partial(segment_relate, parts.table),
        rows[several],
        index.segment_xy[seg[several]],
        chunk=NUMPY_CHUNK,
    )
    meets[several] = how == OVERLAPPING
    ask = several[how == UNDECIDED]  # touching, or too close to call: GEOS decides
    meets[ask] = elementwise(
        shapely.intersects, table_polygons(parts.table, rows[ask]), index.segments[seg[ask]]
    )
    vertex = parts.table.vertices[rows, 0]
    apart = np.flatnonzero(~meets)
    within = np.asarray(
        shapely.contains_xy(region[apart], vertex[apart, 0], vertex[apart, 1]), dtype=bool
    )
    cut = np.flatnonzero(meets)
    part_area = np.zeros(len(rows))
    part_area[cut] = elementwise(
        partial(table_halfplane_area, parts.table),
        rows[cut],
        start[cut],
        end[cut],
        keep_left[cut],
        chunk=NUMPY_CHUNK,
    )
    part_area[apart] = np.where(within, table_area(parts.table, rows[apart]), 0.0)
    axis = parts.axis[rows]
    part_length = np.zeros(len(rows))
    has_axis = np.isfinite(axis[:, 0, 0])
    cut_axis = cut[has_axis[cut]]
    part_length[cut_axis] = halfplane_length(
        axis[cut_axis], start[cut_axis], end[cut_axis], keep_left[cut_axis]
    )
    whole_axis = apart[has_axis[apart] & within]
    part_length[whole_axis] = np.hypot(*(axis[whole_axis, 1] - axis[whole_axis, 0]).T)
    area, length = np.zeros(len(e)), np.zeros(len(e))
    area[sel] = np.bincount(entry, weights=part_area, minlength=len(sel))
    length[sel] = np.bincount(entry, weights=part_length, minlength=len(sel))
    return area, length, done


def _intersection_length(
    regions: npt.NDArray[np.object_] | None, lines: npt.NDArray[np.object_]
) -> npt.NDArray[np.float64]:
    """Return the length (m) of lines inside regions (all of it when ``regions`` is None)."""
    cut = lines if regions is None else shapely.intersection(regions, lines)
    return np.asarray(shapely.length(cut), dtype=float)


def _intersection_points(
    regions: npt.NDArray[np.object_] | None, points: npt.NDArray[np.object_]
) -> npt.NDArray[np.float64]:
    """Count the points inside regions, border included (all of them when ``regions`` is None)."""
    if regions is None:
        return np.where(shapely.is_empty(points), 0, shapely.get_num_geometries(points)).astype(
            float
        )
    counts = np.zeros(len(points))
    # A single point counts where it meets the region: a prepared test, not an overlay.
    single = shapely.get_type_id(points) == 0
    counts[single] = shapely.intersects(regions[single], points[single])
    cut = shapely.intersection(regions[~single], points[~single])
    counts[~single] = np.where(shapely.is_empty(cut), 0, shapely.get_num_geometries(cut))
    return counts


#: (area index, vocabulary index, clipped m²) per pair of a dissolved piece and an area.
PieceAreas = tuple[npt.NDArray[np.intp], npt.NDArray[np.int32], npt.NDArray[np.float64]]


def piece_areas(index: RegionIndex, pieces: Pieces, element_pairs: Pairs) -> PieceAreas:
    """Clip dissolved overlap pieces to the regions they meet: area, type and m² per pair.

    A piece meets only the areas its group's members meet, and lies wholly inside an area
    when all its members do; so the element pairs (area, element, wholly inside; in any
    order) decide, and only pieces of groups that cross an area's border are intersected.
    """
    a, p, inside = _piece_pairs(pieces, element_pairs)
    # Inside: the piece's own area; crossing: the piece is built (if not yet) and cut.
    clipped = np.where(inside, pieces.area[p], 0.0)
    cross = np.flatnonzero(~inside)
    clipped[cross] = elementwise(
        _intersection_area,
        index.regions[a[cross]],
        pieces.geometries(p[cross]),
        min_chunk=OVERLAY_MIN_CHUNK,
    )
    return a, pieces.type_index[p], clipped


def add_piece_areas(stats: ElementStats, areas: PieceAreas) -> None:
    """Add :func:`piece_areas` to ``stats`` (after :func:`add_elements`, as the order of sums)."""
    add_to(stats.area_m2, *areas)


def _piece_pairs(pieces: Pieces, element_pairs: Pairs) -> Pairs:
    """Derive (area, piece, wholly inside) pairs from the pairs of the groups' members."""
    a, e, inside = element_pairs
    group = pieces.member_group[e]
    member = group >= 0
    a, group, inside = a[member], group[member], inside[member]
    n_groups = int(pieces.member_group.max()) + 1 if len(pieces.member_group) else 0
    if len(a) == 0 or len(pieces.group) == 0:
        empty = np.empty(0, dtype=np.intp)
        return empty, empty, np.empty(0, dtype=bool)
    keys, key_of = np.unique(a.astype(np.int64) * n_groups + group, return_inverse=True)
    members_inside = np.bincount(key_of, weights=inside.astype(float))
    members = pieces.member_group[pieces.member_group >= 0]
    group_size = np.bincount(members, minlength=n_groups)
    key_area, key_group = keys // n_groups, keys % n_groups
    all_inside = members_inside == group_size[key_group]
    # Expand each (area, group) to the pieces of that group.
    order = np.argsort(pieces.group, kind="stable")
    sorted_groups = pieces.group[order]
    first = np.searchsorted(sorted_groups, key_group, side="left")
    count = np.searchsorted(sorted_groups, key_group, side="right") - first
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    piece = order[np.repeat(first, count) + offsets]
    return (
        np.repeat(key_area, count).astype(np.intp),
        piece.astype(np.intp),
        np.repeat(all_inside, count),
    )


def placement_problems(
    fp: Footprints,
    counted: npt.NDArray[np.bool_],
    areas: npt.NDArray[np.object_],
    layer_names: Sequence[tuple[str, str]],
) -> list[Problem]:
    """Report elements that count nowhere: outside every area, or only in excluded land."""
    problems: list[Problem] = []
    idle = np.flatnonzero(~counted)
    if len(idle) == 0:
        return problems
    in_area = np.zeros(len(idle), dtype=bool)
    if len(areas):
        hits = shapely.STRtree(areas).query(fp.polygons(idle), predicate="intersects")[0]
        in_area[np.unique(hits)] = True
    for layer_idx, (source, layer) in enumerate(layer_names):
        of_layer = fp.layer_index[idle] == layer_idx
        for mask, kind, message in (
            (of_layer & ~in_area, "outside_areas", OUTSIDE_AREAS),
            (of_layer & in_area, "excluded_land", EXCLUDED_LAND),
        ):
            if mask.any():
                problems.append(
                    problem_for_rows(
                        kind,
                        fp.rows[idle[mask]],
                        message,
                        "not_counted",
                        source=source,
                        layer=layer,
                    )
                )
    return problems


def efa_area(
    fp: Footprints, stats: ElementStats, vocabulary: Vocabulary, n_areas: int
) -> tuple[npt.NDArray[np.float64], list[Problem]]:
    """EU EFA area (m²) per (area, type): each element by its own EU unit, not dissolved.

    Lines of types whose factor is per metre count ``clipped length x conversion x weight``;
    points of per-tree types ``trees x conversion x weight``; all else
    ``clipped footprint m² x weight``. Types without an EU factor count 0 and are reported.
    """
    n_types = len(vocabulary)
    conv = np.zeros(n_types)
    weight = np.zeros(n_types)
    unit = np.full(n_types, "", dtype=object)
    for i, et in enumerate(vocabulary):
        if et.efa is not None:
            conv[i], weight[i], unit[i] = et.efa.conversion, et.efa.weight, et.efa.unit
    out = np.zeros((n_areas, n_types))
    problems: list[Problem] = []
    a, e, _ = stats.pairs
    clipped, length, points = stats.pair_clipped_m2, stats.pair_length_m, stats.pair_points
    t = fp.type_index[e]
    kind = fp.kind[e]
    per_m = (unit[t] == "m") & (kind == KIND_LINE)
    per_tree = (unit[t] == "tree") & (kind == KIND_POINT)
    value = np.where(
        per_m,
        length * conv[t] * weight[t],
        np.where(per_tree, points * conv[t] * weight[t], clipped * weight[t]),
    )
    add_to(out, a, t, value)
    lacking = (unit[t] == "") & (clipped > 0)
    for ti in np.unique(t[lacking]):
        code = vocabulary.element_types[ti].code
        problems.append(
            problem_for_rows(
                "no_efa_factor",
                np.unique(fp.rows[e[lacking & (t == ti)]]),
                f"{code} has no EU EFA factor; counts 0 in efa mode",
                "not_counted",
                value=code,
            )
        )
    return out, problems
