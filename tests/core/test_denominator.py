"""Denominator profiles, exclusion layers and the rural region per area (gbda_core.denominator)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gbda_core.denominator import (
    EXCLUSION_KINDS,
    PROFILES,
    DenominatorProfile,
    exclusion_polygons,
    get_profile,
    rural_regions,
)
from gbda_core.errors import ConfigError


def geoms(*items):
    return np.array(items, dtype=object)


def test_aanvalsplan_profile():
    p = get_profile("aanvalsplan")
    assert p.name == "aanvalsplan"
    assert p.excluded == {"bebouwde_kom", "nnn", "other"}


def test_strict_profile_leaves_out_every_kind():
    p = get_profile("strict")
    assert p.name == "strict"
    assert p.excluded == set(EXCLUSION_KINDS)


def test_profile_names_ignore_case_and_spaces():
    assert get_profile("  Strict ") is PROFILES["strict"]
    assert get_profile("AANVALSPLAN") is PROFILES["aanvalsplan"]


def test_custom_profile_lists_exactly_its_kinds_plus_other():
    p = get_profile("custom:nnn,forest")
    assert p.excluded == {"nnn", "forest", "other"}
    assert "custom" in p.name
    spaced = get_profile("custom: nnn , forest ")
    assert spaced.excluded == p.excluded


def test_custom_profile_without_kinds_leaves_out_only_other():
    assert get_profile("custom:").excluded == {"other"}


def test_profile_object_is_passed_through():
    p = DenominatorProfile("mine", frozenset({"forest"}), "test")
    assert get_profile(p) is p


@pytest.mark.parametrize("name", ["lenient", "", "aanvalsplan2030", "nnn"])
def test_unknown_profile_raises(name):
    with pytest.raises(ConfigError, match="profile"):
        get_profile(name)


def test_unknown_kind_in_custom_profile_raises_and_names_it():
    with pytest.raises(ConfigError, match="moeras") as info:
        get_profile("custom:nnn,moeras")
    assert "\n" not in str(info.value)


def test_unknown_exclusion_kind_raises():
    with pytest.raises(ConfigError, match="heide"):
        exclusion_polygons({"heide": geoms(shapely.box(0, 0, 1, 1))}, get_profile("strict"))


def test_exclusion_kind_not_in_profile_is_reported_and_not_used():
    n2k = geoms(shapely.box(0, 0, 10, 10), shapely.box(20, 0, 30, 10))
    used, problems = exclusion_polygons({"natura2000": n2k}, get_profile("aanvalsplan"))
    assert len(used) == 0
    not_in = [p for p in problems if p.kind == "exclusion_not_in_profile"]
    assert len(not_in) == 1
    assert not_in[0].value == "natura2000"
    assert not_in[0].count == 2
    assert not_in[0].action == "not_used"


def test_missing_exclusion_layers_are_warned_about():
    _, problems = exclusion_polygons({}, get_profile("aanvalsplan"))
    missing = {p.value: p for p in problems if p.kind == "exclusion_missing"}
    assert set(missing) == {"bebouwde_kom", "nnn"}
    assert all(p.action == "warning" for p in missing.values())
    # "other" is never asked for.
    _, strict = exclusion_polygons({}, get_profile("strict"))
    assert {p.value for p in strict if p.kind == "exclusion_missing"} == set(EXCLUSION_KINDS) - {
        "other"
    }


def test_given_exclusion_layer_is_used_and_not_warned_about():
    nnn = geoms(shapely.box(0, 0, 10, 10))
    used, problems = exclusion_polygons({"nnn": nnn}, get_profile("aanvalsplan"))
    assert len(used) == 1
    assert shapely.equals(used[0], nnn[0])
    kinds = {(p.kind, p.value) for p in problems}
    assert kinds == {("exclusion_missing", "bebouwde_kom")}


def test_other_kind_is_always_used():
    other = geoms(shapely.box(0, 0, 10, 10))
    used, _ = exclusion_polygons({"other": other}, get_profile("custom:"))
    assert len(used) == 1


def test_non_polygonal_and_empty_exclusions_are_dropped():
    mixed = geoms(
        shapely.box(0, 0, 10, 10),
        shapely.LineString([(0, 0), (10, 10)]),
        shapely.Point(5, 5),
        shapely.Polygon(),
        shapely.MultiPolygon([shapely.box(20, 0, 30, 10), shapely.box(40, 0, 50, 10)]),
    )
    used, _ = exclusion_polygons({"nnn": mixed}, get_profile("aanvalsplan"))
    assert len(used) == 2
    assert shapely.area(used).sum() == pytest.approx(300.0)


def test_rural_region_minus_exclusion_by_hand():
    area = geoms(shapely.box(0, 0, 100, 100))
    excl = geoms(shapely.box(0, 0, 50, 100))
    regions = rural_regions(area, excl)
    assert shapely.area(regions[0]) == pytest.approx(5000.0)
    assert shapely.equals(regions[0], shapely.box(50, 0, 100, 100))


def test_rural_layer_with_exclusion_by_hand():
    area = geoms(shapely.box(0, 0, 100, 100))
    excl = geoms(shapely.box(0, 0, 50, 100))
    rural = geoms(shapely.box(0, 0, 100, 20))
    regions = rural_regions(area, excl, rural)
    assert shapely.area(regions[0]) == pytest.approx(1000.0)
    assert shapely.equals(regions[0], shapely.box(50, 0, 100, 20))


def test_rural_region_without_exclusions_is_the_area():
    area = geoms(shapely.box(0, 0, 100, 100))
    regions = rural_regions(area, np.empty(0, dtype=object))
    assert shapely.area(regions[0]) == pytest.approx(10000.0)


def test_rural_layer_outside_the_area_leaves_nothing():
    area = geoms(shapely.box(0, 0, 100, 100))
    rural = geoms(shapely.box(200, 0, 300, 100))
    regions = rural_regions(area, np.empty(0, dtype=object), rural)
    assert shapely.area(regions[0]) == 0.0


def test_rural_regions_per_area_with_overlapping_exclusions():
    # Two areas side by side; two overlapping exclusions straddle the border.
    areas = geoms(shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100))
    excl = geoms(shapely.box(80, 0, 120, 50), shapely.box(90, 0, 150, 10))
    regions = rural_regions(areas, excl)
    union = shapely.union_all(excl)
    for area, region in zip(areas, regions, strict=True):
        expected = shapely.area(area) - shapely.area(shapely.intersection(area, union))
        assert shapely.area(region) == pytest.approx(expected)
    # West loses 20 x 50 = 1000; east loses 20 x 50 + 30 x 10 = 1300.
    assert shapely.area(regions).tolist() == pytest.approx([9000.0, 8700.0])


def test_rural_region_keeps_only_polygons():
    # An exclusion that leaves a zero-width seam must not turn the region into a collection.
    area = geoms(shapely.box(0, 0, 100, 100))
    excl = geoms(shapely.box(0, 0, 50, 100), shapely.box(50, 0, 100, 50))
    regions = rural_regions(area, excl)
    assert shapely.get_type_id(regions[0]) in (3, 6)
    assert shapely.area(regions[0]) == pytest.approx(2500.0)
