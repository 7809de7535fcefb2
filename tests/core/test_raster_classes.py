"""The class mapping of the raster engine: SPEC strings and mapping files."""

from __future__ import annotations

import pytest

from gbda_core.errors import ConfigError
from gbda_core.raster_classes import parse_classes
from gbda_core.vocabulary import Category


def test_spec_maps_values_to_categories_and_types():
    classes = parse_classes("1,3=houtig; 5=nat;7=Poel;9=nodata")
    assert {v: c.category for v, c in classes.classes.items()} == {
        1.0: Category.HOUTIG,
        3.0: Category.HOUTIG,
        5.0: Category.NAT,
        7.0: Category.NAT,  # a poel is wet
    }
    assert classes.classes[7.0].element_type == "poel"
    assert classes.classes[1.0].element_type is None
    assert classes.nodata == {9.0}
    assert [c.label for c in classes.labels()] == ["houtig", "nat", "poel"]


def test_toml_and_csv_files(tmp_path):
    toml = tmp_path / "classes.toml"
    toml.write_text("[classes]\nhoutig = [1, 3]\nnat = 5\nnodata = [255]\n")
    csv = tmp_path / "classes.csv"
    csv.write_text("value,class\n1,houtig\n3,houtig\n5,nat\n255,nodata\n")
    for path in (toml, csv):
        classes = parse_classes(path)
        assert sorted(classes.classes) == [1.0, 3.0, 5.0]
        assert classes.nodata == {255.0}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("1,x=houtig", "raster value 'x' is not a number"),
        ("1=houtig;1=nat", "raster value 1 is mapped twice"),
        ("1=bos_en_zo", "unknown class 'bos_en_zo'"),
        ("1,3", "bad class group '1,3'"),
        (";", "the class mapping is empty"),
        ("missing.toml", "class mapping file not found"),
    ],
)
def test_bad_specs_are_one_line_config_errors(spec, expected):
    with pytest.raises(ConfigError) as err:
        parse_classes(spec)
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_file_without_classes_table(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[mapping]\nx = 1\n")
    with pytest.raises(ConfigError, match="no \\[classes\\] table"):
        parse_classes(path)
