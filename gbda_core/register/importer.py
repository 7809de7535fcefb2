"""Read planned or planted elements from any OGR layer into checked register records.

Fields named as in the register (``id, element_type, status, planned, planted, checked,
removed, programme, region, collectief, funding, note``; any case) need no mapping; other names
take a field mapping ``{register field: source field}``. ``id`` must hold UUIDs; map it to
nothing (``{"id": ""}``) to ignore a source's own id field. This module checks what a row says
on its own (type, geometry, length, dates as text, status, id); the store then checks it
against the register (dates in order, status transitions, duplicates) in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from gbda_core.errors import ConfigError, DataError, InputError
from gbda_core.feedback import Feedback
from gbda_core.mapping import IGNORE, load_type_mapping
from gbda_core.readers.ogr import (
    LayerSpec,
    fields_hint,
    layer_fields,
    list_layers,
    parse_layer_spec,
    read_layer,
)
from gbda_core.register.measure import geometry_kind, import_keys, measure
from gbda_core.register.model import (
    DATE_FIELDS,
    FIELDS,
    REGISTER_EPSG,
    TEXT_FIELDS,
    Status,
    add_reason,
    empty_reasons,
    parse_dates,
)
from gbda_core.register.source_dates import dates_as_text
from gbda_core.vocabulary import Vocabulary, normalise_label

#: Fields an import reads: the register fields and ``id``.
IMPORT_FIELDS = ("id", *FIELDS)
#: Ids are UUIDs in their canonical text form (any case).
_UUID_PATTERN = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"


#: How rows are named: by the OGR feature id in files (what QGIS shows as the feature id:
#: from 0 in Shapefile, GeoJSON and CSV, the ``fid`` column from 1 in a GeoPackage), by the
#: index label in a GeoDataFrame.
FEATURE_ID, INDEX = "feature id", "index"


@dataclass(frozen=True)
class RejectedRow:
    """A source row that was not imported, and why.

    ``row`` is the row's OGR feature id (``label`` "feature id") or, for a GeoDataFrame, its
    index label (``label`` "index").
    """

    row: int
    reason: str
    source: str = ""
    layer: str = ""
    label: str = FEATURE_ID

    def one_line(self) -> str:
        """Return ``file|layer: feature id N: reason``."""
        where = "|".join(x for x in (self.source, self.layer) if x)
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.label} {self.row}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did.

    Attributes
    ----------
    source, layer
        Where the rows came from.
    rows
        Rows in the source.
    added
        Ids of the new elements.
    updated
        Ids of elements the import changed (a row matched an element and said something new).
    unchanged
        Feature ids (index labels for a GeoDataFrame) of rows that matched an element and said
        nothing new (the batch was imported before).
    rejected
        Rows not imported, with feature id and reason.
    aborted
        True when ``strict`` refused the whole batch because of rejected rows.
    """

    source: str
    layer: str
    rows: int
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    aborted: bool = False

    def summary(self) -> str:
        """Return one line with the counts."""
        text = (
            f"{self.rows} rows: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.rejected)} rejected"
        )
        return text + (" (strict: nothing imported)" if self.aborted else "")


class ImportAborted(DataError):
    """A strict import found bad rows and imported nothing; ``report`` lists them."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        first = report.rejected[0]
        super().__init__(
            f"{len(report.rejected)} of {report.rows} rows rejected, nothing imported (strict); "
            f"first: {first.label} {first.row}: {first.reason}",
            source=report.source,
            layer=report.layer or None,
            hint="fix the rows, or import without --strict to take the good rows",
        )


@dataclass
class Batch:
    """Source rows that passed the row checks, as register records, and the rows that did not.

    ``records`` is indexed by feature id (``label``). ``id`` is None where the source gave
    none, ``status`` None where it gave none (the store infers it), ``import_key`` set where
    ``id`` is None.
    """

    records: gpd.GeoDataFrame
    rejected: list[RejectedRow]
    source: str
    layer: str
    rows: int
    label: str = FEATURE_ID


def read_batch(
    source: str | Path | LayerSpec | gpd.GeoDataFrame,
    *,
    vocabulary: Vocabulary,
    layer: str | None = None,
    mapping: Mapping[str, str] | None = None,
    type_mapping: str | Path | None = None,
    assume_crs: str | None = None,
    feedback: Feedback,
) -> Batch:
    """Read and check a layer (or a GeoDataFrame) for import.

    Parameters
    ----------
    source
        OGR path (``file.gpkg`` or ``file.gpkg|layername=NAME``; rows are named by their OGR
        feature id) or a GeoDataFrame (rows are named by their index label;
        ``attrs["source"]`` and ``attrs["layer"]`` name it in reports, and
        ``attrs["row_label"]`` what the index is, e.g. "feature id").
    vocabulary
        Element types the ``element_type`` values must resolve to (code, Dutch name or alias).
    layer
        Layer in the source file.
    mapping
        ``{register field: source field}`` for fields named otherwise; ``""`` ignores a field.
    type_mapping
        Mapping file for type values (TOML/YAML/CSV, as for ``gbda share``).
    assume_crs
        CRS of a source without one.
    feedback
        Progress reporting.
    """
    feedback.step("reading")
    if isinstance(source, gpd.GeoDataFrame):
        frame, src, lyr = _from_frame(source)
        fields = [str(c) for c in frame.columns if c != frame.geometry.name]
    else:
        spec = parse_layer_spec(source, layer)
        src, lyr = str(spec.path), spec.layer or ""
        fields = layer_fields(spec, "elements layer")
        frame = None
    columns = _field_columns(fields, mapping or {}, src, lyr)
    if "element_type" not in columns:
        raise InputError(
            "no element_type field",
            source=src,
            layer=lyr or None,
            hint=f"map one with --map element_type=FIELD; {fields_hint(fields)}",
        )
    if frame is None:
        spec = parse_layer_spec(source, layer)
        frame = read_layer(
            spec, columns=sorted(set(columns.values())), assume_crs=assume_crs,
            what="elements layer",
        )  # fmt: skip
        lyr = lyr or list_layers(spec)[0]
        dated = [columns[name] for name in DATE_FIELDS if name in columns]
        for name, text in dates_as_text(spec, lyr, dated).items():
            frame[name] = text.reindex(frame.index).astype(object)
    if frame.crs is None:
        raise InputError("layer has no CRS", source=src, hint="set one, e.g. EPSG:28992")
    if not frame.crs.equals(f"EPSG:{REGISTER_EPSG}"):
        frame = frame.to_crs(REGISTER_EPSG)
    feedback.step("checking rows", total=len(frame))
    records, reasons = _check_rows(frame, columns, vocabulary, type_mapping)
    feedback.advance(len(frame))
    bad = np.array(list(map(bool, reasons)), dtype=bool)
    rows = frame.index.to_numpy()
    # A frame read from a QGIS layer is indexed by feature id and says so in attrs["row_label"].
    label = (
        str(source.attrs.get("row_label") or INDEX)
        if isinstance(source, gpd.GeoDataFrame)
        else FEATURE_ID
    )
    rejected = [
        RejectedRow(int(rows[i]), "; ".join(reasons[i]), src, lyr, label)
        for i in np.flatnonzero(bad)
    ]
    return Batch(records[~bad], rejected, src, lyr, len(frame), label)


def _from_frame(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, str, str]:
    """Return the frame with integer row numbers, and its source and layer names.

    The names come from ``frame.attrs`` (``source``, ``layer``), where readers such as
    :func:`gbda_core.jobs.read_tagged` and the QGIS plugin put them; else "GeoDataFrame".
    """
    source = str(frame.attrs.get("source") or "GeoDataFrame")
    layer = str(frame.attrs.get("layer") or "")
    if not pd.api.types.is_integer_dtype(frame.index.dtype):
        frame = frame.reset_index(drop=True)
    return frame, source, layer


def _field_columns(
    fields: list[str], mapping: Mapping[str, str], source: str, layer: str
) -> dict[str, str]:
    """Return ``{register field: source column}`` from the mapping and same-named fields."""
    unknown = sorted(set(mapping) - set(IMPORT_FIELDS))
    if unknown:
        raise ConfigError(
            f"unknown register field {unknown[0]!r} in the field mapping",
            hint=f"register fields are: {', '.join(IMPORT_FIELDS)}",
        )
    by_folded: dict[str, str] = {}
    for f in fields:
        by_folded.setdefault(f.casefold(), f)
    columns: dict[str, str] = {}
    for name in IMPORT_FIELDS:
        if name in mapping:
            src_field = mapping[name]
            if src_field == "":
                continue
            if src_field not in fields:
                raise InputError(
                    f"field mapping {name}={src_field}: the layer has no field {src_field!r}",
                    source=source,
                    layer=layer or None,
                    hint=fields_hint(fields),
                )
            columns[name] = src_field
        elif name.casefold() in by_folded:
            columns[name] = by_folded[name.casefold()]
    return columns


def _check_rows(
    frame: gpd.GeoDataFrame,
    columns: dict[str, str],
    vocabulary: Vocabulary,
    type_mapping: str | Path | None,
) -> tuple[gpd.GeoDataFrame, list[list[str]]]:
    """Turn source rows into records; return them and the reasons per row (empty: good)."""
    n = len(frame)
    reasons = empty_reasons(n)

    def column(name: str) -> pd.Series:
        if name in columns:
            return pd.Series(frame[columns[name]].to_numpy(), dtype=object)
        return pd.Series([None] * n, dtype=object)

    out = pd.DataFrame(index=pd.RangeIndex(n))
    out["id"] = _ids(column("id"), reasons)
    out["element_type"] = _types(column("element_type"), vocabulary, type_mapping, reasons)
    out["status"] = _statuses(column("status"), reasons)
    for name in DATE_FIELDS:
        parsed, bad = parse_dates(column(name))
        for i in np.flatnonzero(bad):
            reasons[i].append(f"{name} {column(name).iloc[i]!r} is not a date (use YYYY-MM-DD)")
        out[name] = parsed.to_numpy(dtype="datetime64[ns]")
    for name in TEXT_FIELDS:
        out[name] = _texts(column(name))

    geoms = shapely.force_2d(np.asarray(frame.geometry.array, dtype=object))
    types = out["element_type"].to_numpy(dtype=object)
    length, area = check_geometry(geoms, types, vocabulary, reasons)
    out["length_m"], out["area_m2"] = length, area
    ok = ~np.array(list(map(bool, reasons)), dtype=bool)
    keys = np.full(n, None, dtype=object)
    keyed = ok & out["id"].isna().to_numpy()
    keys[keyed] = import_keys(geoms[keyed], types[keyed])
    out["import_key"] = keys
    records = gpd.GeoDataFrame(out, geometry=geoms, crs=REGISTER_EPSG)
    records.index = frame.index
    return records, reasons


def check_geometry(
    geoms: npt.NDArray[np.object_],
    element_types: npt.NDArray[np.object_],
    vocabulary: Vocabulary,
    reasons: list[list[str]],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Check geometries (present, one element, valid, with a length or area); add reasons.

    Returns (length_m, area_m2), NaN for rows that fail or have no known type.
    """
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    add_reason(reasons, missing, "no geometry")
    kind = geometry_kind(geoms)
    collection = ~missing & (kind == "other")
    add_reason(reasons, collection, "geometry collection: give one element per feature")
    # GEOS calls a line of one repeated point invalid; "zero length" says what to fix.
    flat = ~missing & (kind != "point") & (kind != "other")
    flat[flat] = shapely.length(geoms[flat]) <= 0
    add_reason(reasons, flat, "zero length: a line or polygon needs two different points")
    checkable = ~missing & ~collection & ~flat
    valid = np.ones(len(geoms), dtype=bool)
    valid[checkable] = shapely.is_valid(geoms[checkable])
    for i in np.flatnonzero(~valid):
        reasons[i].append(
            f"invalid geometry ({shapely.is_valid_reason(geoms[i])}); "
            "repair it, e.g. with QGIS Fix geometries"
        )
    known = np.array([t is not None for t in element_types], dtype=bool)
    good = checkable & valid & known
    length = np.full(len(geoms), np.nan)
    area = np.full(len(geoms), np.nan)
    length[good], area[good] = measure(geoms[good], element_types[good], vocabulary)
    for i in np.flatnonzero(good & np.isnan(area)):
        drawn = "a line" if kind[i] == "line" else "a point"
        reasons[i].append(
            f"{element_types[i]} drawn as {drawn} has no default size; draw it as a polygon"
        )
    return length, area


def _blank(values: pd.Series) -> tuple[pd.Series, npt.NDArray[np.bool_]]:
    """Return values as stripped text and the mask of empty ones (null or blank)."""
    text = values.astype(object).where(values.notna(), None).astype("string").str.strip()
    empty = (text.isna() | text.eq("")).to_numpy(dtype=bool)
    return text, empty


def _ids(values: pd.Series, reasons: list[list[str]]) -> pd.Series:
    text, empty = _blank(values)
    canonical = text.str.fullmatch(_UUID_PATTERN).to_numpy(dtype=bool, na_value=False)
    for i in np.flatnonzero(~empty & ~canonical):
        reasons[i].append(
            f"id {values.iloc[i]!r} is not a UUID (ignore the field with --map id= "
            "to match by geometry instead)"
        )
    return text.str.lower().astype(object).where(canonical, None)


def _types(
    values: pd.Series,
    vocabulary: Vocabulary,
    type_mapping: str | Path | None,
    reasons: list[list[str]],
) -> pd.Series:
    mapping = load_type_mapping(type_mapping, vocabulary) if type_mapping else {}
    text, empty = _blank(values)
    add_reason(reasons, empty, "no element type")
    out = np.full(len(values), None, dtype=object)
    # One look-up per distinct value, not per row.
    group, uniques = pd.factorize(text.where(~empty), sort=False)
    for g, value in enumerate(uniques):
        label = normalise_label(value)
        code = mapping.get(label)
        code = code if code is not None else vocabulary.resolve(label)
        rows = group == g
        if code is None:
            add_reason(
                reasons, rows, f"unknown element type {value!r} (see 'gbda types', or map it)"
            )
        elif code == IGNORE:
            add_reason(reasons, rows, f"element type {value!r} is mapped to nothing")
        else:
            out[rows] = code
    return pd.Series(out, dtype=object)


def _statuses(values: pd.Series, reasons: list[list[str]]) -> pd.Series:
    text, empty = _blank(values)
    folded = text.str.casefold()
    known = [s.value for s in Status]
    ok = folded.isin(known).to_numpy(dtype=bool, na_value=False)
    for i in np.flatnonzero(~empty & ~ok):
        reasons[i].append(f"unknown status {values.iloc[i]!r} (use {', '.join(known)})")
    return folded.astype(object).where(ok, None)


def _texts(values: pd.Series) -> pd.Series:
    text, empty = _blank(values)
    return text.astype(object).where(~empty, None)
