"""Words in both languages, numbers in each language's style, and figures that leak nothing."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import matplotlib
import pytest

from gbda_core.errors import ConfigError
from gbda_core.report import figures
from gbda_core.report.strings import STRINGS, check_lang, date, euro, num, pct, target_pct, text

REPORT = Path(__file__).resolve().parents[3] / "gbda_core" / "report"


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_string_has_both_languages_with_the_same_fields():
    for key, (nl, en) in STRINGS.items():
        assert nl.strip() and en.strip(), key
        assert fields(nl) == fields(en), key


def test_every_key_used_exists():
    used = set()
    for path in REPORT.rglob("*"):
        if path.suffix in (".py", ".j2"):
            source = path.read_text(encoding="utf-8")
            used |= set(re.findall(r"""\b(?:t|text)\(\s*["']([a-z0-9_]+)["']""", source))
    assert used, "the scan found nothing"
    assert sorted(used - set(STRINGS)) == []


def test_numbers_and_dates_in_each_language():
    assert num(1234.567, "nl", 2) == "1.234,57"
    assert num(1234.567, "en", 2) == "1,234.57"
    assert num(float("nan"), "nl") == "–" and num(None, "en") == "–"
    assert pct(3.876, "nl", 2) == "3,88 %"
    assert target_pct(5.0, "nl") == "5 %" and target_pct(7.5, "en") == "7.5 %"
    assert euro(1250.0, "nl") == "€ 1.250" and euro(float("nan"), "en") == "–"
    assert date(dt.date(2030, 12, 31), "nl") == "31 december 2030"
    assert date(dt.date(2030, 12, 31), "en") == "31 December 2030"
    assert text("status_meets_2030", "en", t30="5 %", t50="10 %") == "meets 5 % (2030)"


def test_unknown_language_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown language 'de'"):
        check_lang("de")


def test_share_classes_get_darker_from_class_to_class():
    luminance = [figures.relative_luminance(c) for c in figures.SHARE_CLASS_COLOURS]
    assert luminance == sorted(luminance, reverse=True)
    assert len(set(luminance)) == len(luminance)
    # Okabe-Ito for categories; neighbours in a legend differ clearly in lightness or hue.
    assert set(figures.CATEGORICAL) <= set(figures.OKABE_ITO.values())


def test_figures_leave_no_global_state(sample_share):
    from gbda_core.report.charts import share_bars
    from gbda_core.report.maps import share_map

    # geopandas imports pyplot, whose import settles the backend once; take the state after it.
    pyplot = __import__("matplotlib.pyplot", fromlist=["get_fignums"])
    before = dict(matplotlib.rcParams)
    open_before = list(pyplot.get_fignums())
    with figures.styled():
        fig = share_map(sample_share.areas, 5.0, 10.0, "nl")
        rendered = figures.render(fig, "map", "alt", svg=True)
        figures.render(share_bars(sample_share.areas, 5.0, 10.0, "nl"), "bars", "alt")
    assert pyplot.get_fignums() == open_before  # nothing registered with pyplot
    assert dict(matplotlib.rcParams) == before
    assert rendered.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert rendered.data_uri.startswith("data:image/png;base64,iVBORw0KGgo")
    assert rendered.svg is not None and "<svg" in rendered.svg
    assert sorted(rendered.files()) == ["map.png", "map.svg"]
