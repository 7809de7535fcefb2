"""A register's elements as QGIS layers, with a configured, read-only attribute form.

The register keeps every change in an append-only history; its ``elements`` table accepts a
changed row only together with the history row gbda writes (the core's guard triggers, see
:mod:`gbda_core.register.schema`). An edit made directly in QGIS would therefore be refused by
the store. So the layers are read-only in QGIS, and changes go through the core (the register
dock's *Set status…*, which calls :meth:`gbda_core.register.Register.set_status`).

The attribute form still carries the register's rules: value maps for ``element_type`` (code ->
Dutch name, from the vocabulary) and ``status``, date widgets, and hard constraints written from
the core's own tables (:mod:`gbda_plugin.register_rules`), so a record that breaks a rule shows
as invalid. One layer per geometry type the register holds (QGIS shows one type per layer).
The register dock and ``gbda:register_import`` show a register through these same layers.
"""

from __future__ import annotations

from qgis.core import (
    QgsDataSourceUri,
    QgsEditorWidgetSetup,
    QgsFieldConstraints,
    QgsVectorLayer,
    QgsWkbTypes,
)

from gbda_core.errors import ConfigError
from gbda_core.register.model import DATE_FIELDS
from gbda_core.register.schema import ELEMENTS
from gbda_core.vocabulary import Vocabulary, load_vocabulary

from . import register_rules as rules
from .labels import REGISTER_STATUS_LABELS
from .register_store import elements_source
from .styling import apply_register_style
from .translation import tr, tr_noop

#: Geometry types of register elements, as QGIS splits a mixed table.
GEOMETRY_TYPES = {
    "Point": (QgsWkbTypes.Point, tr_noop("points")),
    "LineString": (QgsWkbTypes.LineString, tr_noop("lines")),
    "Polygon": (QgsWkbTypes.Polygon, tr_noop("polygons")),
}
#: Fields the register computes; shown, never typed.
COMPUTED = ("id", "version", "length_m", "area_m2")
DATE_FORMAT = "yyyy-MM-dd"


def register_layers(
    path: str = "", connection: str = "", schema: str | None = None
) -> list[QgsVectorLayer]:
    """The register's elements as configured layers (:func:`configure`), one per geometry type
    present (lines when empty).

    The store is named as :func:`gbda_plugin.register_store.open_store` takes it: a ``.gpkg``
    ``path``, or a PostgreSQL ``connection`` (a libpq string or the name of a saved QGIS
    connection) with its ``schema``.

    Raises
    ------
    ConfigError
        When QGIS cannot open the elements table, or the connection is unknown.
    """
    layers = element_layers(path, connection, schema)
    for layer in layers:
        configure(layer)
    return layers


def element_layers(
    path: str = "", connection: str = "", schema: str | None = None
) -> list[QgsVectorLayer]:
    """The layers of :func:`register_layers` before :func:`configure` (Processing configures
    them only once it has loaded them into the project)."""
    make = _postgres_layer(elements_source(connection, schema)) if connection else _gpkg_layer(path)
    layers = {name: make(name) for name in GEOMETRY_TYPES}
    present = [name for name, layer in layers.items() if layer.featureCount() > 0]
    chosen = [layers[name] for name in present or ["LineString"]]
    if not all(layer.isValid() for layer in chosen):
        from gbda_core.register.postgis import mask_password

        where = path or mask_password(connection)
        raise ConfigError(tr("QGIS cannot open the register's elements"), source=where)
    return chosen


def _gpkg_layer(path: str):
    def make(geometry: str) -> QgsVectorLayer:
        source = f"{path}|layername={ELEMENTS}|geometrytype={geometry}"
        return QgsVectorLayer(source, _layer_name(geometry), "ogr")

    return make


def _postgres_layer(base: QgsDataSourceUri):
    def make(geometry: str) -> QgsVectorLayer:
        uri = QgsDataSourceUri(base.uri(False))
        uri.setWkbType(GEOMETRY_TYPES[geometry][0])
        uri.setSql(f"GeometryType(geom) IN ('{geometry.upper()}', 'MULTI{geometry.upper()}')")
        return QgsVectorLayer(uri.uri(False), _layer_name(geometry), "postgres")

    return make


def _layer_name(geometry: str) -> str:
    return tr("GBDA register ({kind})").format(kind=tr(GEOMETRY_TYPES[geometry][1]))


def configure(layer: QgsVectorLayer, vocabulary: Vocabulary | None = None) -> None:
    """Read-only layer; value maps, date widgets and hard constraints; the status style."""
    vocabulary = vocabulary or load_vocabulary()
    fields = layer.fields()

    def index(name: str) -> int:
        return fields.indexOf(name)

    types = [{f"{et.name} ({et.code})": et.code} for et in vocabulary]
    layer.setEditorWidgetSetup(
        index("element_type"), QgsEditorWidgetSetup("ValueMap", {"map": types})
    )
    states = [{tr(REGISTER_STATUS_LABELS[s]): s} for s in rules.statuses()]
    layer.setEditorWidgetSetup(index("status"), QgsEditorWidgetSetup("ValueMap", {"map": states}))
    date_widget = {
        "display_format": DATE_FORMAT,
        "field_format": DATE_FORMAT,
        "calendar_popup": True,
        "allow_null": True,
    }
    for name in DATE_FIELDS:
        layer.setEditorWidgetSetup(index(name), QgsEditorWidgetSetup("DateTime", date_widget))
        _hard(layer, index(name), rules.date_expression(name), _date_rule(name))
    for name in ("element_type", "status"):
        layer.setFieldConstraint(
            index(name),
            QgsFieldConstraints.ConstraintNotNull,
            QgsFieldConstraints.ConstraintStrengthHard,
        )
    _hard(
        layer,
        index("element_type"),
        rules.one_of("element_type", vocabulary.codes),
        tr("element_type must be a code of the element vocabulary"),
    )
    _hard(
        layer,
        index("status"),
        rules.one_of("status", rules.statuses()),
        tr("status must be one of: {values}").format(values=", ".join(rules.statuses())),
    )
    if index("import_key") >= 0:
        layer.setEditorWidgetSetup(index("import_key"), QgsEditorWidgetSetup("Hidden", {}))
    form = layer.editFormConfig()
    for i in range(fields.count()):
        form.setReadOnly(i, True)
    layer.setEditFormConfig(form)
    for name in COMPUTED:
        if index(name) >= 0:
            layer.setFieldAlias(index(name), tr("{field} (computed)").format(field=name))
    layer.setReadOnly(True)
    apply_register_style(layer)


def _hard(layer: QgsVectorLayer, idx: int, expression: str, description: str) -> None:
    layer.setConstraintExpression(idx, expression, description)
    layer.setFieldConstraint(
        idx, QgsFieldConstraints.ConstraintExpression, QgsFieldConstraints.ConstraintStrengthHard
    )


def _date_rule(name: str) -> str:
    """Why a date may be refused, in words."""
    text = tr("{field} may not be before the dates before it ({order})").format(
        field=name, order=", ".join(DATE_FIELDS)
    )
    if rules.needs(name):
        text += "; " + tr("status {values} needs it").format(values=", ".join(rules.needs(name)))
    if rules.excludes(name):
        text += "; " + tr("status {values} cannot have it yet").format(
            values=", ".join(rules.excludes(name))
        )
    return text
