"""Dates on import and change: impossible days in typed fields, events in the future, row names."""

from __future__ import annotations

import contextlib
import json

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from gbda_core.errors import DataError
from gbda_core.register import ImportAborted
from gbda_core.register.gpkg_format import connect as gpkg_connect


def geojson(path, rows):
    """A GeoJSON file of hedges with the given properties (one feature per row)."""
    features = [
        {
            "type": "Feature",
            "properties": props,
            "geometry": {"type": "LineString", "coordinates": [[0, 20 * i], [100, 20 * i]]},
        }
        for i, props in enumerate(rows)
    ]
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": crs, "features": features}))
    return path


def test_an_impossible_day_in_a_geojson_date_field_is_refused(store, tmp_path):
    path = geojson(
        tmp_path / "plan.geojson",
        [
            {"element_type": "heg", "planted": "2024-02-10"},
            {"element_type": "heg", "planted": "2024-02-30"},
            {"element_type": "heg", "planted": "2023-02-29"},
        ],
    )
    # GDAL takes the field for a date field: the values come typed, not as text.
    assert pyogrio.read_info(path)["ogr_types"][1] == "OFTDate"
    report = store.import_layer(path)
    assert [r.one_line() for r in report.rejected] == [
        f"{path}|plan: feature id 1: planted '2024-02-30' is not a date (use YYYY-MM-DD)",
        f"{path}|plan: feature id 2: planted '2023-02-29' is not a date (use YYYY-MM-DD)",
    ]
    assert len(report.added) == 1
    assert store.current()["planted"].tolist() == [pd.Timestamp("2024-02-10")]
    with pytest.raises(ImportAborted, match=r"first: feature id 1: planted '2024-02-30'"):
        store.import_layer(path, strict=True)
    assert len(store.history()) == 1


def test_an_impossible_day_in_a_geopackage_date_or_text_field_is_refused(store, tmp_path, hedges):
    path = tmp_path / "plan.gpkg"
    rows = hedges(3)
    rows["planned"] = pd.to_datetime(["2024-01-10"] * 3)  # a DATETIME column ...
    rows["planted"] = ["2024-02-01", "2024-02-02", "2024-02-03"]  # ... and a text column
    pyogrio.write_dataframe(rows, path, layer="plan")
    with contextlib.closing(gpkg_connect(path)) as db:
        db.execute("ALTER TABLE plan ADD COLUMN checked DATE")  # ... and a DATE column
        db.execute("UPDATE plan SET checked = '2024-03-01'")
        db.execute("UPDATE plan SET planned = '2024-01-32T00:00:00Z' WHERE fid = 1")
        db.execute("UPDATE plan SET planted = '2024-02-30' WHERE fid = 2")
        db.execute("UPDATE plan SET checked = '2024-04-31' WHERE fid = 3")
    assert pyogrio.read_info(path)["ogr_types"][-1] == "OFTDate"
    report = store.import_layer(path)
    assert [(r.row, r.reason) for r in report.rejected] == [
        (1, "planned '2024-01-32' is not a date (use YYYY-MM-DD)"),
        (2, "planted '2024-02-30' is not a date (use YYYY-MM-DD)"),
        (3, "checked '2024-04-31' is not a date (use YYYY-MM-DD)"),
    ]
    assert report.added == []


def test_feature_ids_count_from_0_in_geojson_and_from_1_in_a_geopackage(store, tmp_path):
    rows = [{"element_type": "heg"}, {"element_type": "bankje"}]
    path = geojson(tmp_path / "plan.geojson", rows)
    (bad,) = store.import_layer(path).rejected
    assert bad.one_line().startswith(f"{path}|plan: feature id 1: unknown element type")
    as_gpkg = tmp_path / "plan.gpkg"
    gpd.read_file(path).to_file(as_gpkg, layer="plan")
    (bad,) = store.import_layer(as_gpkg).rejected
    assert bad.one_line().startswith(f"{as_gpkg}|plan: feature id 2: unknown element type")
    frame = gpd.read_file(path).set_index(pd.Index([10, 11]))
    (bad,) = store.import_layer(frame).rejected
    assert bad.one_line().startswith("GeoDataFrame: index 11: unknown element type")


def test_events_cannot_lie_in_the_future(store, hedges):
    # The test clock says 2026-01-01 (Dutch time).
    plan = hedges(3)
    plan["planned"] = ["2024-01-10", "2027-03-01", "2024-01-10"]  # planning ahead is fine
    plan["planted"] = [None, None, "2026-01-02"]
    report = store.import_layer(plan)
    assert [(r.row, r.reason) for r in report.rejected] == [
        (3, "planted 2026-01-02 is in the future (today is 2026-01-01); record an event once "
            "it has happened"),
    ]  # fmt: skip
    a, b = report.added
    with pytest.raises(DataError, match=r"planted 2099-01-01 is in the future \(today is 2026"):
        store.set_status(a, "aangelegd", "2099-01-01")
    with pytest.raises(DataError, match="removed 2026-01-05 is in the future"):
        store.set_status(a, "verdwenen", "2026-01-05")
    assert store.set_status(a, "aangelegd", "2026-01-01") == 2  # today itself happened
    assert store.set_status(a, "gecontroleerd") == 3  # default: today by the store's clock
    assert store.current().set_index("id").loc[a, "checked"] == pd.Timestamp("2026-01-01")
    with pytest.raises(DataError, match="checked 2026-02-01 is in the future"):
        store.update(a, checked="2026-02-01")
    assert store.update(b, planned="2030-06-01") == 2
    assert len(store.history()) == 5
