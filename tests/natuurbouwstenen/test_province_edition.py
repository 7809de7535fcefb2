"""A province's own catalogue folder: broken files give one-line errors naming file and field.

Each test breaks one copy of the shipped files (the ``province`` fixture) the way a person
editing them by hand might, and checks the exact error line.
"""

from __future__ import annotations

import pytest

from gbda_core.errors import ConfigError
from natuurbouwstenen import load_catalogue, read_bouwsteen, validate_catalogue


def only_problem(folder):
    check = validate_catalogue(folder)
    assert len(check.problems) == 1, [str(p) for p in check.problems]
    assert check.catalogue is None and not check.ok
    line = str(check.problems[0])
    assert "\n" not in line
    return line


def test_an_unchanged_copy_loads_like_the_shipped_catalogue(province):
    copy = load_catalogue(province)
    assert copy.bouwstenen == load_catalogue().bouwstenen
    assert copy.source == str(province)


def test_bad_toml(province, edit):
    edit(province / "poel.toml", 'name = "Poel"', 'name = "Poel')
    line = only_problem(province)
    assert line.startswith(f"{province / 'poel.toml'}: not a valid TOML file")
    assert "line 4" in line


def test_missing_field(province, edit):
    edit(province / "poel.toml", 'name_en = "Pond"\n', "")
    line = only_problem(province)
    assert line.startswith(
        f"{province / 'poel.toml'}: name_en: Field required (1 problem(s) in all)"
    )
    assert "every field is required" in line


def test_unknown_soil(province, edit):
    edit(province / "veenput.toml", 'soils = ["veen"]', 'soils = ["veen", "moeras"]')
    line = only_problem(province)
    assert f"{province / 'veenput.toml'}: soils.2: Input should be 'veen', 'klei' or 'zand'" in line


def test_cost_without_source(province, edit):
    path = province / "poel.toml"
    text = path.read_text("utf-8")
    aanleg = text.index("[costs.aanleg]")
    start = text.index("source = ", aanleg)
    path.write_text(text[:start] + text[text.index("\n", start) + 1 :], "utf-8")
    assert only_problem(province).startswith(f"{path}: costs.aanleg.source: Field required")


def test_sourced_cost_without_url(province, edit):
    edit(
        province / "rietzoom.toml",
        'source = "ANLb 11a smalle rietzoom, Collectief Utrecht Oost, '
        'https://www.collectiefutrechtoost.nl/11-rietzoom-en-klein-rietperceel"',
        'source = "estimated by the collectief"',
    )
    assert only_problem(province).startswith(
        f"{province / 'rietzoom.toml'}: costs.beheer_per_year: a cost that is not an estimate "
        "needs a source URL"
    )


def test_min_above_typical(province, edit):
    edit(province / "rietzoom.toml", "min = 2.0\ntypical = 3.0", "min = 4.0\ntypical = 3.0")
    assert only_problem(province).startswith(
        f"{province / 'rietzoom.toml'}: dimensions.width_m: needs min <= typical <= max"
    )


def test_unknown_combination(province, edit):
    edit(province / "poel.toml", '"takkenril",', '"takkenrill",')
    line = only_problem(province)
    assert line == (
        f"{province / 'poel.toml'}: combinations: unknown bouwsteen 'takkenrill' "
        "(did you mean 'takkenril'? use ids of this catalogue)"
    )


def test_unknown_counts_as(province, edit):
    edit(province / "rietzoom.toml", 'counts_as = "rietzoom"', 'counts_as = "reed"')
    assert only_problem(province) == (
        f"{province / 'rietzoom.toml'}: counts_as: 'reed' is not an element type code "
        "(use a code from 'gbda types', or 'none')"
    )


def test_counts_as_by_dutch_name_suggests_the_code(province, edit):
    edit(
        province / "knip_of_scheerheg.toml", 'counts_as = "heg"', 'counts_as = "Knip- of scheerheg"'
    )
    line = only_problem(province)
    assert "counts_as: 'Knip- of scheerheg' is not an element type code" in line
    assert "did you mean 'heg'?" in line


def test_id_differs_from_file_name(province):
    (province / "poel.toml").rename(province / "vijver.toml")
    line = only_problem(province)
    assert line == (
        f"{province / 'vijver.toml'}: id: 'poel' differs from the file name "
        "(rename the file to poel.toml or set id = 'vijver')"
    )


def test_the_same_id_in_toml_and_yaml(province, as_yaml):
    as_yaml(province / "poel.toml", province)
    assert only_problem(province) == (
        f"{province / 'poel.yaml'}: id 'poel' is also defined in {province / 'poel.toml'}"
    )


def test_every_broken_file_is_reported_once_in_file_order(province, edit):
    edit(province / "bosje.toml", 'group = "houtig"', 'group = "bos"')
    edit(province / "poel.toml", 'geometry = "area"', 'geometry = "line"')
    edit(province / "takkenril.toml", 'counts_as = "none"', 'counts_as = "takken"')
    check = validate_catalogue(province)
    assert check.files == 38
    assert [p.source for p in check.problems] == [
        str(province / "bosje.toml"),
        str(province / "poel.toml"),
        str(province / "takkenril.toml"),
    ]
    lines = [str(p) for p in check.problems]
    assert lines[0].startswith(
        f"{province / 'bosje.toml'}: group: Input should be 'water_en_oever'"
    )
    assert lines[1].startswith(f"{province / 'poel.toml'}: dimensions: a line bouwsteen needs")
    assert "takken" in lines[2]
    # load_catalogue stops at the first and says how many more there are.
    with pytest.raises(ConfigError) as err:
        load_catalogue(province)
    assert str(err.value).startswith(lines[0].split(" (")[0])
    assert f"2 more broken file(s): run 'gbda catalogue validate {province}'" in str(err.value)


def test_a_broken_file_does_not_make_its_id_unknown_elsewhere(province, edit):
    # takkenril is named in the combinations of several others; only its own file is reported.
    edit(province / "takkenril.toml", 'name = "Takkenril"', 'name = ""')
    check = validate_catalogue(province)
    assert [p.source for p in check.problems] == [str(province / "takkenril.toml")]
    assert "name: String should have at least 2 characters" in str(check.problems[0])


def test_missing_folder_and_empty_folder(tmp_path):
    with pytest.raises(ConfigError, match="not a folder of bouwsteen files"):
        validate_catalogue(tmp_path / "nowhere")
    (tmp_path / "notes.txt").write_text("not a bouwsteen")
    with pytest.raises(ConfigError, match=r"no bouwsteen files \(one .toml or .yaml file"):
        load_catalogue(tmp_path)


def test_a_yaml_edition_equals_the_toml_one(province, tmp_path, as_yaml):
    folder = tmp_path / "yaml_editie"
    folder.mkdir()
    for path in sorted(province.glob("*.toml")):
        as_yaml(path, folder)
    assert load_catalogue(folder).bouwstenen == load_catalogue().bouwstenen


def test_a_mixed_toml_and_yaml_edition(province, as_yaml):
    as_yaml(province / "poel.toml", province)
    as_yaml(province / "rietzoom.toml", province).rename(province / "rietzoom.yml")
    (province / "poel.toml").unlink()
    (province / "rietzoom.toml").unlink()
    assert sorted(p.name for p in province.glob("[pr]*.y*ml")) == ["poel.yaml", "rietzoom.yml"]
    assert load_catalogue(province).bouwstenen == load_catalogue().bouwstenen


def test_bad_yaml_and_yaml_that_is_not_a_table(tmp_path):
    with pytest.raises(ConfigError) as err:
        read_bouwsteen(b"id: poel\nname: [Poel\n", "poel.yaml")
    assert str(err.value).startswith("poel.yaml: not a valid YAML file")
    assert "\n" not in str(err.value)
    with pytest.raises(ConfigError, match=r"poel.yml: the file must hold a table of fields"):
        read_bouwsteen(b"- poel\n- rietzoom\n", "poel.yml")


def test_other_files_in_the_folder_are_ignored(province):
    (province / "README.md").write_text("# Onze natuurbouwstenen")
    (province / "bouwsteen.schema.json").write_text("{}")
    (province / ".poel.toml.swp").write_text("editor swap file")
    assert len(load_catalogue(province)) == 38
