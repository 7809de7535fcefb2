"""Mitred strips of lines with bends, built with numpy where they equal GEOS's buffer.

GEOS buffers a line (flat caps, mitre joins) by walking an offset curve: on each side an offset
line per segment, joined at each bend by the mitre point (where the offset lines meet), then
cleaning that curve up. Where every bend is *regular* the curve needs no cleaning, and the strip
is the polygon through the offset and mitre points: left side forward, right side back. A bend
is regular when

- its mitre stays within the mitre limit (else GEOS bevels it);
- it turns clearly (GEOS replaces an almost straight bend by a single offset point);
- its inner mitre point lies on both inner offset segments, well inside (else GEOS adds loops);
- the vertex sticks out from the chord of its neighbours by more than GEOS's input
  simplification tolerance (1 % of the half-width), which would otherwise drop it;

and every segment is long enough that its two ends' mitres do not cross. Then the strip is the
union of one convex quadrilateral per segment (cut off by the bisectors of its bends), on
alternate sides of each bisector, so for a line with one bend the polygon is simple and its area
is length x width exactly. With more bends the strip could still fold over itself (a hairpin), so
those polygons are built only when GEOS finds them valid (simple). Margins keep every test far
from the edge where float rounding could flip it; lines that fail go through ``shapely.buffer``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

#: Mitre limit for line joins (shapely default); sharper bends are bevelled by GEOS.
MITRE_LIMIT = 5.0
#: GEOS simplifies buffer input lines with this fraction of the half-width as tolerance.
SIMPLIFY_FACTOR = 0.01
#: GEOS joins an outer bend with one point when the offset ends are this close (x half-width).
SEPARATION_FACTOR = 1e-3
#: Safety factor on the GEOS thresholds above (a regular bend is twice as far from them).
SAFETY = 2.0
#: Relative margin on the mitre limit and on segment lengths.
MARGIN = 1e-6


def strip_outlines(
    xy: npt.NDArray[np.float64],
    counts: npt.NDArray[np.int64],
    half_width: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Left and right outline points (m) per line vertex, and whether the strip is regular.

    ``xy`` holds the lines' vertices one line after another (``counts`` each, at least 3);
    ``half_width`` is per line. The left outline of a line is its start offset, the mitre points
    of its bends and its end offset; the right outline mirrors it. The third array is True for
    lines whose strip equals GEOS's buffer by the rules in the module docstring (lines with more
    than one bend must still be checked for simplicity).
    """
    n, m = len(counts), len(xy)
    owner = np.repeat(np.arange(n), counts)
    start = np.cumsum(counts) - counts
    pos = np.arange(m) - start[owner]
    last = pos == counts[owner] - 1
    inner = (pos > 0) & ~last  # bends: between segment v - 1 and segment v
    d = half_width[owner]
    x, y = xy[:, 0], xy[:, 1]
    # Segment v runs from vertex v to v + 1 (not from a line's last vertex).
    dx, dy = np.empty(m), np.empty(m)
    dx[:-1], dy[:-1] = x[1:] - x[:-1], y[1:] - y[:-1]
    dx[last] = dy[last] = np.nan
    length = np.hypot(dx, dy)
    with np.errstate(invalid="ignore", divide="ignore"):
        ux, uy = dx / length, dy / length  # the normal (left) is (-uy, ux)
        px, py = np.roll(ux, 1), np.roll(uy, 1)  # the segment before
        cos = np.where(inner, px * ux + py * uy, 1.0)
        sin = np.where(inner, px * uy - py * ux, 0.0)
        scale = 1.0 / (1.0 + cos)
        tan_half = sin * scale
        # Offset direction: the normal at the ends, the mitre (n0 + n1) / (1 + cos) at bends.
        ox = np.where(pos == 0, -uy, np.where(last, -py, (-py - uy) * scale))
        oy = np.where(pos == 0, ux, np.where(last, px, (px + ux) * scale))
    left = np.stack([x + d * ox, y + d * oy], axis=1)
    right = np.stack([x - d * ox, y - d * oy], axis=1)

    # Bends: mitre within the limit, a clear turn, inner mitre well inside both segments, and a
    # vertex that the simplification keeps.
    prev_len = np.roll(length, 1)
    reach = d * np.abs(tan_half)
    min_cos = 2.0 / (MITRE_LIMIT * (1 - MARGIN)) ** 2 - 1.0
    chord = np.full(m, np.inf)
    at = np.flatnonzero(inner)
    chord[at] = _distance_to_segment(xy[at], xy[at - 1], xy[at + 1])
    with np.errstate(invalid="ignore"):
        bend_ok = (
            (cos >= min_cos)
            & ((cos <= 0) | (np.abs(sin) >= SAFETY * SEPARATION_FACTOR))
            & (reach * (1 + MARGIN) < prev_len)
            & (reach * (1 + MARGIN) < length)
            & (chord >= SAFETY * SIMPLIFY_FACTOR * d)
        )
        # Segments: long enough that the mitres at both ends keep their order on each side.
        t_start = np.where(inner, tan_half, 0.0)
        t_end = np.roll(t_start, -1)
        seg_ok = length >= d * np.abs(t_start + t_end) * (1 + MARGIN) + (
            SAFETY * SEPARATION_FACTOR * d
        )
    good = np.where(inner, bend_ok, True) & np.where(last, True, seg_ok)
    good &= np.isfinite(ox) & np.isfinite(oy) & np.isfinite(x) & np.isfinite(y)
    bad_lines = np.bincount(owner[~good], minlength=n)
    return left, right, (bad_lines == 0) & (counts >= 3)


def _distance_to_segment(
    p: npt.NDArray[np.float64], a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Distance (m) from each point p to the segment a-b."""
    abx, aby = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
    apx, apy = p[:, 0] - a[:, 0], p[:, 1] - a[:, 1]
    span = abx * abx + aby * aby
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(span > 0, np.clip((apx * abx + apy * aby) / span, 0.0, 1.0), 0.0)
    return np.asarray(np.hypot(apx - abx * t, apy - aby * t))


def strip_rings(
    left: npt.NDArray[np.float64],
    right: npt.NDArray[np.float64],
    counts: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Return the strips' closed rings (clockwise): left outline forward, right one back.

    Returns the ring coordinates one after another and the number per ring (2 k + 1 for k
    vertices).
    """
    n = len(counts)
    size = 2 * counts + 1
    owner = np.repeat(np.arange(n), size)
    r = np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size)
    k, first = counts[owner], (np.cumsum(counts) - counts)[owner]
    # Rows of [left; right]: the left outline forward, the right one back, the first again.
    at = np.where(r < k, first + r, np.where(r < 2 * k, len(left) + first + 2 * k - 1 - r, first))
    return np.concatenate([left, right])[at], size


def strip_pieces(
    left: npt.NDArray[np.float64],
    right: npt.NDArray[np.float64],
    counts: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]:
    """Return the convex quadrilateral of each segment of regular strips, ``(segments, 5, 2)``.

    Each runs left outline forward, right outline back, closed; returns them and the line
    index of each. Their union is the strip and their interiors are disjoint.
    """
    n = len(counts)
    owner = np.repeat(np.arange(n), counts)
    last = np.arange(len(owner)) == (np.cumsum(counts) - 1)[owner]
    v = np.flatnonzero(~last)
    quads = np.stack([left[v], left[v + 1], right[v + 1], right[v], left[v]], axis=1)
    return quads, owner[v].astype(np.intp)
