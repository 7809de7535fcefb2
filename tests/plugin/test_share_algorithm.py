"""``gbda:share`` through processing.run gives the core's numbers, from any kind of layer."""

from __future__ import annotations

import pandas as pd
import pytest
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsGraduatedSymbolRenderer,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

from gbda_core.jobs import read_tagged, share_from_files
from gbda_core.mapping import load_type_mapping
from gbda_core.problems import problems_frame
from gbda_core.share import (
    AREA_COLUMNS,
    BREAKDOWN_COLUMNS,
    EFA_COLUMNS,
    ElementLayer,
    compute_share,
)
from gbda_core.targets import Targets

from .conftest import MAPPING, POLDER, CancelAt, layer_table, processing_module

ELEMENTS = ("elementen_lijnen", "elementen_vlakken", "elementen_punten")


def _core_areas(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(frame.drop(columns=frame.geometry.name)).reset_index(drop=True)


def _params(layers: dict, **extra) -> dict:
    params = {
        "AREAS": layers["gebieden"],
        "AREA_ID": "gebied_id",
        "LINES": layers["elementen_lijnen"],
        "LINES_TYPE": "type",
        "LINES_WIDTH": "breedte_m",
        "POLYGONS": layers["elementen_vlakken"],
        "POLYGONS_TYPE": "type",
        "POINTS": layers["elementen_punten"],
        "POINTS_TYPE": "type",
        "MAPPING": str(MAPPING),
        "EXCLUDE_BEBOUWDE_KOM": layers["bebouwde_kom"],
        "EXCLUDE_NNN": layers["nnn"],
        "OUTPUT": "memory:",
        "BREAKDOWN": "memory:",
        "PROBLEMS": "memory:",
    }
    params.update(extra)
    return params


@pytest.fixture(scope="module")
def core_result():
    """The core called directly on the same files, as the demo does."""
    return share_from_files(
        f"{POLDER}|layername=gebieden",
        [f"{POLDER}|layername={name}" for name in ELEMENTS],
        id_field="gebied_id",
        type_field="type",
        width_field="breedte_m",
        mapping=MAPPING,
        exclude=[f"bebouwde_kom={POLDER}|layername=bebouwde_kom", f"nnn={POLDER}|layername=nnn"],
    )


def test_share_from_project_layers_equals_core(plugin, polder_layers, core_result):
    result = processing_module().run("gbda:share", _params(polder_layers))
    out = result["OUTPUT"]
    assert out.fields().names() == list(AREA_COLUMNS)
    assert out.crs().authid() == "EPSG:28992"
    pd.testing.assert_frame_equal(
        layer_table(out), _core_areas(core_result.areas), check_dtype=False, rtol=1e-12
    )
    breakdown = layer_table(result["BREAKDOWN"])
    assert list(breakdown.columns) == list(BREAKDOWN_COLUMNS)
    pd.testing.assert_frame_equal(
        breakdown, core_result.breakdown.reset_index(drop=True), check_dtype=False, rtol=1e-12
    )
    problems = layer_table(result["PROBLEMS"])
    expected = problems_frame(core_result.problems)
    assert list(problems.kind) == list(expected.kind)
    assert list(problems["count"]) == list(expected["count"])
    assert list(problems.rows) == list(expected.rows)  # QGIS feature ids = the file's fids
    assert list(problems.value) == list(expected.value)


def test_share_from_file_paths_and_efa_mode(plugin, core_result):
    paths = {
        name: f"{POLDER}|layername={name}"
        for name in (*ELEMENTS, "gebieden", "bebouwde_kom", "nnn")
    }
    result = processing_module().run("gbda:share", _params(paths, MODE=1, READING_2030=1))
    areas = layer_table(result["OUTPUT"])
    assert list(areas.columns) == [*AREA_COLUMNS, *EFA_COLUMNS]
    core = share_from_files(
        f"{POLDER}|layername=gebieden",
        [f"{POLDER}|layername={name}" for name in ELEMENTS],
        id_field="gebied_id",
        type_field="type",
        width_field="breedte_m",
        mapping=MAPPING,
        exclude=[f"bebouwde_kom={POLDER}|layername=bebouwde_kom", f"nnn={POLDER}|layername=nnn"],
        mode="efa",
        targets=Targets(reading_2030="gap"),
    )
    pd.testing.assert_frame_equal(areas, _core_areas(core.areas), check_dtype=False, rtol=1e-12)
    assert (areas.share_pct == _core_areas(core_result.areas).share_pct).all()


def test_share_from_memory_layers_equals_core(plugin, polder_layers, core_result):
    memory = {name: layer.materialize(QgsFeatureRequest()) for name, layer in polder_layers.items()}
    assert all(layer.providerType() == "memory" for layer in memory.values())
    result = processing_module().run("gbda:share", _params(memory))
    pd.testing.assert_frame_equal(
        layer_table(result["OUTPUT"]), _core_areas(core_result.areas), check_dtype=False, rtol=1e-12
    )


def test_selected_features_only(plugin, polder_layers):
    areas, lines = polder_layers["gebieden"], polder_layers["elementen_lijnen"]
    areas.selectByExpression("\"gebied_id\" IN ('noord', 'zuid')")
    lines.selectByExpression("\"type\" = 'elzensingel'")
    assert areas.selectedFeatureCount() == 2 and lines.selectedFeatureCount() == 30
    params = _params(
        polder_layers,
        AREAS=QgsProcessingFeatureSourceDefinition(areas.id(), selectedFeaturesOnly=True),
        LINES=QgsProcessingFeatureSourceDefinition(lines.id(), selectedFeaturesOnly=True),
    )
    out = layer_table(processing_module().run("gbda:share", params)["OUTPUT"])

    area_frame = read_tagged(f"{POLDER}|layername=gebieden")
    area_frame = area_frame[area_frame.gebied_id.isin(["noord", "zuid"])]
    line_frame = read_tagged(f"{POLDER}|layername=elementen_lijnen")
    line_frame = line_frame[line_frame["type"] == "elzensingel"]
    mapping = load_type_mapping(MAPPING)
    core = compute_share(
        area_frame,
        [
            ElementLayer(line_frame, type_field="type", width_field="breedte_m", mapping=mapping),
            *(
                ElementLayer(read_tagged(f"{POLDER}|layername={n}"), "type", mapping=mapping)
                for n in ELEMENTS[1:]
            ),
        ],
        id_field="gebied_id",
        exclusions={k: read_tagged(f"{POLDER}|layername={k}") for k in ("bebouwde_kom", "nnn")},
    )
    assert list(out.area_id) == ["noord", "zuid"]
    pd.testing.assert_frame_equal(out, _core_areas(core.areas), check_dtype=False, rtol=1e-12)
    result = processing_module().run("gbda:share", _params(polder_layers))
    everything = layer_table(result["OUTPUT"])
    assert (out.line_km.to_numpy() < everything.line_km.to_numpy()[[1, 3]]).all()


def test_output_styled_when_loaded(plugin, polder_layers):
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    result = processing_module().runAndLoadResults(
        "gbda:share", _params(polder_layers), feedback=feedback, context=context
    )
    layer = QgsProject.instance().mapLayer(result["OUTPUT"])
    assert isinstance(layer.renderer(), QgsGraduatedSymbolRenderer)
    assert layer.renderer().classAttribute() == "share_pct"


def test_cancel_stops_the_core(plugin, polder_layers):
    feedback = CancelAt("building the rural area")
    with pytest.raises(QgsProcessingException, match="Cancelled by the user"):
        processing_module().run("gbda:share", _params(polder_layers), feedback=feedback)
    assert feedback.steps[-1].startswith("building the rural area")
    assert "clipping elements to the rural area" not in feedback.steps


def test_core_error_is_one_processing_line(plugin, qgis_new_project):
    areas = QgsVectorLayer("Polygon?crs=EPSG:28992&field=code:string", "areas", "memory")
    for code, x in (("a", 0), ("a", 200)):
        feature = QgsFeature(areas.fields())
        feature.setAttributes([code])
        feature.setGeometry(
            QgsGeometry.fromWkt(f"POLYGON(({x} 0,{x + 100} 0,{x + 100} 100,{x} 100,{x} 0))")
        )
        areas.dataProvider().addFeature(feature)
    lines = QgsVectorLayer("LineString?crs=EPSG:28992&field=element_type:string", "lines", "memory")
    with pytest.raises(QgsProcessingException) as caught:
        processing_module().run(
            "gbda:share",
            {"AREAS": areas, "AREA_ID": "code", "LINES": lines, "OUTPUT": "memory:"},
        )
    message = str(caught.value)
    assert "occurs more than once" in message
    assert "\n" not in message and "Traceback" not in message


def test_runs_again_and_again_as_background_task(plugin, polder_layers, core_result, wait_until):
    """The toolbox runs algorithms as tasks on pooled threads. pyproj 3.7.0-3.7.2 crashed the
    second run on a reused thread (see gbda_plugin/threads.py); three runs must all work."""
    from qgis.core import QgsApplication, QgsProcessingAlgRunnerTask, QgsProcessingUtils

    algorithm = QgsApplication.processingRegistry().createAlgorithmById("gbda:share")
    expected = _core_areas(core_result.areas)
    for _ in range(3):
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        feedback = QgsProcessingFeedback()
        task = QgsProcessingAlgRunnerTask(algorithm, _params(polder_layers), context, feedback)
        done = {}
        task.executed.connect(lambda ok, results, done=done: done.update(ok=ok, results=results))
        QgsApplication.taskManager().addTask(task)
        wait_until(lambda done=done: "ok" in done)
        assert done["ok"]
        layer = QgsProcessingUtils.mapLayerFromString(done["results"]["OUTPUT"], context)
        pd.testing.assert_frame_equal(layer_table(layer), expected, check_dtype=False, rtol=1e-12)
