"""``gbda:import_bgt`` and ``gbda:import_brp`` give what the core readers give."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)
from shapely.geometry import box

from gbda_core.readers.bgt import read_bgt
from gbda_core.readers.brp import read_brp

from .conftest import processing_module

X, Y = 180000.0, 456000.0
# (category, gewascode, gewas, geometry), as in the core's BRP test.
PARCELS = [
    ("Landschapselement", 2621, "Houtwal en houtsingel", box(X, Y, X + 100, Y + 10)),
    ("Landschapselement", 9999, "Knip- of scheerheg", box(X, Y + 20, X + 50, Y + 22)),
    ("Landschapselement", 2699, "Landschapselement overig", box(X, Y + 30, X + 20, Y + 50)),
    ("Landschapselement", 2699, "Landschapselement overig", box(X + 30, Y + 30, X + 50, Y + 50)),
    ("Grasland", 265, "Grasland, blijvend", box(X, Y + 100, X + 200, Y + 200)),
    ("Bouwland", 233, "Tarwe, winter-", box(X, Y + 200, X + 100, Y + 300)),
    ("Natuurterrein", 335, "Natuurterreinen", box(X, Y + 300, X + 100, Y + 400)),
]
OUTPUTS = ("LINES", "POLYGONS", "POINTS", "RURAL_AREA", "PROBLEMS")


def _features(layer: QgsVectorLayer, fields: tuple[str, ...]) -> list[tuple]:
    return [tuple(f[name] for name in fields) for f in layer.getFeatures()]


def _area(layer: QgsVectorLayer) -> float:
    return sum(f.geometry().area() for f in layer.getFeatures())


def test_import_bgt_equals_core(plugin, otterlo_zip: Path):
    result = processing_module().run(
        "gbda:import_bgt",
        {"INPUT": str(otterlo_zip), **dict.fromkeys((*OUTPUTS, "EXCLUDED"), "memory:")},
    )
    core = read_bgt(otterlo_zip)
    columns = ("element_type", "source_layer", "source_class", "source_id")
    kinds = {"LINES": "LineString", "POLYGONS": "Polygon", "POINTS": "Point"}
    for key, geom_type in kinds.items():
        layer = result[key]
        assert QgsWkbTypes.displayString(layer.wkbType()) == geom_type
        expected = core.elements[core.elements.geom_type == geom_type]
        assert _features(layer, columns) == list(expected[list(columns)].itertuples(index=False))
        if geom_type == "Polygon":
            assert _area(layer) == pytest.approx(expected.area.sum(), rel=1e-9)
    assert result["RURAL_AREA"].featureCount() == len(core.rural_area)
    assert _area(result["RURAL_AREA"]) == pytest.approx(core.rural_area.area.sum(), rel=1e-9)
    assert _features(result["EXCLUDED"], ("exclusion",)) == [(e,) for e in core.excluded.exclusion]
    assert result["PROBLEMS"].featureCount() == len(core.problems)


def test_import_bgt_not_a_zip_is_one_line(plugin, tmp_path: Path):
    bad = tmp_path / "bgt.zip"
    bad.write_text("not a zip")
    with pytest.raises(QgsProcessingException) as caught:
        processing_module().run(
            "gbda:import_bgt", {"INPUT": str(bad), **dict.fromkeys(OUTPUTS, "memory:")}
        )
    assert "bgt.zip" in str(caught.value) and "\n" not in str(caught.value)


@pytest.fixture
def brp_layer(qgis_new_project) -> QgsVectorLayer:
    """The parcels as a memory layer in the project (fids 1..7)."""
    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:28992&field=category:string&field=gewas:string&field=gewascode:integer",
        "brp_memory",
        "memory",
    )
    for category, code, gewas, geometry in PARCELS:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([category, gewas, code])
        feature.setGeometry(QgsGeometry.fromWkt(geometry.wkt))
        assert layer.dataProvider().addFeature(feature)
    QgsProject.instance().addMapLayer(layer)
    return layer


def _brp_file(path: Path, rows=PARCELS) -> Path:
    cat, code, gewas, geom = zip(*rows, strict=True)
    frame = gpd.GeoDataFrame(
        {"category": cat, "gewas": gewas, "gewascode": code}, geometry=list(geom), crs="EPSG:28992"
    )
    frame.to_file(path, layer="brp", driver="GPKG", engine="pyogrio")
    return path


def test_import_brp_memory_layer_equals_core(plugin, brp_layer, tmp_path: Path):
    result = processing_module().run(
        "gbda:import_brp", {"INPUT": brp_layer, **dict.fromkeys(OUTPUTS, "memory:")}
    )
    core = read_brp(_brp_file(tmp_path / "brp.gpkg"))
    assert _features(result["POLYGONS"], ("element_type", "source_class", "source_id")) == list(
        core.elements[["element_type", "source_class", "source_id"]].itertuples(index=False)
    )
    assert result["LINES"].featureCount() == 0 and result["POINTS"].featureCount() == 0
    assert _area(result["RURAL_AREA"]) == pytest.approx(core.rural_area.area.sum())
    [problem] = _features(result["PROBLEMS"], ("kind", "source", "value", "count", "rows"))
    [expected] = core.problems
    # Same rows (feature ids) as the core reading the file; the source is the QGIS layer.
    assert problem == ("unmapped_type", "brp_memory", expected.value, 2, "3, 4")
    assert expected.rows == (3, 4)


def test_import_brp_selected_only(plugin, brp_layer, tmp_path: Path):
    brp_layer.selectByIds([1, 5])  # the houtwal and the grass parcel
    source = QgsProcessingFeatureSourceDefinition(brp_layer.id(), selectedFeaturesOnly=True)
    result = processing_module().run(
        "gbda:import_brp", {"INPUT": source, **dict.fromkeys(OUTPUTS, "memory:")}
    )
    core = read_brp(_brp_file(tmp_path / "brp.gpkg", [PARCELS[0], PARCELS[4]]))
    assert _features(result["POLYGONS"], ("element_type",)) == [("houtwal",)]
    assert _area(result["RURAL_AREA"]) == pytest.approx(core.rural_area.area.sum())
    assert result["PROBLEMS"].featureCount() == 0


def test_import_brp_missing_field_is_one_line(plugin, qgis_new_project):
    layer = QgsVectorLayer("Polygon?crs=EPSG:28992&field=category:string", "parcels", "memory")
    feature = QgsFeature(layer.fields())
    feature.setAttributes(["Grasland"])
    feature.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0,10 0,10 10,0 10,0 0))"))
    layer.dataProvider().addFeature(feature)
    with pytest.raises(QgsProcessingException) as caught:
        processing_module().run(
            "gbda:import_brp", {"INPUT": layer, **dict.fromkeys(OUTPUTS, "memory:")}
        )
    message = str(caught.value)
    assert "gewas" in message and "\n" not in message
