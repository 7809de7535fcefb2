"""Schema of one natuurbouwsteen file (pydantic; extra keys are an error).

A bouwsteen file is TOML. Every field is required: where a fact is not known the file says so
(``"unknown"`` for a text, ``level = "unknown"`` for a climate effect, ``unknown = true`` for a
cost), so that a blank is never silent. Every number carries its provenance: a ``source`` with a
URL, or ``source = "estimate: ..."`` / ``"assumption: ..."`` saying how it was chosen.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Soils, wetness classes and positions on a farm that a bouwsteen can suit.
Soil = Literal["veen", "klei", "zand"]
Wetness = Literal["nat", "vochtig", "droog"]
Position = Literal[
    "slootkant", "perceelsrand", "kopakker", "erf", "berm", "kade", "hoek", "midden_perceel"
]
Level = Literal["high", "medium", "low", "none", "unknown"]


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


def _has_provenance(text: str) -> str:
    lowered = text.strip().lower()
    if "http" not in lowered and not lowered.startswith(("estimate", "assumption")):
        raise ValueError("source must contain a URL or start with 'estimate:' or 'assumption:'")
    return text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dimension(_Strict):
    """A size with its minimum: ``min`` <= ``typical`` (<= ``max`` when given)."""

    min: float = Field(gt=0)
    typical: float = Field(gt=0)
    max: float | None = Field(default=None, gt=0)
    source: str = Field(min_length=8)

    _source = field_validator("source")(_has_provenance)

    @model_validator(mode="after")
    def _ordered(self) -> Dimension:
        if self.typical < self.min or (self.max is not None and self.max < self.typical):
            raise ValueError("needs min <= typical <= max")
        return self


class Dimensions(_Strict):
    """Typical dimensions; which are required depends on the geometry kind.

    line: ``width_m`` and ``length_m``; area: ``area_m2`` (``width_m`` optional, the smallest
    side); point: ``area_m2`` (the footprint, or of the object itself).
    """

    width_m: Dimension | None = None
    length_m: Dimension | None = None
    area_m2: Dimension | None = None


class ClimateEffect(_Strict):
    """Contribution to one aspect of climate adaptation."""

    level: Level
    note: str = Field(min_length=2)


class Climate(_Strict):
    """Contribution to climate adaptation."""

    water_retention: ClimateEffect
    cooling: ClimateEffect
    carbon: ClimateEffect
    erosion: ClimateEffect


class Ecology(_Strict):
    """Ecological value."""

    target_species: tuple[str, ...] = Field(min_length=1)
    value: str = Field(min_length=10)


class Management(_Strict):
    """Beheer: what is done, how often, when, and the ANLb package that pays for it."""

    actions: tuple[str, ...] = Field(min_length=1)
    cycle: str = Field(min_length=2)
    season: str = Field(min_length=2)
    anlb_package: str = Field(min_length=2, description="e.g. '23 Struweelhaag', or 'none'")


CostUnit = Literal["eur_per_m", "eur_per_m2", "eur_per_ha", "eur_per_piece"]


class Cost(_Strict):
    """An indicative cost in euro per unit, with a source or marked ``estimate``.

    ``unknown = true`` (and no amount) where not even an estimate can be given.
    """

    amount: float | None = Field(default=None, ge=0)
    unit: CostUnit
    source: str = Field(min_length=8)
    estimate: bool
    unknown: bool = False

    _source = field_validator("source")(_has_provenance)

    @model_validator(mode="after")
    def _stated(self) -> Cost:
        if self.unknown != (self.amount is None):
            raise ValueError("give an amount, or unknown = true without one")
        if not self.estimate and "http" not in self.source.lower():
            raise ValueError("a cost that is not an estimate needs a source URL")
        return self


class Costs(_Strict):
    """Aanleg (construction, once) and yearly beheer (management)."""

    aanleg: Cost
    beheer_per_year: Cost


class Bouwsteen(_Strict):
    """One natuurbouwsteen."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=2)
    name_en: str = Field(min_length=2)
    description: str = Field(min_length=10)
    description_en: str = Field(min_length=10)
    group: Group
    geometry: Geometry
    dimensions: Dimensions
    counts_as: str = Field(
        min_length=2, description="element type code of gbda_core's vocabulary, or 'none'"
    )
    soils: tuple[Soil, ...] = Field(min_length=1)
    wetness: tuple[Wetness, ...] = Field(min_length=1)
    positions: tuple[Position, ...] = Field(min_length=1)
    ecology: Ecology
    climate: Climate
    management: Management
    combinations: tuple[str, ...] = ()
    costs: Costs
    sources: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _dimensions_for_kind(self) -> Bouwsteen:
        d = self.dimensions
        if self.geometry is Geometry.LINE and (d.width_m is None or d.length_m is None):
            raise ValueError("a line bouwsteen needs dimensions.width_m and dimensions.length_m")
        if self.geometry in (Geometry.AREA, Geometry.POINT) and d.area_m2 is None:
            raise ValueError(f"an {self.geometry} bouwsteen needs dimensions.area_m2")
        if self.id in self.combinations:
            raise ValueError("a bouwsteen cannot combine with itself")
        return self
