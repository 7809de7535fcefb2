"""Turn element geometries into footprints (areas in m²), vectorised with shapely 2.

- Polygons count as drawn (invalid ones are repaired with ``make_valid``, method ``structure``).
- Lines become strips of their width: the ``width_m`` attribute where set, else the type's
  default width. Flat caps and mitred joins, so a strip of a simple line of length L and width w
  has area exactly L x w.
- Points become regular octagons whose area is exactly the type's default point area.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely

from gbda_core.convex import ConvexTable, concat_tables, quad_table
from gbda_core.parallel import NUMPY_CHUNK, elementwise, in_chunks
from gbda_core.parts import ConvexParts, convex_quads, merge_parts, rings_parts, split_footprints
from gbda_core.problems import Problem, problem_for_rows
from gbda_core.strips import MITRE_LIMIT, strip_outlines, strip_rings
from gbda_core.vocabulary import Vocabulary

#: Quadrant segments for point buffers: octagons. Their radius is set so the area is exact; more
#: corners would only cost time (a crown or a pool is no circle either).
QUAD_SEGS = 2
#: Two-vertex lines shorter than this fraction of their half-width keep the GEOS buffer: GEOS
#: merges near-coincident offset vertices of very short segments (below about 1e-4), so its strip
#: is then no rectangle. The margin keeps the fast rectangles identical to the GEOS ones.
MIN_FAST_SEGMENT_RATIO = 1e-2

KIND_POINT, KIND_LINE, KIND_AREA = 0, 1, 2
_KIND_BY_TYPE_ID = {0: KIND_POINT, 4: KIND_POINT, 1: KIND_LINE, 2: KIND_LINE, 5: KIND_LINE}
#: Kind by GEOS type id (-1 for a missing geometry is the last entry): polygons and the rest
#: count as areas.
_KIND_OF_TYPE_ID = np.array(
    [_KIND_BY_TYPE_ID.get(t, KIND_AREA) for t in range(8)] + [KIND_AREA], dtype=np.int8
)
_POLY_TYPES = (3, 6)


@dataclass
class Footprints:
    """Element footprints and what they came from, all arrays aligned.

    Attributes
    ----------
    stored
        Polygonal footprint of each kept element (m² in the working CRS), or None where it is
        left unbuilt (``lazy``): :meth:`polygons` and :attr:`footprint` build those.
    original
        The (repaired) input geometry: lines keep their length, points their count.
    kind
        0 point, 1 line, 2 area (polygon), as drawn.
    type_index
        Index of the element type in the vocabulary.
    rows
        Row number (feature id) of each element in its source layer.
    layer_index
        Index of the source layer in the list of element layers.
    strip_half_width
        Half-width (m) of lines whose footprint is a strip with regular bends built from numpy
        (see :mod:`gbda_core.strips`); NaN otherwise.
    quad_row, quads
        Footprints that are strictly convex quadrilaterals (boxes, straight strips), found
        when they were built: their row in the table ``quads`` (-1 for the others), for the
        engine's numpy tests (see :mod:`gbda_core.parts`).
    single
        Footprints known to be one polygon (made so here, or tabulated); False: not known.
    lazy
        Footprints left unbuilt until asked for: octagons of points and strips of lines with
        one regular bend. The engine handles most of them through ``bounds``, ``area`` and
        convex parts alone; :meth:`polygons` builds the others, the same polygons each time.
    point_radius
        Radius (m) of each point's octagon (NaN for other elements).
    bounds
        Envelope of each footprint (xmin, ymin, xmax, ymax, m), as ``shapely.bounds`` gives.
    area
        Area (m², as ``shapely.area`` gives) of each footprint left unbuilt; NaN for the
        others, whose areas :meth:`areas` asks GEOS for.
    """

    stored: npt.NDArray[np.object_]
    original: npt.NDArray[np.object_]
    kind: npt.NDArray[np.int8]
    type_index: npt.NDArray[np.int32]
    rows: npt.NDArray[np.int64]
    layer_index: npt.NDArray[np.int32]
    strip_half_width: npt.NDArray[np.float64]
    quad_row: npt.NDArray[np.intp]
    quads: ConvexTable
    single: npt.NDArray[np.bool_]
    lazy: npt.NDArray[np.bool_]
    point_radius: npt.NDArray[np.float64]
    bounds: npt.NDArray[np.float64]
    area: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.stored)

    @property
    def footprint(self) -> npt.NDArray[np.object_]:
        """All footprints as polygons, built once on first use (not from several threads)."""
        if self.lazy.any():
            self.stored = self.polygons(np.arange(len(self)))
            self.lazy = np.zeros(len(self), dtype=bool)
        return self.stored

    @property
    def on_request(self) -> PolygonsOnRequest:
        """The footprints, indexable by index arrays; unbuilt ones are built per request."""
        return PolygonsOnRequest(self)

    def polygons(self, idx: npt.NDArray[np.intp]) -> npt.NDArray[np.object_]:
        """Return footprints ``idx`` as polygons, building unbuilt ones (thread-safe, no cache)."""
        idx = np.asarray(idx)
        if idx.dtype == bool:
            idx = np.flatnonzero(idx)
        out = np.asarray(self.stored[idx], dtype=object)
        todo = np.flatnonzero(self.lazy[idx])
        if len(todo):
            e = idx[todo]
            point = self.kind[e] == KIND_POINT
            out[todo[point]] = point_polygons(self.original[e[point]], self.point_radius[e[point]])
            line = e[~point]
            out[todo[~point]] = elementwise(
                _strip_polygons, self.original[line], self.strip_half_width[line],
                chunk=NUMPY_CHUNK,
            )  # fmt: skip
        return out

    def areas(self, idx: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """Return the areas (m²) of footprints ``idx``: kept ones, or GEOS's for built ones."""
        out = self.area[idx]
        ask = np.flatnonzero(np.isnan(out))
        out[ask] = elementwise(shapely.area, self.stored[idx[ask]])
        return out

    def split(self, idx: npt.NDArray[np.intp]) -> ConvexParts:
        """Convex parts of the footprints ``idx`` (by position; see :mod:`gbda_core.parts`)."""
        octagon = self.lazy[idx] & (self.kind[idx] == KIND_POINT)
        if not octagon.any():
            return split_footprints(
                idx,
                self.on_request,
                self.original,
                self.kind == KIND_LINE,
                self.strip_half_width,
                (self.quad_row, self.quads),
            )
        # Octagons left unbuilt are tabulated from their points, as polygon_parts would.
        pos = np.arange(len(idx))
        e = idx[octagon]
        rings = _octagon_rings(self.original[e], self.point_radius[e])
        return merge_parts(
            len(idx),
            [
                (pos[~octagon], self.split(idx[~octagon])),
                (pos[octagon], rings_parts(rings)),
            ],
        )


class PolygonsOnRequest:
    """Footprints indexable like an object array, built on request where left unbuilt."""

    def __init__(self, footprints: Footprints) -> None:
        self.footprints = footprints

    def __len__(self) -> int:
        return len(self.footprints)

    def __getitem__(self, idx: npt.NDArray[np.intp]) -> npt.NDArray[np.object_]:
        return self.footprints.polygons(idx)


def ring_area(ring: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Area (m²) of simple polygons from their closed rings ``(n, coordinates, 2)``.

    The same sums in the same order as GEOS (``Area::ofRingSigned``, relative to the first
    x), so the result equals ``shapely.area`` of the polygon bit for bit.
    """
    columns = range(ring.shape[1])
    return vertex_area([ring[:, i, 0] for i in columns], [ring[:, i, 1] for i in columns])


def vertex_area(
    xs: Sequence[npt.NDArray[np.float64]], ys: Sequence[npt.NDArray[np.float64]]
) -> npt.NDArray[np.float64]:
    """:func:`ring_area` from closed rings given vertex by vertex (x and y arrays, m)."""
    total = np.zeros(len(xs[0]))
    for i in range(1, len(xs) - 1):
        total += (xs[i] - xs[0]) * (ys[i - 1] - ys[i + 1])
    return np.asarray(np.abs(total / 2.0))


#: Columns of footprints' measures: envelope (4) and area.
MEASURES = 5


def ring_bounds(ring: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Envelopes (xmin, ymin, xmax, ymax, m) of rings ``(n, coordinates, 2)``."""
    return vertex_bounds([ring[:, i] for i in range(ring.shape[1])])


def vertex_bounds(vertices: Sequence[npt.NDArray[np.float64]]) -> npt.NDArray[np.float64]:
    """:func:`ring_bounds` from rings given vertex by vertex (``(n, 2)`` arrays, m)."""
    out = np.empty((len(vertices[0]), 4))
    # x and y apart: numpy then loops over rows, not over the two coordinates of each row.
    for axis in (0, 1):
        low = vertices[0][:, axis].copy()
        high = low.copy()
        for vertex in vertices[1:]:  # a few columns: faster than a strided reduction
            np.minimum(low, vertex[:, axis], out=low)
            np.maximum(high, vertex[:, axis], out=high)
        out[:, axis], out[:, 2 + axis] = low, high
    return out


def point_radius(area_m2: float | npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Radius (m) of the shapely point buffer whose polygon area equals ``area_m2`` (m²).

    The buffer is a regular polygon with ``4 * QUAD_SEGS`` corners on the circle, whose area is
    ``n / 2 * r² * sin(2π / n)``.
    """
    n = 4 * QUAD_SEGS
    factor = n / 2 * math.sin(2 * math.pi / n)
    return np.asarray(np.sqrt(np.asarray(area_m2, dtype=float) / factor), dtype=float)


def repair(
    geoms: npt.NDArray[np.object_], valid: npt.NDArray[np.bool_] | None = None
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Repair invalid geometries and drop z; return (geoms, repaired mask, null-or-empty mask).

    ``valid`` is ``shapely.is_valid(geoms)`` when already known (it ignores z).
    """
    if valid is None:
        valid = elementwise(shapely.is_valid, geoms)
    if elementwise(shapely.has_z, geoms).any():
        geoms = shapely.force_2d(geoms)
    # Null and empty geometries are the ones without coordinates (one pass instead of two).
    missing = elementwise(shapely.get_num_coordinates, geoms) == 0
    invalid = ~missing & ~valid
    if invalid.any():
        fixed = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        geoms = geoms.copy()
        geoms[invalid] = fixed
        # A polygon that collapses to nothing is as good as missing.
        missing[invalid] = shapely.is_empty(fixed)
    return geoms, invalid, missing


def check_validity(
    geoms: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.intp], ConvexTable]:
    """``shapely.is_valid`` of each geometry, with the strictly convex quadrilaterals tabulated.

    Boxes and straight strips are most of many element layers. Proven strictly convex in
    numpy (see :func:`gbda_core.parts.convex_quads`), they are valid, so GEOS checks only the
    others. Returns (valid, row in the table or -1, table).
    """
    quad_row, quads = convex_quads(geoms)
    valid = quad_row >= 0
    rest = np.flatnonzero(~valid)
    valid[rest] = elementwise(shapely.is_valid, geoms[rest])
    return valid, quad_row, quads


def repair_reported(
    geoms: npt.NDArray[np.object_],
    rows: npt.NDArray[np.int64],
    what: str,
    *,
    source: str = "",
    layer: str = "",
    valid: npt.NDArray[np.bool_] | None = None,
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.bool_], list[Problem]]:
    """Repair as :func:`repair` does, reporting repaired and null rows.

    Returns (geometries, null-or-empty mask, problems).
    """
    geoms, repaired, missing = repair(geoms, valid)
    problems = []
    if (repaired & ~missing).any():
        problems.append(
            problem_for_rows(
                "repaired_geometry",
                rows[repaired & ~missing],
                f"invalid {what} repaired with make_valid",
                "repaired",
                source=source,
                layer=layer,
            )
        )
    if missing.any():
        problems.append(
            problem_for_rows(
                "null_geometry",
                rows[missing],
                f"null or empty {what}; left out",
                "skipped",
                source=source,
                layer=layer,
            )
        )
    return geoms, missing, problems


def polygonal_part(geoms: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    """Keep only the polygonal parts of geometry collections (made by repairs or overlays)."""
    out = geoms.copy()
    mixed = np.flatnonzero(shapely.get_type_id(geoms) == 7)
    for i in mixed:  # rare: only collections, never a loop over all elements
        parts = shapely.get_parts(geoms[i])
        polys = parts[np.isin(shapely.get_type_id(parts), _POLY_TYPES)]
        out[i] = shapely.union_all(polys) if len(polys) else shapely.Polygon()
    return out


def build_footprints(
    geoms: npt.NDArray[np.object_],
    type_index: npt.NDArray[np.int32],
    widths: npt.NDArray[np.float64],
    vocabulary: Vocabulary,
    *,
    rows: npt.NDArray[np.int64],
    layer_index: int,
    source: str = "",
    layer: str = "",
    valid: npt.NDArray[np.bool_] | None = None,
    quads: tuple[npt.NDArray[np.intp], ConvexTable] | None = None,
    lazy: bool = False,
) -> tuple[Footprints, list[Problem]]:
    """Build footprints for one element layer.

    Parameters
    ----------
    geoms
        Element geometries in a projected metric CRS.
    type_index
        Vocabulary index per element (all valid; unmapped elements are removed before).
    widths
        Width in m per element from a width attribute; NaN where the type default applies.
    vocabulary
        The element vocabulary (default widths and point areas).
    rows, layer_index, source, layer
        Where the elements come from, for problem reports.
    valid
        ``shapely.is_valid(geoms)``, when already known.
    quads
        Row per geometry (-1: none) and table of the strictly convex quadrilaterals among them.
        ``valid`` and ``quads`` come together from :func:`check_validity`; without either,
        it is called here.
    lazy
        Leave the octagons of points and the strips of lines with one regular bend unbuilt
        (see :class:`Footprints`): the share engine needs few of them as polygons.
    """
    where = {"source": source, "layer": layer}
    geoms = np.asarray(geoms, dtype=object)
    if valid is None or quads is None:
        valid, quad_row, table = check_validity(geoms)
    else:
        quad_row, table = quads
    geoms, missing, problems = repair_reported(
        geoms, rows, "geometry", source=source, layer=layer, valid=valid
    )
    present = ~missing
    geoms, type_index, widths, rows = (
        geoms[present],
        type_index[present],
        widths[present],
        rows[present],
    )
    # Tabulated quadrilaterals are valid, so the repair left them as they were.
    quad_row = quad_row[present]
    type_id = elementwise(shapely.get_type_id, geoms)
    collection = type_id == 7  # its polygonal part may be empty
    if collection.any():
        geoms = polygonal_part(geoms)
        type_id = shapely.get_type_id(geoms)

    kind = _KIND_OF_TYPE_ID[type_id]

    default_width = np.array([et.width_m.value if et.width_m else np.nan for et in vocabulary])
    default_point = np.array(
        [et.point_area_m2.value if et.point_area_m2 else np.nan for et in vocabulary]
    )
    width = np.where(np.isnan(widths), default_width[type_index], widths)
    point_area = default_point[type_index]

    no_default = ((kind == KIND_LINE) & np.isnan(width)) | (
        (kind == KIND_POINT) & np.isnan(point_area)
    )
    if no_default.any():
        for t in np.unique(type_index[no_default]):
            sel = no_default & (type_index == t)
            code = vocabulary.element_types[t].code
            problems.append(
                problem_for_rows(
                    "no_default_size",
                    rows[sel],
                    f"{code} has no default width/area for this geometry; set a width field",
                    "skipped",
                    value=code,
                    **where,
                )
            )

    is_line, is_point = kind == KIND_LINE, kind == KIND_POINT
    footprint = geoms.copy() if (is_line | is_point).any() else geoms
    line_ok = np.flatnonzero(is_line & ~np.isnan(width))
    footprint[line_ok], bent, (boxes, box_coords), unbuilt, line_measures = _line_strips(
        geoms[line_ok], width[line_ok] / 2.0, lazy
    )
    is_lazy = np.zeros(len(geoms), dtype=bool)
    is_lazy[line_ok] = unbuilt
    # Rows left unbuilt and their envelopes and areas, per kind.
    measured = [(line_ok[unbuilt], line_measures)]
    if len(boxes):
        # Straight strips are built as boxes: tabulate the strictly convex ones now.
        box_ok, box_table = quad_table(box_coords)
        quad_row[line_ok[boxes[box_ok]]] = len(table.corners) + np.arange(int(box_ok.sum()))
        table = concat_tables([table, box_table])
    strip_half_width = np.full(len(geoms), np.nan)
    strip_half_width[line_ok[bent]] = width[line_ok[bent]] / 2.0
    point_ok = is_point & ~np.isnan(point_area)
    radius = np.where(point_ok, point_radius(point_area), np.nan)
    # Octagons of plain points (see point_polygons): left unbuilt when lazy.
    plain = point_ok & (type_id == 0) & np.isfinite(radius) & (radius > 0)
    if lazy and plain.any():
        found = in_chunks(
            lambda c: _octagon_measures(geoms[c], radius[c]),
            np.flatnonzero(plain),
            chunk=NUMPY_CHUNK,
        )
        measured.append((np.flatnonzero(plain), np.concatenate([m for _, m in found])))
        is_lazy |= plain
        footprint[plain] = None
    eager = point_ok & ~is_lazy
    footprint[eager] = point_polygons(geoms[eager], radius[eager])
    # Made one polygon each here: boxes, strips with bends from numpy, octagons of plain points;
    # tabulated quadrilaterals are too.
    single = quad_row >= 0
    single[line_ok[boxes]] = single[line_ok[bent]] = True
    single |= plain
    # Others were checked by the repair; those left unbuilt are never empty.
    built = np.flatnonzero((is_line | is_point | collection) & ~is_lazy)
    degenerate = np.zeros(len(geoms), dtype=bool)
    degenerate[built] = ~no_default[built] & shapely.is_empty(footprint[built])
    if degenerate.any():
        problems.append(
            problem_for_rows(
                "degenerate_geometry",
                rows[degenerate],
                "geometry without length or area",
                "skipped",
                **where,
            )
        )
    ok = ~no_default & ~degenerate
    keep: slice | npt.NDArray[np.bool_] = (
        slice(None) if ok.all() else ok
    )  # no copies of a million geometries for nothing
    # Envelopes of all (the overlap sweep and the region grid need them); areas are asked for
    # later, where needed (see Footprints.areas).
    if not is_lazy.any():
        bounds = np.asarray(elementwise(shapely.bounds, footprint))
        area = np.full(len(geoms), np.nan)
    else:
        bounds, area = np.empty((len(geoms), 4)), np.full(len(geoms), np.nan)
        for at, measures in measured:
            bounds[at], area[at] = measures[:, :4], measures[:, 4]
        built = np.flatnonzero(~is_lazy)
        bounds[built] = elementwise(shapely.bounds, footprint[built])
    return (
        Footprints(
            stored=footprint[keep],
            original=geoms[keep],
            kind=kind[keep],
            type_index=type_index[keep].astype(np.int32),
            rows=rows[keep].astype(np.int64),
            layer_index=np.full(int(ok.sum()), layer_index, dtype=np.int32),
            strip_half_width=strip_half_width[keep],
            quad_row=quad_row[keep],
            quads=table,
            single=single[keep],
            lazy=is_lazy[keep],
            point_radius=radius[keep],
            bounds=bounds[keep],
            area=area[keep],
        ),
        problems,
    )


def _circle_table() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return unit cosines and sines of the vertices of a GEOS point buffer, closing one included.

    GEOS starts at angle 0 and walks clockwise in steps of ``2π / (4 * QUAD_SEGS)``, computing
    each vertex as ``centre + r * (cos(a), sin(a))`` (C library ``cos``/``sin``, as ``math`` uses).
    """
    n = 4 * QUAD_SEGS
    step = 2.0 * math.pi / n
    angles = [-(i * step) for i in range(n)]
    cos = np.array([math.cos(a) for a in angles] + [1.0])
    sin = np.array([math.sin(a) for a in angles] + [0.0])
    return cos, sin


_CIRCLE_COS, _CIRCLE_SIN = _circle_table()


def point_polygons(
    geoms: npt.NDArray[np.object_], radius: npt.NDArray[np.float64]
) -> npt.NDArray[np.object_]:
    """Buffer points into regular ``4 * QUAD_SEGS``-gons, as ``shapely.buffer`` would.

    Plain points with a positive radius are built directly from numpy with the vertices GEOS
    uses (same start vertex, clockwise ring, same coordinates); anything else (multipoints, zero
    or invalid radius) goes through ``shapely.buffer``.
    """
    geoms = np.asarray(geoms, dtype=object)
    radius = np.broadcast_to(np.asarray(radius, dtype=float), geoms.shape)
    out = np.empty(len(geoms), dtype=object)
    fast = (shapely.get_type_id(geoms) == 0) & np.isfinite(radius) & (radius > 0)
    if fast.any():
        out[fast] = elementwise(_octagons, geoms[fast], radius[fast], chunk=NUMPY_CHUNK)
    if not fast.all():
        out[~fast] = shapely.buffer(geoms[~fast], radius[~fast], quad_segs=QUAD_SEGS)
    return out


def _octagons(
    points: npt.NDArray[np.object_], radius: npt.NDArray[np.float64]
) -> npt.NDArray[np.object_]:
    return _simple_polygons(_octagon_rings(points, radius))


def _octagon_rings(
    points: npt.NDArray[np.object_], radius: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Return the closed rings ``(n, 4 * QUAD_SEGS + 1, 2)`` of plain points' octagons (m)."""
    xy = shapely.get_coordinates(points)
    r = radius[:, None]
    coords = np.empty((len(xy), len(_CIRCLE_COS), 2))
    coords[:, :, 0] = xy[:, :1] + r * _CIRCLE_COS
    coords[:, :, 1] = xy[:, 1:] + r * _CIRCLE_SIN
    return coords


def _octagon_measures(
    points: npt.NDArray[np.object_], radius: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Envelopes and areas (:data:`MEASURES`) of :func:`_octagon_rings`, without making them.

    ``centre + r * c`` rounds monotonically in ``c`` (r > 0), so the extreme vertices are those
    of the extreme cosines and sines; the area takes the vertices one at a time, in GEOS's order.
    """
    xy = shapely.get_coordinates(points)
    x, y = xy[:, 0], xy[:, 1]
    out = np.empty((len(xy), MEASURES))
    out[:, 0], out[:, 2] = x + radius * _CIRCLE_COS.min(), x + radius * _CIRCLE_COS.max()
    out[:, 1], out[:, 3] = y + radius * _CIRCLE_SIN.min(), y + radius * _CIRCLE_SIN.max()
    xs = [x + radius * c for c in _CIRCLE_COS]
    out[:, 4] = vertex_area(xs, [y + radius * s for s in _CIRCLE_SIN])
    return out


def line_strips(
    geoms: npt.NDArray[np.object_], half_width: npt.NDArray[np.float64]
) -> npt.NDArray[np.object_]:
    """Buffer lines into flat-capped, mitre-joined strips, as ``shapely.buffer`` would.

    Two-vertex lines (the common straight hedge or tree-row segment) are built directly from
    numpy as rectangles with GEOS's offset arithmetic and vertex order: end-left, end-right,
    start-right, start-left, closed (a clockwise ring). Their area is length x width. Lines with
    bends are built from numpy too where every bend is regular (see :mod:`gbda_core.strips`):
    the same polygon as GEOS's, up to float rounding of the mitre points and the start vertex.
    Other lines, and segments that are very short against their width (see
    ``MIN_FAST_SEGMENT_RATIO``), go through ``shapely.buffer``.
    """
    return _line_strips(geoms, half_width)[0]


def _line_strips(
    geoms: npt.NDArray[np.object_], half_width: npt.NDArray[np.float64], lazy: bool = False
) -> tuple[
    npt.NDArray[np.object_],
    npt.NDArray[np.bool_],
    tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]],
    npt.NDArray[np.bool_],
    npt.NDArray[np.float64],
]:
    """:func:`line_strips`, a mask of the strips with bends made in numpy, and the boxes.

    The boxes are the strips of two-vertex lines built from numpy: their indices and closed
    rings ``(boxes, 5, 2)``. With ``lazy``, strips with one regular bend are left unbuilt
    (None): the last two items mark them and give their :data:`MEASURES` (a row each, in
    order).
    """
    geoms = np.asarray(geoms, dtype=object)
    half_width = np.broadcast_to(np.asarray(half_width, dtype=float), geoms.shape)
    out = np.empty(len(geoms), dtype=object)
    strip = (shapely.get_type_id(geoms) == 1) & np.isfinite(half_width) & (half_width > 0)
    vertices = shapely.get_num_coordinates(geoms)
    fast = strip & (vertices == 2)
    idx = np.flatnonzero(fast)
    coords = np.empty((0, 5, 2))
    if len(idx):
        ends = shapely.get_coordinates(geoms[idx]).reshape(-1, 2, 2)
        x0, y0 = ends[:, 0, 0], ends[:, 0, 1]
        x1, y1 = ends[:, 1, 0], ends[:, 1, 1]
        dx, dy = x1 - x0, y1 - y0
        length = np.sqrt(dx * dx + dy * dy)
        d = half_width[idx]
        long_enough = length >= MIN_FAST_SEGMENT_RATIO * d
        fast[idx[~long_enough]] = False
        idx = idx[long_enough]
        x0, y0, x1, y1 = x0[long_enough], y0[long_enough], x1[long_enough], y1[long_enough]
        d, length = d[long_enough], length[long_enough]
        # Offset of the left side, as in GEOS: (-uy, ux) with u = distance * direction / length.
        ux = d * dx[long_enough] / length
        uy = d * dy[long_enough] / length
        coords = np.empty((len(idx), 5, 2))
        coords[:, 0, 0], coords[:, 0, 1] = x1 - uy, y1 + ux
        coords[:, 1, 0], coords[:, 1, 1] = x1 + uy, y1 - ux
        coords[:, 2, 0], coords[:, 2, 1] = x0 + uy, y0 - ux
        coords[:, 3, 0], coords[:, 3, 1] = x0 - uy, y0 + ux
        coords[:, 4] = coords[:, 0]
        out[idx] = _simple_polygons(coords)
    bent = np.flatnonzero(strip & (vertices >= 3))
    numpy_bent = np.zeros(len(geoms), dtype=bool)
    unbuilt = np.zeros(len(geoms), dtype=bool)
    measures = np.empty((0, MEASURES))
    if len(bent):
        found = in_chunks(
            lambda c: _bent_strips(geoms[c], half_width[c], lazy), bent, chunk=NUMPY_CHUNK
        )
        out[bent] = np.concatenate([r[0] for _, r in found])
        made = np.concatenate([r[1] for _, r in found])
        unbuilt[bent] = np.concatenate([r[2] for _, r in found])
        measures = np.concatenate([r[3] for _, r in found])
        fast[bent[made]] = numpy_bent[bent[made]] = True
    if not fast.all():
        out[~fast] = elementwise(_strip_buffer, geoms[~fast], half_width[~fast])
    return out, numpy_bent, (idx.astype(np.intp), coords), unbuilt, measures


def _bent_strips(
    lines: npt.NDArray[np.object_], half_width: npt.NDArray[np.float64], lazy: bool = False
) -> tuple[
    npt.NDArray[np.object_], npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.float64]
]:
    """Make strips of lines with bends in numpy where all bends are regular.

    Returns the polygons (None where not made or left unbuilt), a mask of the strips made, a
    mask of those left unbuilt (with ``lazy``: the strips with one bend, always simple) and
    their :data:`MEASURES` (a row for each of those, in order).
    """
    out = np.full(len(lines), None, dtype=object)
    counts = shapely.get_num_coordinates(lines).astype(np.int64)
    left, right, ok = strip_outlines(shapely.get_coordinates(lines), counts, half_width)
    unbuilt = ok & (counts == 3) if lazy else np.zeros(len(lines), dtype=bool)
    # Every line with one bend is measured and the unbuilt ones kept; usually all lines have
    # one bend, and their outlines are then measured as they are, without a copy.
    one_bend = counts == 3
    one_left, one_right = left, right
    if not one_bend.all():
        at = np.repeat(one_bend, counts)
        one_left, one_right = left[at], right[at]
    with np.errstate(invalid="ignore", over="ignore"):  # irregular ones are not kept
        measures = _bent_strip_measures(one_left.reshape(-1, 3, 2), one_right.reshape(-1, 3, 2))
    measures = measures[unbuilt[one_bend]]
    ok &= ~unbuilt
    keep = np.repeat(ok, counts)
    ring, size = strip_rings(left[keep], right[keep], counts[ok])
    polygons = np.asarray(
        shapely.from_ragged_array(
            shapely.GeometryType.POLYGON,
            ring,
            (np.r_[0, np.cumsum(size)], np.arange(len(size) + 1)),
        ),
        dtype=object,
    )
    # With more than one bend a strip could fold over itself; GEOS would then clean it up.
    folded = counts[ok] > 3
    folded[folded] = ~shapely.is_valid(polygons[folded])
    polygons[folded] = None
    out[ok] = polygons
    made = ok | unbuilt
    made[np.flatnonzero(ok)[folded]] = False
    return out, made, unbuilt, measures


def _bent_strip_measures(
    left: npt.NDArray[np.float64], right: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Envelopes and areas (:data:`MEASURES`) of one-bend strips from outlines ``(n, 3, 2)``.

    The ring is the one :func:`gbda_core.strips.strip_rings` makes: the left outline forward,
    the right one back, closed; its vertices are taken one at a time instead of copied.
    """
    ring = [left[:, 0], left[:, 1], left[:, 2], right[:, 2], right[:, 1], right[:, 0], left[:, 0]]
    out = np.empty((len(left), MEASURES))
    out[:, :4] = vertex_bounds(ring[:-1])
    out[:, 4] = vertex_area([v[:, 0] for v in ring], [v[:, 1] for v in ring])
    return out


def _strip_polygons(
    lines: npt.NDArray[np.object_], half_width: npt.NDArray[np.float64]
) -> npt.NDArray[np.object_]:
    """Make strips of lines with regular bends in numpy (None where they cannot be)."""
    return _bent_strips(lines, half_width)[0]


def _simple_polygons(coords: npt.NDArray[np.float64]) -> npt.NDArray[np.object_]:
    """Polygons without holes from closed rings of equal length, shape (n, vertices, 2).

    ``shapely.from_ragged_array`` builds each polygon once; ``shapely.polygons`` on a 3-D array
    builds the rings and then copies them into the polygons, which takes twice as long.
    """
    n, vertices = coords.shape[:2]
    ring_offsets = np.arange(0, n * vertices + 1, vertices, dtype=np.int64)
    polygon_offsets = np.arange(n + 1, dtype=np.int64)
    return np.asarray(
        shapely.from_ragged_array(
            shapely.GeometryType.POLYGON,
            coords.reshape(-1, 2),
            (ring_offsets, polygon_offsets),
        ),
        dtype=object,
    )


def _strip_buffer(
    lines: npt.NDArray[np.object_], half_width: npt.NDArray[np.float64]
) -> npt.NDArray[np.object_]:
    return np.asarray(
        shapely.buffer(
            lines, half_width, cap_style="flat", join_style="mitre", mitre_limit=MITRE_LIMIT
        )
    )


def polygonal_part_or_self(geoms: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    """Reduce geometry collections to their polygonal part; leave other geometries alone."""
    if (shapely.get_type_id(geoms) == 7).any():
        return polygonal_part(geoms)
    return geoms


def concat(parts: list[Footprints]) -> Footprints:
    """Concatenate footprints of several layers (one layer's come back as they are)."""
    if len(parts) == 1:
        return parts[0]
    return Footprints(
        stored=np.concatenate([p.stored for p in parts]) if parts else np.empty(0, object),
        original=np.concatenate([p.original for p in parts]) if parts else np.empty(0, object),
        kind=np.concatenate([p.kind for p in parts]) if parts else np.empty(0, np.int8),
        type_index=np.concatenate([p.type_index for p in parts])
        if parts
        else np.empty(0, np.int32),
        rows=np.concatenate([p.rows for p in parts]) if parts else np.empty(0, np.int64),
        layer_index=np.concatenate([p.layer_index for p in parts])
        if parts
        else np.empty(0, np.int32),
        strip_half_width=np.concatenate([p.strip_half_width for p in parts])
        if parts
        else np.empty(0),
        quad_row=np.concatenate(
            [np.empty(0, dtype=np.intp)]
            + [np.where(p.quad_row >= 0, p.quad_row + offset, -1) for p, offset in _offsets(parts)]
        ),
        quads=concat_tables([p.quads for p in parts]),
        single=np.concatenate([np.zeros(0, dtype=bool)] + [p.single for p in parts]),
        lazy=np.concatenate([np.zeros(0, dtype=bool)] + [p.lazy for p in parts]),
        point_radius=np.concatenate([np.empty(0)] + [p.point_radius for p in parts]),
        bounds=np.concatenate([np.empty((0, 4))] + [p.bounds for p in parts]),
        area=np.concatenate([np.empty(0)] + [p.area for p in parts]),
    )


def _offsets(parts: list[Footprints]) -> list[tuple[Footprints, int]]:
    """Each layer's footprints with the rows of ``quads`` before its own."""
    starts = np.cumsum([0] + [len(p.quads.corners) for p in parts])[:-1]
    return [(p, int(start)) for p, start in zip(parts, starts, strict=True)]
