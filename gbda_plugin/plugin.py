"""The plugin object QGIS drives: Processing provider, the GBDA menu and its docks."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QAction, QMenu

from .dependencies import check_requirements, missing_bundled, missing_message
from .resources import icon
from .translation import install_translator, remove_translator, tr, tr_noop

#: Title of messages in the message bar and tab of the message log.
LOG_TAG = "GBDA"


@dataclass(frozen=True)
class Tool:
    """A GBDA menu entry that opens a dock (``gui/<module>.py``, class ``dock_class``)."""

    key: str
    object_name: str
    text: str
    tip: str
    icon: str
    module: str
    dock_class: str
    toolbar: bool


#: The GBDA menu, top down. Docks are imported when first opened (they load geopandas).
TOOLS = (
    Tool(
        "share",
        "gbdaShareAction",
        tr_noop("Share per area…"),
        tr_noop("Share of landscape elements per area against targets"),
        "gbda.svg",
        "share_dock",
        "ShareDock",
        True,
    ),
    Tool(
        "catalogue",
        "gbdaCatalogueAction",
        tr_noop("Natuurbouwstenen catalogue…"),
        tr_noop("Browse the natuurbouwstenen by group, soil, wetness and position"),
        "catalogue.svg",
        "catalogue_dock",
        "CatalogueDock",
        True,
    ),
    Tool(
        "planning",
        "gbdaPlanningAction",
        tr_noop("Plan parcels…"),
        tr_noop("Suggest natuurbouwstenen for selected parcels and plan a layout"),
        "planning.svg",
        "planning_dock",
        "PlanningDock",
        True,
    ),
    Tool(
        "register",
        "gbdaRegisterAction",
        tr_noop("Open register…"),
        tr_noop("Open a progress register as a layer and record status changes"),
        "register.svg",
        "register_dock",
        "RegisterDock",
        False,
    ),
    Tool(
        "progress",
        "gbdaProgressAction",
        tr_noop("Programme progress…"),
        tr_noop("Km realised against the programme target, pace and forecast"),
        "progress.svg",
        "progress_dock",
        "ProgressDock",
        False,
    ),
)


class GbdaPlugin:
    """Registers the "GBDA" Processing provider, a "GBDA" menu with one action per dock and
    toolbar buttons for the share, catalogue and planning docks.

    When a package the core needs is missing, the plugin still loads: it shows one message
    with the install command, registers the provider without algorithms (the toolbox shows the
    message) and disables the actions.
    """

    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider = None
        self.translator = None
        self.menu: QMenu | None = None
        self.actions: dict[str, QAction] = {}
        self.docks: dict[str, object] = {}
        self.problem = ""

    @property
    def share_action(self) -> QAction | None:
        """The action that opens the share dock."""
        return self.actions.get("share")

    @property
    def dock(self):
        """The share dock (None until it was opened)."""
        return self.docks.get("share")

    def initProcessing(self) -> None:
        """Register the Processing provider (QGIS calls this alone for qgis_process)."""
        from .processing.provider import GbdaProvider

        self.problem = missing_message(check_requirements(), missing_bundled())
        self.provider = GbdaProvider(self.problem)
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        """Set up translation, the provider, the GBDA menu and the toolbar buttons."""
        self.translator = install_translator()
        self.initProcessing()
        window = self.iface.mainWindow()
        self.menu = QMenu(tr("&GBDA"), window)
        self.menu.setObjectName("gbdaMenu")
        for tool in TOOLS:
            action = QAction(icon(tool.icon), tr(tool.text), window)
            action.setObjectName(tool.object_name)
            action.setToolTip(tr(tool.tip))
            action.triggered.connect(lambda _checked=False, key=tool.key: self.show_dock(key))
            self.menu.addAction(action)
            self.actions[tool.key] = action
            if tool.toolbar:
                self.iface.addToolBarIcon(action)
            if self.problem:
                action.setEnabled(False)
                action.setToolTip(self.problem)
        menu_bar = window.menuBar()
        help_menu = self.iface.helpMenu() if hasattr(self.iface, "helpMenu") else None
        if help_menu is not None:
            menu_bar.insertMenu(help_menu.menuAction(), self.menu)
        else:
            menu_bar.addMenu(self.menu)
        if self.problem:
            self.report_problem()

    def report_problem(self) -> None:
        """Show the missing-dependency message once: message bar and message log."""
        QgsMessageLog.logMessage(self.problem, LOG_TAG, Qgis.Warning)
        self.iface.messageBar().pushMessage(LOG_TAG, self.problem, Qgis.Warning, 0)

    def show_dock(self, key: str):
        """Create a dock on first use, then show it; return it."""
        dock = self.docks.get(key)
        if dock is None:
            tool = next(t for t in TOOLS if t.key == key)
            module = importlib.import_module(f".gui.{tool.module}", __package__)
            dock = getattr(module, tool.dock_class)(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.RightDockWidgetArea, dock)
            self.docks[key] = dock
        dock.show()
        dock.raise_()
        return dock

    def show_share_dock(self) -> None:
        """Open the share dock."""
        self.show_dock("share")

    def unload(self) -> None:
        """Remove everything initGui added: docks, toolbar buttons, menu, provider, translator."""
        for dock in self.docks.values():
            dock.shutdown()
            self.iface.removeDockWidget(dock)
            dock.deleteLater()
        self.docks = {}
        for key, action in self.actions.items():
            if next(t for t in TOOLS if t.key == key).toolbar:
                self.iface.removeToolBarIcon(action)
            action.deleteLater()
        self.actions = {}
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        self.translator = None
