"""The numpy kernels for convex polygons against GEOS: never a wrong answer, same areas."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gbda_core.convex import (
    APART,
    OVERLAPPING,
    UNDECIDED,
    ConvexTable,
    concat_tables,
    convex_rings,
    convex_table,
    halfplane_length,
    intersection_area,
    quad_table,
    relate,
    ring_coordinates,
    rings_to_table,
    segment_relate,
    table_area,
    table_halfplane_area,
)
from gbda_core.envelopes import envelope_pairs
from gbda_core.geometry import build_footprints
from gbda_core.overlap import envelopes_meet, near_part_pairs, part_envelopes, table_envelopes
from gbda_core.parts import part_pairs
from gbda_core.vocabulary import load_vocabulary

PROPS = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
X0, Y0 = 155_000.0, 463_000.0  # RD New, near Amersfoort: coordinates as large as real ones
ORIGIN = np.array([X0, Y0])


def rings_of(geoms):
    return convex_rings(*ring_coordinates(np.asarray(geoms, dtype=object)))


@st.composite
def convex_polygons(draw, max_size=60.0):
    """Rotated rectangles, regular polygons and triangles, some tiny, near (X0, Y0)."""
    cx = X0 + draw(st.floats(-100, 100))
    cy = Y0 + draw(st.floats(-100, 100))
    shape = draw(st.sampled_from(["box", "regular", "triangle"]))
    angle = draw(st.floats(0, 2 * np.pi))
    if shape == "box":
        w, h = draw(st.floats(0.01, max_size)), draw(st.floats(0.01, max_size))
        corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2
    elif shape == "regular":
        n = draw(st.integers(5, 8))
        r = draw(st.floats(0.05, max_size))
        a = np.arange(n) * 2 * np.pi / n
        corners = np.stack([r * np.cos(a), r * np.sin(a)], axis=1)
    else:
        corners = np.array(draw(st.lists(st.tuples(st.floats(-30, 30), st.floats(-30, 30)),
                                         min_size=3, max_size=3)))  # fmt: skip
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    xy = corners @ rot.T + [cx, cy]
    if draw(st.booleans()):
        xy = xy[::-1]  # both orientations
    return shapely.Polygon(xy)


def test_convex_rings_accepts_convex_and_refuses_the_rest():
    geoms = [
        shapely.box(0, 0, 10, 5),
        shapely.Polygon([(0, 0), (4, 0), (0, 3)]),
        shapely.Point(X0, Y0).buffer(3, quad_segs=2),  # an octagon
        shapely.Polygon([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2)]),  # dent
        shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)]),  # bow tie
        shapely.Polygon([(0, 0), (1, 0), (2, 0), (1, 1)]),  # three in a row
        shapely.Polygon([(0, 0), (1, 0), (1, 0), (1, 1)]),  # repeated vertex
        shapely.Polygon(
            np.stack(
                [np.cos(np.arange(5) * 4 * np.pi / 5), np.sin(np.arange(5) * 4 * np.pi / 5)], 1
            )
        ),  # pentagram: turns one way everywhere but winds twice
        shapely.box(0, 0, np.inf, 1),  # not finite
    ]
    assert rings_of(geoms).tolist() == [True, True, True] + [False] * 6


@PROPS
@given(st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=3, max_size=7))
def test_convex_rings_only_accepts_valid_polygons(points):
    xy = np.array(points) + ORIGIN
    polygon = shapely.Polygon(xy)
    if rings_of([polygon])[0]:
        assert shapely.is_valid(polygon)
        assert shapely.area(shapely.convex_hull(polygon)) == pytest.approx(shapely.area(polygon))


def table_of(geoms):
    ok, table = convex_table(np.asarray(geoms, dtype=object))
    assert ok.all()
    return table


def tabulated(geoms):
    """The geometries that pass the convexity check (degenerate ones go to GEOS)."""
    geoms = np.asarray(geoms, dtype=object)
    return geoms[convex_table(geoms)[0]]


def tabulated_pairs(pairs):
    """The pairs whose polygons both pass the convexity check, as two arrays and one table."""
    pairs = [(p, q) for p, q in pairs if len(tabulated([p, q])) == 2]
    assume(pairs)
    a = np.array([p for p, _ in pairs], dtype=object)
    b = np.array([q for _, q in pairs], dtype=object)
    return a, b, table_of(np.concatenate([a, b]))


@PROPS
@given(st.lists(st.tuples(convex_polygons(), convex_polygons()), min_size=1, max_size=12))
def test_relate_is_never_wrong_and_intersection_area_is_geos(pairs):
    a, b, table = tabulated_pairs(pairs)
    i = np.arange(len(a))
    j = i + len(a)
    how = relate(table, i, j)
    apart = how == APART
    assert not (apart & shapely.intersects(a, b)).any()
    far = shapely.distance(a, b) > 1e-6 * np.maximum(shapely.length(a), shapely.length(b))
    assert (apart[far]).all()  # a clear gap is always found
    overlapping = how == OVERLAPPING
    interiors_meet = shapely.intersects(a, b) & ~shapely.touches(a, b)
    assert not (overlapping & ~interiors_meet).any()
    deep = shapely.area(shapely.intersection(a, b)) > 1e-6 * np.maximum(
        shapely.area(a), shapely.area(b)
    )
    assert overlapping[deep].all()  # a clear overlap is always found
    np.testing.assert_allclose(
        intersection_area(table, i, j),
        shapely.area(shapely.intersection(a, b)),
        rtol=1e-9,
        atol=1e-6,
    )


@PROPS
@given(st.lists(st.tuples(convex_polygons(), convex_polygons()), min_size=1, max_size=12))
def test_part_envelopes_are_geos_bounds_and_apart_ones_never_meet(pairs):
    # The overlap step settles part pairs whose envelopes are apart without relating them.
    a, b, table = tabulated_pairs(pairs)
    envelopes = table_envelopes(table, np.arange(2 * len(a)))
    np.testing.assert_array_equal(envelopes, shapely.bounds(np.concatenate([a, b])))
    i = np.arange(len(a))
    meet = envelopes_meet(envelopes, i, i + len(a))
    assert not (~meet & shapely.intersects(a, b)).any()
    boxes_meet = shapely.intersects(shapely.envelope(a), shapely.envelope(b))
    assert meet.tolist() == boxes_meet.tolist()


def test_relate_hand_cases():
    box = shapely.box(X0, Y0, X0 + 10, Y0 + 4)
    cases = [
        (shapely.box(X0 + 5, Y0 + 1, X0 + 15, Y0 + 3), OVERLAPPING),  # a corner each inside
        (shapely.box(X0 + 4, Y0 - 5, X0 + 6, Y0 + 9), OVERLAPPING),  # a cross: no corner inside
        (shapely.box(X0 + 1, Y0 + 1, X0 + 2, Y0 + 2), OVERLAPPING),  # wholly inside
        (shapely.box(X0 + 10, Y0, X0 + 12, Y0 + 4), UNDECIDED),  # sharing an edge: GEOS decides
        (shapely.box(X0 + 10, Y0 + 4, X0 + 12, Y0 + 6), UNDECIDED),  # touching at a corner
        (shapely.box(X0 + 10.5, Y0, X0 + 12, Y0 + 4), APART),
        (shapely.Point(X0 + 5, Y0 + 6).buffer(2.5, quad_segs=2), OVERLAPPING),  # an octagon
        (shapely.Point(X0 + 5, Y0 + 7).buffer(2.5, quad_segs=2), APART),
        # Around the box on all sides, so each of its edge lines has a corner of this triangle
        # inside; but the long edge passes through the box's corner (touching) or by it.
        (shapely.Polygon([(X0 - 90, Y0 + 90), (X0 + 90, Y0 - 90), (X0 - 90, Y0 - 90)]), UNDECIDED),
        (shapely.Polygon([(X0 - 91, Y0 + 90), (X0 + 90, Y0 - 91), (X0 - 91, Y0 - 91)]), APART),
    ]
    others = [g for g, _ in cases]
    table = table_of([box, *others])
    how = relate(table, np.zeros(len(cases), dtype=np.intp), np.arange(1, len(cases) + 1))
    assert how.tolist() == [code for _, code in cases]
    # The same answers the other way round.
    how = relate(table, np.arange(1, len(cases) + 1), np.zeros(len(cases), dtype=np.intp))
    assert how.tolist() == [code for _, code in cases]


@st.composite
def segments_near(draw, polygon):
    """Segments near a polygon: free, or from one of its corners or along one of its edges."""
    xy = np.asarray(polygon.exterior.coords)[:-1]
    k = draw(st.integers(0, len(xy) - 1))
    offset = st.floats(-80, 80)
    free = [X0 + draw(offset), Y0 + draw(offset)]
    start = draw(st.sampled_from([free, list(xy[k])]))
    how = draw(st.sampled_from(["free", "along an edge", "through a corner"]))
    if how == "free":
        end = [X0 + draw(offset), Y0 + draw(offset)]
    else:
        nxt = xy[(k + 1) % len(xy)]
        t = draw(st.sampled_from([-1.0, 0.5, 1.0, 2.0]))
        start = list(xy[k])
        end = list(xy[k] + t * (nxt - xy[k])) if how == "along an edge" else list(nxt)
    return np.array([start, end])


@PROPS
@given(st.data(), st.lists(convex_polygons(), min_size=1, max_size=10))
def test_segment_relate_is_never_wrong(data, polygons):
    polygons = [p for p in polygons if len(tabulated([p])) == 1]
    assume(polygons)
    table = table_of(polygons)
    segment = np.array([data.draw(segments_near(p)) for p in polygons])
    how = segment_relate(table, np.arange(len(polygons)), segment)
    meets = shapely.intersects(np.array(polygons, dtype=object), shapely.linestrings(segment))
    assert not (meets & (how == APART)).any()
    assert not (~meets & (how == OVERLAPPING)).any()
    dist = shapely.distance(np.array(polygons, dtype=object), shapely.linestrings(segment))
    assert (how[dist > 1e-6] == APART).all()  # a clear gap is always found


def test_segment_relate_hand_cases():
    box = shapely.box(X0, Y0, X0 + 10, Y0 + 4)
    cases = [
        ([(X0 - 5, Y0 + 2), (X0 + 15, Y0 + 2)], OVERLAPPING),  # straight through
        ([(X0 + 2, Y0 + 1), (X0 + 3, Y0 + 2)], OVERLAPPING),  # wholly inside
        ([(X0 + 2, Y0 + 1), (X0 + 30, Y0 + 2)], OVERLAPPING),  # from inside out
        ([(X0 - 5, Y0 + 4), (X0 + 15, Y0 + 4)], UNDECIDED),  # along an edge: GEOS decides
        ([(X0 + 10, Y0 + 4), (X0 + 15, Y0 + 9)], UNDECIDED),  # from a corner outwards
        ([(X0 - 5, Y0 + 5), (X0 + 15, Y0 + 5)], APART),  # above, parallel
        ([(X0 + 11, Y0 - 5), (X0 + 20, Y0 + 5)], APART),  # beyond the right edge
        ([(X0 + 7, Y0 + 9), (X0 + 16, Y0 + 1)], APART),  # past the corner, slanted
        ([(X0 + 3, Y0 + 2), (X0 + 3, Y0 + 2)], UNDECIDED),  # a point: no line to test
    ]
    table = table_of([box])
    how = segment_relate(
        table, np.zeros(len(cases), dtype=np.intp), np.array([c for c, _ in cases], dtype=float)
    )
    assert how.tolist() == [code for _, code in cases]


def half_plane(start, end, keep_left, reach=1e6):
    """A huge polygon on one side of the line through start and end."""
    d = (end - start) / np.hypot(*(end - start)) * reach
    n = np.array([-d[1], d[0]]) * (1 if keep_left else -1)
    return shapely.Polygon([start - d, end + d, end + d + n, start - d + n])


@PROPS
@given(
    st.lists(
        st.tuples(
            convex_polygons(),
            st.tuples(st.floats(-150, 150), st.floats(-150, 150)),
            st.floats(0, 2 * np.pi),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_halfplane_clip_is_geos_intersection_with_the_half_plane(cases):
    cases = [c for c in cases if len(tabulated([c[0]]))]
    assume(cases)
    geoms = np.array([c[0] for c in cases], dtype=object)
    start = np.array([c[1] for c in cases]) + ORIGIN
    end = start + np.stack([np.cos([c[2] for c in cases]), np.sin([c[2] for c in cases])], 1)
    keep = np.array([c[3] for c in cases])
    table = table_of(geoms)
    got = table_halfplane_area(table, np.arange(len(geoms)), start, end, keep)
    planes = [half_plane(s, e, k) for s, e, k in zip(start, end, keep, strict=True)]
    want = shapely.area(shapely.intersection(geoms, np.array(planes, dtype=object)))
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-6)
    lines = np.array([shapely.LineString(g.exterior.coords[:2]) for g in geoms], dtype=object)
    segments = shapely.get_coordinates(lines).reshape(-1, 2, 2)
    clipped = halfplane_length(segments, start, end, keep)
    np.testing.assert_allclose(
        clipped,
        shapely.length(shapely.intersection(lines, np.array(planes, dtype=object))),
        rtol=1e-9,
        atol=1e-6,
    )


def test_areas_have_the_same_bits_in_any_table_width():
    # A row's area must not depend on the other rows it is computed with (the dask engine
    # computes areas in partitions): padded columns are added in a fixed order.
    geoms = np.array(
        [shapely.box(X0, Y0, X0 + 3.3, Y0 + 7.1), shapely.Point(X0, Y0).buffer(2.7, quad_segs=2)]
    )
    table = table_of(geoms)
    narrow = table_of(geoms[:1])
    assert table.vertices.shape[1] == 8 and narrow.vertices.shape[1] == 4
    square = np.array([[X0, Y0], [X0 + 1, Y0], [X0 + 1, Y0 + 1], [X0, Y0 + 1]])
    square_16_wide = ConvexTable(  # padded by repeating its last vertex, as tables are
        np.concatenate([square, np.repeat(square[-1:], 12, axis=0)])[None],
        np.array([4]),
        np.array([True]),
    )
    wide = concat_tables([narrow, square_16_wide])  # narrow's row padded to 16 columns
    assert wide.vertices.shape == (2, 16, 2)
    assert (wide.vertices[0, 4:] == narrow.vertices[0, -1]).all()
    one = np.array([0])
    assert table_area(table, one)[0] == table_area(narrow, one)[0] == table_area(wide, one)[0]
    start, end, left = np.array([[X0 + 1, Y0]]), np.array([[X0 + 2, Y0 + 9]]), np.array([True])
    cut = [table_halfplane_area(t, one, start, end, left)[0] for t in (table, narrow, wide)]
    assert cut[0] == cut[1] == cut[2]


def test_table_rows_keep_orientation_and_corners():
    table = table_of([shapely.box(0, 0, 1, 1), shapely.box(0, 0, 1, 1).reverse()])
    assert isinstance(table, ConvexTable)
    assert table.corners.tolist() == [4, 4]
    assert table.ccw.tolist() == [bool(shapely.is_ccw(shapely.box(0, 0, 1, 1).exterior)), False]


@PROPS
@given(
    st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=4, max_size=4),
    st.lists(convex_polygons(), min_size=0, max_size=6),
)
def test_quad_table_is_rings_to_table_for_four_corner_rings(points, more):
    # Arbitrary four-corner rings (bow ties, dents, collinear corners) and real boxes: the
    # quick path must accept and tabulate exactly what the general one does.
    rings = [np.array(points + points[:1]) + ORIGIN]
    rings += [shapely.get_coordinates(g) for g in more if shapely.get_num_coordinates(g) == 5]
    ring = np.stack(rings)
    ok, table = quad_table(ring)
    ref_ok, ref = rings_to_table(ring.reshape(-1, 2), np.full(len(ring), 5, dtype=np.int64))
    assert ok.tolist() == ref_ok.tolist()
    assert np.array_equal(table.vertices.reshape(-1, 2), ref.vertices.reshape(-1, 2))
    assert table.corners.tolist() == ref.corners.tolist() == [4] * int(ok.sum())
    assert table.ccw.tolist() == ref.ccw.tolist()
    for polygon in shapely.polygons(ring[ok]):
        assert shapely.is_valid(polygon)


def test_quad_table_refuses_open_and_not_finite_rings():
    box = shapely.get_coordinates(shapely.box(X0, Y0, X0 + 4, Y0 + 2))
    open_ring = box.copy()
    open_ring[4] += 1.0
    not_finite = box.copy()
    not_finite[2, 0] = np.nan
    ok, table = quad_table(np.stack([box, open_ring, not_finite]))
    assert ok.tolist() == [True, False, False]
    assert len(table.corners) == 1
    empty_ok, empty = quad_table(np.zeros((0, 5, 2)))
    assert len(empty_ok) == 0 and empty.vertices.shape == (0, 4, 2)


def test_near_part_pairs_are_the_part_pairs_whose_envelopes_meet():
    # Strips with a bend (two parts), boxes and octagons (one part each) near one another:
    # only pairs with a split footprint have their part envelopes tested; the others meet as
    # their footprints' envelopes do. Either way the near part pairs are those that meet.
    vocabulary = load_vocabulary()
    rng = np.random.default_rng(3)
    n = 600
    x, y = rng.uniform(0, 400, n) + X0, rng.uniform(0, 400, n) + Y0
    kind = rng.integers(0, 3, n)  # 0 bent line, 1 box, 2 point
    vertices = [(x, y), (x + 20, y + 3), (x + 25, y + 20)]
    bent = shapely.linestrings(np.stack([np.column_stack(v) for v in vertices], axis=1))
    geoms = np.where(kind == 0, bent, shapely.box(x, y, x + 8, y + 5))
    geoms[kind == 2] = shapely.points(x, y)[kind == 2]
    codes = np.array(["heg", "bosje", "solitaire_boom"])[kind]
    types = np.array([vocabulary.codes.index(c) for c in codes], dtype=np.int32)
    fp, _ = build_footprints(
        geoms, types, np.full(n, 2.0), vocabulary, rows=np.arange(n), layer_index=0, lazy=True
    )
    left, right = envelope_pairs(fp.bounds)
    parts = fp.split(np.arange(n))
    single_parts = (kind[left] != 0) & (kind[right] != 0)
    found = {}
    for case, (i, j) in {
        "all": (left, right),
        "single parts": (left[single_parts], right[single_parts]),
    }.items():
        assert len(i) > 50
        pi, pj, pair, near = near_part_pairs(parts, partial(part_envelopes, parts, fp.bounds), i, j)
        assert [pi.tolist(), pj.tolist(), pair.tolist()] == [
            a.tolist() for a in part_pairs(parts, i, j)
        ]
        meet = envelopes_meet(part_envelopes(parts, fp.bounds), pi, pj)
        assert np.arange(len(pi))[near].tolist() == np.flatnonzero(meet).tolist()
        found[case] = (near, meet)
    assert not found["all"][1].all()  # some parts of strips lie apart
    assert isinstance(found["single parts"][0], slice)  # not tested again: all meet
    assert found["single parts"][1].all()
