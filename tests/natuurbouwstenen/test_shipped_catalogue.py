"""The shipped catalogue: the 38 fixed ids, their groups and element types, and content rules.

The expected ids, groups, element types and geometries below are the specification the planner
relies on (issue 3), not values read back from the files.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter

import pytest

from gbda_core.errors import ConfigError
from gbda_core.vocabulary import Category, load_vocabulary
from natuurbouwstenen import Geometry, Group, load_catalogue, validate_catalogue

# id: (group, counts_as, geometry)
SPEC = {
    "natuurvriendelijke_oever": ("water_en_oever", "natuurvriendelijke_oever", "line"),
    "plasberm": ("water_en_oever", "natuurvriendelijke_oever", "line"),
    "rietzoom": ("water_en_oever", "rietzoom", "line"),
    "klein_rietperceel": ("water_en_oever", "rietzoom", "area"),
    "poel": ("water_en_oever", "poel", "area"),
    "veenput": ("water_en_oever", "poel", "area"),
    "ecologisch_slootbeheer": ("water_en_oever", "ecologisch_beheerde_sloot", "line"),
    "onbemeste_slootkant": ("water_en_oever", "slootkant", "line"),
    "helofytenfilter": ("water_en_oever", "rietzoom", "area"),
    "kruidenrijk_grasland": ("grasland", "none", "area"),
    "kruidenrijke_graslandrand": ("grasland", "kruidenrijke_akkerrand", "line"),
    "plas_dras": ("grasland", "none", "area"),
    "kuikenstrook": ("grasland", "none", "line"),
    "greppel": ("grasland", "none", "line"),
    "kruidenrijke_akkerrand": ("akker_en_rand", "kruidenrijke_akkerrand", "line"),
    "bloemrijke_berm": ("akker_en_rand", "bloemrijke_berm", "line"),
    "keverbank": ("akker_en_rand", "kruidenrijke_akkerrand", "line"),
    "wintervoedselakker": ("akker_en_rand", "none", "area"),
    "ruigtestrook": ("akker_en_rand", "ruigte", "line"),
    "kruidenrijke_kade": ("akker_en_rand", "bloemrijke_berm", "line"),
    "knip_of_scheerheg": ("houtig", "heg", "line"),
    "struweelhaag": ("houtig", "struweelhaag", "line"),
    "struweelrand": ("houtig", "struweelrand", "line"),
    "elzensingel": ("houtig", "elzensingel", "line"),
    "houtsingel": ("houtig", "houtwal", "line"),
    "knotwilgenrij": ("houtig", "knotbomenrij", "line"),
    "hoogstamboomgaard": ("houtig", "hoogstamboomgaard", "area"),
    "hakhoutbosje": ("houtig", "hakhoutbosje", "area"),
    "griendje": ("houtig", "griendje", "area"),
    "bosje": ("houtig", "bosje", "area"),
    "solitaire_boom": ("houtig", "solitaire_boom", "point"),
    "erfbeplanting": ("erf", "houtwal", "line"),
    "erfpoel": ("erf", "poel", "area"),
    "oprijlaan": ("erf", "laan", "line"),
    "nestkast": ("faunavoorziening", "none", "point"),
    "takkenril": ("faunavoorziening", "none", "line"),
    "insectenhotel": ("faunavoorziening", "none", "point"),
    "ringslang_broeihoop": ("faunavoorziening", "none", "point"),
}

CATALOGUE = load_catalogue()
VOCABULARY = load_vocabulary()


def raw_files(shipped_dir):
    return {p.stem: tomllib.loads(p.read_text("utf-8")) for p in shipped_dir.glob("*.toml")}


def strings(value):
    """Every string inside a parsed file, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def test_exactly_the_38_specified_bouwstenen():
    assert len(SPEC) == 38
    assert len(CATALOGUE) == 38
    assert set(CATALOGUE.ids) == set(SPEC)
    assert list(CATALOGUE.ids) == sorted(SPEC)


def test_group_element_type_and_geometry_follow_the_specification():
    for b in CATALOGUE:
        assert (b.group.value, b.counts_as, b.geometry.value) == SPEC[b.id], b.id
    sizes = Counter(group for group, _, _ in SPEC.values())
    assert sizes == {
        "water_en_oever": 9,
        "grasland": 5,
        "akker_en_rand": 6,
        "houtig": 11,
        "erf": 3,
        "faunavoorziening": 4,
    }
    assert {g: len(CATALOGUE.in_group(g)) for g in Group} == sizes


def test_the_shipped_folder_validates_without_problems():
    check = validate_catalogue()
    assert check.ok and check.files == 38 and check.problems == ()
    assert check.catalogue == CATALOGUE


def test_file_names_are_the_ids_and_ids_are_unique(shipped_dir):
    raw = raw_files(shipped_dir)
    assert len(raw) == 38
    assert all(data["id"] == stem for stem, data in raw.items())
    assert sorted(p.suffix for p in shipped_dir.iterdir()) == [".toml"] * 38


def test_every_combination_exists_and_is_not_the_bouwsteen_itself(shipped_dir):
    raw = raw_files(shipped_dir)
    for stem, data in raw.items():
        assert data["combinations"], f"{stem}: no combinations"
        for other in data["combinations"]:
            assert other in raw and other != stem, (stem, other)


def test_counts_as_is_a_vocabulary_code_or_none(shipped_dir):
    codes = set(VOCABULARY.codes)
    for stem, data in raw_files(shipped_dir).items():
        assert data["counts_as"] == "none" or data["counts_as"] in codes, stem


def test_rows_give_the_gbda_category_of_the_element_type():
    rows = {r["id"]: r for r in CATALOGUE.rows()}
    assert rows["rietzoom"]["category"] == "nat"
    assert rows["houtsingel"] == {
        "id": "houtsingel",
        "name": "Houtsingel",
        "group": "houtig",
        "geometry": "line",
        "counts_as": "houtwal",
        "category": "houtig",
    }
    assert rows["nestkast"]["category"] is None
    assert [r["id"] for r in CATALOGUE.rows(group="erf")] == [
        "erfbeplanting",
        "erfpoel",
        "oprijlaan",
    ]


def test_woody_group_counts_only_as_woody_types():
    for b in CATALOGUE.in_group(Group.HOUTIG):
        assert VOCABULARY.get(b.counts_as).category is Category.HOUTIG, b.id


def test_geometry_has_the_dimensions_the_planner_reads():
    for b in CATALOGUE:
        d = b.dimensions
        if b.geometry is Geometry.LINE:
            assert d.width_m and d.length_m and d.area_m2 is None, b.id
        else:
            assert d.area_m2 and d.length_m is None, b.id


def test_suitability_discriminates_wet_peat_ditch_from_dry_sandy_field_edge():
    def fitting(soil, wetness, position):
        return {
            b.id
            for b in CATALOGUE
            if soil in b.soils and wetness in b.wetness and position in b.positions
        }

    wet_peat_ditch = fitting("veen", "nat", "slootkant")
    dry_sandy_edge = fitting("zand", "droog", "perceelsrand")
    assert {"natuurvriendelijke_oever", "rietzoom", "plasberm", "elzensingel"} <= wet_peat_ditch
    assert {"hoogstamboomgaard", "struweelhaag", "kruidenrijke_akkerrand"} <= dry_sandy_edge
    assert not {"hoogstamboomgaard", "struweelhaag", "bosje"} & wet_peat_ditch
    assert not {"rietzoom", "poel", "natuurvriendelijke_oever", "plasberm"} & dry_sandy_edge
    # A poel suits the wet peat parcel itself, a hoogstamboomgaard does not.
    poel, boomgaard = CATALOGUE.get("poel"), CATALOGUE.get("hoogstamboomgaard")
    assert "veen" in poel.soils and "nat" in poel.wetness
    assert "veen" not in boomgaard.soils and "nat" not in boomgaard.wetness


def test_inferred_anlb_numbers_say_so():
    inferred = {22, 24, 26, 27, 28, 29}
    seen = set()
    for b in CATALOGUE:
        number = re.match(r"(\d+)", b.management.anlb_package)
        if number and int(number.group(1)) in inferred:
            seen.add(int(number.group(1)))
            assert "inferred" in b.management.anlb_package, b.id
    assert seen == inferred


def test_belgian_subsidy_rates_are_only_labelled_comparisons():
    for b in CATALOGUE:
        for cost in (b.costs.aanleg, b.costs.beheer_per_year):
            if ".be/" in cost.source or "belgian" in cost.source.lower():
                assert "comparison only" in cost.source, b.id


def test_costs_state_their_provenance():
    for b in CATALOGUE:
        for cost in (b.costs.aanleg, b.costs.beheer_per_year):
            assert cost.unknown or cost.amount is not None
            if cost.estimate:
                assert cost.source.startswith("estimate:"), b.id
            else:
                assert "http" in cost.source, b.id


def test_no_text_quotes_or_claims_the_handbook(shipped_dir):
    for path in shipped_dir.glob("*.toml"):
        text = path.read_text("utf-8")
        assert text.startswith("# Natuurbouwsteen: ") and "not a quote of the" in text
        for s in strings(tomllib.loads(text)):
            assert "handboek" not in s.lower() and "handbook" not in s.lower(), path.name


def test_dutch_and_english_texts_differ():
    for b in CATALOGUE:
        assert b.description != b.description_en and b.name_en, b.id


def test_get_unknown_id_suggests_the_nearest():
    with pytest.raises(ConfigError) as err:
        CATALOGUE.get("rietzom")
    assert "unknown bouwsteen 'rietzom'" in str(err.value)
    assert "did you mean 'rietzoom'" in str(err.value)
    assert "\n" not in str(err.value)


def test_unknown_group_lists_the_groups():
    with pytest.raises(ConfigError, match=r"unknown group 'bos'.*water_en_oever"):
        CATALOGUE.in_group("bos")


def test_the_shipped_catalogue_is_loaded_once():
    assert load_catalogue() is load_catalogue()


def test_only_ditch_and_kade_management_lie_on_features_already_there():
    on_existing = {b.id for b in load_catalogue() if b.on_existing_feature}
    assert on_existing == {"ecologisch_slootbeheer", "kruidenrijke_kade"}


def _aanleg_per_ha(b) -> float:
    """Aanleg (EUR per ha) of a bouwsteen of typical size, priced by its unit."""
    d, cost = b.dimensions, b.costs.aanleg
    if b.geometry == "line":
        length, width = d.length_m.typical, d.width_m.typical
        area = length * width
        pieces = length / d.spacing_m.typical if d.spacing_m else 1.0
    else:
        area, length, pieces = d.area_m2.typical, 0.0, 1.0
    quantity = {"eur_per_m": length, "eur_per_m2": area, "eur_per_ha": area / 1e4,
                "eur_per_piece": pieces}[cost.unit]  # fmt: skip
    return cost.amount * quantity / (area / 1e4)


@pytest.mark.parametrize(
    "b", [b for b in load_catalogue() if b.geometry != "point"], ids=lambda b: b.id
)
def test_aanleg_per_hectare_is_plausible(b):
    """Laying out a hectare costs at least €2,000 when it is planted with trees or shrubs, at
    least €100 when sown, and at most €500,000 (plausibility bounds, not sourced numbers).

    A price per tree on an orchard drawn as an area (one "piece" per placed orchard) gave €300
    per ha: a price per piece on an area must be per placed element (a poel, a plas-dras).
    """
    assert not b.costs.aanleg.unknown, f"{b.id}: aanleg unknown"
    if b.costs.aanleg.amount == 0:  # a change of management, not a construction
        assert b.costs.aanleg.estimate or "http" in b.costs.aanleg.source
        return
    woody = b.counts_as != "none" and (
        load_vocabulary().get(b.counts_as).category is Category.HOUTIG
    )
    per_ha = _aanleg_per_ha(b)
    assert (2_000 if woody else 100) <= per_ha <= 500_000, f"{b.id}: €{per_ha:,.0f} per ha"
