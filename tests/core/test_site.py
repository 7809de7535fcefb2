"""Site context: edges classified by what they border, corners, soil and wetness, land."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gbda_core.edges import BUILDING, ERF, OCCUPIED, PARCEL, ROAD, WATER
from gbda_core.errors import InputError
from gbda_core.share import ElementLayer
from gbda_core.site import SiteRules, build_site, subtract
from gbda_core.soilwater import classify

CRS = 28992


def frame(*geoms, **columns):
    return gpd.GeoDataFrame(columns or None, geometry=list(geoms), crs=CRS)


def runs(site):
    """(parcel id, flags, length) per run, rounded, as a sorted list."""
    e = site.edges
    ids = site.parcels["parcel_id"].to_numpy()
    return sorted(
        (str(ids[p]), int(f), round(float(n), 6))
        for p, f, n in zip(e.run_parcel, e.run_flags, e.run_length, strict=True)
    )


@pytest.fixture
def two_fields():
    """Two 100 x 40 m fields side by side; a ditch along the south, a road 2 m west."""
    parcels = frame(shapely.box(0, 0, 100, 40), shapely.box(100, 0, 200, 40), pid=["a", "b"])
    water = frame(shapely.box(0, -4, 200, 0))
    road = frame(shapely.box(-10, -20, -2, 60))
    return parcels, water, road


def test_runs_border_what_lies_beyond_them(two_fields):
    parcels, water, road = two_fields
    site = build_site(parcels, id_field="pid", context={"water": [water], "road": [road]})
    assert runs(site) == sorted([
        ("a", 0, 100.0),  # north side: open
        ("a", ROAD, 40.0),  # west side: the road 2 m away
        ("a", WATER, 100.0),  # south side: the ditch
        ("a", PARCEL, 40.0),  # east side: field b
        ("b", 0, 40.0),
        ("b", 0, 100.0),
        ("b", WATER, 100.0),
        ("b", PARCEL, 40.0),
    ])  # fmt: skip
    e = site.edges
    assert len(e.corner_parcel) == 8
    np.testing.assert_allclose(e.corner_angle, 90.0)
    # The south-west corner of a borders both the ditch and the road.
    sw = np.flatnonzero((e.corner_parcel == 0) & np.all(e.corner_xy == [0, 0], axis=1))
    assert len(sw) == 1 and e.corner_flags[sw[0]] == WATER | ROAD
    # Pieces are at most piece_m long and add up to the perimeter.
    assert e.length.max() <= site.rules.piece_m + 1e-9
    assert e.length.sum() == pytest.approx(2 * 280.0)


def test_probe_distances_decide_what_an_edge_borders(two_fields):
    parcels, _water, road = two_fields
    near = build_site(parcels, context={"road": [road]}, rules=SiteRules(road_m=1.5))
    assert not any(f & ROAD for _, f, _ in runs(near))
    far = build_site(parcels, context={"road": [road]}, rules=SiteRules(road_m=2.5))
    assert sum(n for _, f, n in runs(far) if f & ROAD) == pytest.approx(40.0)


def test_short_sides_of_an_elongated_parcel_are_kopakkers():
    long_field = build_site(frame(shapely.box(0, 0, 300, 60)))
    e = long_field.edges
    assert sorted(e.run_length[e.run_head]) == [60.0, 60.0]
    square = build_site(frame(shapely.box(0, 0, 80, 80)))
    assert square.edges.run_head.all()


def test_a_farm_polygon_loses_its_inner_ditch_and_gains_two_ditch_banks():
    farm = frame(shapely.box(0, 0, 100, 100))
    ditch = frame(shapely.box(48, 0, 52, 100))
    site = build_site(farm, context={"water": [ditch]})
    assert site.parcels["area_m2"].iloc[0] == pytest.approx(100 * 100 - 4 * 100)
    assert sum(n for _, f, n in runs(site) if f & WATER) == pytest.approx(200.0)
    # The rural area of the share is still the whole farm.
    assert site.area_m2 == pytest.approx(10_000.0)


def test_an_erf_inside_the_site_becomes_its_own_parcel():
    farm = frame(shapely.box(0, 0, 200, 100), pid=["farm"])
    erf = frame(shapely.box(0, 0, 50, 40))
    building = frame(shapely.box(10, 10, 30, 25))
    site = build_site(farm, id_field="pid", context={"erf": [erf], "building": [building]})
    parcels = site.parcels.set_index("parcel_id")
    assert parcels["is_erf"].sum() == 1
    erf_row = parcels[parcels["is_erf"]].iloc[0]
    assert erf_row["area_m2"] == pytest.approx(50 * 40 - 20 * 15)
    assert parcels.loc["farm", "area_m2"] == pytest.approx(200 * 100 - 50 * 40)
    # The field's edges along the erf border an erf: 50 m + 40 m.
    field_runs = [(f, n) for p, f, n in runs(site) if p == "farm"]
    assert sum(n for f, n in field_runs if f & ERF) == pytest.approx(90.0)
    # Inside the erf, the ring around the building borders it.
    erf_runs = [(f, n) for p, f, n in runs(site) if p != "farm"]
    assert sum(n for f, n in erf_runs if f & BUILDING) == pytest.approx(70.0)


def test_an_erf_that_also_touches_the_parcel_along_a_line_is_kept():
    # The erf overlaps the field in a corner and touches its far side along a line, so the
    # overlay gives a polygon and a line in one collection: the polygon must stay an erf
    # parcel, not vanish with the line (the field has lost that land already).
    farm = frame(shapely.box(0, 0, 200, 100), pid=["farm"])
    erf = frame(shapely.MultiPolygon([shapely.box(0, 0, 50, 40), shapely.box(200, 60, 230, 80)]))
    site = build_site(farm, id_field="pid", context={"erf": [erf]})
    parcels = site.parcels.set_index("parcel_id")
    assert parcels["is_erf"].sum() == 1
    assert parcels.loc[parcels["is_erf"], "area_m2"].sum() == pytest.approx(50 * 40)
    assert parcels["area_m2"].sum() == pytest.approx(200 * 100)


def test_existing_elements_take_their_edge_and_their_land(two_fields):
    parcels, water, _ = two_fields
    hedge = frame(shapely.LineString([(0, 39.5), (100, 39.5)]), element_type=["heg"])
    site = build_site(parcels, context={"water": [water]}, elements=[ElementLayer(hedge)])
    taken = [(p, n) for p, f, n in runs(site) if f & OCCUPIED]
    assert taken == [("0", 100.0)]
    # The hedge (1 m wide by the vocabulary) is cut out of the placeable land.
    assert shapely.area(site.placeable[0]) == pytest.approx(4000.0 - 100.0)
    assert site.footprint_types.tolist() == ["heg"]


def test_setbacks_shrink_the_placeable_land(two_fields):
    parcels, _, road = two_fields
    building = frame(shapely.box(150, 45, 170, 60))  # 5 m north of field b
    rules = SiteRules(road_setback_m=4.0, building_setback_m=8.0)
    site = build_site(parcels, context={"road": [road], "building": [building]}, rules=rules)
    # Woody elements keep 4 m from the road, which lies 2 m west of field a: a 2 m strip goes.
    # (setback zones are widened by 0.03 % so that their arcs keep the full distance)
    assert shapely.area(site.placeable_woody[0]) == pytest.approx(4000.0 - 2 * 40, abs=0.1)
    assert shapely.area(site.placeable[0]) == pytest.approx(4000.0)
    # Within 8 m of the building: 3 m deep into field b (rounded corners of the buffer).
    lost = 4000.0 - shapely.area(site.placeable[1])
    assert 20 * 3 < lost < (20 + 16) * 3


def test_soil_and_wetness_from_a_value_or_by_majority_area(two_fields):
    parcels, _, _ = two_fields
    soil = frame(shapely.box(0, -10, 130, 50), shapely.box(130, -10, 300, 50),
                 bodem=["Veengrond", "klei"])  # fmt: skip
    site = build_site(parcels, id_field="pid", context={"soil": [soil]}, wetness="nat")
    assert site.parcels["soil"].tolist() == ["veen", "klei"]  # b: 30 m veen, 70 m klei
    assert site.parcels["wetness"].tolist() == ["nat", "nat"]
    assert site.fractions("soil") == {"klei": 0.5, "veen": 0.5}
    assert {"soil", "wetness"} <= site.given


def test_wetness_layer_with_grondwatertrappen_and_an_unknown_value(two_fields):
    parcels, _, _ = two_fields
    gt = frame(shapely.box(0, 0, 100, 40), shapely.box(100, 0, 200, 40),
               naam=["x", "y"], gt=["Gt VII", "onbekend"])  # fmt: skip
    site = build_site(parcels, context={"wetness": [gt]})
    assert site.parcels["wetness"].tolist() == ["droog", None]
    kinds = {p.kind: p for p in site.problems}
    assert kinds["unknown_wetness"].value == "onbekend"
    assert "no_wetness" in kinds
    assert site.fractions("wetness") == {"?": 0.5, "droog": 0.5}


@pytest.mark.parametrize(
    ("attribute", "value", "expected"),
    [
        ("soil", " Zand ", "zand"),
        ("soil", "zavel", "klei"),
        ("soil", "peat", "veen"),
        ("soil", "leem", None),
        ("wetness", "II", "nat"),
        ("wetness", "Gt IIIb", "vochtig"),
        ("wetness", "sVII", "droog"),
        ("wetness", "V", "vochtig"),
        ("wetness", "VI", "droog"),
        ("wetness", "dry", "droog"),
        ("wetness", "IX", None),
        ("wetness", None, None),
    ],
)
def test_classify_soil_and_wetness_labels(attribute, value, expected):
    assert classify(attribute, value) == expected


def test_bad_input_gives_a_clear_error(two_fields):
    parcels, water, _ = two_fields
    with pytest.raises(InputError, match="unknown soil 'moeras'"):
        build_site(parcels, soil="moeras")
    with pytest.raises(InputError, match="unknown context kind 'rivier'"):
        build_site(parcels, context={"rivier": [water]})
    with pytest.raises(InputError, match=r"site id field 'nope' not found.*fields are: pid"):
        build_site(parcels, id_field="nope")
    with pytest.raises(InputError, match="no polygons"):
        build_site(frame(shapely.Point(0, 0)))
    no_field = frame(shapely.box(0, 0, 1, 1), naam=["x"])
    with pytest.raises(InputError, match="no field with soil classes"):
        build_site(parcels, context={"soil": [no_field]})


def test_subtract_equals_difference_with_the_union():
    rng = np.random.default_rng(7)
    centres = rng.uniform(0, 100, size=(40, 2))
    others = shapely.buffer(shapely.points(centres), rng.uniform(2, 9, size=40))
    geoms = np.array([shapely.box(0, 0, 50, 50), shapely.box(40, 40, 100, 100)], dtype=object)
    got = subtract(geoms, others)
    want = shapely.difference(geoms, shapely.union_all(others))
    # Equal up to the 1 µm grid the subtraction snaps to (gbda_core.snapped).
    np.testing.assert_allclose(shapely.area(got), shapely.area(want), atol=1e-4)
    assert shapely.area(shapely.symmetric_difference(got, want)).max() < 1e-4


def test_subtract_takes_the_next_obstacle_after_a_cut_that_leaves_a_collapsed_sliver():
    # A field and a slanted 1 m strip of land; a ditch over the strip drawn 1 µm off, and a road
    # 4 m wide across the field. On the 1 µm grid the land less the ditch is the field, a sliver
    # and a sliver collapsed into a line; GEOS refused that as the input of the road's round.
    strip = shapely.buffer(shapely.LineString([(40, 0), (42, 1)]), 0.5, cap_style="flat")
    land = np.array([shapely.union(shapely.box(30, -10, 39, 10), strip)], dtype=object)
    ditch = shapely.affinity.translate(strip, 1e-6, 0)
    road = shapely.box(25, -2, 45, 2)
    (got,) = subtract(land, np.array([ditch, road], dtype=object))
    assert got.geom_type in ("Polygon", "MultiPolygon")
    # 9 x 20 m less 9 x 4 m of road, and slivers of 1 µm along the ditch.
    assert got.area == pytest.approx(9 * 20 - 9 * 4, abs=1e-4)


@settings(max_examples=30, deadline=None)
@given(
    w=st.floats(20, 300),
    h=st.floats(20, 300),
    angle=st.floats(0, 360),
    piece=st.sampled_from([2.0, 5.0, 10.0]),
)
def test_pieces_and_runs_cover_the_boundary_of_any_rectangle(w, h, angle, piece):
    rect = shapely.affinity.rotate(shapely.box(0, 0, w, h), angle, origin=(0, 0))
    site = build_site(frame(rect), rules=SiteRules(piece_m=piece))
    e = site.edges
    # The pieces are the boundary: their lengths add up to the perimeter.
    assert e.length.sum() == pytest.approx(2 * (w + h), rel=1e-9)
    assert e.length.max() <= piece + 1e-9
    # Runs partition the pieces, each with one set of flags; a lone rectangle has four edges.
    assert np.bincount(e.run).tolist() == (e.run_last - e.run_first + 1).tolist()
    assert (e.flags == e.run_flags[e.run]).all()
    assert sorted(np.round(e.run_length, 6)) == sorted(np.round([w, w, h, h], 6))
    np.testing.assert_allclose(e.corner_angle, 90.0, atol=1e-6)
    assert len(e.corner_angle) == 4
