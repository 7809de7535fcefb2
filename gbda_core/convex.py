"""Numpy kernels for convex polygons, so that most elements need no GEOS call.

Landscape elements are mostly convex: rectangles (hedges, field margins), squares (ponds),
the octagons of trees and the strips of straight line segments. For those, three questions the
share engine asks many times have short exact answers:

- is the polygon valid? (a strictly convex ring is simple, hence valid);
- are two polygons apart? (a separating edge proves they do not meet);
- how much of a polygon lies on one side of a straight border? (clip by a half-plane).

Every test is decided in floating point only where the rounding error provably cannot change
the answer: an orientation (cross product) counts only when it exceeds ``ORIENTATION_MARGIN``
times the sum of the magnitudes of its terms, far above the float rounding error (about 1e-16
of that sum). Anything not decided goes to GEOS, so the answers equal GEOS's. The clipped
areas are exact up to float rounding (relative 1e-12), as GEOS's own overlay results are.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely

#: A cross product decides an orientation only when it exceeds this fraction of the sum of the
#: magnitudes of its two products (the float error of the computation is below 1e-15 of it).
ORIENTATION_MARGIN = 1e-12
#: Convex polygons with more corners than this are left to GEOS (padded arrays would grow).
MAX_CORNERS = 16

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
    the same way at every corner but winds twice).
    """
    n = len(counts)
    ok = counts >= 4
    if not ok.any():
        return np.zeros(n, dtype=bool)
    start = np.cumsum(counts) - counts
    corners = np.where(ok, counts - 1, 0)  # distinct vertices = turns per ring
    ring = np.repeat(np.arange(n), corners)
    k = np.arange(len(ring)) - np.repeat(np.cumsum(corners) - corners, corners)
    m = corners[ring]
    first = start[ring]
    # Turn at vertex k+1: from edge k (vertex k -> k+1) to edge k+1 (wrapping to edge 0).
    a0, a1 = xy[first + k], xy[first + k + 1]
    b1 = xy[first + np.where(k + 2 <= m, k + 2, 1)]
    ex, ey = a1[:, 0] - a0[:, 0], a1[:, 1] - a0[:, 1]
    fx, fy = b1[:, 0] - a1[:, 0], b1[:, 1] - a1[:, 1]
    p, q = ex * fy, ey * fx
    cross = p - q
    margin = ORIENTATION_MARGIN * (np.abs(p) + np.abs(q))
    left = np.bincount(ring, weights=cross > margin, minlength=n)
    right = np.bincount(ring, weights=cross < -margin, minlength=n)
    turning = np.bincount(ring, weights=np.arctan2(cross, ex * fx + ey * fy), minlength=n)
    finite = np.bincount(
        np.repeat(np.arange(n), counts), weights=~np.isfinite(xy).all(axis=1), minlength=n
    )
    last = start + counts - 1
    closed = np.zeros(n, dtype=bool)
    closed[ok] = (xy[start[ok]] == xy[last[ok]]).all(axis=1)
    one_turn = np.abs(turning) < 3 * np.pi  # once around is 2π, twice 4π
    same_way = (left == corners) | (right == corners)
    return ok & closed & (finite == 0) & same_way & one_turn


def strictly_convex(geoms: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    """Mark polygons (one ring, no holes) that are strictly convex by :func:`convex_rings`."""
    out = np.zeros(len(geoms), dtype=bool)
    cand = np.flatnonzero(
        (shapely.get_type_id(geoms) == _POLYGON) & (shapely.get_num_interior_rings(geoms) == 0)
    )
    if len(cand):
        out[cand] = convex_rings(*ring_coordinates(geoms[cand]))
    return out


def small_convex(geoms: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    """:func:`strictly_convex` polygons with at most :data:`MAX_CORNERS` corners."""
    return strictly_convex(geoms) & (shapely.get_num_coordinates(geoms) - 1 <= MAX_CORNERS)


def _padded(
    geoms: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Vertices of convex rings padded to ``(n, K, 2)`` by repeating the last distinct vertex.

    Returns the vertices and the number of distinct vertices per ring. Coordinates are taken
    relative to nothing; callers subtract their own origin.
    """
    xy, counts = ring_coordinates(geoms)
    m = counts - 1
    k_max = int(m.max()) if len(m) else 0
    start = np.cumsum(counts) - counts
    pick = start[:, None] + np.minimum(np.arange(k_max)[None, :], m[:, None] - 1)
    return xy[pick], m


def halfplane_area(
    geoms: npt.NDArray[np.object_],
    start: npt.NDArray[np.float64],
    end: npt.NDArray[np.float64],
    keep_left: npt.NDArray[np.bool_],
) -> npt.NDArray[np.float64]:
    """Area (m²) of each convex polygon on one side of the line through ``start`` -> ``end``.

    ``keep_left`` chooses the closed half-plane left of the line (else the right one). The
    polygon is clipped as Sutherland-Hodgman does (each vertex kept or dropped, a crossing point
    added where an edge crosses the line) and measured with the shoelace formula in coordinates
    relative to its first vertex. Polygons must have at most :data:`MAX_CORNERS` corners.
    """
    v, m = _padded(geoms)
    n, k_max = v.shape[:2]
    origin = v[:, :1, :]
    v = v - origin
    s = start[:, None, :] - origin
    e = end[:, None, :] - origin
    dx, dy = e[..., 0] - s[..., 0], e[..., 1] - s[..., 1]
    side = dx * (v[..., 1] - s[..., 1]) - dy * (v[..., 0] - s[..., 0])  # (n, K), left > 0
    side = np.where(keep_left[:, None], side, -side)
    k = np.arange(k_max)
    nxt = np.where(k[None, :] + 1 < m[:, None], k[None, :] + 1, 0)
    real = k[None, :] < m[:, None]  # padding repeats the last vertex: not an edge
    rows = np.arange(n)[:, None]
    d0, d1 = side, side[rows, nxt]
    v1 = v[rows, nxt]
    keep = real & (d0 >= 0)
    cross = real & (((d0 > 0) & (d1 < 0)) | ((d0 < 0) & (d1 > 0)))
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(cross, d0 / (d0 - d1), 0.0)
    hit = v + (v1 - v) * t[..., None]
    # Output sequence: per edge the kept start vertex, then the crossing point.
    pts = np.stack([v, hit], axis=2).reshape(n, 2 * k_max, 2)
    valid = np.stack([keep, cross], axis=2).reshape(n, 2 * k_max)
    pos = np.where(valid, np.arange(2 * k_max)[None, :], -1)
    filled = np.maximum.accumulate(pos, axis=1)
    filled = np.where(filled < 0, filled[:, -1:], filled)  # wrap: lead-in repeats the last
    seq = pts[rows, np.maximum(filled, 0)]
    x, y = seq[..., 0], seq[..., 1]
    x2, y2 = np.roll(x, -1, axis=1), np.roll(y, -1, axis=1)
    area = 0.5 * np.abs((x * y2 - x2 * y).sum(axis=1))
    return np.where(valid.any(axis=1), area, 0.0)
