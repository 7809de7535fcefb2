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

Snap-rounding can also collapse a sliver thinner than the grid into a line or a point beside
the polygon it was cut from (a slanted strip less a copy shifted by 1 µm; a band between two
one-sided buffers of a sharply turning line). GEOS refuses such a mixed collection as the input
of the next overlay ('Overlay input is mixed-dimension'), and what is left of a polygon should
be polygons anyway, so :func:`difference` keeps only the parts of its first input's dimension
(:func:`parts_of_dimension`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

#: Grid (m) the results of these operations snap to.
GRID_M = 1e-6
#: An empty geometry of each dimension (0, 1, 2), indexed by dimension.
_EMPTY_OF = np.array([shapely.Point(), shapely.LineString(), shapely.Polygon()], dtype=object)


def intersection(a: Any, b: Any) -> Any:
    """``shapely.intersection`` on the :data:`GRID_M` grid (element-wise on arrays)."""
    return shapely.intersection(a, b, grid_size=GRID_M)


def difference(a: Any, b: Any) -> Any:
    """``shapely.difference`` on the :data:`GRID_M` grid (element-wise on arrays).

    Only the parts of the dimension of ``a`` are kept: what is left of a polygon is polygons
    (or nothing), of a line lines; the lines and points snap-rounding collapses slivers into
    are dropped (see :func:`parts_of_dimension`).
    """
    out = shapely.difference(a, b, grid_size=GRID_M)
    if isinstance(out, np.ndarray):
        dims = np.broadcast_to(shapely.get_dimensions(a), out.shape)
        return parts_of_dimension(out, dims)
    return parts_of_dimension([out], [shapely.get_dimensions(a)])[0]


def union(a: Any, b: Any) -> Any:
    """``shapely.union`` on the :data:`GRID_M` grid (element-wise on arrays)."""
    return shapely.union(a, b, grid_size=GRID_M)


def union_all(geoms: Any) -> Any:
    """``shapely.union_all`` of all ``geoms`` on the :data:`GRID_M` grid."""
    return shapely.union_all(geoms, grid_size=GRID_M)


def parts_of_dimension(geoms: Any, dims: Any) -> npt.NDArray[np.object_]:
    """Reduce each geometry to its parts of dimension ``dims`` (0 points, 1 lines, 2 polygons).

    A geometry collection becomes a multi-geometry of its parts of that dimension; a geometry
    of another dimension, or a collection without such parts, an empty one of that dimension.
    Geometries of that dimension, empty and missing ones are returned as they are. ``geoms``
    and ``dims`` are arrays of the same length; returns a new array.
    """
    out = np.array(geoms, dtype=object)
    dims = np.asarray(dims)
    present = ~shapely.is_empty(out) & ~shapely.is_missing(out)
    mixed = np.flatnonzero(present & (shapely.get_type_id(out) == 7))
    other = present & (shapely.get_type_id(out) != 7) & (shapely.get_dimensions(out) != dims)
    out[other] = _EMPTY_OF[dims[other]]
    if len(mixed) == 0:
        return out
    parts, part_of = shapely.get_parts(out[mixed], return_index=True)
    parts, inner_of = shapely.get_parts(parts, return_index=True)  # collections of multis
    part_of = part_of[inner_of]
    keep = shapely.get_dimensions(parts) == dims[mixed][part_of]
    built = _EMPTY_OF[dims[mixed]]  # where no part of that dimension is left
    for dim, build in enumerate(
        (shapely.multipoints, shapely.multilinestrings, shapely.multipolygons)
    ):
        sel = keep & (dims[mixed][part_of] == dim)
        if sel.any():
            build(parts[sel], indices=part_of[sel], out=built)
    out[mixed] = built
    return out
