"""Fixtures for the plugin tests: the plugin loaded the way QGIS loads it, sample layers, the zip.

Run with pytest-qgis enabled (``-p pytest_qgis``, see scripts/test.sh) and
``QT_QPA_PLATFORM=offscreen``. Nothing here imports ``qgis.utils.iface`` at module level
(pytest-qgis 2.1 patches it at start-up).
"""

from __future__ import annotations

import configparser
import gc
import importlib
import importlib.util
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsDataSourceUri,
    QgsMapLayer,
    QgsProcessingFeedback,
    QgsProject,
    QgsProviderRegistry,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from qgis.PyQt.QtGui import QColor, QImage

# The core's throwaway PostGIS cluster (started by the first test that asks for it, once per
# run) and a fresh schema per test, for the register tests of the plugin.
from tests.core.register.conftest import pg_cluster, pg_schema  # noqa: F401

REPO = Path(__file__).resolve().parents[2]
POLDER = REPO / "sample_data" / "polder.gpkg"
MAPPING = REPO / "sample_data" / "type_mapping.toml"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
#: Every algorithm of the GBDA provider.
ALGORITHMS = [
    "gbda:change",
    "gbda:import_bgt",
    "gbda:import_brp",
    "gbda:plan",
    "gbda:progress",
    "gbda:register_import",
    "gbda:share",
    "gbda:suggest",
]
POLDER_LAYERS = (
    "gebieden",
    "elementen_lijnen",
    "elementen_vlakken",
    "elementen_punten",
    "bebouwde_kom",
    "nnn",
)


class PluginIface:
    """pytest-qgis's ``QgisInterface`` stub plus what it lacks for a plugin's unload.

    The stub has no ``removeDockWidget`` and ignores toolbar icons. Here docks really go into
    (and out of) the stub's main window, and toolbar actions are recorded, so a test can see
    that ``unload`` takes back everything ``initGui`` added. Everything else is the stub's.
    """

    def __init__(self, base) -> None:
        self.base = base
        self.toolbar_actions: list = []

    def __getattr__(self, name: str):
        return getattr(self.base, name)

    def addToolBarIcon(self, action) -> None:
        self.toolbar_actions.append(action)

    def removeToolBarIcon(self, action) -> None:
        self.toolbar_actions.remove(action)

    def addDockWidget(self, area, dock) -> None:
        self.base.mainWindow().addDockWidget(area, dock)

    def removeDockWidget(self, dock) -> None:
        self.base.mainWindow().removeDockWidget(dock)


def read_metadata(path: Path = REPO / "metadata.txt") -> configparser.ConfigParser:
    """Parse metadata.txt the way QGIS's plugin manager does."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    with path.open(encoding="utf-8") as handle:
        parser.read_file(handle)
    return parser


def version_int(text: str) -> int:
    """``3.22`` or ``3.22.16`` as QGIS's version integer (32200, 32216)."""
    parts = [int(p) for p in text.split(".")] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def processing_module():
    """QGIS's ``processing`` package (on sys.path once the qgis_processing fixture has run)."""
    import processing

    return processing


def layer_table(layer: QgsVectorLayer) -> pd.DataFrame:
    """The attributes of a layer as a DataFrame (NULL and NaN as NaN)."""
    names = layer.fields().names()
    rows = [
        [None if v is None or v != v else v for v in f.attributes()] for f in layer.getFeatures()
    ]
    frame = pd.DataFrame(rows, columns=names)
    return frame.replace({None: np.nan}) if len(frame) else frame


class CancelAt(QgsProcessingFeedback):
    """Feedback that presses Cancel when the core starts the named step."""

    def __init__(self, step: str) -> None:
        super().__init__()
        self.step = step
        self.steps: list[str] = []

    def setProgressText(self, text: str) -> None:
        self.steps.append(text)
        if text.startswith(self.step):
            self.cancel()
        super().setProgressText(text)


def flush_deletes() -> None:
    """Run pending ``deleteLater`` calls (QGIS's event loop would do it)."""
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QCoreApplication.processEvents()


def image_colours(image: QImage, step: int = 4) -> tuple[set[int], float]:
    """Distinct colours and the share of non-white pixels, on a grid of pixels."""
    colours, coloured, total = set(), 0, 0
    white = QColor("white").rgb()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            pixel = image.pixel(x, y)
            colours.add(pixel)
            coloured += pixel != white
            total += 1
    return colours, coloured / total


def save_widget_png(widget, path: Path, min_colours: int = 10, min_coloured: float = 0.2) -> None:
    """Render ``widget`` (QWidget.grab) to ``path`` and check that the image is not blank."""
    QCoreApplication.processEvents()  # let pending layout requests settle
    image = widget.grab().toImage()
    assert image.save(str(path)), path
    colours, coloured = image_colours(image, step=2)
    assert len(colours) > min_colours and coloured > min_coloured, (path.name, len(colours))


@pytest.fixture(scope="session")
def metadata() -> configparser.ConfigParser:
    return read_metadata()


@pytest.fixture
def plugin_iface(qgis_iface) -> PluginIface:
    return PluginIface(qgis_iface)


@pytest.fixture
def load_plugin(metadata, qgis_processing, plugin_iface) -> Iterator[Callable[[], object]]:
    """Load the plugin as QGIS does: check metadata, import the package, classFactory, initGui.

    Returns a loader; every plugin it loaded is unloaded at the end of the test.
    """
    minimum = version_int(metadata["general"]["qgisMinimumVersion"])
    maximum = version_int(metadata["general"]["qgisMaximumVersion"] + ".99")
    assert minimum <= Qgis.QGIS_VERSION_INT <= maximum, Qgis.QGIS_VERSION
    loaded = []

    def load():
        package = importlib.import_module("gbda_plugin")
        plugin = package.classFactory(plugin_iface)
        plugin.initGui()
        loaded.append(plugin)
        return plugin

    yield load
    for plugin in loaded:
        if plugin.menu is not None:
            plugin.unload()
    flush_deletes()


@pytest.fixture
def plugin(load_plugin):
    """The plugin, loaded and with its GUI set up."""
    return load_plugin()


def add_polder_layers(names) -> dict[str, QgsVectorLayer]:
    """Add layers of the sample polder to the project; return them by name."""
    layers = {}
    for name in names:
        layer = QgsVectorLayer(f"{POLDER}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        layers[name] = layer
    QgsProject.instance().addMapLayers(list(layers.values()))
    return layers


def fill_element_rows(dock, layers) -> None:
    """Choose the polder's element layers, their type and width fields and the type mapping."""
    dock.linesLayer.setLayer(layers["elementen_lijnen"])
    dock.linesTypeField.setField("type")
    dock.linesWidthField.setField("breedte_m")
    dock.polygonsLayer.setLayer(layers["elementen_vlakken"])
    dock.polygonsTypeField.setField("type")
    dock.pointsLayer.setLayer(layers["elementen_punten"])
    dock.pointsTypeField.setField("type")
    dock.mappingFile.setFilePath(str(MAPPING))


def open_dock(plugin, key: str, width: int, height: int):
    """Open one of the plugin's docks as a floating window of the given size."""
    dock = plugin.show_dock(key)
    dock.setFloating(True)
    dock.resize(width, height)
    return dock


@pytest.fixture
def dutch_qgis() -> Iterator[None]:
    """QGIS set to Dutch (``locale/userLocale``) for the test; the old setting comes back."""
    settings = QgsSettings()
    old = settings.value("locale/userLocale", None)
    settings.setValue("locale/userLocale", "nl_NL")
    yield
    if old is None:
        settings.remove("locale/userLocale")
    else:
        settings.setValue("locale/userLocale", old)


@pytest.fixture
def qgis_connection() -> Iterator[Callable[[str, str], str]]:
    """A PostgreSQL connection saved in QGIS (with a password), removed afterwards."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    created = []

    def save(name: str, conninfo: str) -> str:
        connection = metadata.createConnection(
            QgsDataSourceUri(conninfo).uri(False), {"saveUsername": True, "savePassword": True}
        )
        metadata.saveConnection(connection, name)
        created.append(name)
        return name

    yield save
    for name in created:
        metadata.deleteConnection(name)


@pytest.fixture
def polder_layers(qgis_new_project) -> dict[str, QgsVectorLayer]:
    """The sample polder's layers, added to a fresh project."""
    return add_polder_layers(POLDER_LAYERS)


@pytest.fixture
def wait_until() -> Callable[[Callable[[], bool], float], None]:
    """Process Qt events until ``predicate()`` is true; fail after ``timeout`` seconds."""

    def wait(predicate: Callable[[], bool], timeout: float = 120.0) -> None:
        end = time.monotonic() + timeout
        while not predicate():
            assert time.monotonic() < end, "timed out waiting for the task"
            QgsApplication.processEvents()
            time.sleep(0.01)

    return wait


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for rendered images (git-ignored; CI keeps it as test artefacts)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def build_module():
    """``gbda_plugin/build.py``, imported by path (it is not part of the package)."""
    spec = importlib.util.spec_from_file_location("gbda_build", REPO / "gbda_plugin" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def built_zip(build_module, tmp_path_factory) -> Path:
    """The plugin zip, built as ``make plugin`` builds it."""
    return build_module.build(tmp_path_factory.mktemp("dist") / "gbda_plugin.zip")


@pytest.fixture(scope="session", autouse=True)
def delete_leaked_layers(qgis_app) -> Iterator[None]:
    """Delete, while QGIS still runs, the layers that only a failed run's frames still hold.

    QGIS keeps a reference to the exception an algorithm raises into Processing, and with it
    the frames of the failed run and the layers in them. A layer that Python owns is deleted
    when Python exits, after pytest-qgis has shut QGIS down, and deleting a file layer then
    crashes in GDAL. This runs before that shut-down (it depends on pytest-qgis's ``qgis_app``).
    """
    yield
    gc.collect()
    for obj in gc.get_objects():
        if isinstance(obj, QgsMapLayer) and not sip.isdeleted(obj) and sip.ispyowned(obj):
            sip.delete(obj)
