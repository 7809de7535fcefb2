"""Find which geometries lie in which regions, fast, and whether wholly inside.

Most elements lie well inside one area. A grid tells them apart without any geometry work:
cells that no region boundary passes through are wholly inside or wholly outside every region,
and touching boundary-free cells share their regions, so one point-in-polygon test per *patch*
of such cells settles all elements in it. Elements in cells a
boundary passes through take the exact path: an STRtree of short boundary segments finds those
that meet a boundary, and one vertex decides inside or outside for the rest.
"""

from __future__ import annotations

import itertools
from functools import partial

import numpy as np
import numpy.typing as npt
import shapely
from scipy import ndimage

from gbda_core.convex import (
    ORIENTATION_MARGIN,
    OVERLAPPING,
    UNDECIDED,
    ConvexTable,
    empty_table,
    segment_relate,
)
from gbda_core.parallel import NUMPY_CHUNK, elementwise, in_chunks, query_envelopes
from gbda_core.parts import Polygons

#: Grid cell size (m) for the quick inside test.
CELL_SIZE = 100.0
#: Elements whose envelope spans up to this many cells per axis can take the fast path.
MAX_SPAN = 4
#: Largest grid (cells); over larger extents the cells grow so the grid stays this small.
MAX_CELLS = 16_000_000
#: Boundary samples marked at once (bounded temporaries).
SAMPLE_CHUNK = 65_536
#: Boundary samples count as this fraction of a cell wide (far above their rounding error).
EDGE_MARGIN = 1e-6

_EMPTY = np.empty(0, dtype=np.intp)

#: (region index, geometry index, wholly inside, border segment) per pair that meets.
BorderPairs = tuple[
    npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.bool_], npt.NDArray[np.intp]
]


class RegionIndex:
    """Spatial index of (prepared) region polygons, built once and queried per element batch."""

    def __init__(self, regions: npt.NDArray[np.object_], cell_size: float = CELL_SIZE) -> None:
        self.regions = regions
        shapely.prepare(regions)
        self.tree = shapely.STRtree(regions)
        self.segments, self.segment_region, self.segment_left = _boundary_segments(regions)
        self.segment_xy = shapely.get_coordinates(self.segments).reshape(-1, 2, 2)
        self.segment_tree = shapely.STRtree(self.segments)
        nonempty = regions[~shapely.is_empty(regions)] if len(regions) else regions
        self.bounds = shapely.total_bounds(nonempty) if len(nonempty) else np.full(4, np.nan)
        width, height = (
            (0.0, 0.0)
            if np.isnan(self.bounds).any()
            else (self.bounds[2] - self.bounds[0], self.bounds[3] - self.bounds[1])
        )
        self.cell = max(float(cell_size), float(np.sqrt(width * height / MAX_CELLS)))
        self.nx = int(np.ceil(width / self.cell)) + 3
        self.ny = int(np.ceil(height / self.cell)) + 3
        self.boundary_grid = self._boundary_grid()
        # 4-connected patches of boundary-free cells lie in the same regions.
        self.patches, self.n_patches = ndimage.label(~self.boundary_grid)

    def pairs(
        self, geoms: npt.NDArray[np.object_]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
        """Return (region index, geometry index, wholly inside) for every pair that meets."""
        region_idx, geom_idx, inside, _ = self.pairs_with_borders(geoms)
        return region_idx, geom_idx, inside

    def pairs_with_borders(
        self,
        geoms: Polygons,
        bounds: npt.NDArray[np.float64] | None = None,
        quads: tuple[npt.NDArray[np.intp], ConvexTable] | None = None,
        single: npt.NDArray[np.bool_] | None = None,
    ) -> BorderPairs:
        """Like :meth:`pairs`, plus the border of each crossing pair when it is one segment.

        The fourth array gives, per pair, the index (into ``segments``) of the only boundary
        segment of that region that meets the geometry; -1 where the geometry is wholly inside,
        is multi-part, or meets more than one boundary segment of the region. Within the
        geometry, that region's boundary is then a straight chord, so the region covers the
        geometry's part on one side of it (``segment_left`` says which). ``bounds`` are
        ``shapely.bounds(geoms)`` when already known; ``quads`` the row of each geometry in a
        table of its convex polygon (-1: none) and the table, when there is one: those rows
        are tested against the borders in numpy first. ``single`` marks geometries known to
        be one polygon (tabulated ones are).
        """
        empty_bool = np.empty(0, dtype=bool)
        if len(self.regions) == 0 or len(geoms) == 0 or np.isnan(self.bounds).any():
            return _EMPTY, _EMPTY, empty_bool, _EMPTY
        if bounds is None:
            bounds = np.asarray(shapely.bounds(geoms[np.arange(len(geoms))]))
        rows, table = quads if quads is not None else (np.full(len(geoms), -1), empty_table())
        single = rows >= 0 if single is None else single | (rows >= 0)
        # Chunks small enough for the cache (the look-ups run over several arrays), on all cores.
        found = in_chunks(
            lambda c: self._grid_cells(geoms, np.take(bounds, c, axis=0), single[c], c),
            np.arange(len(geoms)),
            chunk=4 * NUMPY_CHUNK,
        )
        fast = np.concatenate([f for _, (f, _) in found])
        cell_key = np.concatenate([k for _, (_, k) in found])
        r_fast, g_fast = self._cell_pairs(np.flatnonzero(fast), cell_key[fast])
        slow = np.flatnonzero(~fast)
        slow_geoms = geoms[slow]
        present = ~shapely.is_empty(slow_geoms)
        slow = slow[present]
        r_slow, g_slow, in_slow, border = self._exact_pairs(
            slow_geoms[present], bounds[slow], rows[slow], table
        )
        region_idx = np.concatenate([r_fast, r_slow]).astype(np.intp)
        geom_idx = np.concatenate([g_fast, slow[g_slow]]).astype(np.intp)
        inside = np.concatenate([np.ones(len(r_fast), dtype=bool), in_slow])
        border = np.concatenate([np.full(len(r_fast), -1, dtype=np.intp), border])
        return region_idx, geom_idx, inside, border

    def _key(self, ix: npt.NDArray[np.int64], iy: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        return ix * self.ny + iy

    def _boundary_grid(self) -> npt.NDArray[np.bool_]:
        """Mark every cell a region boundary passes through (and a few more).

        Each boundary segment is sampled at most half a cell apart, so two consecutive samples
        lie in the same or in touching cells, and the piece of segment between them lies in
        the (at most 2 x 2) block of cells they span: that block is marked. Samples are also
        moved by a tiny margin both ways, so a boundary on a cell edge marks the cells on both
        sides (and float rounding of the samples cannot miss a cell).
        """
        grid = np.zeros((self.nx, self.ny), dtype=bool)
        coords = self.segment_xy
        if len(coords) == 0:
            return grid
        start, end = coords[:, 0], coords[:, 1]
        steps = np.ceil(np.hypot(*(end - start).T) / (self.cell / 2)).astype(np.int64) + 1
        # Segments in groups of about SAMPLE_CHUNK samples: the temporaries stay small and are
        # reused, instead of a few arrays of millions of samples mapped anew.
        ends = np.cumsum(steps)
        cuts = np.searchsorted(ends, np.arange(SAMPLE_CHUNK, int(ends[-1]), SAMPLE_CHUNK))
        for lo, hi in itertools.pairwise([0, *np.unique(cuts).tolist(), len(coords)]):
            if hi > lo:
                self._mark_samples(grid, start[lo:hi], end[lo:hi], steps[lo:hi])
        return grid

    def _mark_samples(
        self,
        grid: npt.NDArray[np.bool_],
        start: npt.NDArray[np.float64],
        end: npt.NDArray[np.float64],
        steps: npt.NDArray[np.int64],
    ) -> None:
        """Mark the cells of these segments (``steps`` samples each) in ``grid``."""
        seg = np.repeat(np.arange(len(start)), steps)
        t = (np.arange(steps.sum()) - np.repeat(np.cumsum(steps) - steps, steps)) / np.repeat(
            np.maximum(steps - 1, 1), steps
        )
        pts = start[seg] + (end - start)[seg] * t[:, None]
        nxt = np.minimum(np.arange(len(pts)) + 1, len(pts) - 1)
        nxt = np.where(seg[nxt] == seg, nxt, np.arange(len(pts)))  # last sample: itself
        margin = self.cell * EDGE_MARGIN
        lo = np.minimum(pts, pts[nxt]) - margin
        hi = np.maximum(pts, pts[nxt]) + margin
        ix0, iy0 = self._cell_index(lo[:, 0], lo[:, 1])
        ix1, iy1 = self._cell_index(hi[:, 0], hi[:, 1])
        # Samples are less than a cell apart: each block spans at most 2 cells per axis.
        for x in (ix0, ix1):
            for y in (iy0, iy1):
                grid[x, y] = True

    def _cell_index(
        self, x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        # One cell of margin keeps boundary samples moved out by EDGE_MARGIN inside the grid.
        ix = np.floor((x - self.bounds[0]) / self.cell).astype(np.int64) + 1
        iy = np.floor((y - self.bounds[1]) / self.cell).astype(np.int64) + 1
        return ix, iy

    def _grid_cells(
        self,
        geoms: Polygons,
        bounds: npt.NDArray[np.float64] | None = None,
        single: npt.NDArray[np.bool_] | None = None,
        rows: npt.NDArray[np.intp] | None = None,
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
        """Mark single-part geometries whose envelope lies in boundary-free cells only.

        ``single`` marks geometries known to be single polygons (the others are counted).
        With ``rows``, only those geometries are marked (``bounds`` and ``single`` are theirs).
        """
        rows = np.arange(len(geoms)) if rows is None else rows
        b = shapely.bounds(geoms[rows]) if bounds is None else bounds.copy()
        within = (
            (b[:, 0] >= self.bounds[0])
            & (b[:, 1] >= self.bounds[1])
            & (b[:, 2] <= self.bounds[2])
            & (b[:, 3] <= self.bounds[3])
        )
        # Envelopes reaching outside the regions' bounds (and empty ones) go the exact way; the
        # cell indices of the others lie inside the grid.
        b[~within] = self.bounds
        ix0, iy0 = self._cell_index(b[:, 0], b[:, 1])
        ix1, iy1 = self._cell_index(b[:, 2], b[:, 3])
        grid = self.boundary_grid
        # Most envelopes span one or two cells per axis: four look-ups settle them.
        x1, y1 = np.minimum(ix1, ix0 + 1), np.minimum(iy1, iy0 + 1)
        near = grid[ix0, iy0] | grid[x1, iy0] | grid[ix0, y1] | grid[x1, y1]
        span_x, span_y = ix1 - ix0, iy1 - iy0
        wide = np.flatnonzero((span_x > 1) | (span_y > 1))
        near[wide[(span_x[wide] >= MAX_SPAN) | (span_y[wide] >= MAX_SPAN)]] = True
        for dx in range(MAX_SPAN):
            for dy in range(MAX_SPAN):
                sel = wide[(dx <= span_x[wide]) & (dy <= span_y[wide])]
                near[sel] |= grid[ix0[sel] + dx, iy0[sel] + dy]
        fast = within & ~near
        ask = np.flatnonzero(fast if single is None else fast & ~single)
        fast[ask] = shapely.get_num_geometries(geoms[rows[ask]]) == 1
        return fast, self._key(ix0, iy0)

    def _cell_pairs(
        self, geom_idx: npt.NDArray[np.intp], keys: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """Pairs for fast geometries: the regions that contain their cell's centre."""
        if len(geom_idx) == 0:
            return _EMPTY, _EMPTY
        # Boundary-free cells that touch share their regions: one test per patch of them.
        patch = self.patches[keys // self.ny, keys % self.ny]
        seen = np.full(self.n_patches + 1, -1, dtype=np.int64)
        seen[patch[::-1]] = np.arange(len(patch))[::-1]  # first geometry in each patch
        comps = np.flatnonzero(seen >= 0)
        lookup = np.zeros(self.n_patches + 1, dtype=np.int64)
        lookup[comps] = np.arange(len(comps))
        comp_of = lookup[patch]
        first_key = keys[seen[comps]]
        cx = (first_key // self.ny - 1 + 0.5) * self.cell + self.bounds[0]
        cy = (first_key % self.ny - 1 + 0.5) * self.cell + self.bounds[1]
        c_idx, r_idx = query_envelopes(self.tree, shapely.points(cx, cy))
        hit = shapely.contains_xy(self.regions[r_idx], cx[c_idx], cy[c_idx])
        c_idx, r_idx = c_idx[hit], r_idx[hit]
        order = np.argsort(c_idx, kind="stable")
        r_sorted = r_idx[order]
        per_comp = np.bincount(c_idx, minlength=len(comps))
        first = (np.cumsum(per_comp) - per_comp)[comp_of]
        count = per_comp[comp_of]
        offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        return r_sorted[np.repeat(first, count) + offsets], np.repeat(geom_idx, count)

    def _exact_pairs(
        self,
        geoms: npt.NDArray[np.object_],
        bounds: npt.NDArray[np.float64],
        rows: npt.NDArray[np.intp],
        table: ConvexTable,
    ) -> BorderPairs:
        """Pairs by boundary segments (crossing) and one vertex (wholly inside).

        ``rows`` give each geometry's row in ``table`` (-1: none), as in
        :meth:`pairs_with_borders`.
        """
        if len(geoms) == 0:
            return _EMPTY, _EMPTY, np.empty(0, dtype=bool), _EMPTY
        n = len(geoms)
        g_idx, s_idx = query_envelopes(self.segment_tree, geoms)
        # A segment whose line passes by a geometry's envelope cannot meet the geometry.
        # np.take gathers rows several times faster than fancy indexing.
        near = ~line_misses_box(
            np.take(self.segment_xy, s_idx, axis=0), np.take(bounds, g_idx, axis=0)
        )
        g_idx, s_idx = g_idx[near], s_idx[near]
        # Tabulated convex polygons are told apart from segments in numpy; GEOS decides the
        # rest (GEOS reads scattered geometries slowly, the table is one array).
        meets = np.zeros(len(g_idx), dtype=bool)
        ask = np.ones(len(g_idx), dtype=bool)
        tab = np.flatnonzero(rows[g_idx] >= 0)
        how = elementwise(
            partial(segment_relate, table), rows[g_idx[tab]], self.segment_xy[s_idx[tab]],
            chunk=NUMPY_CHUNK,
        )  # fmt: skip
        meets[tab] = how == OVERLAPPING
        ask[tab] = how == UNDECIDED
        ask = np.flatnonzero(ask)
        meets[ask] = elementwise(shapely.intersects, geoms[g_idx[ask]], self.segments[s_idx[ask]])
        g_idx, s_idx = g_idx[meets], s_idx[meets]
        keys, first, count = np.unique(
            self.segment_region[s_idx].astype(np.int64) * n + g_idx,
            return_index=True,
            return_counts=True,
        )
        border = np.where(count == 1, s_idx[first], -1)
        multi = np.flatnonzero(shapely.get_num_geometries(geoms) > 1)
        if len(multi):
            # Multi-part geometries: every region they meet counts as crossed.
            m, r_m = self.tree.query(geoms[multi], predicate="intersects")
            multi_keys = r_m.astype(np.int64) * n + multi[m]
            keys = np.concatenate([keys, multi_keys])
            border = np.concatenate([border, np.full(len(multi_keys), -1)])
            keys, at = np.unique(keys, return_index=True)
            border = border[at]
            border[np.isin(keys % n, multi)] = -1
        # One vertex of each: its table row's first, which is its first coordinate, or GEOS's.
        vertex = np.full((n, 2), np.nan)
        tabulated = rows >= 0
        vertex[tabulated] = table.vertices[rows[tabulated], 0]
        others = np.flatnonzero(~tabulated)
        counts = shapely.get_num_coordinates(geoms[others])
        xy = shapely.get_coordinates(geoms[others])
        has = counts > 0
        vertex[others[has]] = xy[(np.cumsum(counts) - counts)[has]]
        g_cand, r_cand = query_envelopes(self.tree, geoms)
        hit = shapely.contains_xy(self.regions[r_cand], vertex[g_cand, 0], vertex[g_cand, 1])
        in_keys = r_cand[hit].astype(np.int64) * n + g_cand[hit]
        # Crossing pairs were decided above; multi-part ones are all decided exactly.
        is_multi = np.zeros(n, dtype=bool)
        is_multi[multi] = True
        in_keys = in_keys[~np.isin(in_keys, keys) & ~is_multi[in_keys % n]]
        all_keys = np.concatenate([in_keys, keys])
        return (
            (all_keys // n).astype(np.intp),
            (all_keys % n).astype(np.intp),
            np.concatenate([np.ones(len(in_keys), bool), np.zeros(len(keys), bool)]),
            np.concatenate([np.full(len(in_keys), -1), border]).astype(np.intp),
        )


def line_misses_box(
    segment: npt.NDArray[np.float64], box: npt.NDArray[np.float64]
) -> npt.NDArray[np.bool_]:
    """Mark segments ``(n, 2, 2)`` whose line provably passes by the box (xmin, ymin, xmax, ymax).

    All four corners lie strictly on one side of the line, by more than the rounding margin
    of the cross products (see :mod:`gbda_core.convex`); False means "not proven".
    """
    x0, y0 = segment[:, 0, 0], segment[:, 0, 1]
    dx, dy = segment[:, 1, 0] - x0, segment[:, 1, 1] - y0
    above = np.ones(len(segment), dtype=bool)
    below = np.ones(len(segment), dtype=bool)
    with np.errstate(invalid="ignore", over="ignore"):  # NaN and inf prove nothing
        for cx, cy in ((0, 1), (2, 1), (0, 3), (2, 3)):
            p, q = dx * (box[:, cy] - y0), dy * (box[:, cx] - x0)
            margin = ORIENTATION_MARGIN * (np.abs(p) + np.abs(q))
            above &= p - q > margin
            below &= p - q < -margin
    return np.asarray(above | below)


def _boundary_segments(
    regions: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """Split region boundaries into two-point segments.

    Returns the segments, the region of each, and whether the region lies to the left of
    the segment (from its ring's orientation: left of a counter-clockwise shell, left of a
    clockwise hole).
    """
    polys, poly_region = shapely.get_parts(regions, return_index=True)
    keep = (shapely.get_type_id(polys) == 3) & ~shapely.is_empty(polys)
    polys, poly_region = polys[keep], poly_region[keep]
    rings, ring_poly = shapely.get_rings(polys, return_index=True)
    shell = np.r_[True, ring_poly[1:] != ring_poly[:-1]]
    left = shapely.is_ccw(rings) == shell
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    same = coord_ring[:-1] == coord_ring[1:]
    segments = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], axis=1))
    ring = coord_ring[:-1][same]
    return segments, poly_region[ring_poly[ring]], left[ring]
