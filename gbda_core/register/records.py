"""Register records as frames: the columns stores read and write, and what changed between two.

A record frame is a GeoDataFrame in EPSG:28992 with :data:`RECORD_COLUMNS`: dates as
datetime64[ns] (NaT when unset), ids and texts as ``str`` or None, measures as floats.
"""

from __future__ import annotations

import getpass
import os
import uuid
from collections.abc import Sequence
from typing import Any, cast

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from gbda_core.errors import InputError
from gbda_core.register.model import (
    CURRENT_COLUMNS,
    DATE_FIELDS,
    FIELDS,
    HISTORY_COLUMNS,
    MEASURES,
    REGISTER_EPSG,
    TEXT_FIELDS,
    parse_dates,
)

#: Columns of the records stores read and write (the current columns plus the import key).
RECORD_COLUMNS = (*CURRENT_COLUMNS[:-1], "import_key", "geometry")
#: Columns an update rewrites besides the geometry: the id and the import key stay.
UPDATED_COLUMNS = tuple(c for c in RECORD_COLUMNS[1:-1] if c != "import_key")


def normalise_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Give the attributes of records (or history rows) read from a store the API's dtypes."""
    out = pd.DataFrame(frame).copy()
    for name in DATE_FIELDS:
        out[name] = parse_dates(out[name])[0].to_numpy(dtype="datetime64[ns]")
    for name in ("id", "element_id", "status", "element_type", *TEXT_FIELDS, "import_key"):
        if name in out:
            values = out[name].astype(object)
            text = values.astype(str).to_numpy(dtype=object, copy=True)  # ids may be uuid.UUID
            text[values.isna().to_numpy(dtype=bool)] = None
            out[name] = pd.Series(text, index=out.index, dtype=object)
    for name in MEASURES:
        out[name] = out[name].astype(float)
    out["version"] = out["version"].astype("int64")
    if "changed_at" in out:
        # In nanoseconds like the dates, whatever unit pandas parses to (pandas 3: microseconds).
        changed = pd.to_datetime(out["changed_at"], utc=True, format="ISO8601")
        out["changed_at"] = changed.dt.as_unit("ns")
    return out


def normalise_records(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Give records (or history rows with geometry) read from a store the API's dtypes."""
    out = normalise_values(frame.drop(columns="geometry"))
    return gpd.GeoDataFrame(out, geometry=list(frame["geometry"]), crs=REGISTER_EPSG)


def new_ids(n: int) -> list[str]:
    """Return ``n`` new random element ids (UUID version 4, canonical text), made in one go.

    The recipe of :func:`uuid.uuid4` (16 random bytes from the operating system, then the
    version and variant bits), applied to all ids at once.
    """
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # variant RFC 4122
    digits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    nibbles = np.stack([raw >> 4, raw & 0x0F], axis=2).reshape(n, 32)
    text = np.full((n, 36), ord("-"), dtype=np.uint8)
    text[:, _HEX_POSITIONS] = digits[nibbles]
    return cast(list[str], text.view("S36").ravel().astype(str).tolist())


#: Where the 32 hex digits go in the 36 characters of a UUID's text (the rest are hyphens).
_HEX_POSITIONS = np.array([i for i in range(36) if i not in (8, 13, 18, 23)])


def update_rows(
    values: dict[str, list[Any]],
    columns: Sequence[str],
    records: pd.DataFrame,
    old_versions: Sequence[int],
) -> list[tuple[Any, ...]]:
    """Return the parameter rows of ``UPDATE ... SET columns WHERE id AND version``.

    Each row holds the new ``values`` of ``columns``, then the record's id and its stored
    version: the same for both stores, only their SQL differs.
    """
    keys = (records["id"].tolist(), np.asarray(old_versions, dtype=np.int64).tolist())
    return list(zip(*(values[c] for c in columns), *keys, strict=True))


def nullable(series: pd.Series) -> list[Any]:
    """Return the values as a list of Python objects, None where missing (NaN, NaT, NA)."""
    values = series.astype(object)
    return values.where(values.notna(), None).tolist()


def element_id(value: object) -> str:
    """Return an element id in canonical UUID text; raise :class:`InputError` otherwise."""
    try:
        return str(uuid.UUID(str(value).strip()))
    except ValueError:
        raise InputError(f"{value!r} is not an element id (a UUID)") from None


def os_user() -> str:
    """Return the operating-system user name (``unknown`` when there is none)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _name_lists(flags: dict[str, npt.NDArray[np.bool_]], n: int) -> list[str]:
    """Return per row the names whose flag is set, comma-separated.

    Rows share few patterns: one join per distinct pattern, not per row.
    """
    if n == 0:
        return []
    names = np.array(list(flags), dtype=object)
    matrix = np.column_stack([flags[name] for name in names])
    patterns, inverse = np.unique(matrix, axis=0, return_inverse=True)
    texts = np.array([",".join(names[p]) for p in patterns], dtype=object)
    return list(texts[inverse.reshape(-1)])


def given_fields(records: pd.DataFrame) -> list[str]:
    """Return per record the fields it sets (and ``geometry``), comma-separated."""
    present = {name: records[name].notna().to_numpy() for name in FIELDS}
    present["geometry"] = np.ones(len(records), dtype=bool)
    return _name_lists(present, len(records))


def changed_fields(old: gpd.GeoDataFrame, new: gpd.GeoDataFrame) -> list[str]:
    """Return per row the fields (and ``geometry``) whose values differ, comma-separated.

    The measures are left out: they follow from the geometry and the element type.
    """
    differs = {}
    for name in FIELDS:
        a, b = old[name].to_numpy(), new[name].to_numpy()
        both_missing = pd.isna(a) & pd.isna(b)
        differs[name] = ~both_missing & (pd.isna(a) | pd.isna(b) | (a != b))
    differs["geometry"] = ~shapely.equals_exact(
        np.asarray(old.geometry.array, dtype=object),
        np.asarray(new.geometry.array, dtype=object),
        tolerance=0.0,
    )
    return _name_lists(differs, len(new))


def history_rows(records: gpd.GeoDataFrame, changed: list[str], action: str) -> pd.DataFrame:
    """Return history rows for records after a change (without time and user)."""
    rows = pd.DataFrame(records.drop(columns="geometry")).rename(columns={"id": "element_id"})
    rows["action"] = action
    rows["changed"] = changed
    rows["geometry"] = list(records.geometry.array)
    kept = [c for c in HISTORY_COLUMNS if c not in ("changed_at", "changed_by")]
    return rows[[*kept, "geometry"]]


def dates_as_text(frame: pd.DataFrame) -> Any:
    """Return a copy with the date columns as ``YYYY-MM-DD`` text (None when unset)."""
    out = frame.copy()
    for name in DATE_FIELDS:
        out[name] = out[name].dt.strftime("%Y-%m-%d").astype(object)
        out[name] = out[name].where(out[name].notna(), None)
    return out
