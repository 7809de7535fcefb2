"""``--engine dask`` on ``gbda share`` and ``gbda share-raster``: a real local cluster of worker
processes, started and stopped by the command, gives the local engine's table."""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely


def gbda(*args):
    return subprocess.run(
        [sys.executable, "-m", "gbda_core", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def inputs(tmp_path, write_raster):
    areas = gpd.GeoDataFrame(
        {"code": ["a", "b", "c"]},
        geometry=[shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100),
                  shapely.box(0, 100, 200, 130)],
        crs="EPSG:28992",
    )  # fmt: skip
    areas.to_file(tmp_path / "areas.gpkg")
    els = gpd.GeoDataFrame(
        {"element_type": ["houtwal", "poel", "heg", "heg"]},
        geometry=[shapely.box(10, 10, 20, 30), shapely.box(95, 40, 130, 60),
                  shapely.box(90, 90, 110, 110), shapely.box(5, 95, 15, 125)],
        crs="EPSG:28992",
    )  # fmt: skip
    els.to_file(tmp_path / "els.gpkg")
    grid = np.random.default_rng(2).choice(np.array([0, 1, 2, 9], dtype=np.uint8), (13, 20))
    write_raster(tmp_path / "land.tif", grid, nodata=9)
    return tmp_path


def test_share_on_dask_matches_local(inputs):
    common = ["share", "--areas", inputs / "areas.gpkg", "--id-field", "code",
              "--elements", inputs / "els.gpkg"]  # fmt: skip
    local = gbda(*common, "--out", inputs / "local.csv")
    dask = gbda(*common, "--out", inputs / "dask.csv", "--engine", "dask", "--workers", "2")
    assert local.returncode == 0 and dask.returncode == 0, dask.stderr
    pd.testing.assert_frame_equal(
        pd.read_csv(inputs / "local.csv"), pd.read_csv(inputs / "dask.csv"), check_exact=True
    )


def test_share_raster_on_dask_matches_local(inputs):
    common = ["share-raster", "--zones", inputs / "areas.gpkg", "--id-field", "code",
              "--raster", inputs / "land.tif", "--classes", "1=houtig;2=nat"]  # fmt: skip
    local = gbda(*common, "--out", inputs / "local.csv")
    dask = gbda(*common, "--out", inputs / "dask.csv", "--engine", "dask", "--workers", "1")
    assert local.returncode == 0 and dask.returncode == 0, dask.stderr
    table = pd.read_csv(inputs / "dask.csv")
    pd.testing.assert_frame_equal(pd.read_csv(inputs / "local.csv"), table, check_exact=True)
    assert table["element_ha"].gt(0).all()


def test_bad_dask_options_exit_2(inputs):
    common = ["share", "--areas", inputs / "areas.gpkg", "--id-field", "code", "--elements",
              inputs / "els.gpkg", "--out", inputs / "x.csv", "--engine", "dask"]  # fmt: skip
    for extra, expected in (
        (["--workers", "0"], "--workers must be at least 1"),
        (["--workers", "1", "--scheduler", "tcp://127.0.0.1:9"], "not both"),
        (["--scheduler", "tcp://127.0.0.1:9"], "cannot reach the dask scheduler"),
    ):
        run = gbda(*common, *extra)
        assert run.returncode == 2, run.stderr
        assert expected in run.stderr and "Traceback" not in run.stderr
