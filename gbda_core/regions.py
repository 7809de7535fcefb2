"""Find which geometries lie in which regions, fast, and whether wholly inside.

Most elements lie well inside one area. A grid tells them apart without any geometry work:
cells that no region boundary passes through are wholly inside or wholly outside every region,
and touching boundary-free cells share their regions, so one point-in-polygon test per *patch*
of such cells settles all elements in it. Elements in cells a
boundary passes through take the exact path: an STRtree of short boundary segments finds those
that meet a boundary, and one vertex decides inside or outside for the rest.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely
from scipy import ndimage

from gbda_core.parallel import elementwise, query_envelopes

#: Grid cell size (m) for the quick inside test.
CELL_SIZE = 100.0
#: Elements whose envelope spans up to this many cells per axis can take the fast path.
MAX_SPAN = 4
#: Largest grid (cells); over larger extents the cells grow so the grid stays this small.
MAX_CELLS = 16_000_000

_EMPTY = np.empty(0, dtype=np.intp)


class RegionIndex:
    """Spatial index of (prepared) region polygons, built once and queried per element batch."""

    def __init__(self, regions: npt.NDArray[np.object_], cell_size: float = CELL_SIZE) -> None:
        self.regions = regions
        shapely.prepare(regions)
        self.tree = shapely.STRtree(regions)
        self.segments, self.segment_region = _boundary_segments(regions)
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
        self.patches, _ = ndimage.label(~self.boundary_grid)

    def pairs(
        self, geoms: npt.NDArray[np.object_]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
        """Return (region index, geometry index, wholly inside) for every pair that meets."""
        if len(self.regions) == 0 or len(geoms) == 0 or np.isnan(self.bounds).any():
            return _EMPTY, _EMPTY, np.empty(0, dtype=bool)
        fast, cell_key = self._grid_cells(geoms)
        r_fast, g_fast = self._cell_pairs(np.flatnonzero(fast), cell_key[fast])
        slow = np.flatnonzero(~fast & ~shapely.is_empty(geoms))
        r_slow, g_slow, in_slow = self._exact_pairs(geoms[slow])
        region_idx = np.concatenate([r_fast, r_slow]).astype(np.intp)
        geom_idx = np.concatenate([g_fast, slow[g_slow]]).astype(np.intp)
        inside = np.concatenate([np.ones(len(r_fast), dtype=bool), in_slow])
        return region_idx, geom_idx, inside

    def _key(self, ix: npt.NDArray[np.int64], iy: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        return ix * self.ny + iy

    def _boundary_grid(self) -> npt.NDArray[np.bool_]:
        """Mark every cell a region boundary may pass through.

        Boundaries are sampled at most half a cell apart; a boundary through a cell then has a
        sample in that cell or a neighbouring one, so marking each sample's 3 x 3 block is safe.
        """
        grid = np.zeros((self.nx, self.ny), dtype=bool)
        coords = shapely.get_coordinates(self.segments).reshape(-1, 2, 2)
        if len(coords) == 0:
            return grid
        start, end = coords[:, 0], coords[:, 1]
        steps = np.ceil(np.hypot(*(end - start).T) / (self.cell / 2)).astype(np.int64) + 1
        seg = np.repeat(np.arange(len(coords)), steps)
        t = (np.arange(steps.sum()) - np.repeat(np.cumsum(steps) - steps, steps)) / np.repeat(
            np.maximum(steps - 1, 1), steps
        )
        pts = start[seg] + (end - start)[seg] * t[:, None]
        ix, iy = self._cell_index(pts[:, 0], pts[:, 1])
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                grid[ix + dx, iy + dy] = True
        return grid

    def _cell_index(
        self, x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        # One cell of margin keeps the 3 x 3 blocks at the edge non-negative.
        ix = np.floor((x - self.bounds[0]) / self.cell).astype(np.int64) + 1
        iy = np.floor((y - self.bounds[1]) / self.cell).astype(np.int64) + 1
        return ix, iy

    def _grid_cells(
        self, geoms: npt.NDArray[np.object_]
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
        """Mark single-part geometries whose envelope lies in boundary-free cells only."""
        b = shapely.bounds(geoms)
        ix0, iy0 = self._cell_index(b[:, 0], b[:, 1])
        ix1, iy1 = self._cell_index(b[:, 2], b[:, 3])
        within = (
            (b[:, 0] >= self.bounds[0])
            & (b[:, 1] >= self.bounds[1])
            & (b[:, 2] <= self.bounds[2])
            & (b[:, 3] <= self.bounds[3])
        )
        span_x, span_y = ix1 - ix0, iy1 - iy0
        fast = within & (span_x < MAX_SPAN) & (span_y < MAX_SPAN)
        fast &= shapely.get_num_geometries(geoms) == 1
        for dx in range(MAX_SPAN):
            for dy in range(MAX_SPAN):
                sel = np.flatnonzero(fast & (dx <= span_x) & (dy <= span_y))
                fast[sel] = ~self.boundary_grid[ix0[sel] + dx, iy0[sel] + dy]
        # Envelopes wholly outside the regions' bounds meet no region at all.
        return fast, self._key(ix0, iy0)

    def _cell_pairs(
        self, geom_idx: npt.NDArray[np.intp], keys: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """Pairs for fast geometries: the regions that contain their cell's centre."""
        if len(geom_idx) == 0:
            return _EMPTY, _EMPTY
        # Boundary-free cells that touch share their regions: one test per patch of them.
        comps, comp_of = np.unique(
            self.patches[keys // self.ny, keys % self.ny], return_inverse=True
        )
        first_key = keys[np.unique(comp_of, return_index=True)[1]]
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
        self, geoms: npt.NDArray[np.object_]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
        """Pairs by boundary segments (crossing) and one vertex (wholly inside)."""
        if len(geoms) == 0:
            return _EMPTY, _EMPTY, np.empty(0, dtype=bool)
        g_idx, s_idx = query_envelopes(self.segment_tree, geoms)
        meets = elementwise(shapely.intersects, geoms[g_idx], self.segments[s_idx])
        crossing = np.unique(
            np.stack([self.segment_region[s_idx[meets]], g_idx[meets]], axis=1).reshape(-1, 2),
            axis=0,
        )
        multi = np.flatnonzero(shapely.get_num_geometries(geoms) > 1)
        if len(multi):
            m, r_m = self.tree.query(geoms[multi], predicate="intersects")
            crossing = np.unique(
                np.concatenate([crossing, np.stack([r_m, multi[m]], axis=1)]), axis=0
            )
        xy, owner = shapely.get_coordinates(geoms, return_index=True)
        first = np.unique(owner, return_index=True)[1]
        vertex = np.full((len(geoms), 2), np.nan)
        vertex[owner[first]] = xy[first]
        g_cand, r_cand = query_envelopes(self.tree, geoms)
        hit = shapely.contains_xy(self.regions[r_cand], vertex[g_cand, 0], vertex[g_cand, 1])
        inside_pairs = np.stack([r_cand[hit], g_cand[hit]], axis=1)
        # Crossing pairs were decided above; multi-part ones are all decided exactly.
        n = len(geoms)
        cross_keys = crossing[:, 0].astype(np.int64) * n + crossing[:, 1]
        in_keys = inside_pairs[:, 0].astype(np.int64) * n + inside_pairs[:, 1]
        keep = ~np.isin(in_keys, cross_keys)
        is_multi = np.zeros(n, dtype=bool)
        is_multi[multi] = True
        inside_pairs = inside_pairs[keep & ~is_multi[inside_pairs[:, 1]]]
        return (
            np.concatenate([inside_pairs[:, 0], crossing[:, 0]]).astype(np.intp),
            np.concatenate([inside_pairs[:, 1], crossing[:, 1]]).astype(np.intp),
            np.concatenate([np.ones(len(inside_pairs), bool), np.zeros(len(crossing), bool)]),
        )


def _boundary_segments(
    regions: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.intp]]:
    """Split region boundaries into two-point segments; return (segments, region index)."""
    parts, part_region = shapely.get_parts(shapely.boundary(regions), return_index=True)
    coords, coord_part = shapely.get_coordinates(parts, return_index=True)
    same = coord_part[:-1] == coord_part[1:]
    segments = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], axis=1))
    return segments, part_region[coord_part[:-1][same]]
