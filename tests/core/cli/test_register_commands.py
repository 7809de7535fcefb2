"""``gbda register ...`` run as users run it: a subprocess, exit codes, stdout and stderr."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from gbda_core.register.model import REGISTER_TZ

REPO = Path(__file__).resolve().parents[3]


def gbda(*args, cwd=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "gbda_core", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        # This checkout's gbda, whatever the environment has installed.
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        check=False,
    )


@pytest.fixture
def folder(tmp_path):
    """A working folder with a batch of five rows in ``plan.gpkg|heggen`` (rows 2 and 4 bad)."""
    rows = gpd.GeoDataFrame(
        {
            "soort": ["heg", "bankje", "Houtwal", "heg", "struweelhaag"],
            "datum": ["2024-01-10", "2024-01-10", "2024-02-01", "morgen", None],
        },
        geometry=[
            shapely.LineString([(0, 0), (100, 0)]),
            shapely.LineString([(0, 10), (100, 10)]),
            shapely.box(0, 20, 60, 25),
            shapely.LineString([(0, 30), (100, 30)]),
            shapely.LineString([(0, 40), (50, 40)]),
        ],
        crs=28992,
    )
    rows.to_file(tmp_path / "plan.gpkg", layer="heggen")
    return tmp_path


MAP = ["--map", "element_type=soort", "--map", "planned=datum"]


def one_line_errors(proc):
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr
    return lines


def test_init_creates_register_gpkg_here_and_is_harmless_twice(folder):
    first = gbda("register", "init", cwd=folder)
    assert first.returncode == 0, first.stderr
    assert "register ready: register.gpkg (schema version 3)" in first.stdout
    assert gbda("register", "init", cwd=folder).returncode == 0
    assert {name for name, _ in pyogrio.list_layers(folder / "register.gpkg")} >= {
        "elements",
        "history",
    }


def test_import_reports_rejected_rows_one_line_each_and_imports_the_rest(folder):
    assert gbda("register", "init", cwd=folder).returncode == 0
    proc = gbda("register", "import", "plan.gpkg", *MAP, cwd=folder)
    assert proc.returncode == 0, proc.stderr
    assert one_line_errors(proc) == [
        "rejected plan.gpkg|heggen: feature id 2: unknown element type 'bankje' "
        "(see 'gbda types', or map it)",
        "rejected plan.gpkg|heggen: feature id 4: planned 'morgen' is not a date (use YYYY-MM-DD)",
    ]
    assert "5 rows: 3 added, 0 updated, 0 unchanged, 2 rejected" in proc.stdout
    again = gbda("register", "import", "plan.gpkg|layername=heggen", *MAP, cwd=folder)
    assert "5 rows: 0 added, 0 updated, 3 unchanged, 2 rejected" in again.stdout
    state = gpd.read_file(folder / "register.gpkg", layer="elements")
    assert sorted(state["element_type"]) == ["heg", "houtwal", "struweelhaag"]


def test_strict_import_exits_2_and_changes_nothing(folder):
    gbda("register", "init", cwd=folder)
    proc = gbda("register", "import", "plan.gpkg", *MAP, "--strict", cwd=folder)
    assert proc.returncode == 2
    lines = one_line_errors(proc)
    assert [line.split(":")[1] for line in lines[:2]] == [" feature id 2", " feature id 4"]
    assert lines[2].startswith("gbda: error: plan.gpkg, layer heggen: 2 of 5 rows rejected")
    assert len(lines) == 3
    assert len(gpd.read_file(folder / "register.gpkg", layer="elements")) == 0


def test_a_batch_with_no_good_row_exits_2(folder):
    gbda("register", "init", cwd=folder)
    proc = gbda("register", "import", "plan.gpkg", "--map", "element_type=datum", cwd=folder)
    assert proc.returncode == 2
    lines = one_line_errors(proc)
    assert len(lines) == 6
    assert lines[-1].startswith("gbda: error: plan.gpkg, layer heggen: no row could be imported")


def test_set_status_history_and_export(folder):
    store = ["--store", folder / "r.gpkg"]
    gbda("register", "init", *store)
    gbda("register", "import", folder / "plan.gpkg", *MAP, "--user", "anna", *store)
    changes = json.loads(gbda("register", "history", "--format", "json", *store).stdout)
    assert [c["changed_by"] for c in changes] == ["anna"] * 3
    hedge = next(c["element_id"] for c in changes if c["element_type"] == "struweelhaag")

    ahead = gbda("register", "set-status", hedge, "aangelegd", "--date", "2099-01-01", *store)
    assert ahead.returncode == 2
    assert one_line_errors(ahead) == [
        f"gbda: error: element {hedge}: planted 2099-01-01 is in the future (today is "
        f"{dt.datetime.now(REGISTER_TZ).date().isoformat()}); "
        "record an event once it has happened"
    ]
    done = gbda("register", "set-status", hedge, "aangelegd", "--date", "2024-03-15", *store)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{hedge}: aangelegd (version 2)"
    refused = gbda("register", "set-status", hedge, "gepland", *store)
    assert refused.returncode == 2
    assert one_line_errors(refused) == [
        f"gbda: error: element {hedge}: status change aangelegd -> gepland is not allowed "
        "(from aangelegd: gecontroleerd, verdwenen)"
    ]

    log = pd.read_csv(
        pd.io.common.StringIO(gbda("register", "history", hedge, "--format", "csv", *store).stdout)
    )
    assert log["version"].tolist() == [1, 2]
    assert log["status"].tolist() == ["gepland", "aangelegd"]
    assert log["planted"].fillna("").tolist() == ["", "2024-03-15"]
    assert log["changed_at"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z").all()

    before = json.loads(gbda("register", "history", "--at", "2000-01-01", "--format", "json",
                             *store).stdout)  # fmt: skip
    now = json.loads(gbda("register", "history", "--at", "2999-01-01", "--format", "json",
                          *store).stdout)  # fmt: skip
    assert (len(before), len(now)) == (0, 3)
    assert {r["status"] for r in now} == {"gepland", "aangelegd"}
    table = gbda("register", "history", *store)
    assert table.returncode == 0 and "changes (4)" in table.stdout

    assert gbda("register", "export", folder / "out.gpkg", *store).returncode == 0
    exported = gpd.read_file(folder / "out.gpkg", layer="elements")
    assert len(exported) == 3
    assert gbda("register", "export", folder / "old.csv", "--at", "2000-01-01", *store).stdout
    assert pd.read_csv(folder / "old.csv").empty
    bad = gbda("register", "export", folder / "out.shp", *store)
    assert bad.returncode == 2 and "unknown export format '.shp'" in bad.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["register", "history"], "no register here"),
        (["register", "init", "--store", "plan.gpkg"], "GeoPackage with other layers (heggen)"),
        (["register", "import", "plan.gpkg", "--map", "soort"], "bad field mapping 'soort'"),
        (["register", "import", "plan.gpkg"], "no element_type field"),
        (["register", "import", "nothere.gpkg"], "file not found"),
        (["register", "history", "--format", "xml"], "unknown format 'xml'"),
        (["register", "init", "--store", "register.sqlite"], "unknown register store"),
        (["register", "set-status", "abc", "aangelegd"], "'abc' is not an element id"),
    ],
)
def test_user_errors_exit_2_with_one_line(folder, args, expected):
    if args[1] != "history" or "--format" in args:
        gbda("register", "init", cwd=folder)
    proc = gbda(*args, cwd=folder)
    assert proc.returncode == 2, proc.stderr
    lines = one_line_errors(proc)
    assert len(lines) == 1, proc.stderr
    assert expected in lines[0]


def test_the_store_can_come_from_the_environment(folder):
    env = {"GBDA_REGISTER": str(folder / "from_env.gpkg")}
    assert gbda("register", "init", env=env).returncode == 0
    assert (folder / "from_env.gpkg").is_file()
