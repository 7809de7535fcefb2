"""Type mapping files, type assignment and width parsing (gbda_core.mapping)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gbda_core.errors import ConfigError
from gbda_core.mapping import assign_element_types, load_type_mapping, read_widths
from gbda_core.vocabulary import load_vocabulary

VOC = load_vocabulary()

TOML = """\
[mapping]
"Knotwilgen" = "knotbomenrij"
"meidoornhaag" = "Heg"
"bankje" = ""
"2620" = "poel"
"""

YAML = """\
mapping:
  Knotwilgen: knotbomenrij
  meidoornhaag: Heg
  bankje: ""
  2620: poel
"""

CSV = """\
value,element_type
Knotwilgen,knotbomenrij
meidoornhaag,Heg
bankje,
2620,poel
"""

EXPECTED = {"knotwilgen": "knotbomenrij", "meidoornhaag": "heg", "bankje": "", "2620": "poel"}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def by_kind(problems):
    return {p.kind: p for p in problems}


@pytest.mark.parametrize(
    ("name", "text"),
    [("map.toml", TOML), ("map.yaml", YAML), ("map.yml", YAML), ("map.csv", CSV)],
)
def test_mapping_formats_load_to_the_same_mapping(tmp_path, name, text):
    assert load_type_mapping(write(tmp_path, name, text)) == EXPECTED


def test_yaml_null_target_means_ignored(tmp_path):
    path = write(tmp_path, "map.yaml", "mapping:\n  bankje:\n")
    assert load_type_mapping(path) == {"bankje": ""}


def test_csv_with_bom_loads(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    assert load_type_mapping(path) == EXPECTED


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bad.toml", '[mapping]\n"zitbank" = "bankje_type"\n'),
        ("bad.yaml", "mapping:\n  zitbank: bankje_type\n"),
        ("bad.csv", "value,element_type\nzitbank,bankje_type\n"),
    ],
)
def test_mapping_onto_unknown_code_raises_naming_the_file(tmp_path, name, text):
    path = write(tmp_path, name, text)
    with pytest.raises(ConfigError) as info:
        load_type_mapping(path)
    message = str(info.value)
    assert name in message
    assert "bankje_type" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("nomap.toml", '[types]\n"a" = "heg"\n'),
        ("broken.toml", "[mapping\n"),
        ("broken.yaml", "mapping: [unclosed\n"),
        ("nocols.csv", "source,target\na,heg\n"),
        ("map.txt", "a=heg\n"),
    ],
)
def test_unusable_mapping_files_raise_config_error(tmp_path, name, text):
    path = write(tmp_path, name, text)
    with pytest.raises(ConfigError) as info:
        load_type_mapping(path)
    assert name in str(info.value)


def test_missing_mapping_file_raises(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_type_mapping(tmp_path / "nowhere.toml")


def test_empty_target_means_ignored():
    values = pd.Series(["bankje", "heg", "Bankje"])
    index, problems = assign_element_types(values, mapping={"bankje": ""}, field="soort")
    assert index.tolist() == [-1, VOC.codes.index("heg"), -1]
    p = by_kind(problems)["ignored_type"]
    assert p.count == 2
    assert p.rows == (0, 2)
    assert p.action == "not_counted"
    assert "unmapped_type" not in by_kind(problems)


def test_vocabulary_labels_need_no_mapping_in_any_case():
    # Code, Dutch name and alias, in odd case and spacing.
    values = pd.Series(["HEG", "Solitaire  Boom", "  knotwilg ", "POELEN", "houtwal", "Sloot"])
    index, problems = assign_element_types(values)
    assert problems == []
    codes = [VOC.codes[i] for i in index]
    assert codes == ["heg", "solitaire_boom", "knotboom", "poel", "houtwal", "sloot"]


def test_mapping_is_consulted_before_the_vocabulary():
    values = pd.Series(["heg", "meidoornhaag"])
    index, problems = assign_element_types(
        values, mapping={"heg": "struweelhaag", "meidoornhaag": "heg"}
    )
    assert problems == []
    assert [VOC.codes[i] for i in index] == ["struweelhaag", "heg"]


def test_loaded_mapping_assigns_numeric_values(tmp_path):
    mapping = load_type_mapping(write(tmp_path, "map.yaml", YAML))
    values = pd.Series([2620, "knotwilgen", "bankje"])
    index, problems = assign_element_types(values, mapping=mapping)
    assert [VOC.codes[i] if i >= 0 else None for i in index] == ["poel", "knotbomenrij", None]
    assert set(by_kind(problems)) == {"ignored_type"}


def test_unmapped_values_reported_with_count_and_rows():
    # Row numbers are the feature ids (the index), not positions.
    values = pd.Series(
        ["zitbank", "heg", "zitbank", "Zitbank ", "hek", "heg"], index=[10, 11, 12, 13, 14, 15]
    )
    index, problems = assign_element_types(values, source="els.gpkg", layer="els", field="soort")
    assert index.tolist() == [-1, VOC.codes.index("heg"), -1, -1, -1, VOC.codes.index("heg")]
    unmapped = {p.value.strip().lower(): p for p in problems if p.kind == "unmapped_type"}
    assert set(unmapped) == {"zitbank", "hek"}
    assert unmapped["zitbank"].count == 3
    assert unmapped["zitbank"].rows == (10, 12, 13)
    assert unmapped["hek"].count == 1
    assert unmapped["hek"].rows == (14,)
    assert all(p.source == "els.gpkg" and p.layer == "els" for p in unmapped.values())
    assert all(p.action == "not_counted" for p in unmapped.values())


def test_null_values_reported_as_missing_type():
    values = pd.Series([None, "heg", np.nan, "bosje"], index=[5, 6, 7, 8], dtype=object)
    index, problems = assign_element_types(values)
    assert index[0] == -1
    assert index[2] == -1
    assert index[1] >= 0
    assert index[3] >= 0
    kinds = by_kind(problems)
    assert set(kinds) == {"missing_type"}
    assert kinds["missing_type"].rows == (5, 7)
    assert kinds["missing_type"].count == 2


def test_all_null_type_column():
    values = pd.Series([None, None], dtype=object)
    index, problems = assign_element_types(values)
    assert index.tolist() == [-1, -1]
    assert [p.kind for p in problems] == ["missing_type"]


def test_read_widths_reports_bad_widths_and_keeps_nan_for_empty():
    values = pd.Series(["2", 0, -1.5, "breed", None, 3.5, np.nan, "4.25"], dtype=object)
    widths, problems = read_widths(values, source="s", layer="l", field="breedte")
    np.testing.assert_array_equal(widths, [2.0, np.nan, np.nan, np.nan, np.nan, 3.5, np.nan, 4.25])
    assert len(problems) == 1
    bad = problems[0]
    assert bad.kind == "bad_width"
    assert bad.rows == (1, 2, 3)  # 0, negative and text; the empty rows 4 and 6 are fine
    assert bad.count == 3
    assert bad.action == "default_used"
    assert (bad.source, bad.layer) == ("s", "l")


def test_read_widths_numeric_column_without_problems():
    values = pd.Series([1.0, np.nan, 2.5], index=[3, 4, 5])
    widths, problems = read_widths(values)
    np.testing.assert_array_equal(widths, [1.0, np.nan, 2.5])
    assert problems == []


def test_read_widths_blank_text_is_empty_not_bad():
    widths, problems = read_widths(pd.Series(["", "  ", "2.5", None], dtype=object))
    assert np.isnan(widths[[0, 1, 3]]).all()
    assert widths[2] == 2.5
    assert problems == []
