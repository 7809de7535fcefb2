"""Tests for the element vocabulary (gbda_core/data/element_types.toml and its schema)."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from gbda_core.errors import ConfigError
from gbda_core.vocabulary import (
    Category,
    GeometryKind,
    Vocabulary,
    load_vocabulary,
    normalise_label,
)

EXPECTED_CODES = (
    # houtig
    "houtwal",
    "elzensingel",
    "bossingel",
    "bosje",
    "boomgroep",
    "hakhoutbosje",
    "griendje",
    "hoogstamboomgaard",
    "struweelhaag",
    "struweelrand",
    "heg",
    "laan",
    "bomenrij",
    "knotbomenrij",
    "knotboom",
    "solitaire_boom",
    # nat
    "poel",
    "natuurvriendelijke_oever",
    "rietzoom",
    "ecologisch_beheerde_sloot",
    "sloot",
    # kruidig
    "slootkant",
    "kruidenrijke_akkerrand",
    "bloemrijke_berm",
    "ruigte",
)

# The only gewascodes the domain reference confirms (docs/domain.md §2.2).
KNOWN_GEWASCODES = {
    2617: "boomgroep",
    2642: "bosje",
    2620: "poel",
    2621: "houtwal",
    2633: "rietzoom",
    2634: "natuurvriendelijke_oever",
}

# Index NL codes listed in docs/domain.md §4.1.
KNOWN_INDEX_CODES = {f"L01.{i:02d}" for i in range(1, 17)}

MINIMAL_TYPE = """
[[element_type]]
code = "heg"
name = "Knip- of scheerheg"
name_en = "Clipped hedge"
category = "houtig"
geometry = "line"
width_m = {{ value = 1, source = "{source}" }}
aliases = [{aliases}]
"""


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "element_types.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_file_loads(vocab: Vocabulary) -> None:
    assert len(vocab) == len(EXPECTED_CODES)


def test_shipped_file_loads_from_an_explicit_path() -> None:
    data = resources.files("gbda_core").joinpath("data/element_types.toml")
    with resources.as_file(data) as path:
        assert load_vocabulary(path).codes == load_vocabulary().codes


def test_codes_present_in_priority_order(vocab: Vocabulary) -> None:
    assert vocab.codes == EXPECTED_CODES


def test_line_types_have_width_and_point_types_have_area(vocab: Vocabulary) -> None:
    for et in vocab:
        if et.geometry is GeometryKind.LINE:
            assert et.width_m is not None, et.code
        if et.geometry is GeometryKind.POINT:
            assert et.point_area_m2 is not None, et.code


def test_area_types_often_drawn_as_lines_have_a_width(vocab: Vocabulary) -> None:
    for code in ("houtwal", "rietzoom", "natuurvriendelijke_oever"):
        assert vocab.get(code).width_m is not None, code
    assert vocab.get("poel").point_area_m2 is not None


def test_every_number_is_cited_or_an_assumption(vocab: Vocabulary) -> None:
    for et in vocab:
        sourced = [x.source for x in (et.width_m, et.point_area_m2, et.efa) if x is not None]
        for text in sourced:
            assert "https://" in text or "http://" in text or text.startswith("assumption:"), (
                et.code,
                text,
            )
        if et.brp_gewascode is not None:
            assert et.brp_source is not None and "http" in et.brp_source, et.code
        assert et.sources, et.code
        assert all(s.startswith(("https://", "http://")) for s in et.sources), et.code


def test_no_machine_paths_in_the_shipped_file() -> None:
    text = resources.files("gbda_core").joinpath("data/element_types.toml").read_text("utf-8")
    assert re.search(r"/(work|root|home|tmp)/", text) is None


def test_only_known_gewascodes_and_index_codes(vocab: Vocabulary) -> None:
    found = {et.brp_gewascode: et.code for et in vocab if et.brp_gewascode is not None}
    assert found == KNOWN_GEWASCODES
    for et in vocab:
        if et.index_nl is not None:
            assert et.index_nl in KNOWN_INDEX_CODES, et.code


def test_uncited_number_is_rejected_with_one_line_message(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL_TYPE.format(source="about one metre wide", aliases=""))
    with pytest.raises(ConfigError) as info:
        load_vocabulary(path)
    message = str(info.value)
    assert "\n" not in message
    assert "element_type.1.width_m.source" in message
    assert "(1 problem(s) in all)" in message  # no spurious "too short" for the type list


def test_empty_vocabulary_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="at least one"):
        load_vocabulary(_write(tmp_path, "element_type = []\n"))


def test_minimal_cited_file_is_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL_TYPE.format(source="assumption: a test value", aliases=""))
    assert load_vocabulary(path).codes == ("heg",)


def test_line_type_without_width_is_rejected(tmp_path: Path) -> None:
    text = MINIMAL_TYPE.format(source="assumption: x", aliases="")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("width_m"))
    with pytest.raises(ConfigError, match="width_m"):
        load_vocabulary(_write(tmp_path, text))


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_vocabulary(tmp_path / "nope.toml")


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="TOML"):
        load_vocabulary(_write(tmp_path, "[[element_type]\ncode = "))


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("KNIP- OF SCHEERHEG", "heg"),
        ("  Houtwal en houtsingel ", "houtwal"),
        ("houtwal", "houtwal"),
        ("HEG", "heg"),
        ("haag", "heg"),
        ("Knip- en scheerheg", "heg"),
        ("houtsingel", "houtwal"),
        ("Poel en klein historisch water", "poel"),
        ("Rietzoom  en klein rietperceel", "rietzoom"),
        ("Ruigtes op landbouwpercelen", "ruigte"),
        ("Elzensingel", "elzensingel"),
        ("Natuurvriendelijke oever", "natuurvriendelijke_oever"),
        ("Duurzaam slootbeheer", "ecologisch_beheerde_sloot"),
        ("knotwilg", "knotboom"),
        ("Knotwilgen", "knotbomenrij"),
        ("solitaire boom", "solitaire_boom"),
        ("natuurvriendelijke oever", "natuurvriendelijke_oever"),
    ],
)
def test_resolve_is_case_insensitive(vocab: Vocabulary, label: str, code: str) -> None:
    assert vocab.resolve(label) == code


@pytest.mark.parametrize("label", ["weiland", "", "Landschapselement overig", None])
def test_resolve_unknown_returns_none(vocab: Vocabulary, label: object) -> None:
    assert vocab.resolve(label) is None


def test_brp_crop_names_resolve(vocab: Vocabulary) -> None:
    # BRP landscape-element crop names (docs/domain.md §2.2) that have a type here.
    names = [
        "Sloot",
        "Houtwal en houtsingel",
        "Poel en klein historisch water",
        "Rietzoom en klein rietperceel",
        "Elzensingel",
        "Ruigtes op landbouwpercelen",
        "Boomgroep",
        "Bossingel",
        "Bosje",
        "Natuurvriendelijke oever",
        "Knip- of scheerheg",
        "Laan",
        "Struweelrand",
        "Struweelhaag",
        "Hakhoutbosje",
        "Griendje",
        "Hoogstamboomgaard",
    ]
    for name in names:
        assert vocab.resolve(name) is not None, name


def test_labels_unique_after_casefolding(vocab: Vocabulary) -> None:
    labels = [label for et in vocab for label in set(et.labels)]
    assert len(labels) == len(set(labels))
    assert normalise_label("  Knip-  of SCHEERHEG ") == "knip- of scheerheg"


def test_get_unknown_code_raises(vocab: Vocabulary) -> None:
    with pytest.raises(ConfigError, match="unknown element type"):
        vocab.get("moestuin")


def test_by_gewascode(vocab: Vocabulary) -> None:
    houtwal = vocab.by_gewascode(2621)
    assert houtwal is not None and houtwal.code == "houtwal"
    for gewascode, code in KNOWN_GEWASCODES.items():
        et = vocab.by_gewascode(gewascode)
        assert et is not None and et.code == code
    assert vocab.by_gewascode(9999) is None


def test_priority_orders_categories_then_file_order(vocab: Vocabulary) -> None:
    rank = vocab.priority()
    assert sorted(rank.values()) == list(range(len(vocab)))
    by_cat = {c: [rank[et.code] for et in vocab if et.category is c] for c in Category}
    assert max(by_cat[Category.HOUTIG]) < min(by_cat[Category.NAT])
    assert max(by_cat[Category.NAT]) < min(by_cat[Category.KRUIDIG])
    for ranks in by_cat.values():
        assert ranks == sorted(ranks)
    assert rank["ecologisch_beheerde_sloot"] < rank["sloot"]


def test_priority_uses_category_before_file_order(tmp_path: Path) -> None:
    text = """
[[element_type]]
code = "rand"
name = "Rand"
name_en = "Margin"
category = "kruidig"
geometry = "area"

[[element_type]]
code = "bos"
name = "Bos"
name_en = "Wood"
category = "houtig"
geometry = "area"
"""
    assert load_vocabulary(_write(tmp_path, text)).priority() == {"bos": 0, "rand": 1}


def test_duplicate_label_across_types_is_rejected(tmp_path: Path) -> None:
    text = (
        MINIMAL_TYPE.format(source="assumption: x", aliases='"Haag"')
        + """
[[element_type]]
code = "struweelhaag"
name = "Struweelhaag"
name_en = "Shrub hedge"
category = "houtig"
geometry = "area"
aliases = ["HAAG "]
"""
    )
    with pytest.raises(ConfigError, match="haag"):
        load_vocabulary(_write(tmp_path, text))


def test_duplicate_gewascode_is_rejected(tmp_path: Path) -> None:
    body = """
[[element_type]]
code = "{code}"
name = "{code}"
name_en = "{code}"
category = "houtig"
geometry = "area"
brp_gewascode = 2621
brp_source = "https://www.rvo.nl/onderwerpen/glb-2024/landschapselementen"
"""
    text = body.format(code="a") + body.format(code="b")
    with pytest.raises(ConfigError, match="gewascode"):
        load_vocabulary(_write(tmp_path, text))


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    text = MINIMAL_TYPE.format(source="assumption: x", aliases="") + 'colour = "green"\n'
    with pytest.raises(ConfigError, match="colour"):
        load_vocabulary(_write(tmp_path, text))


@pytest.mark.parametrize(
    ("code", "feature", "unit", "conversion", "weight", "efa_per_unit"),
    [
        # Annex X to Reg. (EU) 1307/2013 (Del. Reg. 639/2014), docs/domain.md §3.1:
        ("heg", "Hedges or wooded strips", "m", 5, 2, 10),  # 5 m x 2 = 10 m² per m
        ("solitaire_boom", "Isolated tree", "tree", 20, 1.5, 30),  # 20 m² x 1.5 = 30 m²
        ("sloot", "Ditches", "m", 3, 2, 6),  # 3 m x 2 = 6 m² per m
        ("kruidenrijke_akkerrand", "Field margins", "m", 6, 1.5, 9),  # 6 m x 1.5 = 9 m²
        ("bomenrij", "Trees in line", "m", 5, 2, 10),
        ("poel", "Ponds", "m2", 1, 1.5, 1.5),
        ("boomgroep", "Trees in group / field copses", "m2", 1, 1.5, 1.5),
    ],
)
def test_efa_factors_match_annex_x(
    vocab: Vocabulary,
    code: str,
    feature: str,
    unit: str,
    conversion: float,
    weight: float,
    efa_per_unit: float,
) -> None:
    efa = vocab.get(code).efa
    assert efa is not None
    assert efa.feature == feature
    assert efa.unit == unit
    assert efa.conversion == conversion
    assert efa.weight == weight
    assert efa.conversion * efa.weight == pytest.approx(efa_per_unit)


def test_types_without_efa_say_so(vocab: Vocabulary) -> None:
    for et in vocab:
        if et.efa is None:
            assert "efa is omitted" in et.description, et.code


def test_sloot_is_bruto_only(vocab: Vocabulary) -> None:
    text = vocab.get("sloot").description.lower()
    assert "bruto" in text and "netto" in text and "nothing" in text


def test_file_is_plain_toml_with_one_table_per_type() -> None:
    raw = tomllib.loads(
        resources.files("gbda_core").joinpath("data/element_types.toml").read_text("utf-8")
    )
    assert set(raw) == {"element_type"}
    assert [t["code"] for t in raw["element_type"]] == list(EXPECTED_CODES)
