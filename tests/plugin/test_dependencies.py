"""A missing Python package: the plugin loads, says once what to install, disables its tools."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from qgis.core import Qgis, QgsApplication

from gbda_plugin.dependencies import (
    NOT_CHECKED,
    REQUIREMENTS,
    Missing,
    check_requirements,
    missing_message,
)

from .conftest import ALGORITHMS, REPO

CHILD = Path(__file__).resolve().parent / "qgis_child.py"


def _this_checkout_first() -> str:
    """PYTHONPATH that finds this checkout's packages before an installed (editable) copy."""
    rest = os.environ.get("PYTHONPATH", "")
    return str(REPO) + (os.pathsep + rest if rest else "")


def _child(*args: str) -> dict:
    run = subprocess.run(
        [sys.executable, str(CHILD), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": _this_checkout_first()},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    [line] = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT "))


def test_requirements_match_pyproject():
    """The plugin checks what the core declares, with the same minimum versions; every other
    dependency is listed as not needed by the plugin, with the reason."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {}
    for spec in pyproject["project"]["dependencies"]:
        name, _, minimum = spec.partition(">=")
        declared[name.split("[")[0].strip()] = minimum.strip()
    checked = {r.dist: r.minimum for r in REQUIREMENTS}
    assert checked == {k: v for k, v in declared.items() if k in checked}
    assert set(declared) == set(checked) | set(NOT_CHECKED)


def test_all_present_here():
    assert check_requirements() == []


def test_old_version_is_reported(monkeypatch):
    monkeypatch.setattr(
        "importlib.metadata.version", lambda dist: "1.8.5" if dist == "shapely" else "99"
    )
    [missing] = check_requirements()
    assert missing.requirement.dist == "shapely" and missing.found == "1.8.5"
    text = missing_message([missing])
    assert "shapely>=2.1 (found 1.8.5)" in text
    assert 'python3 -m pip install "shapely>=2.1"' in text


def test_missing_module_in_process(monkeypatch, load_plugin, plugin_iface):
    monkeypatch.setitem(sys.modules, "pyogrio", None)  # find_spec then says: not installed
    plugin = load_plugin()
    provider = QgsApplication.processingRegistry().providerById("gbda")
    assert provider is plugin.provider
    assert provider.algorithms() == []
    assert "pyogrio" in provider.warningMessage()
    assert not plugin.share_action.isEnabled()
    assert len(plugin.actions) == 5 and not any(a.isEnabled() for a in plugin.actions.values())
    [message] = plugin_iface.messageBar().get_messages(Qgis.Warning)
    assert "pyogrio>=0.9" in message and "pip install" in message
    assert message.count("\n") == 0


@pytest.mark.parametrize("blocked", ["geopandas,pyogrio", "shapely"])
def test_missing_packages_fresh_qgis(blocked):
    report = _child("load", blocked)
    [(text, level)] = report["messages"]
    assert level == int(Qgis.Warning)
    for name in blocked.split(","):
        assert name in text
    assert "pip install" in text and "GBDA tools are disabled" in text
    assert report["provider"] and report["algorithms"] == []
    assert report["warning"] == text
    assert report["action_enabled"] is False
    assert report["provider_after_unload"] is False


def test_load_imports_nothing_heavy():
    """Start-up stays light: no geopandas, pandas, shapely or pyproj until a tool runs."""
    report = _child("load", "")
    assert report["plugin_file"] == str(REPO / "gbda_plugin" / "__init__.py")
    assert report["messages"] == []
    assert sorted(report["algorithms"]) == ALGORITHMS
    assert report["action_enabled"] is True
    assert report["imported"] == []


def test_message_lists_everything_once():
    missing = [Missing(r) for r in REQUIREMENTS[:2]]
    text = missing_message(missing, ["gbda_core"])
    assert text.count("GBDA tools are disabled") == 1
    assert '"numpy>=1.24" "pandas>=2.0"' in text
    assert "reinstall the plugin zip" in text
