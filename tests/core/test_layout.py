"""Candidate layout: shapes computed by hand, setbacks, and invariants on random sites."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gbda_core import snapped
from gbda_core.layout import conflict_pairs, generate_candidates
from gbda_core.layout_shapes import bands, strip_like
from gbda_core.share import ElementLayer
from gbda_core.site import SiteRules, build_site

CRS = 28992


def frame(*geoms, **columns):
    return gpd.GeoDataFrame(columns or None, geometry=list(geoms), crs=CRS)


def areas(cands):
    return sorted(np.round(cands["area_m2"].to_numpy(), 6).tolist())


def test_strips_along_a_ditch_in_chunks_of_the_typical_length(bouwsteen):
    site = build_site(frame(shapely.box(0, 0, 100, 40)), context={
        "water": [frame(shapely.box(-5, -4, 105, 0))]})  # fmt: skip
    oever = bouwsteen("oever", positions=("slootkant",), width=(1, 2, 4), length=(20, 50),
                      counts_as="natuurvriendelijke_oever")  # fmt: skip
    cands = generate_candidates(site, [oever])
    # Two chunks of 50 m x 2 m on the bank; each ends in a convex corner, where it is cut on
    # the bisector (a triangle of 2 x 2 / 2 m² off).
    assert areas(cands) == [98.0, 98.0]
    assert set(cands["position"]) == {"slootkant"}
    assert cands["length_m"].tolist() == [49.0, 49.0]
    assert cands["width_m"].tolist() == [2.0, 2.0]
    band = shapely.box(0, 0, 100, 2)
    assert shapely.area(shapely.difference(shapely.union_all(cands.geometry), band)) < 1e-9
    assert conflict_pairs(cands).shape == (2, 0)  # end to end, no overlap


def test_a_hedge_round_a_square_field_fits_at_the_corners(bouwsteen):
    site = build_site(frame(shapely.box(0, 0, 100, 100)))
    hedge = bouwsteen("haag", width=(1, 2, 4), length=(20, 100))
    cands = generate_candidates(site, [hedge])
    assert areas(cands) == [196.0] * 4
    assert conflict_pairs(cands).shape == (2, 0)
    frame_area = 100 * 100 - 96 * 96
    assert shapely.area(shapely.union_all(cands.geometry)) == pytest.approx(frame_area)


def test_setbacks_from_ditch_and_road(bouwsteen):
    field = frame(shapely.box(0, 0, 100, 40))
    ditch = frame(shapely.box(0, -4, 100, 0))
    road = frame(shapely.box(-10, -10, -0.5, 50))  # 0.5 m west of the field
    site = build_site(field, context={"water": [ditch], "road": [road]},
                      rules=SiteRules(water_setback_m=1.0, road_setback_m=2.0))  # fmt: skip
    hedge = bouwsteen("haag", positions=("perceelsrand",), width=(1, 2, 4), length=(20, 100))
    cands = generate_candidates(site, [hedge])
    along_ditch = cands[cands.intersects(shapely.box(40, 0, 60, 5))]
    assert len(along_ditch) == 1
    assert shapely.distance(along_ditch.geometry.iloc[0], ditch.geometry.iloc[0]) == pytest.approx(
        1.0
    )
    # A woody strip keeps 2 m from the road: 1.5 m in from the field's west edge.
    for geom in cands.geometry:
        assert shapely.distance(geom, road.geometry.iloc[0]) >= 2.0 - 1e-9
    west = cands[cands.intersects(shapely.box(0, 15, 5, 25))]
    to_road = shapely.distance(west.geometry.iloc[0], road.geometry.iloc[0])
    assert 2.0 <= to_road == pytest.approx(2.0, abs=1e-3)  # never nearer than the setback
    # A bouwsteen made for the bank starts at the bank.
    bank = bouwsteen("oever", positions=("slootkant",), counts_as="natuurvriendelijke_oever")
    (geom,) = generate_candidates(site, [bank]).geometry
    assert shapely.distance(geom, ditch.geometry.iloc[0]) == pytest.approx(0.0)


def test_blocks_in_corners_along_edges_and_in_the_middle(bouwsteen):
    site = build_site(frame(shapely.box(0, 0, 100, 100)))
    bosje = bouwsteen("bosje", "area", positions=("hoek",), counts_as="bosje",
                      area=(100, 400, 1000))  # fmt: skip
    corners = generate_candidates(site, [bosje])
    assert areas(corners) == [400.0] * 4
    for geom in corners.geometry:  # 20 x 20 squares in the corners
        minx, miny, maxx, maxy = geom.bounds
        assert {round(minx, 6), round(maxx, 6)} in ({0.0, 20.0}, {80.0, 100.0})
        assert {round(miny, 6), round(maxy, 6)} in ({0.0, 20.0}, {80.0, 100.0})
    poel = bouwsteen("poel", "area", positions=("perceelsrand",), counts_as="poel",
                     area=(50, 175, 300), width=(7.5, 15, 25))  # fmt: skip
    along = generate_candidates(site, [poel])
    # 15 m deep, 175 / 15 m long; 8 fit along a 100 m edge, 3 are drawn (slots 0, 4, 7).
    assert areas(along) == pytest.approx([175.0] * 12)
    assert along["width_m"].unique().tolist() == [15.0]
    middle = bouwsteen("midden", "area", positions=("midden_perceel",), counts_as="poel",
                       area=(100, 400, 1000))  # fmt: skip
    (geom,) = generate_candidates(site, [middle]).geometry
    assert shapely.equals_exact(shapely.normalize(geom), shapely.normalize(
        shapely.box(40, 40, 60, 60)), tolerance=1e-6)  # fmt: skip
    whole = bouwsteen("grasland", "area", positions=("midden_perceel",), counts_as="ruigte",
                      area=(5000, 8000, 20000))  # fmt: skip
    (geom,) = generate_candidates(site, [whole]).geometry
    assert shapely.area(geom) == pytest.approx(10_000.0)  # at most 1.5 x typical: all of it


def test_points_are_octagons_of_their_footprint(bouwsteen):
    site = build_site(frame(shapely.box(0, 0, 60, 60)))
    tree = bouwsteen("boom", "point", positions=("hoek",), counts_as="solitaire_boom",
                     area=(10, 20, 400), aanleg=(60.0, "eur_per_piece"),
                     beheer=(6.0, "eur_per_piece"))  # fmt: skip
    cands = generate_candidates(site, [tree])
    assert areas(cands) == pytest.approx([20.0] * 4)
    assert shapely.get_num_coordinates(cands.geometry.to_numpy()).tolist() == [9] * 4
    assert cands["aanleg_eur"].tolist() == [60.0] * 4
    assert cands["length_m"].tolist() == [0.0] * 4


def test_too_short_runs_get_no_strip_and_costs_follow_the_unit(bouwsteen):
    site = build_site(frame(shapely.box(0, 0, 120, 30)))
    row = bouwsteen("bomenrij", width=(2, 5, 8), length=(50, 100), spacing=(5, 6, 7),
                    counts_as="knotbomenrij", aanleg=(15.0, "eur_per_piece"),
                    beheer=(1000.0, "eur_per_ha"))  # fmt: skip
    cands = generate_candidates(site, [row])
    assert len(cands) == 2  # the two 120 m sides; the 30 m sides are shorter than 50 m
    length = cands["length_m"].to_numpy()
    np.testing.assert_allclose(length, 120 - 5, rtol=1e-9)  # mitred ends: 2 x 5 / 2 m off
    np.testing.assert_allclose(cands["n_pieces"], np.round(length / 6))
    np.testing.assert_allclose(cands["aanleg_eur"], 15.0 * np.round(length / 6))
    np.testing.assert_allclose(cands["beheer_eur_per_year"], 1000.0 * cands["area_m2"] / 1e4)
    assert cands["hedge_m"].tolist() == [0.0, 0.0]  # a tree row is woody but no hedge
    heg = bouwsteen("haag", width=(1, 1, 2), length=(50, 100), counts_as="heg")
    hedges = generate_candidates(site, [heg])
    assert len(hedges) and (hedges["hedge_m"] == hedges["length_m"]).all()
    unknown = bouwsteen("onbekend", aanleg=(None, "eur_per_m"))
    (flag,) = set(generate_candidates(site, [unknown])["cost_known"])
    assert flag is np.False_ or flag is False


def test_erf_parcels_take_only_erf_bouwstenen(bouwsteen):
    farm = frame(shapely.box(0, 0, 200, 100))
    erf = frame(shapely.box(0, 0, 60, 50))
    site = build_site(farm, context={"erf": [erf]})
    on_erf = bouwsteen("erfhaag", positions=("erf",), length=(10, 30))
    field_only = bouwsteen(
        "akkerrand", positions=("perceelsrand",), counts_as="kruidenrijke_akkerrand"
    )
    cands = generate_candidates(site, [on_erf, field_only])
    erf_parcel = int(np.flatnonzero(site.parcels["is_erf"])[0])
    assert set(cands.loc[cands["parcel"] == erf_parcel, "bouwsteen_id"]) == {"erfhaag"}
    assert (cands.loc[cands["parcel"] == erf_parcel, "productive_m2"] == 0).all()
    field_erf = cands[(cands["parcel"] != erf_parcel) & (cands["bouwsteen_id"] == "erfhaag")]
    assert len(field_erf) and (field_erf["productive_m2"] > 0).all()


def test_conflicts_are_exactly_the_overlapping_pairs(bouwsteen):
    site = build_site(frame(shapely.box(0, 0, 150, 80)), context={
        "water": [frame(shapely.box(0, -3, 150, 0))]})  # fmt: skip
    cands = generate_candidates(site, [
        bouwsteen("aa", positions=("slootkant", "perceelsrand"), length=(20, 40)),
        bouwsteen("bb", "area", positions=("hoek", "perceelsrand"), counts_as="bosje"),
        bouwsteen("cc", positions=("perceelsrand",), width=(3, 6, 9), length=(30, 75)),
    ])  # fmt: skip
    geoms = cands.geometry.to_numpy()
    i, j = np.triu_indices(len(geoms), k=1)
    overlap = shapely.area(shapely.intersection(geoms[i], geoms[j])) > 0.01
    want = {(int(a), int(b)) for a, b in zip(i[overlap], j[overlap], strict=True)}
    assert {tuple(p) for p in conflict_pairs(cands).T.tolist()} == want
    assert want  # the three bouwstenen do compete for the same edges


@st.composite
def random_site(draw):
    """A row of 1-4 rectangular fields, rotated, with a ditch along some and a hedge in one."""
    n = draw(st.integers(1, 4))
    widths = [draw(st.floats(25, 120)) for _ in range(n)]
    depth = draw(st.floats(25, 200))
    angle = draw(st.floats(0, 90))
    xs = np.cumsum([0.0, *widths])
    fields = [shapely.box(xs[k], 0, xs[k + 1], depth) for k in range(n)]
    ditches = [shapely.box(xs[k], -3, xs[k + 1], 0) for k in range(n) if draw(st.booleans())]
    hedge = shapely.LineString([(xs[0] + 1, depth - 1), (xs[-1] - 1, depth - 1)])
    turn = lambda g: shapely.affinity.rotate(g, angle, origin=(0, 0))  # noqa: E731
    return (
        frame(*map(turn, fields)),
        frame(*map(turn, ditches)) if ditches else None,
        frame(turn(hedge), element_type=["heg"]),
    )


@settings(max_examples=25, deadline=None)
@given(data=random_site())
def test_candidates_stay_on_free_land_and_respect_the_minimums(data, bouwsteen):
    fields, ditches, hedge = data
    context = {"water": [ditches]} if ditches is not None else {}
    site = build_site(fields, context=context, elements=[ElementLayer(hedge)])
    pool = [
        bouwsteen("oever", positions=("slootkant",), width=(2, 3, 5), length=(25, 60)),
        bouwsteen("haag", positions=("perceelsrand", "kopakker"), width=(1, 2, 4),
                  length=(20, 80)),
        bouwsteen("bosje", "area", positions=("hoek", "perceelsrand", "midden_perceel"),
                  counts_as="bosje", area=(150, 400, 900)),
        bouwsteen("boom", "point", positions=("hoek", "perceelsrand"), counts_as="solitaire_boom"),
    ]  # fmt: skip
    cands = generate_candidates(site, pool)
    if not len(cands):
        return
    geoms = cands.geometry.to_numpy()
    placeable = np.where(cands["woody"], site.placeable_woody[cands["parcel"]],
                         site.placeable[cands["parcel"]])  # fmt: skip
    # Inside the free land of its own parcel, so inside the site and off existing elements
    # (to the 1 µm grid the layout's overlays snap to, see gbda_core.snapped).
    assert shapely.area(shapely.difference(geoms, placeable)).max() < 1e-4
    assert shapely.area(shapely.intersection(geoms, site.footprints[0])).max() < 1e-4
    assert shapely.area(shapely.difference(geoms, site.area)).max() < 1e-4
    assert shapely.is_valid(geoms).all()
    for bid, sub in cands.groupby("bouwsteen_id"):
        b = next(x for x in pool if x.id == bid)
        if b.geometry == "line":
            assert (sub["length_m"] >= b.dimensions.length_m.min - 1e-6).all()
            assert strip_like(sub["area_m2"].to_numpy(), shapely.length(sub.geometry.to_numpy()),
                              sub["width_m"].to_numpy(), 1.3).all()  # fmt: skip
        else:
            assert (sub["area_m2"] >= b.dimensions.area_m2.min - 1e-6).all()
    np.testing.assert_allclose(cands["area_m2"], shapely.area(geoms))


def test_a_corner_block_is_not_lost_to_a_rounding_error_of_the_overlay(bouwsteen):
    """Found by the property test above: two rotated 30 x 25 m fields with a hedge; GEOS's
    floating overlay put the bosje block of the first field's corner wholly outside its land."""
    angle, w0, w1, depth = 72.2132, 29.8421, 24.9979, 25.0
    turn = lambda g: shapely.affinity.rotate(g, angle, origin=(0, 0))  # noqa: E731
    fields = frame(turn(shapely.box(0, 0, w0, depth)), turn(shapely.box(w0, 0, w0 + w1, depth)))
    hedge = frame(turn(shapely.LineString([(1, depth - 1), (w0 + w1 - 1, depth - 1)])),
                  element_type=["heg"])  # fmt: skip
    site = build_site(fields, elements=[ElementLayer(hedge)])
    bosje = bouwsteen("bosje", "area", positions=("hoek",), counts_as="bosje",
                      area=(150, 400, 900))  # fmt: skip
    cands = generate_candidates(site, [bosje])
    geoms = cands.geometry.to_numpy()
    land = site.placeable_woody[cands["parcel"].to_numpy()]
    assert shapely.area(shapely.difference(geoms, land)).max() < 1e-4
    # Each full corner block (20 x 20 m) lies in the corner of its own parcel.
    full = cands[cands["area_m2"] > 399.9]
    assert len(full) >= 4
    for geom, parcel in zip(full.geometry, full["parcel"], strict=True):
        assert site.parcels.geometry.iloc[parcel].buffer(1e-3).contains(geom)


def test_a_band_along_a_sharp_turn_is_polygons_the_next_overlay_takes():
    # Found by a random search: on the 1 µm grid, the band between the two one-sided buffers of
    # this sharply turning run came out as a polygon and a collapsed line, which the clip to the
    # placeable land (an overlay) refused as mixed-dimension input.
    run = shapely.LineString(
        [
            (179973.8808784433, 450013.8165123787),
            (179983.5059267661, 449992.9471629146),
            (179981.58166088254, 449998.3750885848),
        ]
    )
    offset, width = 4.289532246219773, 7.828468113533392
    outer, inner = (
        shapely.buffer(run, d, single_sided=True, join_style="mitre", mitre_limit=5.0)
        for d in (offset + width, offset)
    )
    raw = shapely.difference(outer, inner, grid_size=snapped.GRID_M)
    assert sorted(shapely.get_type_id(shapely.get_parts(raw))) == [1, 3]  # the case at hand
    (band,) = bands(np.array([run]), np.array([offset]), np.array([width]))
    assert band.geom_type == "MultiPolygon"
    assert band.area == raw.area  # the line has no area
    land = shapely.box(179900, 449900, 180100, 450100)
    assert snapped.intersection(shapely.make_valid(band), land).area == pytest.approx(band.area)
