"""The planning dock on the sample polder farm (parcels P006-P008 selected on the map).

Every number the dock shows is compared with a direct call of the core on the same layers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

from gbda_core import wording
from gbda_core.jobs import read_tagged
from gbda_core.mapping import load_type_mapping
from gbda_core.optimise import Goal
from gbda_core.plan import plan_layout
from gbda_core.plan_report import plan_summary
from gbda_core.share import ElementLayer
from gbda_core.site import build_site
from gbda_core.suggest import suggest
from gbda_plugin import planning_view
from natuurbouwstenen import load_catalogue

from .conftest import (
    MAPPING,
    POLDER,
    add_polder_layers,
    fill_element_rows,
    image_colours,
    open_dock,
    save_widget_png,
)

FARM = ("P006", "P007", "P008")
CONTEXT = {"water": "sloten", "road": "wegen", "building": "gebouwen", "erf": "erven",
           "kade": "kades"}  # fmt: skip
ELEMENTS = ("elementen_lijnen", "elementen_vlakken", "elementen_punten")
GOALS = [Goal("share", 10.0), Goal("hedge_m", 200.0)]


@pytest.fixture
def farm_layers(qgis_new_project) -> dict[str, QgsVectorLayer]:
    return add_polder_layers(("percelen", *CONTEXT.values(), *ELEMENTS))


@pytest.fixture
def dock(plugin, farm_layers):
    return open_dock(plugin, "planning", 520, 900)


def _select_farm(layers) -> None:
    parcels = layers["percelen"]
    parcels.selectByExpression(f'"perceel_id" IN {tuple(FARM)!r}')
    assert parcels.selectedFeatureCount() == 3


def _fill_form(dock, layers) -> None:
    dock.parcelsLayer.setLayer(layers["percelen"])
    dock.parcelIdField.setField("perceel_id")
    for kind, name in CONTEXT.items():
        dock.context_combos[kind].setLayer(layers[name])
    fill_element_rows(dock, layers)
    dock.soilValue.setCurrentIndex(dock.soilValue.findData("veen"))
    dock.wetnessValue.setCurrentIndex(dock.wetnessValue.findData("nat"))
    dock.shareGoal.setChecked(True)
    dock.shareTarget.setValue(10.0)
    dock.hedgeGoal.setChecked(True)
    dock.hedgeTarget.setValue(200.0)


@pytest.fixture(scope="module")
def core_site():
    """The same site built by the core from the files directly."""
    parcels = read_tagged(f"{POLDER}|layername=percelen")
    parcels = parcels[parcels["perceel_id"].isin(FARM)]
    mapping = load_type_mapping(MAPPING)
    elements = [
        ElementLayer(
            read_tagged(f"{POLDER}|layername={name}"),
            type_field="type",
            width_field="breedte_m" if name == "elementen_lijnen" else None,
            mapping=mapping,
        )
        for name in ELEMENTS
    ]
    context = {kind: [read_tagged(f"{POLDER}|layername={name}")] for kind, name in CONTEXT.items()}
    return build_site(
        parcels, id_field="perceel_id", context=context, elements=elements, soil="veen",
        wetness="nat",
    )  # fmt: skip


@pytest.fixture(scope="module")
def core_plan(core_site):
    return plan_layout(core_site, GOALS, catalogue=load_catalogue())


def _run(dock, wait_until, action) -> None:
    action()
    assert dock.task is not None, dock.statusLabel.text()
    assert not dock.suggestButton.isEnabled() and not dock.planButton.isEnabled()
    wait_until(lambda: dock.task is None, timeout=300)
    assert dock.suggestButton.isEnabled() and dock.planButton.isEnabled()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d, lay: d.parcelsLayer.setLayer(None), "Choose the parcels layer."),
        (
            lambda d, lay: lay["percelen"].removeSelection(),
            "No features of percelen are selected: select some on the map, or untick "
            "'Selected features only'.",
        ),
        (lambda d, lay: d.linesTypeField.setField(""), "Choose the type field of elementen_lijn"),
        (
            lambda d, lay: (d.shareGoal.setChecked(False), d.hedgeGoal.setChecked(False)),
            "Tick at least one goal.",
        ),
        (lambda d, lay: d.shareTarget.setValue(0.0), "goal share target 0 is out of range"),
        (lambda d, lay: d.planFile.setFilePath("/nonexistent-folder/plan.gpkg"),
         "output folder does not exist"),
        (lambda d, lay: d.planFile.setFilePath("plan.txt"), "unknown output format '.txt'"),
    ],
    ids=["no-parcels", "no-selection", "no-type-field", "no-goal", "zero-goal", "no-folder",
         "not-gpkg"],
)  # fmt: skip
def test_form_refuses_bad_input_in_one_line(dock, farm_layers, plugin_iface, change, message):
    _fill_form(dock, farm_layers)
    _select_farm(farm_layers)
    assert dock.plan_problem() == ""
    change(dock, farm_layers)
    dock.make_plan()
    assert dock.task is None
    text = dock.statusLabel.text()
    assert message in text and "\n" not in text and "Traceback" not in text


def test_suggest_shows_the_cores_ranking(dock, farm_layers, wait_until, core_site):
    _fill_form(dock, farm_layers)
    _select_farm(farm_layers)
    _run(dock, wait_until, dock.suggest)
    expected = suggest(core_site, load_catalogue())
    got = [(s.bouwsteen.id, s.score, s.fits) for s in dock.suggestions]
    assert got == [(s.bouwsteen.id, s.score, s.fits) for s in expected]
    model = dock.suggestion_model
    assert model.rowCount() == 38 == len(expected)
    first = expected[0]
    assert model.item(0, 1).text() == first.bouwsteen.name_en  # English QGIS: English names
    assert float(model.item(0, 2).text()) == first.score
    assert model.item(0, 4).text() == "\n".join(r.text("en") for r in first.reasons)
    last = model.rowCount() - 1
    assert model.item(last, 3).text() == ("fits" if expected[-1].fits else "excluded")
    assert dock.siteLabel.text().startswith("3 parcels")
    assert dock.tabs.currentIndex() == 2


def test_reasons_in_dutch_when_qgis_runs_in_dutch(
    dutch_qgis, plugin, farm_layers, wait_until, core_site
):
    dock = open_dock(plugin, "planning", 520, 900)
    assert dock.lang == "nl"
    _fill_form(dock, farm_layers)
    _select_farm(farm_layers)
    _run(dock, wait_until, dock.suggest)
    first = suggest(core_site, load_catalogue())[0]
    assert dock.suggestion_model.item(0, 1).text() == first.bouwsteen.name
    assert dock.suggestion_model.item(0, 4).text() == "\n".join(r.text("nl") for r in first.reasons)


def test_plan_adds_a_styled_editable_layout_and_shows_the_cores_numbers(
    dock, farm_layers, wait_until, core_plan, artifacts: Path
):
    _fill_form(dock, farm_layers)
    _select_farm(farm_layers)
    layers_before = len(QgsProject.instance().mapLayers())
    _run(dock, wait_until, dock.make_plan)
    expected = plan_summary(core_plan)
    got = dock.summary
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, float):
            assert got[key] == pytest.approx(value, rel=1e-9, abs=1e-9, nan_ok=True), key
        else:
            assert got[key] == value, key
    assert got["goal_reached"] and got["share_after_pct"] >= 10.0 and got["hedge_m"] >= 200.0

    text = dock.planSummary.toPlainText()
    assert expected["message_en"] in text
    for label, value in planning_view.summary_rows(expected, "en"):
        assert f"{label}{value}" in text.replace("\t", "").replace("\n", ""), label
    assert wording.number(expected["share_after_pct"], "en", 2) in text

    layer = dock.layout_layer
    assert QgsProject.instance().mapLayer(layer.id()) is layer
    assert len(QgsProject.instance().mapLayers()) == layers_before + 1
    assert layer.providerType() == "memory" and layer.featureCount() == len(core_plan.layout)
    table = pd.DataFrame(
        [{f.name(): feat[f.name()] for f in layer.fields()} for feat in layer.getFeatures()]
    )
    pd.testing.assert_series_equal(
        table["bouwsteen_id"], core_plan.layout["bouwsteen_id"].reset_index(drop=True)
    )
    assert table["area_m2"].to_numpy() == pytest.approx(core_plan.layout["area_m2"].to_numpy())
    renderer = layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    assert renderer.classAttribute() == "category"
    assert {c.value() for c in renderer.categories()} == {"houtig", "nat", "kruidig", ""}
    assert layer.labelsEnabled() and layer.labeling().settings().fieldName == "name"
    assert layer.startEditing() and layer.rollBack()

    calendar = dock.management_model
    rows = planning_view.management_rows(core_plan.layout, "en")
    assert calendar.rowCount() == len(rows) > 0
    for r, row in enumerate(rows):
        assert tuple(calendar.item(r, c).text() for c in range(len(row))) == row
    assert dock.tabs.currentIndex() == 3

    _render_map(layer, farm_layers, artifacts / "planning_map.png")
    dock.show()
    save_widget_png(dock, artifacts / "planning_dock_plan.png")
    dock.tabs.setCurrentIndex(0)
    save_widget_png(dock, artifacts / "planning_dock_site.png")


def _render_map(layout, layers, path: Path) -> None:
    parcels = layers["percelen"]
    for name, colour in (("percelen", "#f4f1de"), ("sloten", "#9ecae1"), ("erven", "#d9d9d9")):
        layers[name].renderer().symbol().setColor(QColor(colour))
    settings = QgsMapSettings()
    settings.setLayers([layout, layers["sloten"], layers["erven"], parcels])
    settings.setDestinationCrs(layout.crs())
    # A 360 m window on the farm, around its first woody element (the plan has 200 m of hedge).
    woody = next(f for f in layout.getFeatures() if f["category"] == "houtig")
    centre = woody.geometry().centroid().asPoint()
    x, y = centre.x() - 180, centre.y() - 180
    settings.setExtent(QgsRectangle(x, y, x + 360, y + 360))
    settings.setOutputSize(QSize(900, 900))
    settings.setBackgroundColor(QColor("white"))
    settings.setSelectionColor(QColor(214, 170, 214, 110))  # the farm, lightly marked
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    assert image.save(str(path))
    colours, coloured = image_colours(image)
    assert len(colours) > 20 and coloured > 0.3
    hues = {QColor(c).hue() for c in colours if QColor(c).saturation() > 80}
    assert any(100 <= h <= 140 for h in hues), "no woody (green) element rendered"


def test_plan_saved_to_a_geopackage_keeps_edits(dock, farm_layers, wait_until, tmp_path: Path):
    _fill_form(dock, farm_layers)
    _select_farm(farm_layers)
    dock.hedgeGoal.setChecked(False)
    dock.shareTarget.setValue(6.0)
    out = tmp_path / "plan.gpkg"
    dock.planFile.setFilePath(str(out))
    _run(dock, wait_until, dock.make_plan)
    layer = dock.layout_layer
    assert out.is_file() and layer.providerType() == "ogr"
    assert layer.featureCount() == dock.summary["n_elements"] > 0
    feature = next(layer.getFeatures())
    assert layer.startEditing()
    layer.changeAttributeValue(feature.id(), layer.fields().indexOf("name"), "mijn heg")
    assert layer.commitChanges()
    again = QgsVectorLayer(f"{out}|layername=layout", "again", "ogr")
    assert again.getFeature(feature.id())["name"] == "mijn heg"
    summary = QgsVectorLayer(f"{out}|layername=summary", "summary", "ogr")
    assert next(summary.getFeatures())["share_after_pct"] == pytest.approx(
        dock.summary["share_after_pct"]
    )


def test_cancel_adds_no_layer(dock, farm_layers, wait_until):
    _fill_form(dock, farm_layers)
    _select_farm(farm_layers)
    before = len(QgsProject.instance().mapLayers())
    dock.make_plan()
    dock.cancel()
    wait_until(lambda: dock.task is None)
    assert dock.statusLabel.text() == "Cancelled."
    assert len(QgsProject.instance().mapLayers()) == before and dock.layout_layer is None


def test_core_error_is_one_line(dock, farm_layers, wait_until, tmp_path: Path):
    _fill_form(dock, farm_layers)
    _select_farm(farm_layers)
    dock.catalogueFolder.setFilePath(str(tmp_path))  # an empty folder: no bouwsteen files
    _run(dock, wait_until, dock.suggest)
    text = dock.statusLabel.text()
    assert "no bouwsteen files" in text and "\n" not in text
