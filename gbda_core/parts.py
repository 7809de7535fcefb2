"""Convex parts of element footprints, tabulated once, for the numpy tests of the engine.

A footprint that is a small strictly convex polygon (a box, a tree's octagon, a straight
strip) is its own single part. A strip with regular bends (see :mod:`gbda_core.strips`) is the
union of one convex quadrilateral per segment, with disjoint interiors; its centre-line segment
lies in that part. Other footprints are not split (count 0) and stay with GEOS.

Areas add up over parts, so an intersection with a footprint is the sum over its parts, and
two footprints are apart when every pair of their parts is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
import shapely

from gbda_core.convex import (
    ConvexTable,
    concat_tables,
    convex_quad_rings,
    convex_table,
    empty_table,
    quad_ccw,
    quad_table,
    rings_to_table,
    take,
)
from gbda_core.parallel import NUMPY_CHUNK, in_chunks
from gbda_core.strips import strip_outlines, strip_pieces


class Polygons(Protocol):
    """Polygons indexable by index arrays: an object array, or footprints built on request."""

    def __len__(self) -> int: ...

    def __getitem__(self, idx: npt.NDArray[np.intp], /) -> npt.NDArray[np.object_]: ...


@dataclass
class ConvexParts:
    """Convex parts of a list of footprints.

    Attributes
    ----------
    table
        One row per part; the parts of one footprint are consecutive rows (the table may hold
        rows no footprint uses, after a subset).
    first, count
        Per footprint: its first part's row and its number of parts (0: not split).
    axis
        ``(parts, 2, 2)``: the centre-line segment (m) inside each part of a line; NaN for
        parts of polygons and points.
    """

    table: ConvexTable
    first: npt.NDArray[np.intp]
    count: npt.NDArray[np.intp]
    axis: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.count)


def no_parts(n: int) -> ConvexParts:
    """Parts of ``n`` footprints none of which is split."""
    return ConvexParts(
        empty_table(),
        np.full(n, -1, dtype=np.intp),
        np.zeros(n, dtype=np.intp),
        np.zeros((0, 2, 2)),
    )


def _from_rows(
    n: int, owner: npt.NDArray[np.intp], table: ConvexTable, axis: npt.NDArray[np.float64]
) -> ConvexParts:
    """Parts from rows already ordered by their footprint (``owner``, ascending)."""
    count = np.bincount(owner, minlength=n).astype(np.intp)
    first = np.where(count > 0, np.cumsum(count) - count, -1).astype(np.intp)
    return ConvexParts(table, first, count, axis)


def polygon_parts(geoms: npt.NDArray[np.object_]) -> ConvexParts:
    """Each small strictly convex polygon as its own single part (bounded chunks, all cores)."""
    found = [result for _, result in in_chunks(convex_table, geoms, chunk=NUMPY_CHUNK)]
    ok = np.concatenate([ok for ok, _ in found]) if len(geoms) else np.zeros(0, dtype=bool)
    table = concat_tables([table for _, table in found])
    return _from_rows(
        len(geoms),
        np.flatnonzero(ok).astype(np.intp),
        table,
        np.full((len(table.corners), 2, 2), np.nan),
    )


def rings_parts(rings: npt.NDArray[np.float64]) -> ConvexParts:
    """Parts of polygons given by closed rings of one size ``(n, coordinates, 2)``.

    What :func:`polygon_parts` gives for the polygons of those rings, without making them.
    """
    n, k = rings.shape[:2]
    ok, table = rings_to_table(rings.reshape(-1, 2), np.full(n, k, dtype=np.int64))
    return _from_rows(
        n,
        np.flatnonzero(ok).astype(np.intp),
        table,
        np.full((len(table.corners), 2, 2), np.nan),
    )


def strip_parts(lines: npt.NDArray[np.object_], half_width: npt.NDArray[np.float64]) -> ConvexParts:
    """Split strips with regular bends into a quadrilateral per segment, with its centre line.

    A line is split only when its strip is regular (see :func:`strip_outlines`) and every
    quadrilateral is strictly convex by :func:`gbda_core.convex.convex_rings`.
    """
    counts = shapely.get_num_coordinates(lines).astype(np.int64)
    xy = shapely.get_coordinates(lines)
    left, right, regular = strip_outlines(xy, counts, half_width)
    quads, quad_line = strip_pieces(left, right, counts)
    not_last = np.ones(len(xy), dtype=bool)
    not_last[np.cumsum(counts) - 1] = False
    start = np.flatnonzero(not_last)  # segment v runs from vertex v, as in strip_pieces
    axis = np.stack([xy[start], xy[start + 1]], axis=1).reshape(-1, 2, 2)
    quad_ok, table = quad_table(quads)
    bad = np.bincount(quad_line[~quad_ok], minlength=len(counts)) > 0
    split = regular & ~bad
    keep = split[quad_line][quad_ok]  # rows of the table are the convex quads
    return _from_rows(
        len(lines), quad_line[quad_ok][keep].astype(np.intp), take(table, np.flatnonzero(keep)),
        axis[quad_ok][keep],
    )  # fmt: skip


def merge_parts(n: int, groups: list[tuple[npt.NDArray[np.intp], ConvexParts]]) -> ConvexParts:
    """Parts of ``n`` footprints from the parts of disjoint subsets (footprint indices).

    The groups' tables are put one after another (a single group's table is kept as is);
    only each footprint's parts need be consecutive rows, not the footprints in order.
    """
    groups = [(idx, p) for idx, p in groups if len(idx) and p.count.any()]
    first = np.full(n, -1, dtype=np.intp)
    count = np.zeros(n, dtype=np.intp)
    if not groups:
        return no_parts(n)
    offset = 0
    for idx, p in groups:
        first[idx] = np.where(p.count > 0, p.first + offset, -1)
        count[idx] = p.count
        offset += len(p.table.corners)
    if len(groups) == 1:
        return ConvexParts(groups[0][1].table, first, count, groups[0][1].axis)
    return ConvexParts(
        concat_tables([p.table for _, p in groups]),
        first,
        count,
        np.concatenate([p.axis for _, p in groups]),
    )


def concat_parts(parts: list[ConvexParts]) -> ConvexParts:
    """Parts of footprint lists one after another."""
    n = sum(len(p) for p in parts)
    starts = np.cumsum([0] + [len(p) for p in parts])
    return merge_parts(
        n, [(np.arange(s, s + len(p)), p) for p, s in zip(parts, starts, strict=False)]
    )


def convex_quads(
    geoms: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.intp], ConvexTable]:
    """Tabulate the polygons that are strictly convex quadrilaterals (boxes, straight strips).

    Returns each geometry's row in the table (-1 for the others) and the table. Such a polygon
    is valid (a strictly convex ring is simple), so the numpy test also spares a GEOS validity
    check, and its table row serves the engine's pair tests later. Runs on all cores.
    """
    row = np.full(len(geoms), -1, dtype=np.intp)
    # The threads write into arrays made here, so that what they keep is not left behind in
    # their own allocator arenas (which glibc does not give back) once they are done.
    vertices = np.empty((len(geoms), 4, 2))
    ok = np.zeros(len(geoms), dtype=bool)
    ccw = np.zeros(len(geoms), dtype=bool)

    def check(part: npt.NDArray[np.intp]) -> None:
        # Five coordinates make one ring: a hole would need four more.
        found = part[
            (shapely.get_type_id(geoms[part]) == 3)
            & (shapely.get_num_coordinates(geoms[part]) == 5)
        ]
        ring = shapely.get_coordinates(geoms[found]).reshape(-1, 5, 2)
        ok[found] = convex_quad_rings(ring)
        vertices[found] = ring[:, :4]
        ccw[found] = quad_ccw(ring[:, :4])

    in_chunks(check, np.arange(len(geoms)), chunk=8 * NUMPY_CHUNK)
    row[ok] = np.arange(int(ok.sum()))
    if not ok.all():
        vertices, ccw = vertices[ok], ccw[ok]
    return row, ConvexTable(vertices, np.full(len(vertices), 4, dtype=np.int64), ccw)


def split_footprints(
    idx: npt.NDArray[np.intp],
    footprint: Polygons,
    original: npt.NDArray[np.object_],
    is_line: npt.NDArray[np.bool_],
    strip_half_width: npt.NDArray[np.float64],
    quads: tuple[npt.NDArray[np.intp], ConvexTable] | None = None,
) -> ConvexParts:
    """Convex parts of the footprints ``idx`` (parts by position in ``idx``).

    Strips with bends (``strip_half_width`` set) are split per segment; other footprints are
    their own part where they are small and strictly convex: taken from ``quads`` (row per
    footprint, -1 for none, and table; tabulated when the footprints were built) where it
    has them, else tested here.
    Parts of lines carry their centre line; so only straight two-vertex lines and strips with
    bends are split.
    """
    n = len(idx)
    pos = np.arange(n)
    bent = ~np.isnan(strip_half_width[idx])
    line = is_line[idx]
    straight = np.zeros(n, dtype=bool)
    straight[line] = shapely.get_num_coordinates(original[idx[line]]) == 2
    quad_row, table = quads if quads is not None else (np.full(len(footprint), -1), empty_table())
    rows = quad_row[idx]
    known = rows >= 0
    other = ~bent & (~line | straight) & ~known
    built = polygon_parts(footprint[idx[other]])
    tabulated = _from_rows(
        int(known.sum()),
        np.arange(int(known.sum()), dtype=np.intp),
        take(table, rows[known]),
        np.full((int(known.sum()), 2, 2), np.nan),
    )
    for done, where in ((built, other), (tabulated, known)):
        axis = np.flatnonzero(straight[where] & (done.count > 0))
        done.axis[done.first[axis]] = shapely.get_coordinates(original[idx[where][axis]]).reshape(
            -1, 2, 2
        )
    strips = in_chunks(
        lambda chunk: strip_parts(original[chunk], strip_half_width[chunk]),
        idx[bent],
        chunk=NUMPY_CHUNK,
    )
    return merge_parts(
        n,
        [
            (pos[known], tabulated),
            (pos[other], built),
            (pos[bent], concat_parts([s for _, s in strips])),
        ],
    )


def part_pairs(
    parts: ConvexParts, i: npt.NDArray[np.intp], j: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Every pair of parts of the footprint pairs (i, j) (both split).

    Returns the part rows of each side and the footprint pair each part pair belongs to, in
    pair order and then part order.
    """
    ni, nj = parts.count[i], parts.count[j]
    total = ni * nj
    if (total == 1).all():  # footprints that are their own single part: no temporaries
        return parts.first[i].astype(np.intp), parts.first[j].astype(np.intp), np.arange(len(i))
    pair = np.repeat(np.arange(len(i)), total)
    k = np.arange(len(pair)) - np.repeat(np.cumsum(total) - total, total)
    return (
        (parts.first[i][pair] + k // nj[pair]).astype(np.intp),
        (parts.first[j][pair] + k % nj[pair]).astype(np.intp),
        pair.astype(np.intp),
    )


def part_rows(
    parts: ConvexParts, i: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Return the part rows of footprints ``i`` (split ones) and the entry of ``i`` of each."""
    c = parts.count[i]
    entry = np.repeat(np.arange(len(i)), c)
    k = np.arange(len(entry)) - np.repeat(np.cumsum(c) - c, c)
    return (parts.first[i][entry] + k).astype(np.intp), entry.astype(np.intp)
