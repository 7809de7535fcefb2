"""GBDA planner QGIS plugin: Processing provider "GBDA" and a dock for the share per area.

QGIS imports this package at start-up and calls :func:`classFactory`. Everything heavy (the
plugin class, Processing, gbda_core with geopandas) is imported later, when it is needed.

The plugin zip carries its own copy of ``gbda_core`` and ``natuurbouwstenen`` in ``vendor/``
(see ``build.py``); that folder goes first on ``sys.path`` so the plugin uses the core it was
built with. A source checkout has no ``vendor/`` and uses the installed core.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: Folder with the bundled gbda_core and natuurbouwstenen (only in the built plugin).
VENDOR_DIR = Path(__file__).resolve().parent / "vendor"

if VENDOR_DIR.is_dir() and str(VENDOR_DIR) not in sys.path:
    sys.path.insert(0, str(VENDOR_DIR))


def classFactory(iface):
    """Return the plugin instance; QGIS calls this with its ``QgisInterface``."""
    from .plugin import GbdaPlugin

    return GbdaPlugin(iface)
