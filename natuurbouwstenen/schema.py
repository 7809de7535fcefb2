"""Schema of one natuurbouwsteen file (pydantic; extra keys are an error).

A bouwsteen file is TOML (or YAML in a province's own edition). Every field is required: where a
fact is not known the file says so (``"unknown"`` for a text, ``level = "unknown"`` for a climate
effect, ``unknown = true`` for a cost, ``"none"`` for an ANLb package), so that a blank is never
silent. Every number carries its provenance: a ``source`` with a URL, or a source that starts with
``estimate:`` or ``assumption:`` and says how the number was chosen.

Checks that need more than one file (ids equal to file names, unique ids, ``counts_as`` in the
element vocabulary, ``combinations`` that exist) are in :mod:`natuurbouwstenen.catalogue`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

#: Soils, wetness classes and positions on a farm that a bouwsteen can suit.
Soil = Literal["veen", "klei", "zand"]
Wetness = Literal["nat", "vochtig", "droog"]
Position = Literal[
    "slootkant", "perceelsrand", "kopakker", "erf", "berm", "kade", "hoek", "midden_perceel"
]
Level = Literal["high", "medium", "low", "none", "unknown"]
CostUnit = Literal["eur_per_m", "eur_per_m2", "eur_per_ha", "eur_per_piece"]
Text = Annotated[str, Field(min_length=2)]


class Group(StrEnum):
    """Group a bouwsteen belongs to (how the catalogue is browsed)."""

    WATER_EN_OEVER = "water_en_oever"
    GRASLAND = "grasland"
    AKKER_EN_RAND = "akker_en_rand"
    HOUTIG = "houtig"
    ERF = "erf"
    FAUNAVOORZIENING = "faunavoorziening"


class Geometry(StrEnum):
    """How a bouwsteen is laid out on a map."""

    LINE = "line"
    AREA = "area"
    POINT = "point"


PROVENANCE = "a URL, or text that starts with 'estimate:' or 'assumption:' and says why"


def _has_provenance(text: str) -> str:
    lowered = text.strip().lower()
    if "http" not in lowered and not lowered.startswith(("estimate", "assumption")):
        raise ValueError("source must contain a URL or start with 'estimate:' or 'assumption:'")
    return text


def _no_duplicates(values: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.add(value)
    return values


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Dimension(_Strict):
    """A size with its minimum: ``min`` <= ``typical`` (<= ``max`` when given)."""

    min: float = Field(gt=0, description="Smallest size that still does its job.")
    typical: float = Field(gt=0, description="Size to plan with when nothing else is known.")
    max: float | None = Field(
        default=None, gt=0, description="Largest sensible size; leave out when there is none."
    )
    source: str = Field(min_length=8, description=f"Provenance of the numbers: {PROVENANCE}.")

    _source = field_validator("source")(_has_provenance)

    @model_validator(mode="after")
    def _ordered(self) -> Dimension:
        if self.typical < self.min or (self.max is not None and self.max < self.typical):
            raise ValueError("needs min <= typical <= max")
        return self


class Dimensions(_Strict):
    """Typical dimensions; which are allowed depends on the geometry kind.

    line: ``width_m`` and ``length_m`` (``spacing_m`` for rows of trees or plants);
    area: ``area_m2`` (``width_m`` optional, the smallest side);
    point: ``area_m2`` only (the footprint of the object).
    """

    width_m: Dimension | None = Field(default=None, description="Width in m.")
    length_m: Dimension | None = Field(default=None, description="Length in m (lines).")
    area_m2: Dimension | None = Field(default=None, description="Area in m² (areas, points).")
    spacing_m: Dimension | None = Field(
        default=None, description="Distance in m between trees or plants along a line."
    )


_ALLOWED = {
    "line": ({"width_m", "length_m"}, {"spacing_m"}),
    "area": ({"area_m2"}, {"width_m"}),
    "point": ({"area_m2"}, set()),
}


class ClimateEffect(_Strict):
    """Contribution to one aspect of climate adaptation."""

    level: Level = Field(description="high, medium, low, none or unknown.")
    note: str = Field(min_length=2, description="Why this level (may be English).")


class Climate(_Strict):
    """Contribution to climate adaptation."""

    water_retention: ClimateEffect
    cooling: ClimateEffect
    carbon: ClimateEffect
    erosion: ClimateEffect


class Ecology(_Strict):
    """Ecological value."""

    target_species: tuple[Text, ...] = Field(
        min_length=1, description="Target species or species groups (Dutch names)."
    )
    value: str = Field(min_length=10, description="Ecological value in a sentence or two (Dutch).")

    _unique = field_validator("target_species")(_no_duplicates)


class Management(_Strict):
    """Beheer: what is done, how often, when, and the ANLb package that pays for it."""

    actions: tuple[Text, ...] = Field(min_length=1, description="Beheer actions (Dutch).")
    cycle: str = Field(min_length=2, description="How often, e.g. 'eens per 5-7 jaar'.")
    season: str = Field(min_length=2, description="When, e.g. '1 oktober - 15 maart'.")
    anlb_package: str = Field(
        min_length=2,
        description="ANLb package number and name, e.g. '23 Struweelhaag', or 'none'; "
        "numbers not confirmed by a source say 'inferred'.",
    )


class Cost(_Strict):
    """An indicative cost in euro per unit, with a source or marked ``estimate``.

    ``estimate = true``: the source starts with ``estimate:`` and gives the reasoning.
    ``estimate = false``: the source has a URL. ``unknown = true`` (and no amount) where not even
    an estimate can be given; the source then says why (``unknown: ...``, or a URL).
    """

    amount: float | None = Field(default=None, ge=0, description="Euro per unit.")
    unit: CostUnit
    source: str = Field(min_length=8, description=f"Provenance: {PROVENANCE}.")
    estimate: bool = Field(description="True when the amount is an estimate, not a quote.")
    unknown: bool = Field(default=False, description="True when no amount can be given.")

    @model_validator(mode="after")
    def _stated(self) -> Cost:
        source = self.source.strip().lower()
        if self.unknown:
            if self.amount is not None:
                raise ValueError("unknown = true takes no amount")
            if self.estimate:
                raise ValueError("an unknown cost is not an estimate: set estimate = false")
            if "http" not in source and not source.startswith(("unknown", "assumption")):
                raise ValueError("an unknown cost needs a source saying why ('unknown: ...')")
        elif self.amount is None:
            raise ValueError("give an amount, or unknown = true without one")
        elif self.estimate and not source.startswith("estimate"):
            raise ValueError("an estimate needs a source that starts with 'estimate:'")
        elif not self.estimate and "http" not in source:
            raise ValueError("a cost that is not an estimate needs a source URL")
        return self


class Costs(_Strict):
    """Aanleg (construction, once) and yearly beheer (management)."""

    aanleg: Cost
    beheer_per_year: Cost


class Bouwsteen(_Strict):
    """One natuurbouwsteen."""

    id: str = Field(
        pattern=r"^[a-z][a-z0-9_]*$", description="Slug; equals the file name without suffix."
    )
    name: str = Field(min_length=2, description="Dutch name.")
    name_en: str = Field(min_length=2, description="English name.")
    description: str = Field(min_length=10, description="Short description (Dutch).")
    description_en: str = Field(min_length=10, description="Short description (English).")
    group: Group
    geometry: Geometry
    dimensions: Dimensions
    counts_as: str = Field(
        min_length=2,
        description="Element type code of gbda_core's vocabulary ('gbda types'), or 'none' "
        "where the bouwsteen adds no GBDA area.",
    )
    on_existing_feature: bool = Field(
        description="True when the bouwsteen changes the management of a feature that is already "
        "there (a ditch, a kade) instead of laying out something new: the planner takes no land "
        "for it and adds no new GBDA area (the feature counts, as ``counts_as``, where it lies "
        "inside the measured area).",
    )
    soils: tuple[Soil, ...] = Field(min_length=1, description="Soils it suits.")
    wetness: tuple[Wetness, ...] = Field(min_length=1, description="Wetness classes it suits.")
    positions: tuple[Position, ...] = Field(min_length=1, description="Positions it suits.")
    ecology: Ecology
    climate: Climate
    management: Management
    combinations: tuple[str, ...] = Field(
        description="Ids of bouwstenen it combines well with (may be empty, never left out)."
    )
    costs: Costs
    sources: tuple[Annotated[str, Field(min_length=8)], ...] = Field(
        min_length=1, description="URLs or publications."
    )

    _unique = field_validator("soils", "wetness", "positions", "sources")(_no_duplicates)

    @field_validator("dimensions")
    @classmethod
    def _dimensions_for_kind(cls, d: Dimensions, info: ValidationInfo) -> Dimensions:
        kind = info.data.get("geometry")
        if kind is None:  # geometry itself is invalid; that error is reported already
            return d
        required, optional = _ALLOWED[str(kind)]
        given = {name for name in Dimensions.model_fields if getattr(d, name) is not None}
        if missing := sorted(required - given):
            raise ValueError(f"a {kind} bouwsteen needs {', '.join(missing)}")
        if extra := sorted(given - required - optional):
            raise ValueError(f"a {kind} bouwsteen takes no {', '.join(extra)}")
        return d

    @field_validator("combinations")
    @classmethod
    def _not_itself(cls, ids: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if info.data.get("id") in ids:
            raise ValueError("a bouwsteen cannot combine with itself")
        return _no_duplicates(ids)
