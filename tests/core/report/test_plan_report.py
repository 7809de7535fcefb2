"""The plan report: costs, calendar and shares checked by hand and against the plan itself."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely

from gbda_core.plan_report import plan_summary, write_plan
from gbda_core.report.charts import before_after
from gbda_core.report.plan import (
    costs_by_bouwsteen,
    plan_report,
    plan_tables,
    read_plan_tables,
    share_rows,
    write_plan_report,
)
from gbda_core.report.seasons import month_span, season_months


@pytest.mark.parametrize(
    ("season", "months"),
    [
        ("1 oktober - 15 maart (buiten het broedseizoen)", {10, 11, 12, 1, 2, 3}),
        ("september-november", {9, 10, 11}),
        ("16 juli - 14 maart", {7, 8, 9, 10, 11, 12, 1, 2, 3}),
        ("juni-juli en september-oktober", {6, 7, 9, 10}),
        ("inzaaien voorjaar; maaien augustus-september", {3, 4, 5, 8, 9}),
        ("half april - eind mei of in oktober (niet tijdens eiafzet)", {4, 5, 10}),
        ("inundatie 15 februari - 15 mei of 15 juni", {2, 3, 4, 5, 6}),
        ("in de winter", {12, 1, 2}),
        # A rest period, a "not before", "after" or "outside" would be marked the wrong way.
        ("rustperiode 1 april tot half juni", None),
        ("niet voor 15 juni; tweede snede in september", None),
        ("na 15 juni en in september", None),
        ("aanleg in het voorjaar; maaien buiten het broedseizoen", None),
        ("jaarlijks", None),
    ],
)
def test_season_months(season, months):
    got = season_months(season)
    assert (None if got is None else set(got)) == months


def test_month_span_wraps_the_new_year():
    assert month_span(11, 2) == {11, 12, 1, 2}
    assert month_span(3, 3) == {3}


def layout_frame():
    """Two hedges (aanleg 100 and 50 EUR, beheer 10 and 5 a year) and a pond of unknown cost."""
    return gpd.GeoDataFrame(
        {
            "element_id": [1, 2, 3],
            "bouwsteen_id": ["haag", "haag", "poel"],
            "name": ["Haag", "Haag", "Poel"],
            "name_en": ["Hedge", "Hedge", "Pond"],
            "position": ["perceelsrand", "perceelsrand", "hoek"],
            "parcel_id": ["p1", "p2", "p1"],
            "length_m": [100.0, 50.0, 0.0],
            "width_m": [1.0, 1.0, 0.0],
            "area_m2": [100.0, 50.0, 175.0],
            "aanleg_eur": [100.0, 50.0, np.nan],
            "beheer_eur_per_year": [10.0, 5.0, 65.0],
            "cost_estimate": [True, True, False],
            "cost_known": [True, True, False],
            "beheer": ["knippen", "knippen", "schonen"],
            "beheer_cycle": ["jaarlijks", "jaarlijks", "eens per 5 jaar"],
            "beheer_season": ["1 oktober - 15 maart", "1 oktober - 15 maart", "september"],
            "anlb_package": ["none", "none", "1 Poel"],
        },
        geometry=[shapely.box(0, 0, 100, 1), shapely.box(0, 5, 50, 6), shapely.box(0, 10, 5, 45)],
        crs=28992,
    )


def test_costs_by_bouwsteen_by_hand():
    table = costs_by_bouwsteen(layout_frame(), beheer_years=6).set_index("bouwsteen_id")
    assert table.loc["haag", ["n", "length_m", "aanleg_eur", "beheer_eur_per_year"]].tolist() == [
        2, 150.0, 150.0, 15.0]  # fmt: skip
    assert table.loc["haag", "beheer_total_eur"] == 90.0  # 15 EUR a year x 6 years
    assert table.loc["haag", "total_eur"] == 240.0
    assert math.isnan(table.loc["poel", "aanleg_eur"])  # unknown stays unknown, never 0
    assert table.loc["poel", "total_eur"] == 390.0  # only the known beheer
    assert table["estimate"].tolist() == [True, False]


def test_costs_and_calendar_tables(tables_of, sample_plan):
    from gbda_core.report.plan import PlanTables

    tables = plan_tables(sample_plan)
    tables.layout = layout_frame()
    tables.summary = {**tables.summary, "beheer_years": 6.0}
    page = tables_of(plan_report(tables, "en").html)
    costs = page["costs"]
    assert [c["text"] for c in costs["body"][0]] == ["Hedge *", "2", "150", "150", "150", "15",
                                                     "90", "240"]  # fmt: skip
    assert [c["text"] for c in costs["foot"][0]] == ["total", "3", "150", "325", "150", "80",
                                                     "480", "630"]  # fmt: skip
    calendar = page["calendar"]["body"]
    marks = {row[0]["text"]: [i + 1 for i, c in enumerate(row[1:13]) if c["text"] == "●"]
             for row in calendar}  # fmt: skip
    assert marks == {"Hedge": [1, 2, 3, 10, 11, 12], "Pond": [9]}
    assert isinstance(tables, PlanTables)


def test_plan_report_from_the_plan_and_from_its_geopackage_agree(sample_plan, tmp_path,
                                                                tables_of):  # fmt: skip
    out = write_plan(sample_plan, tmp_path / "plan.gpkg")
    fresh = tables_of(plan_report(sample_plan, "nl").html)
    again = tables_of(plan_report(read_plan_tables(out), "nl").html)
    for table in ("goals", "elements", "costs", "calendar", "suggestions", "excluded"):
        assert fresh[table] == again[table], table
    assert len(fresh["elements"]["body"]) == len(sample_plan.layout)
    assert len(fresh["suggestions"]["body"]) + len(fresh["excluded"]["body"]) == len(
        sample_plan.suggestions
    )


def test_before_and_after_bars_are_the_share_engines(sample_plan):
    s = plan_summary(sample_plan)
    before, after = share_rows(s)
    ax = before_after(before, after, 5.0, 10.0, 10.0, "nl").axes[0]
    share = [p.get_width() for p in ax.patches if p.get_gid() == "share"]
    woody = [p.get_width() for p in ax.patches if p.get_gid() == "woody"]
    runs = (sample_plan.before.areas.iloc[0], sample_plan.after.areas.iloc[0])
    assert share == pytest.approx([r["share_pct"] for r in runs])
    assert woody == pytest.approx([100 * r["woody_ha"] / r["rural_ha"] for r in runs])
    assert [line.get_xdata()[0] for line in ax.lines if line.get_gid() == "goal"] == [10.0]


def test_plan_report_words_and_files(sample_plan, tmp_path, tables_of):
    s = plan_summary(sample_plan)
    nl = plan_report(sample_plan, "nl").html
    assert s["message_nl"] in nl.replace("&#39;", "'")
    assert "GBDA-aandeel voor → na" in nl
    en = plan_report(sample_plan, "en")
    assert s["message_en"] in en.html.replace("&#39;", "'")
    names_en = set(sample_plan.layout["name_en"])
    assert {r[1]["text"] for r in tables_of(en.html)["elements"]["body"]} == names_en
    page = write_plan_report(sample_plan, tmp_path / "plan_rapport", "en")
    assert sorted(p.name for p in page.parent.iterdir()) == [
        "plan_map.png", "plan_report.html", "plan_share.png", "plan_share.svg"]  # fmt: skip


def test_plan_geopackage_without_site_still_reports(sample_plan, tmp_path, tables_of):
    from dataclasses import replace

    out = write_plan(replace(sample_plan, site=None), tmp_path / "no_site.gpkg")
    tables = read_plan_tables(out)
    assert tables.parcels is None and tables.existing is None
    page = plan_report(tables, "en")
    assert len(tables_of(page.html)["elements"]["body"]) == len(sample_plan.layout)
    legend = [t.get_text() for t in site_map_legend(tables)]
    assert "parcels" not in legend and "existing elements" not in legend
    assert set(sample_plan.layout["name_en"]) <= set(legend)


def site_map_legend(tables):
    from gbda_core.report.maps import site_map

    fig = site_map(tables.layout.iloc[:0], tables.existing, tables.layout, "en")
    return fig.axes[1].get_legend().get_texts()
