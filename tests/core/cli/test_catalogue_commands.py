"""``gbda catalogue list|show|validate`` run as users run them: subprocess, exit code, stderr."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SHIPPED = Path(__file__).resolve().parents[3] / "natuurbouwstenen" / "bouwstenen"


def gbda(*args, columns=None):
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns:
        env["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-m", "gbda_core", "catalogue", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


@pytest.fixture
def broken(tmp_path):
    """A province folder with two broken files (bad TOML, unknown combination)."""
    folder = tmp_path / "provincie"
    shutil.copytree(SHIPPED, folder)
    poel = folder / "poel.toml"
    poel.write_text(poel.read_text("utf-8").replace('name = "Poel"', 'name = "Poel'), "utf-8")
    bosje = folder / "bosje.toml"
    bosje.write_text(bosje.read_text("utf-8").replace('"poel",', '"vijver",', 1), "utf-8")
    return folder


def test_list_shows_every_id_uncut_in_a_pipe():
    proc = gbda("list")
    assert proc.returncode == 0, proc.stderr
    assert "Natuurbouwstenen (38 of 38)" in proc.stdout
    for name in SHIPPED.glob("*.toml"):
        assert f" {name.stem} " in proc.stdout  # whole ids, not "kruidenrijke_gras…"
    assert "ecologisch_beheerde_sloot" in proc.stdout and "…" not in proc.stdout


def test_list_group_as_json():
    proc = gbda("list", "--group", "houtig", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert len(rows) == 11
    assert {r["group"] for r in rows} == {"houtig"}
    assert {r["category"] for r in rows} == {"houtig"}
    assert set(rows[0]) == {"id", "name", "group", "geometry", "counts_as", "category"}


def test_list_all_as_json_marks_bouwstenen_without_gbda_area():
    rows = {r["id"]: r for r in json.loads(gbda("list", "--format", "json").stdout)}
    assert len(rows) == 38
    assert rows["nestkast"]["counts_as"] == "none" and rows["nestkast"]["category"] is None
    assert rows["plasberm"]["category"] == "nat"


def test_show_lists_every_field():
    proc = gbda("show", "knotwilgenrij", columns=200)
    assert proc.returncode == 0, proc.stderr
    for label in (
        "Knotwilgenrij (knotwilgenrij)",
        "Row of pollard willows",
        "counts_as                knotbomenrij (GBDA category houtig)",
        "dimensions.spacing_m",
        "climate.cooling",
        "management.anlb_package",
        "21 Beheer van bomenrijen",
        "costs.beheer_per_year",
        "EUR 8.59 per piece, sourced",
        "sources",
    ):
        assert label in proc.stdout, label


def test_show_as_json_is_the_whole_bouwsteen():
    proc = gbda("show", "rietzoom", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["id"] == "rietzoom" and data["counts_as"] == "rietzoom"
    assert data["dimensions"]["width_m"]["min"] == 2.0
    assert data["costs"]["beheer_per_year"]["amount"] == 0.42
    assert data["management"]["anlb_package"].startswith("11 ")


def test_show_unknown_id_is_one_line_and_exit_2():
    proc = gbda("show", "rietzom")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("gbda: error: natuurbouwstenen/bouwstenen: unknown bouwsteen")
    assert "did you mean 'rietzoom'?" in lines[0]


def test_validate_the_shipped_catalogue():
    proc = gbda("validate")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "OK: 38 bouwsteen files in natuurbouwstenen/bouwstenen are valid"


def test_validate_a_good_province_folder(tmp_path):
    folder = tmp_path / "provincie"
    shutil.copytree(SHIPPED, folder)
    proc = gbda("validate", folder)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"OK: 38 bouwsteen files in {folder} are valid"


def test_validate_reports_every_broken_file_on_its_own_line(broken):
    proc = gbda("validate", broken)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 3, lines
    assert lines[0] == (
        f"{broken / 'bosje.toml'}: combinations: unknown bouwsteen 'vijver' "
        "(use ids of this catalogue)"
    )
    assert lines[1].startswith(f"{broken / 'poel.toml'}: not a valid TOML file")
    assert lines[2] == f"gbda: error: 2 of 38 bouwsteen files in {broken} are broken"


def test_validate_as_json_for_scripts(broken):
    proc = gbda("validate", broken, "--format", "json")
    assert proc.returncode == 2
    report = json.loads(proc.stdout)
    assert report["valid"] is False and report["files"] == 38
    assert [p["file"] for p in report["problems"]] == [
        str(broken / "bosje.toml"),
        str(broken / "poel.toml"),
    ]


def test_list_and_show_refuse_a_broken_folder_in_one_line(broken):
    proc = gbda("list", "--folder", broken)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"gbda: error: {broken / 'bosje.toml'}: combinations:")
    assert "1 more broken file(s)" in lines[0]


def test_list_reads_a_yaml_province_folder(tmp_path):
    import tomllib

    import yaml

    folder = tmp_path / "yaml"
    folder.mkdir()
    for path in SHIPPED.glob("*.toml"):
        data = tomllib.loads(path.read_text("utf-8"))
        (folder / f"{path.stem}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    proc = gbda("list", "--folder", folder, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 38


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "nowhere"], "gbda: error: nowhere: not a folder of bouwsteen files"),
        (["list", "--format", "csv"], "gbda: error: unknown format 'csv' (use table or json)"),
        (["list", "--group", "bos"], "gbda: error: unknown group 'bos' (use one of water_en_oever"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(args, message):
    proc = gbda(*args)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message)
