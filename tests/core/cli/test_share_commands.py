"""The gbda command line, run as users run it: a subprocess with exit codes and stderr."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely


def gbda(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "gbda_core", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


@pytest.fixture
def inputs(tmp_path):
    areas = gpd.GeoDataFrame(
        {"code": ["a", "b"]},
        geometry=[shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)],
        crs=28992,
    )
    areas.to_file(tmp_path / "areas.gpkg", layer="gebieden")
    els = gpd.GeoDataFrame(
        {"soort": ["Houtwal", "knotwilgen", "bankje"]},
        geometry=[
            shapely.box(10, 10, 20, 30),
            shapely.box(120, 10, 130, 20),
            shapely.box(0, 0, 1, 1),
        ],
        crs=28992,
    )
    els.to_file(tmp_path / "els.gpkg", layer="vlakken")
    gpd.GeoDataFrame(geometry=[shapely.box(150, 0, 200, 100)], crs=28992).to_file(
        tmp_path / "kom.gpkg"
    )
    (tmp_path / "map.toml").write_text('[mapping]\n"knotwilgen" = "knotbomenrij"\n')
    return tmp_path


def share_args(d, out):
    return [
        "share", "--areas", f"{d / 'areas.gpkg'}|layername=gebieden", "--id-field", "code",
        "--elements", d / "els.gpkg", "--type-field", "soort", "--mapping", d / "map.toml",
        "--exclude", f"bebouwde_kom={d / 'kom.gpkg'}", "--out", out,
    ]  # fmt: skip


def test_share_to_gpkg_has_result_breakdown_and_problem_layers(inputs):
    out = inputs / "result.gpkg"
    proc = gbda(*share_args(inputs, out))
    assert proc.returncode == 0, proc.stderr
    layers = dict(pyogrio.list_layers(out))
    assert set(layers) == {"share", "breakdown", "problems", "settings"}
    share = gpd.read_file(out, layer="share").set_index("area_id")
    assert share.loc["a", "element_ha"] == pytest.approx(0.02)
    assert share.loc["b", "rural_ha"] == pytest.approx(0.5)
    assert share.loc["b", "element_ha"] == pytest.approx(0.01)
    problems = pyogrio.read_dataframe(out, layer="problems")
    assert "bankje" in set(problems["value"])
    assert "unmapped_type" in proc.stderr
    # QGIS 3.22's GDAL 3.6 warns on GeoPackage 1.4: we write 1.2 (user_version 10200).
    with sqlite3.connect(out) as db:
        assert db.execute("pragma user_version").fetchone()[0] == 10200


def test_share_to_csv_and_json(inputs):
    assert gbda(*share_args(inputs, inputs / "r.csv")).returncode == 0
    table = pd.read_csv(inputs / "r.csv")
    assert list(table.columns)[:5] == ["area_id", "area_ha", "rural_ha", "element_ha", "share_pct"]
    assert gbda(*share_args(inputs, inputs / "r.json")).returncode == 0
    payload = json.loads((inputs / "r.json").read_text())
    assert {"settings", "areas", "breakdown", "problems"} <= set(payload)
    assert payload["settings"]["profile"] == "aanvalsplan"


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--id-field", "nope", "has no field 'nope'"),
        ("--type-field", "nope", "has no field 'nope'"),
        ("--profile", "lenient", "unknown denominator profile"),
        ("--out", "result.txt", "unknown output format"),
        ("--out", "missing_dir/result.gpkg", "output folder does not exist"),
        ("--areas", "nothere.gpkg", "file not found"),
        ("--areas", "areas.gpkg|layername=x", "has no layer 'x'"),
        ("--crs", "EPSG:4326", "does not measure in metres"),
    ],
)
def test_user_errors_exit_2_with_one_line(inputs, option, value, expected):
    args = share_args(inputs, inputs / "out.gpkg")
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    proc = gbda(*args, cwd=inputs)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert expected in lines[0]
    assert "Traceback" not in proc.stderr
    assert not (inputs / "out.gpkg").exists()


def test_corrupt_file_is_a_user_error(inputs):
    (inputs / "bad.gpkg").write_bytes(b"this is not a geopackage" * 100)
    args = share_args(inputs, inputs / "out.gpkg")
    args[args.index("--elements") + 1] = inputs / "bad.gpkg"
    proc = gbda(*args)
    assert proc.returncode == 2
    assert "bad.gpkg" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_layer_without_crs_needs_assume_crs(inputs):
    no_crs = gpd.GeoDataFrame({"soort": ["bosje"]}, geometry=[shapely.box(0, 0, 10, 10)])
    # A shapefile without .prj has no CRS (GeoJSON would be read as WGS84 by definition).
    args = share_args(inputs, inputs / "out.gpkg")
    shp = inputs / "nocrs.shp"
    with pytest.warns(UserWarning, match="crs"):
        no_crs.to_file(shp)
    args[args.index("--elements") + 1] = shp
    proc = gbda(*args)
    assert proc.returncode == 2
    assert "no CRS" in proc.stderr and "--assume-crs" in proc.stderr
    proc = gbda(*args, "--assume-crs", "EPSG:28992")
    assert proc.returncode == 0, proc.stderr


def test_failed_run_leaves_existing_output_untouched(inputs):
    out = inputs / "keep.csv"
    out.write_text("previous result\n")
    args = share_args(inputs, out)
    args[args.index("--id-field") + 1] = "nope"
    assert gbda(*args).returncode == 2
    assert out.read_text() == "previous result\n"
    assert [p.name for p in inputs.iterdir() if p.name.startswith(".keep")] == []


def test_types_lists_the_vocabulary():
    proc = gbda("types", "--format", "json")
    assert proc.returncode == 0
    codes = [t["code"] for t in json.loads(proc.stdout)]
    assert {"heg", "houtwal", "poel", "natuurvriendelijke_oever"} <= set(codes)


def test_version_and_help():
    assert gbda("--version").stdout.strip().startswith("gbda ")
    assert "share" in gbda("--help").stdout


def test_width_field_applies_to_the_layers_that_have_it(inputs):
    lines = gpd.GeoDataFrame(
        {"soort": ["heg"], "breedte": [3.0]},
        geometry=[shapely.LineString([(10, 50), (60, 50)])],
        crs=28992,
    )
    lines.to_file(inputs / "lines.gpkg")
    args = [*share_args(inputs, inputs / "w.csv"), "--elements", inputs / "lines.gpkg"]
    proc = gbda(*args, "--width-field", "breedte")
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(inputs / "w.csv").set_index("area_id")
    # houtwal 10 x 20 = 200 m² plus the hedge 50 m x 3 m = 150 m² in area a.
    assert table.loc["a", "element_ha"] * 1e4 == pytest.approx(350.0)
    proc = gbda(*args, "--width-field", "breedt")
    assert proc.returncode == 2
    assert "no element layer has the width field 'breedt'" in proc.stderr
