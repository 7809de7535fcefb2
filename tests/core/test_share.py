"""Hand-computed cases for every rule of the share engine."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from gbda_core.errors import ConfigError, InputError
from gbda_core.share import AREA_COLUMNS, EFA_COLUMNS, ElementLayer, compute_share
from gbda_core.targets import Targets
from gbda_core.vocabulary import load_vocabulary

RD = "EPSG:28992"
VOC = load_vocabulary()


def frame(geoms, crs=RD, **columns):
    return gpd.GeoDataFrame(columns, geometry=list(geoms), crs=crs)


def one_area(size=100.0, x0=0.0, y0=0.0, area_id="a"):
    return frame([shapely.box(x0, y0, x0 + size, y0 + size)], area_id=[area_id])


def row(result, area_id="a"):
    return result.areas.set_index("area_id").loc[area_id]


def test_columns_are_exactly_the_documented_ones():
    res = compute_share(
        one_area(), frame([shapely.box(0, 0, 10, 10)], element_type=["houtwal"]), id_field="area_id"
    )
    assert list(res.areas.columns) == [*AREA_COLUMNS, "geometry"]
    efa = compute_share(
        one_area(),
        frame([shapely.box(0, 0, 10, 10)], element_type=["houtwal"]),
        id_field="area_id",
        mode="efa",
    )
    assert list(efa.areas.columns) == [*AREA_COLUMNS, *EFA_COLUMNS, "geometry"]


def test_polygon_counts_as_drawn():
    # 10 m x 20 m houtwal in a 1 ha area: 200 m² = 0.02 ha = 2 %.
    res = compute_share(
        one_area(),
        frame([shapely.box(10, 10, 20, 30)], element_type=["houtwal"]),
        id_field="area_id",
    )
    r = row(res)
    assert r.area_ha == pytest.approx(1.0)
    assert r.rural_ha == pytest.approx(1.0)
    assert r.element_ha == pytest.approx(0.02)
    assert r.share_pct == pytest.approx(2.0)
    assert r.woody_ha == pytest.approx(0.02)
    assert r.woody_share_pct == pytest.approx(100.0)
    assert r.n_elements == 1
    assert r.line_km == 0


def test_line_uses_type_default_width_and_width_attribute_overrides():
    heg_width = VOC.get("heg").width_m.value
    lines = [shapely.LineString([(10, 50), (60, 50)]), shapely.LineString([(10, 80), (40, 80)])]
    els = frame(lines, element_type=["heg", "heg"], width_m=[np.nan, 4.0])
    res = compute_share(one_area(), els, id_field="area_id")
    r = row(res)
    # 50 m at the default width + 30 m x 4 m, flat caps.
    assert r.element_ha * 1e4 == pytest.approx(50 * heg_width + 120.0)
    assert r.line_km == pytest.approx(0.08)


def test_point_gets_default_area_exactly():
    tree_area = VOC.get("solitaire_boom").point_area_m2.value
    res = compute_share(
        one_area(),
        frame([shapely.Point(50, 50)], element_type=["solitaire_boom"]),
        id_field="area_id",
    )
    assert row(res).element_ha * 1e4 == pytest.approx(tree_area, rel=1e-9)


def test_overlapping_elements_counted_once():
    # Two 10 x 10 squares overlapping by 5 x 10: union 150 m².
    els = frame([shapely.box(0, 0, 10, 10), shapely.box(5, 0, 15, 10)], element_type=["bosje"] * 2)
    r = row(compute_share(one_area(), els, id_field="area_id"))
    assert r.element_ha * 1e4 == pytest.approx(150.0)
    assert r.n_elements == 2


def test_overlap_between_categories_goes_to_woody_first():
    # poel 0..10 x 0..10 (nat) under a houtwal 5..15 x 0..10 (houtig): overlap 50 m² is woody.
    els = frame(
        [shapely.box(0, 0, 10, 10), shapely.box(5, 0, 15, 10)], element_type=["poel", "houtwal"]
    )
    res = compute_share(one_area(), els, id_field="area_id")
    r = row(res)
    assert r.woody_ha * 1e4 == pytest.approx(100.0)
    assert r.wet_ha * 1e4 == pytest.approx(50.0)
    assert r.element_ha * 1e4 == pytest.approx(150.0)
    bd = res.breakdown.set_index("element_type")
    assert bd.loc["houtwal", "element_ha"] * 1e4 == pytest.approx(100.0)
    assert bd.loc["poel", "element_ha"] * 1e4 == pytest.approx(50.0)
    assert bd["element_ha"].sum() == pytest.approx(r.element_ha)


def test_element_crossing_the_border_is_clipped_and_counts_in_both_areas():
    areas = frame(
        [shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)], area_id=["west", "east"]
    )
    els = frame([shapely.box(90, 40, 130, 50)], element_type=["ruigte"])  # 10 m west, 30 m east
    res = compute_share(areas, els, id_field="area_id")
    assert row(res, "west").element_ha * 1e4 == pytest.approx(100.0)
    assert row(res, "east").element_ha * 1e4 == pytest.approx(300.0)
    assert row(res, "west").n_elements == row(res, "east").n_elements == 1


def test_line_length_clipped_at_the_border():
    areas = frame(
        [shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)], area_id=["west", "east"]
    )
    els = frame([shapely.LineString([(70, 50), (160, 50)])], element_type=["elzensingel"])
    res = compute_share(areas, els, id_field="area_id")
    assert row(res, "west").line_km == pytest.approx(0.030)
    assert row(res, "east").line_km == pytest.approx(0.060)


def test_exclusions_leave_the_denominator_and_elements_in_them_do_not_count():
    # NNN covers the west half; the element sits half in NNN.
    nnn = frame([shapely.box(0, 0, 50, 100)])
    els = frame([shapely.box(40, 0, 60, 10)], element_type=["bosje"])
    res = compute_share(one_area(), els, id_field="area_id", exclusions={"nnn": nnn})
    r = row(res)
    assert r.rural_ha == pytest.approx(0.5)
    assert r.element_ha * 1e4 == pytest.approx(100.0)
    assert r.share_pct == pytest.approx(100.0 / 5000 * 100)


def test_profile_decides_which_exclusions_count():
    forest = frame([shapely.box(0, 0, 50, 100)])
    els = frame([shapely.box(60, 0, 70, 10)], element_type=["bosje"])
    default = compute_share(one_area(), els, id_field="area_id", exclusions={"forest": forest})
    strict = compute_share(
        one_area(), els, id_field="area_id", exclusions={"forest": forest}, profile="strict"
    )
    assert row(default).rural_ha == pytest.approx(1.0)
    assert row(strict).rural_ha == pytest.approx(0.5)
    kinds = {p.kind for p in default.problems}
    assert "exclusion_not_in_profile" in kinds


def test_rural_area_layer_is_the_denominator():
    rural = frame([shapely.box(0, 0, 100, 40)])  # 0.4 ha of farmland
    els = frame([shapely.box(0, 30, 10, 50)], element_type=["bosje"])  # half on farmland
    r = row(compute_share(one_area(), els, id_field="area_id", rural_area=rural))
    assert r.rural_ha == pytest.approx(0.4)
    assert r.element_ha * 1e4 == pytest.approx(100.0)
    assert r.area_ha == pytest.approx(1.0)


def test_nested_areas_are_each_computed_on_their_own():
    areas = frame(
        [shapely.box(0, 0, 200, 100), shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)],
        area_id=["provincie", "gem_w", "gem_o"],
    )
    els = frame([shapely.box(90, 0, 110, 10)], element_type=["bosje"])
    res = compute_share(areas, els, id_field="area_id")
    assert row(res, "provincie").element_ha * 1e4 == pytest.approx(200.0)
    assert row(res, "gem_w").element_ha * 1e4 == pytest.approx(100.0)
    assert row(res, "gem_o").element_ha * 1e4 == pytest.approx(100.0)


def test_efa_mode_uses_eu_factors_in_separate_columns():
    heg, boom, poel = VOC.get("heg").efa, VOC.get("solitaire_boom").efa, VOC.get("poel").efa
    els = frame(
        [
            shapely.LineString([(10, 10), (60, 10)]),
            shapely.Point(50, 50),
            shapely.box(0, 80, 10, 90),
        ],
        element_type=["heg", "solitaire_boom", "poel"],
    )
    res = compute_share(one_area(), els, id_field="area_id", mode="efa")
    r = row(res)
    expected = 50 * heg.conversion * heg.weight + boom.conversion * boom.weight + 100 * poel.weight
    assert r.efa_ha * 1e4 == pytest.approx(expected)
    assert r.efa_share_pct == pytest.approx(expected / 1e4 * 100)
    # The footprint columns are untouched by the mode.
    footprint = row(compute_share(one_area(), els, id_field="area_id"))
    assert r.element_ha == pytest.approx(footprint.element_ha)


def test_efa_mode_reports_types_without_factor():
    els = frame([shapely.box(0, 0, 10, 10)], element_type=["ruigte"])
    assert VOC.get("ruigte").efa is None
    res = compute_share(one_area(), els, id_field="area_id", mode="efa")
    assert row(res).efa_ha == 0
    assert any(p.kind == "no_efa_factor" and p.value == "ruigte" for p in res.problems)


def test_targets_and_gap_in_hectares():
    # 2 % share of 1 ha: 5 % needs 0.03 ha more, 10 % needs 0.08 ha more.
    els = frame([shapely.box(0, 0, 10, 20)], element_type=["bosje"])
    r = row(compute_share(one_area(), els, id_field="area_id"))
    assert r.target_2030_pct == 5.0
    assert r.gap_2030_ha == pytest.approx(0.03)
    assert r.gap_2050_ha == pytest.approx(0.08)
    assert r.status == "below_2030"
    gap = row(
        compute_share(one_area(), els, id_field="area_id", targets=Targets(reading_2030="gap"))
    )
    assert gap.target_2030_pct == pytest.approx(2 + 0.5 * 8)


def test_area_without_rural_land_has_no_share():
    nnn = frame([shapely.box(-1, -1, 101, 101)])
    res = compute_share(
        one_area(),
        frame([shapely.box(0, 0, 5, 5)], element_type=["bosje"]),
        id_field="area_id",
        exclusions={"nnn": nnn},
    )
    r = row(res)
    assert r.rural_ha == 0
    assert np.isnan(r.share_pct)
    assert r.status == "no_rural_area"
    assert any(p.kind == "excluded_land" for p in res.problems)


def test_problems_are_reported_not_dropped():
    els = frame(
        [
            shapely.box(0, 0, 10, 10),
            shapely.Polygon([(20, 20), (30, 30), (30, 20), (20, 30)]),  # bow-tie: invalid
            None,
            shapely.box(500, 500, 510, 510),  # outside every area
            shapely.box(40, 40, 45, 45),
        ],
        element_type=["bosje", "bosje", "bosje", "bosje", "zitbank"],
    )
    res = compute_share(one_area(), els, id_field="area_id")
    by_kind = {p.kind: p for p in res.problems}
    assert by_kind["repaired_geometry"].rows == (1,)
    assert by_kind["null_geometry"].rows == (2,)
    assert by_kind["outside_areas"].rows == (3,)
    assert by_kind["unmapped_type"].value == "zitbank"
    assert by_kind["unmapped_type"].count == 1
    # Repaired bow-tie: two triangles of 25 m² each.
    assert row(res).element_ha * 1e4 == pytest.approx(100 + 50)


def test_element_layer_with_mapping_and_own_field_names():
    els = frame(
        [shapely.box(0, 0, 10, 10), shapely.box(20, 0, 30, 10)], soort=["Knotwilgen", "Bosje"]
    )
    layer = ElementLayer(els, type_field="soort", mapping={"knotwilgen": "knotbomenrij"})
    res = compute_share(one_area(), layer, id_field="area_id")
    types = set(res.breakdown["element_type"])
    assert types == {"knotbomenrij", "bosje"}


def test_inputs_are_reprojected_to_the_working_crs():
    # The same 100 m x 100 m area given in WGS84 keeps its area within 0.1 %.
    area = one_area(x0=155000, y0=463000)
    el = frame([shapely.box(155010, 463010, 155020, 463020)], element_type=["bosje"])
    res = compute_share(area.to_crs(4326), el.to_crs(4326), id_field="area_id")
    assert row(res).area_ha == pytest.approx(1.0, rel=1e-3)
    assert row(res).element_ha * 1e4 == pytest.approx(100.0, rel=1e-3)


def test_layer_without_crs_is_refused():
    with pytest.raises(InputError, match="no CRS"):
        compute_share(
            one_area(),
            frame([shapely.box(0, 0, 1, 1)], crs=None, element_type=["bosje"]),
            id_field="area_id",
        )


def test_degree_crs_refused_for_measuring():
    with pytest.raises(ConfigError, match="metres"):
        compute_share(
            one_area(),
            frame([shapely.box(0, 0, 1, 1)], element_type=["bosje"]),
            id_field="area_id",
            crs="EPSG:4326",
        )


@pytest.mark.parametrize(
    ("areas", "message"),
    [
        (frame([shapely.box(0, 0, 1, 1)] * 2, area_id=["x", "x"]), "more than once"),
        (frame([shapely.box(0, 0, 1, 1)], area_id=[None]), "empty"),
        (frame([shapely.box(0, 0, 1, 1)], naam=["x"]), "not found"),
        (frame([], area_id=[]), "no features"),
    ],
    ids=["duplicate-id", "null-id", "missing-field", "empty-layer"],
)
def test_bad_areas_raise_one_line_errors(areas, message):
    with pytest.raises(InputError, match=message) as info:
        compute_share(
            areas, frame([shapely.box(0, 0, 1, 1)], element_type=["bosje"]), id_field="area_id"
        )
    assert "\n" not in str(info.value)


def test_unknown_mode_and_profile():
    els = frame([shapely.box(0, 0, 1, 1)], element_type=["bosje"])
    with pytest.raises(ConfigError):
        compute_share(one_area(), els, id_field="area_id", mode="weighted")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        compute_share(one_area(), els, id_field="area_id", profile="lenient")


def test_multipart_element_split_over_two_areas():
    areas = frame(
        [shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)], area_id=["west", "east"]
    )
    # One feature, two parts far apart: 100 m² west, 200 m² east, no part on the border.
    multi = shapely.MultiPolygon([shapely.box(10, 10, 20, 20), shapely.box(150, 10, 170, 20)])
    res = compute_share(areas, frame([multi], element_type=["bosje"]), id_field="area_id")
    assert row(res, "west").element_ha * 1e4 == pytest.approx(100.0)
    assert row(res, "east").element_ha * 1e4 == pytest.approx(200.0)


def test_trees_near_and_on_a_border_count_in_each_area_they_stand_in():
    areas = frame(
        [shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)], area_id=["west", "east"]
    )
    trees = [
        shapely.Point(99, 50),  # west, its crown reaching east
        shapely.Point(100, 20),  # on the border: in both areas, each computed on its own
        shapely.MultiPoint([(98, 80), (101, 80), (102, 81)]),  # a row across: 1 west, 2 east
    ]
    res = compute_share(
        areas, frame(trees, element_type=["solitaire_boom"] * 3), id_field="area_id"
    )
    counts = res.breakdown.set_index("area_id")["n_elements"]
    assert counts["west"] == 1 + 1 + 1 and counts["east"] == 1 + 2


def test_elements_around_and_inside_an_excluded_island():
    # NNN island 40..60 in the middle; one element wholly on it, one ring-shaped around it.
    nnn = frame([shapely.box(40, 40, 60, 60)])
    on_island = shapely.box(45, 45, 50, 50)
    around = shapely.box(30, 30, 70, 70)  # 1600 m², of which 400 m² is island
    res = compute_share(
        one_area(),
        frame([on_island, around], element_type=["ruigte", "bosje"]),
        id_field="area_id",
        exclusions={"nnn": nnn},
    )
    r = row(res)
    assert r.rural_ha * 1e4 == pytest.approx(10000 - 400)
    assert r.element_ha * 1e4 == pytest.approx(1200.0)
    assert r.n_elements == 1
    assert res.breakdown["element_type"].tolist() == ["bosje"]


def test_element_touching_the_border_from_inside_counts_fully_once():
    areas = frame(
        [shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)], area_id=["west", "east"]
    )
    els = frame([shapely.box(90, 0, 100, 10)], element_type=["bosje"])  # shares the border
    res = compute_share(areas, els, id_field="area_id")
    assert row(res, "west").element_ha * 1e4 == pytest.approx(100.0)
    assert row(res, "east").element_ha == 0
    assert row(res, "east").n_elements == 0


def test_bad_rows_in_exclusion_and_rural_layers_are_reported():
    nnn = frame([shapely.box(0, 0, 50, 100), None])
    rural = frame([shapely.Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])])  # bow-tie
    res = compute_share(
        one_area(),
        frame([shapely.box(60, 0, 70, 10)], element_type=["bosje"]),
        id_field="area_id",
        exclusions={"nnn": nnn},
        rural_area=rural,
    )
    kinds = {(p.kind, p.message.split(";")[0]) for p in res.problems}
    assert ("null_geometry", "null or empty nnn polygon") in kinds
    assert ("repaired_geometry", "invalid rural-area polygon repaired with make_valid") in kinds
    # Repaired bow-tie: two triangles of 2500 m² each; the left one (x <= 50) lies in the NNN.
    assert row(res).rural_ha * 1e4 == pytest.approx(2500)


def test_overlap_group_straddling_a_border_is_split_between_areas():
    areas = frame(
        [shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)], area_id=["west", "east"]
    )
    # Union 90..120 x 0..10; one member wholly east, the other across the border.
    els = frame(
        [shapely.box(90, 0, 110, 10), shapely.box(105, 0, 120, 10), shapely.box(20, 20, 30, 30)],
        element_type=["bosje", "poel", "bosje"],
    )
    res = compute_share(areas, els, id_field="area_id")
    assert row(res, "west").element_ha * 1e4 == pytest.approx(100.0 + 100.0)
    assert row(res, "east").element_ha * 1e4 == pytest.approx(200.0)
    assert row(res, "east").woody_ha * 1e4 == pytest.approx(100.0)
    assert row(res, "east").wet_ha * 1e4 == pytest.approx(100.0)


def test_one_thread_gives_the_same_figures_bit_for_bit(monkeypatch):
    # GBDA_THREADS=1 (each worker of a local dask cluster on two cores) runs the engine in
    # the calling thread only; the sums must not change.
    rng = np.random.default_rng(11)
    n = 12_000  # above the sizes at which work is split over threads
    x, y = rng.uniform(0, 2_000, n), rng.uniform(0, 1_000, n)
    angle = rng.uniform(0, np.pi, n)
    dx, dy = 40 * np.cos(angle), 40 * np.sin(angle)
    lines = shapely.linestrings(
        np.stack([np.stack([x, y], 1), np.stack([x + dx, y + dy], 1), np.stack([x + dx, y], 1)], 1)
    )
    boxes = shapely.box(x, y, x + rng.uniform(3, 30, n), y + rng.uniform(3, 30, n))
    layers = [
        frame(lines[: n // 3], element_type=["heg"] * (n // 3)),
        frame(boxes[n // 3 : 2 * n // 3], element_type=["poel"] * (n // 3)),
        frame(
            shapely.points(x[2 * n // 3 :], y[2 * n // 3 :]), element_type=["knotboom"] * (n // 3)
        ),
    ]
    areas = frame(
        [shapely.box(0, 0, 1_000, 1_000), shapely.Point(1_500, 500).buffer(480)],
        area_id=["a", "b"],
    )
    results = {}
    for threads in ("1", "2"):
        monkeypatch.setenv("GBDA_THREADS", threads)
        result = compute_share(areas, layers, id_field="area_id")
        results[threads] = (result.areas, result.breakdown)
    assert results["1"][0]["n_elements"].sum() > 5_000
    assert_geodataframe_equal(results["1"][0], results["2"][0])
    assert results["1"][1].equals(results["2"][1])
