"""The share report says what the share engine computed, on a small case checked by hand."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gbda_core.report.charts import share_bars
from gbda_core.report.figures import NO_DATA_COLOUR, SHARE_CLASS_COLOURS
from gbda_core.report.maps import class_labels, share_classes, share_map
from gbda_core.report.share import share_report, write_share_report
from gbda_core.results import read_share, write_share
from gbda_core.share import compute_share
from gbda_core.targets import Targets

CRS = 28992
REPO = Path(__file__).resolve().parents[3]


def boxes(*coords, **columns):
    return gpd.GeoDataFrame(columns, geometry=[shapely.box(*c) for c in coords], crs=CRS)


@pytest.fixture(scope="module")
def small():
    """Four 1 ha areas side by side. Elements (m²): a 600 woody; b 200 woody + 100 wet; c 1100
    woody; d lies wholly in the bebouwde kom, so it has no rural area.

    Shares: a 6 %, b 3 % (woody 2 %), c 11 %, d none. Non-overlapping, so the totals are sums:
    rural 3 ha, elements 0.2 ha, 6.67 %. Only b is below 5 %: 0.05 ha - 0.03 ha = 0.02 ha to go.
    """
    areas = boxes((0, 0, 100, 100), (100, 0, 200, 100), (200, 0, 300, 100), (300, 0, 400, 100),
                  code=["a", "b", "c", "d"])  # fmt: skip
    elements = boxes((10, 10, 20, 70), (110, 10, 130, 20), (150, 50, 160, 60),
                     (210, 10, 220, 120 - 10), (300, 0, 310, 10),
                     element_type=["houtwal", "houtwal", "poel", "houtwal", "houtwal"])  # fmt: skip
    elements.loc[3, "geometry"] = shapely.box(210, 0, 221, 100)  # 11 x 100 = 1100 m²
    kom = boxes((300, 0, 400, 100))
    return compute_share(areas, elements, id_field="code", exclusions={"bebouwde_kom": kom})


def test_the_hand_case_is_what_the_docstring_says(small):
    a = small.areas.set_index("area_id")
    assert a["share_pct"].to_dict() == pytest.approx({"a": 6.0, "b": 3.0, "c": 11.0,
                                                      "d": np.nan}, nan_ok=True)  # fmt: skip
    assert a.loc["b", "woody_ha"] == pytest.approx(0.02)
    assert a.loc["b", "gap_2030_ha"] == pytest.approx(0.02)


def test_ranked_table_has_one_row_per_area_with_its_share(small, tables_of):
    tables = tables_of(share_report(small, "nl").html)
    rows = tables["ranked"]["body"]
    assert [r[1]["text"] for r in rows] == ["c", "a", "b", "d"]
    assert [r[4]["text"] for r in rows] == ["11,00", "6,00", "3,00", "–"]
    assert [float(r[4]["sort"]) for r in rows[:3]] == pytest.approx([11.0, 6.0, 3.0])
    assert rows[3][4]["sort"] is None  # no share sorts last, whatever the direction
    assert [r[-1]["class"] for r in rows] == ["status cls3", "status cls2", "status cls1",
                                              "status cls-1"]  # fmt: skip
    assert rows[2][-1]["text"] == "onder het doel voor 2030"
    assert rows[3][-1]["text"] == "geen landelijk gebied"


def test_furthest_from_target_and_totals(small, tables_of):
    page = share_report(small, "en")
    furthest = tables_of(page.html)["furthest"]["body"]
    assert [(r[0]["text"], r[2]["text"], r[3]["text"]) for r in furthest] == [("b", "2.00", "0.0")]
    assert float(furthest[0][3]["sort"]) == pytest.approx(0.02)
    # Totals are sums, because the areas do not overlap.
    assert "3.0 ha" in page.html and "0.20 ha" in page.html and "6.67 %" in page.html


def test_overlapping_areas_get_no_sums(sample_share):
    page = share_report(sample_share, "nl")
    assert "optellen zou land dubbel tellen" in page.html  # polder + its three parts
    assert "aandeel over alle gebieden" not in page.html


def test_share_classes_include_their_lower_bound():
    shares = [0.0, 2.49, 2.5, 4.99, 5.0, 9.99, 10.0, 55.0, np.nan]
    assert share_classes(shares, 5.0, 10.0).tolist() == [0, 0, 1, 1, 2, 2, 3, 3, -1]
    assert share_classes([7.0], 8.0, 12.0).tolist() == [1]  # other targets move the classes


def test_map_legend_has_the_classes_at_the_targets(small):
    fig = share_map(small.areas, 5.0, 10.0, "nl")
    legend = fig.axes[1].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "minder dan 2,5 %", "2,5 % tot 5 %", "5 % tot 10 %", "10 % of meer",
        "geen landelijk gebied",
    ]  # fmt: skip
    assert legend.get_title().get_text() == "GBDA-aandeel"
    swatches = [tuple(p.get_facecolor()) for p in legend.get_patches()]
    from matplotlib.colors import to_rgba

    assert swatches == [to_rgba(c) for c in (*SHARE_CLASS_COLOURS, NO_DATA_COLOUR)]
    # Each area is filled with its class colour (all four areas are 1 ha: drawn in order).
    areas = next(c for c in fig.axes[0].collections if c.get_gid() == "areas")
    fills = [tuple(f) for f in areas.get_facecolors()]
    expected = [SHARE_CLASS_COLOURS[2], SHARE_CLASS_COLOURS[1], SHARE_CLASS_COLOURS[3],
                NO_DATA_COLOUR]  # fmt: skip
    assert fills == [to_rgba(c) for c in expected]
    assert class_labels(5.0, 10.0, "en") == ["below 2.5 %", "2.5 % to 5 %", "5 % to 10 %",
                                             "10 % or more"]  # fmt: skip


def test_bar_chart_draws_the_shares_the_woody_part_and_both_targets(small):
    ax = share_bars(small.areas, 5.0, 10.0, "en").axes[0]
    share = [p.get_width() for p in ax.patches if p.get_gid() == "share"]
    woody = [p.get_width() for p in ax.patches if p.get_gid() == "woody"]
    assert share == pytest.approx([11.0, 6.0, 3.0])  # d has no share: not drawn
    assert woody == pytest.approx([11.0, 6.0, 2.0])
    lines = {line.get_gid(): line.get_xdata()[0] for line in ax.lines if line.get_gid()}
    assert lines == {"target_2030": 5.0, "target_2050": 10.0}
    assert [t.get_text() for t in ax.get_yticklabels()] == ["c", "a", "b"]


def test_gap_reading_marks_the_2030_target_per_area(small):
    areas = small.areas.copy()
    areas["target_2030_pct"] = Targets(reading_2030="gap").target_2030(
        areas["share_pct"].to_numpy(float)
    )
    ax = share_bars(areas, 5.0, 10.0, "nl").axes[0]
    marks = next(c for c in ax.collections if c.get_gid() == "target_2030")
    # b: 3 + 0.5 x (10 - 3) = 6.5; a: 6 + 2 = 8; c above 10 keeps its own share.
    assert marks.get_offsets()[:, 0].tolist() == pytest.approx([11.0, 8.0, 6.5])


def test_dutch_and_english(small):
    nl, en = share_report(small, "nl").html, share_report(small, "en").html
    assert '<html lang="nl">' in nl and '<html lang="en">' in en
    for dutch, english in (("Kerncijfers", "Key figures"), ("Hoe er geteld is",
                           "How it was counted"), ("Bronnen van de definities",
                           "Sources of the definitions")):  # fmt: skip
        assert dutch in nl and dutch not in en
        assert english in en and english not in nl


def test_method_problems_and_sources(small, sample_share, tables_of):
    page = share_report(sample_share, "en").html
    assert "aanvalsplan: the rural area without the built-up area" in page
    assert "footprint: the real area" in page and "EPSG:28992" in page
    problems = tables_of(page)["problems"]["body"]
    bankje = next(r for r in problems if r[2]["text"] == "bankje")
    assert [bankje[0]["text"], bankje[1]["text"], bankje[3]["text"]] == [
        "unmapped_type", "polder.gpkg|elementen_punten", "3"]  # fmt: skip
    sources = tables_of(page)["sources"]["body"]
    assert [r[1]["href"] for r in sources] == [
        "https://www.samenvoorbiodiversiteit.nl/aanvalsplan-landschapselementen",
        "https://www.cobra-groeninzicht.nl/algemeen/download-de-infographic-groenblauwe-dooradering/",
    ]
    types = tables_of(page)["types"]["body"]
    assert "elzensingel" in [r[0]["text"] for r in types]
    small_problems = tables_of(share_report(small, "nl").html)["problems"]["body"]
    # No NNN layer was given although the profile leaves NNN out; the kom holds d's element.
    # The Dutch report names the kinds in Dutch (exclusion_missing, excluded_land).
    assert [(r[0]["text"], r[3]["text"], r[4]["text"]) for r in small_problems] == [
        ("uitsluitlaag ontbreekt", "0", "waarschuwing"),
        ("in uitgesloten grond", "1", "niet meegeteld"),
    ]


def test_the_sources_are_the_ones_the_definitions_cite():
    from gbda_core.report.share import SOURCES

    definitions = (REPO / "docs" / "definitions.md").read_text(encoding="utf-8")
    for title, url in SOURCES.values():
        assert url in definitions, title


def test_efa_mode_adds_its_column_and_source(small, tables_of):
    efa = compute_share(small.areas[["area_id", "geometry"]], boxes((10, 10, 20, 70),
                        element_type=["houtwal"]), id_field="area_id", mode="efa")  # fmt: skip
    tables = tables_of(share_report(efa, "en").html)
    assert "EFA share (%)" in [c["text"] for c in tables["ranked"]["head"][0]]
    assert "eur-lex.europa.eu" in tables["sources"]["body"][-1][1]["href"]


def test_read_share_gives_back_what_was_written(small, tmp_path, tables_of):
    out = write_share(small, tmp_path / "small.gpkg")
    back = read_share(out)
    assert back.settings == small.settings  # lists, numbers and booleans come back as such
    pd.testing.assert_frame_equal(
        pd.DataFrame(back.areas.drop(columns="geometry")),
        pd.DataFrame(small.areas.drop(columns="geometry")),
        check_dtype=False,
    )
    assert [(p.kind, p.count, p.rows) for p in back.problems] == [
        (p.kind, p.count, p.rows) for p in small.problems
    ]
    fresh, again = share_report(small, "nl").html, share_report(back, "nl").html
    assert tables_of(fresh)["ranked"] == tables_of(again)["ranked"]


def test_write_share_report_writes_the_page_and_its_figures(small, tmp_path):
    page = write_share_report(small, tmp_path / "rapport", "en")
    assert page == tmp_path / "rapport" / "share_report.html"
    names = sorted(p.name for p in page.parent.iterdir())
    assert names == ["share_bars.png", "share_bars.svg", "share_map.png", "share_report.html"]
    assert (page.parent / "share_map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (page.parent / "share_bars.svg").read_text().lstrip().startswith("<?xml")
