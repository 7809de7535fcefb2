"""Rules of one bouwsteen file (natuurbouwstenen.schema) and the exported JSON Schema."""

from __future__ import annotations

import copy
import json
import math
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from gbda_core.errors import ConfigError
from natuurbouwstenen import load_catalogue, read_bouwsteen
from natuurbouwstenen.files import validate_bouwsteen
from natuurbouwstenen.jsonschema import SCHEMA_FILE, bouwsteen_json_schema, schema_text
from natuurbouwstenen.schema import Bouwsteen, Dimension

CATALOGUE = load_catalogue()
POEL_TOML = (
    Path(__file__).resolve().parents[2] / "natuurbouwstenen/bouwstenen/poel.toml"
).read_text("utf-8")


@pytest.fixture
def poel(shipped_dir):
    return tomllib.loads((shipped_dir / "poel.toml").read_text("utf-8"))


def error_line(raw, source="x.toml"):
    with pytest.raises(ConfigError) as err:
        validate_bouwsteen(raw, source)
    line = str(err.value)
    assert "\n" not in line and line.startswith(f"{source}: ")
    return line


# --- the dimension ordering rule -------------------------------------------------------------

sizes = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(low=sizes, typical=sizes, high=st.none() | sizes)
def test_a_dimension_is_valid_exactly_when_min_typical_max_are_ordered(low, typical, high):
    ordered = low <= typical and (high is None or typical <= high)
    data = {"min": low, "typical": typical, "max": high, "source": "assumption: test"}
    if ordered:
        d = Dimension.model_validate(data)
        assert d.min <= d.typical and (d.max is None or d.typical <= d.max)
    else:
        with pytest.raises(ValidationError, match=r"needs min <= typical <= max"):
            Dimension.model_validate(data)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.inf, math.nan])
def test_a_size_must_be_positive_and_finite(bad):
    with pytest.raises(ValidationError):
        Dimension.model_validate({"min": bad, "typical": 2, "source": "assumption: test"})


def test_dimension_source_needs_provenance():
    with pytest.raises(ValidationError, match="must contain a URL or start with 'estimate:'"):
        Dimension.model_validate({"min": 1, "typical": 2, "source": "my own guess"})


# --- one-line errors for any bad value ---------------------------------------------------------


@given(soil=st.text(min_size=1, max_size=30).filter(lambda s: s not in ("veen", "klei", "zand")))
def test_any_unknown_soil_gives_one_line_naming_file_and_field(soil):
    raw = tomllib.loads(POEL_TOML)
    raw["soils"] = ["klei", soil]
    line = error_line(raw, "provincie/poel.toml")
    assert line.startswith("provincie/poel.toml: soils.2: Input should be 'veen', 'klei' or 'zand'")


@given(b=st.sampled_from(CATALOGUE.bouwstenen))
def test_every_bouwsteen_survives_a_json_round_trip(b):
    text = json.dumps(b.model_dump(mode="json"), ensure_ascii=False)
    assert Bouwsteen.model_validate_json(text) == b


# --- geometry and dimensions -------------------------------------------------------------------


def test_a_point_takes_no_length(poel):
    raw = copy.deepcopy(poel)
    raw["geometry"] = "point"
    raw["dimensions"]["length_m"] = {"min": 1, "typical": 2, "source": "assumption: test"}
    assert "dimensions: a point bouwsteen takes no length_m, width_m" in error_line(raw)


def test_a_line_needs_width_and_length(poel):
    raw = copy.deepcopy(poel)
    raw["geometry"] = "line"
    assert "dimensions: a line bouwsteen needs length_m" in error_line(raw)


def test_a_bad_geometry_is_reported_once(poel):
    raw = copy.deepcopy(poel)
    raw["geometry"] = "polygon"
    line = error_line(raw)
    assert "geometry: Input should be 'line', 'area' or 'point' (1 problem(s) in all)" in line


# --- costs -------------------------------------------------------------------------------------


def cost(**fields):
    base = {"unit": "eur_per_m", "source": "estimate: test", "estimate": True, "amount": 1.0}
    return {**base, **fields}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": None}, ": give an amount, or unknown = true without one"),
        ({"unknown": True}, ": unknown = true takes no amount"),
        ({"amount": None, "unknown": True}, ": an unknown cost is not an estimate"),
        (
            {"source": "assumption: test"},
            ": an estimate needs a source that starts with 'estimate:'",
        ),
        ({"estimate": False}, ": a cost that is not an estimate needs a source URL"),
        ({"unit": "eur_per_km"}, ".unit: Input should be 'eur_per_m', 'eur_per_m2'"),
        ({"amount": -1.0}, ".amount: Input should be greater than or equal to 0"),
    ],
)
def test_cost_rules(poel, fields, message):
    raw = copy.deepcopy(poel)
    raw["costs"]["aanleg"] = cost(**fields)
    assert f"costs.aanleg{message}" in error_line(raw)


def test_an_unknown_cost_says_why(poel):
    raw = copy.deepcopy(poel)
    raw["costs"]["aanleg"] = {
        "unit": "eur_per_piece",
        "unknown": True,
        "estimate": False,
        "source": "unknown: no contractor price was found",
    }
    assert validate_bouwsteen(raw, "x.toml").costs.aanleg.amount is None
    raw["costs"]["aanleg"]["source"] = "nobody knows this"
    assert "costs.aanleg: an unknown cost needs a source saying why" in error_line(raw)


# --- lists, ids, extra keys --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("positions", ["hoek", "hoek"], "positions: 'hoek' is listed twice"),
        (
            "combinations",
            ["takkenril", "poel"],
            "combinations: a bouwsteen cannot combine with itself",
        ),
        ("combinations", ["takkenril", "takkenril"], "combinations: 'takkenril' is listed twice"),
        ("wetness", [], "wetness: Tuple should have at least 1 item"),
        ("id", "Poel", "id: String should match pattern"),
        ("kleur", "groen", "kleur: Extra inputs are not permitted"),
    ],
)
def test_list_and_key_rules(poel, field, value, message):
    raw = copy.deepcopy(poel)
    raw[field] = value
    assert message in error_line(raw)


def test_combinations_may_be_empty_but_not_left_out(poel):
    raw = copy.deepcopy(poel)
    raw["combinations"] = []
    assert validate_bouwsteen(raw, "x.toml").combinations == ()
    del raw["combinations"]
    assert "combinations: Field required" in error_line(raw)


def test_an_unknown_suffix_is_refused():
    with pytest.raises(ConfigError, match=r"poel.json: unknown file type '.json' \(use .toml"):
        read_bouwsteen(b"{}", "poel.json")


# --- the exported JSON Schema ------------------------------------------------------------------


def test_the_schema_file_is_what_the_model_generates():
    assert SCHEMA_FILE.read_text("utf-8") == schema_text(), (
        "run: python -m natuurbouwstenen.jsonschema"
    )
    schema = bouwsteen_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # Every field is required: a blank is never silent.
    assert set(schema["required"]) == set(Bouwsteen.model_fields)


def test_the_json_schema_accepts_every_shipped_file_and_refuses_a_broken_one(shipped_dir, poel):
    import jsonschema  # a dev dependency: a missing one fails, never skips

    validator = jsonschema.Draft202012Validator(bouwsteen_json_schema())
    for path in sorted(shipped_dir.glob("*.toml")):
        errors = list(validator.iter_errors(tomllib.loads(path.read_text("utf-8"))))
        assert not errors, (path.name, errors[0].message)
    broken = copy.deepcopy(poel)
    broken["soils"] = ["moeras"]
    assert not validator.is_valid(broken)
