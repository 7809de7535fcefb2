"""The element vocabulary: which landscape-element types count as groenblauwe dooradering.

The types live in ``gbda_core/data/element_types.toml``; every number in that file carries its
source (a URL) or says it is an assumption. This module validates the file with pydantic and
offers look-ups by code, Dutch name, alias and RVO/BRP gewascode.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gbda_core.errors import ConfigError
from gbda_core.tomlfile import parse_toml


class Category(StrEnum):
    """GBDA category. The Aanvalsplan splits woody (houtig) from the rest (nat + kruidig)."""

    HOUTIG = "houtig"
    NAT = "nat"
    KRUIDIG = "kruidig"


#: Where elements of different categories overlap, the area goes to the first in this order, so
#: that woody_ha + wet_ha + herb_ha always equals element_ha.
CATEGORY_PRIORITY: tuple[Category, ...] = (Category.HOUTIG, Category.NAT, Category.KRUIDIG)


class GeometryKind(StrEnum):
    """How an element type is usually drawn."""

    LINE = "line"
    AREA = "area"
    POINT = "point"


def normalise_label(value: object) -> str:
    """Return the form used to compare type labels: trimmed, case-folded, single spaces."""
    return " ".join(str(value).split()).casefold()


def _cited_or_assumed(text: str) -> str:
    if "http" not in text and not text.lower().startswith("assumption"):
        raise ValueError("source must contain a URL or start with 'assumption'")
    return text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourcedNumber(_Strict):
    """A number with its provenance: a public source (URL) or the word ``assumption``."""

    value: float = Field(gt=0)
    source: str = Field(min_length=10)

    @field_validator("source")
    @classmethod
    def _check_source(cls, text: str) -> str:
        return _cited_or_assumed(text)


class EfaFactor(_Strict):
    """EU Ecological Focus Area factor (Annex X to Reg. (EU) 639/2014).

    ``unit`` says what the conversion factor multiplies: ``m`` (m² per metre of line), ``tree``
    (m² per tree) or ``m2`` (area counts as drawn, conversion 1).
    """

    feature: str
    unit: Literal["m", "tree", "m2"]
    conversion: float = Field(gt=0)
    weight: float = Field(gt=0)
    source: str = Field(min_length=10)

    @field_validator("source")
    @classmethod
    def _check_source(cls, text: str) -> str:
        return _cited_or_assumed(text)


class ElementType(_Strict):
    """One landscape-element type of the vocabulary."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=2)
    name_en: str = Field(min_length=2)
    category: Category
    geometry: GeometryKind
    width_m: SourcedNumber | None = None
    point_area_m2: SourcedNumber | None = None
    index_nl: str | None = Field(default=None, pattern=r"^L0\d\.\d\d( .*)?$")
    brp_gewascode: int | None = None
    brp_source: str | None = None
    efa: EfaFactor | None = None
    aliases: tuple[str, ...] = ()
    description: str = ""
    sources: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _defaults_for_kind(self) -> ElementType:
        if self.geometry is GeometryKind.LINE and self.width_m is None:
            raise ValueError(f"{self.code}: a line type needs width_m")
        if self.geometry is GeometryKind.POINT and self.point_area_m2 is None:
            raise ValueError(f"{self.code}: a point type needs point_area_m2")
        if self.brp_gewascode is not None and not self.brp_source:
            raise ValueError(f"{self.code}: brp_gewascode needs brp_source")
        return self

    @property
    def labels(self) -> tuple[str, ...]:
        """Normalised labels that resolve to this type without a mapping."""
        return tuple(normalise_label(x) for x in (self.code, self.name, *self.aliases))


class Vocabulary(_Strict):
    """The validated list of element types, in priority order within each category."""

    element_types: tuple[ElementType, ...] = Field(alias="element_type")

    @field_validator("element_types")
    @classmethod
    def _not_empty(cls, types: tuple[ElementType, ...]) -> tuple[ElementType, ...]:
        # Not Field(min_length=1): pydantic then also reports "too short" whenever one type is
        # invalid, which doubles the problem count in the one-line ConfigError.
        if not types:
            raise ValueError("the vocabulary needs at least one [[element_type]]")
        return types

    @model_validator(mode="after")
    def _unique(self) -> Vocabulary:
        seen: dict[str, str] = {}
        for et in self.element_types:
            for label in et.labels:
                if label in seen and seen[label] != et.code:
                    raise ValueError(f"label {label!r} used by both {seen[label]} and {et.code}")
                seen[label] = et.code
        codes = [et.brp_gewascode for et in self.element_types if et.brp_gewascode is not None]
        if len(codes) != len(set(codes)):
            raise ValueError("a BRP gewascode is used by more than one element type")
        return self

    def __iter__(self) -> Iterator[ElementType]:  # type: ignore[override]
        return iter(self.element_types)

    def __len__(self) -> int:
        return len(self.element_types)

    @property
    def codes(self) -> tuple[str, ...]:
        """All type codes, in file order."""
        return tuple(et.code for et in self.element_types)

    def get(self, code: str) -> ElementType:
        """Return the type with this code; raise :class:`ConfigError` if there is none."""
        for et in self.element_types:
            if et.code == code:
                return et
        raise ConfigError(
            f"unknown element type {code!r}", hint="run 'gbda types' for the list of codes"
        )

    def resolve(self, value: object) -> str | None:
        """Return the code whose code, Dutch name or alias equals ``value`` (any case), or None."""
        return self._label_index().get(normalise_label(value))

    def by_gewascode(self, gewascode: int) -> ElementType | None:
        """Return the type registered under an RVO/BRP gewascode, or None."""
        for et in self.element_types:
            if et.brp_gewascode == gewascode:
                return et
        return None

    def priority(self) -> dict[str, int]:
        """Rank of each code for overlap resolution: category order first, then file order."""
        order = sorted(
            range(len(self.element_types)),
            key=lambda i: (CATEGORY_PRIORITY.index(self.element_types[i].category), i),
        )
        return {self.element_types[i].code: rank for rank, i in enumerate(order)}

    def _label_index(self) -> dict[str, str]:
        return {label: et.code for et in self.element_types for label in et.labels}


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """Load and validate an element vocabulary.

    Parameters
    ----------
    path
        A TOML file in the format of ``gbda_core/data/element_types.toml``. ``None`` loads the
        vocabulary shipped with gbda_core.

    Raises
    ------
    ConfigError
        If the file is missing, is not TOML, or breaks the schema (one line naming the field).
    """
    if path is None:
        return _default_vocabulary()
    return _parse(Path(path).read_bytes() if Path(path).is_file() else None, str(path))


@cache
def _default_vocabulary() -> Vocabulary:
    data = resources.files("gbda_core").joinpath("data/element_types.toml").read_bytes()
    return _parse(data, "gbda_core/data/element_types.toml")


def _parse(data: bytes | None, source: str) -> Vocabulary:
    if data is None:
        raise ConfigError("file not found", source=source)
    return parse_toml(data, source, Vocabulary)
