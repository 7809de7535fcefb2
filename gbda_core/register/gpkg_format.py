"""The GeoPackage pieces the register writes with Python's own sqlite3.

Geometry blobs (GeoPackage binary: header with envelope, then ISO WKB), the GeoPackage 1.2 core
tables, feature and attribute tables registered in ``gpkg_contents``, the R-tree spatial index
with the triggers GDAL 3.6 writes, and the register's migration steps as SQLite statements.

The spatial-index triggers call five SQL functions (``ST_IsEmpty``, ``ST_MinX`` ...) that GDAL
and QGIS bring; :func:`connect` brings them to sqlite3, from the blob headers.
"""

from __future__ import annotations

import operator
import sqlite3
import struct
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.enums import WktVersion

from gbda_core.readers.sql import q
from gbda_core.register.model import REGISTER_EPSG
from gbda_core.register.schema import (
    APPEND_ONLY_MESSAGE,
    GUARD_MESSAGE,
    AddColumn,
    AppendOnly,
    Column,
    CreateIndex,
    CreateTable,
    GeometryLayer,
    HistoryGuard,
    PrimaryKey,
    Step,
)

#: Seconds a writer waits for another writer's lock on the file before giving up.
LOCK_TIMEOUT_S = 60.0
#: ``PRAGMA application_id`` of a GeoPackage ("GPKG") and ``user_version`` of version 1.2.
APPLICATION_ID, USER_VERSION = 0x47504B47, 10200

_SQL_TYPES = {
    "uuid": "TEXT",
    "text": "TEXT",
    "date": "DATE",
    "timestamp": "DATETIME",
    "integer": "INTEGER",
    "real": "REAL",
    "geometry": "BLOB",
}
_HEADER = np.dtype(
    [("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs", "<i4"), ("env", "<f8", (4,))]
)
#: Header flags: little-endian, envelope [minx, maxx, miny, maxy].
_FLAGS = 0b0000_0011


def to_gpkg_blobs(geoms: npt.NDArray[np.object_], srs_id: int = REGISTER_EPSG) -> list[bytes]:
    """Encode geometries as GeoPackage binary (header with envelope, then ISO WKB)."""
    geoms = np.asarray(geoms, dtype=object)
    header = np.zeros(len(geoms), dtype=_HEADER)
    header["magic"] = b"GP"
    header["flags"] = _FLAGS
    header["srs"] = srs_id
    header["env"] = shapely.bounds(geoms)[:, [0, 2, 1, 3]]
    # A void view turns each header into bytes of its exact length (an "S" view would drop
    # trailing zero bytes); map joins header and WKB in C, without a Python loop per row.
    headers = header.view(f"V{_HEADER.itemsize}").tolist()
    wkb = shapely.to_wkb(geoms, output_dimension=2, byte_order=1, flavor="iso")
    return list(map(operator.add, headers, wkb.tolist()))


#: Doubles in the envelope per envelope code of the header flags (codes 5-7 are invalid: -1).
_ENVELOPE_DOUBLES = np.array([0, 4, 6, 6, 8, -1, -1, -1])


def from_gpkg_blobs(
    blobs: Sequence[bytes | None] | npt.NDArray[np.object_],
) -> npt.NDArray[np.object_]:
    """Decode GeoPackage binary geometries (None stays None)."""
    values = np.empty(len(blobs), dtype=object)
    values[:] = list(blobs)
    out = np.full(len(values), None, dtype=object)
    present = np.flatnonzero(~pd.isna(values))
    if not len(present):
        return out
    kept = values[present].tolist()
    magic = np.fromiter(map(operator.itemgetter(slice(0, 2)), kept), dtype="S2", count=len(kept))
    flags = np.fromiter(map(operator.itemgetter(3), kept), dtype=np.uint8, count=len(kept))
    doubles = _ENVELOPE_DOUBLES[(flags >> 1) & 0b111]
    if (magic != b"GP").any() or (doubles < 0).any():
        raise ValueError("not a GeoPackage geometry")
    starts = (8 + 8 * doubles).tolist()
    wkb = list(map(operator.getitem, kept, map(slice, starts, repeat(None))))
    out[present] = shapely.from_wkb(wkb)
    return out


def _wkb_offset(blob: bytes) -> int:
    doubles = int(_ENVELOPE_DOUBLES[(blob[3] >> 1) & 0b111])
    if blob[:2] != b"GP" or doubles < 0:
        raise ValueError("not a GeoPackage geometry")
    return 8 + 8 * doubles


def envelope(blob: bytes | None) -> tuple[float, float, float, float] | None:
    """Return (minx, maxx, miny, maxy) of a GeoPackage geometry, None when null or empty."""
    if blob is None or _is_empty(blob):
        return None
    if (blob[3] >> 1) & 0b111:
        order = "<" if blob[3] & 1 else ">"
        minx, maxx, miny, maxy = struct.unpack_from(f"{order}4d", blob, 8)
        return minx, maxx, miny, maxy
    minx, miny, maxx, maxy = shapely.bounds(shapely.from_wkb(bytes(blob[_wkb_offset(blob) :])))
    return float(minx), float(maxx), float(miny), float(maxy)


def _is_empty(blob: bytes | None) -> int | None:
    if blob is None:
        return None
    if blob[3] & 0b1_0000:
        return 1
    return int(bool(shapely.is_empty(shapely.from_wkb(bytes(blob[_wkb_offset(blob) :])))))


def _envelope_part(index: int) -> Any:
    def part(blob: bytes | None) -> float | None:
        env = envelope(blob)
        return None if env is None else env[index]

    return part


#: SQL function that turns plain WKB into GeoPackage binary (for migrations).
_FROM_WKB = "gbda_gpkg_from_wkb"


def _wkb_to_gpkg(wkb: bytes | None) -> bytes | None:
    # A migration turns each old row once; the ordinary paths encode whole arrays at a time.
    return None if wkb is None else to_gpkg_blobs(np.array([shapely.from_wkb(wkb)]))[0]


def connect(path: Path, timeout: float = LOCK_TIMEOUT_S) -> sqlite3.Connection:
    """Open a GeoPackage for the register: autocommit (we BEGIN ourselves), spatial functions."""
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    conn.create_function(_FROM_WKB, 1, _wkb_to_gpkg, deterministic=True)
    for i, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, _envelope_part(i), deterministic=True)
    return conn


def create_geopackage(conn: sqlite3.Connection) -> None:
    """Make a new file a GeoPackage 1.2 with the tables and reference systems we use."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    core_tables(conn)


def core_tables(conn: sqlite3.Connection) -> None:
    """Add the core tables and reference systems the register needs where they are missing.

    A GeoPackage made empty by GDAL (or QGIS) lacks ``gpkg_extensions`` and EPSG:28992.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, "
        "srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, "
        "organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, "
        "data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', "
        "last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), "
        "min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, "
        "CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (table_name TEXT NOT NULL, "
        "column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, "
        "z TINYINT NOT NULL, m TINYINT NOT NULL, "
        "CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), "
        "CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY "
        "(table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY "
        "(srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
        "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
        "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))"
    )
    rd = CRS.from_epsg(REGISTER_EPSG)
    srs = [
        ("Undefined Cartesian SRS", -1, "NONE", -1, "undefined", "undefined Cartesian SRS"),
        ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic SRS"),
        (
            "WGS 84 geodetic",
            4326,
            "EPSG",
            4326,
            CRS.from_epsg(4326).to_wkt(WktVersion.WKT1_GDAL),
            "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
        ),
        (rd.name, REGISTER_EPSG, "EPSG", REGISTER_EPSG, rd.to_wkt(WktVersion.WKT1_GDAL), None),
    ]
    conn.executemany("INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", srs)


def _column_sql(column: Column, features: bool) -> str:
    kind = "GEOMETRY" if features and column.kind == "geometry" else _SQL_TYPES[column.kind]
    return f"{q(column.name)} {kind}" + (" NOT NULL" if column.not_null else "")


def attributes_table(table: str, columns: Sequence[Column], features: bool = False) -> list[str]:
    """Return the statements that create a table with a ``fid`` key and register it."""
    body = ", ".join(
        [f"{q('fid')} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"]
        + [_column_sql(c, features) for c in columns]
    )
    kind = "features" if features else "attributes"
    srs = REGISTER_EPSG if features else 0
    return [
        f"CREATE TABLE {q(table)} ({body})",
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        f"VALUES ('{table}', '{kind}', '{table}', 'gbda register', {srs})",
    ]


def _spatial_index(table: str, column: str) -> list[str]:
    """Return the GeoPackage R-tree extension, with the triggers GDAL 3.6 writes."""
    rtree, t, c = q(f"rtree_{table}_{column}"), q(table), q(column)
    values = f"NEW.fid, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})"
    name = f"rtree_{table}_{column}"
    present = f"(NEW.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c}))"
    absent = f"(NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))"
    return [
        f"CREATE VIRTUAL TABLE {rtree} USING rtree(id, minx, maxx, miny, maxy)",
        f'CREATE TRIGGER "{name}_insert" AFTER INSERT ON {t} WHEN {present} '
        f"BEGIN INSERT OR REPLACE INTO {rtree} VALUES ({values}); END",
        f'CREATE TRIGGER "{name}_update1" AFTER UPDATE OF {c} ON {t} WHEN OLD.fid = NEW.fid '
        f"AND {present} BEGIN INSERT OR REPLACE INTO {rtree} VALUES ({values}); END",
        f'CREATE TRIGGER "{name}_update2" AFTER UPDATE OF {c} ON {t} WHEN OLD.fid = NEW.fid '
        f"AND {absent} BEGIN DELETE FROM {rtree} WHERE id = OLD.fid; END",
        f'CREATE TRIGGER "{name}_update3" AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND '
        f"{present} BEGIN DELETE FROM {rtree} WHERE id = OLD.fid; "
        f"INSERT OR REPLACE INTO {rtree} VALUES ({values}); END",
        f'CREATE TRIGGER "{name}_update4" AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND '
        f"{absent} BEGIN DELETE FROM {rtree} WHERE id IN (OLD.fid, NEW.fid); END",
        f'CREATE TRIGGER "{name}_delete" AFTER DELETE ON {t} WHEN OLD.{c} NOT NULL '
        f"BEGIN DELETE FROM {rtree} WHERE id = OLD.fid; END",
        "INSERT INTO gpkg_extensions VALUES "
        f"('{table}', '{column}', 'gpkg_rtree_index', "
        "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
    ]


def render(step: Step) -> list[str]:
    """SQLite statements for one migration step."""
    if isinstance(step, CreateTable):
        columns = [c for c in step.columns if not (step.features and c.kind == "geometry")]
        geometry = [c for c in step.columns if step.features and c.kind == "geometry"]
        statements = attributes_table(step.table, [*columns, *geometry], step.features)
        for g in geometry:
            statements.append(
                "INSERT INTO gpkg_geometry_columns VALUES "
                f"('{step.table}', '{g.name}', 'GEOMETRY', {REGISTER_EPSG}, 0, 0)"
            )
            statements += _spatial_index(step.table, g.name)
        return statements
    if isinstance(step, AddColumn):
        return [f"ALTER TABLE {q(step.table)} ADD COLUMN {_column_sql(step.column, False)}"]
    if isinstance(step, CreateIndex):
        unique = "UNIQUE " if step.unique else ""
        cols = ", ".join(q(c) for c in step.columns)
        return [f"CREATE {unique}INDEX {q(step.name)} ON {q(step.table)} ({cols})"]
    if isinstance(step, AppendOnly):
        return [_append_only(step.table, op) for op in ("UPDATE", "DELETE")]
    if isinstance(step, PrimaryKey):
        return []  # the table's fid is its key
    if isinstance(step, GeometryLayer):
        return _geometry_layer(step)
    return _history_guard(step)


def _append_only(table: str, op: str) -> str:
    return (
        f'CREATE TRIGGER "{table}_no_{op.lower()}" BEFORE {op} ON {q(table)} '
        f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
    )


def _geometry_layer(step: GeometryLayer) -> list[str]:
    """Register a table of WKB geometries as a feature table, its WKB as GeoPackage binary.

    The table is append-only: its update trigger makes way for the one rewrite, in the same
    transaction.
    """
    t, c = q(step.table), q(step.column)
    return [
        f'DROP TRIGGER IF EXISTS "{step.table}_no_update"',
        f"UPDATE {t} SET {c} = {_FROM_WKB}({c})",
        _append_only(step.table, "UPDATE"),
        f"UPDATE gpkg_contents SET data_type = 'features', srs_id = {REGISTER_EPSG} "
        f"WHERE table_name = '{step.table}'",
        "INSERT INTO gpkg_geometry_columns VALUES "
        f"('{step.table}', '{step.column}', 'GEOMETRY', {REGISTER_EPSG}, 0, 0)",
    ]


def _history_guard(step: HistoryGuard) -> list[str]:
    t, h = q(step.table), q(step.history)
    recorded = f"EXISTS (SELECT 1 FROM {h} WHERE element_id = NEW.id AND version = NEW.version)"
    refuse = f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END"
    return [
        f'CREATE TRIGGER "{step.table}_guard_insert" BEFORE INSERT ON {t} '
        f"WHEN NEW.version != 1 OR NOT {recorded} {refuse}",
        f'CREATE TRIGGER "{step.table}_guard_update" BEFORE UPDATE ON {t} '
        f"WHEN NEW.version != OLD.version + 1 OR NEW.id != OLD.id OR NOT {recorded} {refuse}",
        f'CREATE TRIGGER "{step.table}_guard_delete" BEFORE DELETE ON {t} {refuse}',
    ]
