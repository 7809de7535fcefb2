"""The Python example of docs/planning.md runs on the sample polder and prints what it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "planning.md").read_text("utf-8")


def test_the_python_example_runs(tmp_path, monkeypatch, capsys):
    (code,) = re.findall(r"```python\n(.*?)```", DOC, re.S)
    (tmp_path / "sample_data").symlink_to(REPO / "sample_data")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "docs/planning.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    # Three suggestions, ranked 1-3, each with a score and an English reason.
    assert [line.split()[0] for line in lines[:3]] == ["1", "2", "3"]
    assert all(re.match(r"\d \w+ \d+\.\d (fits|less so|not checked): ", x) for x in lines[:3])
    method, optimal, share = lines[3].split()
    assert method == "exact" and optimal == "True" and float(share) >= 10.0
    assert (tmp_path / "plan.gpkg").is_file()


def test_every_option_named_in_the_doc_exists():
    from typer.testing import CliRunner

    from gbda_core.cli import app

    runner = CliRunner()
    helps = {c: runner.invoke(app, [c, "--help"], env={"COLUMNS": "200"}).output
             for c in ("suggest", "plan")}  # fmt: skip
    for option in set(re.findall(r"`(--[a-z-]+)", DOC)):
        assert any(option in h for h in helps.values()), option


@pytest.mark.parametrize("page", ["README.md", "docs/README.md"])
def test_the_page_is_linked(page):
    assert "planning.md" in (REPO / page).read_text("utf-8")
