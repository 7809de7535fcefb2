"""Property tests of compute_share: invariants that hold for any small random input.

Elements are random rectangles, lines and points on an integer grid in and around two 1 ha
areas side by side (RD New, near Amersfoort), with random vocabulary types; the types are drawn
so that every geometry has a size (lines only for types with a width, points only for types
with a point area).
"""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
import shapely.affinity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbda_core.share import AREA_COLUMNS, compute_share
from gbda_core.vocabulary import load_vocabulary

RD = "EPSG:28992"
VOC = load_vocabulary()
X0, Y0 = 155_000, 463_000  # RD New, near Amersfoort

ALL_CODES = list(VOC.codes)
LINE_CODES = [et.code for et in VOC if et.width_m is not None]
POINT_CODES = [et.code for et in VOC if et.point_area_m2 is not None]
# Area breakdown columns per area; n_elements and line_km change when an element is duplicated.
HA_COLUMNS = ["element_ha", "woody_ha", "wet_ha", "herb_ha", "share_pct"]
NUMERIC_COLUMNS = [c for c in AREA_COLUMNS if c not in ("area_id", "status")]

PROPS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def box(x1, y1, x2, y2):
    return shapely.box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


def areas_frame(geoms, ids):
    return gpd.GeoDataFrame({"area_id": list(ids)}, geometry=list(geoms), crs=RD)


# Two 100 m x 100 m areas side by side.
WEST_EAST = areas_frame([box(0, 0, 100, 100), box(100, 0, 200, 100)], ["west", "east"])

xs = st.integers(-20, 220)
ys = st.integers(-20, 120)


@st.composite
def rectangles(draw):
    x, y = draw(xs), draw(ys)
    w, h = draw(st.integers(1, 60)), draw(st.integers(1, 60))
    return box(x, y, x + w, y + h), draw(st.sampled_from(ALL_CODES)), np.nan


@st.composite
def lines(draw):
    n = draw(st.integers(2, 4))
    pts = draw(st.lists(st.tuples(xs, ys), min_size=n, max_size=n, unique=True))
    line = shapely.LineString([(X0 + x, Y0 + y) for x, y in pts])
    width = draw(st.one_of(st.just(np.nan), st.integers(1, 8).map(float)))
    return line, draw(st.sampled_from(LINE_CODES)), width


@st.composite
def points(draw):
    return shapely.Point(X0 + draw(xs), Y0 + draw(ys)), draw(st.sampled_from(POINT_CODES)), np.nan


element = st.one_of(rectangles(), lines(), points())
element_lists = st.lists(element, min_size=1, max_size=8)
exclusion_boxes = st.lists(
    st.builds(
        lambda x, y, w, h: box(x, y, x + w, y + h),
        st.integers(-30, 210),
        st.integers(-30, 110),
        st.integers(1, 120),
        st.integers(1, 120),
    ),
    min_size=1,
    max_size=3,
)


def elements_frame(items):
    geoms, codes, widths = zip(*items, strict=True) if items else ((), (), ())
    return gpd.GeoDataFrame(
        {"element_type": list(codes), "width_m": list(widths)}, geometry=list(geoms), crs=RD
    )


def run(areas, items, exclusions=None, **kwargs):
    excl = None
    if exclusions:
        excl = {"nnn": gpd.GeoDataFrame(geometry=list(exclusions), crs=RD)}
    return compute_share(
        areas, elements_frame(items), id_field="area_id", exclusions=excl, **kwargs
    )


def by_id(result):
    return result.areas.set_index("area_id")


def close(a, b, rel=1e-9, abs_=1e-12):
    return a == pytest.approx(b, rel=rel, abs=abs_, nan_ok=True)


@PROPS
@given(element_lists, st.one_of(st.none(), exclusion_boxes))
def test_share_is_between_0_and_100(items, exclusions):
    res = by_id(run(WEST_EAST, items, exclusions))
    rural = res[res.rural_ha > 0]
    assert (rural.share_pct >= -1e-9).all()
    assert (rural.share_pct <= 100 + 1e-9).all()
    assert (res.element_ha <= res.rural_ha + 1e-12).all()
    assert res.loc[res.rural_ha <= 0, "share_pct"].isna().all()


@PROPS
@given(element_lists, element)
def test_adding_an_element_never_lowers_the_share(items, extra):
    before = by_id(run(WEST_EAST, items))
    after = by_id(run(WEST_EAST, [*items, extra]))
    for col in ("element_ha", "share_pct"):
        slack = 1e-9 * before[col].abs() + 1e-12
        assert (after[col] >= before[col] - slack).all(), (col, before[col], after[col])


@PROPS
@given(element_lists, st.data())
def test_duplicating_an_element_changes_no_area(items, data):
    i = data.draw(st.integers(0, len(items) - 1), label="duplicated")
    base = by_id(run(WEST_EAST, items))
    dup = by_id(run(WEST_EAST, [*items, items[i]]))
    for col in HA_COLUMNS:
        assert close(dup[col].to_numpy(), base[col].to_numpy()), col


@PROPS
@given(element_lists, st.integers(1, 199), st.one_of(st.none(), exclusion_boxes))
def test_splitting_an_area_adds_up(items, cut, exclusions):
    whole = by_id(run(areas_frame([box(0, 0, 200, 100)], ["whole"]), items, exclusions))
    parts = by_id(
        run(
            areas_frame([box(0, 0, cut, 100), box(cut, 0, 200, 100)], ["left", "right"]),
            items,
            exclusions,
        )
    )
    for col in ("area_ha", "rural_ha", "element_ha", "woody_ha", "wet_ha", "herb_ha", "line_km"):
        assert parts[col].sum() == pytest.approx(whole.loc["whole", col], abs=1e-6), col


def shifted(geom, dx, dy):
    return shapely.affinity.translate(geom, dx, dy)


@PROPS
@given(
    element_lists,
    st.one_of(st.none(), exclusion_boxes),
    st.integers(-10_000, 10_000),
    st.integers(-10_000, 10_000),
)
def test_translation_invariance(items, exclusions, dx, dy):
    base = run(WEST_EAST, items, exclusions)
    moved_areas = WEST_EAST.copy()
    moved_areas.geometry = [shifted(g, dx, dy) for g in WEST_EAST.geometry]
    moved_items = [(shifted(g, dx, dy), code, w) for g, code, w in items]
    moved_excl = [shifted(g, dx, dy) for g in exclusions] if exclusions else None
    moved = run(moved_areas, moved_items, moved_excl)
    a, b = by_id(base), by_id(moved)
    for col in NUMERIC_COLUMNS:
        assert a[col].to_numpy(dtype=float) == pytest.approx(
            b[col].to_numpy(dtype=float), abs=1e-6, nan_ok=True
        ), col
    assert a.status.tolist() == b.status.tolist()
    key = ["area_id", "element_type"]
    bd_a = base.breakdown.set_index(key).sort_index()
    bd_b = moved.breakdown.set_index(key).sort_index()
    assert bd_a.index.equals(bd_b.index)
    for col in ("element_ha", "line_km", "n_elements"):
        assert bd_a[col].to_numpy(dtype=float) == pytest.approx(
            bd_b[col].to_numpy(dtype=float), abs=1e-6
        ), col


@PROPS
@given(element_lists, st.one_of(st.none(), exclusion_boxes))
def test_categories_and_breakdown_add_up_to_element_ha(items, exclusions):
    res = run(WEST_EAST, items, exclusions)
    areas = by_id(res)
    parts = areas.woody_ha + areas.wet_ha + areas.herb_ha
    assert parts.to_numpy() == pytest.approx(areas.element_ha.to_numpy(), rel=1e-9, abs=1e-12)
    per_area = res.breakdown.groupby("area_id")["element_ha"].sum()
    per_area = per_area.reindex(areas.index, fill_value=0.0)
    assert per_area.to_numpy() == pytest.approx(areas.element_ha.to_numpy(), rel=1e-9, abs=1e-12)
    lines_per_area = res.breakdown.groupby("area_id")["line_km"].sum()
    lines_per_area = lines_per_area.reindex(areas.index, fill_value=0.0)
    assert lines_per_area.to_numpy() == pytest.approx(areas.line_km.to_numpy(), abs=1e-12)
    # Categories in the breakdown match the vocabulary.
    for code, cat in zip(res.breakdown.element_type, res.breakdown.category, strict=True):
        assert cat == str(VOC.get(code).category)


@PROPS
@given(element_lists, st.integers(1, 199), st.one_of(st.none(), exclusion_boxes))
def test_nested_areas_in_one_layer_equal_separate_calls(items, cut, exclusions):
    province = areas_frame([box(0, 0, 200, 100)], ["provincie"])
    gemeenten = areas_frame([box(0, 0, cut, 100), box(cut, 0, 200, 100)], ["gem_w", "gem_o"])
    together = by_id(
        run(
            pd.concat([province, gemeenten], ignore_index=True),
            items,
            exclusions,
        )
    )
    apart = pd.concat(
        [by_id(run(province, items, exclusions)), by_id(run(gemeenten, items, exclusions))]
    )
    for col in NUMERIC_COLUMNS:
        assert close(
            together.loc[apart.index, col].to_numpy(dtype=float),
            apart[col].to_numpy(dtype=float),
        ), col
    assert together.loc[apart.index, "status"].tolist() == apart.status.tolist()


@PROPS
@given(element_lists, st.lists(st.integers(0, 8), min_size=1, max_size=3), st.data())
def test_elements_split_over_layers_equal_one_layer(items, cuts, data):
    # Footprints are built per layer and then joined: the same elements in several layers
    # (some empty) must give the same figures and breakdown, bit for bit.
    exclusions = data.draw(st.one_of(st.none(), exclusion_boxes))
    edges = sorted({0, len(items), *(min(c, len(items)) for c in cuts)})
    layers = [elements_frame(items[a:b]) for a, b in itertools.pairwise(edges)]
    layers.insert(0, elements_frame([]))  # an empty layer first
    excl = {"nnn": gpd.GeoDataFrame(geometry=list(exclusions), crs=RD)} if exclusions else None
    apart = compute_share(WEST_EAST, layers, id_field="area_id", exclusions=excl)
    one = run(WEST_EAST, items, exclusions)
    pd.testing.assert_frame_equal(
        apart.areas.drop(columns="geometry"), one.areas.drop(columns="geometry"), check_exact=True
    )
    pd.testing.assert_frame_equal(apart.breakdown, one.breakdown, check_exact=True)


@PROPS
@given(element_lists, exclusion_boxes)
def test_exclusions_shrink_rural_area_and_elements(items, exclusions):
    without = by_id(run(WEST_EAST, items))
    with_excl = by_id(run(WEST_EAST, items, exclusions))
    assert (with_excl.element_ha <= without.element_ha + 1e-9 * without.element_ha + 1e-12).all()
    excluded = shapely.union_all(exclusions)
    for area_id, geom in zip(WEST_EAST.area_id, WEST_EAST.geometry, strict=True):
        lost_ha = shapely.intersection(geom, excluded).area / 1e4
        expected = without.loc[area_id, "rural_ha"] - lost_ha
        assert with_excl.loc[area_id, "rural_ha"] == pytest.approx(expected, abs=1e-6)
        assert with_excl.loc[area_id, "area_ha"] == pytest.approx(geom.area / 1e4)
