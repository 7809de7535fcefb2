"""The examples in docs/catalogue.md and natuurbouwstenen/README.md run and say what they show."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "catalogue.md").read_text("utf-8")
README = (REPO / "natuurbouwstenen" / "README.md").read_text("utf-8")


def blocks(text, language):
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def gbda(line, cwd):
    args = line.split("#")[0].split()
    assert args[0] == "gbda", line
    return subprocess.run(
        [sys.executable, "-m", "gbda_core", *args[1:]],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_the_python_example_runs(capsys):
    (code,) = blocks(DOC, "python")
    exec(compile(code, "docs/catalogue.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("38 ('bloemrijke_berm', 'bosje', 'ecologisch_slootbeheer')\n")
    assert "Rietzoom rietzoom 3.0 m" in out
    assert "'natuurvriendelijke_oever'" in out and "'hoogstamboomgaard'" not in out
    assert "True 38 []" in out


def test_every_shell_example_runs(tmp_path, shipped_dir):
    shutil.copytree(shipped_dir, tmp_path / "provincie_zh")
    lines = [line for block in blocks(DOC, "bash") for line in block.splitlines() if line]
    assert len(lines) == 9
    for line in lines:
        proc = gbda(line, tmp_path)
        assert proc.returncode == 0, (line, proc.stderr)
        assert proc.stdout, line


def test_the_readme_validate_example_is_what_gbda_prints(tmp_path, shipped_dir, edit):
    folder = tmp_path / "provincie_zh"
    shutil.copytree(shipped_dir, folder)
    edit(folder / "poel.toml", 'soils = ["veen", "klei", "zand"]', 'soils = ["veen", "veengrond"]')
    edit(folder / "bosje.toml", '"poel",', '"vijver",')
    # The example sits in an indented code block: from its "$ gbda" line to the closing fence.
    lines = [line.strip() for line in README.splitlines()]
    start = lines.index("$ gbda catalogue validate provincie_zh/")
    shown = lines[start : lines.index("```", start)]
    proc = gbda(shown[0].removeprefix("$ "), tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == shown[1:]
