"""The catalogue browser's filters and detail card: plain Python, no QGIS needed."""

from __future__ import annotations

import ast
import tomllib
from html.parser import HTMLParser

import pytest

from gbda_plugin import catalogue_view as view
from natuurbouwstenen import load_catalogue

from .conftest import REPO

SHIPPED = REPO / "natuurbouwstenen" / "bouwstenen"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def raw() -> dict[str, dict]:
    """The shipped files read with tomllib: an oracle independent of the pydantic model."""
    return {p.stem: tomllib.loads(p.read_text("utf-8")) for p in sorted(SHIPPED.glob("*.toml"))}


def test_module_needs_no_qgis():
    tree = ast.parse((REPO / "gbda_plugin" / "catalogue_view.py").read_text("utf-8"))
    modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in modules if m.split(".")[0] in ("qgis", "PyQt5")]
    assert ".translation" not in modules and "marks" in modules


def test_group_water_en_oever_has_nine(catalogue):
    ids = [b.id for b in view.filter_bouwstenen(catalogue, group="water_en_oever")]
    assert ids == [
        "ecologisch_slootbeheer", "helofytenfilter", "klein_rietperceel",
        "natuurvriendelijke_oever", "onbemeste_slootkant", "plasberm", "poel", "rietzoom",
        "veenput",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"group": "houtig"},
        {"soil": "zand"},
        {"wetness": "nat"},
        {"position": "kade"},
        {"group": "houtig", "soil": "zand", "wetness": "droog"},
        {"group": "erf", "position": "slootkant"},
        {"soil": "veen", "wetness": "nat", "position": "slootkant"},
    ],
    ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none",
)
def test_filters_agree_with_the_files(catalogue, raw, filters):
    got = [b.id for b in view.filter_bouwstenen(catalogue, **filters)]
    keys = {"soil": "soils", "position": "positions", "wetness": "wetness"}
    expected = sorted(
        bid
        for bid, data in raw.items()
        if all(
            data["group"] == value if key == "group" else value in data[keys[key]]
            for key, value in filters.items()
        )
    )
    assert got == expected
    assert len(got) == (38 if not filters else len(expected))


def test_name_search(catalogue):
    assert [b.id for b in view.filter_bouwstenen(catalogue, text="POEL")] == ["erfpoel", "poel"]
    assert [b.id for b in view.filter_bouwstenen(catalogue, text="alder strip")] == ["elzensingel"]


def test_every_filter_value_has_a_label():
    assert set(view.GROUP_LABELS) == set(view.GROUPS)
    assert set(view.SOIL_LABELS) == set(view.SOILS) == {"veen", "klei", "zand"}
    assert set(view.WETNESS_LABELS) == set(view.WETNESS) == {"nat", "vochtig", "droog"}
    assert set(view.POSITION_LABELS) == set(view.POSITIONS)
    assert len(view.POSITIONS) == 8


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a":
            self.links.append(dict(attrs)["href"])


def _parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def test_card_has_every_section_and_links(catalogue):
    b = catalogue.get("elzensingel")
    card = _parse(view.bouwsteen_html(b, catalogue, lang="en"))
    text = " ".join(card.text)
    for part in (
        "Alder strip", "Elzensingel", b.description_en, "Group", "Woody", "line", "Counts as",
        "GBDA category: woody", "peat, clay", "wet, moist", "ditch bank, field edge",
        "Dimensions", "Width", "Length", "Spacing", "m", "Ecological value", b.ecology.value,
        "zangvogels", "Climate contribution", "Water retention", "medium",
        "Shades the ditch and shelters cattle.", "Management (beheer)", "afzetten (hakhoutbeheer)",
        "eens per 6-15 jaar afzetten, gefaseerd", "20 Hakhoutbeheer (elzensingel)",
        "Construction (aanleg)", "€ 5.00", "per m", "estimate", "€ 0.38", "sourced",
        "Combines well with", "Row of pollard willows", "Sources",
    ):  # fmt: skip
        assert part in text, part
    assert [link for link in card.links if link.startswith("bouwsteen:")] == [
        f"bouwsteen:{c}" for c in b.combinations
    ]
    for source in b.sources:
        assert source in card.links


def test_card_in_dutch_uses_the_dutch_texts(catalogue):
    b = catalogue.get("elzensingel")
    text = " ".join(_parse(view.bouwsteen_html(b, catalogue, lang="nl")).text)
    assert b.description in text and b.description_en not in text
    assert "€ 0,38" in text  # Dutch decimal comma
    assert "Knotwilgenrij" in text


def test_every_label_goes_through_tr(catalogue):
    marked = view.bouwsteen_html(catalogue.get("poel"), catalogue, tr=lambda s: f"⟦{s}⟧")
    plain = view.bouwsteen_html(catalogue.get("poel"), catalogue)
    for label in ("Group", "Geometry", "Soils", "Costs", "Sources", "Cooling", "per piece"):
        if label in plain:
            assert f"⟦{label}⟧" in marked, label


def test_card_escapes_text(catalogue):
    b = catalogue.get("poel").model_copy(update={"description_en": "deep <b>& wet</b> pond"})
    html = view.bouwsteen_html(b, catalogue)
    assert "deep &lt;b&gt;&amp; wet&lt;/b&gt; pond" in html


def test_unknown_cost_and_no_gbda_area(catalogue):
    none = [b for b in catalogue if b.counts_as == "none"]
    assert none
    text = " ".join(_parse(view.bouwsteen_html(none[0], catalogue)).text)
    assert "adds no GBDA area" in text
    unknown = [b for b in catalogue if b.costs.aanleg.unknown or b.costs.beheer_per_year.unknown]
    for b in unknown:
        assert "unknown" in " ".join(_parse(view.bouwsteen_html(b, catalogue)).text)
