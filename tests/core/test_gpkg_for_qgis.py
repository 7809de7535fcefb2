"""GeoPackages we write must open without warnings in QGIS 3.22, whose GDAL is 3.6.

Debian 12's own GDAL (python3-gdal, 3.6.2 — installed by scripts/bootstrap.sh) is the GDAL
QGIS 3.22 runs on; it is run in Debian's python3 so that nothing of our environment leaks in.
"""

from __future__ import annotations

import json
import subprocess

import geopandas as gpd
import shapely

from gbda_core.results import write_share
from gbda_core.share import compute_share

PROBE = """
import json, sys
from osgeo import gdal, ogr
messages = []
gdal.PushErrorHandler(lambda cls, no, msg: messages.append(msg))
ds = ogr.Open(sys.argv[1])
layers = {}
for i in range(ds.GetLayerCount()):
    layers[ds.GetLayer(i).GetName()] = ds.GetLayer(i).GetFeatureCount()
print(json.dumps({"gdal": gdal.__version__, "layers": layers, "messages": messages}))
"""


def test_share_gpkg_opens_cleanly_in_gdal_3_6(tmp_path):
    areas = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.box(0, 0, 100, 100)], crs=28992)
    els = gpd.GeoDataFrame(
        {"element_type": ["heg", "onbekend"]},
        geometry=[shapely.LineString([(0, 50), (100, 50)]), shapely.Point(5, 5)],
        crs=28992,
    )
    out = write_share(compute_share(areas, els, id_field="id"), tmp_path / "share.gpkg")
    proc = subprocess.run(
        ["/usr/bin/python3", "-c", PROBE, str(out)], capture_output=True, text=True, check=True
    )
    report = json.loads(proc.stdout)
    assert report["gdal"].startswith("3.6")
    assert report["layers"] == {"share": 1, "breakdown": 1, "problems": 3, "settings": 8}
    assert report["messages"] == []


def test_the_probe_does_see_the_warning_on_geopackage_1_4(tmp_path):
    # Control: pyogrio's own default (GeoPackage 1.4) makes GDAL 3.6 warn, so the test above
    # would fail if we stopped writing 1.2.
    out = tmp_path / "default.gpkg"
    gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.box(0, 0, 1, 1)], crs=28992).to_file(out)
    proc = subprocess.run(
        ["/usr/bin/python3", "-c", PROBE, str(out)], capture_output=True, text=True, check=True
    )
    assert any(
        "1.4" in m or "partially supported" in m for m in json.loads(proc.stdout)["messages"]
    )
