"""The region index against brute force: every pair found, and 'inside' exactly right."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gbda_core.parts import convex_quads
from gbda_core.regions import RegionIndex


def brute_force(regions, geoms):
    pairs = {}
    for r, region in enumerate(regions):
        for g, geom in enumerate(geoms):
            if shapely.intersects(region, geom):
                pairs[(r, g)] = bool(shapely.contains_properly(region, geom))
    return pairs


def as_dict(index, geoms):
    r, g, inside = index.pairs(np.array(geoms, dtype=object))
    out = {}
    for key, value in zip(zip(r.tolist(), g.tolist(), strict=True), inside.tolist(), strict=True):
        assert key not in out, f"pair {key} reported twice"
        out[key] = value
    return out


def check(regions, geoms, cell):
    index = RegionIndex(np.array(regions, dtype=object), cell_size=cell)
    found = as_dict(index, geoms)
    expected = brute_force(regions, geoms)
    # Every pair that shares area is found, with the right 'inside'; extra pairs may only be
    # geometries that touch a region's boundary (they clip to zero area).
    for key, inside in expected.items():
        if shapely.area(shapely.intersection(regions[key[0]], geoms[key[1]])) > 0 or inside:
            assert key in found, key
            assert found[key] == inside, key
    for key in set(found) - set(expected):
        raise AssertionError(f"pair {key} found but the geometries do not meet")


coords = st.floats(0, 1000, allow_nan=False, allow_infinity=False)


@st.composite
def boxes(draw, max_size=200.0):
    x, y = draw(coords), draw(coords)
    w = draw(st.floats(0.5, max_size))
    h = draw(st.floats(0.5, max_size))
    return shapely.box(x, y, x + w, y + h)


@st.composite
def regions_st(draw):
    # A split of 0..1000 into two halves, a nested box, and a region with a hole.
    cut = draw(st.floats(200, 800))
    hole = draw(boxes(max_size=150))
    return [
        shapely.box(0, 0, cut, 1000),
        shapely.box(cut, 0, 1000, 1000),
        shapely.box(100, 100, 600, 600),
        shapely.difference(shapely.box(0, 0, 1000, 1000), hole),
    ]


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(regions_st(), st.lists(boxes(), min_size=1, max_size=30), st.sampled_from([25.0, 100.0]))
def test_pairs_match_brute_force(regions, geoms, cell):
    check(regions, geoms, cell)


def test_lines_points_and_multiparts():
    regions = [shapely.box(0, 0, 500, 500), shapely.box(500, 0, 1000, 500)]
    geoms = [
        shapely.LineString([(10, 10), (20, 20)]),  # well inside
        shapely.LineString([(490, 10), (510, 10)]),  # crossing
        shapely.Point(250, 250).buffer(3),
        shapely.MultiPolygon([shapely.box(10, 10, 20, 20), shapely.box(800, 10, 810, 20)]),
        shapely.box(2000, 2000, 2010, 2010),  # outside all
    ]
    for cell in (10.0, 50.0, 250.0):
        check(regions, geoms, cell)


def test_empty_regions_and_geoms():
    index = RegionIndex(np.array([shapely.Polygon()], dtype=object))
    r, g, inside = index.pairs(np.array([shapely.box(0, 0, 1, 1)], dtype=object))
    assert len(r) == len(g) == len(inside) == 0


def test_grid_fast_path_is_taken_for_elements_away_from_borders():
    regions = np.array([shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)])
    index = RegionIndex(regions, cell_size=50.0)
    geoms = np.array([shapely.box(300, 300, 310, 310), shapely.box(995, 300, 1005, 310)])
    fast, _ = index._grid_cells(geoms)
    assert fast.tolist() == [True, False]
    r, g, inside = index.pairs(geoms)
    assert sorted(zip(r.tolist(), g.tolist(), inside.tolist(), strict=True)) == [
        (0, 0, True),
        (0, 1, False),
        (1, 1, False),
    ]


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(regions_st(), st.lists(boxes(), min_size=1, max_size=30), st.sampled_from([25.0, 100.0]))
def test_border_is_the_only_boundary_segment_met(regions, geoms, cell):
    index = RegionIndex(np.array(regions, dtype=object), cell_size=cell)
    geoms = np.array(geoms, dtype=object)
    r, g, inside, border = index.pairs_with_borders(geoms)
    assert (border[inside] == -1).all()
    for region, geom, seg in zip(r[~inside], g[~inside], border[~inside], strict=True):
        mine = np.flatnonzero(index.segment_region == region)
        meets = mine[shapely.intersects(index.segments[mine], geoms[geom])]
        assert (seg >= 0) == (len(meets) == 1)
        if seg >= 0:
            assert seg == meets[0]


def test_region_lies_left_of_its_segments_as_marked():
    outer = shapely.box(0, 0, 100, 100)
    regions = np.array(
        [
            shapely.Polygon(outer.exterior.coords, [shapely.box(40, 40, 60, 60).exterior.coords]),
            shapely.Polygon(
                outer.exterior.coords[::-1], [shapely.box(20, 20, 30, 30).exterior.coords[::-1]]
            ),
            shapely.MultiPolygon([shapely.box(200, 0, 210, 10), shapely.box(300, 0, 310, 10)]),
        ],
        dtype=object,
    )
    index = RegionIndex(regions)
    start, end = index.segment_xy[:, 0], index.segment_xy[:, 1]
    mid = (start + end) / 2
    d = end - start
    left = mid + np.stack([-d[:, 1], d[:, 0]], axis=1) * 1e-3
    inside = shapely.contains_xy(regions[index.segment_region], left[:, 0], left[:, 1])
    assert (inside == index.segment_left).all()
    assert len(index.segments) == 4 * 2 + 4 * 2 + 4 * 2


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    st.lists(
        st.tuples(
            st.floats(-20, 20), st.floats(-20, 20), st.floats(-20, 20), st.floats(-20, 20),
            st.floats(0, 10), st.floats(0, 10), st.floats(-12, 12), st.floats(-12, 12),
        ),
        min_size=1,
        max_size=30,
    )
)  # fmt: skip
def test_line_misses_box_is_never_wrong(cases):
    # The cut that spares GEOS most segment tests: "misses" must never be said of a segment
    # that meets the box, also where it only touches a corner or runs along an edge.
    from gbda_core.regions import line_misses_box

    x0, y0 = 155_000.0, 463_000.0  # RD coordinates: as large as real ones
    seg, box = [], []
    for ax, ay, bx, by, w, h, ox, oy in cases:
        seg.append([[x0 + ax, y0 + ay], [x0 + bx, y0 + by]])
        box.append([x0 + ox, y0 + oy, x0 + ox + w, y0 + oy + h])
    # Touching cases made exactly: a segment through a corner and one along an edge.
    seg += [[[x0 - 5, y0 - 5], [x0 + 5, y0 + 5]], [[x0, y0 - 3], [x0, y0 + 3]]]
    box += [[x0, y0 - 9, x0 + 7, y0], [x0, y0, x0 + 2, y0 + 1]]
    seg, box = np.array(seg), np.array(box)
    misses = line_misses_box(seg, box)
    lines = shapely.linestrings(seg)
    # Extend each segment 1 km both ways: its line, as far as the box (within 50 m) can tell.
    d = seg[:, 1] - seg[:, 0]
    length = np.hypot(d[:, 0], d[:, 1])
    u = d / np.where(length > 0, length, 1.0)[:, None]
    far = shapely.linestrings(np.stack([seg[:, 0] - 1e3 * u, seg[:, 1] + 1e3 * u], axis=1))
    boxes = shapely.box(*box.T)
    assert not (misses & shapely.intersects(lines, boxes)).any()
    assert not misses[-2:].any()
    # And it does prove something: lines far from their box are marked.
    clear = ~shapely.intersects(far, shapely.buffer(boxes, 1.0)) & (length > 1e-3)
    assert misses[clear].all()


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(regions_st(), st.lists(boxes(), min_size=1, max_size=30), st.sampled_from([25.0, 100.0]))
def test_tabulated_boxes_give_the_same_pairs_as_geos(regions, geoms, cell):
    # Boxes given with their convex table rows are related to borders in numpy first.
    index = RegionIndex(np.array(regions, dtype=object), cell_size=cell)
    geoms = np.array(geoms, dtype=object)
    rows, table = convex_quads(geoms)
    assert (rows >= 0).all()
    plain = index.pairs_with_borders(geoms)
    tabled = index.pairs_with_borders(geoms, quads=(rows, table))
    for a, b in zip(plain, tabled, strict=True):
        np.testing.assert_array_equal(a, b)
    # Marked as single polygons, they give the same pairs again.
    marked = index.pairs_with_borders(geoms, single=np.ones(len(geoms), dtype=bool))
    for a, b in zip(plain, marked, strict=True):
        np.testing.assert_array_equal(a, b)


def test_boundary_grid_is_the_same_in_any_number_of_sample_chunks(monkeypatch):
    rng = np.random.default_rng(7)
    centres = rng.uniform(0, 5_000, (12, 2))
    radii = rng.uniform(50, 900, 12)
    regions = np.array(
        [shapely.Point(x, y).buffer(r) for (x, y), r in zip(centres, radii, strict=True)]
        + [shapely.box(-10, -10, 5_010, 5_010).difference(shapely.box(100, 100, 4_000, 4_000))],
        dtype=object,
    )
    whole = RegionIndex(regions, cell_size=25.0).boundary_grid
    monkeypatch.setattr("gbda_core.regions.SAMPLE_CHUNK", 7)  # groups of one or two segments
    chunked = RegionIndex(regions, cell_size=25.0).boundary_grid
    assert whole.sum() > 1_000
    np.testing.assert_array_equal(chunked, whole)
