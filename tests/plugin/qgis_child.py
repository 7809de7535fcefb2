"""Run the plugin in a fresh QGIS process and print what happened as JSON (used by the tests).

``python qgis_child.py load BLOCKED``
    Make the comma-separated packages in BLOCKED unimportable, then load the plugin from the
    checkout (classFactory, initGui) and report messages, provider, action and imports.
``python qgis_child.py install PLUGINS_DIR POLDER LOCALE``
    Load the plugin from an unzipped plugin folder the way QGIS does (``qgis.utils``), with
    QGIS's locale set to LOCALE, run ``gbda:share`` on the sample polder, unload, report.

A separate process, because both need a Python where nothing was imported yet.
"""

from __future__ import annotations

import json
import os
import sys


class Blocker:
    """Meta-path finder that makes the given top-level packages unimportable."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)")
        return


APP = []  # keeps the QgsApplication alive
CHECKOUT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEAVY = ("geopandas", "pandas", "shapely", "pyproj")


def start_qgis(locale: str = "") -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication, QgsSettings

    app = QgsApplication([], True)
    app.initQgis()
    APP.append(app)
    if locale:
        QgsSettings().setValue("locale/userLocale", locale)


def registered() -> bool:
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().providerById("gbda") is not None


class Iface:
    """The parts of QgisInterface the plugin uses, recording messages and toolbar actions."""

    def __init__(self) -> None:
        from qgis.PyQt.QtWidgets import QMainWindow

        self.window = QMainWindow()
        self.messages: list[tuple[str, int]] = []
        self.toolbar: list = []

    def mainWindow(self):
        return self.window

    def mapCanvas(self):  # Processing asks for it; there is none
        return None

    def messageBar(self):
        return self

    def pushMessage(self, title, text, level, duration):
        self.messages.append((text, int(level)))

    def addToolBarIcon(self, action):
        self.toolbar.append(action)

    def removeToolBarIcon(self, action):
        self.toolbar.remove(action)


def load(blocked: str) -> dict:
    names = {n for n in blocked.split(",") if n}
    sys.meta_path.insert(0, Blocker(names))
    sys.path.insert(0, CHECKOUT)  # this checkout's plugin, not another installed one
    start_qgis()
    from qgis.core import QgsApplication

    iface = Iface()
    import gbda_plugin

    plugin = gbda_plugin.classFactory(iface)
    plugin.initGui()
    provider = QgsApplication.processingRegistry().providerById("gbda")
    report = {
        "messages": iface.messages,
        "provider": provider is not None,
        "algorithms": [a.id() for a in provider.algorithms()] if provider else [],
        "warning": provider.warningMessage() if provider else "",
        "action_enabled": plugin.share_action.isEnabled(),
        "imported": sorted(
            n for n in ("geopandas", "pandas", "shapely", "pyproj") if n in sys.modules
        ),
        "plugin_file": gbda_plugin.__file__,
    }
    plugin.unload()
    report["provider_after_unload"] = (
        QgsApplication.processingRegistry().providerById("gbda") is not None
    )
    return report


def install(plugins_dir: str, polder: str, locale: str) -> dict:
    start_qgis(locale)
    import qgis.utils
    from qgis.core import QgsApplication

    sys.path.insert(0, plugins_dir)
    qgis.utils.plugin_paths = [plugins_dir]
    qgis.utils.updateAvailablePlugins()
    iface = Iface()
    qgis.utils.iface = iface
    sys.path.append(os.path.join(QgsApplication.pkgDataPath(), "python", "plugins"))
    from processing.core.Processing import Processing

    Processing.initialize()
    report = {"available": "gbda_plugin" in qgis.utils.available_plugins}
    report["loaded"] = qgis.utils.loadPlugin("gbda_plugin")
    report["started"] = qgis.utils.startPlugin("gbda_plugin")
    import gbda_core
    import gbda_plugin

    report["plugin_file"] = gbda_plugin.__file__
    report["core_file"] = gbda_core.__file__
    provider = QgsApplication.processingRegistry().providerById("gbda")
    share = provider.algorithm("share")
    report["display_name"] = share.displayName()
    import processing

    result = processing.run(
        "gbda:share",
        {
            "AREAS": f"{polder}|layername=gebieden",
            "AREA_ID": "gebied_id",
            "LINES": f"{polder}|layername=elementen_lijnen",
            "LINES_TYPE": "type",
            "OUTPUT": "memory:",
        },
    )
    report["shares"] = {f["area_id"]: f["share_pct"] for f in result["OUTPUT"].getFeatures()}
    report["messages"] = iface.messages
    report["unloaded"] = qgis.utils.unloadPlugin("gbda_plugin")
    report["provider_after_unload"] = (
        QgsApplication.processingRegistry().providerById("gbda") is not None
    )
    return report


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    result = load(*args) if mode == "load" else install(*args)
    print("RESULT " + json.dumps(result))
