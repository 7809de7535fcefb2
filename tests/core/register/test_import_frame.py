"""A GeoDataFrame import names its source from ``frame.attrs`` (as the QGIS plugin sets it)."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from gbda_core.register import ImportAborted, open_register


def _rows() -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {"element_type": ["heg", "no such type"]},
        geometry=[shapely.LineString([(0, 0), (100, 0)]), shapely.LineString([(0, 20), (50, 20)])],
        crs=28992,
    )
    frame.index = [7, 9]  # QGIS feature ids
    return frame


def test_rejected_rows_name_the_layer_from_attrs(tmp_path):
    frame = _rows()
    frame.attrs.update(source="heggen_memory", layer="schets", row_label="feature id")
    with open_register(tmp_path / "register.gpkg") as reg:
        reg.init()
        report = reg.import_layer(frame)
    assert (report.source, report.layer, report.rows, len(report.added)) == (
        "heggen_memory", "schets", 2, 1
    )  # fmt: skip
    [rejected] = report.rejected
    assert rejected.one_line() == (
        "heggen_memory|schets: feature id 9: unknown element type 'no such type' "
        "(see 'gbda types', or map it)"
    )


def test_without_attrs_the_source_is_called_geodataframe(tmp_path):
    with open_register(tmp_path / "register.gpkg") as reg:
        reg.init()
        with pytest.raises(ImportAborted, match=r"^GeoDataFrame: 1 of 2 rows rejected"):
            reg.import_layer(_rows(), strict=True)
