"""The register in one GeoPackage file (the default store).

The file is a GeoPackage 1.2 (what QGIS 3.22's GDAL reads without warnings): ``elements`` is a
feature table with a spatial index, so QGIS and GDAL open it as an ordinary layer; ``history``
is a feature table without spatial index (from schema version 3; before, its ``geom`` held
plain WKB) and ``schema_version`` an attribute table. A register has its file to itself: gbda
refuses to add register tables to a GeoPackage that holds other layers. Every change runs in one
SQLite transaction started with ``BEGIN IMMEDIATE``: concurrent writers are serialised by
SQLite's file lock (a second writer waits up to
:data:`~gbda_core.register.gpkg_format.LOCK_TIMEOUT_S` seconds). Errors of the file (read-only,
disk full, no permission, damaged) become one-line input errors that say what to do.
Use the PostGIS store for a register many people write to. The file format itself is in
:mod:`gbda_core.register.gpkg_format`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from gbda_core.errors import DataError, GbdaError, InputError
from gbda_core.output import atomic_path
from gbda_core.readers.sql import q
from gbda_core.register.gpkg_format import (
    APPLICATION_ID,
    attributes_table,
    connect,
    core_tables,
    create_geopackage,
    from_gpkg_blobs,
    render,
    to_gpkg_blobs,
)
from gbda_core.register.model import DATE_FIELDS, HISTORY_COLUMNS
from gbda_core.register.records import (
    RECORD_COLUMNS,
    UPDATED_COLUMNS,
    normalise_records,
    normalise_values,
    nullable,
    update_rows,
)
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
            try:
                with atomic_path(self.path) as tmp:
                    conn = connect(tmp)
                    try:
                        with _immediate(conn, str(self.path)):
                            create_geopackage(conn)
                    finally:
                        conn.close()
            except OSError as exc:
                raise InputError(
                    f"cannot create the register: {exc.strerror or exc}",
                    source=self.location,
                    hint="choose a folder you may write to",
                ) from None
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
            with _sqlite_errors(self.location):
                self._conn = connect(self.path)
            try:
                app_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                self.close()
                raise _translate(exc, self.location) from None
            if app_id != APPLICATION_ID:
                self.close()
                raise InputError("not a GeoPackage", source=self.location)
        return self._conn

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Run a query and return its rows; file errors become one-line errors."""
        db = self._db()
        with _sqlite_errors(self.location):
            return db.execute(sql, params).fetchall()

    def _transaction(self) -> Any:
        return _immediate(self._db(), self.location)

    def _applied_version(self) -> int | None:
        if not self.path.exists():
            return None
        tables = {r[0] for r in self._read("SELECT name FROM sqlite_master WHERE type='table'")}
        if VERSIONS not in tables:
            layers = sorted(r[0] for r in self._read("SELECT table_name FROM gpkg_contents"))
            if layers or {ELEMENTS, HISTORY} & tables:
                shown = ", ".join(layers[:5]) + (", ..." if len(layers) > 5 else "")
                raise InputError(
                    f"is a GeoPackage with other layers ({shown or 'tables elements, history'}), "
                    "not a register",
                    source=self.location,
                    hint="a register needs a file of its own: give a new .gpkg name",
                )
            return None
        version = self._read(f"SELECT max(version) FROM {q(VERSIONS)}")[0][0]
        return int(version) if version is not None else 0

    def _apply(self, migration: Migration) -> None:
        db = self._db()
        if not _has_table(db, VERSIONS):
            core_tables(db)
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
        value = self._read(f"SELECT max(changed_at) FROM {q(HISTORY)}")[0][0]
        return None if value is None else datetime.fromisoformat(value)

    def _keys(self) -> pd.DataFrame:
        rows = self._read(f"SELECT id, import_key FROM {q(ELEMENTS)}")
        return pd.DataFrame(rows, columns=["id", "import_key"], dtype=object)

    def _fetch(self, ids: Sequence[str] | None, *, lock: bool = False) -> gpd.GeoDataFrame:
        columns = ", ".join(q(c) for c in (*RECORD_COLUMNS[:-1], "geom"))
        sql = f"SELECT {columns} FROM {q(ELEMENTS)}"
        if ids is None:
            rows = self._read(sql)
        else:
            rows = []
            # SQLite limits the number of parameters per statement.
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ", ".join("?" * len(chunk))
                rows += self._read(f"{sql} WHERE id IN ({marks})", chunk)
        return _records(rows, [*RECORD_COLUMNS[:-1], "geometry"])

    def _insert_history(self, rows: gpd.GeoDataFrame) -> None:
        values = _values(rows, HISTORY_COLUMNS)
        values["geom"] = to_gpkg_blobs(np.asarray(rows.geometry.array, dtype=object))
        self._insert(HISTORY, [*HISTORY_COLUMNS, "geom"], values)

    def _insert_elements(self, records: gpd.GeoDataFrame) -> None:
        columns = [*RECORD_COLUMNS[:-1], "geom"]
        values = _values(records, RECORD_COLUMNS[:-1])
        values["geom"] = to_gpkg_blobs(np.asarray(records.geometry.array, dtype=object))
        self._insert(ELEMENTS, columns, values)

    def _update_elements(self, records: gpd.GeoDataFrame, old_versions: Sequence[int]) -> int:
        columns = [*UPDATED_COLUMNS, "geom"]
        values = _values(records, columns[:-1])
        values["geom"] = to_gpkg_blobs(np.asarray(records.geometry.array, dtype=object))
        assignments = ", ".join(f"{q(c)} = ?" for c in columns)
        sql = f"UPDATE {q(ELEMENTS)} SET {assignments} WHERE id = ? AND version = ?"
        params = update_rows(values, columns, records, old_versions)
        cursor = self._db().executemany(sql, params)
        return int(cursor.rowcount)

    def _read_history(self, id: str | None, until: datetime | None) -> pd.DataFrame:
        where, params = _history_filter(id, until)
        sql = f"SELECT {', '.join(q(c) for c in HISTORY_COLUMNS)} FROM {q(HISTORY)}{where}"
        rows = self._read(sql + " ORDER BY changed_at, element_id, version", params)
        return normalise_values(pd.DataFrame(rows, columns=list(HISTORY_COLUMNS), dtype=object))

    def _latest(self, until: datetime) -> gpd.GeoDataFrame:
        # Versions of an element rise with its change times: the latest change up to ``until``
        # is the highest version up to then, which the (element_id, version) index finds.
        columns = ", ".join(f"h.{q(c)}" for c in (*HISTORY_COLUMNS, "geom"))
        sql = (
            f"SELECT {columns} FROM {q(HISTORY)} h JOIN (SELECT element_id, max(version) AS v "
            f"FROM {q(HISTORY)} WHERE changed_at <= ? GROUP BY element_id) latest "
            "ON h.element_id = latest.element_id AND h.version = latest.v"
        )
        rows = self._read(sql, [_timestamp_text(until)])
        return _records(rows, [*HISTORY_COLUMNS, "geometry"])

    def _insert(self, table: str, columns: list[str], values: dict[str, list[Any]]) -> None:
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) VALUES ({marks})"
        self._db().executemany(sql, list(zip(*(values[c] for c in columns), strict=True)))


def _history_filter(id: str | None, until: datetime | None) -> tuple[str, list[Any]]:
    where, params = [], []
    if id is not None:
        where.append("element_id = ?")
        params.append(id)
    if until is not None:
        where.append("changed_at <= ?")
        params.append(_timestamp_text(until))
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _translate(exc: sqlite3.DatabaseError, location: str) -> GbdaError:
    """Turn an SQLite error into a one-line error that says what to do."""
    code = getattr(exc, "sqlite_errorname", "") or ""
    if isinstance(exc, sqlite3.IntegrityError):
        return DataError(f"the register refused the change: {exc}", source=location)
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return ConflictError(
            f"the register is locked by another writer ({exc})",
            source=location,
            hint="try again when the other change is done",
        )
    if code == "SQLITE_READONLY_DIRECTORY":
        return InputError(
            "cannot write: the register's folder is read-only (SQLite writes a journal file "
            "beside the register during a change)",
            source=location,
            hint="ask for write access to the folder; nothing was changed",
        )
    if code.startswith("SQLITE_READONLY"):
        return InputError(
            "cannot write: the register file is read-only",
            source=location,
            hint="ask for write access to the file and its folder; nothing was changed",
        )
    if code == "SQLITE_FULL":
        return InputError(
            "cannot write: the disk is full",
            source=location,
            hint="free some space and run the command again; nothing was changed",
        )
    if code.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH", "SQLITE_IOERR")):
        return InputError(
            f"cannot read or write the register file ({exc})",
            source=location,
            hint="check that you may read and write the file and its folder, and that the "
            "disk or share is there; nothing was changed",
        )
    if code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or type(exc) is sqlite3.DatabaseError:
        return InputError(
            f"the file is damaged or not a GeoPackage ({exc})",
            source=location,
            hint="restore it from a backup, or export what you can read",
        )
    return InputError(f"database error: {exc}", source=location)


@contextmanager
def _sqlite_errors(location: str) -> Iterator[None]:
    """Turn errors of the file into one-line errors; errors of gbda's own SQL stay bugs."""
    try:
        yield
    except (sqlite3.ProgrammingError, sqlite3.InternalError):
        raise
    except sqlite3.DatabaseError as exc:
        raise _translate(exc, location) from None


@contextmanager
def _immediate(conn: sqlite3.Connection, location: str) -> Iterator[None]:
    """Run one write transaction.

    ``BEGIN IMMEDIATE`` takes the write lock at once, so the rows read in the transaction cannot
    change before it commits. Any failure rolls back (SQLite may have done so already, e.g. on
    a full disk) and leaves the file as it was.
    """
    with _sqlite_errors(location):
        conn.execute("BEGIN IMMEDIATE")
    try:
        with _sqlite_errors(location):
            yield
            conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,))
    return row.fetchone() is not None


def _timestamp_text(moment: datetime) -> str:
    """GeoPackage DATETIME text of an aware moment: UTC, milliseconds, ``Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _values(frame: pd.DataFrame, columns: Sequence[str]) -> dict[str, list[Any]]:
    """Column values as SQLite takes them: None for missing, dates and times as text."""
    out: dict[str, list[Any]] = {}
    for c in columns:
        series = frame[c]
        if c in DATE_FIELDS:
            series = series.dt.strftime("%Y-%m-%d")
        elif c == "changed_at":
            # GeoPackage DATETIME: UTC to the millisecond, as _timestamp_text writes it.
            text = series.dt.tz_convert(UTC).dt.strftime("%Y-%m-%dT%H:%M:%S.%f")
            series = text.str[:-3] + "Z"
        out[c] = nullable(series)
    return out


def _records(rows: list[tuple[Any, ...]], columns: list[str]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    frame["geometry"] = from_gpkg_blobs(frame["geometry"].to_numpy(dtype=object))
    return normalise_records(frame)
