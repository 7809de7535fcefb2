"""The register in one GeoPackage file (the default store).

The file is a GeoPackage 1.2 (what QGIS 3.22's GDAL reads without warnings): ``elements`` is a
feature table with a spatial index, so QGIS and GDAL open it as an ordinary layer; ``history``
and ``schema_version`` are attribute tables (``history.geom`` holds the geometry as WKB).
Every change runs in one SQLite transaction started with ``BEGIN IMMEDIATE``: concurrent
writers are serialised by SQLite's file lock (a second writer waits up to
:data:`~gbda_core.register.gpkg_format.LOCK_TIMEOUT_S` seconds). Use the PostGIS store for a
register many people write to. The file format itself is in :mod:`gbda_core.register.gpkg_format`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from gbda_core.errors import DataError, InputError
from gbda_core.output import atomic_path
from gbda_core.register.gpkg_format import (
    APPLICATION_ID,
    attributes_table,
    connect,
    create_geopackage,
    from_gpkg_blobs,
    q,
    render,
    to_gpkg_blobs,
)
from gbda_core.register.model import DATE_FIELDS, HISTORY_COLUMNS
from gbda_core.register.records import RECORD_COLUMNS, normalise_records
from gbda_core.register.schema import ELEMENTS, HISTORY, VERSIONS, Column, Migration
from gbda_core.register.store import ConflictError, Register


class GeoPackageRegister(Register):
    """A register stored in one GeoPackage file."""

    def __init__(self, path: str | Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None

    @property
    def location(self) -> str:
        """The file's path."""
        return str(self.path)

    def close(self) -> None:
        """Close the file."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def init(self) -> int:
        """Create the GeoPackage (atomically) or upgrade it; see :meth:`Register.init`."""
        if not self.path.exists():
            with atomic_path(self.path) as tmp:
                conn = connect(tmp)
                try:
                    with _immediate(conn, str(self.path)):
                        create_geopackage(conn)
                finally:
                    conn.close()
        return super().init()

    def _is_store(self, path: Path) -> bool:
        return path.resolve() == self.path.resolve()

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            if not self.path.is_file():
                raise InputError(
                    "no register here (file not found)",
                    source=self.location,
                    hint=f"create one with: gbda register init --store {self.location}",
                )
            self._conn = connect(self.path)
            try:
                app_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
            except sqlite3.DatabaseError:
                self.close()
                raise InputError("not a GeoPackage", source=self.location) from None
            if app_id != APPLICATION_ID:
                self.close()
                raise InputError("not a GeoPackage", source=self.location)
        return self._conn

    def _transaction(self) -> Any:
        return _immediate(self._db(), self.location)

    def _applied_version(self) -> int | None:
        if not self.path.exists():
            return None
        db = self._db()
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if VERSIONS not in tables:
            clash = sorted({ELEMENTS, HISTORY} & tables)
            if clash:
                raise InputError(
                    f"has a table {clash[0]!r} that is not part of a register",
                    source=self.location,
                    hint="use another file for the register",
                )
            return None
        version = db.execute(f"SELECT max(version) FROM {q(VERSIONS)}").fetchone()[0]
        return int(version) if version is not None else 0

    def _apply(self, migration: Migration) -> None:
        db = self._db()
        if not _has_table(db, VERSIONS):
            for sql in attributes_table(
                VERSIONS,
                (
                    Column("version", "integer", not_null=True),
                    Column("description", "text"),
                    Column("applied_at", "timestamp"),
                ),
            ):
                db.execute(sql)
        for step in migration.steps:
            for sql in render(step):
                db.execute(sql)
        db.execute(
            f"INSERT INTO {q(VERSIONS)} (version, description, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.description, _timestamp_text(datetime.now(UTC))),
        )

    def _server_now(self) -> datetime | None:
        return None

    def _last_change(self) -> datetime | None:
        value = self._db().execute(f"SELECT max(changed_at) FROM {q(HISTORY)}").fetchone()[0]
        return None if value is None else datetime.fromisoformat(value)

    def _keys(self) -> pd.DataFrame:
        rows = self._db().execute(f"SELECT id, import_key FROM {q(ELEMENTS)}").fetchall()
        return pd.DataFrame(rows, columns=["id", "import_key"], dtype=object)

    def _fetch(self, ids: Sequence[str] | None, *, lock: bool = False) -> gpd.GeoDataFrame:
        columns = ", ".join(q(c) for c in (*RECORD_COLUMNS[:-1], "geom"))
        sql = f"SELECT {columns} FROM {q(ELEMENTS)}"
        db = self._db()
        if ids is None:
            rows = db.execute(sql).fetchall()
        else:
            rows = []
            # SQLite limits the number of parameters per statement.
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ", ".join("?" * len(chunk))
                rows += db.execute(f"{sql} WHERE id IN ({marks})", chunk).fetchall()
        return _records(rows, [*RECORD_COLUMNS[:-1], "geometry"], from_gpkg_blobs)

    def _insert_history(self, rows: gpd.GeoDataFrame) -> None:
        columns = [*HISTORY_COLUMNS, "geom"]
        values = _values(rows, HISTORY_COLUMNS)
        values["changed_at"] = [_timestamp_text(t) for t in rows["changed_at"]]
        values["geom"] = [
            bytes(w)
            for w in shapely.to_wkb(
                np.asarray(rows.geometry.array, dtype=object), output_dimension=2, flavor="iso"
            )
        ]
        self._insert(HISTORY, columns, values)

    def _insert_elements(self, records: gpd.GeoDataFrame) -> None:
        columns = [*RECORD_COLUMNS[:-1], "geom"]
        values = _values(records, RECORD_COLUMNS[:-1])
        values["geom"] = to_gpkg_blobs(np.asarray(records.geometry.array, dtype=object))
        self._insert(ELEMENTS, columns, values)

    def _update_elements(self, records: gpd.GeoDataFrame, old_versions: Sequence[int]) -> int:
        columns = [c for c in RECORD_COLUMNS[1:-1] if c != "import_key"] + ["geom"]
        values = _values(records, columns[:-1])
        values["geom"] = to_gpkg_blobs(np.asarray(records.geometry.array, dtype=object))
        assignments = ", ".join(f"{q(c)} = ?" for c in columns)
        sql = f"UPDATE {q(ELEMENTS)} SET {assignments} WHERE id = ? AND version = ?"
        params = [
            (*row, element_id, int(old))
            for row, element_id, old in zip(
                zip(*(values[c] for c in columns), strict=True),
                records["id"],
                old_versions,
                strict=True,
            )
        ]
        cursor = self._db().executemany(sql, params)
        return int(cursor.rowcount)

    def _read_history(self, id: str | None, until: datetime | None) -> gpd.GeoDataFrame:
        columns = [*HISTORY_COLUMNS, "geom"]
        where, params = [], []
        if id is not None:
            where.append("element_id = ?")
            params.append(id)
        if until is not None:
            where.append("changed_at <= ?")
            params.append(_timestamp_text(until))
        sql = f"SELECT {', '.join(q(c) for c in columns)} FROM {q(HISTORY)}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY changed_at, element_id, version"
        rows = self._db().execute(sql, params).fetchall()

        def wkb(blobs: Sequence[bytes | None]) -> npt.NDArray[np.object_]:
            return np.asarray(shapely.from_wkb(list(blobs)), dtype=object)

        return _records(rows, [*HISTORY_COLUMNS, "geometry"], wkb)

    def _insert(self, table: str, columns: list[str], values: dict[str, list[Any]]) -> None:
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) VALUES ({marks})"
        self._db().executemany(sql, list(zip(*(values[c] for c in columns), strict=True)))


@contextmanager
def _immediate(conn: sqlite3.Connection, location: str) -> Iterator[None]:
    """Run one write transaction.

    ``BEGIN IMMEDIATE`` takes the write lock at once, so the rows read in the transaction cannot
    change before it commits.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise ConflictError(
            f"the register is locked by another writer ({exc})",
            source=location,
            hint="try again when the other change is done",
        ) from None
    try:
        yield
    except sqlite3.IntegrityError as exc:
        conn.execute("ROLLBACK")
        raise DataError(f"the register refused the change: {exc}", source=location) from None
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,))
    return row.fetchone() is not None


def _timestamp_text(moment: datetime) -> str:
    """GeoPackage DATETIME text of an aware moment: UTC, milliseconds, ``Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _values(frame: pd.DataFrame, columns: Sequence[str]) -> dict[str, list[Any]]:
    """Column values as SQLite takes them: None for missing, dates as text."""
    out: dict[str, list[Any]] = {}
    for c in columns:
        if c == "changed_at":
            continue
        series = frame[c]
        if c in DATE_FIELDS:
            text = series.dt.strftime("%Y-%m-%d")
            out[c] = [None if pd.isna(v) else v for v in text]
        elif c in ("version", "length_m", "area_m2"):
            out[c] = [None if pd.isna(v) else v.item() for v in series.to_numpy()]
        else:
            out[c] = [None if v is None or v is pd.NA or v != v else v for v in series]
    return out


def _records(
    rows: list[tuple[Any, ...]],
    columns: list[str],
    decode: Any,
) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    frame["geometry"] = decode(list(frame["geometry"]))
    return normalise_records(frame)
