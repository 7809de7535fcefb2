"""Plans: layout invariants, the share engine's figures before and after, the GeoPackage."""

from __future__ import annotations

import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gbda_core.errors import ConfigError
from gbda_core.jobs import share_from_files
from gbda_core.optimise import Goal
from gbda_core.plan import plan_layout
from gbda_core.plan_report import plan_summary, write_plan
from gbda_core.share import ElementLayer
from gbda_core.site import build_site
from gbda_core.site_io import site_from_files
from natuurbouwstenen import load_catalogue

CRS = 28992


def frame(*geoms, **columns):
    return gpd.GeoDataFrame(columns or None, geometry=list(geoms), crs=CRS)


@pytest.fixture
def farm(tmp_path, bouwsteen, catalogue_of):
    """A 200 x 100 m field, a ditch along the south, a 1 m hedge along the north (200 m²)."""
    field = frame(shapely.box(0, 0, 200, 100), pid=["akker"])
    ditch = frame(shapely.box(-5, -4, 205, 0))
    hedge = frame(shapely.LineString([(0, 99.5), (200, 99.5)]), element_type=["heg"])
    field.to_file(tmp_path / "field.gpkg")
    hedge.to_file(tmp_path / "hedge.gpkg")
    site = build_site(field, id_field="pid", context={"water": [ditch]},
                      elements=[ElementLayer(hedge)], soil="klei", wetness="vochtig")  # fmt: skip
    catalogue = catalogue_of(
        bouwsteen("natuurvriendelijke_oever", positions=("slootkant",), width=(2, 3, 5),
                  length=(25, 100, 400), counts_as="natuurvriendelijke_oever",
                  aanleg=(10.0, "eur_per_m"), beheer=(0.5, "eur_per_m")),
        bouwsteen("haag", positions=("perceelsrand",), width=(0.8, 1, 2), length=(50, 100),
                  counts_as="heg", aanleg=(8.0, "eur_per_m"), beheer=(2.5, "eur_per_m")),
        bouwsteen("poel", "area", positions=("hoek",), area=(50, 175, 300), counts_as="poel",
                  aanleg=(1150.0, "eur_per_piece"), beheer=(65.0, "eur_per_piece")),
        bouwsteen("nestkast", "point", positions=("perceelsrand",), counts_as="none",
                  area=(0.05, 0.3), aanleg=(50.0, "eur_per_piece"),
                  beheer=(5.0, "eur_per_piece")),
    )  # fmt: skip
    return site, catalogue, tmp_path


def check_layout(plan, site):
    """Inside the site, no overlaps with each other or with existing elements, valid.

    (Tolerances of 1e-4 m²: the planner's overlays snap to a 1 µm grid, see gbda_core.snapped.)
    """
    geoms = plan.layout.geometry.to_numpy()
    assert shapely.is_valid(geoms).all()
    assert shapely.area(shapely.difference(geoms, site.area)).max(initial=0) < 1e-4
    i, j = np.triu_indices(len(geoms), k=1)
    assert shapely.area(shapely.intersection(geoms[i], geoms[j])).max(initial=0) < 1e-4
    for existing in site.footprints:
        assert shapely.area(shapely.intersection(geoms, existing)).max(initial=0) < 1e-4


def engine_share(folder, out, existing="hedge.gpkg"):
    """The share recomputed from the files: site, existing elements and the written layout."""
    result = share_from_files(
        folder / "field.gpkg",
        [folder / existing, f"{out}|layername=layout"],
        id_field="pid",
        profile="custom:",
    )
    return result.areas.iloc[0]


def test_plan_reaches_a_share_and_the_engine_agrees(farm):
    site, catalogue, folder = farm
    plan = plan_layout(site, [Goal("share", 4.0)], catalogue=catalogue)
    s = plan_summary(plan)
    check_layout(plan, site)
    assert s["share_before_pct"] == pytest.approx(1.0)  # 200 m² of 2 ha
    assert s["goal_reached"] and s["share_after_pct"] >= 4.0
    out = write_plan(plan, folder / "plan.gpkg")
    row = engine_share(folder, out)
    assert row["share_pct"] == pytest.approx(s["share_after_pct"], abs=1e-9)
    # No overlaps: what was added is the layout's counted area; costs are the layout's sums.
    counted = plan.layout[plan.layout["element_type"] != "none"]
    assert s["added_ha"] == pytest.approx(counted["area_m2"].sum() / 1e4, abs=1e-6)
    assert s["aanleg_eur"] == pytest.approx(plan.layout["aanleg_eur"].sum())
    assert s["productive_ha"] == pytest.approx(plan.layout["productive_m2"].sum() / 1e4)
    assert s["method"] == "exact" and s["optimal"]
    # 600 m² to add: the whole bank (591 m² for 197 x (10 + 6 x 0.5) €), and for the last 9 m²
    # one poel (1150 + 6 x 65 €) is cheaper than a hedge chunk (98.5 m x (8 + 6 x 2.5) €).
    assert sorted(plan.layout["bouwsteen_id"]) == ["natuurvriendelijke_oever", "poel"]
    assert s["aanleg_eur"] == pytest.approx(1970.0 + 1150.0)
    assert s["message_nl"].startswith("Doel gehaald: GBDA-aandeel 4 %: 1,0 % → 4,")
    assert s["message_en"].startswith("Goal reached: GBDA share 4 %: 1.0 % → 4.")


def test_chunks_along_one_edge_join_into_one_element(farm, bouwsteen, catalogue_of):
    site, catalogue, _ = farm
    oever = catalogue.get("natuurvriendelijke_oever")
    plan = plan_layout(site, [Goal("share", 3.9)], catalogue=catalogue_of(oever))
    # 2 x 100 ... chunks of the 200 m ditch bank: one element of 197.5 m (mitred ends).
    assert len(plan.layout) == 1
    row = plan.layout.iloc[0]
    assert row["length_m"] == pytest.approx(200 - 3.0)
    assert row["area_m2"] == pytest.approx(200 * 3 - 9.0)
    assert row["aanleg_eur"] == pytest.approx(10.0 * row["length_m"], abs=0.01)
    assert row["beheer"] == "maaien" and row["position"] == "slootkant"


def test_an_unreachable_goal_says_so_with_the_best_it_could_do(farm):
    site, catalogue, folder = farm
    plan = plan_layout(site, [Goal("share", 60.0)], catalogue=catalogue)
    s = plan_summary(plan)
    assert not s["goal_reached"]
    assert 1.0 < s["share_after_pct"] < 60.0
    assert s["message_nl"].startswith("Doel niet haalbaar. Het beste plan: GBDA-aandeel 60 %:")
    assert "Er is niet genoeg geschikte ruimte" in s["message_nl"]
    assert s["message_en"].startswith("Goal cannot be reached. Best plan:")
    check_layout(plan, site)
    out = write_plan(plan, folder / "best.gpkg")
    goals = pyogrio.read_dataframe(out, layer="goals")
    assert goals[["goal", "target", "unit", "reached"]].values.tolist() == [["share", 60.0, "%", 0]]
    assert goals["after"].iloc[0] == pytest.approx(engine_share(folder, out)["share_pct"])


def test_a_goal_already_met_plans_nothing(farm):
    site, catalogue, folder = farm
    plan = plan_layout(site, [Goal("share", 0.5)], catalogue=catalogue)
    s = plan_summary(plan)
    assert s["goal_reached"] and len(plan.layout) == 0
    assert s["message_nl"] == "Doel al gehaald; er is niets nodig."
    assert s["share_after_pct"] == s["share_before_pct"]
    out = write_plan(plan, folder / "empty.gpkg")
    assert len(pyogrio.read_dataframe(out, layer="layout")) == 0


def test_budget_and_hedge_metres(farm):
    site, catalogue, _ = farm
    plan = plan_layout(site, [Goal("share", 4.0)], catalogue=catalogue, budget=1000.0)
    s = plan_summary(plan)
    assert s["aanleg_eur"] <= 1000.0 and not s["goal_reached"]
    assert "Het budget (€ 1.000) is te krap; zonder budget is het doel haalbaar." in s["message_nl"]
    assert s["reachable_without_budget"]
    hedge = plan_layout(site, [Goal("hedge_m", 150.0)], catalogue=catalogue)
    s = plan_summary(hedge)
    assert s["goal_reached"] and s["hedge_m"] >= 150.0
    assert set(hedge.layout["bouwsteen_id"]) == {"haag"}


def test_only_chosen_bouwstenen(farm):
    site, catalogue, _ = farm
    plan = plan_layout(site, [Goal("share", 5.0)], catalogue=catalogue, bouwstenen=["poel"])
    assert set(plan.layout["bouwsteen_id"]) == {"poel"}
    with pytest.raises(ConfigError, match="unknown bouwsteen 'poeltje'"):
        plan_layout(site, [Goal("share", 5.0)], catalogue=catalogue, bouwstenen=["poeltje"])


def test_the_geopackage_holds_layout_summary_goals_suggestions_problems(farm):
    site, catalogue, folder = farm
    plan = plan_layout(site, [Goal("share", 4.0)], catalogue=catalogue)
    out = write_plan(plan, folder / "plan.gpkg")
    # GDAL lists the spatial layers first.
    assert [name for name, _ in pyogrio.list_layers(out)] == [
        "layout", "site", "existing_elements", "summary", "goals", "suggestions", "problems"
    ]  # fmt: skip
    site_layer = gpd.read_file(out, layer="site")
    assert len(site_layer) == len(site.parcels)
    assert site_layer.area.sum() == pytest.approx(site.parcels.area.sum())
    layout = gpd.read_file(out, layer="layout")
    assert layout.crs.to_epsg() == CRS
    assert {"bouwsteen_id", "length_m", "width_m", "area_m2", "aanleg_eur",
            "beheer_eur_per_year", "beheer", "anlb_package"} <= set(layout.columns)  # fmt: skip
    summary = pyogrio.read_dataframe(out, layer="summary")
    assert len(summary) == 1 and summary["goal_reached"].iloc[0] == 1
    suggestions = pyogrio.read_dataframe(out, layer="suggestions")
    assert suggestions["rank"].tolist() == [1, 2, 3, 4]
    with sqlite3.connect(out) as db:
        assert db.execute("pragma user_version").fetchone()[0] == 10200
    with pytest.raises(ConfigError, match=r"end the name in \.gpkg"):
        write_plan(plan, folder / "plan.json")


# --- shipped catalogue, sample polder and the real Otterlo BGT --------------------------------


def test_sample_polder_farm_end_to_end(polder_farm, tmp_path):
    site = site_from_files(polder_farm["site"], **polder_farm["options"])
    plan = plan_layout(site, [Goal("share", 10.0)], catalogue=load_catalogue())
    s = plan_summary(plan)
    check_layout(plan, site)
    assert s["goal_reached"] and s["share_after_pct"] >= 10.0 > s["share_before_pct"]
    assert s["method"] == "exact"
    out = write_plan(plan, tmp_path / "polder_plan.gpkg")
    layout = gpd.read_file(out, layer="layout").rename(columns={"element_type": "type"})
    layout.to_file(tmp_path / "typed.gpkg")
    opts = polder_farm["options"]
    elements = [c.partition("=")[2] for c in opts["context"] if c.startswith("elements=")]
    check = share_from_files(
        polder_farm["site"],
        [*elements, tmp_path / "typed.gpkg"],
        id_field="perceel_id",
        type_field="type",
        width_field="breedte_m",
        mapping=opts["mapping"],
        profile="custom:",
    )
    # The engine per parcel, summed, equals the plan's site figure (parcels do not overlap), to
    # 0.001 m²: the plan's site is the union of its parcels on the 1 µm grid (gbda_core.snapped).
    assert check.areas["element_ha"].sum() == pytest.approx(s["element_ha_after"], abs=1e-7)


def test_otterlo_farmland_end_to_end(otterlo_farm):
    site = site_from_files(otterlo_farm["site"], **otterlo_farm["options"])
    exact = plan_layout(site, [Goal("share", 8.0)], catalogue=load_catalogue())
    greedy = plan_layout(site, [Goal("share", 8.0)], catalogue=load_catalogue(), method="heuristic")
    wet = {b.id for b in load_catalogue() if "droog" not in b.wetness}
    for plan in (exact, greedy):
        s = plan_summary(plan)
        check_layout(plan, site)
        assert s["goal_reached"] and s["share_after_pct"] >= 8.0
        # On dry sand nothing wet is placed.
        assert not set(plan.layout["bouwsteen_id"]) & wet
        assert pd.notna(plan.layout["aanleg_eur"]).all()
    # 66 parcels, thousands of candidates: still solved exactly, and the heuristic costs more.
    assert plan_summary(exact)["method"] == "exact" and plan_summary(exact)["optimal"]
    assert plan_summary(greedy)["method"] == "heuristic"
    assert exact.selection.objective_value <= greedy.selection.objective_value + 1e-6


def test_otterlo_farm_hedges_exact(otterlo_farm):
    parcels = gpd.read_file(otterlo_farm["site"])
    near = parcels[parcels.intersects(shapely.Point(180700, 457300).buffer(250))]
    path = otterlo_farm["folder"] / "near.gpkg"
    near.to_file(path)
    site = site_from_files(path, **otterlo_farm["options"])
    plan = plan_layout(site, [Goal("hedge_m", 400.0)], catalogue=load_catalogue())
    s = plan_summary(plan)
    check_layout(plan, site)
    assert s["goal_reached"] and s["hedge_m"] >= 400.0
    assert s["method"] == "exact" and s["optimal"]
    assert set(plan.layout["geometry_kind"]) == {"line"}
    assert set(plan.layout["category"]) == {"houtig"}


# --- bouwstenen on features already there; what a goal can use --------------------------------


def test_ditch_management_takes_no_land_and_adds_no_new_area(farm, bouwsteen, catalogue_of):
    site, catalogue, _ = farm
    slootbeheer = bouwsteen("slootbeheer", positions=("slootkant",), wetness=("vochtig",),
                            counts_as="ecologisch_beheerde_sloot", on_existing_feature=True,
                            aanleg=(0.0, "eur_per_m"), beheer=(0.1, "eur_per_m"))  # fmt: skip
    books = catalogue_of(*catalogue, slootbeheer)
    plan = plan_layout(site, [Goal("share", 4.0)], catalogue=books)
    # Free of aanleg, yet never placed: it adds no new area to the share.
    assert "slootbeheer" not in set(plan.layout["bouwsteen_id"])
    assert "slootbeheer" in plan.settings["bouwstenen_without_effect"]
    ranked = {s.bouwsteen.id: s for s in plan.suggestions}["slootbeheer"]
    assert ranked.fits
    assert any("voegt op de percelen geen nieuw oppervlak toe" in r.nl for r in ranked.reasons)
    with pytest.raises(ConfigError, match="slootbeheer manages a feature that is already there"):
        plan_layout(site, [Goal("share", 4.0)], catalogue=books, bouwstenen=["slootbeheer"])


def test_chosen_bouwstenen_that_cannot_count_are_named(farm):
    site, catalogue, _ = farm
    with pytest.raises(ConfigError, match=r"nestkast adds no GBDA area \(counts_as none\)"):
        plan_layout(site, [Goal("share", 5.0)], catalogue=catalogue, bouwstenen=["nestkast"])
    with pytest.raises(ConfigError, match="poel is no hedge"):
        plan_layout(site, [Goal("hedge_m", 50.0)], catalogue=catalogue, bouwstenen=["poel"])


def test_woody_share_and_land_objective_end_to_end(farm, bouwsteen, catalogue_of):
    site, catalogue, folder = farm
    # The existing 200 m² hedge is all woody: ask for 4 % share with at least 30 % woody.
    plan = plan_layout(site, [Goal("share", 4.0), Goal("woody_share", 30.0)], catalogue=catalogue)
    s = plan_summary(plan)
    assert s["goal_reached"] and s["method"] == "exact"
    out = write_plan(plan, folder / "woody.gpkg")
    row = engine_share(folder, out)
    assert row["share_pct"] >= 4.0
    assert 100 * row["woody_ha"] / row["element_ha"] >= 30.0 - 1e-9
    # Least land: a bouwsteen placed on the erf would take none; here every candidate is on the
    # field, so the land objective picks the fewest m² that reach the goal (no extra poel).
    land = plan_layout(site, [Goal("share", 4.0)], catalogue=catalogue, objective="land")
    assert plan_summary(land)["goal_reached"]
    assert land.layout["productive_m2"].sum() <= plan.layout["productive_m2"].sum() + 1e-6
    assert land.layout["productive_m2"].sum() == pytest.approx(600.0 + 0.01, abs=60.0)


def test_settings_are_refused_before_the_site_is_read(tmp_path):
    from gbda_core.planning import plan_from_files

    missing = tmp_path / "er_is_geen_site.gpkg"
    with pytest.raises(ConfigError, match="the budget is negative"):
        plan_from_files(missing, [Goal("share", 5.0)], budget=-1.0)
    with pytest.raises(ConfigError, match="unknown method"):
        plan_from_files(missing, [Goal("share", 5.0)], method="snel")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="no goal given"):
        plan_from_files(missing, [])
    with pytest.raises(ConfigError, match="output folder does not exist"):
        plan_from_files(missing, [Goal("share", 5.0)], out=tmp_path / "nope" / "plan.gpkg")


def test_file_level_functions_equal_the_steps(polder_farm, tmp_path):
    from gbda_core.planning import plan_from_files, suggest_from_files
    from gbda_core.suggest import suggest

    site = site_from_files(polder_farm["site"], **polder_farm["options"])
    steps = suggest(site, load_catalogue())
    once = suggest_from_files(polder_farm["site"], **polder_farm["options"])
    assert [(s.bouwsteen.id, s.score) for s in once] == [(s.bouwsteen.id, s.score) for s in steps]
    out = tmp_path / "plan.gpkg"
    plan = plan_from_files(polder_farm["site"], [Goal("share", 6.0)], out=out,
                           **polder_farm["options"])  # fmt: skip
    direct = plan_layout(site, [Goal("share", 6.0)], catalogue=load_catalogue())
    assert plan_summary(plan) == plan_summary(direct)
    assert len(gpd.read_file(out, layer="layout")) == len(plan.layout)


# --- property: any small site, any reachable goal ----------------------------------------------


@st.composite
def small_sites(draw):
    """One to three side-by-side rectangular fields, a ditch on the south, maybe a road west."""
    widths = draw(st.lists(st.integers(60, 160), min_size=1, max_size=3))
    depth = draw(st.integers(40, 120))
    x = np.cumsum([0, *widths])
    fields = [shapely.box(x[i], 0, x[i + 1], depth) for i in range(len(widths))]
    ditch = shapely.box(-5, -4, x[-1] + 5, 0)
    road = shapely.box(-12, -10, -4, depth + 10) if draw(st.booleans()) else None
    share = draw(st.floats(1.0, 12.0))
    return fields, ditch, road, share


@settings(max_examples=12, deadline=None)
@given(case=small_sites())
def test_plans_on_any_small_site_keep_the_invariants(case, tmp_path_factory):
    from gbda_core.plan import site_share

    fields, ditch, road, share = case
    context = {"water": [frame(ditch)]}
    if road is not None:
        context["road"] = [frame(road)]
    parcels = frame(*fields, pid=[f"p{i}" for i in range(len(fields))])
    site = build_site(parcels, id_field="pid", context=context, soil="klei", wetness="vochtig")
    books = load_catalogue()
    plan = plan_layout(site, [Goal("share", share)], catalogue=books, time_limit=20.0)
    check_layout(plan, site)
    # Minimum sizes of every placed element.
    by_id = {b.id: b for b in books}
    for row in plan.layout.itertuples():
        dims = by_id[row.bouwsteen_id].dimensions
        if dims.length_m is not None and row.length_m > 0:
            assert row.length_m >= dims.length_m.min - 1e-6
        if dims.area_m2 is not None and by_id[row.bouwsteen_id].geometry != "line":
            assert row.area_m2 >= dims.area_m2.min - 1e-6
    # The share after is the share engine's own figure for the site with the layout added.
    again = site_share(site, plan.layout).areas.iloc[0]
    assert plan.after.areas.iloc[0]["share_pct"] == pytest.approx(again["share_pct"], abs=1e-9)
    s = plan_summary(plan)
    if s["goal_reached"]:
        assert again["share_pct"] >= share - 1e-6
