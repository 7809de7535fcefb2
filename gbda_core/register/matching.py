"""Match checked import rows with the register: new, updated, unchanged or rejected.

A row matches an element by ``id`` when it has one, else by its import key (geometry on a 1 cm
grid and element type). The values a row gives are laid over the element's; empty values never
erase. A row without a status takes the one its dates imply (a planted date: ``aangelegd``), else
the element's (matched) or the default (new). The merged record must keep the date rules, and a
status may only move forward along the allowed transitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gbda_core.register.measure import KEY_GRID_M, measure
from gbda_core.register.model import (
    FIELDS,
    REGISTER_EPSG,
    STATUS_DATE,
    Status,
    check_dates,
    check_transitions,
)
from gbda_core.register.records import changed_fields, new_ids
from gbda_core.vocabulary import Vocabulary


@dataclass
class ImportPlan:
    """What an import will write.

    ``added`` are new records (version 1); ``updated`` the changed records with ``old``, their
    stored versions, row for row; ``unchanged`` and ``rejected`` hold source feature ids.
    """

    added: gpd.GeoDataFrame
    updated: gpd.GeoDataFrame
    old: gpd.GeoDataFrame
    unchanged: list[int]
    rejected: list[tuple[int, str]]


def plan_import(
    records: gpd.GeoDataFrame,
    keys: pd.DataFrame,
    fetch: Callable[[list[str]], gpd.GeoDataFrame],
    *,
    default_status: Status,
    programme: str,
    vocabulary: Vocabulary,
    today: date | None = None,
    label: str = "feature id",
) -> ImportPlan:
    """Sort checked rows (indexed by row number) into new, updated, unchanged and rejected.

    Parameters
    ----------
    records
        Rows that passed the row checks (:func:`gbda_core.register.importer.read_batch`).
    keys
        ``id`` and ``import_key`` of every element in the register.
    fetch
        Returns (and locks) the stored records of the given element ids.
    default_status, programme
        For new rows that give no status (and no date implying one) or no programme.
    vocabulary
        For the measures of merged records.
    today
        Planted, checked and removed dates after this day are refused.
    label
        What the row numbers are, for messages (``feature id`` or ``index``).
    """
    records, rejected = _drop_repeats(records, label)
    existing = _match(records, keys)
    matched = existing.notna().to_numpy()
    old = fetch(sorted(set(existing[matched]))).set_index("id", drop=False)
    new = _new_records(records[~matched], default_status, programme)
    merged, old_rows = _merge(records[matched], old, existing[matched], vocabulary)

    dates = check_dates(pd.concat([new, merged]), today)
    moves = check_transitions(old_rows["status"].to_numpy(), merged["status"].to_numpy())
    # A status that moves the wrong way comes first: the dates then break as a consequence.
    reasons = dates[: len(new)] + [m + d for m, d in zip(moves, dates[len(new) :], strict=True)]
    bad = np.array(list(map(bool, reasons)), dtype=bool)
    rows = [*new.index, *merged.index]
    rejected += [(int(rows[i]), "; ".join(reasons[i])) for i in np.flatnonzero(bad)]

    new_bad, merged_bad = bad[: len(new)], bad[len(new) :]
    new, merged, old_rows = new[~new_bad], merged[~merged_bad], old_rows[~merged_bad]
    same = ~np.array(list(map(bool, changed_fields(old_rows, merged))), dtype=bool)
    return ImportPlan(
        added=new,
        updated=merged[~same],
        old=old_rows[~same],
        unchanged=[int(r) for r in merged.index[same]],
        rejected=sorted(rejected),
    )


def _drop_repeats(
    records: gpd.GeoDataFrame, label: str
) -> tuple[gpd.GeoDataFrame, list[tuple[int, str]]]:
    """Reject rows that repeat an earlier row of the batch (same id, or same import key)."""
    token = records["id"].where(records["id"].notna(), records["import_key"])
    repeat = token.duplicated(keep="first").to_numpy()
    first_row = pd.Series(records.index[~repeat], index=token[~repeat].to_numpy())
    first = token[repeat].map(first_row).to_numpy()
    what = np.where(records["id"].notna(), "the same id", "the same geometry and type")[repeat]
    rows = records.index[repeat]
    reasons = [
        (int(r), f"repeats {label} {int(f)} ({w})")
        for r, f, w in zip(rows, first, what, strict=True)  # the rejected rows only
    ]
    return records[~repeat], reasons


def _match(records: gpd.GeoDataFrame, keys: pd.DataFrame) -> pd.Series:
    """Return per row the id of the element it matches (by id, else by import key), or None."""
    by_id = records["id"].where(records["id"].isin(set(keys["id"])))
    key_to_id = dict(zip(keys["import_key"], keys["id"], strict=True))
    key_to_id.pop(None, None)
    by_key = records["import_key"].map(key_to_id)
    matched = by_id.where(records["id"].notna(), by_key)
    return pd.Series(matched.astype(object).where(matched.notna(), None), dtype=object)


def _implied_status(records: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.object_]]:
    """Return the status the dates imply (the latest step with a date), None without one."""
    implied = np.full(len(records), None, dtype=object)
    for status in (Status.AANGELEGD, Status.GECONTROLEERD, Status.VERDWENEN):
        implied[records[STATUS_DATE[status]].notna().to_numpy()] = status.value
    return implied


def _new_records(
    records: gpd.GeoDataFrame, default_status: Status, programme: str
) -> gpd.GeoDataFrame:
    new = records.copy()
    implied = _implied_status(new)
    fallback = np.where(pd.notna(implied), implied, default_status.value)
    new["status"] = np.where(new["status"].notna(), new["status"], fallback)
    new["programme"] = new["programme"].where(new["programme"].notna(), programme)
    fresh = new["id"].isna().to_numpy()
    new.loc[fresh, "id"] = new_ids(int(fresh.sum()))
    new["version"] = 1
    return new


def _merge(
    records: gpd.GeoDataFrame, old: gpd.GeoDataFrame, ids: pd.Series, vocabulary: Vocabulary
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Lay the values rows give over their elements; return (merged, stored) row for row."""
    old_rows = old.loc[ids.to_numpy()].set_axis(records.index)
    merged = old_rows.copy()
    for name in FIELDS:
        given = records[name].notna().to_numpy()
        merged.loc[given, name] = records.loc[given, name]
    # A moved geometry counts only beyond the import-key grid (rounding after a reprojection is
    # no change); only rows matched by id can move, the import key pins the others.
    new_geom = np.asarray(records.geometry.array, dtype=object)
    old_geom = np.asarray(old_rows.geometry.array, dtype=object)
    moved = records["id"].notna().to_numpy() & ~shapely.equals_exact(
        new_geom, old_geom, tolerance=KEY_GRID_M
    )
    geoms = np.where(moved, new_geom, old_geom)
    merged = merged.set_geometry(list(geoms), crs=REGISTER_EPSG)
    types = merged["element_type"].to_numpy(dtype=object)
    merged["length_m"], merged["area_m2"] = measure(geoms, types, vocabulary)
    implied = _implied_status(merged)
    fallback = np.where(pd.notna(implied), implied, old_rows["status"])
    merged["status"] = np.where(records["status"].notna(), records["status"], fallback)
    return merged, old_rows
