"""Overlay operations that snap to a fine grid: the robust way to cut and join polygons.

GEOS's floating-point overlay (OverlayNG) can silently return a wrong result when two inputs
have nearly coincident edges: a 20 x 20 m block drawn in a parcel corner, from the same corner
vertex along the same edges, came back as lying wholly outside the parcel (its intersection
empty, its difference the whole block) in about 1 of 120 random rotations, with GEOS 3.11 to
3.14 (see ``tests/core/test_snapped.py``; the JTS issue #1000 collects such cases). Layouts,
sites and snapshots share vertices and edges by construction, so they hit it.

With a grid size GEOS uses snap-rounding, which is robust. The grid is 1 µm: coordinates of the
result lie on it, so an area can differ from the exact one by at most about perimeter × 1 µm
(a millionth of a square metre per metre of outline).
"""

from __future__ import annotations

from typing import Any

import shapely

#: Grid (m) the results of these operations snap to.
GRID_M = 1e-6


def intersection(a: Any, b: Any) -> Any:
    """``shapely.intersection`` on the :data:`GRID_M` grid (element-wise on arrays)."""
    return shapely.intersection(a, b, grid_size=GRID_M)


def difference(a: Any, b: Any) -> Any:
    """``shapely.difference`` on the :data:`GRID_M` grid (element-wise on arrays)."""
    return shapely.difference(a, b, grid_size=GRID_M)


def union(a: Any, b: Any) -> Any:
    """``shapely.union`` on the :data:`GRID_M` grid (element-wise on arrays)."""
    return shapely.union(a, b, grid_size=GRID_M)


def union_all(geoms: Any) -> Any:
    """``shapely.union_all`` of all ``geoms`` on the :data:`GRID_M` grid."""
    return shapely.union_all(geoms, grid_size=GRID_M)
