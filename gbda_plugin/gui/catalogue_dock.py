"""The catalogue browser: filter the natuurbouwstenen and read a detail card per bouwsteen."""

from __future__ import annotations

from qgis.gui import QgsFileWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QDockWidget, QListWidgetItem

from gbda_core.errors import GbdaError
from natuurbouwstenen import load_catalogue

from .. import catalogue_view as view
from ..resources import ui_path
from ..translation import core_language, tr

FORM_CLASS, _ = uic.loadUiType(str(ui_path("catalogue_dock")))
#: Link scheme of the combinations on the card.
SCHEME = "bouwsteen"


class CatalogueDock(QDockWidget, FORM_CLASS):
    """A list of bouwstenen with filters by group, soil, wetness and position, and a card."""

    def __init__(self, iface, parent=None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("GbdaCatalogueDock")
        self.iface = iface
        self.lang = core_language()
        self.catalogue = None
        self.shown: list = []
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.catalogueFolder.setStorageMode(QgsFileWidget.GetDirectory)
        self.catalogueFolder.setDialogTitle(tr("Folder of a province's catalogue"))
        filters = (
            (self.groupCombo, view.GROUPS, view.GROUP_LABELS),
            (self.soilCombo, view.SOILS, view.SOIL_LABELS),
            (self.wetnessCombo, view.WETNESS, view.WETNESS_LABELS),
            (self.positionCombo, view.POSITIONS, view.POSITION_LABELS),
        )
        for combo, values, labels in filters:
            combo.addItem(tr("(all)"), None)
            for value in values:
                combo.addItem(tr(labels[value]), value)
            combo.currentIndexChanged.connect(self.apply_filters)
        self.searchText.textChanged.connect(self.apply_filters)
        self.resetButton.clicked.connect(self.reset_filters)
        self.loadButton.clicked.connect(self.load)
        self.bouwsteenList.currentItemChanged.connect(self._current_changed)
        self.detailCard.anchorClicked.connect(self.follow_link)
        self.load()

    def load(self) -> bool:
        """Load the shipped catalogue, or the folder chosen; keep the old one on an error."""
        folder = self.catalogueFolder.filePath().strip() or None
        try:
            catalogue = load_catalogue(folder)
        except GbdaError as exc:
            self.statusLabel.setText(str(exc))
            return False
        self.catalogue = catalogue
        self.statusLabel.setText(
            tr("{n} bouwstenen from {source}.").format(n=len(catalogue), source=catalogue.source)
        )
        self.apply_filters()
        return True

    def filters(self) -> dict:
        """The chosen filters, as :func:`~gbda_plugin.catalogue_view.filter_bouwstenen` takes."""
        return {
            "group": self.groupCombo.currentData(),
            "soil": self.soilCombo.currentData(),
            "wetness": self.wetnessCombo.currentData(),
            "position": self.positionCombo.currentData(),
            "text": self.searchText.text(),
        }

    def apply_filters(self) -> None:
        """List the bouwstenen that pass the filters; keep the current one when it still does."""
        if self.catalogue is None:
            return
        current = self.current_id()
        self.shown = view.filter_bouwstenen(self.catalogue, **self.filters())
        self.bouwsteenList.blockSignals(True)
        self.bouwsteenList.clear()
        for b in self.shown:
            item = QListWidgetItem(view.display_name(b, self.lang))
            item.setData(Qt.UserRole, b.id)
            item.setToolTip(tr(view.GROUP_LABELS[b.group.value]))
            self.bouwsteenList.addItem(item)
        self.bouwsteenList.blockSignals(False)
        self.countLabel.setText(
            tr("{n} of {total} bouwstenen").format(n=len(self.shown), total=len(self.catalogue))
        )
        ids = [b.id for b in self.shown]
        if ids:
            self.select(current if current in ids else ids[0])
        else:
            self.detailCard.setHtml(f"<p>{tr('No bouwsteen matches the filters.')}</p>")

    def reset_filters(self) -> None:
        """Show every bouwsteen again."""
        for combo in (self.groupCombo, self.soilCombo, self.wetnessCombo, self.positionCombo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.searchText.blockSignals(True)
        self.searchText.clear()
        self.searchText.blockSignals(False)
        self.apply_filters()

    def current_id(self) -> str | None:
        """Id of the bouwsteen on the card (None when the list is empty)."""
        item = self.bouwsteenList.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def select(self, bouwsteen_id: str) -> None:
        """Show a bouwsteen; when the filters hide it, they are reset first."""
        if bouwsteen_id not in [b.id for b in self.shown]:
            self.reset_filters()
        for row in range(self.bouwsteenList.count()):
            item = self.bouwsteenList.item(row)
            if item.data(Qt.UserRole) == bouwsteen_id:
                self.bouwsteenList.blockSignals(True)
                self.bouwsteenList.setCurrentItem(item)
                self.bouwsteenList.blockSignals(False)
                self._show(bouwsteen_id)
                return

    def _current_changed(self, item, _previous=None) -> None:
        if item is not None:
            self._show(item.data(Qt.UserRole))

    def _show(self, bouwsteen_id: str) -> None:
        b = self.catalogue.get(bouwsteen_id)
        self.detailCard.setHtml(view.bouwsteen_html(b, self.catalogue, tr=tr, lang=self.lang))

    def follow_link(self, url: QUrl) -> None:
        """A combination jumps to that bouwsteen; a source opens in the browser."""
        if url.scheme() == SCHEME:
            self.select(url.path())
        else:
            QDesktopServices.openUrl(url)

    def shutdown(self) -> None:
        """Nothing runs in the background here."""
