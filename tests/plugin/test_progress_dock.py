"""The progress panel shows the core's progress report for a register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from qgis.PyQt.QtCore import QDate

from gbda_core.progress import check_register_frame, progress_report, yearly
from gbda_core.register import open_register
from gbda_plugin import progress_view

from .conftest import open_dock, save_widget_png

AT = dt.date(2025, 6, 30)


def _hedge(y: float, metres: float) -> shapely.LineString:
    return shapely.LineString([(150000, 400000 + y), (150000 + metres, 400000 + y)])


def _make_register(
    path: Path, plantings: list[tuple[str | None, float, str]], gone: str | None = None
) -> Path:
    """Hedges (planted date or None for gepland, length m, programme); the second one is
    verdwenen on ``gone``."""
    frame = gpd.GeoDataFrame(
        {
            "element_type": ["heg"] * len(plantings),
            "planned": ["2020-01-15"] * len(plantings),
            "planted": [p[0] for p in plantings],
            "programme": [p[2] for p in plantings],
        },
        geometry=[_hedge(10 * i, p[1]) for i, p in enumerate(plantings)],
        crs="EPSG:28992",
    )
    with open_register(path) as register:
        register.init()
        report = register.import_layer(frame, user="anna")
        assert len(report.added) == len(plantings), report.summary()
        if gone is not None:
            register.set_status(report.added[1], "verdwenen", gone, user="bert")
    return path


@pytest.fixture
def register_gpkg(tmp_path: Path) -> Path:
    plantings = [
        ("2021-04-01", 9000.0, "400 km"),
        ("2021-11-15", 4000.0, "400 km"),  # verdwenen in 2024
        ("2022-03-10", 15000.0, "400 km"),
        ("2023-02-01", 22000.0, "400 km"),
        ("2024-03-20", 18000.0, "400 km"),
        ("2025-02-14", 6000.0, "400 km"),
        (None, 12000.0, "400 km"),
        ("2023-05-05", 30000.0, "ander programma"),
    ]
    return _make_register(tmp_path / "register.gpkg", plantings, gone="2024-05-01")


@pytest.fixture
def dock(plugin, qgis_new_project):
    dock = open_dock(plugin, "progress", 460, 760)
    dock.atDate.setDate(QDate(AT.year, AT.month, AT.day))
    return dock


def _show(dock, wait_until) -> None:
    dock.show_progress()
    assert dock.task is not None, dock.statusLabel.text()
    wait_until(lambda: dock.task is None)


def _core(path: Path, programme: str | None):
    with open_register(path) as register:
        frame = register.current()
    if programme is not None:
        frame = frame[frame["programme"] == programme]
    report = progress_report(frame, at=AT, target_km=400.0, deadline=dt.date(2030, 12, 31))
    return report, yearly(check_register_frame(frame), AT)


def test_defaults_come_from_the_core(dock):
    assert dock.targetKm.value() == 400.0
    assert dock.deadline.date() == QDate(2030, 12, 31)
    assert dock.programme() == "400 km"


def test_shows_the_cores_numbers(dock, register_gpkg, wait_until, artifacts: Path):
    dock.storeFile.setFilePath(str(register_gpkg))
    _show(dock, wait_until)
    expected, table = _core(register_gpkg, "400 km")
    assert dock.report.to_dict() == expected.to_dict()
    assert expected.realised_km == pytest.approx(9 + 15 + 22 + 18 + 6)  # 4 km verdwenen
    assert expected.forecast.date is not None and expected.forecast.earliest is not None
    text = dock.numbersLabel.text()
    for label, value in progress_view.progress_rows(expected, "en"):
        assert f"<b>{label}</b>: {value}" in text.replace("&#x27;", "'"), label
    assert "70.00 km" in text and "to" in text  # realised, and the forecast range
    assert dock.kmBar.value() == round(expected.realised_km / 400 * 1000)
    assert dock.kmBar.text() == "70.0 of 400 km (17.5 %)"
    assert dock.chart.years == [
        (int(y), float(km)) for y, km in zip(table["year"], table["cumulative_km"], strict=True)
    ]
    assert [y for y, _ in dock.chart.years] == [2021, 2022, 2023, 2024, 2025]
    assert dock.chart.now == (AT, expected.realised_km) and dock.chart.target_km == 400.0
    programmes = [dock.programmeCombo.itemText(i) for i in range(dock.programmeCombo.count())]
    assert programmes == ["(all)", "400 km", "ander programma"]
    assert dock.tabs.currentIndex() == 1
    dock.show()
    save_widget_png(dock, artifacts / "progress_dock.png")
    dock.tabs.setCurrentIndex(0)
    save_widget_png(dock, artifacts / "progress_dock_input.png")


def test_all_programmes_and_other_settings(dock, register_gpkg, wait_until):
    dock.storeFile.setFilePath(str(register_gpkg))
    dock.programmeCombo.setCurrentText("(all)")
    dock.targetKm.setValue(150.0)
    dock.deadline.setDate(QDate(2027, 12, 31))
    _show(dock, wait_until)
    with open_register(register_gpkg) as register:
        frame = register.current()
    expected = progress_report(
        frame, at=AT, target_km=150.0, deadline=dt.date(2027, 12, 31), programme=None
    )
    assert dock.report.to_dict() == expected.to_dict()
    assert expected.realised_km == pytest.approx(100.0)  # both programmes


def test_no_forecast_says_why(dock, tmp_path, wait_until):
    path = _make_register(
        tmp_path / "jong.gpkg",
        [("2025-01-10", 1000.0, "400 km"), ("2025-02-10", 500.0, "400 km")],
    )
    dock.storeFile.setFilePath(str(path))
    _show(dock, wait_until)
    report = dock.report
    assert report.forecast.date is None
    reason = report.reasons["forecast_date"]
    assert "too little history" in reason
    assert f"– ({reason})" in dock.numbersLabel.text()
    assert dock.kmBar.value() == 4  # 1.5 km of 400 = 3.75 thousandths
    assert dict(progress_view.progress_rows(report, "en"))["On track"] == "unknown: no forecast"


@pytest.mark.parametrize(
    ("store", "message"),
    [("", "Choose a register file or give a PostgreSQL connection."),
     ("{tmp}/missing.gpkg", "missing.gpkg: no register here")],
)  # fmt: skip
def test_bad_store_is_one_line(dock, tmp_path, wait_until, store, message):
    dock.storeFile.setFilePath(store.format(tmp=tmp_path))
    dock.show_progress()
    if dock.task is not None:
        wait_until(lambda: dock.task is None)
    text = dock.statusLabel.text()
    assert message in text and "\n" not in text and dock.report is None
