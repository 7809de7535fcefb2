"""The plugin loads through classFactory/initGui and unload leaves nothing behind."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QDockWidget, QMenu

from .conftest import ALGORITHMS, flush_deletes

ACTIONS = [
    "gbdaShareAction",
    "gbdaCatalogueAction",
    "gbdaPlanningAction",
    "gbdaRegisterAction",
    "gbdaProgressAction",
]
DOCKS = {
    "share": "GbdaShareDock",
    "catalogue": "GbdaCatalogueDock",
    "planning": "GbdaPlanningDock",
    "register": "GbdaRegisterDock",
    "progress": "GbdaProgressDock",
}


def _gbda_menus(window) -> list[QMenu]:
    return [
        action.menu()
        for action in window.menuBar().actions()
        if action.menu() is not None and action.menu().objectName() == "gbdaMenu"
    ]


def test_metadata_has_what_qgis_needs(metadata):
    general = metadata["general"]
    for key in ("name", "description", "about", "version", "author", "email", "repository"):
        assert general.get(key, "").strip(), key
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["hasProcessingProvider"] == "yes"
    assert general["icon"] == "icons/gbda.svg"
    for key in ("tracker", "homepage", "tags", "changelog", "category"):
        assert general.get(key, "").strip(), key


def test_init_gui_registers_provider_menu_and_button(plugin, plugin_iface):
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("gbda")
    assert provider is plugin.provider
    assert provider.warningMessage() == ""
    assert sorted(a.id() for a in provider.algorithms()) == ALGORITHMS
    for algorithm in provider.algorithms():
        assert len(algorithm.shortHelpString()) > 200, algorithm.id()
        assert algorithm.group() and algorithm.displayName() != algorithm.name()
        for parameter in algorithm.parameterDefinitions():
            assert parameter.description(), (algorithm.id(), parameter.name())
    [menu] = _gbda_menus(plugin_iface.mainWindow())
    assert [a.objectName() for a in menu.actions()] == ACTIONS
    assert [a.objectName() for a in plugin_iface.toolbar_actions] == ACTIONS[:3]
    assert plugin_iface.toolbar_actions[0] is plugin.share_action
    assert all(a.isEnabled() and not a.icon().isNull() for a in menu.actions())


@pytest.mark.parametrize("key", list(DOCKS))
def test_each_action_opens_its_dock(plugin, plugin_iface, key):
    window = plugin_iface.mainWindow()
    [menu] = _gbda_menus(window)
    action = next(a for a in menu.actions() if a.objectName() == ACTIONS[list(DOCKS).index(key)])
    action.trigger()
    [dock] = window.findChildren(QDockWidget, DOCKS[key])
    assert dock is plugin.docks[key]
    assert dock.isVisibleTo(window)
    action.trigger()  # a second time: the same dock, shown again
    assert window.findChildren(QDockWidget, DOCKS[key]) == [dock]


def test_unload_leaves_nothing_behind(load_plugin, plugin_iface):
    window = plugin_iface.mainWindow()
    menus_before = len(window.menuBar().actions())
    plugin = load_plugin()
    for key, name in DOCKS.items():
        plugin.show_dock(key)
        assert window.findChildren(QDockWidget, name)
    assert len(window.menuBar().actions()) == menus_before + 1

    plugin.unload()
    flush_deletes()

    assert QgsApplication.processingRegistry().providerById("gbda") is None
    assert _gbda_menus(window) == []
    assert len(window.menuBar().actions()) == menus_before
    assert plugin_iface.toolbar_actions == []
    for name in DOCKS.values():
        assert window.findChildren(QDockWidget, name) == [], name
    assert window.findChildren(QMenu, "gbdaMenu") == []
    assert plugin.actions == {} and plugin.docks == {}


def test_load_unload_load_again(load_plugin):
    first = load_plugin()
    first.unload()
    flush_deletes()
    second = load_plugin()
    assert QgsApplication.processingRegistry().providerById("gbda") is second.provider
    assert len(second.provider.algorithms()) == len(ALGORITHMS)
