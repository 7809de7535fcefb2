"""The register dock: open a register as layers, see an element's history, set its status."""

from __future__ import annotations

import contextlib

from qgis.core import Qgis, QgsProject
from qgis.PyQt import uic
from qgis.PyQt.QtGui import QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QDialog, QDockWidget

from gbda_core.errors import GbdaError

from ..register_layers import register_layers
from ..register_store import open_store
from ..resources import ui_path
from ..translation import tr, tr_noop
from .status_dialog import StatusDialog
from .store_inputs import chosen_store, setup_store_widgets, store_problem

FORM_CLASS, _ = uic.loadUiType(str(ui_path("register_dock")))
LOG_TAG = "GBDA"
#: History columns shown (of :meth:`gbda_core.register.Register.history`) and their headers.
HISTORY_COLUMNS = {
    "version": tr_noop("Version"),
    "status": tr_noop("Status"),
    "action": tr_noop("Action"),
    "changed_at": tr_noop("When (UTC)"),
    "changed_by": tr_noop("By"),
    "changed": tr_noop("Fields changed"),
}


class RegisterDock(QDockWidget, FORM_CLASS):
    """Open a register GeoPackage (or PostGIS register) as read-only layers with a configured
    form; *Set status…* records a status change of the selected element through the core."""

    def __init__(self, iface, parent=None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("GbdaRegisterDock")
        self.iface = iface
        self.register = None
        self.store = ""
        self.layers: list = []
        self.element: dict | None = None
        setup_store_widgets(self, new_files=True)
        self.history_model = QStandardItemModel(self)
        self.historyTable.setModel(self.history_model)
        self.openButton.clicked.connect(self.open_store)
        self.createButton.clicked.connect(self.create_store)
        self.setStatusButton.clicked.connect(self.set_status)

    def open_store(self) -> bool:
        """Open the register and add its layers to the project."""
        return self._open(create=False)

    def create_store(self) -> bool:
        """Create the register (or upgrade it), then open it."""
        return self._open(create=True)

    def _open(self, create: bool) -> bool:
        if problem := store_problem(self):
            return self._say(problem, False)
        path, connection, schema = chosen_store(self)
        try:
            register = open_store(path, connection, schema)
            if create:
                register.init()
            elif register.schema_version() is None:
                register.close()
                return self._say(
                    tr("No register in {store}: press Create new to make one.").format(
                        store=register.location
                    ),
                    False,
                )
            layers = register_layers(path, connection, schema)
        except GbdaError as exc:
            return self._say(str(exc), False)
        self.close_store()
        self.register, self.store, self.layers = register, path or connection, layers
        root = QgsProject.instance().layerTreeRoot()
        group = root.insertGroup(0, tr("GBDA register"))
        for layer in layers:
            QgsProject.instance().addMapLayer(layer, False)
            group.addLayer(layer)
            layer.selectionChanged.connect(self.selection_changed)
        self.show_element(None)
        n = sum(layer.featureCount() for layer in layers)
        return self._say(tr("{n} elements in {store}.").format(n=n, store=register.location))

    def close_store(self) -> None:
        """Forget the open register (its layers stay in the project)."""
        for layer in self.layers:
            # The layer may have been removed from the project (and deleted) meanwhile.
            with contextlib.suppress(TypeError, RuntimeError):
                layer.selectionChanged.disconnect(self.selection_changed)
        if self.register is not None:
            self.register.close()
        self.register, self.layers = None, []

    def selection_changed(self, *_args) -> None:
        """Show the element selected on the map (one selected feature in the register)."""
        selected = [(layer, fid) for layer in self.layers for fid in layer.selectedFeatureIds()]
        if len(selected) != 1:
            self.show_element(None)
            return
        layer, fid = selected[0]
        feature = layer.getFeature(fid)
        self.show_element(
            {name: feature[name] for name in ("id", "element_type", "status", "version")}
        )

    def show_element(self, element: dict | None) -> None:
        """Fill the element panel and its history (None: nothing selected)."""
        self.element = element
        self.history_model.clear()
        self.setStatusButton.setEnabled(element is not None)
        if element is None:
            self.elementLabel.setText(tr("Select one element of a register layer on the map."))
            return
        self.elementLabel.setText(
            tr("{type}, status {status}, version {version}\n{id}").format(
                type=element["element_type"],
                status=element["status"],
                version=element["version"],
                id=element["id"],
            )
        )
        history = self.register.history(element["id"])
        self.history_model.setHorizontalHeaderLabels([tr(t) for t in HISTORY_COLUMNS.values()])
        history["changed_at"] = history["changed_at"].dt.strftime("%Y-%m-%d %H:%M:%S")
        for record in history[list(HISTORY_COLUMNS)].itertuples(index=False):
            items = []
            for value in record:
                item = QStandardItem(str(value) if value is not None else "")
                item.setEditable(False)
                items.append(item)
            self.history_model.appendRow(items)
        self.historyTable.resizeColumnsToContents()

    def set_status(self) -> None:
        """Open *Set status…* for the selected element; reload the layers after a change."""
        if self.element is None or self.register is None:
            return
        dialog = StatusDialog(self.register, self.element, self)
        if dialog.exec_() == QDialog.Accepted:
            self.changed()

    def changed(self) -> None:
        """The register changed: reload its layers (keeping the selection) and the panel."""
        for layer in self.layers:
            selected = layer.selectedFeatureIds()  # a reload clears it; the fids stay the same
            layer.dataProvider().reloadData()
            layer.selectByIds(selected)
            layer.triggerRepaint()
        self.selection_changed()
        self._say(tr("Status recorded."))

    def _say(self, text: str, ok: bool = True) -> bool:
        self.statusLabel.setText(text)
        level = Qgis.Success if ok else Qgis.Warning
        self.iface.messageBar().pushMessage(LOG_TAG, text, level, 5)
        return ok

    def shutdown(self) -> None:
        """Close the register before the plugin unloads."""
        self.close_store()
