"""The plugin zip holds what QGIS needs and installs and runs as QGIS would load it."""

from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from qgis.PyQt.QtCore import QTranslator

from gbda_core.jobs import share_from_files

from .conftest import ALGORITHMS, POLDER, REPO

CHILD = Path(__file__).resolve().parent / "qgis_child.py"


@pytest.fixture(scope="module")
def names(built_zip: Path) -> list[str]:
    with zipfile.ZipFile(built_zip) as archive:
        assert archive.testzip() is None
        return archive.namelist()


def test_one_top_folder_with_the_package(names):
    assert {name.split("/")[0] for name in names} == {"gbda_plugin"}
    for required in (
        "gbda_plugin/__init__.py",
        "gbda_plugin/metadata.txt",
        "gbda_plugin/plugin.py",
        "gbda_plugin/icons/gbda.svg",
        "gbda_plugin/i18n/gbda_plugin_nl.qm",
        "gbda_plugin/styles/share_result.qml",
        "gbda_plugin/styles/layout.qml",
        "gbda_plugin/styles/register.qml",
        "gbda_plugin/styles/change_gained.qml",
        "gbda_plugin/styles/change_lost.qml",
        "gbda_plugin/ui/share_dock.ui",
        "gbda_plugin/processing/provider.py",
        *(
            f"gbda_plugin/processing/algorithms/{name.removeprefix('gbda:')}.py"
            for name in ALGORITHMS
        ),
        "gbda_plugin/vendor/gbda_core/__init__.py",
        "gbda_plugin/vendor/gbda_core/share.py",
        "gbda_plugin/vendor/gbda_core/data/element_types.toml",
        "gbda_plugin/vendor/gbda_core/data/bgt_classes.toml",
        "gbda_plugin/vendor/natuurbouwstenen/__init__.py",
    ):
        assert required in names, required


def test_every_source_file_is_in_the_zip(names):
    """Nothing of the plugin, the core or the catalogue is left behind."""
    for package, prefix in (
        ("gbda_plugin", "gbda_plugin/"),
        ("gbda_core", "gbda_plugin/vendor/gbda_core/"),
        ("natuurbouwstenen", "gbda_plugin/vendor/natuurbouwstenen/"),
    ):
        for path in (REPO / package).rglob("*"):
            relative = path.relative_to(REPO / package).as_posix()
            skipped = "__pycache__" in relative or path.suffix in (".pyc", ".ts") or path.is_dir()
            if skipped or relative in ("build.py", "vendor") or relative.startswith("vendor/"):
                continue
            assert prefix + relative in names, relative


def test_no_build_leftovers(names):
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".ts"))]
    assert "gbda_plugin/build.py" not in names
    assert not [n for n in names if "/tests/" in n or n.startswith("gbda_plugin/vendor/tests")]


def test_metadata_in_zip_parses_and_matches(built_zip: Path, metadata):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    with zipfile.ZipFile(built_zip) as archive:
        parser.read_string(archive.read("gbda_plugin/metadata.txt").decode("utf-8"))
    assert dict(parser["general"]) == dict(metadata["general"])
    icon = parser["general"]["icon"]
    with zipfile.ZipFile(built_zip) as archive:
        assert f"gbda_plugin/{icon}" in archive.namelist()
    from gbda_core import __version__

    assert parser["general"]["version"] == __version__


def test_dutch_translation_compiled(built_zip: Path, tmp_path: Path):
    with zipfile.ZipFile(built_zip) as archive:
        qm = tmp_path / "gbda_plugin_nl.qm"
        qm.write_bytes(archive.read("gbda_plugin/i18n/gbda_plugin_nl.qm"))
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("GBDA", "Share per area") == "Aandeel per gebied"
    assert translator.translate("ShareDockBase", "Run") == "Uitvoeren"
    assert translator.translate("GBDA", "Plan a layout") == "Inrichting plannen"
    assert translator.translate("GBDA", "Register and progress") == "Register en voortgang"


def test_same_sources_same_zip(build_module, built_zip: Path, tmp_path: Path):
    again = build_module.build(tmp_path / "again.zip")
    assert again.read_bytes() == built_zip.read_bytes()


def test_build_fails_clearly_without_lrelease(build_module, tmp_path: Path):
    with pytest.raises(build_module.BuildError, match="lrelease-missing not found"):
        build_module.build(tmp_path / "x.zip", lrelease="lrelease-missing")
    assert not (tmp_path / "x.zip").exists()


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_installed_zip_loads_and_runs_like_in_qgis(built_zip: Path, tmp_path: Path, locale: str):
    """Unzip into a plugin folder (what "Install from ZIP" does), then load it with
    qgis.utils in a fresh QGIS: it must use its bundled core, run gbda:share and unload."""
    plugins = tmp_path / "plugins"
    with zipfile.ZipFile(built_zip) as archive:
        archive.extractall(plugins)
    run = subprocess.run(
        [sys.executable, str(CHILD), "install", str(plugins), str(POLDER), locale],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    [line] = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    report = json.loads(line.removeprefix("RESULT "))
    assert report["available"] and report["loaded"] and report["started"]
    assert report["plugin_file"].startswith(str(plugins))
    assert report["core_file"].startswith(str(plugins / "gbda_plugin" / "vendor"))
    expected = "Aandeel per gebied" if locale == "nl" else "Share per area"
    assert report["display_name"] == expected
    core = share_from_files(
        f"{POLDER}|layername=gebieden",
        [f"{POLDER}|layername=elementen_lijnen"],
        id_field="gebied_id",
        type_field="type",
    )
    expected_shares = dict(zip(core.areas.area_id, core.areas.share_pct, strict=True))
    assert report["shares"] == pytest.approx(expected_shares, rel=1e-12)
    assert report["messages"] == []
    assert report["unloaded"] and not report["provider_after_unload"]
