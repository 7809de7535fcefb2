"""Hand-computed element footprints (gbda_core.geometry) and how the share engine uses them."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
import shapely.affinity
from hypothesis import given, settings
from hypothesis import strategies as st

from gbda_core.geometry import (
    MITRE_LIMIT,
    QUAD_SEGS,
    build_footprints,
    line_strips,
    point_polygons,
    point_radius,
    ring_area,
    ring_bounds,
)
from gbda_core.share import compute_share
from gbda_core.vocabulary import load_vocabulary

RD = "EPSG:28992"
VOC = load_vocabulary()
X0, Y0 = 155_000.0, 463_000.0  # somewhere near Amersfoort, in RD New


def frame(geoms, crs=RD, **columns):
    return gpd.GeoDataFrame(columns, geometry=list(geoms), crs=crs)


def big_area():
    return frame([shapely.box(X0, Y0, X0 + 1000, Y0 + 1000)], area_id=["a"])


def at(geom):
    """Move a geometry built around (0, 0) into the big area."""
    return shapely.affinity.translate(geom, X0 + 100, Y0 + 100)


def footprints(geoms, codes, widths=None):
    geoms = np.array(geoms, dtype=object)
    n = len(geoms)
    type_index = np.array([VOC.codes.index(c) for c in codes], dtype=np.int32)
    widths = np.full(n, np.nan) if widths is None else np.asarray(widths, dtype=float)
    return build_footprints(
        geoms, type_index, widths, VOC, rows=np.arange(n, dtype=np.int64), layer_index=0
    )


def share_row(els):
    res = compute_share(big_area(), els, id_field="area_id")
    return res, res.areas.set_index("area_id").loc["a"]


def test_straight_line_with_width_column():
    # heg, 100 m long, width 2 m from the width column: 200 m² (flat caps).
    els = frame([at(shapely.LineString([(0, 0), (100, 0)]))], element_type=["heg"], width_m=[2.0])
    _, r = share_row(els)
    assert r.element_ha * 1e4 == pytest.approx(200.0, rel=1e-9)
    assert r.line_km == pytest.approx(0.1)
    assert r.n_elements == 1


def test_straight_line_default_width():
    fp, problems = footprints([shapely.LineString([(0, 0), (0, 100)])], ["heg"])
    assert problems == []
    assert shapely.area(fp.footprint[0]) == pytest.approx(100 * VOC.get("heg").width_m.value)


def test_diagonal_line_area_is_length_times_width():
    line = shapely.LineString([(0, 0), (30, 40)])  # 50 m
    fp, _ = footprints([line], ["heg"], [2.0])
    assert shapely.area(fp.footprint[0]) == pytest.approx(100.0, rel=1e-9)


def test_l_shaped_line_mitre_join_is_exact():
    # 10 m + 10 m at a right angle, 2 m wide: a mitred corner gives exactly 2 x 10 x 2 = 40 m².
    line = shapely.LineString([(0, 0), (10, 0), (10, 10)])
    fp, problems = footprints([line], ["heg"], [2.0])
    assert problems == []
    assert shapely.area(fp.footprint[0]) == pytest.approx(40.0, rel=1e-12)
    els = frame([at(line)], element_type=["heg"], width_m=[2.0])
    _, r = share_row(els)
    assert r.element_ha * 1e4 == pytest.approx(40.0, rel=1e-9)
    assert r.line_km == pytest.approx(0.02)


@pytest.mark.parametrize("code", ["solitaire_boom", "knotboom", "poel"])
def test_point_gets_exactly_its_vocabulary_area(code):
    expected = VOC.get(code).point_area_m2.value
    fp, problems = footprints([shapely.Point(3, 7)], [code])
    assert problems == []
    assert shapely.area(fp.footprint[0]) == pytest.approx(expected, rel=1e-9)
    _, r = share_row(frame([at(shapely.Point(0, 0))], element_type=[code]))
    assert r.element_ha * 1e4 == pytest.approx(expected, rel=1e-9)
    assert r.n_elements == 1


def test_point_radius_gives_the_regular_polygon_its_area():
    # A regular n-gon with circumradius r has area n / 2 * r² * sin(2π / n).
    n = 4 * QUAD_SEGS
    r = float(point_radius(20.0))
    assert n / 2 * r**2 * np.sin(2 * np.pi / n) == pytest.approx(20.0, rel=1e-12)
    assert shapely.area(shapely.buffer(shapely.Point(0, 0), r, quad_segs=QUAD_SEGS)) == (
        pytest.approx(20.0, rel=1e-12)
    )


def test_multipoint_counts_each_point():
    boom = VOC.get("solitaire_boom").point_area_m2.value
    pts = shapely.MultiPoint([(0, 0), (50, 0), (0, 50)])
    fp, _ = footprints([pts], ["solitaire_boom"])
    assert shapely.area(fp.footprint[0]) == pytest.approx(3 * boom, rel=1e-9)


def test_bow_tie_is_repaired_and_counted_with_its_true_area():
    # Self-intersecting bow-tie: two triangles of 25 m² each meeting at (25, 25).
    bow_tie = shapely.Polygon([(20, 20), (30, 30), (30, 20), (20, 30)])
    assert not bow_tie.is_valid
    fp, problems = footprints([shapely.box(0, 0, 1, 1), bow_tie], ["bosje", "bosje"])
    kinds = {p.kind: p for p in problems}
    assert set(kinds) == {"repaired_geometry"}
    assert kinds["repaired_geometry"].rows == (1,)
    assert kinds["repaired_geometry"].action == "repaired"
    assert shapely.area(fp.footprint[1]) == pytest.approx(50.0)
    res, r = share_row(frame([at(bow_tie)], element_type=["bosje"]))
    assert r.element_ha * 1e4 == pytest.approx(50.0)
    repaired = [p for p in res.problems if p.kind == "repaired_geometry"]
    assert len(repaired) == 1
    assert repaired[0].rows == (0,)


def test_null_and_empty_geometries_reported_and_skipped():
    geoms = [
        shapely.box(0, 0, 10, 10),
        None,
        shapely.Polygon(),
        shapely.LineString(),
        shapely.Point(),
        shapely.LineString([(0, 0), (10, 0)]),
    ]
    codes = ["bosje", "bosje", "bosje", "heg", "solitaire_boom", "heg"]
    fp, problems = footprints(geoms, codes, [np.nan] * 5 + [2.0])
    kinds = {p.kind: p for p in problems}
    assert set(kinds) == {"null_geometry"}
    assert kinds["null_geometry"].rows == (1, 2, 3, 4)
    assert kinds["null_geometry"].action == "skipped"
    assert len(fp) == 2
    assert fp.rows.tolist() == [0, 5]
    assert shapely.area(fp.footprint).sum() == pytest.approx(100 + 20)


def test_null_geometry_skipped_by_the_share_engine():
    els = frame(
        [at(shapely.box(0, 0, 10, 10)), None, shapely.Polygon()],
        element_type=["bosje", "bosje", "bosje"],
    )
    res, r = share_row(els)
    assert r.element_ha * 1e4 == pytest.approx(100.0)
    assert r.n_elements == 1
    null = [p for p in res.problems if p.kind == "null_geometry"]
    assert len(null) == 1
    assert null[0].rows == (1, 2)


def test_multilinestring_counts_its_total_length():
    multi = shapely.MultiLineString([[(0, 0), (30, 0)], [(0, 100), (0, 140)]])  # 30 m + 40 m
    fp, problems = footprints([multi], ["heg"], [2.0])
    assert problems == []
    assert shapely.area(fp.footprint[0]) == pytest.approx(140.0, rel=1e-9)
    _, r = share_row(frame([at(multi)], element_type=["heg"], width_m=[2.0]))
    assert r.line_km == pytest.approx(0.07)
    assert r.element_ha * 1e4 == pytest.approx(140.0, rel=1e-9)
    assert r.n_elements == 1


def test_polygon_counts_as_drawn_with_a_hole():
    ring = shapely.Polygon(
        [(0, 0), (20, 0), (20, 20), (0, 20)], holes=[[(5, 5), (15, 5), (15, 15), (5, 15)]]
    )
    fp, _ = footprints([ring], ["poel"])
    assert shapely.area(fp.footprint[0]) == pytest.approx(300.0)


def test_3d_geometries_are_flattened():
    line = shapely.LineString([(0, 0, 5), (100, 0, 50)])
    fp, _ = footprints([line], ["heg"], [2.0])
    assert not shapely.has_z(fp.footprint[0])
    assert shapely.area(fp.footprint[0]) == pytest.approx(200.0)
    assert shapely.length(fp.original[0]) == pytest.approx(100.0)


def test_type_without_default_size_is_reported():
    # bosje is an area type: as a point or an unwidthed line it has no size.
    geoms = [shapely.Point(0, 0), shapely.LineString([(0, 0), (10, 0)])]
    fp, problems = footprints(geoms, ["bosje", "bosje"])
    assert len(fp) == 0
    kinds = {p.kind: p for p in problems}
    assert set(kinds) == {"no_default_size"}
    assert kinds["no_default_size"].rows == (0, 1)
    assert kinds["no_default_size"].value == "bosje"


def test_width_column_gives_an_area_type_drawn_as_line_a_size():
    fp, problems = footprints([shapely.LineString([(0, 0), (10, 0)])], ["bosje"], [4.0])
    assert problems == []
    assert shapely.area(fp.footprint[0]) == pytest.approx(40.0)


def test_zero_length_line_is_skipped_and_reported_once():
    # A line with two equal vertices is invalid; make_valid collapses it to nothing. It must be
    # reported once (as null or degenerate), with no empty "repaired" problem for zero rows.
    fp, problems = footprints([shapely.LineString([(5, 5), (5, 5)])], ["heg"], [2.0])
    assert len(fp) == 0
    assert all(p.count > 0 and p.rows for p in problems), problems
    assert [p.kind for p in problems] in (["degenerate_geometry"], ["null_geometry"])
    assert problems[0].rows == (0,)


# --- fast numpy paths for points and two-vertex lines must match shapely.buffer ---------------


def geos_strips(lines, half_width):
    return shapely.buffer(
        lines, half_width, cap_style="flat", join_style="mitre", mitre_limit=MITRE_LIMIT
    )


def assert_same_polygons(fast, ref):
    fast, ref = np.asarray(fast, dtype=object), np.asarray(ref, dtype=object)
    assert fast.shape == ref.shape
    # Same vertices in the same order (start vertex, clockwise ring, closing vertex) ...
    assert shapely.equals_exact(fast, ref, tolerance=1e-6).all()
    assert (shapely.get_num_coordinates(fast) == shapely.get_num_coordinates(ref)).all()
    # ... hence the same shape and area.
    assert shapely.equals_exact(
        shapely.normalize(fast), shapely.normalize(ref), tolerance=1e-6
    ).all()
    np.testing.assert_allclose(shapely.area(fast), shapely.area(ref), rtol=1e-9)
    assert shapely.is_valid(fast).all()


@pytest.mark.parametrize("origin", [(0.0, 0.0), (X0, Y0), (100_000.0, 400_000.0)])
def test_point_polygons_match_shapely_buffer(origin):
    rng = np.random.default_rng(1)
    xy = np.asarray(origin) + rng.uniform(-5_000, 5_000, (500, 2))
    radius = rng.uniform(0.05, 20, 500)
    points = shapely.points(xy)
    fast = point_polygons(points, radius)
    assert_same_polygons(fast, shapely.buffer(points, radius, quad_segs=QUAD_SEGS))
    assert not shapely.is_ccw(shapely.get_exterior_ring(fast)).any()
    assert (shapely.get_num_coordinates(fast) == 4 * QUAD_SEGS + 1).all()


def test_point_polygons_keep_multipoints_and_zero_radius_on_shapely_buffer():
    geoms = np.array(
        [shapely.Point(1, 2), shapely.MultiPoint([(0, 0), (50, 0)]), shapely.Point(3, 4)],
        dtype=object,
    )
    radius = np.array([2.0, 2.0, 0.0])
    fast = point_polygons(geoms, radius)
    ref = shapely.buffer(geoms, radius, quad_segs=QUAD_SEGS)
    assert shapely.get_type_id(fast[1]) == 6
    assert shapely.is_empty(fast[2])
    assert shapely.equals_exact(fast, ref, tolerance=1e-6).all()


def segment_cases(rng, origin, n=200):
    start = np.asarray(origin) + rng.uniform(-5_000, 5_000, (n, 2))
    step = rng.uniform(-80, 80, (n, 2))
    step[:20, 0] = 0.0  # vertical
    step[20:40, 1] = 0.0  # horizontal
    step[40:60, 1] = step[40:60, 0]  # diagonal
    step[60:80, 1] = -step[60:80, 0]  # anti-diagonal
    step[80:85] = [[0, 5], [0, -5], [5, 0], [-5, 0], [3, 4]]
    return shapely.linestrings(np.stack([start, start + step], axis=1))


@pytest.mark.parametrize("origin", [(0.0, 0.0), (X0, Y0), (100_000.0, 400_000.0)])
def test_segment_strips_match_shapely_buffer(origin):
    rng = np.random.default_rng(2)
    lines = segment_cases(rng, origin)
    half_width = rng.uniform(0.25, 5, len(lines))
    fast = line_strips(lines, half_width)
    assert_same_polygons(fast, geos_strips(lines, half_width))
    assert (shapely.get_num_coordinates(fast) == 5).all()
    np.testing.assert_allclose(
        shapely.area(fast), shapely.length(lines) * 2 * half_width, rtol=1e-9
    )


def assert_same_shapes(fast, ref):
    """Same polygon up to start vertex and float rounding of the mitre points."""
    fast, ref = np.asarray(fast, dtype=object), np.asarray(ref, dtype=object)
    assert shapely.equals_exact(
        shapely.normalize(fast), shapely.normalize(ref), tolerance=1e-6
    ).all()
    np.testing.assert_allclose(shapely.area(fast), shapely.area(ref), rtol=1e-9)
    assert (shapely.area(shapely.symmetric_difference(fast, ref)) <= 1e-9 * shapely.area(ref)).all()
    assert shapely.is_valid(fast).all()


def test_line_strips_keep_other_lines_on_shapely_buffer():
    geoms = np.array(
        [
            shapely.LineString([(0, 0), (10, 0), (10, 10)]),  # mitred bend: numpy
            shapely.LineString([(0, 0), (5, 0), (10, 0)]),  # straight, three vertices
            shapely.MultiLineString([[(0, 0), (30, 0)], [(0, 100), (0, 140)]]),
            shapely.LineString([(0, 0), (1e-5, 0)]),  # far shorter than its width
            shapely.LineString([(X0, Y0), (X0 + 30, Y0 + 40)]),  # fast, mixed in
            shapely.LineString([(0, 0), (10, 0), (0, 1)]),  # beyond the mitre limit: bevel
        ],
        dtype=object,
    )
    half_width = np.array([1.0, 1.0, 1.0, 2.0, 1.5, 1.0])
    fast, ref = line_strips(geoms, half_width), geos_strips(geoms, half_width)
    assert_same_polygons(fast[1:], ref[1:])
    assert_same_shapes(fast[:1], ref[:1])


def test_zero_length_segment_gives_what_shapely_buffer_gives():
    line = np.array([shapely.LineString([(5, 5), (5, 5)])], dtype=object)
    fast = line_strips(line, np.array([1.0]))
    assert shapely.equals(fast[0], geos_strips(line, 1.0)[0])
    assert shapely.is_empty(fast[0])


def test_build_footprints_fast_paths_match_shapely_buffer_with_width_column():
    rng = np.random.default_rng(3)
    lines = segment_cases(rng, (X0, Y0), n=120)
    points = shapely.points(rng.uniform([X0, Y0], [X0 + 1000, Y0 + 1000], (40, 2)))
    geoms = np.concatenate([lines, points, [shapely.MultiPoint([(X0, Y0), (X0 + 9, Y0)])]])
    codes = ["heg"] * len(lines) + ["solitaire_boom"] * len(points) + ["knotboom"]
    widths = np.full(len(geoms), np.nan)
    widths[: len(lines) // 2] = rng.uniform(0.5, 6, len(lines) // 2)  # width column
    fp, problems = footprints(geoms, codes, widths)
    assert problems == []
    assert len(fp) == len(geoms)
    line_widths = widths[: len(lines)]
    width = np.where(np.isnan(line_widths), VOC.get("heg").width_m.value, line_widths)
    area = np.array([VOC.get(c).point_area_m2.value for c in codes[len(lines) :]])
    ref = np.concatenate(
        [
            geos_strips(lines, width / 2),
            shapely.buffer(geoms[len(lines) :], point_radius(area), quad_segs=QUAD_SEGS),
        ]
    )
    assert_same_polygons(fp.footprint, ref)


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(
    st.lists(st.floats(0.5, 60.0), min_size=3, max_size=12),
    st.floats(-1.0, 1.0),
    st.booleans(),
)
def test_ring_area_and_bounds_equal_geos_bit_for_bit(radii, turn, clockwise):
    # Star-shaped rings (simple) at Dutch RD magnitudes, either orientation: the engine's
    # numpy envelopes and areas of footprints left unbuilt must be GEOS's to the last bit.
    angles = turn + np.arange(len(radii)) * (2 * np.pi / len(radii))
    if clockwise:
        angles = -angles
    xy = np.column_stack([155_000.3 + radii * np.cos(angles), 463_000.7 + radii * np.sin(angles)])
    ring = np.concatenate([xy, xy[:1]])[None]
    polygon = shapely.polygons(ring[0])
    assert shapely.is_valid(polygon)
    assert ring_area(ring)[0] == shapely.area(polygon)
    assert ring_bounds(ring)[0].tolist() == list(shapely.bounds(polygon))
