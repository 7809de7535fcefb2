"""Read BRP gewaspercelen (PDOK layout) into landscape elements and rural area.

The Basisregistratie Gewaspercelen (RVO, published by PDOK) has one polygon per parcel with the
fields ``category``, ``gewas`` (crop name) and ``gewascode`` (RVO crop code).

- ``category = Landschapselement``: an element. Its type is found by ``gewascode`` (the
  vocabulary's ``brp_gewascode``), else by the ``gewas`` name (the vocabulary's code, Dutch name
  or aliases). Codes found by neither are reported as ``unmapped_type`` with their counts.
- ``category`` in ``rural_categories`` (default ``Grasland`` and ``Bouwland``): rural area.
- Every other category (``Natuurterrein``, ``Braakland``, ``Overige``, ...) is ignored:
  nature does not count towards GBDA, and fallow or other land is left to the caller (pass
  ``rural_categories`` to include it).

Element parcels are also rural area, as they lie in farmland.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from numpy.typing import NDArray

from gbda_core.problems import Problem
from gbda_core.readers.bgt_classes import normalised
from gbda_core.readers.ogr import LayerSpec, list_layers, parse_layer_spec, read_layer
from gbda_core.readers.result import (
    ELEMENT_COLUMNS,
    RURAL_COLUMNS,
    ImportResult,
    ProblemReporter,
    clean_geometries,
    frame_from,
)
from gbda_core.vocabulary import Vocabulary, load_vocabulary, normalise_label

#: Fields a BRP gewaspercelen layer must have.
BRP_FIELDS = ("category", "gewas", "gewascode")
#: Category of landscape-element parcels.
ELEMENT_CATEGORY = "Landschapselement"
#: Categories that form the rural area by default.
RURAL_CATEGORIES = ("Grasland", "Bouwland")


def read_brp(
    spec: str | Path | LayerSpec,
    *,
    crs: str | None = None,
    assume_crs: str | None = None,
    rural_categories: Sequence[str] = RURAL_CATEGORIES,
    vocabulary: Vocabulary | None = None,
) -> ImportResult:
    """Read a BRP gewaspercelen layer into elements and rural area.

    Parameters
    ----------
    spec
        GeoPackage (or any OGR source) path, ``path|layername=NAME`` or a :class:`LayerSpec`.
    crs
        Working CRS, projected and metric (default EPSG:28992).
    assume_crs
        CRS of the coordinates when the layer has none.
    rural_categories
        Values of ``category`` whose parcels are rural area (compared case-insensitively).
    vocabulary
        Element vocabulary (default: the shipped one).

    Returns
    -------
    ImportResult
        ``source_class`` is ``"<gewascode> <gewas>"``, ``source_id`` the feature id. Problems:
        unknown landscape-element codes (``unmapped_type``), repaired or empty geometries.

    Raises
    ------
    InputError
        File or layer missing or unreadable, a field of :data:`BRP_FIELDS` missing, no CRS.
    """
    spec = parse_layer_spec(spec)
    frame = read_layer(
        spec, columns=BRP_FIELDS, crs=crs, assume_crs=assume_crs, what="BRP gewaspercelen layer"
    )
    layer = spec.layer or list_layers(spec)[0]
    problems: list[Problem] = []
    report = ProblemReporter(str(spec.path), layer, problems)
    frame = clean_geometries(frame, report)
    vocab = vocabulary or load_vocabulary()

    category = normalised(frame["category"])
    codes = pd.to_numeric(frame["gewascode"], errors="coerce").to_numpy(dtype=float)
    names = frame["gewas"].astype("string").fillna("").str.strip().to_numpy(dtype=object)
    is_element = category == normalise_label(ELEMENT_CATEGORY)
    element_type = _types_by_code(codes, is_element, vocab)
    by_name = is_element & (element_type == "")
    for name in pd.unique(names[by_name]):
        code = vocab.resolve(name) if name else None
        if code:
            element_type[by_name & (names == name)] = code
    unknown = is_element & (element_type == "")
    code_text = np.where(np.isnan(codes), "", pd.Series(codes).map("{:.0f}".format))
    label = pd.Series(code_text + " " + names, index=frame.index).str.strip()
    if unknown.any():
        message = "landscape-element gewascode/gewas not in the vocabulary; not counted"
        for value, rows in label[unknown].groupby(label[unknown]).groups.items():
            report("unmapped_type", rows, message, "skipped", str(value))

    base = gpd.GeoDataFrame(
        {"source_layer": layer, "source_class": label, "source_id": frame.index.astype(str)},
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs,
        index=frame.index,
    )
    known = is_element & ~unknown
    is_rural = np.isin(category, [normalise_label(c) for c in rural_categories])
    elements = base.loc[known].assign(element_type=element_type[known])
    return ImportResult(
        elements=frame_from(ELEMENT_COLUMNS, [elements], frame.crs),
        rural_area=frame_from(RURAL_COLUMNS, [base.loc[is_rural | known]], frame.crs),
        problems=problems,
    )


def _types_by_code(codes: NDArray[Any], mask: NDArray[Any], vocab: Vocabulary) -> NDArray[Any]:
    """Element-type code per row from the gewascode; '' where there is none."""
    out = np.full(len(codes), "", dtype=object)
    for code in np.unique(codes[mask & ~np.isnan(codes)]):
        et = vocab.by_gewascode(int(code)) if float(code).is_integer() else None
        if et is not None:
            out[mask & (codes == code)] = et.code
    return out
