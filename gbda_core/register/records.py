"""Register records as frames: the columns stores read and write, and what changed between two.

A record frame is a GeoDataFrame in EPSG:28992 with :data:`RECORD_COLUMNS`: dates as
datetime64[ns] (NaT when unset), ids and texts as ``str`` or None, measures as floats.
"""

from __future__ import annotations

import getpass
import uuid
from typing import Any

import geopandas as gpd
import numpy as np
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


def normalise_records(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Give records (or history rows) read from a store the API's dtypes."""
    out = pd.DataFrame(frame).copy()
    for name in DATE_FIELDS:
        out[name] = parse_dates(out[name])[0].to_numpy(dtype="datetime64[ns]")
    for name in ("id", "element_id", "status", "element_type", *TEXT_FIELDS, "import_key"):
        if name in out:
            values = out[name].astype(object)
            out[name] = values.where(values.notna(), None).map(
                lambda v: None if v is None else str(v)
            )
    for name in MEASURES:
        out[name] = out[name].astype(float)
    out["version"] = out["version"].astype("int64")
    if "changed_at" in out:
        out["changed_at"] = pd.to_datetime(out["changed_at"], utc=True, format="ISO8601")
    geometry = out.pop("geometry")
    return gpd.GeoDataFrame(out, geometry=list(geometry), crs=REGISTER_EPSG)


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


def given_fields(records: pd.DataFrame) -> list[str]:
    """Return per record the fields it sets (and ``geometry``), comma-separated."""
    present = {name: records[name].notna().to_numpy() for name in FIELDS}
    return [
        ",".join([*(n for n in FIELDS if present[n][i]), "geometry"]) for i in range(len(records))
    ]


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
    names = [*FIELDS, "geometry"]
    return [",".join(n for n in names if differs[n][i]) for i in range(len(new))]


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
