"""The plugin object QGIS drives: Processing provider, the GBDA menu and the share dock."""

from __future__ import annotations

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QAction, QMenu

from .dependencies import check_requirements, missing_bundled, missing_message
from .resources import icon
from .translation import install_translator, remove_translator, tr

#: Title of messages in the message bar and tab of the message log.
LOG_TAG = "GBDA"


class GbdaPlugin:
    """Registers the "GBDA" Processing provider, a "GBDA" menu and the share dock.

    When a package the core needs is missing, the plugin still loads: it shows one message
    with the install command, registers the provider without algorithms (the toolbox shows the
    message) and disables the dock action.
    """

    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider = None
        self.translator = None
        self.menu: QMenu | None = None
        self.share_action: QAction | None = None
        self.dock = None
        self.problem = ""

    def initProcessing(self) -> None:
        """Register the Processing provider (QGIS calls this alone for qgis_process)."""
        from .processing.provider import GbdaProvider

        self.problem = missing_message(check_requirements(), missing_bundled())
        self.provider = GbdaProvider(self.problem)
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        """Set up translation, the provider, the GBDA menu and the toolbar button."""
        self.translator = install_translator()
        self.initProcessing()
        window = self.iface.mainWindow()
        self.menu = QMenu(tr("&GBDA"), window)
        self.menu.setObjectName("gbdaMenu")
        self.share_action = QAction(icon(), tr("Share per area…"), window)
        self.share_action.setObjectName("gbdaShareAction")
        self.share_action.setToolTip(tr("Share of landscape elements per area against targets"))
        self.share_action.triggered.connect(self.show_share_dock)
        self.menu.addAction(self.share_action)
        menu_bar = window.menuBar()
        help_menu = self.iface.helpMenu() if hasattr(self.iface, "helpMenu") else None
        if help_menu is not None:
            menu_bar.insertMenu(help_menu.menuAction(), self.menu)
        else:
            menu_bar.addMenu(self.menu)
        self.iface.addToolBarIcon(self.share_action)
        if self.problem:
            self.share_action.setEnabled(False)
            self.share_action.setToolTip(self.problem)
            self.report_problem()

    def report_problem(self) -> None:
        """Show the missing-dependency message once: message bar and message log."""
        QgsMessageLog.logMessage(self.problem, LOG_TAG, Qgis.Warning)
        self.iface.messageBar().pushMessage(LOG_TAG, self.problem, Qgis.Warning, 0)

    def show_share_dock(self) -> None:
        """Create the share dock on first use, then show it."""
        if self.dock is None:
            from .gui.share_dock import ShareDock

            self.dock = ShareDock(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        self.dock.show()
        self.dock.raise_()

    def unload(self) -> None:
        """Remove everything initGui added: dock, toolbar button, menu, provider, translator."""
        if self.dock is not None:
            self.dock.shutdown()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.share_action is not None:
            self.iface.removeToolBarIcon(self.share_action)
            self.share_action.deleteLater()
            self.share_action = None
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        self.translator = None
