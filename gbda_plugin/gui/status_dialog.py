"""*Set status…*: move one register element to its next status through the core."""

from __future__ import annotations

from qgis.PyQt import uic
from qgis.PyQt.QtCore import QDate
from qgis.PyQt.QtWidgets import QDialog

from gbda_core.errors import GbdaError
from gbda_core.register import TRANSITIONS, Status
from gbda_core.register.model import today

from ..labels import REGISTER_STATUS_LABELS as STATUS_LABELS
from ..resources import ui_path
from ..translation import tr

FORM_CLASS, _ = uic.loadUiType(str(ui_path("status_dialog")))


class StatusDialog(QDialog, FORM_CLASS):
    """Offers the statuses the element may move to (the core's ``TRANSITIONS``) and a date.

    *OK* calls :meth:`gbda_core.register.Register.set_status` with the version the user saw,
    so a change someone else made meanwhile is refused instead of overwritten. A refusal is
    shown in the dialog in one line; the dialog stays open.
    """

    def __init__(self, register, element: dict, parent=None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.register = register
        self.element = element
        self.new_version: int | None = None
        current = Status(element["status"])
        self.elementText.setText(f"{element['element_type']} · {element['id']}")
        self.currentText.setText(tr(STATUS_LABELS[current.value]))
        for status in Status:
            if status in TRANSITIONS[current]:
                self.newStatus.addItem(tr(STATUS_LABELS[status.value]), status.value)
        day = today()
        self.eventDate.setDate(QDate(day.year, day.month, day.day))
        if self.newStatus.count() == 0:
            self.errorLabel.setText(tr("verdwenen is final: this element cannot change status."))
            self.newStatus.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

    def apply(self) -> None:
        """Record the change; close on success, else say why in one line."""
        if not self.newStatus.isEnabled():
            return
        try:
            self.new_version = self.register.set_status(
                self.element["id"],
                self.newStatus.currentData(),
                self.eventDate.date().toPyDate(),
                note=self.note.text().strip() or None,
                expected_version=int(self.element["version"]),
            )
        except GbdaError as exc:
            self.errorLabel.setText(str(exc))
            return
        self.accept()
