"""``gbda:change`` through processing.run gives the core's change between two snapshots."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)

from gbda_core.change import SUMMARY_COLUMNS, compute_change
from gbda_core.jobs import read_tagged
from gbda_core.mapping import load_type_mapping
from gbda_core.share import ElementLayer

from .conftest import MAPPING, POLDER, CancelAt, layer_table, processing_module

SNAPSHOT = ("elementen_lijnen", "elementen_vlakken")


@pytest.fixture(scope="module")
def later(tmp_path_factory) -> Path:
    """A later snapshot of the polder: five lines gone, a new 200 m hedge, a bosje now a poel."""
    lines = gpd.read_file(POLDER, layer="elementen_lijnen")
    lines = lines.drop(index=lines.index[[3, 17, 40, 41, 80]])
    hedge = gpd.GeoDataFrame(
        {"element_id": ["new"], "type": ["Knip- of scheerheg"], "breedte_m": [float("nan")]},
        geometry=[shapely.LineString([(112500, 433000), (112700, 433000)])],
        crs=lines.crs,
    )
    polygons = gpd.read_file(POLDER, layer="elementen_vlakken")
    polygons.loc[polygons["type"] == "bosje", "type"] = ["poel", *["bosje"] * 5]
    path = tmp_path_factory.mktemp("later") / "later.gpkg"
    pd.concat([lines, hedge], ignore_index=True).to_file(path, layer="elementen_lijnen")
    polygons.to_file(path, layer="elementen_vlakken")
    return path


def _layers(path: Path) -> list[QgsVectorLayer]:
    layers = [QgsVectorLayer(f"{path}|layername={name}", name, "ogr") for name in SNAPSHOT]
    assert all(layer.isValid() for layer in layers)
    return layers


def _core(path: Path, areas: gpd.GeoDataFrame | None = None, tolerance: float = 1.0):
    mapping = load_type_mapping(MAPPING)

    def snapshot(source):
        return [
            ElementLayer(read_tagged(f"{source}|layername={name}"), "type",
                         "breedte_m", mapping)
            for name in SNAPSHOT
        ]  # fmt: skip

    if areas is None:
        areas = read_tagged(f"{POLDER}|layername=gebieden")
    return compute_change(snapshot(POLDER), snapshot(path), areas, id_field="gebied_id",
                          tolerance=tolerance)  # fmt: skip


def _params(old, new, areas, **extra) -> dict:
    params = {
        "OLD": old,
        "OLD_TYPE": "type",
        "NEW": new,
        "NEW_TYPE": "type",
        "WIDTH": "breedte_m",
        "MAPPING": str(MAPPING),
        "AREAS": areas,
        "AREA_ID": "gebied_id",
        "OUTPUT": "memory:",
        "GAINED": "memory:",
        "LOST": "memory:",
        "PROBLEMS": "memory:",
    }
    params.update(extra)
    return params


def _pieces(layer: QgsVectorLayer) -> pd.DataFrame:
    table = layer_table(layer)
    table["area"] = [f.geometry().area() if f.hasGeometry() else 0.0 for f in layer.getFeatures()]
    return table


def test_change_equals_the_core(plugin, qgis_new_project, later):
    areas = QgsVectorLayer(f"{POLDER}|layername=gebieden", "gebieden", "ogr")
    result = processing_module().run("gbda:change", _params(_layers(POLDER), _layers(later), areas))
    core = _core(later)
    summary = layer_table(result["OUTPUT"])
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    pd.testing.assert_frame_equal(summary, core.summary, check_dtype=False, rtol=1e-12)
    for key, expected in (("GAINED", core.gained), ("LOST", core.lost)):
        pieces = _pieces(result[key])
        columns = ["area_id", "element_type", "category", "ha", "km"]
        pd.testing.assert_frame_equal(
            pieces[columns], pd.DataFrame(expected[columns]), check_dtype=False, rtol=1e-12
        )
        assert pieces["area"].sum() == pytest.approx(expected.area.sum(), rel=1e-9)
    polder = summary.set_index(["area_id", "element_type"]).loc["polder"]
    assert polder.loc["heg", "gained_km"] == pytest.approx(0.2, abs=1e-6)
    assert polder.loc["poel", "gained_ha"] > 0 and polder.loc["bosje", "lost_ha"] > 0
    assert (polder["lost_km"] > 0).sum() >= 2


def test_memory_layers_and_selected_areas(plugin, qgis_new_project, later):
    areas = QgsVectorLayer(f"{POLDER}|layername=gebieden", "gebieden", "ogr")
    QgsProject.instance().addMapLayer(areas)
    areas.selectByExpression("\"gebied_id\" = 'noord'")
    memory = [layer.materialize(QgsFeatureRequest()) for layer in _layers(later)]
    assert all(layer.providerType() == "memory" for layer in memory)
    selected = QgsProcessingFeatureSourceDefinition(areas.id(), selectedFeaturesOnly=True)
    result = processing_module().run(
        "gbda:change", _params(_layers(POLDER), memory, selected, TOLERANCE=2.0)
    )
    noord = read_tagged(f"{POLDER}|layername=gebieden")
    noord = noord[noord["gebied_id"] == "noord"]
    core = _core(later, noord, tolerance=2.0)
    summary = layer_table(result["OUTPUT"])
    assert set(summary["area_id"]) == {"noord"}
    pd.testing.assert_frame_equal(summary, core.summary, check_dtype=False, rtol=1e-12)


def test_gained_and_lost_are_styled_green_and_red(plugin, qgis_new_project, later):
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    areas = QgsVectorLayer(f"{POLDER}|layername=gebieden", "gebieden", "ogr")
    params = _params(_layers(POLDER), _layers(later), areas, GAINED="TEMPORARY_OUTPUT",
                     LOST="TEMPORARY_OUTPUT")  # fmt: skip
    result = processing_module().runAndLoadResults(
        "gbda:change", params, feedback=QgsProcessingFeedback(), context=context
    )
    colours = {}
    for key in ("GAINED", "LOST"):
        layer = QgsProject.instance().mapLayer(result[key])
        assert isinstance(layer.renderer(), QgsSingleSymbolRenderer)
        colours[key] = layer.renderer().symbol().color()
    gained, lost = colours["GAINED"], colours["LOST"]
    assert gained.green() > gained.red() and lost.red() > lost.green()


def test_cancel_and_bad_field(plugin, qgis_new_project, later):
    areas = QgsVectorLayer(f"{POLDER}|layername=gebieden", "gebieden", "ogr")
    feedback = CancelAt("comparing the snapshots")
    with pytest.raises(QgsProcessingException, match="Cancelled by the user"):
        processing_module().run(
            "gbda:change", _params(_layers(POLDER), _layers(later), areas), feedback=feedback
        )
    assert "clipping the change to the areas" not in feedback.steps
    with pytest.raises(QgsProcessingException) as caught:
        processing_module().run(
            "gbda:change", _params(_layers(POLDER), _layers(later), areas, NEW_TYPE="soort")
        )
    message = str(caught.value)
    assert "soort" in message and "\n" not in message
