"""Paths of the files shipped with the plugin: icons, styles, Qt Designer forms."""

from __future__ import annotations

from pathlib import Path

from qgis.PyQt.QtGui import QIcon

PLUGIN_DIR = Path(__file__).resolve().parent


def icon(name: str = "gbda.svg") -> QIcon:
    """Return an icon from ``icons/``."""
    return QIcon(str(PLUGIN_DIR / "icons" / name))


def style_path(name: str) -> Path:
    """Return the path of a layer style (``styles/<name>.qml``)."""
    return PLUGIN_DIR / "styles" / f"{name}.qml"


def ui_path(name: str) -> Path:
    """Return the path of a Qt Designer form (``ui/<name>.ui``)."""
    return PLUGIN_DIR / "ui" / f"{name}.ui"
