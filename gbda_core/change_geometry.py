r"""The change rule between two snapshots: what part of an element is real change.

Both snapshots are footprints (:mod:`gbda_core.geometry`) dissolved within each element type
(:func:`dissolve_by_type`). Per element type, with :math:`O` the other snapshot's footprints,
:math:`S` a subject (a footprint or a centre line) and :math:`B_\tau(X)` the points within the
tolerance :math:`\tau` of :math:`X` (:func:`beyond_tolerance`):

- candidate :math:`C = S \setminus O` (exact difference);
- core :math:`K = C \setminus B_\tau(O)`: the part farther than :math:`\tau` from :math:`O`;
- change :math:`= C \cap B_\tau(K)`: candidate pieces that reach beyond the tolerance, kept
  whole up to :math:`\tau` around their core. Slivers along outlines that nowhere reach
  :math:`\tau` (a redrawn or shifted outline) are dropped; a new element, however narrow,
  that lies farther than :math:`\tau` from anything old is kept whole.

Elements are compared only with elements of the same type within reach (STRtree ``dwithin``),
in vectorised rounds of one neighbour each; identical geometries need no overlay at all.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from gbda_core import snapped
from gbda_core.geometry import KIND_AREA, KIND_LINE, Footprints
from gbda_core.overlap import resolve_overlaps
from gbda_core.parallel import elementwise

#: Tolerance buffers are polygons with 8 segments per quarter circle, whose chords lie inside
#: the true circle; widened by 1 / cos(pi / 32) (+0.5 %) they contain every point within tau.
_QUAD_SEGS = 8
_REACH = 1.0 / math.cos(math.pi / (4 * _QUAD_SEGS))
#: Pieces smaller than this (m², m) are floating-point dust of the overlays, not change.
DUST = 1e-6
_EMPTY = shapely.GeometryCollection()

Geoms = npt.NDArray[np.object_]
Ints = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float64]


@dataclass
class Snapshot:
    """One snapshot's footprints dissolved within each type, its centre lines and its strips.

    ``item_type[i]`` is the vocabulary index of dissolved footprint ``items[i]``; items of one
    type never overlap. ``line_item[j]`` is the item that line ``lines[j]`` lies in. Strips are
    the elements of linear types drawn as polygons (a hedge drawn as a strip), each as drawn:
    ``strip_item[k]`` is the item that ``strips[k]`` lies in.
    """

    items: Geoms
    item_type: npt.NDArray[np.int32]
    lines: Geoms
    line_type: npt.NDArray[np.int32]
    line_item: Ints
    strips: Geoms
    strip_type: npt.NDArray[np.int32]
    strip_item: Ints


def dissolve_by_type(fp: Footprints, linear: npt.NDArray[np.bool_]) -> Snapshot:
    """Dissolve overlapping footprints of the same type; keep each line's and strip's item.

    ``linear[t]`` says whether vocabulary type ``t`` is linear (counted in km).
    """
    item_of = np.full(len(fp), -1, dtype=np.intp)
    items: list[Geoms] = []
    types: list[npt.NDArray[np.int32]] = []
    count = 0
    for t in np.unique(fp.type_index):  # per element type, at most the vocabulary's size
        idx = np.flatnonzero(fp.type_index == t)
        single, pieces = resolve_overlaps(
            fp.footprint[idx], np.zeros(len(idx), np.int32), np.zeros(1, np.int32)
        )
        item_of[idx[single]] = count + np.arange(int(single.sum()))
        # Same rank throughout: every overlap group dissolves into exactly one piece.
        grouped = ~single
        piece_of_group = pd.Series(np.arange(len(pieces.group)), index=pieces.group)
        item_of[idx[grouped]] = (
            count + int(single.sum()) + piece_of_group[pieces.member_group[grouped]].to_numpy()
        )
        geoms = np.concatenate([fp.footprint[idx[single]], pieces.geometry])
        items.append(geoms)
        types.append(np.full(len(geoms), t, dtype=np.int32))
        count += len(geoms)
    is_line = fp.kind == KIND_LINE
    is_strip = (fp.kind == KIND_AREA) & linear[fp.type_index]
    return Snapshot(
        items=np.concatenate(items) if items else np.empty(0, dtype=object),
        item_type=np.concatenate(types) if types else np.empty(0, dtype=np.int32),
        lines=fp.original[is_line],
        line_type=fp.type_index[is_line],
        line_item=item_of[is_line],
        strips=fp.footprint[is_strip],
        strip_type=fp.type_index[is_strip],
        strip_item=item_of[is_strip],
    )


def beyond_tolerance(
    subject: Geoms,
    subject_type: npt.NDArray[np.int32],
    other: Geoms,
    other_type: npt.NDArray[np.int32],
    tolerance: float,
) -> Geoms:
    """Return the part of each subject outside ``other`` (same type) that is real change.

    Subjects are footprints or centre lines; ``other`` are footprints. See the module
    docstring for the rule; an empty geometry means no change.
    """
    reach = tolerance * _REACH
    candidate = subject.copy()
    if len(subject) == 0 or len(other) == 0:
        return keep_dimension(candidate)
    s_idx, o_idx = shapely.STRtree(other).query(subject, predicate="dwithin", distance=reach)
    same = subject_type[s_idx] == other_type[o_idx]
    s_idx, o_idx = s_idx[same], o_idx[same]
    # Unchanged elements are usually identical: settle them without an overlay.
    equal = np.asarray(shapely.equals_exact(subject[s_idx], other[o_idx], tolerance=0.0))
    candidate[np.unique(s_idx[equal])] = _EMPTY
    candidate = _subtract(candidate, other, s_idx, o_idx)
    live = ~shapely.is_empty(candidate[s_idx])
    s_idx, o_idx = s_idx[live], o_idx[live]
    if tolerance == 0 or len(s_idx) == 0:
        return keep_dimension(candidate)
    grown = np.empty(len(other), dtype=object)
    need = np.unique(o_idx)
    grown[need] = elementwise(_grow(reach), other[need])
    core = _subtract(candidate, grown, s_idx, o_idx)
    near = np.unique(s_idx)
    # Where the tolerance zone cut nothing off, the whole candidate is its core.
    near = near[_size(core[near]) < _size(candidate[near]) - DUST]
    no_core = _size(core[near]) <= DUST
    candidate[near[no_core]] = _EMPTY
    near = near[~no_core]
    if len(near):
        around = elementwise(_grow(reach), core[near])
        candidate[near] = elementwise(snapped.intersection, candidate[near], around)
    return keep_dimension(candidate)


def _grow(reach: float) -> Callable[[Geoms], Geoms]:
    """Buffer by ``reach`` (m), as an element-wise function for :func:`elementwise`."""
    return partial(shapely.buffer, distance=reach, quad_segs=_QUAD_SEGS)


def _subtract(geoms: Geoms, others: Geoms, s_idx: Ints, o_idx: Ints) -> Geoms:
    """``geoms[i] - union(others[o] for pairs (i, o))``, vectorised in rounds of one pair each."""
    out = geoms.copy()
    if len(s_idx) == 0:
        return out
    order = np.argsort(s_idx, kind="stable")
    s_idx, o_idx = s_idx[order], o_idx[order]
    starts = np.flatnonzero(np.r_[True, s_idx[1:] != s_idx[:-1]])
    rank = np.arange(len(s_idx)) - np.repeat(starts, np.diff(np.r_[starts, len(s_idx)]))
    for k in range(int(rank.max()) + 1):  # rounds = most neighbours of one element, not elements
        sel = rank == k
        s, o = s_idx[sel], o_idx[sel]
        live = ~shapely.is_empty(out[s])
        s, o = s[live], o[live]
        if len(s):
            # Never a mixed collection (snapped.difference), so each round's result can be the
            # input of the next.
            out[s] = elementwise(snapped.difference, out[s], others[o])
    return out


def _size(geoms: Geoms) -> npt.NDArray[np.float64]:
    """Area of polygonal, length of lineal geometries (m², m)."""
    dim = shapely.get_dimensions(geoms)
    return np.asarray(np.where(dim == 2, shapely.area(geoms), shapely.length(geoms)), dtype=float)


def keep_dimension(geoms: Geoms) -> Geoms:
    """Reduce overlay results to multi-geometries of their highest dimension, without dust.

    An overlay of polygons can leave lines and points where outlines touch, one of lines can
    leave points; those have no area or length and are not change.
    """
    out = snapped.parts_of_dimension(geoms, shapely.get_dimensions(geoms))
    types = shapely.get_type_id(out)
    for single, build in ((3, shapely.multipolygons), (1, shapely.multilinestrings)):
        sel = np.flatnonzero(types == single)
        if len(sel):
            out[sel] = build(out[sel], indices=np.arange(len(sel)))
    out[shapely.is_missing(out) | (shapely.get_dimensions(out) < 1)] = _EMPTY
    out[~(_size(out) > DUST)] = _EMPTY
    return out
