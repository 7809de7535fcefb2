"""Length (m), area (m²) and import keys of register elements, computed from their geometry.

Length
    A line's length. A polygon's length is the length of the rectangle with the same area and
    perimeter, per polygon part, summed: ``L = (P + sqrt(P² - 16 A)) / 4``. That is exact for a
    rectangle and for a strip of constant width drawn around a bent centre line with mitred
    corners (a hedge drawn as a polygon), whose area is L x w and perimeter 2 L + 2 w. For
    parts more compact than a square (``P² < 16 A``, e.g. a round poel) it is ``P / 4``. Holes
    count in the perimeter. Points have length 0.
Area
    A polygon's area. A line's area is its length times the element type's default width from
    the vocabulary (lines of a type without a width have no area). A point's area is the type's
    default point area, per point of a multipoint.
Import key
    A hash of the geometry on a 1 cm grid (``shapely.set_precision``, then
    ``shapely.normalize`` so that vertex order and ring start do not matter) and the element
    type: the same element imported again from a file without ids gets the same key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from gbda_core.vocabulary import Vocabulary

#: Grid (m) geometries are snapped to before hashing for the import key.
KEY_GRID_M = 0.01

_POINT_TYPES = (0, 4)
_LINE_TYPES = (1, 2, 5)
_POLYGON_TYPES = (3, 6)


def geometry_kind(geoms: npt.NDArray[np.object_]) -> npt.NDArray[np.str_]:
    """Return ``point``, ``line``, ``polygon`` or ``other`` (collections, null) per geometry."""
    type_id = shapely.get_type_id(geoms)
    kind = np.full(len(geoms), "other", dtype="<U7")
    kind[np.isin(type_id, _POINT_TYPES)] = "point"
    kind[np.isin(type_id, _LINE_TYPES)] = "line"
    kind[np.isin(type_id, _POLYGON_TYPES)] = "polygon"
    return kind


def strip_length(polygons: npt.NDArray[np.object_]) -> npt.NDArray[np.float64]:
    """Return the equivalent-rectangle length (m) of (multi)polygons, summed over their parts."""
    polygons = np.asarray(polygons, dtype=object)
    parts, owner = shapely.get_parts(polygons, return_index=True)
    area = shapely.area(parts)
    perimeter = shapely.length(parts)
    root = np.sqrt(np.maximum(perimeter * perimeter - 16.0 * area, 0.0))
    per_part = (perimeter + root) / 4.0
    return np.bincount(owner, weights=per_part, minlength=len(polygons)).astype(float)


def measure(
    geoms: npt.NDArray[np.object_],
    element_types: Sequence[str] | npt.NDArray[np.object_],
    vocabulary: Vocabulary,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return (length_m, area_m2) per element; NaN where the geometry kind has no measure.

    Parameters
    ----------
    geoms
        Valid geometries in EPSG:28992 (m).
    element_types
        Vocabulary code per element.
    vocabulary
        Source of default widths (m) and point areas (m²).
    """
    geoms = np.asarray(geoms, dtype=object)
    types = np.asarray(element_types, dtype=object)
    kind = geometry_kind(geoms)
    widths = {et.code: et.width_m.value if et.width_m else np.nan for et in vocabulary}
    point_areas = {
        et.code: et.point_area_m2.value if et.point_area_m2 else np.nan for et in vocabulary
    }
    by_type = pd.Series(types, dtype=object)
    width = by_type.map(widths).to_numpy(dtype=float, na_value=np.nan)
    point_area = by_type.map(point_areas).to_numpy(dtype=float, na_value=np.nan)
    length = np.full(len(geoms), np.nan)
    area = np.full(len(geoms), np.nan)

    point = kind == "point"
    length[point] = 0.0
    area[point] = point_area[point] * shapely.get_num_geometries(geoms[point])
    line = kind == "line"
    length[line] = shapely.length(geoms[line])
    area[line] = length[line] * width[line]
    polygon = kind == "polygon"
    area[polygon] = shapely.area(geoms[polygon])
    length[polygon] = strip_length(geoms[polygon])
    return length, area


def import_keys(
    geoms: npt.NDArray[np.object_], element_types: Sequence[str] | npt.NDArray[np.object_]
) -> list[str]:
    """Return the import key (SHA-256 hex) per element: geometry on a 1 cm grid plus type."""
    snapped = shapely.normalize(shapely.set_precision(np.asarray(geoms, dtype=object), KEY_GRID_M))
    # -0.002 snaps to -0.0, whose bytes differ from 0.0: adding 0.0 turns -0.0 into 0.0.
    snapped = shapely.transform(snapped, lambda xy: xy + 0.0)
    wkb = shapely.to_wkb(snapped, output_dimension=2, byte_order=1, flavor="iso")
    # hashlib has no vectorised form: one digest per element (C code, a few µs each).
    return [
        hashlib.sha256(str(t).encode() + b"\x00" + bytes(w)).hexdigest()
        for t, w in zip(element_types, wkb, strict=True)
    ]
