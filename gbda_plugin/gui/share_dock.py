"""The "GBDA" dock: share per area from the layers in the project, run in the background."""

from __future__ import annotations

import math

from qgis.core import (
    Qgis,
    QgsMapLayerProxyModel,
    QgsProject,
)
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QDockWidget, QScrollArea

from ..bridge import frame_to_layer
from ..core_options import (
    EXCLUSION_KINDS,
    MODES,
    PROFILES,
    READINGS_2030,
    TARGET_2030_PCT,
    TARGET_2050_PCT,
)
from ..labels import (
    COLUMN_LABELS,
    EXCLUSION_LABELS,
    MODE_LABELS,
    PROFILE_LABELS,
    READING_LABELS,
    STATUS_LABELS,
)
from ..resources import ui_path
from ..styling import apply_share_style
from ..translation import tr
from . import layer_inputs
from .share_chart import ShareChart
from .share_task import ShareInputs, ShareTask
from .tasks import LOG_TAG, LayerInput, TaskRunner, log_problems, selection_problem

FORM_CLASS, _ = uic.loadUiType(str(ui_path("share_dock")))


class ShareDock(QDockWidget, FORM_CLASS):
    """Pick areas, element layers, profile and targets; run; get a styled layer, table, chart."""

    def __init__(self, iface, parent=None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("GbdaShareDock")
        self.iface = iface
        self.result_layer = None
        self.exclusion_combos: dict[str, QgsMapLayerComboBox] = {}
        self._setup_inputs()
        self.model = QStandardItemModel(self)
        self.model.setSortRole(Qt.UserRole)
        self.resultTable.setModel(self.model)
        self.chart = ShareChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        self.chartLayout.addWidget(scroll)
        self.runner = TaskRunner(
            iface, self.progressBar, self.statusLabel, [self.runButton], self.cancelButton
        )
        self.runButton.clicked.connect(self.run)

    @property
    def task(self) -> ShareTask | None:
        """The running task (None when idle)."""
        return self.runner.task  # type: ignore[return-value]

    def _setup_inputs(self) -> None:
        self.areasLayer.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.areasLayer.layerChanged.connect(self.areaIdField.setLayer)
        self.areaIdField.setLayer(self.areasLayer.currentLayer())
        self.ruralLayer.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.ruralLayer.setAllowEmptyLayer(True)
        self.ruralLayer.setLayer(None)
        self.rows = layer_inputs.rows_of(self)
        layer_inputs.setup_mapping_file(self.mappingFile)
        labels = {kind: EXCLUSION_LABELS[kind] for kind in EXCLUSION_KINDS}
        self.exclusion_combos = layer_inputs.kind_rows(
            self.exclusionsForm, labels, QgsMapLayerProxyModel.PolygonLayer, "exclude"
        )
        for value in (*PROFILES, "custom"):
            self.profileCombo.addItem(tr(PROFILE_LABELS[value]), value)
        for value in MODES:
            self.modeCombo.addItem(tr(MODE_LABELS[value]), value)
        for value in READINGS_2030:
            self.readingCombo.addItem(tr(READING_LABELS[value]), value)
        self.target2030.setValue(TARGET_2030_PCT)
        self.target2050.setValue(TARGET_2050_PCT)

    def validate(self) -> str:
        """Return what is missing in the form (empty when it can run)."""
        if self.areasLayer.currentLayer() is None:
            return tr("Choose the areas layer.")
        if not self.areaIdField.currentField():
            return tr("Choose the id field of the areas.")
        if not any(row.chosen is not None for row in self.rows):
            return tr("Choose at least one element layer.")
        for combo, box in (
            (self.areasLayer, self.areasSelected),
            (self.ruralLayer, self.ruralSelected),
        ):
            problem = selection_problem(combo.currentLayer(), box.isChecked())
            if problem:
                return problem
        return layer_inputs.rows_problem(self.rows)

    def inputs(self) -> ShareInputs:
        """Capture the chosen layers and settings for the task."""
        id_field = self.areaIdField.currentField()
        elements = layer_inputs.capture(self.rows)
        exclusions = {
            kind: LayerInput.of(combo.currentLayer(), [])
            for kind, combo in self.exclusion_combos.items()
            if combo.currentLayer() is not None
        }
        profile = self.profileCombo.currentData()
        if profile == "custom":
            profile = f"custom:{self.customKinds.text()}"
        settings = {
            "mapping": self.mappingFile.filePath() or None,
            "profile": profile,
            "mode": self.modeCombo.currentData(),
            "target_2030": self.target2030.value(),
            "target_2050": self.target2050.value(),
            "reading_2030": self.readingCombo.currentData(),
        }
        areas = LayerInput.of(
            self.areasLayer.currentLayer(), [id_field], self.areasSelected.isChecked()
        )
        rural = self.ruralLayer.currentLayer()
        rural_input = LayerInput.of(rural, [], self.ruralSelected.isChecked()) if rural else None
        return ShareInputs(areas, id_field, elements, exclusions, settings, rural_input)

    def run(self) -> None:
        """Validate the form and start the computation as a background task."""
        self.runner.start_unless(
            self.validate(), lambda: ShareTask(self.inputs()), self.on_completed
        )

    def cancel(self) -> None:
        """Ask the running task to stop."""
        self.runner.cancel()

    def on_completed(self, result) -> None:
        """Add the styled layer, fill table and chart, report data problems."""
        targets = (result.settings["target_2030_pct"], result.settings["target_2050_pct"])
        layer = frame_to_layer(result.areas, tr("GBDA share per area"))
        apply_share_style(layer, *targets)
        QgsProject.instance().addMapLayer(layer)
        self.result_layer = layer
        self.fill_table(result.areas)
        rows = [
            (str(a), _number(s))
            for a, s in zip(result.areas["area_id"], result.areas["share_pct"], strict=True)
        ]
        self.chart.set_data(rows, targets, lambda v: _color(layer, v))
        text = tr("{n} areas computed.").format(n=len(result.areas))
        text += log_problems(result.problems)
        self.statusLabel.setText(text)
        self.iface.messageBar().pushMessage(LOG_TAG, text, Qgis.Success, 5)

    def fill_table(self, areas) -> None:
        """Show the main result columns, sortable by value."""
        columns = list(COLUMN_LABELS)
        self.model.clear()
        self.model.setHorizontalHeaderLabels([tr(COLUMN_LABELS[c]) for c in columns])
        for record in areas[columns].itertuples(index=False):
            items = []
            for column, value in zip(columns, record, strict=True):
                item = QStandardItem(_text(column, value))
                item.setData(_sort_key(value), Qt.UserRole)
                if isinstance(value, float):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                item.setEditable(False)
                items.append(item)
            self.model.appendRow(items)
        self.resultTable.resizeColumnsToContents()

    def shutdown(self) -> None:
        """Stop a running task before the plugin unloads."""
        self.runner.shutdown()


def _number(value) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


def _text(column: str, value) -> str:
    if column == "status":
        return tr(STATUS_LABELS.get(str(value), str(value)))
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:,.2f}"
    return str(value)


def _sort_key(value):
    if isinstance(value, float) and math.isnan(value):
        return -1.0
    return value.item() if hasattr(value, "item") else value


def _color(layer, value: float) -> QColor:
    for class_range in layer.renderer().ranges():
        if class_range.lowerValue() <= value <= class_range.upperValue():
            return class_range.symbol().color()
    return QColor("#888888")
