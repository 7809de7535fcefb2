"""Make element footprints non-overlapping, so that no square metre is counted twice.

Most landscape elements overlap nothing, so a union of everything is wasted work. A grid of
envelopes (see :mod:`gbda_core.envelopes`) finds the pairs whose interiors overlap; connected
components of that graph are the only groups that need dissolving. Within a group, area goes to
the element type of highest priority (woody before wet before herb, then vocabulary order), so
the per-type areas add up to the dissolved total.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from gbda_core.envelopes import envelope_pairs
from gbda_core.feedback import SILENT, Feedback
from gbda_core.geometry import polygonal_part_or_self
from gbda_core.parallel import elementwise


@dataclass
class Pieces:
    """Non-overlapping polygons with the vocabulary index of the type they count as.

    ``group`` is the overlap group each piece came from; ``member_group`` gives, per input
    footprint, its overlap group (-1 for footprints that overlap nothing). A piece lies within
    the union of its group's members, so where all members lie inside an area, so does it.
    """

    geometry: npt.NDArray[np.object_]
    type_index: npt.NDArray[np.int32]
    group: npt.NDArray[np.intp]
    member_group: npt.NDArray[np.intp]


def _no_pieces(n: int) -> Pieces:
    return Pieces(
        np.empty(0, dtype=object),
        np.empty(0, dtype=np.int32),
        np.empty(0, dtype=np.intp),
        np.full(n, -1, dtype=np.intp),
    )


def overlapping_pairs(
    footprints: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Return index pairs (i < j) of footprints whose interiors overlap (touching excluded)."""
    # Envelope pairs first (a grid, see gbda_core.envelopes), then the exact test on those few.
    left, right = envelope_pairs(shapely.bounds(footprints))
    inner = elementwise(_interiors_meet, footprints[left], footprints[right])
    return left[inner], right[inner]


def _interiors_meet(
    a: npt.NDArray[np.object_], b: npt.NDArray[np.object_]
) -> npt.NDArray[np.bool_]:
    # intersects and not touches = the interiors share area (or a line, in degenerate cases).
    meet = np.asarray(shapely.intersects(a, b))
    meet[meet] = ~shapely.touches(a[meet], b[meet])  # touches only where they meet at all
    return meet


def resolve_overlaps(
    footprints: npt.NDArray[np.object_],
    type_index: npt.NDArray[np.int32],
    rank: npt.NDArray[np.int32],
    feedback: Feedback = SILENT,
) -> tuple[npt.NDArray[np.bool_], Pieces]:
    """Split footprints into untouched singles and dissolved pieces of overlapping groups.

    Parameters
    ----------
    footprints
        Polygonal footprints (m²), valid.
    type_index
        Vocabulary index per footprint.
    rank
        Overlap priority per vocabulary index (lower wins).
    feedback
        Progress and cancellation.

    Returns
    -------
    single, pieces
        ``single[i]`` is True when footprint i overlaps nothing and counts as is; ``pieces``
        holds non-overlapping polygons replacing all other footprints.
    """
    n = len(footprints)
    single = np.ones(n, dtype=bool)
    if n < 2:
        return single, _no_pieces(n)
    feedback.step("finding overlapping elements")
    left, right = overlapping_pairs(footprints)
    if len(left) == 0:
        return single, _no_pieces(n)
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    members = np.unique(np.concatenate([left, right]))
    single[members] = False

    # Order members by (group, priority) so each group's types come in the order they win.
    order = np.lexsort((rank[type_index[members]], label[members]))
    members = members[order]
    groups = label[members]
    bounds = np.flatnonzero(np.diff(groups)) + 1
    starts = np.concatenate([[0], bounds])
    ends = np.concatenate([bounds, [len(members)]])

    pairs = (ends - starts) == 2
    geoms, types, pair_owner = _dissolve_pairs(
        footprints, type_index, rank, members[starts[pairs]], members[starts[pairs] + 1]
    )
    piece_groups = [int(g) for g in label[pair_owner]]
    starts, ends = starts[~pairs], ends[~pairs]
    feedback.step("dissolving overlapping elements", total=len(starts))
    for n, (s, e) in enumerate(zip(starts, ends, strict=True)):  # per group of 3+, not element
        group = members[s:e]
        group_types = type_index[group]
        covered = None
        for t in np.unique(rank[group_types]):
            sel = group[rank[group_types] == t]
            union = shapely.union_all(footprints[sel])
            piece = union if covered is None else shapely.difference(union, covered)
            covered = union if covered is None else shapely.union(covered, union)
            if not shapely.is_empty(piece):
                geoms.append(piece)
                types.append(int(type_index[sel[0]]))
                piece_groups.append(int(label[group[0]]))
        feedback.advance()
        if n % 1024 == 0:
            feedback.check()
    pieces = polygonal_part_or_self(np.array(geoms, dtype=object))
    member_group = np.where(single, -1, label).astype(np.intp)
    return single, Pieces(
        pieces,
        np.array(types, dtype=np.int32),
        np.array(piece_groups, dtype=np.intp),
        member_group,
    )


def _dissolve_pairs(
    footprints: npt.NDArray[np.object_],
    type_index: npt.NDArray[np.int32],
    rank: npt.NDArray[np.int32],
    first: npt.NDArray[np.intp],
    second: npt.NDArray[np.intp],
) -> tuple[list[object], list[int], npt.NDArray[np.intp]]:
    """Dissolve groups of exactly two elements (most overlap groups), vectorised.

    ``first`` has the higher (or equal) priority. Same type: one union; different types: the
    first as is and the second minus the first. Returns (pieces, types, first member of each).
    """
    same = rank[type_index[first]] == rank[type_index[second]]
    union = elementwise(shapely.union, footprints[first[same]], footprints[second[same]])
    rest = elementwise(shapely.difference, footprints[second[~same]], footprints[first[~same]])
    geoms = np.concatenate([union, footprints[first[~same]], rest])
    types = np.concatenate(
        [type_index[first[same]], type_index[first[~same]], type_index[second[~same]]]
    )
    owner = np.concatenate([first[same], first[~same], first[~same]])
    keep = ~shapely.is_empty(geoms)
    return list(geoms[keep]), [int(t) for t in types[keep]], owner[keep]
