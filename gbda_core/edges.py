"""Parcel edges classified by what lies beyond them: ditch, road, building, erf, kade, parcel.

The boundary of every parcel's land is cut into short *pieces* (at most ``piece_m`` long). A
piece borders a kind of context when a probe line from its midpoint, straight out of the parcel
along the outward normal, meets a feature of that kind within the kind's distance (see
:class:`gbda_core.site.SiteRules`). Consecutive pieces of one straight *edge* (between corners)
that border the same things form a *run*: "the 320 m along the ditch", "the 60 m along the
road". Corners are ring vertices that turn by at least ``corner_deg``. Everything is computed
with numpy and vectorised shapely calls, never one feature at a time.

Rings are oriented with the land on the left (exterior counter-clockwise, holes clockwise), so
the outward normal of a piece from (x0, y0) to (x1, y1) is (dy, -dx) / length for every ring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

#: Bit flags of what a piece borders.
WATER, ROAD, BUILDING, ERF, KADE, PARCEL, OCCUPIED = 1, 2, 4, 8, 16, 32, 64
FLAG_NAMES = {
    WATER: "water",
    ROAD: "road",
    BUILDING: "building",
    ERF: "erf",
    KADE: "kade",
    PARCEL: "parcel",
    OCCUPIED: "element",
}
#: Context kind to its flag.
KIND_FLAG = {"water": WATER, "road": ROAD, "building": BUILDING, "erf": ERF, "kade": KADE}

_PROBE_START_M = 0.05  # probes start just outside the land, so they never hit the land itself

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
#: Named, aligned arrays of one table (segments, pieces, corners).
Arrays = dict[str, Any]


@dataclass
class Edges:
    """Pieces, runs and corners of the land of all parcels (arrays aligned per table).

    Pieces: ``parcel``, ``x0, y0, x1, y1`` (m), ``length`` (m), ``flags``, ``run``, ``prev`` and
    ``next`` (neighbouring piece in the ring), ``turn_start`` (degrees the ring turns at the
    piece's start, left positive). Runs: ``run_parcel``, ``run_flags``, ``run_length``,
    ``run_first``/``run_last`` (piece indices), ``run_head`` (on a short side of an elongated
    parcel), ``run_road_m`` (distance to the nearest road, inf without one). Corners (convex
    only): ``corner_parcel``, ``corner_xy``, ``corner_out``/``corner_in`` (unit vectors along
    the two edges, away from the corner), ``corner_angle`` (interior angle, degrees),
    ``corner_flags``, ``corner_out_run``/``corner_in_run`` (the runs leaving and reaching it).
    """

    parcel: IntArray
    x0: FloatArray
    y0: FloatArray
    x1: FloatArray
    y1: FloatArray
    length: FloatArray
    flags: IntArray
    run: IntArray
    prev: IntArray
    next: IntArray
    turn_start: FloatArray
    run_parcel: IntArray
    run_flags: IntArray
    run_length: FloatArray
    run_first: IntArray
    run_last: IntArray
    run_head: npt.NDArray[np.bool_]
    run_road_m: FloatArray
    corner_parcel: IntArray
    corner_xy: FloatArray
    corner_out: FloatArray
    corner_in: FloatArray
    corner_angle: FloatArray
    corner_flags: IntArray
    corner_out_run: IntArray
    corner_in_run: IntArray

    @property
    def n_runs(self) -> int:
        """Number of runs."""
        return len(self.run_parcel)

    def run_lines(self) -> npt.NDArray[np.object_]:
        """Return every run as a LineString (land on its left)."""
        return self.piece_lines(self.run, np.arange(len(self.run)))

    def piece_lines(self, group: IntArray, pieces: IntArray) -> npt.NDArray[np.object_]:
        """Join consecutive ``pieces`` with equal ``group`` ids into LineStrings.

        ``pieces`` must be in ring order within each group and the groups sorted ascending;
        returns one line per distinct group, in ascending group order.
        """
        return lines_from_pieces(
            group, self.x0[pieces], self.y0[pieces], self.x1[pieces], self.y1[pieces]
        )


def lines_from_pieces(
    group: IntArray, x0: FloatArray, y0: FloatArray, x1: FloatArray, y1: FloatArray
) -> npt.NDArray[np.object_]:
    """Build one LineString per group from consecutive pieces (start points plus the last end)."""
    if len(group) == 0:
        return np.empty(0, dtype=object)
    last = np.r_[group[1:] != group[:-1], True]
    at = np.flatnonzero(last) + 1
    xs = np.insert(x0, at, x1[last])
    ys = np.insert(y0, at, y1[last])
    ids = np.insert(group, at, group[last])
    _, dense = np.unique(ids, return_inverse=True)
    return np.asarray(shapely.linestrings(xs, ys, indices=dense), dtype=object)


def classify_edges(
    land: npt.NDArray[np.object_],
    parcels: npt.NDArray[np.object_],
    on_erf: npt.NDArray[np.bool_],
    context: Mapping[str, npt.NDArray[np.object_]],
    occupied: npt.NDArray[np.object_],
    *,
    distances: Mapping[str, float],
    piece_m: float,
    corner_deg: float,
    simplify_m: float,
    elongated: float,
    occupied_m: float,
) -> Edges:
    """Cut the land's boundary into classified pieces, runs and corners.

    Parameters
    ----------
    land
        Land of each parcel (polygons, m): the parcel without water, roads and buildings.
    parcels
        The original parcel polygons (to find neighbouring parcels).
    on_erf
        True for parcels that are an erf (farmyard); a probe meeting one flags ERF.
    context
        Context kind (``water``, ``road``, ``building``, ``erf``, ``kade``) to its geometries.
    occupied
        Footprints of existing elements; pieces with one within ``occupied_m`` inside the land
        are flagged OCCUPIED.
    distances
        Probe length per kind and for ``parcel`` (m).
    piece_m, corner_deg, simplify_m, elongated, occupied_m
        Longest piece (m), smallest turn of a corner (degrees), simplification tolerance of the
        boundary (m), length/width ratio from which a parcel has short sides (kopakkers), depth
        of the inward probe for existing elements (m).
    """
    seg = _segments(land, simplify_m, corner_deg)
    pc = _subdivide(seg, piece_m)
    dx, dy = pc["x1"] - pc["x0"], pc["y1"] - pc["y0"]
    length = np.hypot(dx, dy)
    nx, ny = dy / length, -dx / length
    mx, my = (pc["x0"] + pc["x1"]) / 2, (pc["y0"] + pc["y1"]) / 2
    parcel = pc["parcel"]

    flags = np.zeros(len(length), dtype=np.int64)
    for kind, flag in KIND_FLAG.items():
        geoms = context.get(kind)
        if geoms is not None and len(geoms):
            hits = _probe_hits(mx, my, nx, ny, distances[kind], geoms)
            flags[np.unique(hits[0])] |= flag
    if len(parcels):
        pairs = _probe_hits(mx, my, nx, ny, distances["parcel"], parcels)
        other = pairs[1] != parcel[pairs[0]]
        hit_erf = on_erf[pairs[1]]
        flags[np.unique(pairs[0][other & ~hit_erf])] |= PARCEL
        flags[np.unique(pairs[0][other & hit_erf])] |= ERF
    if len(occupied):
        hits = _probe_hits(mx, my, -nx, -ny, occupied_m, occupied)
        flags[np.unique(hits[0])] |= OCCUPIED

    new_run = np.r_[True, (pc["edge"][1:] != pc["edge"][:-1]) | (flags[1:] != flags[:-1])]
    run = np.cumsum(new_run) - 1
    run_first = np.flatnonzero(new_run)
    run_last = np.r_[run_first[1:] - 1, len(run) - 1]
    run_length = np.asarray(np.bincount(run, weights=length), dtype=float)
    run_parcel = parcel[run_first]

    head = _head_edges(land, seg, elongated)
    road_m = _road_distance(mx, my, run, context.get("road"), len(run_first))
    corners = _corners(pc, flags, run)
    return Edges(
        parcel=parcel,
        x0=pc["x0"],
        y0=pc["y0"],
        x1=pc["x1"],
        y1=pc["y1"],
        length=length,
        flags=flags,
        run=run,
        prev=pc["prev"],
        next=pc["next"],
        turn_start=pc["turn_start"],
        run_parcel=run_parcel,
        run_flags=flags[run_first],
        run_length=run_length,
        run_first=run_first,
        run_last=run_last,
        run_head=head[pc["edge"][run_first]],
        run_road_m=road_m,
        **corners,
    )


def _segments(land: npt.NDArray[np.object_], simplify_m: float, corner_deg: float) -> Arrays:
    """Ring segments of the (slightly simplified) land, each ring rotated to start at a corner."""
    polys = shapely.orient_polygons(shapely.simplify(land, simplify_m), exterior_cw=False)
    parts, part_parcel = shapely.get_parts(polys, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    xy, ring_of = shapely.get_coordinates(rings, return_index=True)
    # Drop each ring's closing vertex, then zero-length steps (repeated vertices).
    closing = np.r_[ring_of[1:] != ring_of[:-1], True]
    xy, ring_of = xy[~closing], ring_of[~closing]
    nxt = _cyclic_next(ring_of)
    keep = np.hypot(*(xy[nxt] - xy).T) > 1e-9
    xy, ring_of = xy[keep], ring_of[keep]
    nxt = _cyclic_next(ring_of)
    prv = _cyclic_prev(ring_of)
    d_out = xy[nxt] - xy
    d_in = xy - xy[prv]
    cross = d_in[:, 0] * d_out[:, 1] - d_in[:, 1] * d_out[:, 0]
    dot = (d_in * d_out).sum(axis=1)
    turn = np.degrees(np.arctan2(cross, dot))
    corner = np.abs(turn) >= corner_deg

    # Rotate every ring so that it starts at its first corner: an edge never wraps around.
    n = len(ring_of)
    start = np.flatnonzero(np.r_[True, ring_of[1:] != ring_of[:-1]]) if n else np.zeros(0, int)
    size = np.diff(np.r_[start, n])
    ring_idx = np.repeat(np.arange(len(start)), size)
    pos = np.arange(n) - start[ring_idx]
    first_corner = np.full(len(start), n)
    np.minimum.at(first_corner, ring_idx[corner], pos[corner])
    first_corner[first_corner == n] = 0
    order = np.lexsort(((pos - first_corner[ring_idx]) % size[ring_idx], ring_idx))
    xy, ring_idx, turn, corner = xy[order], ring_idx[order], turn[order], corner[order]
    nxt = _cyclic_next(ring_idx)

    edge_local = np.cumsum(corner) - np.r_[0, np.cumsum(corner)[start[1:] - 1]][ring_idx]
    edge_local = np.maximum(edge_local - 1, 0)
    n_edges = np.maximum(np.bincount(ring_idx, weights=corner, minlength=len(start)), 1)
    edge_offset = np.r_[0, np.cumsum(n_edges)[:-1]].astype(np.int64)
    edge = edge_offset[ring_idx] + edge_local
    parcel = part_parcel[ring_part[ring_idx]]
    return {
        "x0": xy[:, 0],
        "y0": xy[:, 1],
        "x1": xy[nxt, 0],
        "y1": xy[nxt, 1],
        "ring": ring_idx.astype(np.int64),
        "edge": edge.astype(np.int64),
        "parcel": parcel.astype(np.int64),
        "turn": turn,
        "corner": corner,
    }


def _cyclic_next(ring: IntArray) -> IntArray:
    """Index of the next vertex in the same ring (the last wraps to the first); rings sorted."""
    n = len(ring)
    new = np.r_[True, ring[1:] != ring[:-1]] if n else np.zeros(0, dtype=bool)
    first_of = np.flatnonzero(new)[np.cumsum(new) - 1]
    idx = np.arange(1, n + 1)
    last = np.r_[ring[1:] != ring[:-1], True] if n else new
    idx[last] = first_of[last]
    return idx


def _cyclic_prev(ring: IntArray) -> IntArray:
    """Index of the previous vertex in the same ring (the first wraps to the last)."""
    n = len(ring)
    nxt = _cyclic_next(ring)
    prv = np.empty(n, dtype=np.int64)
    prv[nxt] = np.arange(n)
    return prv


def _subdivide(seg: Arrays, piece_m: float) -> Arrays:
    """Cut segments into equal pieces of at most ``piece_m``; keep ring order."""
    seg_len = np.hypot(seg["x1"] - seg["x0"], seg["y1"] - seg["y0"])
    n_sub = np.maximum(np.ceil(seg_len / piece_m).astype(np.int64), 1)
    s = np.repeat(np.arange(len(seg_len)), n_sub)
    k = np.arange(len(s)) - np.repeat(np.cumsum(n_sub) - n_sub, n_sub)
    t0, t1 = k / n_sub[s], (k + 1) / n_sub[s]
    x0, y0, x1, y1 = seg["x0"][s], seg["y0"][s], seg["x1"][s], seg["y1"][s]
    ring = seg["ring"][s]
    return {
        "x0": x0 + (x1 - x0) * t0,
        "y0": y0 + (y1 - y0) * t0,
        "x1": x0 + (x1 - x0) * t1,
        "y1": y0 + (y1 - y0) * t1,
        "edge": seg["edge"][s],
        "parcel": seg["parcel"][s],
        "seg": s,
        "turn_start": np.where(k == 0, seg["turn"][s], 0.0),
        "corner_start": (k == 0) & seg["corner"][s],
        "next": _cyclic_next(ring),
        "prev": _cyclic_prev(ring),
    }


def _probe_hits(
    mx: FloatArray,
    my: FloatArray,
    nx: FloatArray,
    ny: FloatArray,
    distance: float,
    geoms: npt.NDArray[np.object_],
) -> npt.NDArray[np.int64]:
    """(piece, geometry) pairs where the probe from the midpoint along (nx, ny) meets a geometry."""
    s, e = _PROBE_START_M, max(distance, _PROBE_START_M * 2)
    probes = shapely.linestrings(
        np.stack(
            [
                np.column_stack([mx + nx * s, my + ny * s]),
                np.column_stack([mx + nx * e, my + ny * e]),
            ],
            axis=1,
        )
    )
    tree = shapely.STRtree(geoms)
    return np.asarray(tree.query(probes, predicate="intersects"), dtype=np.int64)


def _head_edges(
    land: npt.NDArray[np.object_],
    seg: Arrays,
    elongated: float,
) -> npt.NDArray[np.bool_]:
    """Return, per edge, whether it lies on a short side (kopakker) of its parcel.

    An edge is a short side when its chord is within 30 degrees of square to the parcel's long
    axis (from the minimum rotated rectangle). A parcel less elongated than ``elongated`` has no
    long axis: all its edges count as kopakker.
    """
    axis_x, axis_y, ratio = parcel_axes(land)
    edge = seg["edge"]
    n_edges = int(edge.max()) + 1 if len(edge) else 0
    cx = np.bincount(edge, weights=seg["x1"] - seg["x0"], minlength=n_edges)
    cy = np.bincount(edge, weights=seg["y1"] - seg["y0"], minlength=n_edges)
    parcel = np.zeros(n_edges, dtype=np.int64)
    parcel[edge] = seg["parcel"]
    norm = np.hypot(cx, cy)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.abs(cx * axis_x[parcel] + cy * axis_y[parcel]) / norm
    square = np.nan_to_num(cos, nan=1.0) <= np.cos(np.radians(60.0))
    return np.asarray(square | (ratio[parcel] < elongated), dtype=bool)


def parcel_axes(land: npt.NDArray[np.object_]) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return the unit vector of each parcel's long axis and its length/width ratio."""
    env = shapely.oriented_envelope(land)
    ok = shapely.get_type_id(env) == 3
    ax, ay, ratio = np.ones(len(land)), np.zeros(len(land)), np.ones(len(land))
    if ok.any():
        ring = shapely.get_coordinates(shapely.get_exterior_ring(env[ok])).reshape(-1, 5, 2)
        a, b = ring[:, 1] - ring[:, 0], ring[:, 2] - ring[:, 1]
        la, lb = np.hypot(*a.T), np.hypot(*b.T)
        long_vec = np.where((la >= lb)[:, None], a, b)
        long_len, short_len = np.maximum(la, lb), np.minimum(la, lb)
        with np.errstate(invalid="ignore", divide="ignore"):
            ax[ok] = long_vec[:, 0] / long_len
            ay[ok] = long_vec[:, 1] / long_len
            ratio[ok] = np.where(short_len > 0, long_len / short_len, 1.0)
    return ax, ay, ratio


def _road_distance(
    mx: FloatArray,
    my: FloatArray,
    run: IntArray,
    roads: npt.NDArray[np.object_] | None,
    n_runs: int,
) -> FloatArray:
    """Per run, the smallest distance from a piece midpoint to a road (inf without roads)."""
    out = np.full(n_runs, np.inf)
    if roads is None or not len(roads) or not len(mx):
        return out
    tree = shapely.STRtree(roads)
    (piece, _), dist = tree.query_nearest(
        shapely.points(mx, my), return_distance=True, all_matches=False
    )
    np.minimum.at(out, run[piece], dist)
    return out


def _corners(
    pc: Arrays,
    flags: IntArray,
    run: IntArray,
) -> Arrays:
    """Convex corners with their two edge directions and what the adjacent pieces border."""
    p = np.flatnonzero(pc["corner_start"] & (pc["turn_start"] > 0))
    q = pc["prev"][p]
    out = np.column_stack([pc["x1"][p] - pc["x0"][p], pc["y1"][p] - pc["y0"][p]])
    back = np.column_stack([pc["x0"][q] - pc["x1"][q], pc["y0"][q] - pc["y1"][q]])
    out /= np.hypot(*out.T)[:, None]
    back /= np.hypot(*back.T)[:, None]
    return {
        "corner_parcel": pc["parcel"][p],
        "corner_xy": np.column_stack([pc["x0"][p], pc["y0"][p]]),
        "corner_out": out,
        "corner_in": back,
        "corner_angle": 180.0 - pc["turn_start"][p],
        "corner_flags": flags[p] | flags[q],
        "corner_out_run": run[p],
        "corner_in_run": run[q],
    }
