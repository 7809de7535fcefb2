"""docs/report.md: the Python example runs, the commands use options that exist, images exist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DOC = REPO / "docs" / "report.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_python_example_runs(tmp_path, monkeypatch, capsys):
    (code,) = blocks("python")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(DOC), "exec"), {})
    assert capsys.readouterr().out.split() == ["share_report.html", "share_map"]
    assert (tmp_path / "rapport" / "share_report.html").is_file()
    english = (tmp_path / "report" / "share_report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english


def test_every_option_in_the_commands_exists():
    (script,) = blocks("bash")
    commands = [" ".join(c.split()) for c in script.replace("\\\n", " ").splitlines()]
    commands = [c.split("#")[0] for c in commands if c.startswith("gbda ")]
    assert {c.split()[1] for c in commands} == {
        "share",
        "share-raster",
        "plan",
        "progress",
        "report",
        "demo",
    }
    helps: dict[str, str] = {}
    for command in commands:
        name = command.split()[1]
        if name not in helps:
            proc = subprocess.run([sys.executable, "-m", "gbda_core", name, "--help"],
                                  capture_output=True, text=True, check=True,
                                  env={"COLUMNS": "200", "TERM": "dumb", "PATH": ""})  # fmt: skip
            helps[name] = proc.stdout
        for option in re.findall(r"(--[a-z][a-z0-9-]*)", command):
            assert option in helps[name], (name, option)


def test_the_screenshots_exist():
    images = re.findall(r"\]\((img/[^)]+)\)", DOC.read_text(encoding="utf-8"))
    assert images == ["img/report_share.png", "img/report_plan.png", "img/report_progress.png"]
    for image in images:
        assert (DOC.parent / image).stat().st_size > 10_000
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/img/report_share.png" in readme and "docs/report.md" in readme
    assert "report.md" in (REPO / "docs" / "README.md").read_text(encoding="utf-8")
