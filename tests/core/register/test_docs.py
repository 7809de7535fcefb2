"""The examples in docs/register.md run as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import psycopg
import shapely

from gbda_core.register.records import os_user

DOC = Path(__file__).resolve().parents[3] / "docs" / "register.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(), re.S)


def test_the_python_example_runs(tmp_path, monkeypatch, capsys):
    (code,) = blocks("python")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(DOC), "exec"), {})
    out = capsys.readouterr().out
    assert "2 rows: 2 added, 0 updated, 0 unchanged, 0 rejected" in out
    assert "['gepland', 'gepland']" in out
    assert (tmp_path / "stand.gpkg").is_file()
    history = gpd.read_file(tmp_path / "stand.gpkg", layer="history")
    assert history["changed_by"].tolist() == ["anna", "anna", "bert", os_user()]


def test_the_quick_start_runs(tmp_path, pg_cluster):
    (script,) = blocks("bash")[:1]
    hedges = gpd.GeoDataFrame(
        {"element_type": ["heg"] * 3, "planned": ["2024-01-10"] * 3,
         "id": ["6f1c4a52-6e0a-4a8e-9a55-3f0f4c1f8a01", None, None]},
        geometry=[shapely.LineString([(0, 20 * i), (100, 20 * i)]) for i in range(3)],
        crs=28992,
    )  # fmt: skip
    hedges.to_file(tmp_path / "heggen.gpkg")
    plan = gpd.GeoDataFrame(
        {"SOORT": ["Houtwal"], "DATUM": ["2024-02-01"]},
        geometry=[shapely.box(0, 100, 50, 105)],
        crs=28992,
    )
    plan.to_file(tmp_path / "plan.shp")
    (tmp_path / "pg_service.conf").write_text(
        f"[provincie]\nhost={pg_cluster.folder}\nport={pg_cluster.port}\n"
        "user=gbda_test\ndbname=gbda_register_test\n"
    )
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PGSERVICEFILE": str(tmp_path / "pg_service.conf"),
    }
    env.pop("GBDA_REGISTER", None)
    try:
        proc = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
    finally:
        with psycopg.connect(pg_cluster.conninfo, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS gbda_register CASCADE")
    assert proc.returncode == 0, proc.stderr
    assert "3 rows: 0 added, 0 updated, 3 unchanged, 0 rejected" in proc.stdout
    assert "6f1c4a52-6e0a-4a8e-9a55-3f0f4c1f8a01: aangelegd (version 2)" in proc.stdout
    assert "register ready: service=provincie (schema gbda_register)" in proc.stdout
    assert len((tmp_path / "changes.csv").read_text().splitlines()) == 1 + 4
    assert (tmp_path / "stand.gpkg").is_file()
