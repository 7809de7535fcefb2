"""``gbda share-raster`` run as users run it: a subprocess with exit codes and stderr."""

from __future__ import annotations

import json
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

GRID = np.array([[1, 1, 0, 0], [1, 5, 0, 0], [9, 9, 0, 3], [0, 0, 0, 0]], dtype=np.uint8)


def gbda(*args):
    return subprocess.run(
        [sys.executable, "-m", "gbda_core", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def inputs(tmp_path, write_raster):
    write_raster(tmp_path / "land.tif", GRID, nodata=9)
    zones = gpd.GeoDataFrame(
        {"code": ["a", "b"]},
        geometry=[shapely.box(0, 15, 25, 40), shapely.box(0, 0, 40, 40)],
        crs="EPSG:28992",
    )
    zones.to_file(tmp_path / "zones.gpkg", layer="zones")
    gpd.GeoDataFrame(geometry=[shapely.box(0, 30, 15, 40)], crs="EPSG:28992").to_file(
        tmp_path / "nnn.gpkg"
    )
    return tmp_path


def args(d, out, *extra):
    return [
        "share-raster", "--zones", d / "zones.gpkg", "--id-field", "code",
        "--raster", d / "land.tif", "--classes", "1,3=houtig;5=nat", "--out", out, *extra,
    ]  # fmt: skip


def test_share_raster_writes_the_vector_columns_plus_resolution(inputs):
    out = inputs / "share.gpkg"
    run = gbda(*args(inputs, out, "--exclude", f"nnn={inputs / 'nnn.gpkg'}"))
    assert run.returncode == 0, run.stderr
    share = pyogrio.read_dataframe(out, layer="share").set_index("area_id")
    assert share.loc["a", "rural_ha"] == pytest.approx(0.0375)
    assert share.loc["a", "share_pct"] == pytest.approx(250 / 375 * 100)
    assert share.loc["b", "resolution_m"] == 10
    assert share["n_elements"].isna().all() and share["line_km"].isna().all()
    assert {
        p["kind"] for p in pyogrio.read_dataframe(out, layer="problems").to_dict("records")
    } >= {"raster_nodata"}
    assert "raster_nodata" in run.stderr


def test_csv_and_json_keep_null_counts(inputs):
    assert gbda(*args(inputs, inputs / "s.csv")).returncode == 0
    table = pd.read_csv(inputs / "s.csv")
    assert table["n_elements"].isna().all() and "resolution_m" in table.columns
    run = gbda(*args(inputs, inputs / "s.json"))
    assert run.returncode == 0, run.stderr
    payload = json.loads((inputs / "s.json").read_text())
    assert payload["areas"][0]["n_elements"] is None
    assert payload["settings"]["engine"] == "raster"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("--classes", "1,x=houtig"), "raster value 'x' is not a number"),
        (("--classes", "1=beukenhaag_xl"), "unknown class 'beukenhaag_xl'"),
        (("--classes", "1;3"), "bad class group"),
        (("--raster", "missing.tif"), "missing.tif: file not found"),
        (("--zones", "missing.gpkg"), "missing.gpkg: file not found"),
        (("--crs", "EPSG:3035"), "not in the asked CRS"),
        (("--id-field", "naam"), "has no field 'naam'"),
        (("--engine", "spark"), "unknown engine 'spark'"),
        (("--workers", "2"), "need --engine dask"),
    ],
)
def test_user_errors_exit_2_with_one_line(inputs, change, expected):
    argv = args(inputs, inputs / "x.gpkg")
    option, value = change
    if option in argv:
        argv[argv.index(option) + 1] = value
    else:
        argv += [option, value]
    run = gbda(*argv)
    assert run.returncode == 2, run.stderr
    assert expected in run.stderr
    assert run.stderr.strip().count("\n") == 0 and "Traceback" not in run.stderr
    assert not (inputs / "x.gpkg").exists()


def test_raster_in_degrees_is_refused(inputs, write_raster):
    write_raster(inputs / "wgs.tif", GRID, nodata=9, crs="EPSG:4326", pixel=1e-4)
    argv = args(inputs, inputs / "x.gpkg")
    argv[argv.index("--raster") + 1] = inputs / "wgs.tif"
    run = gbda(*argv)
    assert run.returncode == 2
    assert "does not measure in metres" in run.stderr and "gdalwarp" in run.stderr


def test_class_mapping_file(inputs):
    (inputs / "classes.toml").write_text("[classes]\nhoutig = [1, 3]\nnat = [5]\n")
    argv = args(inputs, inputs / "s.csv")
    argv[argv.index("--classes") + 1] = inputs / "classes.toml"
    run = gbda(*argv)
    assert run.returncode == 0, run.stderr
    assert pd.read_csv(inputs / "s.csv").set_index("area_id").loc["b", "element_ha"] == (
        pytest.approx(0.05)
    )
