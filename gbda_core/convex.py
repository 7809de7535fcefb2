"""Numpy kernels for convex polygons, so that most elements need no GEOS call.

Landscape elements are mostly convex: rectangles (hedges, field margins), squares (ponds),
the octagons of trees and the strips of straight line segments. For those, the questions the
share engine asks many times have short exact answers:

- is the polygon valid? (a strictly convex ring is simple, hence valid);
- are two polygons apart, or do they overlap? (a separating edge proves they do not meet; a
  vertex of each strictly inside every edge line of the other proves they overlap);
- does a border segment meet the polygon? (the same, with the segment as the other polygon);
- how much of a polygon lies on one side of a straight border? (clip by a half-plane).

Every test is decided in floating point only where the rounding error provably cannot change
the answer: an orientation (cross product) counts only when it exceeds ``ORIENTATION_MARGIN``
times the sum of the magnitudes of its terms, far above the float rounding error (about 1e-16
of that sum). Anything not decided goes to GEOS, so the answers equal GEOS's. The clipped
areas are exact up to float rounding (relative 1e-12), as GEOS's own overlay results are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from gbda_core.parallel import NUMPY_CHUNK

#: A cross product decides an orientation only when it exceeds this fraction of the sum of the
#: magnitudes of its two products (the float error of the computation is below 1e-15 of it).
ORIENTATION_MARGIN = 1e-12
#: Convex polygons with more corners than this are left to GEOS (padded arrays would grow).
MAX_CORNERS = 8

_POLYGON = 3


def ring_coordinates(
    geoms: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Coordinates (m) of polygons without holes: flat ``(sum(counts), 2)`` and count per ring.

    The closing vertex is included, as stored. Callers pass polygons without holes only.
    """
    counts = shapely.get_num_coordinates(geoms).astype(np.int64)
    return shapely.get_coordinates(geoms), counts


def convex_rings(
    xy: npt.NDArray[np.float64], counts: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """Mark closed rings that are strictly convex (hence simple), with every turn decided.

    ``xy`` holds the rings one after the other, closing vertex included (``counts`` each). A
    ring qualifies when its coordinates are finite, it is closed, every turn has the same
    orientation by more than the rounding margin, and it winds around once (a pentagram turns
    the same way at every corner but winds twice; with at most four corners that cannot be).
    """
    out = np.zeros(len(counts), dtype=bool)
    start = np.cumsum(counts) - counts
    with np.errstate(invalid="ignore", over="ignore"):  # NaN and inf fail every test below
        for c in np.unique(counts[counts >= 4]):
            sel = np.flatnonzero(counts == c)
            out[sel] = _convex_of_size(xy[start[sel, None] + np.arange(c)[None, :]])
    return out


def _convex_of_size(ring: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """:func:`convex_rings` for rings of one size, ``(n, coordinates, 2)``."""
    # Column by column: numpy loops over rows then, not over a few vertices per row.
    ok = (ring[:, 0, 0] == ring[:, -1, 0]) & (ring[:, 0, 1] == ring[:, -1, 1])  # closed
    ex = ring[:, 1:, 0] - ring[:, :-1, 0]  # edge k: vertex k -> k + 1, the last one closing
    ey = ring[:, 1:, 1] - ring[:, :-1, 1]
    fx = np.concatenate([ex[:, 1:], ex[:, :1]], axis=1)  # the next edge
    fy = np.concatenate([ey[:, 1:], ey[:, :1]], axis=1)
    p, q = ex * fy, ey * fx
    cross = p - q
    margin = ORIENTATION_MARGIN * (np.abs(p) + np.abs(q))
    left, right = cross > margin, cross < -margin
    all_left, all_right = left[:, 0].copy(), right[:, 0].copy()
    for k in range(1, cross.shape[1]):
        all_left &= left[:, k]
        all_right &= right[:, k]
    ok &= all_left | all_right
    if ring.shape[1] - 1 > 4:  # once around is 2π, twice 4π
        ok &= np.abs(np.arctan2(cross, ex * fx + ey * fy).sum(axis=1)) < 3 * np.pi
    return np.asarray(ok)


@dataclass
class ConvexTable:
    """Strictly convex polygons as padded vertex arrays, for pairwise numpy tests.

    ``vertices`` is ``(n, K, 2)`` (m): each ring's distinct vertices in order, padded by
    repeating its last one (a repeated vertex adds a zero-length edge, which changes no test);
    ``corners`` the number of distinct vertices; ``ccw`` the orientation.
    """

    vertices: npt.NDArray[np.float64]
    corners: npt.NDArray[np.int64]
    ccw: npt.NDArray[np.bool_]


def empty_table() -> ConvexTable:
    """Return a table without rows."""
    return ConvexTable(np.zeros((0, 3, 2)), np.zeros(0, dtype=np.int64), np.zeros(0, bool))


def rings_to_table(
    xy: npt.NDArray[np.float64], counts: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.bool_], ConvexTable]:
    """Tabulate the rings that pass :func:`convex_rings` with at most :data:`MAX_CORNERS`.

    ``xy`` and ``counts`` as for :func:`convex_rings`. Returns the mask of tabulated rings and
    the table (one row per marked ring, in order), padded to the most corners among them.
    """
    ok = convex_rings(xy, counts) & (counts - 1 <= MAX_CORNERS)
    start = (np.cumsum(counts) - counts)[ok]
    corners = counts[ok] - 1
    width = int(corners.max()) if len(corners) else 3
    pick = start[:, None] + np.minimum(np.arange(width)[None, :], corners[:, None] - 1)
    v = xy[pick] if len(pick) else np.zeros((0, width, 2))
    e0, e1 = v[:, 1] - v[:, 0], v[:, 2] - v[:, 1]
    turn = e0[:, 0] * e1[:, 1] - e0[:, 1] * e1[:, 0]  # decided beyond the margin by convex_rings
    return ok, ConvexTable(v, corners, turn > 0)


def quad_table(ring: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.bool_], ConvexTable]:
    """Tabulate the closed four-corner rings ``(n, 5, 2)`` that pass :func:`convex_rings`.

    The same test and table as :func:`rings_to_table` gives for rings of five coordinates, without
    gathering them first: the common boxes, straight strips and strip pieces.
    """
    ok = convex_quad_rings(ring)
    return ok, quad_rows(ring[ok, :4])


def convex_quad_rings(ring: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Mark the closed four-corner rings ``(n, 5, 2)`` that pass :func:`convex_rings`."""
    with np.errstate(invalid="ignore", over="ignore"):  # NaN and inf fail the test
        return np.concatenate(
            [np.zeros(0, dtype=bool)]
            + [_convex_of_size(ring[s : s + NUMPY_CHUNK]) for s in range(0, len(ring), NUMPY_CHUNK)]
        )


def quad_rows(vertices: npt.NDArray[np.float64]) -> ConvexTable:
    """Tabulate quadrilaterals ``(n, 4, 2)`` proven strictly convex (see :func:`quad_table`)."""
    return ConvexTable(vertices, np.full(len(vertices), 4, dtype=np.int64), quad_ccw(vertices))


def quad_ccw(vertices: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Orientation of quadrilaterals ``(n, 4, 2)`` proven strictly convex: True if ccw."""
    e0, e1 = vertices[:, 1] - vertices[:, 0], vertices[:, 2] - vertices[:, 1]
    turn = e0[:, 0] * e1[:, 1] - e0[:, 1] * e1[:, 0]  # decided beyond the margin
    return np.asarray(turn > 0)


def convex_table(geoms: npt.NDArray[np.object_]) -> tuple[npt.NDArray[np.bool_], ConvexTable]:
    """Mark the small strictly convex polygons (one ring, no holes) and tabulate them."""
    ok = np.zeros(len(geoms), dtype=bool)
    cand = np.flatnonzero(
        (shapely.get_type_id(geoms) == _POLYGON) & (shapely.get_num_interior_rings(geoms) == 0)
    )
    good, table = rings_to_table(*ring_coordinates(geoms[cand]))
    ok[cand[good]] = True
    return ok, table


def concat_tables(tables: list[ConvexTable]) -> ConvexTable:
    """Return the rows of several tables one after another (padded to the widest)."""
    if not tables:
        return empty_table()
    filled = [t for t in tables if len(t.corners)]
    if len(filled) == 1:  # one layer's table, as is (no copy of its rows)
        return filled[0]
    width = max(t.vertices.shape[1] for t in tables)
    # Written once into the result, padding included (padding each table first would copy
    # every vertex twice).
    vertices = np.empty((sum(len(t.corners) for t in tables), width, 2))
    start = 0
    for t in tables:
        end, w = start + len(t.corners), t.vertices.shape[1]
        vertices[start:end, :w] = t.vertices
        vertices[start:end, w:] = t.vertices[:, -1:]
        start = end
    return ConvexTable(
        vertices,
        np.concatenate([t.corners for t in tables]),
        np.concatenate([t.ccw for t in tables]),
    )


def take(table: ConvexTable, rows: npt.NDArray[np.intp]) -> ConvexTable:
    """Return the given rows of a table."""
    return ConvexTable(table.vertices[rows], table.corners[rows], table.ccw[rows])


def _rows(
    table: ConvexTable, rows: npt.NDArray[np.intp], width: int, origin: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Vertices of ``rows``, ``width`` wide (at least their corners), relative to ``origin``."""
    v = _pad(table.vertices[rows, :width], width)  # never narrower than asked
    return np.asarray(v - origin[:, None, :])


#: :func:`relate` codes: provably apart (not even touching), provably overlapping (the
#: interiors share area), or not decided in floating point.
APART, UNDECIDED, OVERLAPPING = -1, 0, 1


def _edge_sides(
    a: npt.NDArray[np.float64], ccw: npt.NDArray[np.bool_], b: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Per row: all of ``b`` beyond an edge line of ``a``; a ``b`` vertex inside every one.

    Both strictly, beyond the rounding margin.
    """
    n, k = a.shape[:2]
    ax, ay, bx, by = a[..., 0], a[..., 1], b[..., 0], b[..., 1]
    clockwise = ~ccw
    beyond = np.zeros(n, dtype=bool)
    within = np.ones(n, dtype=bool)
    # One column at a time: numpy loops over rows then, not over a few vertices per row (an
    # axis of 4 to 8 costs more in loop overhead than in arithmetic).
    for edge in range(k):
        x0, y0 = ax[:, edge], ay[:, edge]
        ex, ey = ax[:, (edge + 1) % k] - x0, ay[:, (edge + 1) % k] - y0
        all_beyond = np.ones(n, dtype=bool)
        some_inside = (ex == 0) & (ey == 0)  # padding: zero edges; real edges have length
        for vertex in range(b.shape[1]):
            p, q = ex * (by[:, vertex] - y0), ey * (bx[:, vertex] - x0)
            # Inside is where the cross product (negated for clockwise rings) is positive;
            # decided only beyond the rounding margin.
            cross: npt.NDArray[np.float64] = p - q
            np.negative(cross, out=cross, where=clockwise)
            margin = np.abs(p)
            margin += np.abs(q)
            margin *= ORIENTATION_MARGIN
            all_beyond &= cross + margin < 0
            some_inside |= cross - margin > 0
        beyond |= all_beyond
        within &= some_inside
    return beyond, within


def relate(
    table: ConvexTable, i: npt.NDArray[np.intp], j: npt.NDArray[np.intp]
) -> npt.NDArray[np.int8]:
    """Tell table pairs (i, j) apart: :data:`APART`, :data:`OVERLAPPING` or :data:`UNDECIDED`.

    Separating axis theorem: two convex polygons are apart when all vertices of one lie
    strictly beyond an edge line of the other. Their interiors share area unless some edge
    line of one has the other wholly on or beyond it (the edges of their Minkowski difference
    are theirs); so when every edge line of each has a vertex of the other strictly inside,
    they overlap. Undecided pairs (touching, or too close to call) are left to GEOS.
    """

    def decide(sel: npt.NDArray[np.intp], k: int) -> npt.NDArray[np.int8]:
        origin = table.vertices[i[sel], 0]
        a = _rows(table, i[sel], k, origin)
        b = _rows(table, j[sel], k, origin)
        a_beyond, a_within = _edge_sides(a, table.ccw[i[sel]], b)
        b_beyond, b_within = _edge_sides(b, table.ccw[j[sel]], a)
        return _code(a_beyond | b_beyond, a_within & b_within)

    return _per_size(np.maximum(table.corners[i], table.corners[j]), decide, np.int8)


def segment_relate(
    table: ConvexTable, rows: npt.NDArray[np.intp], segment: npt.NDArray[np.float64]
) -> npt.NDArray[np.int8]:
    """Tell whether table rows and segments ``(n, 2, 2)`` meet (touching counts).

    :data:`APART` (they do not meet), :data:`OVERLAPPING` (they meet) or :data:`UNDECIDED`.

    A segment misses a convex polygon when both its ends lie strictly beyond one edge line of
    the polygon, or the whole polygon strictly on one side of the segment's line; these are the
    only ways (the edges of their Minkowski difference). So they meet when every edge line has
    an end strictly inside and the segment's line has polygon corners strictly on both sides.
    """

    def decide(sel: npt.NDArray[np.intp], k: int) -> npt.NDArray[np.int8]:
        origin = table.vertices[rows[sel], 0]
        a = _rows(table, rows[sel], k, origin)
        ends = segment[sel] - origin[:, None, :]
        beyond, within = _edge_sides(a, table.ccw[rows[sel]], ends)
        d = ends[:, 1] - ends[:, 0]
        p = d[:, None, 0] * (a[..., 1] - ends[:, None, 0, 1])
        q = d[:, None, 1] * (a[..., 0] - ends[:, None, 0, 0])
        margin = ORIENTATION_MARGIN * (np.abs(p) + np.abs(q))
        left, right = (p - q) > margin, (p - q) < -margin
        one_side = left.all(axis=1) | right.all(axis=1)
        both_sides = left.any(axis=1) & right.any(axis=1)
        return _code(beyond | one_side, within & both_sides)

    return _per_size(table.corners[rows], decide, np.int8)


def _code(apart: npt.NDArray[np.bool_], meet: npt.NDArray[np.bool_]) -> npt.NDArray[np.int8]:
    """:data:`APART`, else :data:`OVERLAPPING` or :data:`UNDECIDED`, from what was proven."""
    return np.where(apart, APART, np.where(meet, OVERLAPPING, UNDECIDED)).astype(np.int8)


def _per_size(
    sizes: npt.NDArray[np.int64],
    compute: Callable[[npt.NDArray[np.intp], int], npt.NDArray[Any]],
    dtype: type,
) -> npt.NDArray[Any]:
    """Run ``compute(rows, width)`` on the rows of each padded width (a few: 4, 8 ...)."""
    out: npt.NDArray[Any] = np.zeros(len(sizes), dtype=dtype)
    for k in np.unique(sizes):
        sel = np.flatnonzero(sizes == k)
        out[sel] = compute(sel, int(k))
    return out


def intersection_area(
    table: ConvexTable, i: npt.NDArray[np.intp], j: npt.NDArray[np.intp]
) -> npt.NDArray[np.float64]:
    """Area (m²) of the intersection of table pairs (i, j): i clipped by each edge of j."""

    def area(sel: npt.NDArray[np.intp], k: int) -> npt.NDArray[np.float64]:
        origin = table.vertices[i[sel], 0]
        poly = _rows(table, i[sel], k, origin)
        x, y = poly[..., 0].copy(), poly[..., 1].copy()
        count = table.corners[i[sel]]
        clip = _rows(table, j[sel], k, origin)
        keep_left = table.ccw[j[sel]]
        for edge in range(k):
            start, end = clip[:, edge], clip[:, (edge + 1) % k]
            x, y, count = _clip(x, y, count, start, end, keep_left)
        return _shoelace(x, y, count)

    return _per_size(np.maximum(table.corners[i], table.corners[j]), area, np.float64)


def _clip(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    count: npt.NDArray[np.int64],
    start: npt.NDArray[np.float64],
    end: npt.NDArray[np.float64],
    keep_left: npt.NDArray[np.bool_],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Clip polygons by a closed half-plane; coordinates ``(n, W)``, ``count`` vertices per row.

    Sutherland-Hodgman: each vertex on the kept side stays, and a crossing point is added where
    an edge crosses the line. A zero-length clipping edge keeps everything. Slots past a row's
    count hold no vertex (whatever their values). Rows wholly on the kept side come out as
    they went in; only the rows cut are rebuilt.
    """
    n, width = x.shape
    sx, sy = start[:, 0, None], start[:, 1, None]
    dx, dy = end[:, 0, None] - sx, end[:, 1, None] - sy
    side: npt.NDArray[np.float64] = dx * (y - sy) - dy * (x - sx)
    np.negative(side, out=side, where=~keep_left[:, None])
    k = np.arange(width)
    real = k < count[:, None]
    # A polygon with no vertex strictly on the kept side keeps nothing (not a sliver of the
    # vertices on the line), as GEOS keeps nothing of a polygon touching from outside.
    some_in = (real & (side > 0)).any(axis=1)[:, None] | ((dx == 0) & (dy == 0))
    keep = real & (side >= 0) & some_in
    cut = np.flatnonzero((keep != real).any(axis=1))
    if len(cut) == 0:
        return x, y, count
    x_cut, y_cut, d0, real, keep = x[cut], y[cut], side[cut], real[cut], keep[cut]
    nxt = np.where(k + 1 < count[cut, None], k + 1, 0)
    d1 = np.take_along_axis(d0, nxt, axis=1)
    cross = real & (((d0 > 0) & (d1 < 0)) | ((d0 < 0) & (d1 > 0)))
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(cross, d0 / (d0 - d1), 0.0)
    # Per edge: the kept start vertex, then the crossing point; then packed to the front.
    valid = np.empty((len(cut), 2 * width), dtype=bool)
    valid[:, 0::2], valid[:, 1::2] = keep, cross
    r, c = np.nonzero(valid)
    at = np.cumsum(valid, axis=1)[r, c] - 1
    new_count = count.copy()
    new_count[cut] = valid.sum(axis=1)
    new_width = max(width, int(new_count.max()))
    out = []
    for v, v_cut in ((x, x_cut), (y, y_cut)):
        points = np.empty((len(cut), 2 * width))
        points[:, 0::2] = v_cut
        points[:, 1::2] = v_cut + (np.take_along_axis(v_cut, nxt, axis=1) - v_cut) * t
        packed = np.zeros((n, new_width))
        packed[:, :width] = v
        packed[cut] = 0.0
        packed[cut[r], at] = points[r, c]
        out.append(packed)
    return out[0], out[1], new_count


def _shoelace(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], count: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Area (m²) of polygons, coordinates ``(n, W)``, ``count`` vertices per row (the rest unused).

    The terms are added one vertex after another, so a polygon's area has the same bits
    however wide the array it sits in (numpy's pairwise sum would regroup them).
    """
    width = x.shape[1]
    last = count - 1
    twice = np.zeros(len(x))
    for k in range(width):
        closing = k == last  # the last vertex pairs with the first
        nxt = (k + 1) % width
        term = (
            x[:, k] * np.where(closing, y[:, 0], y[:, nxt])
            - np.where(closing, x[:, 0], x[:, nxt]) * y[:, k]
        )
        twice += np.where(k <= last, term, 0.0)
    return np.where(count >= 3, 0.5 * np.abs(twice), 0.0)


def table_halfplane_area(
    table: ConvexTable,
    rows: npt.NDArray[np.intp],
    start: npt.NDArray[np.float64],
    end: npt.NDArray[np.float64],
    keep_left: npt.NDArray[np.bool_],
) -> npt.NDArray[np.float64]:
    """Area (m²) of table rows on the closed side of lines through ``start`` -> ``end``.

    ``keep_left`` chooses the left side. The polygon is clipped as Sutherland-Hodgman does and
    measured with the shoelace formula, in coordinates relative to its first vertex.
    """
    origin = table.vertices[rows, 0]
    v = table.vertices[rows] - origin[:, None, :]
    x, y, count = _clip(
        v[..., 0], v[..., 1], table.corners[rows], start - origin, end - origin, keep_left
    )
    return _shoelace(x, y, count)


def table_area(table: ConvexTable, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
    """Area (m²) of table rows (shoelace in coordinates relative to the first vertex)."""
    v = table.vertices[rows] - table.vertices[rows, :1]
    return _shoelace(v[..., 0], v[..., 1], table.corners[rows])


def _pad(v: npt.NDArray[np.float64], width: int) -> npt.NDArray[np.float64]:
    """Pad vertex arrays ``(n, W, 2)`` to ``width`` columns by repeating the last vertex."""
    if v.shape[1] >= width:
        return v
    return np.concatenate([v, np.repeat(v[:, -1:], width - v.shape[1], axis=1)], axis=1)


def table_polygons(table: ConvexTable, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.object_]:
    """Shapely polygons of table rows (padding vertices repeat, which changes no shape)."""
    v = table.vertices[rows]
    return np.asarray(shapely.polygons(np.concatenate([v, v[:, :1]], axis=1)), dtype=object)


def halfplane_length(
    segments: npt.NDArray[np.float64],
    start: npt.NDArray[np.float64],
    end: npt.NDArray[np.float64],
    keep_left: npt.NDArray[np.bool_],
) -> npt.NDArray[np.float64]:
    """Length (m) of each segment ``(n, 2, 2)`` in the closed half-plane of a line.

    The line runs through ``start`` -> ``end``; ``keep_left`` chooses its left side.
    """
    s = start[:, None, :]
    d = (end - start)[:, None, :]
    p = segments - s
    side = d[..., 0] * p[..., 1] - d[..., 1] * p[..., 0]
    side = np.where(keep_left[:, None], side, -side)
    da, db = side[:, 0], side[:, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(
            da >= 0,
            np.where(db >= 0, 1.0, da / (da - db)),
            np.where(db > 0, db / (db - da), 0.0),
        )
    full = np.hypot(*(segments[:, 1] - segments[:, 0]).T)
    return np.asarray(full * frac)
