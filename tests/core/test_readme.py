"""The README's Python example runs as written (from the repository folder)."""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_readme_python_example_runs(tmp_path, capsys):
    text = (REPO / "README.md").read_text()
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    assert 'write_share(result, "share.gpkg")' in code
    code = code.replace('"share.gpkg"', repr(str(tmp_path / "share.gpkg")))
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert (tmp_path / "share.gpkg").is_file()
    out = capsys.readouterr().out
    assert "polder" in out and "unmapped_type" in out
