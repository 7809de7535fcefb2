"""The Python examples in docs/progress.md run as written and print what the text says."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "progress.md"


def examples() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)


def test_there_are_two_examples():
    assert len(examples()) == 2


def test_the_progress_example_runs(capsys):
    progress, _ = examples()
    exec(compile(progress, str(DOC), "exec"), {})
    out = capsys.readouterr().out
    # The numbers the worked example and the comments in the code give.
    assert "'realised_km': 58.0" in out
    assert "'forecast_date': '2041-09-09'" in out
    assert "'programme': '400 km'" in out
    assert re.search(r"2023\s+30\.0\s+2\.0\s+28\.0\s+58\.0", out)  # the cumulative curve
    assert re.search(r"noord\s+8\.0", out) and re.search(r"zuid\s+50\.0", out)


def test_the_change_example_runs(capsys):
    _, change = examples()
    exec(compile(change, str(DOC), "exec"), {})
    out = capsys.readouterr().out
    rows = {line.split()[1]: line.split()[2:] for line in out.splitlines()[1:]}
    # heg: gained 0.05 km and 0.005 ha; poel (redrawn 0.3 m off): no change.
    assert [float(v) for v in rows["heg"][:2]] == [0.05, 0.005]
    assert [float(v) for v in rows["poel"][:3]] == [0.0, 0.0, 0.0]
    assert float(rows["poel"][3]) == 0.02
