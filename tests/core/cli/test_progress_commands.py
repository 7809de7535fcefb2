"""``gbda progress`` and ``gbda change`` run as users run them: a subprocess, exit codes, stderr."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from gbda_core.register import open_register

REPO = Path(__file__).resolve().parents[3]


def gbda(*args, cwd=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "gbda_core", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        # This checkout's gbda, whatever the environment has installed.
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        check=False,
    )


def ok(*args, **kwargs):
    proc = gbda(*args, **kwargs)
    assert proc.returncode == 0, proc.stderr
    return proc


def hedge(x0, y, km):
    return shapely.LineString([(x0, y), (x0 + km * 1000, y)])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A GeoPackage register with the issue's history: 10, 20, 30 km, 2 km verdwenen in 2023."""
    path = tmp_path_factory.mktemp("register") / "register.gpkg"
    elements = gpd.GeoDataFrame(
        {
            "element_type": ["heg", "heg", "houtwal", "heg", "heg"],
            "planted": ["2021-05-01", "2021-05-01", "2022-03-01", "2023-11-01", None],
            "removed": [None, "2023-06-01", None, None, None],
            "region": ["noord", "noord", "zuid", "zuid", "zuid"],
        },
        geometry=[
            hedge(0, 0, 8),
            hedge(0, 50, 2),
            hedge(0, 100, 20),
            hedge(0, 150, 30),
            hedge(0, 200, 5),
        ],
        crs=28992,
    )
    with open_register(path) as register:
        register.init()
        report = register.import_layer(elements)
    assert len(report.added) == 5
    return path


def test_progress_json_has_the_issue_keys(store):
    proc = ok("progress", "--store", store, "--at", "2023-12-31", "--format", "json")
    payload = json.loads(proc.stdout)
    assert payload["target_km"] == 400
    assert payload["realised_km"] == pytest.approx(58.0)
    assert payload["remaining_km"] == pytest.approx(342.0)
    assert payload["deadline"] == "2030-12-31"
    assert payload["pace_km_per_year"] == pytest.approx(58 / 3, abs=1e-6)
    assert payload["needed_km_per_year"] == pytest.approx(342 / 7, abs=1e-6)
    assert payload["forecast_date"] == "2041-09-09"  # worked out in tests/core/test_progress.py
    assert payload["planned_km"] == pytest.approx(5.0)


def test_progress_target_deadline_and_breakdown(store):
    proc = ok(
        "progress", "--store", store, "--at", "2023-12-31", "--target-km", "100",
        "--deadline", "2025-12-31", "--by", "region", "--format", "json",
    )  # fmt: skip
    payload = json.loads(proc.stdout)
    assert payload["remaining_km"] == pytest.approx(42.0)
    assert payload["needed_km_per_year"] == pytest.approx(21.0)  # 42 km in 2 years
    rows = {r["region"]: r for r in payload["by"]["rows"]}
    assert rows["noord"]["realised_km"] == pytest.approx(8.0)
    assert rows["zuid"]["realised_km"] == pytest.approx(50.0)


def test_progress_csv_by_year_is_the_cumulative_curve(store, tmp_path):
    out = tmp_path / "curve.csv"
    ok("progress", "--store", store, "--at", "2023-12-31", "--by", "year", "--format", "csv",
       "--out", out)  # fmt: skip
    table = pd.read_csv(out)
    assert table["year"].tolist() == [2021, 2022, 2023]
    assert table["cumulative_km"].tolist() == pytest.approx([10, 30, 58])


def test_progress_csv_summary_row(store):
    proc = ok("progress", "--store", store, "--at", "2022-12-31", "--format", "csv")
    (row,) = pd.read_csv(io.StringIO(proc.stdout)).to_dict(orient="records")
    assert row["realised_km"] == pytest.approx(30.0)
    assert pd.isna(row["forecast_date"])  # 2 whole years: too little history
    assert "too little history" in row["reasons"]


def test_progress_table_says_why_there_is_no_forecast(store):
    proc = ok("progress", "--store", store, "--at", "2022-12-31")
    assert "realised_km" in proc.stdout
    assert "too little history to forecast" in proc.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "farm"], "cannot break down by 'farm'"),
        (["--deadline", "31-12-2030"], "is not a date"),
        (["--format", "xml"], "unknown format"),
        (["--window", "0"], "forecast window must be a whole number of years >= 1, not 0"),
        (["--window", "-2"], "forecast window must be a whole number of years >= 1, not -2"),
        (["--window", "2"], "a forecast window of 2 years is shorter than the 3 whole years"),
    ],
)
def test_progress_bad_options_exit_2_with_one_line(store, args, message):
    proc = gbda("progress", "--store", store, *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_progress_without_a_register(tmp_path):
    proc = gbda("progress", "--store", tmp_path / "none.gpkg")
    assert proc.returncode == 2
    assert "none.gpkg" in proc.stderr and "Traceback" not in proc.stderr


def test_share_over_time(store, tmp_path):
    # One area of 10 x 40 km round the hedges; no baseline elements but one poel of 1 ha.
    areas = gpd.GeoDataFrame(
        {"code": ["gebied"]}, geometry=[shapely.box(-5000, -5000, 35000, 5000)], crs=28992
    )
    areas.to_file(tmp_path / "areas.gpkg")
    base = gpd.GeoDataFrame(
        {"soort": ["poel"]}, geometry=[shapely.box(0, -2000, 100, -1900)], crs=28992
    )
    base.to_file(tmp_path / "base.gpkg")
    proc = ok(
        "progress", "--store", store, "--at", "2023-12-31", "--areas", tmp_path / "areas.gpkg",
        "--id-field", "code", "--baseline", tmp_path / "base.gpkg", "--type-field", "soort",
        "--format", "json",
    )  # fmt: skip
    rows = json.loads(proc.stdout)["share_over_time"]
    assert [r["date"] for r in rows] == ["2020-12-31", "2021-12-31", "2022-12-31", "2023-12-31"]
    # 1 ha poel; heg 1 m wide, houtwal 5 m: 2021 +1 ha (10 km heg), 2022 +10 ha (20 km
    # houtwal), 2023 +3 ha (30 km heg) - 0.2 ha (2 km heg verdwenen).
    assert [r["element_ha"] for r in rows] == pytest.approx([1.0, 2.0, 12.0, 14.8])
    assert rows[0]["rural_ha"] == pytest.approx(40_000.0)
    assert "exclusion_missing" in proc.stderr


def test_share_over_time_needs_a_baseline(store, tmp_path):
    proc = gbda("progress", "--store", store, "--areas", tmp_path / "a.gpkg")
    assert proc.returncode == 2 and "--baseline" in proc.stderr


@pytest.fixture
def snapshots(tmp_path):
    old = gpd.GeoDataFrame(
        {"soort": ["heg", "poel"]},
        geometry=[shapely.LineString([(0, 0), (100, 0)]), shapely.box(50, 50, 60, 70)],
        crs=28992,
    )
    new = gpd.GeoDataFrame(
        {"soort": ["heg", "poel"]},
        # The heg extended by 50 m; the poel redrawn 0.3 m off: no change.
        geometry=[shapely.LineString([(0, 0), (150, 0)]), shapely.box(50.3, 50, 60.3, 70)],
        crs=28992,
    )
    old.to_file(tmp_path / "old.gpkg", layer="elementen")
    new.to_file(tmp_path / "new.gpkg", layer="elementen")
    areas = gpd.GeoDataFrame(
        {"naam": ["w", "o"]},
        geometry=[shapely.box(-10, -10, 120, 100), shapely.box(120, -10, 200, 100)],
        crs=28992,
    )
    areas.to_file(tmp_path / "areas.gpkg")
    return tmp_path


def test_change_writes_gained_lost_and_summary(snapshots):
    out = snapshots / "change.gpkg"
    proc = ok(
        "change", snapshots / "old.gpkg", snapshots / "new.gpkg", "--areas",
        snapshots / "areas.gpkg", "--id-field", "naam", "--type-field", "soort", "--out", out,
    )  # fmt: skip
    assert "results written to" in proc.stderr
    assert {name for name, _ in pyogrio.list_layers(out)} >= {"gained", "lost", "summary"}
    summary = pyogrio.read_dataframe(out, layer="summary").set_index(["area_id", "element_type"])
    assert summary.loc[("w", "heg"), "gained_km"] == pytest.approx(0.02)  # x 100..120
    assert summary.loc[("o", "heg"), "gained_km"] == pytest.approx(0.03)  # x 120..150
    assert summary.loc[("w", "poel"), "gained_ha"] == 0
    assert summary.loc[("w", "poel"), "lost_ha"] == 0
    gained = gpd.read_file(out, layer="gained")
    assert gained["ha"].sum() == pytest.approx(0.005)  # 50 m x 1 m
    assert len(gpd.read_file(out, layer="lost")) == 0


def test_change_without_id_field_uses_feature_ids(snapshots):
    out = snapshots / "change.gpkg"
    ok("change", snapshots / "old.gpkg", snapshots / "new.gpkg", "--areas",
       snapshots / "areas.gpkg", "--type-field", "soort", "--out", out)  # fmt: skip
    summary = pyogrio.read_dataframe(out, layer="summary")
    assert set(summary["area_id"]) == {1, 2}


@pytest.mark.parametrize(
    ("out", "extra", "message"),
    [
        ("x.csv", [], "GeoPackage"),
        ("x.gpkg", ["--type-field", "type"], "element layer has no field 'type'"),
        ("x.gpkg", ["--type-field", "soort", "--tolerance", "-1"], "tolerance"),
    ],
)
def test_change_bad_input_exits_2(snapshots, out, extra, message):
    proc = gbda(
        "change", snapshots / "old.gpkg", snapshots / "new.gpkg", "--areas",
        snapshots / "areas.gpkg", "--out", snapshots / out, *extra,
    )  # fmt: skip
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (snapshots / out).exists()


def test_progress_counts_the_400_km_programme_unless_told_otherwise(tmp_path):
    with open_register(tmp_path / "register.gpkg") as register:
        register.init()
        ours = gpd.GeoDataFrame({"element_type": ["heg"], "planted": ["2023-05-01"]},
                                geometry=[hedge(0, 0, 4)], crs=28992)  # fmt: skip
        register.import_layer(ours)
        theirs = gpd.GeoDataFrame({"element_type": ["heg"], "planted": ["2023-05-01"]},
                                  geometry=[hedge(0, 50, 6)], crs=28992)  # fmt: skip
        register.import_layer(theirs, programme="Boeren voor Natuur")
    # No --store: register.gpkg in the working folder, as for gbda register.
    default = ok("progress", "--at", "2023-12-31", "--format", "json", cwd=tmp_path)
    default = json.loads(default.stdout)
    assert default["realised_km"] == pytest.approx(4.0)
    assert (default["programme"], default["programmes"]) == ("400 km", ["400 km"])
    every = ok("progress", "--at", "2023-12-31", "--programme", "all", "--format", "json",
               env={"GBDA_REGISTER": str(tmp_path / "register.gpkg")})  # fmt: skip
    every = json.loads(every.stdout)
    assert every["realised_km"] == pytest.approx(10.0)
    assert (every["programme"], every["programmes"]) == ("all", ["400 km", "Boeren voor Natuur"])
    table = ok("progress", "--at", "2023-12-31", cwd=tmp_path).stdout
    assert "Progress of programme 400 km at 2023-12-31" in " ".join(table.split())


def test_progress_counts_one_programme(store):
    from gbda_core.register import DEFAULT_PROGRAMME

    for programme, km in ((DEFAULT_PROGRAMME, 58.0), ("een ander programma", 0.0)):
        proc = ok("progress", "--store", store, "--at", "2023-12-31", "--programme", programme,
                  "--format", "json")  # fmt: skip
        assert json.loads(proc.stdout)["realised_km"] == pytest.approx(km)
