"""Code rules of the plugin: Qt via qgis.PyQt, clean .ui files, complete translations,
the core's option names, one algorithm per file."""

from __future__ import annotations

import ast
import typing
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from qgis.PyQt import uic

from gbda_core import denominator, share, targets
from gbda_core.readers import ogr
from gbda_plugin import core_options

from .conftest import REPO

PLUGIN = REPO / "gbda_plugin"
PY_FILES = sorted(PLUGIN.rglob("*.py"))
UI_FILES = sorted((PLUGIN / "ui").glob("*.ui"))


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_there_is_code_to_check():
    assert len(PY_FILES) > 15 and UI_FILES


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: p.relative_to(PLUGIN).as_posix())
def test_qt_only_through_qgis_pyqt(path: Path):
    direct = [n for n in _imports(path) if n.split(".")[0] in ("PyQt5", "PyQt6", "sip", "PySide2")]
    assert direct == [], f"import Qt through qgis.PyQt, not {direct}"


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_ui_files_are_clean_and_load(path: Path):
    root = ET.parse(path).getroot()
    assert root.find("connections") is None, "connect signals in Python, not in the .ui"
    headers = [h.text for h in root.iter("header")]
    assert all(h == "qgis.gui" for h in headers), (
        f"custom widgets must come from qgis.gui: {headers}"
    )
    form, base = uic.loadUiType(str(path))
    assert base.__name__ == root.find("widget").get("class")
    assert form.__name__ == f"Ui_{root.findtext('class')}"


def test_every_string_has_a_dutch_translation(build_module):
    ts = build_module.read_ts(PLUGIN / "i18n" / "gbda_plugin_nl.ts")
    strings = build_module.source_strings()
    assert sum(len(v) for v in strings.values()) > 50
    wanted = {(context, text) for context, texts in strings.items() for text in texts}
    missing = sorted(wanted - set(ts))
    assert missing == [], f"run: python3 gbda_plugin/build.py --update-ts, then translate {missing}"
    unfinished = sorted(key for key, (text, kind) in ts.items() if kind or not text)
    assert unfinished == [], f"untranslated or obsolete entries: {unfinished}"
    # Placeholders survive translation.
    for (context, source), (text, _) in ts.items():
        for token in ("{n}", "{t}", "{a}", "{b}", "{packages}", "{command}", "{layer}"):
            assert (token in source) == (token in text), (context, source)


def test_core_options_match_the_core():
    assert tuple(denominator.PROFILES) == core_options.PROFILES
    assert core_options.EXCLUSION_KINDS == denominator.EXCLUSION_KINDS
    assert typing.get_args(share.Mode) == core_options.MODES
    hints = typing.get_type_hints(targets.Targets)
    assert typing.get_args(hints["reading_2030"]) == core_options.READINGS_2030
    defaults = targets.Targets()
    assert defaults.target_2030_pct == core_options.TARGET_2030_PCT
    assert defaults.target_2050_pct == core_options.TARGET_2050_PCT
    assert core_options.DEFAULT_CRS == ogr.DEFAULT_CRS


def test_planning_and_register_options_match_the_core():
    import inspect

    from gbda_core import change, optimise, plan, progress, site, soilwater
    from gbda_core.register import DEFAULT_PROGRAMME, Status, importer

    assert (core_options.SOILS, core_options.WETNESS) == (soilwater.SOILS, soilwater.WETNESS)
    assert core_options.SITE_GEOMETRY_KINDS == site.GEOMETRY_KINDS
    assert typing.get_args(optimise.Objective) == core_options.OBJECTIVES
    assert typing.get_args(optimise.Method) == core_options.METHODS
    defaults = inspect.signature(plan.plan_layout).parameters
    assert defaults["beheer_years"].default == core_options.BEHEER_YEARS
    assert defaults["time_limit"].default == core_options.TIME_LIMIT_S
    assert tuple(s.value for s in Status) == core_options.REGISTER_STATUSES
    assert core_options.DEFAULT_PROGRAMME == DEFAULT_PROGRAMME
    assert core_options.REGISTER_IMPORT_FIELDS == importer.IMPORT_FIELDS
    assert ("year", *progress.GROUPINGS) == core_options.PROGRESS_BY
    assert core_options.TARGET_KM == progress.DEFAULT_TARGET_KM
    assert progress.DEFAULT_DEADLINE.isoformat() == core_options.DEADLINE
    assert core_options.TOLERANCE_M == change.DEFAULT_TOLERANCE_M


def test_every_option_has_a_label():
    from gbda_plugin import labels
    from natuurbouwstenen.schema import Group

    for names, mapping in (
        (core_options.SITE_GEOMETRY_KINDS, labels.CONTEXT_LABELS),
        (("", *core_options.SOILS), labels.SOIL_LABELS),
        (("", *core_options.WETNESS), labels.WETNESS_LABELS),
        (tuple(g.value for g in Group), labels.GROUP_LABELS),
        (core_options.OBJECTIVES, labels.OBJECTIVE_LABELS),
        (core_options.METHODS, labels.METHOD_LABELS),
        (core_options.REGISTER_STATUSES, labels.REGISTER_STATUS_LABELS),
        (core_options.PROGRESS_BY, labels.PROGRESS_BY_LABELS),
    ):
        assert tuple(mapping) == tuple(names)


def test_one_algorithm_per_file_and_a_small_provider():
    for path in sorted((PLUGIN / "processing" / "algorithms").glob("[!_]*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
        assert len(classes) == 1, path.name
        assert [b.id for b in classes[0].bases if isinstance(b, ast.Name)] == ["GbdaAlgorithm"]
        alg_id = next(
            n.value.elts[0].value
            for n in classes[0].body
            if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Tuple)
        )
        assert alg_id == path.stem
    provider = PLUGIN / "processing" / "provider.py"
    assert len(provider.read_text(encoding="utf-8").splitlines()) <= 60
