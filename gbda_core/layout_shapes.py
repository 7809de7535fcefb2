"""Shapes the layout planner draws, built for many elements at once (numpy + shapely 2).

All functions take arrays and return arrays of polygons. Directions are unit vectors; lengths
and widths are in metres.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely

from gbda_core import snapped
from gbda_core.geometry import point_polygons, point_radius

FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]


def bands(lines: ObjectArray, offset: FloatArray, width: FloatArray) -> ObjectArray:
    """Return strips on the left of each line, from ``offset`` to ``offset + width`` away from it.

    The land lies on the left of the runs (see :mod:`gbda_core.edges`), so the strips lie on
    the land, following the edge; their ends are square to the line (flat caps).
    """
    outer = shapely.buffer(
        lines, offset + width, single_sided=True, join_style="mitre", mitre_limit=5.0
    )
    inset = offset > 0
    if inset.any():
        inner = shapely.buffer(
            lines[inset], offset[inset], single_sided=True, join_style="mitre", mitre_limit=5.0
        )
        outer[inset] = snapped.difference(outer[inset], inner)
    return np.asarray(outer, dtype=object)


def wedges(
    corner: FloatArray, along: FloatArray, other: FloatArray, reach: FloatArray
) -> ObjectArray:
    """Triangles between the bisector of two directions at a corner and the ``other`` one.

    Taking them away from a strip that runs from the corner along ``along`` cuts it on the
    corner's bisector (a mitre), so the strips of the two edges of a corner meet without
    overlap.
    """
    bis = along + other
    bis /= np.hypot(*bis.T)[:, None]
    r = reach[:, None]
    coords = np.stack([corner, corner + r * bis, corner + r * other, corner], axis=1)
    return np.asarray(shapely.polygons(coords), dtype=object)


def rectangles(
    centre: FloatArray, axis: FloatArray, length: FloatArray, width: FloatArray
) -> ObjectArray:
    """Rectangles centred on ``centre``, ``length`` along ``axis`` and ``width`` across it."""
    normal = np.column_stack([-axis[:, 1], axis[:, 0]])
    a = axis * (length / 2)[:, None]
    b = normal * (width / 2)[:, None]
    coords = np.stack([centre - a - b, centre + a - b, centre + a + b, centre - a + b], axis=1)
    coords = np.concatenate([coords, coords[:, :1]], axis=1)
    return np.asarray(shapely.polygons(coords), dtype=object)


def parallelograms(
    corner: FloatArray,
    u: FloatArray,
    v: FloatArray,
    a: FloatArray,
    b: FloatArray,
    shift_u: FloatArray,
    shift_v: FloatArray,
) -> ObjectArray:
    """Parallelograms in a corner: sides ``a`` along ``u`` and ``b`` along ``v``, shifted in."""
    origin = corner + u * shift_u[:, None] + v * shift_v[:, None]
    au, bv = u * a[:, None], v * b[:, None]
    coords = np.stack([origin, origin + au, origin + au + bv, origin + bv, origin], axis=1)
    return np.asarray(shapely.polygons(coords), dtype=object)


def octagons(centre: FloatArray, area_m2: FloatArray) -> ObjectArray:
    """Regular octagons of exactly ``area_m2``, as the share engine draws point elements."""
    return point_polygons(shapely.points(centre), point_radius(area_m2))


def polygon_parts(
    geoms: ObjectArray, owner: npt.NDArray[np.int64]
) -> tuple[ObjectArray, npt.NDArray[np.int64]]:
    """Single polygons of each geometry (lines and points from clipping dropped), with owners."""
    parts, idx = shapely.get_parts(geoms, return_index=True)
    keep = (shapely.get_type_id(parts) == 3) & (shapely.area(parts) > 0)
    return parts[keep], owner[idx[keep]]


def strip_like(area: FloatArray, perimeter: FloatArray, width: FloatArray, ratio: float) -> (
        npt.NDArray[np.bool_]):  # fmt: skip
    """Return True where a polygon is a proper strip or block, not a sliver.

    A rectangle of this area and width has perimeter ``2 × (area / width + width)``; a shape is
    accepted when its perimeter is at most ``ratio`` times that.
    """
    ideal = 2 * (area / width + width)
    return np.asarray(perimeter <= ratio * ideal, dtype=bool)
