"""``gbda:register_import`` and ``gbda:progress`` give what the register and progress modules of
the core give, on a GeoPackage and on PostGIS, from any QGIS layer."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsSymbol,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate

from gbda_core.progress import breakdown, check_register_frame, progress_report, yearly
from gbda_core.register import open_register
from gbda_plugin.register_store import postgres_conninfo

from .conftest import MAPPING, POLDER, layer_table, processing_module

AT = dt.date(2025, 6, 30)
COUNTS = ("N_ROWS", "N_ADDED", "N_UPDATED", "N_UNCHANGED", "N_REJECTED")
FIGURES = ("target_km", "realised_km", "remaining_km", "pace_km_per_year", "needed_km_per_year",
           "planned_km", "removed_km", "realised_ha")  # fmt: skip


def _run(alg: str, params: dict, **kwargs) -> dict:
    return processing_module().run(f"gbda:{alg}", params, **kwargs)


def _counts(result: dict) -> tuple:
    return tuple(result[key] for key in COUNTS)


def _state(store: str | Path, **kwargs) -> pd.DataFrame:
    """A register's elements without their (random) ids, in geometry order."""
    with open_register(store, **kwargs) as register:
        frame = register.current()
    frame["wkt"] = shapely.to_wkt(frame.geometry.to_numpy(), rounding_precision=3)
    columns = [c for c in frame.columns if c not in ("id", "geometry")]
    return pd.DataFrame(frame[columns]).sort_values("wkt", ignore_index=True)


@pytest.fixture
def lines_layer(qgis_new_project) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{POLDER}|layername=elementen_lijnen", "elementen_lijnen", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def _planting(i: int) -> tuple[str, dt.date | None, dt.date | None]:
    """Status, planted and removed date of the i-th hedge of the progress test."""
    if i % 4 == 0:
        return "gepland", None, None
    if i % 10 == 9:
        return "verdwenen", dt.date(2021, 5, 1), dt.date(2024, 2, 1)
    return "aangelegd", dt.date(2020 + i % 5, 1 + i % 12, 15), None


@pytest.fixture
def dated_layer(lines_layer) -> QgsVectorLayer:
    """The polder's lines in a memory layer with the type in ``soort``, a status, dates and a
    region (QGIS date fields), as a programme office might keep them."""
    layer = QgsVectorLayer(
        "LineString?crs=EPSG:28992&field=soort:string&field=status:string"
        "&field=planted:date&field=removed:date&field=region:string",
        "plantingen",
        "memory",
    )
    features = []
    for i, source in enumerate(lines_layer.getFeatures()):
        status, planted, removed = _planting(i)
        feature = QgsFeature(layer.fields())
        feature.setAttributes(
            [
                source["type"],
                status,
                QDate(planted) if planted else None,
                QDate(removed) if removed else None,
                "noord" if i % 2 else "zuid",
            ]
        )
        feature.setGeometry(source.geometry())
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    QgsProject.instance().addMapLayer(layer)
    return layer


def _dated_frame(layer: QgsVectorLayer) -> gpd.GeoDataFrame:
    """The same rows for the core: a GeoDataFrame indexed by the layer's feature ids."""
    rows = [
        (f.id(), f["soort"], f["status"], f["planted"], f["removed"], f["region"])
        for f in layer.getFeatures()
    ]
    frame = gpd.GeoDataFrame(
        {
            "element_type": [r[1] for r in rows],
            "status": [r[2] for r in rows],
            "planted": [r[3].toPyDate() if r[3] else None for r in rows],
            "removed": [r[4].toPyDate() if r[4] else None for r in rows],
            "region": [r[5] for r in rows],
        },
        geometry=[shapely.from_wkt(f.geometry().asWkt()) for f in layer.getFeatures()],
        index=[r[0] for r in rows],
        crs=28992,
    )
    frame.attrs.update(source=layer.name(), layer="")
    return frame


def test_import_into_a_new_geopackage_equals_the_core(plugin, lines_layer, tmp_path):
    params = {
        "INPUT": lines_layer,
        "REGISTER": str(tmp_path / "register.gpkg"),
        "FIELD_ELEMENT_TYPE": "type",
        "MAPPING": str(MAPPING),
        "REJECTED": "memory:",
    }
    result = _run("register_import", params)
    with open_register(tmp_path / "core.gpkg") as register:
        register.init()
        report = register.import_layer(
            f"{POLDER}|layername=elementen_lijnen",
            mapping={"element_type": "type"},
            type_mapping=MAPPING,
        )
    assert _counts(result) == (94, 94, 0, 0, 0) == (report.rows, len(report.added), 0, 0, 0)
    assert result["REJECTED"].featureCount() == 0
    plugin_state, core_state = _state(tmp_path / "register.gpkg"), _state(tmp_path / "core.gpkg")
    assert set(plugin_state["status"]) == {"gepland"}
    assert set(plugin_state["programme"]) == {"400 km"}
    pd.testing.assert_frame_equal(plugin_state, core_state)
    # The same batch again adds nothing.
    again = _run("register_import", params)
    assert _counts(again) == (94, 0, 0, 94, 0)


def test_dates_from_qgis_fields_and_progress_equal_the_core(plugin, dated_layer, tmp_path):
    store = tmp_path / "register.gpkg"
    params = {"INPUT": dated_layer, "REGISTER": str(store), "FIELD_ELEMENT_TYPE": "soort"}
    params["MAPPING"] = str(MAPPING)
    assert _counts(_run("register_import", params)) == (94, 94, 0, 0, 0)
    with open_register(tmp_path / "core.gpkg") as register:
        register.init()
        register.import_layer(_dated_frame(dated_layer), type_mapping=MAPPING)
    pd.testing.assert_frame_equal(_state(store), _state(tmp_path / "core.gpkg"))

    with open_register(store) as register:
        frame = register.current()
    for by, index in (("year", 0), ("region", 1), ("element_type", 3), ("status", 4)):
        result = _run(
            "progress",
            {"REGISTER": str(store), "AT": QDate(AT), "BY": index, "BREAKDOWN": "memory:"},
        )
        report = progress_report(frame, at=AT)
        for key in FIGURES:
            assert result[key] == getattr(report, key), key
        assert result["forecast_date"] == report.forecast.date.isoformat()
        checked = check_register_frame(frame)
        table = yearly(checked, AT) if by == "year" else breakdown(checked, by, AT)
        pd.testing.assert_frame_equal(
            layer_table(result["BREAKDOWN"]), table, check_dtype=False, rtol=1e-12
        )
    assert 0 < result["realised_km"] < result["target_km"] == 400.0
    assert result["forecast_date"] and result["forecast_reason"] == ""


def test_progress_target_deadline_and_programme(plugin, dated_layer, tmp_path):
    store = tmp_path / "register.gpkg"
    _run("register_import", {"INPUT": dated_layer, "REGISTER": str(store),
                             "FIELD_ELEMENT_TYPE": "soort", "MAPPING": str(MAPPING)})  # fmt: skip
    with open_register(store) as register:
        frame = register.current()
    params = {"REGISTER": str(store), "AT": QDate(AT), "BREAKDOWN": "memory:"}
    result = _run("progress", {**params, "TARGET": 50.0, "DEADLINE": QDate(2027, 12, 31)})
    expected = progress_report(frame, at=AT, target_km=50.0, deadline=dt.date(2027, 12, 31))
    assert result["needed_km_per_year"] == expected.needed_km_per_year > 0
    assert result["remaining_km"] == expected.remaining_km
    other = _run("progress", {**params, "PROGRAMME": "ander programma"})
    assert other["realised_km"] == 0.0 and other["pace_km_per_year"] is None
    assert other["forecast_reason"]
    everything = _run("progress", {**params, "PROGRAMME": ""})
    assert everything["realised_km"] == progress_report(frame, at=AT).realised_km > 0


def test_selected_features_only(plugin, lines_layer, tmp_path):
    lines_layer.selectByExpression("\"type\" = 'elzensingel'")
    source = QgsProcessingFeatureSourceDefinition(lines_layer.id(), selectedFeaturesOnly=True)
    params = {"INPUT": source, "REGISTER": str(tmp_path / "r.gpkg"), "FIELD_ELEMENT_TYPE": "type"}
    result = _run("register_import", params)
    assert _counts(result) == (30, 30, 0, 0, 0)
    assert set(_state(tmp_path / "r.gpkg")["element_type"]) == {"elzensingel"}


def _sketch() -> QgsVectorLayer:
    """A memory layer of three rows: a good hedge, an unknown type, a zero-length line."""
    layer = QgsVectorLayer(
        "LineString?crs=EPSG:28992&field=element_type:string", "schets", "memory"
    )
    for value, wkt in (
        ("heg", "LINESTRING(0 0, 100 0)"),
        ("tuinhek", "LINESTRING(0 20, 50 20)"),
        ("heg", "LINESTRING(0 40, 0 40)"),
    ):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([value])
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        assert layer.dataProvider().addFeature(feature)
    return layer


def test_rejected_rows_with_feature_ids_and_strict(plugin, qgis_new_project, tmp_path):
    store = tmp_path / "register.gpkg"
    strict = {"INPUT": _sketch(), "REGISTER": str(store), "STRICT": True}
    with pytest.raises(QgsProcessingException) as caught:
        _run("register_import", strict)
    message = str(caught.value)
    assert message.startswith("schets: 2 of 3 rows rejected, nothing imported (strict)")
    assert "\n" not in message
    assert _state(store).empty

    result = _run("register_import", {**strict, "STRICT": False, "REJECTED": "memory:"})
    assert _counts(result) == (3, 1, 0, 0, 2)
    rejected = layer_table(result["REJECTED"])
    assert rejected["row"].tolist() == [2, 3]  # the memory layer's feature ids
    assert "unknown element type 'tuinhek'" in rejected["reason"].iloc[0]
    assert "zero length" in rejected["reason"].iloc[1]


def test_store_errors_are_one_line(plugin, lines_layer, tmp_path):
    with pytest.raises(QgsProcessingException, match="give either a register GeoPackage or"):
        _run("register_import", {"INPUT": lines_layer, "FIELD_ELEMENT_TYPE": "type"})
    with pytest.raises(QgsProcessingException, match="no PostgreSQL connection named 'nergens'"):
        _run("register_import", {"INPUT": lines_layer, "DATABASE": "nergens"})
    with pytest.raises(QgsProcessingException) as caught:
        _run("progress", {"REGISTER": str(POLDER), "BREAKDOWN": "memory:"})
    assert "not a register" in str(caught.value) and "\n" not in str(caught.value)


def test_missing_psycopg_is_one_line(plugin, lines_layer, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.delitem(sys.modules, "gbda_core.register.postgis", raising=False)
    params = {"INPUT": lines_layer, "REGISTER": str(tmp_path / "r.gpkg")}
    with pytest.raises(QgsProcessingException) as caught:
        _run("register_import", params)
    assert str(caught.value) == (
        "the register needs the Python package psycopg (install it in the Python that QGIS "
        'runs: pip install "psycopg[binary]>=3.1")'
    )


def test_register_is_loaded_styled_by_status(plugin, qgis_new_project, tmp_path):
    store = tmp_path / "register.gpkg"
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    for name in ("elementen_lijnen", "elementen_vlakken"):
        layer = QgsVectorLayer(f"{POLDER}|layername={name}", name, "ogr")
        params = {"INPUT": layer, "REGISTER": str(store), "FIELD_ELEMENT_TYPE": "type",
                  "MAPPING": str(MAPPING)}  # fmt: skip
        processing_module().runAndLoadResults(
            "gbda:register_import", params, feedback=QgsProcessingFeedback(), context=context
        )
    loaded = [
        layer
        for layer in QgsProject.instance().mapLayers().values()
        if layer.source().startswith(str(store))
    ]
    categories = [layer.renderer().categories() for layer in loaded]  # keep them alive
    kinds = sorted(int(c[0].symbol().type()) for c in categories)
    assert kinds == sorted([int(QgsSymbol.Line), int(QgsSymbol.Fill)])  # lines, then polygons
    assert all(len({c.symbol().type() for c in cats}) == 1 for cats in categories)
    assert sum(layer.featureCount() for layer in loaded) == 106
    for layer in loaded:
        renderer = layer.renderer()
        assert isinstance(renderer, QgsCategorizedSymbolRenderer)
        assert renderer.classAttribute() == "status"
        labels = {c.value(): c.label() for c in renderer.categories()}
        assert list(labels) == ["gepland", "aangelegd", "gecontroleerd", "verdwenen"]
        assert labels["aangelegd"] == "aangelegd (planted)"


def test_a_saved_qgis_connection_becomes_a_libpq_string(plugin, qgis_connection):
    name = qgis_connection("gbda test", "host=db.example.org port=5433 dbname=gbda user=anna "
                                        "password=geheim")  # fmt: skip
    conninfo = postgres_conninfo(name)
    assert "host=db.example.org" in conninfo and "password='geheim'" in conninfo
    assert postgres_conninfo("service=provincie") == "service=provincie"
    assert postgres_conninfo("postgresql://anna@db/gbda") == "postgresql://anna@db/gbda"


def test_import_and_progress_on_postgis(plugin, lines_layer, pg_cluster, qgis_connection):
    """The register in PostGIS, named by a saved QGIS connection whose password never shows."""
    import uuid

    schema = f"t_{uuid.uuid4().hex[:12]}"
    conninfo = f"{pg_cluster.conninfo} password=geheim"
    with open_register(conninfo, schema=schema) as register:
        register.init()
    name = qgis_connection("gbda register test", conninfo)
    params = {"INPUT": lines_layer, "DATABASE": name, "SCHEMA": schema,
              "FIELD_ELEMENT_TYPE": "type", "MAPPING": str(MAPPING)}  # fmt: skip
    feedback = QgsProcessingFeedback()
    result = _run("register_import", params, feedback=feedback)
    assert _counts(result) == (94, 94, 0, 0, 0)
    log = feedback.textLog()
    assert "94 added" in log and "***" in log and "geheim" not in log
    state = _state(conninfo, schema=schema)
    assert len(state) == 94 and set(state["status"]) == {"gepland"}
    progress = _run(
        "progress",
        {"DATABASE": name, "SCHEMA": schema, "AT": QDate(AT), "BREAKDOWN": "memory:"},
    )
    assert progress["realised_km"] == 0.0
    with open_register(conninfo, schema=schema) as register:
        assert progress["planned_km"] == progress_report(register.current(), at=AT).planned_km > 0


def test_a_postgis_layer_as_input(plugin, qgis_new_project, lines_layer, pg_cluster, tmp_path):
    """The elements table of a PostGIS register, opened as a QGIS PostGIS layer, imports into a
    GeoPackage register with the same ids."""
    import uuid

    from qgis.core import QgsDataSourceUri

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with open_register(pg_cluster.conninfo, schema=schema) as register:
        register.init()
        register.import_layer(f"{POLDER}|layername=elementen_lijnen",
                              mapping={"element_type": "type"}, type_mapping=MAPPING)  # fmt: skip
    uri = QgsDataSourceUri(pg_cluster.conninfo)
    uri.setDataSource(schema, "elements", "geom", "", "id")
    uri.setWkbType(QgsWkbTypes.LineString)
    uri.setSrid("28992")
    layer = QgsVectorLayer(uri.uri(False), "register in postgis", "postgres")
    assert layer.isValid() and layer.providerType() == "postgres"
    assert layer.featureCount() == 94
    store = tmp_path / "copy.gpkg"
    result = _run("register_import", {"INPUT": layer, "REGISTER": str(store)})
    assert _counts(result) == (94, 94, 0, 0, 0)
    with open_register(pg_cluster.conninfo, schema=schema) as register:
        original = register.current()
    with open_register(store) as register:
        copy = register.current()
    assert sorted(copy["id"]) == sorted(original["id"])
    pd.testing.assert_frame_equal(
        _state(store).drop(columns="version"),
        _state(pg_cluster.conninfo, schema=schema).drop(columns="version"),
    )
