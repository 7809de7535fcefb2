"""ImportResult.write: layers, mixed geometry, empty frames, wrong suffix."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import LineString, Point, box

from gbda_core.errors import InputError
from gbda_core.problems import Problem
from gbda_core.readers.result import (
    ELEMENT_COLUMNS,
    EXCLUDED_COLUMNS,
    RURAL_COLUMNS,
    ImportResult,
    empty_frame,
)

X, Y = 180000.0, 456000.0


def _mixed() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "element_type": ["solitaire_boom", "heg", "houtwal"],
            "source_layer": ["t"] * 3,
            "source_class": ["boom", "haag", "houtwal"],
            "source_id": ["1", "2", "3"],
        },
        geometry=[Point(X, Y), LineString([(X, Y), (X + 30, Y + 40)]), box(X, Y, X + 10, Y + 5)],
        crs="EPSG:28992",
    )


def test_mixed_geometry_round_trip(tmp_path: Path) -> None:
    result = ImportResult(_mixed(), empty_frame(RURAL_COLUMNS))
    out = result.write(tmp_path / "r.gpkg")
    assert [name for name, _ in pyogrio.list_layers(out)] == ["elements", "rural_area"]
    back = pyogrio.read_dataframe(out, layer="elements")
    assert back.geom_type.tolist() == ["Point", "LineString", "Polygon"]
    assert back.length.iloc[1] == pytest.approx(50.0)
    assert back.area.iloc[2] == pytest.approx(50.0)
    assert list(back.columns) == [*ELEMENT_COLUMNS, "geometry"]
    assert len(pyogrio.read_dataframe(out, layer="rural_area")) == 0


def test_problems_and_excluded_written_when_present(tmp_path: Path) -> None:
    excluded = gpd.GeoDataFrame(
        {"exclusion": ["forest"], "source_layer": ["t"], "source_class": ["x"], "source_id": ["9"]},
        geometry=[box(X, Y, X + 200, Y + 200)],
        crs="EPSG:28992",
    )
    problem = Problem(kind="unmapped_type", message="m", action="skipped", count=2, rows=(4, 7))
    out = ImportResult(_mixed(), empty_frame(RURAL_COLUMNS), [problem], excluded).write(
        tmp_path / "r.gpkg"
    )
    layers = [name for name, _ in pyogrio.list_layers(out)]
    assert layers == ["elements", "rural_area", "excluded", "problems"]
    table = pyogrio.read_dataframe(out, layer="problems")
    assert table["rows"].tolist() == ["4, 7"]
    assert list(pyogrio.read_dataframe(out, layer="excluded").columns) == [
        *EXCLUDED_COLUMNS,
        "geometry",
    ]


def test_write_needs_gpkg_suffix(tmp_path: Path) -> None:
    result = ImportResult(empty_frame(ELEMENT_COLUMNS), empty_frame(RURAL_COLUMNS))
    with pytest.raises(InputError, match=r"\.gpkg"):
        result.write(tmp_path / "r.shp")
    assert result.write(tmp_path / "R.GPKG").exists()
