"""The progress report uses the progress module's numbers; checked on a history worked by hand."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gbda_core.forecast import decimal_year
from gbda_core.progress import check_register_frame, progress_report, yearly
from gbda_core.report.charts import curve_points, progress_curve
from gbda_core.report.maps import change_map
from gbda_core.report.progress import (
    change_classes,
    change_labels,
    default_since,
    forecast_text,
    key_figures,
    progress_report_page,
    write_progress_report,
)

AT = dt.date(2023, 12, 31)


def hedge(y, km):
    return shapely.LineString([(0, y), (km * 1000, y)])


@pytest.fixture(scope="module")
def history():
    """10 km planted in 2021 (2 km of it removed in June 2023), 20 km in 2022, 30 km in
    November 2023, 5 km still gepland: 10, 30 and 58 km realised at the three year ends."""
    return gpd.GeoDataFrame(
        {
            "element_type": ["heg", "heg", "houtwal", "heg", "heg"],
            "status": ["aangelegd", "verdwenen", "aangelegd", "aangelegd", "gepland"],
            "planted": pd.to_datetime(["2021-05-01", "2021-05-01", "2022-03-01", "2023-11-01",
                                       None]),
            "removed": pd.to_datetime([None, "2023-06-01", None, None, None]),
            "length_m": [8000.0, 2000.0, 20000.0, 30000.0, 5000.0],
            "region": ["noord", "noord", "zuid", "zuid", "zuid"],
        },
        geometry=[hedge(0, 8), hedge(50, 2), hedge(100, 20), hedge(150, 30), hedge(200, 5)],
        crs=28992,
    )  # fmt: skip


def test_the_curve_is_the_yearly_table_and_ends_at_the_realised_km(history):
    report = progress_report(history, at=AT)
    x, y = curve_points(yearly(check_register_frame(history), AT), report)
    assert x.tolist() == [2021.0, 2022.0, 2023.0, 2024.0]
    assert y.tolist() == pytest.approx([0.0, 10.0, 30.0, 58.0])
    assert y[-1] == pytest.approx(report.realised_km)
    mid_year = progress_report(history, at=dt.date(2023, 6, 30))
    x, y = curve_points(yearly(check_register_frame(history), mid_year.at), mid_year)
    assert x[-1] == pytest.approx(decimal_year(dt.date(2023, 6, 30)))
    assert y[-1] == pytest.approx(mid_year.realised_km) == pytest.approx(28.0)


def test_the_chart_draws_the_curve_target_pace_and_forecast(history):
    report = progress_report(history, at=AT)
    ax = progress_curve(yearly(check_register_frame(history), AT), report, "nl").axes[0]
    lines = {line.get_gid(): line for line in ax.lines}
    assert lines["realised"].get_ydata().tolist() == pytest.approx([0, 10, 30, 58])
    assert lines["target"].get_ydata()[0] == 400.0
    needed = lines["needed"]
    assert needed.get_xdata().tolist() == pytest.approx([2024.0, 2031.0])  # now -> deadline
    assert needed.get_ydata().tolist() == pytest.approx([58.0, 400.0])
    forecast = lines["forecast"]
    assert report.forecast.date == dt.date(2041, 9, 9)  # worked out in tests/core/test_progress.py
    assert forecast.get_xdata()[1] == pytest.approx(decimal_year(report.forecast.date))
    assert forecast.get_ydata().tolist() == pytest.approx([58.0, 400.0])
    assert any(c.get_gid() == "range" for c in ax.patches)


def test_change_classes_by_hand(history):
    checked = check_register_frame(history)
    since = default_since(AT)
    assert since == dt.date(2022, 12, 31)
    assert change_classes(checked, AT, since).tolist() == [
        "before", "removed", "before", "new", "planned"]  # fmt: skip
    # A year earlier the 2022 houtwal was new and nothing was removed yet.
    assert change_classes(checked, dt.date(2022, 12, 31), dt.date(2021, 12, 31)).tolist() == [
        "before", "before", "new", "planned", "planned"]  # fmt: skip
    assert default_since(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)


def test_change_map_legend_counts(history):
    checked = check_register_frame(history)
    classes = change_classes(checked, AT, default_since(AT))
    fig = change_map(history, list(classes), change_labels(default_since(AT), "nl"), "nl")
    texts = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert texts == ["nieuw sinds 31 december 2022 (1)", "verdwenen sinds 31 december 2022 (1)",
                     "gepland (1)", "aangelegd vóór 31 december 2022 (2)"]  # fmt: skip


def test_key_figures_in_words(history):
    figures = key_figures(progress_report(history, at=AT), "nl")
    values = {f.label: (f.value, f.note) for f in figures}
    assert values["gerealiseerd"][0] == "58,0 km"
    assert values["nog te gaan"][0] == "342,0 km"
    assert values["tempo tot nu"][0] == "19,3 km per jaar"  # 58 km in 3 years
    assert values["nodig tempo"][0] == "48,9 km per jaar"  # 342 km in 7 years
    assert values["verwacht gehaald"][0] == "9 september 2041"
    assert values["op koers voor de deadline"][0] == "nee"
    assert values["nog gepland"][0] == "5,0 km"
    assert values["verdwenen"][0] == "2,0 km"


def test_forecast_in_words_when_there_is_none(history):
    early = progress_report(history, at=dt.date(2022, 12, 31))
    assert forecast_text(early, "en") == ("–", "too few whole years of planting to forecast "
                                          "(2021, 2022)")  # fmt: skip
    done = progress_report(history, at=AT, target_km=50)
    assert forecast_text(done, "nl") == ("1 november 2023", "doel gehaald op 1 november 2023")
    late = key_figures(progress_report(history, at=dt.date(2031, 3, 1)), "en")
    needed = next(f for f in late if f.label == "pace needed")
    assert (needed.value, needed.note) == ("–", "the deadline has passed")


def test_page_tables_are_the_breakdowns(history, tables_of):
    report = progress_report(history, at=AT)
    page = tables_of(progress_report_page(history, report, "en", window=5).html)
    regions = {r[0]["text"]: float(r[1]["sort"]) for r in page["by-region"]["body"]}
    assert regions == pytest.approx({"noord": 8.0, "zuid": 50.0})
    assert page["by-region"]["foot"][0][1]["text"] == "58.00"
    types = {r[0]["text"]: float(r[1]["sort"]) for r in page["by-name"]["body"]}
    assert types == pytest.approx({"Clipped hedge": 38.0, "Wooded bank and wooded strip": 20.0})
    years = [(r[0]["text"], r[4]["text"]) for r in page["yearly"]["body"]]
    assert years == [("2021", "10.00"), ("2022", "30.00"), ("2023", "58.00")]


def test_write_progress_report(history, tmp_path):
    report = progress_report(history, at=AT)
    page = write_progress_report(history, report, tmp_path / "voortgang", window=5)
    names = sorted(p.name for p in page.parent.iterdir())
    assert names == sorted([
        "progress_report.html", "progress_curve.png", "progress_curve.svg", "progress_pace.png",
        "progress_pace.svg", "progress_by_region.png", "progress_by_region.svg",
        "progress_by_type.png", "progress_by_type.svg", "progress_change_map.png",
    ])  # fmt: skip
    html = page.read_text(encoding="utf-8")
    assert "Voortgang: 400 km landschapselementen" in html


def test_a_register_without_geometry_gets_no_map(history):
    frame = pd.DataFrame(history.drop(columns="geometry"))
    page = progress_report_page(frame, progress_report(frame, at=AT), "nl")
    assert "Het register heeft geen geometrie; geen kaart." in page.html
    assert "progress_change_map" not in [f.name for f in page.figures]


def test_sample_register_report(sample_progress):
    frame, report = sample_progress
    page = progress_report_page(frame, report, "nl", window=5)
    assert report.realised_km > 0 and report.forecast.date is not None
    assert np.isfinite(report.realised_km)
    assert len(page.figures) == 5
