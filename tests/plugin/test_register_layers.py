"""The register as QGIS layers: read-only, with value maps, date widgets and hard constraints
that judge a record as the core does; status changes go through the core with history."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsFieldConstraints,
    QgsGeometry,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsSymbol,
    QgsVectorLayer,
    QgsVectorLayerUtils,
)
from qgis.PyQt.QtCore import QDate
from qgis.PyQt.QtWidgets import QDialog

from gbda_core.errors import ConfigError
from gbda_core.register import Status, open_register
from gbda_core.register.model import DATE_FIELDS, check_dates
from gbda_core.vocabulary import load_vocabulary
from gbda_plugin import register_rules
from gbda_plugin.gui.status_dialog import StatusDialog
from gbda_plugin.register_layers import register_layers

from .conftest import POLDER, open_dock, processing_module, save_widget_png

HARD = QgsFieldConstraints.ConstraintStrengthHard


def _elements() -> gpd.GeoDataFrame:
    line = shapely.LineString([(120000, 440000), (120100, 440000)])
    return gpd.GeoDataFrame(
        {
            "element_type": ["heg", "Knip- of scheerheg", "houtwal", "poel", "heg"],
            "planned": ["2023-02-01", "2023-02-01", "2023-03-01", "2023-03-01", "2024-01-10"],
            "planted": [None, "2023-11-20", None, None, None],
            "region": "Zuid-Holland",
        },
        geometry=[
            line,
            shapely.MultiLineString([[(120000, 440020), (120080, 440020)],
                                     [(120000, 440030), (120050, 440030)]]),
            shapely.Polygon([(120000, 440100), (120100, 440100), (120100, 440104),
                             (120000, 440104)]),
            shapely.Point(120050, 440200),
            shapely.LineString([(120000, 440300), (120150, 440300)]),
        ],
        crs="EPSG:28992",
    )  # fmt: skip


def _fill(store) -> None:
    with open_register(store) as register:
        register.init()
        report = register.import_layer(_elements(), user="anna")
        assert len(report.added) == 5, report.summary()
        gone = report.added[4]
        register.set_status(gone, "aangelegd", "2024-03-01", user="anna")
        register.set_status(gone, "verdwenen", "2025-01-15", user="bert")


@pytest.fixture
def register_gpkg(tmp_path: Path) -> Path:
    path = tmp_path / "register.gpkg"
    _fill(path)
    return path


@pytest.fixture
def dock(plugin, qgis_new_project):
    return open_dock(plugin, "register", 460, 720)


@pytest.fixture
def opened(dock, register_gpkg):
    dock.storeFile.setFilePath(str(register_gpkg))
    assert dock.open_store(), dock.statusLabel.text()
    return dock


def _by_kind(dock) -> dict[str, object]:
    kinds = {0: "point", 1: "line", 2: "polygon"}
    return {kinds[layer.geometryType()]: layer for layer in dock.layers}


def test_open_adds_one_read_only_layer_per_geometry_type(opened):
    layers = _by_kind(opened)
    assert sorted(layers) == ["line", "point", "polygon"]
    assert [layers[k].featureCount() for k in ("line", "point", "polygon")] == [3, 1, 1]
    group = QgsProject.instance().layerTreeRoot().findGroup("GBDA register")
    assert group is not None and len(group.findLayers()) == 3
    for layer in layers.values():
        assert layer.readOnly() and not layer.startEditing()
        renderer = layer.renderer()
        assert isinstance(renderer, QgsCategorizedSymbolRenderer)
        assert renderer.classAttribute() == "status"
        assert [c.value() for c in renderer.categories()] == [s.value for s in Status]
        default = QgsSymbol.defaultSymbol(layer.geometryType())
        categories = renderer.categories()
        assert all(c.symbol().type() == default.type() for c in categories)
    lines, points = (layers[k].renderer().categories() for k in ("line", "point"))
    for line, point in zip(lines, points, strict=True):  # same colours, other symbol types
        assert line.symbol().color() == point.symbol().color()
        assert line.symbol().type() != point.symbol().type()
    assert "5 elements" in opened.statusLabel.text()


def test_form_has_value_maps_date_widgets_and_hard_constraints(opened):
    layer = _by_kind(opened)["line"]
    fields = layer.fields()
    vocabulary = load_vocabulary()

    def setup(name):
        return layer.editorWidgetSetup(fields.indexOf(name))

    types = setup("element_type")
    assert types.type() == "ValueMap"
    mapping = {k: v for entry in types.config()["map"] for k, v in entry.items()}
    assert sorted(mapping.values()) == sorted(vocabulary.codes)
    assert mapping[f"{vocabulary.get('heg').name} (heg)"] == "heg"
    status = setup("status")
    assert status.type() == "ValueMap"
    assert [v for entry in status.config()["map"] for v in entry.values()] == [
        "gepland", "aangelegd", "gecontroleerd", "verdwenen",
    ]  # fmt: skip
    for name in DATE_FIELDS:
        assert setup(name).type() == "DateTime"
        assert setup(name).config()["display_format"] == "yyyy-MM-dd"
        constraints = fields.field(name).constraints()
        assert constraints.constraintStrength(QgsFieldConstraints.ConstraintExpression) == HARD
        assert constraints.constraintExpression() == register_rules.date_expression(name)
        assert constraints.constraintDescription()
    assert setup("import_key").type() == "Hidden"
    for name in ("element_type", "status"):
        constraints = fields.field(name).constraints()
        assert constraints.constraintStrength(QgsFieldConstraints.ConstraintNotNull) == HARD
        assert constraints.constraintStrength(QgsFieldConstraints.ConstraintExpression) == HARD
    form = layer.editFormConfig()
    assert all(form.readOnly(i) for i in range(fields.count()))


def _feature(layer, values: dict) -> QgsFeature:
    feature = QgsFeature(layer.fields())
    for name, value in values.items():
        feature[name] = (
            QDate(value.year, value.month, value.day) if isinstance(value, dt.date) else value
        )
    return feature


def _valid(layer, feature) -> tuple[bool, list[str]]:
    problems = []
    for i in range(layer.fields().count()):
        ok, errors = QgsVectorLayerUtils.validateAttribute(layer, feature, i, HARD)
        if not ok:
            problems += [f"{layer.fields().at(i).name()}: {e}" for e in errors]
    return not problems, problems


def test_constraints_refuse_bad_values(opened):
    layer = _by_kind(opened)["line"]
    good = {"fid": 999, "id": "x", "version": 1, "element_type": "heg", "status": "aangelegd",
            "planned": dt.date(2024, 1, 1), "planted": dt.date(2024, 3, 1)}  # fmt: skip
    assert _valid(layer, _feature(layer, good)) == (True, [])
    for change, word in (
        ({"status": "bogus"}, "status must be one of"),
        ({"status": None}, "status"),
        ({"element_type": "hedge of dreams"}, "element vocabulary"),
        ({"planted": dt.date(2023, 1, 1)}, "planted may not be before"),
        ({"planted": None}, "needs it"),
        ({"status": "gepland"}, "cannot have it yet"),
    ):
        ok, errors = _valid(layer, _feature(layer, {**good, **change}))
        assert not ok and any(word in e for e in errors), (change, errors)


DAYS = st.one_of(st.none(), st.dates(dt.date(2023, 1, 1), dt.date(2023, 1, 6)))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(status=st.sampled_from([s.value for s in Status]), days=st.tuples(*[DAYS] * 4))
def test_form_and_core_judge_records_alike(opened, status, days):
    layer = _by_kind(opened)["line"]
    values = {"fid": 999, "id": "x", "version": 1, "element_type": "heg", "status": status,
              **dict(zip(DATE_FIELDS, days, strict=True))}  # fmt: skip
    form_ok, _ = _valid(layer, _feature(layer, values))
    record = pd.DataFrame([values])
    for name in DATE_FIELDS:
        record[name] = pd.to_datetime(record[name])
    assert form_ok == (check_dates(record)[0] == [])


def test_direct_edits_are_refused_and_history_stays(register_gpkg, opened):
    layer = _by_kind(opened)["line"]
    before = len(opened.register.history())
    bypass = layer.clone()  # a copy without the read-only flag: QGIS writes straight to the file
    bypass.setReadOnly(False)
    feature = next(bypass.getFeatures())
    provider = bypass.dataProvider()
    assert not provider.changeAttributeValues(
        {feature.id(): {bypass.fields().indexOf("status"): "bogus"}}
    )
    assert "elements change only through gbda register" in " ".join(provider.errors())
    assert not provider.deleteFeatures([feature.id()])
    with open_register(register_gpkg) as register:
        assert len(register.history()) == before
        assert set(register.current()["status"]) <= {s.value for s in Status}


def _select(dock, layer, element_type: str, status: str) -> None:
    layer.selectByExpression(f"\"element_type\" = '{element_type}' AND \"status\" = '{status}'")
    assert layer.selectedFeatureCount() == 1
    assert dock.element is not None and dock.element["status"] == status


def test_set_status_goes_through_the_core(opened, register_gpkg):
    layer = _by_kind(opened)["line"]
    _select(opened, layer, "heg", "gepland")
    assert opened.setStatusButton.isEnabled()
    assert opened.history_model.rowCount() == 1  # imported
    dialog = StatusDialog(opened.register, opened.element, opened)
    offered = [dialog.newStatus.itemData(i) for i in range(dialog.newStatus.count())]
    assert offered == ["aangelegd", "verdwenen"]  # the core's TRANSITIONS from gepland
    dialog.newStatus.setCurrentIndex(0)
    dialog.eventDate.setDate(QDate(2022, 12, 1))  # before the planned date
    dialog.apply()
    assert dialog.result() != QDialog.Accepted
    error = dialog.errorLabel.text()
    assert "dates out of order" in error and "\n" not in error
    dialog.eventDate.setDate(QDate(2024, 4, 2))
    dialog.note.setText("geplant met de buren")
    dialog.apply()
    assert dialog.result() == QDialog.Accepted and dialog.new_version == 2
    opened.changed()
    feature = layer.getFeature(layer.selectedFeatureIds()[0])
    assert feature["status"] == "aangelegd" and feature["planted"] == QDate(2024, 4, 2)
    assert opened.element["version"] == 2 and opened.history_model.rowCount() == 2
    with open_register(register_gpkg) as register:
        history = register.history(feature["id"])
    assert list(history["action"]) == ["import", "set_status"]
    assert history["note"].iloc[-1] == "geplant met de buren"


def test_stale_version_is_refused(opened, register_gpkg):
    layer = _by_kind(opened)["line"]
    _select(opened, layer, "heg", "gepland")
    dialog = StatusDialog(opened.register, opened.element, opened)
    with open_register(register_gpkg) as other:  # someone else changes it first
        other.update(opened.element["id"], note="door een ander")
    dialog.apply()
    assert "someone changed it meanwhile" in dialog.errorLabel.text()
    assert dialog.result() != QDialog.Accepted


def test_verdwenen_is_final(opened):
    layer = _by_kind(opened)["line"]
    _select(opened, layer, "heg", "verdwenen")
    dialog = StatusDialog(opened.register, opened.element, opened)
    assert dialog.newStatus.count() == 0
    assert "final" in dialog.errorLabel.text()
    assert opened.history_model.rowCount() == 3


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "Choose a register file or give a PostgreSQL connection."),
        ("{tmp}/stand.txt", "unknown register store"),
        (str(POLDER), "not a register (a register needs a file of its own"),
        ("{tmp}/missing.gpkg", "No register in"),
    ],
)
def test_open_refuses_what_is_no_register(dock, tmp_path, path, message):
    dock.storeFile.setFilePath(path.format(tmp=tmp_path))
    assert not dock.open_store()
    text = dock.statusLabel.text()
    assert message in text and "\n" not in text and dock.layers == []


def test_missing_psycopg_is_one_line(dock, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    monkeypatch.delitem(sys.modules, "gbda_core.register.postgis", raising=False)
    dock.connection.setText("service=provincie")
    assert not dock.open_store()
    text = dock.statusLabel.text()
    assert "needs the Python package psycopg" in text and "pip install" in text
    assert "\n" not in text


def test_create_new_register(dock, tmp_path):
    path = tmp_path / "nieuw.gpkg"
    dock.storeFile.setFilePath(str(path))
    assert dock.create_store()
    assert path.is_file() and len(dock.layers) == 1
    assert dock.layers[0].featureCount() == 0 and dock.layers[0].readOnly()
    with open_register(path) as register:
        assert register.schema_version() is not None


def test_postgis_register(dock, pg_cluster, pg_schema):
    store = pg_cluster.conninfo
    with open_register(store, schema=pg_schema) as register:
        register.init()
        register.import_layer(_elements(), user="anna")
    dock.connection.setText(store)
    dock.schema.setText(pg_schema)
    assert dock.open_store(), dock.statusLabel.text()
    layers = _by_kind(dock)
    assert sorted(layers) == ["line", "point", "polygon"]
    assert [layers[k].featureCount() for k in ("line", "point", "polygon")] == [3, 1, 1]
    assert all(layer.providerType() == "postgres" and layer.readOnly() for layer in dock.layers)
    _select(dock, layers["polygon"], "houtwal", "gepland")
    dialog = StatusDialog(dock.register, dock.element, dock)
    dialog.eventDate.setDate(QDate(2024, 5, 1))
    dialog.apply()
    assert dialog.result() == QDialog.Accepted
    dock.changed()
    assert dock.element["status"] == "aangelegd"
    bypass = layers["line"].clone()
    bypass.setReadOnly(False)
    feature = next(bypass.getFeatures())
    assert not bypass.dataProvider().changeAttributeValues(
        {feature.id(): {bypass.fields().indexOf("note"): "stiekem"}}
    )


def _form(layer) -> dict:
    """What :func:`gbda_plugin.register_layers.configure` sets on a layer, field by field."""
    fields, form, renderer = layer.fields(), layer.editFormConfig(), layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    categories = [(c.value(), c.label(), c.symbol().color().name()) for c in renderer.categories()]
    found: dict = {"read-only": layer.readOnly(), "style": (renderer.classAttribute(), categories)}
    strengths = (QgsFieldConstraints.ConstraintNotNull, QgsFieldConstraints.ConstraintExpression)
    for i, field in enumerate(fields):
        setup, rules = layer.editorWidgetSetup(i), field.constraints()
        found[field.name()] = (
            setup.type(),
            setup.config(),
            int(rules.constraints()),
            [int(rules.constraintStrength(c)) for c in strengths],
            rules.constraintExpression(),
            rules.constraintDescription(),
            field.alias(),
            form.readOnly(i),
        )
    return found


def _load_with_the_algorithm(params: dict, wait_until=None) -> list[QgsVectorLayer]:
    """Run gbda:register_import as the toolbox does (in a background task when given
    ``wait_until``); the register layers it loaded into the project."""
    from processing.gui.Postprocessing import handleAlgorithmResults

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    algorithm = QgsApplication.processingRegistry().algorithmById("gbda:register_import")
    if wait_until is None:
        processing_module().runAndLoadResults(algorithm, params, feedback=feedback, context=context)
    else:
        task = QgsProcessingAlgRunnerTask(algorithm, params, context, feedback)
        done: list[bool] = []
        task.executed.connect(lambda ok, _results: done.append(ok))
        QgsApplication.taskManager().addTask(task)
        wait_until(lambda: bool(done), 60.0)
        assert done == [True], feedback.textLog()
        assert handleAlgorithmResults(algorithm, context, feedback)
    return [
        layer
        for layer in QgsProject.instance().mapLayers().values()
        if layer.name().startswith("GBDA register")
    ]


def _one_more() -> QgsVectorLayer:
    """A layer with one more hedge to import."""
    layer = QgsVectorLayer("LineString?crs=EPSG:28992&field=element_type:string", "erbij", "memory")
    feature = QgsFeature(layer.fields())
    feature.setAttributes(["heg"])
    feature.setGeometry(QgsGeometry.fromWkt("LINESTRING(121000 441000, 121100 441000)"))
    assert layer.dataProvider().addFeature(feature)
    return layer


def test_the_import_algorithm_loads_the_register_as_the_dock_does(dock, register_gpkg):
    """A register loaded by gbda:register_import is as read-only, with the same value maps,
    widgets and constraints, as the register dock's layers."""
    params = {"INPUT": _one_more(), "REGISTER": str(register_gpkg)}
    loaded = _load_with_the_algorithm(params)
    kinds = {0: "point", 1: "line", 2: "polygon"}
    by_kind = {kinds[layer.geometryType()]: layer for layer in loaded}
    assert sorted(by_kind) == ["line", "point", "polygon"] and len(loaded) == 3
    line = by_kind["line"]
    assert line.featureCount() == 4 and line.readOnly() and not line.startEditing()
    fields = line.fields()
    assert line.editorWidgetSetup(fields.indexOf("element_type")).type() == "ValueMap"
    assert line.editorWidgetSetup(fields.indexOf("planted")).type() == "DateTime"
    status = fields.field("status").constraints()
    assert status.constraintStrength(QgsFieldConstraints.ConstraintExpression) == HARD
    bogus = {"fid": 999, "id": "x", "version": 1, "element_type": "heg", "status": "bogus"}
    ok, errors = _valid(line, _feature(line, bogus))
    assert not ok and any("status must be one of" in e for e in errors)
    assert len(_load_with_the_algorithm(params)) == 3  # loaded once

    dock.storeFile.setFilePath(str(register_gpkg))
    assert dock.open_store(), dock.statusLabel.text()
    for kind, layer in _by_kind(dock).items():
        assert _form(by_kind[kind]) == _form(layer), kind


def test_layers_made_in_a_background_run_load_configured(
    plugin, qgis_new_project, register_gpkg, wait_until
):
    """The toolbox runs the algorithm in a worker thread: its layers still reach the project
    (in the main thread) with the register's form."""
    params = {"INPUT": _one_more(), "REGISTER": str(register_gpkg)}
    loaded = _load_with_the_algorithm(params, wait_until)
    assert len(loaded) == 3
    main = QgsApplication.instance().thread()
    for layer in loaded:
        assert layer.thread() == main
        assert layer.readOnly()
        status = layer.editorWidgetSetup(layer.fields().indexOf("status"))
        assert status.type() == "ValueMap"


def test_postgis_register_from_a_saved_qgis_connection(
    dock, pg_cluster, pg_schema, qgis_connection
):
    """The dock opens a register named by a PostgreSQL connection saved in QGIS, as the
    Processing algorithms do; both show it with the same form, and no password shows."""
    with open_register(pg_cluster.conninfo, schema=pg_schema) as register:
        register.init()
        register.import_layer(_elements(), user="anna")
    name = qgis_connection("gbda register dock", f"{pg_cluster.conninfo} password=geheim")
    dock.connection.setText("nergens")
    assert not dock.open_store()
    text = dock.statusLabel.text()
    assert "no PostgreSQL connection named 'nergens'" in text and "\n" not in text

    params = {"INPUT": _one_more(), "DATABASE": name, "SCHEMA": pg_schema}
    loaded = {layer.geometryType(): layer for layer in _load_with_the_algorithm(params)}
    dock.connection.setText(name)
    dock.schema.setText(pg_schema)
    assert dock.open_store(), dock.statusLabel.text()
    assert "6 elements" in dock.statusLabel.text() and "geheim" not in dock.statusLabel.text()
    layers = _by_kind(dock)
    assert [layers[k].featureCount() for k in ("line", "point", "polygon")] == [4, 1, 1]
    assert all(layer.providerType() == "postgres" and layer.readOnly() for layer in dock.layers)
    for layer in dock.layers:
        assert _form(loaded[layer.geometryType()]) == _form(layer)
    _select(dock, layers["polygon"], "houtwal", "gepland")
    dialog = StatusDialog(dock.register, dock.element, dock)
    dialog.eventDate.setDate(QDate(2024, 5, 1))
    dialog.apply()
    assert dialog.result() == QDialog.Accepted
    with open_register(pg_cluster.conninfo, schema=pg_schema) as register:
        history = register.history(dock.element["id"])
    assert list(history["action"]) == ["import", "set_status"]


def test_elements_qgis_cannot_open_are_one_line_without_password(plugin, pg_cluster):
    conninfo = f"{pg_cluster.conninfo} password=geheim"
    with pytest.raises(ConfigError) as caught:
        register_layers(connection=conninfo, schema="geen_register")
    message = str(caught.value)
    assert "QGIS cannot open the register's elements" in message and "\n" not in message
    assert "geheim" not in message and "password=***" in message


def test_render_register_dock_png(dock, register_gpkg, artifacts: Path, monkeypatch):
    monkeypatch.chdir(register_gpkg.parent)  # a relative path: no temporary folder in the picture
    dock.storeFile.setFilePath(register_gpkg.name)
    assert dock.open_store()
    assert dock.statusLabel.text() == "5 elements in register.gpkg."
    _select(dock, _by_kind(dock)["line"], "heg", "verdwenen")
    dock.show()
    save_widget_png(dock, artifacts / "register_dock.png")
