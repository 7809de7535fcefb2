"""Reading the features near a set of boxes: the exact envelope test and both read paths."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from gbda_core.readers import boxes as boxes_module
from gbda_core.readers.boxes import meets_any, merged_boxes
from gbda_core.readers.ogr import read_layer

X, Y = 180000.0, 456000.0


def _brute_force(bounds: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    hit = np.zeros(len(bounds), dtype=bool)
    for x0, y0, x1, y1 in boxes:
        in_x = (bounds[:, 2] >= x0) & (bounds[:, 0] <= x1)
        hit |= in_x & (bounds[:, 3] >= y0) & (bounds[:, 1] <= y1)
    return hit


def _rect(draw: st.DrawFn) -> list[float]:
    # Integer corners on a small grid, so shared and touching edges are common.
    x0, x1 = sorted(draw(st.lists(st.integers(0, 12), min_size=2, max_size=2)))
    y0, y1 = sorted(draw(st.lists(st.integers(0, 12), min_size=2, max_size=2)))
    return [x0, y0, x1, y1]


@st.composite
def _rects(draw: st.DrawFn, min_size: int) -> np.ndarray:
    n = draw(st.integers(min_size, 8))
    return np.array([_rect(draw) for _ in range(n)], dtype=float).reshape(-1, 4)


@given(_rects(min_size=0), _rects(min_size=1))
@settings(max_examples=300, deadline=None)
def test_meets_any_equals_testing_every_box(envelopes: np.ndarray, boxes: np.ndarray) -> None:
    assert np.array_equal(meets_any(envelopes, boxes), _brute_force(envelopes, boxes))


def test_meets_any_hand_cases() -> None:
    boxes = np.array([[0.0, 0.0, 10.0, 10.0], [20.0, 0.0, 30.0, 5.0]])
    envelopes = np.array(
        [
            [10.0, 10.0, 12.0, 12.0],  # touches a corner: meets
            [10.5, 0.0, 19.5, 10.0],  # in the gap between the boxes
            [12.0, 2.0, 25.0, 3.0],  # reaches into the second box
            [25.0, 5.0, 26.0, 9.0],  # on the second box's top edge
            [25.0, 5.5, 26.0, 9.0],  # just above it
            [np.nan, np.nan, np.nan, np.nan],  # an empty geometry meets nothing
        ]
    )
    assert meets_any(envelopes, boxes).tolist() == [True, False, True, True, False, False]


def test_merged_boxes_cover_the_boxes_within_the_limit() -> None:
    rng = np.random.default_rng(1)
    corner = rng.uniform(0, 1000, (500, 2))
    boxes = np.column_stack([corner, corner + rng.uniform(1, 50, (500, 2))])
    merged = merged_boxes(boxes, limit=25)
    assert len(merged) <= 25
    inside = (
        (merged[None, :, 0] <= boxes[:, None, 0])
        & (merged[None, :, 1] <= boxes[:, None, 1])
        & (merged[None, :, 2] >= boxes[:, None, 2])
        & (merged[None, :, 3] >= boxes[:, None, 3])
    )
    assert inside.any(axis=1).all()
    assert merged_boxes(boxes[:10], limit=25) is not None
    assert len(merged_boxes(boxes[:10], limit=25)) == 10


def _scattered(n: int, seed: int = 7) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 5000, (n, 2)) + np.array([X, Y])
    size = rng.uniform(1, 80, (n, 2))
    return gpd.GeoDataFrame(
        {"element type": rng.choice(["heg", "poel"], n)},
        geometry=shapely.box(xy[:, 0], xy[:, 1], xy[:, 0] + size[:, 0], xy[:, 1] + size[:, 1]),
        crs="EPSG:28992",
    )


BOXES = np.array(
    [
        [X + 100, Y + 100, X + 900, Y + 700],
        [X + 600, Y + 500, X + 2000, Y + 1200],  # overlaps the first
        [X + 3000, Y + 3000, X + 3100, Y + 4800],
    ]
)


@pytest.mark.parametrize(
    ("name", "options", "scan_share"),
    [
        ("rtree.gpkg", {}, 1.0),  # the R-tree, then each row looked up
        ("rtree.gpkg", {}, 0.0),  # the R-tree, then the table read in order
        ("plain.gpkg", {"SPATIAL_INDEX": "NO"}, 0.0),  # no R-tree: the common envelope
        ("layer.fgb", {}, 0.0),
        ("layer.shp", {}, 0.0),
    ],
)
def test_read_layer_in_boxes_gives_exactly_the_rows_near_them(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    options: dict[str, str],
    scan_share: float,
) -> None:
    monkeypatch.setattr(boxes_module, "SCAN_SHARE", scan_share)
    frame = _scattered(3000)
    path = tmp_path / name
    layer = 'el"ements 1' if path.suffix == ".gpkg" else None  # quoting in the SQL
    column = "element type" if path.suffix != ".shp" else "element_ty"
    frame = frame.rename(columns={"element type": column})
    frame["width"] = np.arange(len(frame)) / 10.0
    # Integers with gaps: both read paths must give the same column.
    frame["count"] = pd.array([None if i % 7 == 0 else i for i in range(len(frame))], "Int64")
    pyogrio.write_dataframe(frame, path, layer=layer, layer_options=options or None)
    info = pyogrio.read_info(path, layer=layer)
    near = boxes_module.read_gpkg_near(path, info, [column], BOXES)
    assert (near is not None) == (name == "rtree.gpkg")
    spec = f"{path}|layername={layer}" if layer else path
    got = read_layer(spec, columns=[column, "width", "count"], boxes=BOXES)
    full = read_layer(spec, columns=[column, "width", "count"])
    expected = full[_brute_force(shapely.bounds(full.geometry.to_numpy()), BOXES)]
    assert 0 < len(got) < len(full)
    if near is not None:
        # The R-tree's 32-bit envelopes may add rows a few cm beyond a box, nothing else.
        grown = BOXES + np.array([-0.1, -0.1, 0.1, 0.1])
        assert _brute_force(shapely.bounds(got.geometry.to_numpy()), grown).all()
        got = got[_brute_force(shapely.bounds(got.geometry.to_numpy()), BOXES)]
    pd.testing.assert_frame_equal(got.drop(columns="geometry"), expected.drop(columns="geometry"))
    assert shapely.equals_exact(got.geometry.to_numpy(), expected.geometry.to_numpy(), 0).all()
    assert got.crs == full.crs


def test_read_layer_in_boxes_of_another_crs_keeps_every_row_near_them(tmp_path: Path) -> None:
    frame = _scattered(2000).to_crs("EPSG:4326")
    path = tmp_path / "wgs84.gpkg"
    pyogrio.write_dataframe(frame, path)
    got = read_layer(path, columns=["element type"], boxes=BOXES)
    full = read_layer(path, columns=["element type"])
    near = full.index[_brute_force(shapely.bounds(full.geometry.to_numpy()), BOXES)]
    assert set(near) <= set(got.index)  # reprojected boxes cover the working-CRS boxes
    assert len(got) < len(full)
    assert got.crs.to_epsg() == 28992


def test_a_single_box_and_no_hit(tmp_path: Path) -> None:
    path = tmp_path / "one.gpkg"
    pyogrio.write_dataframe(_scattered(200), path)
    assert len(read_layer(path, boxes=(X - 500, Y - 500, X - 400, Y - 400))) == 0
    one = read_layer(path, boxes=tuple(BOXES[0]))
    assert len(one) > 0 and "element type" in one.columns
    assert isinstance(read_layer(path, boxes=box(*BOXES[2]).bounds), gpd.GeoDataFrame)
