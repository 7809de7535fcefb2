"""The toolbox dialog of every algorithm builds, and what an empty field in it gives is read
as "not given"."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingException, QgsProject

from .conftest import ALGORITHMS, flush_deletes, processing_module


@pytest.fixture
def dialog(plugin, qgis_iface, monkeypatch):
    """Return a maker of toolbox dialogs (the iface stub lacks the browser model they ask for)."""
    from processing.gui import ParametersPanel
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.gui import QgsBrowserGuiModel

    model = QgsBrowserGuiModel()
    monkeypatch.setattr(ParametersPanel.iface, "browserModel", lambda: model, raising=False)
    made = []

    def make(alg_id: str):
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
        made.append(AlgorithmDialog(algorithm, False, None))
        return algorithm, made[-1]

    yield make
    for item in made:
        item.close()
        item.deleteLater()
    flush_deletes()


@pytest.mark.parametrize("alg_id", ALGORITHMS)
def test_dialog_has_a_widget_for_every_input(dialog, alg_id):
    algorithm, window = dialog(alg_id)
    inputs = {p.name() for p in algorithm.parameterDefinitions() if not p.isDestination()}
    assert inputs <= set(window.mainWidget().wrappers)


def test_an_empty_register_file_means_the_postgresql_connection(dialog, qgis_new_project):
    """The dialog gives NULL for an empty optional file; that is no file (not a file '0')."""
    algorithm, window = dialog("gbda:progress")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    window.mainWidget().wrappers["DATABASE"].setParameterValue("nergens", context)
    params = window.createProcessingParameters()
    assert algorithm.checkParameterValues(params, context)[0]
    with pytest.raises(QgsProcessingException, match="no PostgreSQL connection named 'nergens'"):
        processing_module().run("gbda:progress", params)
