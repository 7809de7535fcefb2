"""The GBDA dock: validates its form, runs the core as a task, adds a styled layer, table, chart."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from qgis.core import (
    QgsGraduatedSymbolRenderer,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtGui import QColor

from gbda_core.jobs import share_from_files

from .conftest import MAPPING, POLDER, fill_element_rows, image_colours, save_widget_png


def _fill_form(dock, layers) -> None:
    dock.areasLayer.setLayer(layers["gebieden"])
    dock.areaIdField.setField("gebied_id")
    fill_element_rows(dock, layers)
    dock.exclusion_combos["bebouwde_kom"].setLayer(layers["bebouwde_kom"])
    dock.exclusion_combos["nnn"].setLayer(layers["nnn"])


@pytest.fixture
def dock(plugin, polder_layers):
    plugin.show_share_dock()
    dock = plugin.dock
    dock.resize(440, 760)
    return dock


@pytest.fixture
def finished_dock(dock, polder_layers, wait_until):
    _fill_form(dock, polder_layers)
    dock.run()
    assert dock.task is not None and not dock.runButton.isEnabled()
    wait_until(lambda: dock.task is None)
    return dock


def _core_areas(**options) -> pd.DataFrame:
    result = share_from_files(
        f"{POLDER}|layername=gebieden",
        [
            f"{POLDER}|layername={n}"
            for n in ("elementen_lijnen", "elementen_vlakken", "elementen_punten")
        ],
        id_field="gebied_id",
        type_field="type",
        width_field="breedte_m",
        mapping=MAPPING,
        exclude=[f"bebouwde_kom={POLDER}|layername=bebouwde_kom", f"nnn={POLDER}|layername=nnn"],
        **options,
    )
    return pd.DataFrame(result.areas.drop(columns="geometry"))


def test_form_refuses_incomplete_input(dock, polder_layers, plugin_iface):
    dock.areasLayer.setLayer(polder_layers["gebieden"])
    dock.areaIdField.setField("gebied_id")
    dock.run()
    assert dock.task is None
    assert dock.statusLabel.text() == "Choose at least one element layer."
    dock.linesLayer.setLayer(polder_layers["elementen_lijnen"])
    dock.linesTypeField.setField("")
    assert dock.validate() == "Choose the type field of elementen_lijnen."
    dock.linesTypeField.setField("type")
    assert dock.validate() == ""


def test_dock_runs_task_and_adds_styled_layer(finished_dock, plugin_iface):
    dock = finished_dock
    layer = dock.result_layer
    assert layer is not None and QgsProject.instance().mapLayer(layer.id()) is layer
    renderer = layer.renderer()
    assert isinstance(renderer, QgsGraduatedSymbolRenderer)
    assert renderer.classAttribute() == "share_pct"
    limits = sorted(
        {r.lowerValue() for r in renderer.ranges()} | {r.upperValue() for r in renderer.ranges()}
    )
    assert 5.0 in limits and 10.0 in limits
    assert layer.labelsEnabled()
    assert "share_pct" in layer.labeling().settings().fieldName
    shares = {f["area_id"]: f["share_pct"] for f in layer.getFeatures()}
    expected = _core_areas().set_index("area_id").share_pct
    assert shares == pytest.approx(expected.to_dict(), rel=1e-12)
    assert dock.progressBar.value() == 100
    assert dock.runButton.isEnabled() and not dock.cancelButton.isEnabled()


def test_table_is_sortable_by_value(finished_dock):
    model = finished_dock.model
    assert model.rowCount() == 4
    share_column = 3
    assert model.headerData(share_column, Qt.Horizontal) == "Share (%)"
    finished_dock.resultTable.sortByColumn(share_column, Qt.DescendingOrder)
    ids = [model.item(row, 0).text() for row in range(model.rowCount())]
    assert ids == ["noord", "polder", "midden", "zuid"]  # 5.91, 3.88, 3.48, 2.44 %


def test_chart_shows_every_area_against_targets(finished_dock):
    chart = finished_dock.chart
    assert [area for area, _ in chart.rows] == ["noord", "polder", "midden", "zuid"]
    assert chart.targets == (5.0, 10.0)
    green = chart.color_of(5.91)
    orange = chart.color_of(2.44)
    assert green != orange


def test_selected_features_only(dock, polder_layers, wait_until):
    _fill_form(dock, polder_layers)
    areas, lines = polder_layers["gebieden"], polder_layers["elementen_lijnen"]
    dock.areasSelected.setChecked(True)
    assert dock.validate() == (
        "No features of gebieden are selected: select some on the map, or untick "
        "'Selected features only'."
    )
    areas.selectByExpression("\"gebied_id\" IN ('noord', 'zuid')")
    assert dock.validate() == ""
    dock.linesSelected.setChecked(True)
    lines.selectByExpression("\"type\" = 'elzensingel'")
    dock.run()
    wait_until(lambda: dock.task is None)
    layer = dock.result_layer
    got = {f["area_id"]: (f["share_pct"], f["line_km"]) for f in layer.getFeatures()}
    assert sorted(got) == ["noord", "zuid"]
    everything = _core_areas().set_index("area_id")
    for area, (share, km) in got.items():
        # Only the elzensingels count: fewer km and a lower share than with every line.
        assert km < everything.loc[area, "line_km"] and share < everything.loc[area, "share_pct"]
    assert dock.model.rowCount() == 2


def test_rural_area_layer_passes_to_the_core(dock, polder_layers, wait_until):
    parcels = QgsVectorLayer(f"{POLDER}|layername=percelen", "percelen", "ogr")
    QgsProject.instance().addMapLayer(parcels)
    _fill_form(dock, polder_layers)
    dock.ruralLayer.setLayer(parcels)
    dock.run()
    wait_until(lambda: dock.task is None)
    got = {f["area_id"]: f["rural_ha"] for f in dock.result_layer.getFeatures()}
    expected = _core_areas(rural=f"{POLDER}|layername=percelen").set_index("area_id")
    assert got == pytest.approx(expected.rural_ha.to_dict(), rel=1e-12)
    assert got != pytest.approx(_core_areas().set_index("area_id").rural_ha.to_dict())


def test_cancel_adds_no_layer(dock, polder_layers, wait_until):
    _fill_form(dock, polder_layers)
    layers_before = len(QgsProject.instance().mapLayers())
    dock.run()
    dock.cancel()
    wait_until(lambda: dock.task is None)
    assert dock.statusLabel.text() == "Cancelled."
    assert len(QgsProject.instance().mapLayers()) == layers_before
    assert dock.runButton.isEnabled()


def test_core_error_shown_in_one_line(dock, polder_layers, wait_until, plugin_iface):
    _fill_form(dock, polder_layers)
    dock.target2030.setValue(12.0)  # above the 2050 target: the core refuses
    dock.run()
    wait_until(lambda: dock.task is None)
    text = dock.statusLabel.text()
    assert "2030 target" in text and "\n" not in text
    messages = plugin_iface.messageBar().get_messages(2)  # Qgis.Critical
    assert messages and messages[-1].endswith(text)


def test_render_result_map_png(finished_dock, polder_layers, artifacts: Path):
    layer = finished_dock.result_layer
    lines = polder_layers["elementen_lijnen"]
    lines.renderer().symbol().setColor(QColor("#1b5e20"))
    lines.renderer().symbol().setWidth(0.6)
    settings = QgsMapSettings()
    settings.setLayers([polder_layers["elementen_lijnen"], layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent().buffered(100))
    settings.setOutputSize(QSize(900, 700))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    path = artifacts / "share_map.png"
    assert image.save(str(path))
    colours, coloured = image_colours(image)
    assert len(colours) > 20 and coloured > 0.3
    # The class colours (blended at the style's opacity) are both on the map.
    hues = {QColor(c).hue() for c in colours if QColor(c).saturation() > 60}
    assert any(20 <= h <= 40 for h in hues), "no orange (below 2030) area rendered"
    assert any(70 <= h <= 100 for h in hues), "no green (2030 met) area rendered"


def test_render_dock_png(finished_dock, artifacts: Path):
    dock = finished_dock
    dock.setFloating(True)
    dock.resize(470, 840)
    dock.show()
    for index, name in ((0, "dock_input"), (1, "dock_table"), (2, "dock_chart")):
        dock.tabs.setCurrentIndex(index)
        save_widget_png(dock, artifacts / f"{name}.png")
