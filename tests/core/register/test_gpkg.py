"""GeoPackage only: a normal layer for GDAL 3.6 (QGIS 3.22), the geometry codec, file locks."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
import time

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gbda_core.errors import InputError
from gbda_core.register import open_register
from gbda_core.register.gpkg_format import envelope, from_gpkg_blobs, to_gpkg_blobs

# Run in Debian's python3 with its GDAL 3.6, the GDAL of QGIS 3.22, as QGIS would open the file.
PROBE = """
import json, sys
from osgeo import gdal, ogr
messages = []
gdal.PushErrorHandler(lambda cls, no, msg: messages.append(msg))
ds = ogr.Open(sys.argv[1])
layers = {}
for i in range(ds.GetLayerCount()):
    layer = ds.GetLayer(i)
    defn = layer.GetLayerDefn()
    srs = layer.GetSpatialRef()
    layers[layer.GetName()] = {
        "count": layer.GetFeatureCount(),
        "geometry": ogr.GeometryTypeToName(layer.GetGeomType()),
        "epsg": srs.GetAuthorityCode(None) if srs else None,
        "fields": {defn.GetFieldDefn(j).GetName(): defn.GetFieldDefn(j).GetTypeName()
                   for j in range(defn.GetFieldCount())},
    }
elements = ds.GetLayerByName("elements")
elements.SetSpatialFilterRect(-1, 10, 200, 50)
in_window = sorted(f.GetField("element_type") for f in elements)
ds = None
ds = ogr.Open(sys.argv[1], update=1)
layer = ds.GetLayerByName("elements")
feature = layer.GetNextFeature()
feature.SetField("note", "edited in QGIS")
edit = layer.SetFeature(feature)
print(json.dumps({"gdal": gdal.__version__, "layers": layers, "in_window": in_window,
                  "edit_refused": edit != 0, "messages": messages}))
"""


def test_the_register_opens_in_gdal_3_6_as_an_ordinary_layer(tmp_path, hedges):
    path = tmp_path / "register.gpkg"
    reg = open_register(path)
    reg.init()
    (first, *_) = reg.import_layer(hedges(3)).added
    reg.set_status(first, "aangelegd", "2024-05-01")
    reg.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert db.execute("PRAGMA user_version").fetchone()[0] == 10200
    proc = subprocess.run(
        ["/usr/bin/python3", "-c", PROBE, str(path)], capture_output=True, text=True, check=True
    )
    report = json.loads(proc.stdout)
    assert report["gdal"].startswith("3.6")
    layers = report["layers"]
    assert set(layers) == {"elements", "history", "schema_version"}
    elements = layers["elements"]
    assert (elements["count"], elements["epsg"]) == (3, "28992")
    assert elements["geometry"] == "Unknown (any)"  # GEOMETRY: lines, polygons and points
    assert elements["fields"]["planted"] == "Date"
    assert elements["fields"]["length_m"] == "Real"
    assert layers["history"]["count"] == 4
    # History is a layer too (schema version 3): QGIS shows each change where it was made.
    assert (layers["history"]["geometry"], layers["history"]["epsg"]) == ("Unknown (any)", "28992")
    assert layers["history"]["fields"]["changed_at"] == "DateTime"
    assert layers["schema_version"]["count"] == 3
    # The spatial filter answers: hedges at y = 20 and 40 lie in the window, the one at 0 not.
    assert report["in_window"] == ["heg", "heg"]
    assert report["edit_refused"]
    # Opening and reading gave no warning; the refused edit says why, once.
    assert report["messages"] == [
        "failed to execute update : elements change only through gbda register, "
        "which records each change"
    ]


def test_geopandas_reads_the_layer(tmp_path, hedges):
    path = tmp_path / "register.gpkg"
    with open_register(path) as reg:
        reg.init()
        reg.import_layer(hedges(2))
    layer = gpd.read_file(path, layer="elements")
    assert layer.crs.to_epsg() == 28992
    assert layer["length_m"].tolist() == [100.0, 100.0]


coordinate = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(coordinate, coordinate), min_size=3, max_size=8))
def test_geopackage_geometry_codec_round_trips(points):
    geoms = np.array(
        [
            shapely.LineString(points),
            shapely.MultiPoint(points),
            shapely.Point(points[0]),
            shapely.box(*sorted(p[0] for p in points[:2]), *sorted(p[1] for p in points[:2])),
        ],
        dtype=object,
    )
    blobs = to_gpkg_blobs(geoms)
    back = from_gpkg_blobs(blobs)
    assert shapely.equals_exact(back, geoms, tolerance=0).all()
    for blob, geom in zip(blobs, geoms, strict=True):
        assert blob[:2] == b"GP"
        minx, miny, maxx, maxy = shapely.bounds(geom)
        assert envelope(blob) == (minx, maxx, miny, maxy)


def test_a_second_writer_on_the_same_file_waits_and_applies_on_top(tmp_path, hedges):
    path = tmp_path / "register.gpkg"
    a = open_register(path)
    a.init()
    (element,) = a.import_layer(hedges(1)).added
    b = open_register(path)
    outcome = {}

    def second():
        outcome["version"] = b.set_status(element, "gecontroleerd", "2024-06-01", user="b")

    with a.transaction():
        a.set_status(element, "aangelegd", "2024-05-01", user="a")
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        assert outcome == {}  # still waiting for the file lock
    thread.join(30)
    assert outcome == {"version": 3}
    assert a.history(element)["changed_by"].tolist()[1:] == ["a", "b"]
    a.close()
    b.close()


def test_a_file_that_is_no_register_is_refused_clearly(tmp_path, hedges):
    bgt_like = tmp_path / "bgt.gpkg"
    hedges(1).to_file(bgt_like, layer="elements")  # what `gbda import bgt` writes
    with pytest.raises(InputError, match=r"GeoPackage with other layers \(elements\), not a reg"):
        open_register(bgt_like).init()
    plan = tmp_path / "plan.gpkg"
    hedges(2).to_file(plan, layer="heggen")
    hedges(1).to_file(plan, layer="poelen")
    before = plan.read_bytes()
    for attempt in (lambda reg: reg.init(), lambda reg: reg.current()):
        with pytest.raises(InputError, match=r"other layers \(heggen, poelen\).*file of its own"):
            attempt(open_register(plan))
    assert plan.read_bytes() == before  # no register tables added to someone's layers
    text = tmp_path / "notes.gpkg"
    text.write_text("not a database")
    with pytest.raises(InputError, match="not a GeoPackage"):
        open_register(text).init()
    with pytest.raises(InputError, match="output folder does not exist"):
        open_register(tmp_path / "missing" / "r.gpkg").init()
    assert not (tmp_path / "missing").exists()


def test_init_takes_an_empty_geopackage(tmp_path, hedges):
    empty = tmp_path / "leeg.gpkg"
    # As GDAL (and so QGIS) makes an empty GeoPackage: no gpkg_extensions, no EPSG:28992.
    make = (
        "import sys\nfrom osgeo import ogr\n"
        "ogr.GetDriverByName('GPKG').CreateDataSource(sys.argv[1])"
    )
    subprocess.run(["/usr/bin/python3", "-c", make, str(empty)], check=True)
    with open_register(empty) as reg:
        assert reg.schema_version() is None
        reg.init()
        assert len(reg.import_layer(hedges(1)).added) == 1


def test_init_writes_a_new_file_atomically(tmp_path, monkeypatch):
    from gbda_core.register import gpkg

    def broken(conn):
        raise RuntimeError("disk full")

    monkeypatch.setattr(gpkg, "create_geopackage", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        open_register(tmp_path / "register.gpkg").init()
    assert list(tmp_path.iterdir()) == []
