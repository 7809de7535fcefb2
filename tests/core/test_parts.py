"""Convex parts of footprints: tabulated when built, or found when the engine asks."""

from __future__ import annotations

import numpy as np
import shapely
import shapely.affinity
from hypothesis import given, settings
from hypothesis import strategies as st

from gbda_core.geometry import KIND_LINE, build_footprints, check_validity
from gbda_core.parts import convex_quads, polygon_parts, split_footprints
from gbda_core.vocabulary import load_vocabulary

X0, Y0 = 155_000.0, 463_000.0  # RD New: coordinates as large as real ones


def test_convex_quads_tabulates_strictly_convex_quadrilaterals_only():
    geoms = np.array(
        [
            shapely.box(X0, Y0, X0 + 10, Y0 + 5),  # box
            shapely.Polygon([(X0, Y0), (X0 + 1, Y0 + 1), (X0 + 1, Y0), (X0, Y0 + 1)]),  # bow tie
            shapely.Polygon([(X0, Y0), (X0 + 4, Y0), (X0 + 1, Y0 + 1), (X0, Y0 + 4)]),  # dent
            shapely.Polygon([(X0, Y0), (X0 + 1, Y0), (X0 + 2, Y0), (X0 + 1, Y0 + 1)]),  # flat
            shapely.Point(X0, Y0).buffer(3, quad_segs=2),  # octagon: not a quadrilateral
            shapely.box(X0, Y0, X0 + 9, Y0 + 9) - shapely.box(X0 + 1, Y0 + 1, X0 + 2, Y0 + 2),
            shapely.LineString([(X0, Y0), (X0 + 1, Y0)]),
            None,
            shapely.Polygon(),
        ],
        dtype=object,
    )  # fmt: skip
    row, table = convex_quads(geoms)
    assert row.tolist() == [0, -1, -1, -1, -1, -1, -1, -1, -1]
    assert np.array_equal(table.vertices[0], shapely.get_coordinates(geoms[0])[:4])


def test_check_validity_is_shapely_is_valid():
    geoms = np.array(
        [
            shapely.box(X0, Y0, X0 + 10, Y0 + 5),
            shapely.Polygon([(X0, Y0), (X0 + 1, Y0 + 1), (X0 + 1, Y0), (X0, Y0 + 1)]),  # bow tie
            shapely.Polygon([(X0, Y0), (X0 + 4, Y0), (X0 + 1, Y0 + 1), (X0, Y0 + 4)]),  # dent
            shapely.Polygon([(X0, Y0, 1), (X0 + 2, Y0, 1), (X0 + 2, Y0 + 1, 2), (X0, Y0 + 1, 2)]),
            shapely.LineString([(X0, Y0), (X0, Y0)]),
            shapely.Point(X0, Y0),
            None,
        ],
        dtype=object,
    )  # fmt: skip
    valid, row, _ = check_validity(geoms)
    assert valid.tolist() == shapely.is_valid(geoms).tolist() == [
        True, False, True, True, False, True, False,
    ]  # fmt: skip
    assert row.tolist() == [0, -1, -1, 1, -1, -1, -1]


@st.composite
def element_layers(draw):
    """Boxes (some rotated, some bow ties), straight and bent lines and points near (X0, Y0)."""
    geoms = []
    for _ in range(draw(st.integers(1, 12))):
        x, y = X0 + draw(st.floats(0, 200)), Y0 + draw(st.floats(0, 200))
        kind = draw(st.sampled_from(["box", "bow", "line", "bent", "point"]))
        if kind == "box":
            box = shapely.box(x, y, x + draw(st.floats(0.5, 40)), y + draw(st.floats(0.5, 9)))
            geoms.append(shapely.affinity.rotate(box, draw(st.floats(0, 180))))
        elif kind == "bow":
            geoms.append(shapely.Polygon([(x, y), (x + 3, y + 3), (x + 3, y), (x, y + 3)]))
        elif kind == "line":
            geoms.append(shapely.LineString([(x, y), (x + draw(st.floats(-50, 50)), y + 7)]))
        elif kind == "bent":
            geoms.append(shapely.LineString([(x, y), (x + 30, y), (x + 30, y + 20)]))
        else:
            geoms.append(shapely.Point(x, y))
    return np.array(geoms, dtype=object)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(element_layers())
def test_tabulated_parts_are_the_parts_found_on_request(geoms):
    # The engine's pair tests must see the same convex parts whether they were tabulated when
    # the footprints were built or are found when asked for.
    vocabulary = load_vocabulary()
    n = len(geoms)
    lines = shapely.get_type_id(geoms) == 1
    types = np.where(
        lines, vocabulary.codes.index("heg"), vocabulary.codes.index("houtwal")
    ).astype(np.int32)
    types[shapely.get_type_id(geoms) == 0] = vocabulary.codes.index("solitaire_boom")
    valid, row, quads = check_validity(geoms)
    fp, _ = build_footprints(
        geoms, types, np.full(n, np.nan), vocabulary, rows=np.arange(n), layer_index=0,
        valid=valid, quads=(row, quads),
    )  # fmt: skip
    idx = np.arange(len(fp))
    is_line = fp.kind == KIND_LINE
    with_table = fp.split(idx)
    without = split_footprints(idx, fp.footprint, fp.original, is_line, fp.strip_half_width)
    assert with_table.count.tolist() == without.count.tolist()
    for k in np.flatnonzero(with_table.count):
        a = slice(with_table.first[k], with_table.first[k] + with_table.count[k])
        b = slice(without.first[k], without.first[k] + without.count[k])
        assert np.array_equal(with_table.table.vertices[a, :4], without.table.vertices[b, :4])
        assert with_table.table.corners[a].tolist() == without.table.corners[b].tolist()
        assert with_table.table.ccw[a].tolist() == without.table.ccw[b].tolist()
        assert np.array_equal(with_table.axis[a], without.axis[b], equal_nan=True)
    # Footprints marked single are one polygon each: the region index skips counting parts.
    marked = fp.footprint[fp.single]
    assert (shapely.get_type_id(marked) == 3).all()
    drawn_as_polygon = np.isin(shapely.get_type_id(fp.original), [3, 6])
    assert (fp.single == (~drawn_as_polygon | (fp.quad_row >= 0))).all()
    # Boxes and straight strips were tabulated when built; octagons are found on request.
    boxes = polygon_parts(fp.footprint).count > 0
    quadrilateral = shapely.get_num_coordinates(fp.footprint) == 5
    assert ((fp.quad_row >= 0) == (boxes & quadrilateral)).all()


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(element_layers(), st.floats(0.5, 12.0))
def test_footprints_left_unbuilt_are_the_eager_ones(geoms, width):
    # Octagons and strips with one bend are left unbuilt for the engine: what it uses instead
    # (envelopes, areas, convex parts) and the polygons built on request must
    # be what building them at once gives, bit for bit.
    vocabulary = load_vocabulary()
    n = len(geoms)
    kinds = shapely.get_type_id(geoms)
    types = np.full(n, vocabulary.codes.index("houtwal"), dtype=np.int32)
    types[kinds == 0] = vocabulary.codes.index("solitaire_boom")
    widths = np.where(kinds == 1, width, np.nan)
    where = {"rows": np.arange(n), "layer_index": 0}
    eager, _ = build_footprints(geoms, types, widths, vocabulary, **where)
    lazy, _ = build_footprints(geoms, types, widths, vocabulary, lazy=True, **where)
    assert not eager.lazy.any()
    assert lazy.lazy[kinds == 0].all()  # every point's octagon
    one_bend = (kinds == 1) & (shapely.get_num_coordinates(geoms) == 3)
    assert lazy.lazy[one_bend].all()  # every strip with one (regular) bend
    assert shapely.is_missing(lazy.stored[lazy.lazy]).all()
    expected = eager.footprint
    on_request = lazy.polygons(np.arange(n)[::-1])[::-1]
    assert shapely.equals_exact(on_request, expected, tolerance=0.0).all()
    np.testing.assert_array_equal(lazy.bounds, shapely.bounds(expected))
    np.testing.assert_array_equal(lazy.areas(np.arange(n)), shapely.area(expected))
    np.testing.assert_array_equal(lazy.area[lazy.lazy], shapely.area(expected[lazy.lazy]))
    assert np.isnan(lazy.area[~lazy.lazy]).all()  # GEOS's, when asked for
    assert (shapely.get_type_id(expected[lazy.single]) == 3).all()
    # Their convex parts are the ones found from the polygons.
    idx = np.arange(n)
    a, b = lazy.split(idx), eager.split(idx)
    assert a.count.tolist() == b.count.tolist()
    for k in np.flatnonzero(a.count):
        ra = slice(a.first[k], a.first[k] + a.count[k])
        rb = slice(b.first[k], b.first[k] + b.count[k])
        w = int(a.table.corners[ra].max())
        assert np.array_equal(a.table.vertices[ra, :w], b.table.vertices[rb, :w])
        assert a.table.ccw[ra].tolist() == b.table.ccw[rb].tolist()
        assert np.array_equal(a.axis[ra], b.axis[rb], equal_nan=True)
    # The property builds them all once, and they stay built.
    assert shapely.equals_exact(lazy.footprint, expected, tolerance=0.0).all()
    assert not lazy.lazy.any()


def test_unbuilt_measures_of_many_bent_lines_and_points_equal_geos():
    # A layer of lines that all have one bend, and many points of several sizes, at Dutch RD
    # magnitudes: the envelopes and areas taken from their outlines and centres are GEOS's.
    vocabulary = load_vocabulary()
    rng = np.random.default_rng(12)
    n = 3000
    x, y = rng.uniform(10_000, 280_000, n), rng.uniform(300_000, 620_000, n)
    turn = rng.uniform(0.3, 2.5, n) * rng.choice([-1, 1], n)
    heading = rng.uniform(0, 2 * np.pi, n)
    length = rng.uniform(10, 200, (n, 2))
    mid = np.column_stack([x + length[:, 0] * np.cos(heading), y + length[:, 0] * np.sin(heading)])
    end = mid + length[:, 1:] * np.column_stack([np.cos(heading + turn), np.sin(heading + turn)])
    lines = shapely.linestrings(np.stack([np.column_stack([x, y]), mid, end], axis=1))
    points = shapely.points(x + 0.123, y - 0.456)
    codes = vocabulary.codes
    point_types = rng.choice([codes.index("solitaire_boom"), codes.index("knotboom")], n)
    for geoms, types, widths in (
        (lines, np.full(n, codes.index("heg")), rng.uniform(0.5, 12.0, n)),
        (points, point_types, np.full(n, np.nan)),
    ):
        types = types.astype(np.int32)
        where = {"rows": np.arange(n), "layer_index": 0}
        lazy, _ = build_footprints(geoms, types, widths, vocabulary, lazy=True, **where)
        eager, _ = build_footprints(geoms, types, widths, vocabulary, **where)
        assert lazy.lazy.mean() > 0.99
        np.testing.assert_array_equal(lazy.bounds, shapely.bounds(eager.footprint))
        np.testing.assert_array_equal(
            lazy.area[lazy.lazy], shapely.area(eager.footprint[lazy.lazy])
        )
