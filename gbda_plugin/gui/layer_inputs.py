"""Layer inputs shared by the forms: element layers, and optional layers of named kinds.

The share dock and the planning dock both take existing landscape elements the way the core's
share engine reads them: line, polygon and point layers, each with a type field, lines with an
optional width field (m), and one type mapping file for all of them. Both also take optional
layers of named kinds (land left out of the rural area; what lies around a site), one per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import QgsFieldProxyModel, QgsMapLayerProxyModel
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import QFormLayout

from ..processing.element_inputs import MAPPING_FILTER
from ..translation import tr
from .tasks import LayerInput, selection_problem


@dataclass
class ElementRow:
    """One element layer input: layer combo, type field, width field, selected-only box."""

    layer: object
    type_field: object
    width_field: object | None = None
    selected: object | None = None

    @property
    def chosen(self):
        """The layer chosen, or None."""
        return self.layer.currentLayer()


def rows_of(form) -> list[ElementRow]:
    """Set up and return the rows of a form with widgets named ``lines|polygons|points<Part>``
    (``Layer``, ``TypeField``, optional ``WidthField`` and ``Selected``)."""
    rows = []
    for kind, filters in (
        ("lines", QgsMapLayerProxyModel.LineLayer),
        ("polygons", QgsMapLayerProxyModel.PolygonLayer),
        ("points", QgsMapLayerProxyModel.PointLayer),
    ):
        row = ElementRow(
            getattr(form, f"{kind}Layer"),
            getattr(form, f"{kind}TypeField"),
            getattr(form, f"{kind}WidthField", None),
            getattr(form, f"{kind}Selected", None),
        )
        row.layer.setFilters(filters)
        row.layer.setAllowEmptyLayer(True)
        row.layer.setLayer(None)
        for field_combo in (row.type_field, row.width_field):
            if field_combo is not None:
                row.layer.layerChanged.connect(field_combo.setLayer)
        if row.width_field is not None:
            row.width_field.setFilters(QgsFieldProxyModel.Numeric)
            row.width_field.setAllowEmptyFieldName(True)
        rows.append(row)
    return rows


def setup_mapping_file(widget) -> None:
    """Let a file widget pick a type mapping file."""
    widget.setFilter(tr("Type mapping") + MAPPING_FILTER)


def rows_problem(rows: list[ElementRow]) -> str:
    """What is missing in the chosen element rows (empty when nothing is)."""
    for row in rows:
        if row.chosen is None:
            continue
        if not row.type_field.currentField():
            return tr("Choose the type field of {layer}.").format(layer=row.chosen.name())
        selected = row.selected.isChecked() if row.selected is not None else False
        problem = selection_problem(row.chosen, selected)
        if problem:
            return problem
    return ""


def capture(rows: list[ElementRow]) -> list[tuple[LayerInput, str, str | None]]:
    """(layer captured for the task, type field, width field or None) per chosen row."""
    captured = []
    for row in rows:
        if row.chosen is None:
            continue
        width = row.width_field.currentField() if row.width_field is not None else ""
        selected = row.selected.isChecked() if row.selected is not None else False
        layer = LayerInput.of(row.chosen, [row.type_field.currentField(), width], selected)
        captured.append((layer, row.type_field.currentField(), width or None))
    return captured


def kind_rows(form_layout, labels: dict[str, str], filters, prefix: str) -> dict:
    """Add an optional layer combo per kind to ``form_layout``; return them by kind.

    ``labels`` maps each kind to its (untranslated) label; combos are named ``<prefix>_<kind>``.
    """
    form_layout.setRowWrapPolicy(QFormLayout.WrapLongRows)
    combos = {}
    for kind, label in labels.items():
        combo = QgsMapLayerComboBox()
        combo.setObjectName(f"{prefix}_{kind}")
        combo.setMinimumContentsLength(18)
        combo.setFilters(filters)
        combo.setAllowEmptyLayer(True)
        combo.setLayer(None)
        form_layout.addRow(tr(label), combo)
        combos[kind] = combo
    return combos
