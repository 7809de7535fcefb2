"""The BGT class mapping: rules that turn BGT/IMGeo objects into elements or rural area.

The rules live in ``gbda_core/data/bgt_classes.toml``; a user can pass an own file in the same
format. Each ``[[rule]]`` names a BGT layer (the ``bgt_<layer>.gml`` file), an attribute
(``class``, ``plus-type``, ``plus-fysiekVoorkomen``, ...), a value, and a target: an element-type
code of the vocabulary, ``"rural"`` or ``"ignore"``. Optional keys narrow a rule:

``geometry``
    ``point``, ``line`` or ``polygon``: only features of that geometry kind match.
``max_area_m2``
    Only features whose *patch* is at most this large (m²) match. A patch is the group of
    touching features of the same ``size_group`` (default: the rule's own attribute and value),
    so that a wood cut into several BGT polygons is measured as one wood.
``max_width_m``
    Only polygons whose mean width, 2 × area / perimeter (m), is at most this match.
``exclusion``
    With target ``ignore``: record the feature as excluded of this kind (``forest``,
    ``large_water``, ``nature``) instead of dropping it silently.

Rules are tried in file order; the first that matches a feature wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, model_validator
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from gbda_core.errors import ConfigError
from gbda_core.tomlfile import parse_toml
from gbda_core.vocabulary import Vocabulary, load_vocabulary, normalise_label

#: Targets that are not element types.
RURAL = "rural"
IGNORE = "ignore"

#: Features closer than this (m) belong to the same patch; BGT neighbours share boundaries.
TOUCH_TOLERANCE_M = 0.01

GeometryKindName = Literal["point", "line", "polygon"]
_KIND_BY_TYPE_ID = np.array(
    ["point", "line", "line", "polygon", "point", "line", "polygon", "other", "other"]
)


class BgtRule(BaseModel):
    """One mapping rule (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    layer: str = Field(pattern=r"^[a-z]+$")
    attribute: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")
    value: str = Field(min_length=1)
    target: str = Field(min_length=1)
    geometry: GeometryKindName | None = None
    max_area_m2: float | None = Field(default=None, gt=0)
    max_width_m: float | None = Field(default=None, gt=0)
    size_group: str | None = None
    exclusion: str | None = Field(default=None, pattern=r"^[a-z][a-z_]*$")
    note: str = ""

    @model_validator(mode="after")
    def _check(self) -> BgtRule:
        if self.exclusion and self.target != IGNORE:
            raise ValueError("exclusion needs target = 'ignore'")
        if self.target == RURAL and self.geometry in ("point", "line"):
            raise ValueError("rural area must be polygons")
        return self

    @property
    def group_key(self) -> str:
        """Key of the features measured together for ``max_area_m2``."""
        return self.size_group or f"{self.attribute}={normalise_label(self.value)}"


class BgtClasses(BaseModel):
    """A validated list of rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    rules: tuple[BgtRule, ...] = Field(alias="rule", min_length=1)

    @property
    def layers(self) -> tuple[str, ...]:
        """BGT layers the rules need, in first-use order."""
        return tuple(dict.fromkeys(r.layer for r in self.rules))

    def for_layer(self, layer: str) -> tuple[BgtRule, ...]:
        """Return the rules of one layer, in file order."""
        return tuple(r for r in self.rules if r.layer == layer)


def load_bgt_classes(
    path: str | Path | None = None, vocabulary: Vocabulary | None = None
) -> BgtClasses:
    """Load and check a BGT class mapping.

    Parameters
    ----------
    path
        TOML file in the format of ``gbda_core/data/bgt_classes.toml``; ``None`` loads the one
        shipped with gbda_core.
    vocabulary
        Vocabulary the element-type targets must belong to (default: the shipped one).

    Raises
    ------
    ConfigError
        File missing, not TOML, a bad key, or a target that is no element type (one line).
    """
    if path is None:
        classes = _default_classes()
        source = "gbda_core/data/bgt_classes.toml"
    else:
        source = str(path)
        if not Path(path).is_file():
            raise ConfigError("class mapping file not found", source=source)
        classes = _parse(Path(path).read_bytes(), source)
    vocab = vocabulary or load_vocabulary()
    allowed = {*vocab.codes, RURAL, IGNORE}
    for number, rule in enumerate(classes.rules, start=1):
        if rule.target not in allowed:
            raise ConfigError(
                f"rule {number}: target {rule.target!r} is no element type",
                source=source,
                hint="use a code from 'gbda types', 'rural' or 'ignore'",
            )
    return classes


@cache
def _default_classes() -> BgtClasses:
    data = resources.files("gbda_core").joinpath("data/bgt_classes.toml").read_bytes()
    return _parse(data, "gbda_core/data/bgt_classes.toml")


def _parse(data: bytes, source: str) -> BgtClasses:
    return parse_toml(data, source, BgtClasses)


def geometry_kinds(geoms: NDArray[Any]) -> NDArray[Any]:
    """Return ``point``, ``line``, ``polygon`` or ``other`` per geometry (``other`` for None)."""
    ids = shapely.get_type_id(geoms)
    return np.asarray(_KIND_BY_TYPE_ID[np.where(ids < 0, 7, ids)])


def normalised(values: pd.Series) -> NDArray[Any]:
    """Return values in the form :func:`normalise_label` gives, vectorised ('' for null)."""
    text = values.astype("string").fillna("")
    return np.asarray(text.str.split().str.join(" ").str.casefold().fillna(""), dtype=object)


def classify(attrs: pd.DataFrame, geoms: NDArray[Any], rules: Sequence[BgtRule]) -> NDArray[Any]:
    """Return, per feature, the index of the first matching rule, or -1.

    Parameters
    ----------
    attrs
        One row per feature with a column for every attribute the rules use.
    geoms
        Shapely geometries (valid, linear, in metres), aligned with ``attrs``.
    rules
        The rules of one layer, in order.
    """
    kinds = geometry_kinds(geoms)
    values = {a: normalised(attrs[a]) for a in {r.attribute for r in rules}}
    base = [
        (values[r.attribute] == normalise_label(r.value))
        & ((kinds == r.geometry) if r.geometry else True)
        for r in rules
    ]
    patch_areas: dict[str, NDArray[Any]] = {}
    widths: NDArray[Any] | None = None
    assigned = np.full(len(geoms), -1, dtype=np.int64)
    for k, rule in enumerate(rules):
        match = base[k] & (assigned < 0)
        if rule.max_area_m2 is not None:
            key = rule.group_key
            if key not in patch_areas:
                members = np.logical_or.reduce(
                    [base[i] for i, r in enumerate(rules) if r.group_key == key]
                )
                patch_areas[key] = patch_area(geoms, members)
            match &= patch_areas[key] <= rule.max_area_m2
        if rule.max_width_m is not None:
            if widths is None:
                widths = mean_width(geoms, kinds)
            match &= widths <= rule.max_width_m
        assigned[match] = k
    return assigned


def patch_area(geoms: NDArray[Any], members: NDArray[Any]) -> NDArray[Any]:
    """Area (m²) of the group of touching member features each member is in; NaN otherwise."""
    out = np.full(len(geoms), np.nan)
    idx = np.flatnonzero(members)
    if not len(idx):
        return out
    sub = geoms[idx]
    left, right = shapely.STRtree(sub).query(sub, predicate="dwithin", distance=TOUCH_TOLERANCE_M)
    graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(len(sub), len(sub)))
    _, labels = connected_components(graph, directed=False)
    out[idx] = np.bincount(labels, weights=shapely.area(sub))[labels]
    return out


def mean_width(geoms: NDArray[Any], kinds: NDArray[Any]) -> NDArray[Any]:
    """Mean width 2 × area / perimeter (m) of polygons; NaN for other geometries."""
    perimeter = shapely.length(geoms)
    with np.errstate(divide="ignore", invalid="ignore"):
        width = 2.0 * shapely.area(geoms) / perimeter
    return np.where(kinds == "polygon", width, np.nan)
