"""Make element footprints non-overlapping, so that no square metre is counted twice.

Most landscape elements overlap nothing, so a union of everything is wasted work. A grid of
envelopes (see :mod:`gbda_core.envelopes`) finds the pairs whose interiors overlap; connected
components of that graph are the only groups that need dissolving. Within a group, area goes to
the element type of highest priority (woody before wet before herb, then vocabulary order), so
the per-type areas add up to the dissolved total.

Convex pairs are mostly told apart by a separating edge in numpy, and most groups are two
elements: their pieces' areas follow from the two areas and their overlap, so the pieces
themselves are only built (by GEOS) where a group crosses an area's border (``lazy``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial

import numpy as np
import numpy.typing as npt
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from gbda_core.convex import APART, OVERLAPPING, ConvexTable, intersection_area, relate
from gbda_core.envelopes import boxes_meet, envelope_pairs
from gbda_core.feedback import SILENT, Feedback
from gbda_core.geometry import polygonal_part_or_self, ring_bounds
from gbda_core.parallel import NUMPY_CHUNK, OVERLAY_MIN_CHUNK, elementwise
from gbda_core.parts import (
    ConvexParts,
    Polygons,
    merge_parts,
    part_pairs,
    part_rows,
    polygon_parts,
)

#: How a lazily built piece comes from its group's two footprints (first wins priority).
BUILT, UNION, FIRST, SECOND_MINUS_FIRST = -1, 0, 1, 2


@dataclass
class Pieces:
    """Non-overlapping polygons with the vocabulary index of the type they count as.

    ``group`` is the overlap group each piece came from; ``member_group`` gives, per input
    footprint, its overlap group (-1 for footprints that overlap nothing). A piece lies within
    the union of its group's members, so where all members lie inside an area, so does it.
    ``area`` is each piece's area (m²). ``geometry`` may hold None for pieces of two-element
    groups not built yet: ``recipe`` (first, second, how) says how :meth:`geometries` builds
    them from ``source``, the footprints.
    """

    geometry: npt.NDArray[np.object_]
    type_index: npt.NDArray[np.int32]
    group: npt.NDArray[np.intp]
    member_group: npt.NDArray[np.intp]
    area: npt.NDArray[np.float64]
    recipe: npt.NDArray[np.intp]
    source: Polygons

    def geometries(self, idx: npt.NDArray[np.intp]) -> npt.NDArray[np.object_]:
        """Return the pieces ``idx``, building (and keeping) those not built yet."""
        todo = idx[shapely.is_missing(self.geometry[idx])]
        todo = np.unique(todo)
        if len(todo):
            first, second, how = self.recipe[todo].T
            built = self.source[first].copy()
            for op, func, a, b in (
                (UNION, shapely.union, first, second),
                (SECOND_MINUS_FIRST, shapely.difference, second, first),
            ):
                sel = how == op
                if sel.any():
                    built[sel] = elementwise(
                        func,
                        self.source[a[sel]],
                        self.source[b[sel]],
                        min_chunk=OVERLAY_MIN_CHUNK,
                    )
            self.geometry[todo] = polygonal_part_or_self(built)
        return self.geometry[idx]


def _no_pieces(footprints: Polygons) -> Pieces:
    return Pieces(
        np.empty(0, dtype=object),
        np.empty(0, dtype=np.int32),
        np.empty(0, dtype=np.intp),
        np.full(len(footprints), -1, dtype=np.intp),
        np.empty(0),
        np.empty((0, 3), dtype=np.intp),
        footprints,
    )


#: Splits footprints (by index) into convex parts, by position: see ``Footprints.split``.
Splitter = Callable[[npt.NDArray[np.intp]], ConvexParts]
#: Gives footprints' areas (m²) by index: see ``Footprints.areas``.
AreaOf = Callable[[npt.NDArray[np.intp]], npt.NDArray[np.float64]]


def _overlaps(
    footprints: Polygons, splitter: Splitter | None, bounds: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], ConvexParts, PartEnvelopes]:
    """Overlapping pairs, the convex parts of all footprints (only members split), their envelopes.

    Pairs are index pairs (i < j) of footprints whose interiors overlap (touching excluded);
    ``splitter`` as in :func:`resolve_overlaps`, ``bounds`` the footprints' envelopes. The
    parts' envelopes are made on the first call.
    """
    # Envelope pairs first (a strip sweep, see gbda_core.envelopes), then exact tests on those few.
    left, right = envelope_pairs(bounds)
    members = np.unique(np.concatenate([left, right]))
    found = splitter(members) if splitter else polygon_parts(footprints[members])
    parts = merge_parts(len(footprints), [(members, found)])
    # Split pairs need no GEOS call when all their parts are kept apart by a separating edge,
    # or when two of their parts provably overlap.
    both = np.flatnonzero(_cheap(parts, left, right))
    # The parts' envelopes are needed again for the overlap areas: made once, when needed.
    envelopes = cache(partial(part_envelopes, parts, bounds))
    pi, pj, pair, near = near_part_pairs(parts, envelopes, left[both], right[both])
    how = np.full(len(pi), APART, dtype=np.int8)
    how[near] = elementwise(partial(relate, parts.table), pi[near], pj[near], chunk=NUMPY_CHUNK)
    meet = np.zeros(len(left), dtype=bool)
    meet[both] = np.bincount(pair, weights=how == OVERLAPPING, minlength=len(both)) > 0
    decided = meet.copy()
    decided[both] |= np.bincount(pair, weights=how != APART, minlength=len(both)) == 0
    ask = np.flatnonzero(~decided)
    meet[ask] = elementwise(_interiors_meet, footprints[left[ask]], footprints[right[ask]])
    return left[meet], right[meet], parts, envelopes


#: Pairs of split footprints are tested in numpy when they have at most this many pairs of
#: convex parts (two strips with one bend each have four); longer strips go to GEOS.
CHEAP_PART_PAIRS = 4


def _cheap(
    parts: ConvexParts, i: npt.NDArray[np.intp], j: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Mark footprint pairs to test in numpy: both split, into few parts."""
    split = parts.count > 0
    return split[i] & split[j] & (parts.count[i] * parts.count[j] <= CHEAP_PART_PAIRS)


#: Gives the envelopes of the convex parts (see :func:`part_envelopes`).
PartEnvelopes = Callable[[], npt.NDArray[np.float64]]
#: Which part pairs are near: indices, or all of them (no index array to gather by).
Near = npt.NDArray[np.intp] | slice


def near_part_pairs(
    parts: ConvexParts,
    envelopes: PartEnvelopes,
    i: npt.NDArray[np.intp],
    j: npt.NDArray[np.intp],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp], Near]:
    """:func:`part_pairs` of footprint pairs (i, j) whose envelopes meet, and the near ones.

    ``envelopes()`` gives :func:`part_envelopes` (asked only when a footprint has several).

    The fourth item indexes the part pairs whose envelopes meet (a slice when all do). Parts
    of a strip lie along it, so many pairs of them have envelopes apart, which settles them;
    a pair of footprints that are each their own single part meets as the footprints do, so
    is not tested again.
    """
    pi, pj, pair = part_pairs(parts, i, j)
    several = (parts.count[i] > 1) | (parts.count[j] > 1)
    if not several.any():
        return pi, pj, pair, slice(None)
    test = np.flatnonzero(several[pair])
    apart = np.zeros(len(pi), dtype=bool)
    apart[test] = ~envelopes_meet(envelopes(), pi[test], pj[test])
    return pi, pj, pair, np.flatnonzero(~apart)


def part_envelopes(parts: ConvexParts, bounds: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Envelope (xmin, ymin, xmax, ymax, m) of each part in ``parts.table`` (NaN: unused).

    A footprint that is its own single part has its envelope ``bounds``; the parts of split
    footprints get theirs from their corners.
    """
    out = np.full((len(parts.table.corners), 4), np.nan)
    one = np.flatnonzero(parts.count == 1)
    out[parts.first[one]] = bounds[one]
    rows, _ = part_rows(parts, np.flatnonzero(parts.count > 1).astype(np.intp))
    out[rows] = table_envelopes(parts.table, rows)
    return out


def table_envelopes(table: ConvexTable, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
    """Envelope (xmin, ymin, xmax, ymax, m) of table rows, from their corners."""
    corners = int(table.corners[rows].max()) if len(rows) else 1
    # Padding repeats the last corner, so the first ``corners`` columns hold them all.
    return ring_bounds(table.vertices[rows, :corners])


def envelopes_meet(
    envelopes: npt.NDArray[np.float64], i: npt.NDArray[np.intp], j: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Mark pairs (i, j) whose closed envelopes meet; the others are apart (exactly)."""
    return boxes_meet(np.take(envelopes, i, axis=0), np.take(envelopes, j, axis=0))


def _interiors_meet(
    a: npt.NDArray[np.object_], b: npt.NDArray[np.object_]
) -> npt.NDArray[np.bool_]:
    # intersects and not touches = the interiors share area (or a line, in degenerate cases).
    meet = np.asarray(shapely.intersects(a, b))
    meet[meet] = ~shapely.touches(a[meet], b[meet])  # touches only where they meet at all
    return meet


def resolve_overlaps(
    footprints: Polygons,
    type_index: npt.NDArray[np.int32],
    rank: npt.NDArray[np.int32],
    feedback: Feedback = SILENT,
    *,
    lazy: bool = False,
    splitter: Splitter | None = None,
    bounds: npt.NDArray[np.float64] | None = None,
    area_of: AreaOf | None = None,
) -> tuple[npt.NDArray[np.bool_], Pieces]:
    """Split footprints into untouched singles and dissolved pieces of overlapping groups.

    Parameters
    ----------
    footprints
        Polygonal footprints (m²), valid: an object array, or footprints built on request
        (only those that overlap another are asked for).
    type_index
        Vocabulary index per footprint.
    rank
        Overlap priority per vocabulary index (lower wins).
    feedback
        Progress and cancellation.
    lazy
        Leave the pieces of two-element groups unbuilt (their areas are known; see
        :meth:`Pieces.geometries`). Otherwise all pieces are built and empty ones dropped.
    splitter
        Gives footprints' convex parts for the numpy tests (default: convex footprints only;
        see :meth:`gbda_core.geometry.Footprints.split`).
    bounds
        ``shapely.bounds(footprints)``, when already known.
    area_of
        Gives footprints' areas (m²) by index, when known without GEOS (default: GEOS).

    Returns
    -------
    single, pieces
        ``single[i]`` is True when footprint i overlaps nothing and counts as is; ``pieces``
        holds non-overlapping polygons replacing all other footprints.
    """
    n = len(footprints)
    single = np.ones(n, dtype=bool)
    if n < 2:
        return single, _no_pieces(footprints)
    feedback.step("finding overlapping elements")
    if bounds is None:
        bounds = np.asarray(shapely.bounds(footprints[np.arange(n)]))
    left, right, parts, envelopes = _overlaps(footprints, splitter, bounds)
    if len(left) == 0:
        return single, _no_pieces(footprints)
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    members = np.unique(np.concatenate([left, right]))
    single[members] = False

    # Order members by (group, priority) so each group's types come in the order they win.
    order = np.lexsort((rank[type_index[members]], label[members]))
    members = members[order]
    groups = label[members]
    breaks = np.flatnonzero(np.diff(groups)) + 1
    starts = np.concatenate([[0], breaks])
    ends = np.concatenate([breaks, [len(members)]])

    pairs = (ends - starts) == 2
    # Members of larger groups are dissolved by GEOS: built once, where left unbuilt.
    polygons = footprints if isinstance(footprints, np.ndarray) else np.full(n, None, object)
    if polygons is not footprints:
        larger = members[np.repeat(~pairs, ends - starts)]
        polygons[larger] = footprints[larger]
    first, second = members[starts[pairs]], members[starts[pairs] + 1]
    same = rank[type_index[first]] == rank[type_index[second]]
    # Pieces of pairs: same type, their union; else the first as is, the second minus it.
    recipe = np.concatenate(
        [
            np.stack([first[same], second[same], np.full(int(same.sum()), UNION)], axis=1),
            np.stack([first[~same], first[~same], np.full(int((~same).sum()), FIRST)], axis=1),
            np.stack(
                [first[~same], second[~same], np.full(int((~same).sum()), SECOND_MINUS_FIRST)],
                axis=1,
            ),
        ]
    ).astype(np.intp)
    types = list(
        type_index[np.where(recipe[:, 2] == SECOND_MINUS_FIRST, recipe[:, 1], recipe[:, 0])]
    )
    piece_groups = list(label[recipe[:, 0]])
    geoms: list[object] = [None] * len(recipe)
    piece_areas = (
        list(_pair_piece_areas(footprints, recipe, parts, envelopes, area_of))
        if lazy
        else [np.nan] * len(recipe)
    )
    starts, ends = starts[~pairs], ends[~pairs]
    feedback.step("dissolving overlapping elements", total=len(starts))
    for count, (s, e) in enumerate(zip(starts, ends, strict=True)):  # per group of 3+
        group = members[s:e]
        group_types = type_index[group]
        covered = None
        for t in np.unique(rank[group_types]):
            sel = group[rank[group_types] == t]
            union = shapely.union_all(polygons[sel])
            piece = union if covered is None else shapely.difference(union, covered)
            covered = union if covered is None else shapely.union(covered, union)
            if not shapely.is_empty(piece):
                geoms.append(piece)
                types.append(int(type_index[sel[0]]))
                piece_groups.append(int(label[group[0]]))
                piece_areas.append(
                    float(shapely.area(polygonal_part_or_self(np.array([piece]))[0]))
                )
        feedback.advance()
        if count % 1024 == 0:
            feedback.check()
    n_built = len(geoms) - len(recipe)
    geometry = np.empty(len(geoms), dtype=object)
    geometry[:] = geoms
    pieces = Pieces(
        geometry,
        np.array(types, dtype=np.int32),
        np.array(piece_groups, dtype=np.intp),
        np.where(single, -1, label).astype(np.intp),
        np.array(piece_areas, dtype=float),
        np.concatenate([recipe, np.full((n_built, 3), BUILT, dtype=np.intp)]),
        footprints,
    )
    built = np.arange(len(recipe), len(geoms))
    pieces.geometry[built] = polygonal_part_or_self(pieces.geometry[built])
    if not lazy:
        pieces.geometries(np.arange(len(recipe)))
        keep = ~shapely.is_empty(pieces.geometry)
        pieces = _subset(pieces, keep)
        pieces.area = np.asarray(shapely.area(pieces.geometry), dtype=float)
    return single, pieces


def _subset(pieces: Pieces, keep: npt.NDArray[np.bool_]) -> Pieces:
    return Pieces(
        pieces.geometry[keep],
        pieces.type_index[keep],
        pieces.group[keep],
        pieces.member_group,
        pieces.area[keep],
        pieces.recipe[keep],
        pieces.source,
    )


def _pair_piece_areas(
    footprints: Polygons,
    recipe: npt.NDArray[np.intp],
    parts: ConvexParts,
    envelopes: PartEnvelopes,
    area_of: AreaOf | None = None,
) -> npt.NDArray[np.float64]:
    """Areas (m²) of two-element groups' pieces from the two areas and their overlap.

    Union: a + b - overlap; the first: a; the second minus the first: b - overlap (never
    below 0). The overlap of two split footprints is the sum over pairs of their convex parts,
    clipped in numpy; others are intersected by GEOS.
    """
    first, second, how = recipe.T
    areas = np.full(len(footprints), np.nan)
    used = np.unique(recipe[:, :2])
    areas[used] = area_of(used) if area_of else shapely.area(footprints[used])
    a, b = areas[first], areas[second]
    overlap = np.zeros(len(recipe))
    need = np.flatnonzero(how != FIRST)
    split = (parts.count[first[need]] > 0) & (parts.count[second[need]] > 0)
    by_parts = need[split]
    pi, pj, pair, near = near_part_pairs(parts, envelopes, first[by_parts], second[by_parts])
    piece = np.zeros(len(pi))  # part pairs with envelopes apart share nothing
    piece[near] = elementwise(
        partial(intersection_area, parts.table), pi[near], pj[near], chunk=NUMPY_CHUNK
    )
    overlap[by_parts] = np.bincount(pair, weights=piece, minlength=len(by_parts))
    by_geos = need[~split]
    overlap[by_geos] = elementwise(
        _overlap_area, footprints[first[by_geos]], footprints[second[by_geos]]
    )
    return np.where(
        how == UNION, a + b - overlap, np.where(how == FIRST, a, np.maximum(b - overlap, 0.0))
    )


def _overlap_area(
    a: npt.NDArray[np.object_], b: npt.NDArray[np.object_]
) -> npt.NDArray[np.float64]:
    return np.asarray(shapely.area(shapely.intersection(a, b)), dtype=float)
