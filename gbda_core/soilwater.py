"""Soil (veen, klei, zand) and wetness (nat, vochtig, droog) of parcels, from values or layers.

Values are compared trimmed and case-folded. Besides the class names themselves the labels
below are understood; anything else is reported (``unknown_soil`` / ``unknown_wetness``) and
that land stays unknown.

- soil: ``veen``, ``veengrond``, ``moerig``, ``moerige grond``, ``peat``; ``klei``,
  ``kleigrond``, ``zavel``, ``clay``; ``zand``, ``zandgrond``, ``sand``.
- wetness: ``nat``, ``wet``; ``vochtig``, ``moist``; ``droog``, ``dry``; and the
  grondwatertrappen (Gt) of the Bodemkaart: I and II nat, III to V vochtig, VI to VIII droog
  (with suffixes such as ``IIIb`` or ``sVII``, and ``Gt`` in front). That grouping is an
  assumption: Gt I-II have the lowest groundwater (GLG) shallower than 80 cm, Gt III-V a
  highest groundwater (GHG) within 40 cm of the surface, Gt VI-VIII a GHG deeper than 40 cm.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from gbda_core import snapped
from gbda_core.errors import InputError
from gbda_core.problems import Problem, problem_for_rows
from gbda_core.readers.ogr import fields_hint, to_working_crs

SOILS = ("veen", "klei", "zand")
WETNESS = ("nat", "vochtig", "droog")

_LABELS = {
    "soil": {
        **dict.fromkeys(("veen", "veengrond", "moerig", "moerige grond", "peat"), "veen"),
        **dict.fromkeys(("klei", "kleigrond", "zavel", "clay"), "klei"),
        **dict.fromkeys(("zand", "zandgrond", "sand"), "zand"),
    },
    "wetness": {
        **dict.fromkeys(("nat", "wet"), "nat"),
        **dict.fromkeys(("vochtig", "moist"), "vochtig"),
        **dict.fromkeys(("droog", "dry"), "droog"),
    },
}
#: Grondwatertrap: optional "gt", optional prefix s or *, roman numeral, suffix a-d or o.
_GT = re.compile(r"^(?:gt\s*)?[s*]?(viii|vii|vi|v|iv|iii|ii|i)[a-do]?\*?$")
_GT_CLASS = {
    "i": "nat",
    "ii": "nat",
    "iii": "vochtig",
    "iv": "vochtig",
    "v": "vochtig",
    "vi": "droog",
    "vii": "droog",
    "viii": "droog",
}
#: Field names tried first when no field is named.
_FIELD_NAMES = {
    "soil": ("soil", "bodem", "grondsoort", "bodemtype"),
    "wetness": ("wetness", "vochttoestand", "nat", "gt", "grondwatertrap"),
}


def classify(attribute: str, value: Any) -> str | None:
    """Return the soil or wetness class of one value, or None when it is not understood."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    label = " ".join(str(value).split()).casefold()
    found = _LABELS[attribute].get(label)
    if found is None and attribute == "wetness":
        match = _GT.match(label)
        found = _GT_CLASS[match.group(1)] if match else None
    return found


def classify_values(
    attribute: str, values: pd.Series, *, source: str = "", layer: str = ""
) -> tuple[list[str | None], list[Problem]]:
    """Classify a column; report the values that are not understood, with their rows."""
    classes = [classify(attribute, v) for v in values]
    bad = np.array([c is None for c in classes]) & values.notna().to_numpy()
    problems = []
    if bad.any():
        for value in sorted({str(v) for v in values[bad]}):
            rows = values.index.to_numpy()[bad & (values.astype(str) == value).to_numpy()]
            problems.append(
                problem_for_rows(
                    f"unknown_{attribute}",
                    rows,
                    f"{attribute} value not understood; that land counts as unknown",
                    "skipped",
                    source=source,
                    layer=layer,
                    value=value,
                )
            )
    return classes, problems


def pick_field(attribute: str, frame: gpd.GeoDataFrame, field_name: str | None) -> str:
    """Return the field holding the classes: the one named, else found by name or by values."""
    source, layer = str(frame.attrs.get("source", "")), str(frame.attrs.get("layer", ""))
    columns = [c for c in frame.columns if c != frame.geometry.name]
    if field_name is not None:
        if field_name not in columns:
            raise InputError(
                f"{attribute} field {field_name!r} not found",
                source=source or None,
                layer=layer or None,
                hint=fields_hint(columns),
            )
        return str(field_name)
    lowered = {c.casefold(): c for c in columns}
    for name in _FIELD_NAMES[attribute]:
        if name in lowered:
            return str(lowered[name])
    best, best_n = None, 0
    for column in columns:
        n = sum(classify(attribute, v) is not None for v in frame[column].dropna().unique())
        if n > best_n:
            best, best_n = column, n
    if best is None:
        raise InputError(
            f"the {attribute} layer has no field with {attribute} classes",
            source=source or None,
            layer=layer or None,
            hint=f"values like {', '.join(SOILS if attribute == 'soil' else WETNESS)}; "
            + fields_hint(columns),
        )
    return str(best)


def majority_class(
    attribute: str,
    frames: Sequence[gpd.GeoDataFrame],
    field_name: str | None,
    land: npt.NDArray[np.object_],
    target: Any,
    ids: Sequence[str] = (),
) -> tuple[list[str | None], list[Problem]]:
    """Return, per parcel, the class covering most of its land (ties: first in class order).

    Parcels that no polygon of a known class covers stay None and are reported by id.
    """
    classes_all = SOILS if attribute == "soil" else WETNESS
    geoms, codes, problems = [], [], []
    for frame in frames:
        source, layer = str(frame.attrs.get("source", "")), str(frame.attrs.get("layer", ""))
        column = pick_field(attribute, frame, field_name)
        frame = to_working_crs(frame, target, source=source or None, layer=layer or None)
        classes, found = classify_values(attribute, frame[column], source=source, layer=layer)
        problems += found
        code = np.array([classes_all.index(c) if c else -1 for c in classes], dtype=np.int64)
        ok = (code >= 0) & ~shapely.is_missing(np.asarray(frame.geometry.array, dtype=object))
        geoms.append(shapely.make_valid(np.asarray(frame.geometry.array, dtype=object)[ok]))
        codes.append(code[ok])
    polys = np.concatenate(geoms) if geoms else np.empty(0, dtype=object)
    code = np.concatenate(codes) if codes else np.empty(0, dtype=np.int64)
    area = np.zeros((len(land), len(classes_all)))
    if len(polys):
        left, right = shapely.STRtree(polys).query(land, predicate="intersects")
        overlap = shapely.area(snapped.intersection(land[left], polys[right]))
        np.add.at(area, (left, code[right]), overlap)
    covered = area.sum(axis=1) > 0
    result: list[str | None] = [
        classes_all[int(i)] if c else None
        for i, c in zip(area.argmax(axis=1), covered, strict=True)
    ]
    if (~covered).any():
        missing = [str(ids[i]) if len(ids) else str(i) for i in np.flatnonzero(~covered)]
        problems.append(
            Problem(
                f"no_{attribute}",
                f"parcel not covered by the {attribute} layer; its {attribute} is unknown",
                "warning",
                value=", ".join(missing[:10]) + (" ..." if len(missing) > 10 else ""),
                count=len(missing),
            )
        )
    return result, problems
