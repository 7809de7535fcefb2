"""`gbda demo` on the committed sample polder."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def test_demo_writes_results_and_parts_add_up(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "gbda_core", "demo", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    for suffix in (".gpkg", ".csv", ".json"):
        path = tmp_path / "out" / f"gbda_share{suffix}"
        assert path.is_file() and str(path.name) in proc.stdout
    payload = json.loads((tmp_path / "out" / "gbda_share.json").read_text())
    areas = {a["area_id"]: a for a in payload["areas"]}
    assert set(areas) == {"polder", "noord", "midden", "zuid"}
    parts = [areas[k] for k in ("noord", "midden", "zuid")]
    # The deelgebieden tile the polder, so rural land and element area add up.
    for col in ("area_ha", "rural_ha", "element_ha", "woody_ha", "wet_ha", "herb_ha"):
        assert sum(p[col] for p in parts) == pytest.approx(areas["polder"][col], rel=1e-9)
    # Both outcomes show: one deelgebied above 5 %, others below.
    assert {p["status"] for p in parts} >= {"meets_2030", "below_2030"}
    problems = {(p["kind"], p["value"]) for p in payload["problems"]}
    assert ("unmapped_type", "bankje") in problems
    assert payload["settings"]["profile"] == "aanvalsplan"
