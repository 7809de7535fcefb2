"""Data problems in Dutch reports: every kind the core reports has a Dutch name and explanation."""

from __future__ import annotations

import re
from pathlib import Path

import gbda_core
from gbda_core.problems import Problem, problem_for_rows
from gbda_core.report.parts import problems_table
from gbda_core.report.problem_texts import ACTIONS_NL, PROBLEM_KINDS_NL

CORE = Path(gbda_core.__file__).parent

# Where the core names a problem kind: the first argument of Problem(...), problem_for_rows(...)
# and a reader's report(...), or the kind of a (mask, kind, message) check tuple.
_KIND_AT_CALL = re.compile(
    r"(?:\bProblem|\bproblem_for_rows|\breport)\(\s*(?:kind=)?f?\"([a-z_{}]+)\"", re.S
)
_KIND_IN_CHECK = re.compile(
    r",\s*\"([a-z]+(?:_[a-z]+)+)\",\s*(?:\"[^\"]* [^\"]*\"|[A-Z][A-Z_]+\))", re.S
)


def _kinds_in_core() -> set[str]:
    kinds: set[str] = set()
    for path in CORE.rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        for kind in _KIND_AT_CALL.findall(code):
            if "{attribute}" in kind:  # soilwater: unknown_soil, no_wetness, ...
                kinds |= {kind.replace("{attribute}", a) for a in ("soil", "wetness")}
            else:
                kinds.add(kind)
        if "problem_for_rows(kind" in code.replace(" ", "").replace("\n", ""):
            kinds |= set(_KIND_IN_CHECK.findall(code))
    return kinds


def test_the_scan_finds_the_kinds_the_core_reports():
    # Guards the scan itself: kinds from each way the core names them must be found.
    found = _kinds_in_core()
    assert {
        "repaired_geometry",  # problem_for_rows("...")
        "raster_nodata",  # Problem("...")
        "in_onderzoek",  # report("...") in the BGT reader
        "outside_areas",  # (mask, kind, MESSAGE) checks in clip
        "removed_before_planted",  # (mask, kind, "message") checks in progress
        "unknown_wetness",  # f"unknown_{attribute}" in soilwater
    } <= found


def test_every_kind_the_core_reports_has_dutch_words():
    missing = _kinds_in_core() - set(PROBLEM_KINDS_NL)
    assert not missing, f"add Dutch words to gbda_core/report/problem_texts.py for: {missing}"


def test_every_dutch_entry_is_filled_in():
    for kind, (name, explanation) in PROBLEM_KINDS_NL.items():
        assert name.strip() and explanation.strip(), kind
    assert all(v.strip() for v in ACTIONS_NL.values())


def test_dutch_report_table_shows_dutch_words_and_keeps_the_specifics():
    problems = [
        problem_for_rows(
            "unmapped_type",
            [3, 7],
            "type value not in the vocabulary or the mapping; not counted",
            "not_counted",
            source="/data/hagen.gpkg",
            layer="hagen",
            value="Meidoornhaag",
        ),
        Problem("something_new", "an English message only", "a_new_action", count=1),
    ]
    nl = problems_table(problems, "nl")
    en = problems_table(problems, "en")
    first_nl = [c.text for c in nl.rows[0]]
    assert first_nl == [
        "onbekend type",
        "hagen.gpkg|hagen",
        "Meidoornhaag",
        "2",
        "niet meegeteld",
        PROBLEM_KINDS_NL["unmapped_type"][1],
        "3, 7",
    ]
    # An unknown kind falls back to the core's own words rather than to nothing.
    assert [c.text for c in nl.rows[1]][0::4] == ["something_new", "a_new_action"]
    assert nl.rows[1][5].text == "an English message only"
    # English reports show the core's codes and messages unchanged.
    assert en.rows[0][0].text == "unmapped_type"
    assert en.rows[0][4].text == "not_counted"
    assert en.rows[0][5].text.startswith("type value not in the vocabulary")
