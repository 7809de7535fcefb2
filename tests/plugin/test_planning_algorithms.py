"""``gbda:suggest`` and ``gbda:plan`` through processing.run give the core's ranking and plan."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsSettings,
    QgsVectorLayer,
)

from gbda_core.optimise import Goal
from gbda_core.plan import LAYOUT_COLUMNS, plan_layout
from gbda_core.plan_report import RANKING_COLUMNS, goal_values, plan_summary, ranking_frame
from gbda_core.site_io import site_from_files
from gbda_core.suggest import suggest
from natuurbouwstenen import load_catalogue

from .conftest import MAPPING, POLDER, CancelAt, layer_table, processing_module

FARM = ("P006", "P007", "P008")
#: Context kind -> polder layers (roads: the road and its verges).
CONTEXT = {
    "WATER": ("sloten",),
    "ROAD": ("wegen", "bermen"),
    "BUILDING": ("gebouwen",),
    "ERF": ("erven",),
    "KADE": ("kades",),
}
ELEMENTS = {
    "LINES": "elementen_lijnen",
    "POLYGONS": "elementen_vlakken",
    "POINTS": "elementen_punten",
}


@pytest.fixture
def farm_layers(qgis_new_project) -> dict[str, QgsVectorLayer]:
    """The polder's parcels (the farm selected), context and element layers, in the project."""
    names = {"percelen", *ELEMENTS.values()} | {n for names in CONTEXT.values() for n in names}
    layers = {}
    for name in sorted(names):
        layer = QgsVectorLayer(f"{POLDER}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        layers[name] = layer
    QgsProject.instance().addMapLayers(list(layers.values()))
    layers["percelen"].selectByExpression(f'"perceel_id" IN {FARM}')
    assert layers["percelen"].selectedFeatureCount() == 3
    return layers


def _merged(layers: list[QgsVectorLayer]) -> QgsVectorLayer:
    """One memory layer with the features of several layers (as Merge vector layers would)."""
    result = processing_module().run(
        "native:mergevectorlayers", {"LAYERS": layers, "OUTPUT": "memory:"}
    )
    return result["OUTPUT"]


def site_params(layers: dict, **extra) -> dict:
    """The farm as a site: selected parcels, context, elements, veen and nat."""
    params = {
        "SITE": QgsProcessingFeatureSourceDefinition(
            layers["percelen"].id(), selectedFeaturesOnly=True
        ),
        "SITE_ID": "perceel_id",
        **{key: layers[names[0]] for key, names in CONTEXT.items() if len(names) == 1},
        "ROAD": _merged([layers[name] for name in CONTEXT["ROAD"]]),
        **{key: layers[name] for key, name in ELEMENTS.items()},
        **{f"{key}_TYPE": "type" for key in ELEMENTS},
        "LINES_WIDTH": "breedte_m",
        "MAPPING": str(MAPPING),
        "SOIL": 1,  # veen
        "WETNESS": 1,  # nat
    }
    params.update(extra)
    return params


@pytest.fixture(scope="module")
def core_site(tmp_path_factory):
    """The same farm read by the core from files, as the core's own tests do."""
    import geopandas as gpd

    parcels = gpd.read_file(POLDER, layer="percelen")
    site = tmp_path_factory.mktemp("farm") / "farm.gpkg"
    parcels[parcels["perceel_id"].isin(FARM)].to_file(site, layer="percelen")
    context = [
        f"{kind.lower()}={POLDER}|layername={name}"
        for kind, names in CONTEXT.items()
        for name in names
    ]
    context += [f"elements={POLDER}|layername={name}" for name in ELEMENTS.values()]
    return site_from_files(
        site,
        id_field="perceel_id",
        context=context,
        soil="veen",
        wetness="nat",
        type_field="type",
        width_field="breedte_m",
        mapping=MAPPING,
    )


def test_suggest_equals_the_core(plugin, farm_layers, core_site):
    params = site_params(farm_layers, OUTPUT="memory:", PROBLEMS="memory:")
    result = processing_module().run("gbda:suggest", params)
    ranking = layer_table(result["OUTPUT"])
    expected = ranking_frame(suggest(core_site, load_catalogue()))
    assert list(ranking.columns) == list(RANKING_COLUMNS)
    assert len(ranking) == 38
    pd.testing.assert_frame_equal(ranking, expected, check_dtype=False)
    assert ranking["fits"].any() and not ranking["fits"].all()


def test_suggest_from_a_memory_site_without_context(plugin, farm_layers):
    """Only the parcels, copied into a memory layer: every position goes unchecked, not wrong."""
    farm = farm_layers["percelen"].materialize(
        QgsFeatureRequest().setFilterExpression(f'"perceel_id" IN {FARM}')
    )
    assert farm.providerType() == "memory" and farm.featureCount() == 3
    result = processing_module().run(
        "gbda:suggest", {"SITE": farm, "SITE_ID": "perceel_id", "OUTPUT": "memory:"}
    )
    ranking = layer_table(result["OUTPUT"])
    import geopandas as gpd

    from gbda_core.site import build_site

    parcels = gpd.read_file(POLDER, layer="percelen")
    site = build_site(parcels[parcels["perceel_id"].isin(FARM)], id_field="perceel_id")
    expected = ranking_frame(suggest(site, load_catalogue()))
    pd.testing.assert_frame_equal(ranking, expected, check_dtype=False)
    assert ranking["reasons_en"].str.contains("soil unknown").all()


def _core_plan(site, **settings):
    return plan_layout(site, [Goal("share", 10.0)], catalogue=load_catalogue(), **settings)


def test_plan_equals_the_core(plugin, farm_layers, core_site):
    params = site_params(
        farm_layers,
        TARGET_SHARE=10.0,
        OUTPUT="memory:",
        SUMMARY="memory:",
        GOALS="memory:",
        PROBLEMS="memory:",
    )
    result = processing_module().run("gbda:plan", params)
    plan = _core_plan(core_site)
    layout = result["OUTPUT"]
    assert layout.featureCount() == len(plan.layout) > 0
    table = layer_table(layout)
    assert list(table.columns) == list(LAYOUT_COLUMNS)
    expected = pd.DataFrame(plan.layout.drop(columns="geometry"))
    pd.testing.assert_frame_equal(table, expected, check_dtype=False, rtol=1e-12)
    areas = [f.geometry().area() for f in layout.getFeatures()]
    np.testing.assert_allclose(areas, plan.layout.area.to_numpy(), rtol=1e-9)

    summary = layer_table(result["SUMMARY"]).iloc[0]
    core = plan_summary(plan)
    for key in ("share_before_pct", "share_after_pct", "added_ha", "aanleg_eur", "hedge_m"):
        assert summary[key] == pytest.approx(core[key], rel=1e-12), key
    assert summary["n_elements"] == core["n_elements"] and summary["goal_reached"]
    assert summary["message_en"] == core["message_en"] == result["MESSAGE"]
    pd.testing.assert_frame_equal(
        layer_table(result["GOALS"]), goal_values(plan), check_dtype=False, rtol=1e-12
    )


def test_plan_settings_reach_the_core(plugin, farm_layers, core_site):
    """Hedge goal, land objective, a budget and the heuristic: the core's plan again."""
    settings = {"objective": "land", "budget": 5000.0, "method": "heuristic"}
    params = site_params(
        farm_layers, TARGET_HEDGE_M=200.0, OBJECTIVE=1, BUDGET=5000.0, METHOD=2, OUTPUT="memory:",
        SUMMARY="memory:",
    )  # fmt: skip
    result = processing_module().run("gbda:plan", params)
    plan = plan_layout(core_site, [Goal("hedge_m", 200.0)], catalogue=load_catalogue(), **settings)
    summary = layer_table(result["SUMMARY"]).iloc[0]
    assert (summary["objective"], summary["method"]) == ("land", "heuristic")
    assert summary["budget_eur"] == 5000.0
    core = plan_summary(plan)
    assert core["hedge_m"] > 0 and core["aanleg_eur"] <= 5000.0
    for key in ("hedge_m", "aanleg_eur", "productive_ha"):
        assert summary[key] == pytest.approx(core[key], rel=1e-12), key
    assert result["OUTPUT"].featureCount() == len(plan.layout)


def test_verdict_in_the_language_of_qgis(plugin, farm_layers, core_site):
    settings = QgsSettings()
    before = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", "nl_NL")
    try:
        result = processing_module().run(
            "gbda:plan", site_params(farm_layers, TARGET_SHARE=10.0, OUTPUT="memory:")
        )
    finally:
        settings.setValue("locale/userLocale", before)
    assert result["MESSAGE"] == plan_summary(_core_plan(core_site))["message_nl"]
    assert result["MESSAGE"].startswith("Doel gehaald")


def test_layout_is_styled_by_group_when_loaded(plugin, farm_layers):
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    result = processing_module().runAndLoadResults(
        "gbda:plan",
        site_params(farm_layers, TARGET_SHARE=10.0, OUTPUT="TEMPORARY_OUTPUT"),
        feedback=QgsProcessingFeedback(),
        context=context,
    )
    layer = QgsProject.instance().mapLayer(result["OUTPUT"])
    renderer = layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    assert renderer.classAttribute() == "category"
    categories = {c.value(): c.label() for c in renderer.categories()}
    assert len(categories) == 4 and categories["houtig"] == "woody (houtig)"
    assert layer.labelsEnabled() and layer.labeling().settings().fieldName == "name"
    used = {f["category"] or "" for f in layer.getFeatures()}
    assert used and used <= set(categories)


def test_no_goal_and_bad_settings_are_one_line(plugin, farm_layers):
    with pytest.raises(QgsProcessingException, match="Give a goal"):
        processing_module().run("gbda:plan", site_params(farm_layers, OUTPUT="memory:"))
    params = site_params(farm_layers, TARGET_SHARE=10.0, BOUWSTENEN="poeltje", OUTPUT="memory:")
    with pytest.raises(QgsProcessingException) as caught:
        processing_module().run("gbda:plan", params)
    message = str(caught.value)
    assert "unknown bouwsteen 'poeltje'" in message
    assert "\n" not in message and "Traceback" not in message


def test_cancel_stops_the_planner(plugin, farm_layers):
    feedback = CancelAt("drawing candidate elements")
    params = site_params(farm_layers, TARGET_SHARE=10.0, OUTPUT="memory:")
    with pytest.raises(QgsProcessingException, match="Cancelled by the user"):
        processing_module().run("gbda:plan", params, feedback=feedback)
    assert feedback.steps[-1] == "drawing candidate elements"
    assert "choosing elements" not in feedback.steps
