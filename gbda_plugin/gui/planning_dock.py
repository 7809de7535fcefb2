"""The planning dock: parcels selected on the map, ranked natuurbouwstenen, a layout plan."""

from __future__ import annotations

import typing

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QDockWidget

from gbda_core.errors import GbdaError
from gbda_core.optimise import Goal, Objective, check_settings
from gbda_core.plan_report import check_plan_path, plan_summary
from gbda_core.site import GEOMETRY_KINDS

from .. import planning_view
from ..bridge import frame_to_layer
from ..core_options import TARGET_2050_PCT
from ..labels import CONTEXT_LABELS, OBJECTIVE_LABELS, SOIL_LABELS, WETNESS_LABELS
from ..planning_job import PLAN_DEFAULTS
from ..resources import ui_path
from ..styling import apply_layout_style
from ..translation import core_language, tr
from . import layer_inputs
from .planning_task import SiteLayers, plan_task, suggest_task
from .tasks import LOG_TAG, LayerInput, TaskRunner, log_problems, selection_problem

FORM_CLASS, _ = uic.loadUiType(str(ui_path("planning_dock")))
#: Tabs of the dock.
SITE_TAB, GOALS_TAB, SUGGESTIONS_TAB, PLAN_TAB = range(4)


class PlanningDock(QDockWidget, FORM_CLASS):
    """Choose parcels and their context; *Suggest* ranks the natuurbouwstenen, *Plan* lays
    out elements that reach the goals and adds them as an editable, styled layer."""

    def __init__(self, iface, parent=None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("GbdaPlanningDock")
        self.iface = iface
        self.lang = core_language()
        self.site = None
        self.suggestions: list = []
        self.plan = None
        self.summary: dict | None = None
        self.layout_layer = None
        self.context_combos: dict[str, QgsMapLayerComboBox] = {}
        self._setup_site()
        self._setup_goals()
        self.suggestion_model = self._table(self.suggestionTable, planning_view.SUGGESTION_COLUMNS)
        self.management_model = self._table(self.managementTable, planning_view.MANAGEMENT_COLUMNS)
        self.runner = TaskRunner(
            iface,
            self.progressBar,
            self.statusLabel,
            [self.suggestButton, self.planButton],
            self.cancelButton,
        )
        self.suggestButton.clicked.connect(self.suggest)
        self.planButton.clicked.connect(self.make_plan)

    @property
    def task(self):
        """The running task (None when idle)."""
        return self.runner.task

    def _setup_site(self) -> None:
        self.parcelsLayer.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.parcelsLayer.layerChanged.connect(self.parcelIdField.setLayer)
        self.parcelIdField.setAllowEmptyFieldName(True)
        self.parcelIdField.setLayer(self.parcelsLayer.currentLayer())
        labels = {kind: CONTEXT_LABELS[kind] for kind in GEOMETRY_KINDS}
        self.context_combos = layer_inputs.kind_rows(
            self.contextForm, labels, QgsMapLayerProxyModel.HasGeometry, "context"
        )
        self.rows = layer_inputs.rows_of(self)
        layer_inputs.setup_mapping_file(self.mappingFile)
        classes = (
            (self.soilValue, self.soilLayer, self.soilField, SOIL_LABELS),
            (self.wetnessValue, self.wetnessLayer, self.wetnessField, WETNESS_LABELS),
        )
        for value_combo, layer_combo, field_combo, labels in classes:
            for value, label in labels.items():  # "" first: from the layer, else unknown
                value_combo.addItem(tr(label), value or None)
            layer_combo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
            layer_combo.setAllowEmptyLayer(True)
            layer_combo.setLayer(None)
            layer_combo.layerChanged.connect(field_combo.setLayer)
            field_combo.setAllowEmptyFieldName(True)

    def _setup_goals(self) -> None:
        self.shareTarget.setValue(TARGET_2050_PCT)
        self.woodyTarget.setValue(50.0)
        self.hedgeTarget.setValue(100.0)
        for box, spin in (
            (self.shareGoal, self.shareTarget),
            (self.woodyGoal, self.woodyTarget),
            (self.hedgeGoal, self.hedgeTarget),
            (self.budgetCheck, self.budget),
        ):
            spin.setEnabled(box.isChecked())
            box.toggled.connect(spin.setEnabled)
        for value in typing.get_args(Objective):
            self.objectiveCombo.addItem(tr(OBJECTIVE_LABELS[value]), value)
        self.objectiveCombo.setCurrentIndex(
            self.objectiveCombo.findData(PLAN_DEFAULTS["objective"])
        )
        self.beheerYears.setValue(PLAN_DEFAULTS["beheer_years"])
        self.catalogueFolder.setStorageMode(QgsFileWidget.GetDirectory)
        self.planFile.setStorageMode(QgsFileWidget.SaveFile)
        self.planFile.setFilter(tr("GeoPackage") + " (*.gpkg)")

    def _table(self, view, columns) -> QStandardItemModel:
        model = QStandardItemModel(self)
        model.setHorizontalHeaderLabels([tr(c) for c in columns])
        view.setModel(model)
        return model

    # -- the form ------------------------------------------------------------------------

    def site_problem(self) -> str:
        """What is missing for the site (empty when nothing is)."""
        parcels = self.parcelsLayer.currentLayer()
        if parcels is None:
            return tr("Choose the parcels layer.")
        problem = selection_problem(parcels, self.parcelsSelected.isChecked())
        return problem or layer_inputs.rows_problem(self.rows)

    def goals(self) -> list[Goal]:
        """The goals ticked (:class:`gbda_core.optimise.Goal`)."""
        chosen = (
            ("share", self.shareGoal, self.shareTarget),
            ("woody_share", self.woodyGoal, self.woodyTarget),
            ("hedge_m", self.hedgeGoal, self.hedgeTarget),
        )
        return [Goal(kind, spin.value()) for kind, box, spin in chosen if box.isChecked()]

    def plan_settings(self) -> dict:
        """Objective, budget, years of beheer and output file, as the core takes them."""
        return {
            "objective": self.objectiveCombo.currentData(),
            "budget": self.budget.value() if self.budgetCheck.isChecked() else None,
            "beheer_years": self.beheerYears.value(),
            "out": self.planFile.filePath().strip() or None,
        }

    def plan_problem(self) -> str:
        """What is missing or wrong for a plan (the core checks the settings)."""
        problem = self.site_problem()
        if problem:
            return problem
        settings = self.plan_settings()
        try:
            goals = self.goals()
            if not goals:
                return tr("Tick at least one goal.")
            check_settings(goals, settings["objective"], settings["budget"])
            if settings["out"]:
                check_plan_path(settings["out"])
        except GbdaError as exc:
            return str(exc)
        return ""

    def site_layers(self) -> SiteLayers:
        """Capture the site's layers and settings for the task."""
        parcels = self.parcelsLayer.currentLayer()
        id_field = self.parcelIdField.currentField()
        soil, wetness = (
            self._class_layer(self.soilLayer, self.soilField),
            self._class_layer(self.wetnessLayer, self.wetnessField),
        )
        return SiteLayers(
            parcels=LayerInput.of(parcels, [id_field], self.parcelsSelected.isChecked()),
            id_field=id_field,
            context={
                kind: LayerInput.of(combo.currentLayer(), [])
                for kind, combo in self.context_combos.items()
                if combo.currentLayer() is not None
            },
            elements=layer_inputs.capture(self.rows),
            mapping=self.mappingFile.filePath().strip() or None,
            soil=self.soilValue.currentData(),
            wetness=self.wetnessValue.currentData(),
            soil_layer=soil,
            soil_field=self.soilField.currentField(),
            wetness_layer=wetness,
            wetness_field=self.wetnessField.currentField(),
            catalogue_folder=self.catalogueFolder.filePath().strip() or None,
        )

    @staticmethod
    def _class_layer(layer_combo, field_combo) -> LayerInput | None:
        """A soil or wetness layer with its class field (every field when none is chosen)."""
        layer = layer_combo.currentLayer()
        if layer is None:
            return None
        field = field_combo.currentField()
        return LayerInput.of(layer, [field] if field else layer.fields().names())

    # -- running -------------------------------------------------------------------------

    def suggest(self) -> None:
        """Rank the natuurbouwstenen for the site in the background."""
        self.runner.start_unless(
            self.site_problem(), lambda: suggest_task(self.site_layers()), self.on_suggested
        )

    def make_plan(self) -> None:
        """Plan a layout for the goals in the background."""
        settings = self.plan_settings()  # as they are now, also when the form changes meanwhile
        self.runner.start_unless(
            self.plan_problem(),
            lambda: plan_task(self.site_layers(), self.goals(), settings),
            lambda plan: self.on_planned(plan, settings["out"]),
        )

    def cancel(self) -> None:
        """Ask the running task to stop."""
        self.runner.cancel()

    def on_suggested(self, result) -> None:
        """Fill the suggestions table."""
        self.site, self.suggestions = result
        log_problems(self.site.problems)
        fitting = sum(s.fits for s in self.suggestions)
        self.siteLabel.setText(
            tr("{n} parcels, {ha} ha.").format(
                n=len(self.site.parcels), ha=f"{self.site.area_m2 / 1e4:.2f}"
            )
        )
        rows = planning_view.suggestion_rows(self.suggestions, self.lang, tr)
        self._fill(self.suggestion_model, rows, numeric=(0, 2))
        self.suggestionTable.resizeColumnsToContents()
        self.suggestionTable.resizeRowsToContents()
        self.tabs.setCurrentIndex(SUGGESTIONS_TAB)
        self._done(
            tr("{fit} of {n} natuurbouwstenen fit.").format(fit=fitting, n=len(self.suggestions))
        )

    def on_planned(self, plan, out: str | None = None) -> None:
        """Add the layout layer (from ``out`` when the plan was saved there); show share before
        and after, costs, land and beheer."""
        self.plan = plan
        self.summary = plan_summary(plan)
        log_problems(plan.problems)
        self.layout_layer = self._layout_layer(plan, out)
        QgsProject.instance().addMapLayer(self.layout_layer)
        self.planSummary.setHtml(planning_view.summary_html(self.summary, self.lang, tr))
        self._fill(self.management_model, planning_view.management_rows(plan.layout, self.lang))
        self.managementTable.resizeColumnsToContents()
        self.managementTable.resizeRowsToContents()
        self.tabs.setCurrentIndex(PLAN_TAB)
        self._done(tr("{n} elements planned.").format(n=self.summary["n_elements"]))

    def _layout_layer(self, plan, out: str | None) -> QgsVectorLayer:
        """The layout as a layer: from the saved plan file, else an editable memory layer."""
        name = tr("GBDA layout")
        if out:
            layer = QgsVectorLayer(f"{out}|layername=layout", name, "ogr")
            if not layer.isValid():
                raise RuntimeError(f"cannot open the layout in {out}")
        else:
            layer = frame_to_layer(plan.layout, name, "polygon")
        apply_layout_style(layer)
        return layer

    def _fill(self, model: QStandardItemModel, rows, numeric: tuple[int, ...] = ()) -> None:
        model.removeRows(0, model.rowCount())
        for row in rows:
            items = []
            for column, value in enumerate(row):
                item = QStandardItem(f"{value:g}" if isinstance(value, float) else str(value))
                item.setEditable(False)
                if column in numeric:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignTop)
                items.append(item)
            model.appendRow(items)

    def _done(self, text: str) -> None:
        self.statusLabel.setText(text)
        self.iface.messageBar().pushMessage(LOG_TAG, text, Qgis.Success, 5)

    def shutdown(self) -> None:
        """Stop a running task before the plugin unloads."""
        self.runner.shutdown()
