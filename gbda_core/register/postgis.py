"""The register in a PostGIS database: the shared register many people write to at once.

Connection settings come from libpq: a service name (``service=NAME``, from the service file),
the ``PG*`` environment variables, or a ``postgresql://`` URI; passwords belong in ``~/.pgpass``
(or ``PGPASSFILE``), never in a URI or in code. A password that is given anyway never appears
in messages: every message shows the connection with ``***`` in its place.

The tables live in their own schema (default ``gbda_register``): ``elements`` with a
``geometry(Geometry, 28992)`` column and a GiST index, ``history`` and ``schema_version``.
All values go to the server as parameters (geometries as hex EWKB), all names as quoted
identifiers. A change locks the rows it changes (``SELECT ... FOR UPDATE``) before it reads
them, so two writers changing the same element never lose an update: the second waits and
then applies its change on top (or, when it passed ``expected_version``, gets a
:class:`ConflictError`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import shapely
from psycopg import sql

from gbda_core.errors import ConfigError, DataError, InputError
from gbda_core.register.model import DATE_FIELDS, HISTORY_COLUMNS, REGISTER_EPSG
from gbda_core.register.records import (
    RECORD_COLUMNS,
    UPDATED_COLUMNS,
    normalise_records,
    normalise_values,
    nullable,
    update_rows,
)
from gbda_core.register.schema import (
    APPEND_ONLY_MESSAGE,
    ELEMENTS,
    GUARD_MESSAGE,
    HISTORY,
    VERSIONS,
    AddColumn,
    AppendOnly,
    Column,
    CreateIndex,
    CreateTable,
    GeometryLayer,
    Migration,
    PrimaryKey,
    Step,
)
from gbda_core.register.store import ConflictError, Register

#: Schema of the register tables unless the caller names another.
DEFAULT_SCHEMA = "gbda_register"
#: Schema names we accept: they also appear inside trigger function bodies.
_SCHEMA_PATTERN = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_SQL_TYPES = {
    "uuid": "uuid",
    "text": "text",
    "date": "date",
    "timestamp": "timestamptz",
    "integer": "integer",
    "real": "double precision",
}


def is_postgres(store: str) -> bool:
    """Return True when ``store`` names a PostgreSQL connection rather than a file."""
    text = store.strip()
    return text.startswith(("postgresql://", "postgres://")) or bool(
        re.match(r"^\s*(service|dbname|host)\s*=", text)
    )


def mask_password(conninfo: str) -> str:
    """Return the connection text with any password replaced by ``***``."""
    if re.match(r"\s*postgres(ql)?://", conninfo):
        # Up to the last @ of the authority: people type an @ in a password unencoded.
        masked = re.sub(r"(postgres(?:ql)?://[^:/@?#]*:)[^/?#]*@", r"\1***@", conninfo)
        return re.sub(r"([?&]password=)[^&#]*", r"\1***", masked)
    return re.sub(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", conninfo)


def _passwords(conninfo: str) -> list[str]:
    """Return the password texts in a connection string (to scrub them from server messages)."""
    try:
        params = psycopg.conninfo.conninfo_to_dict(conninfo)
    except psycopg.ProgrammingError:
        return []
    password = params.get("password")
    return [str(password)] if password else []


class PostGISRegister(Register):
    """A register in a PostGIS database."""

    def __init__(self, conninfo: str, *, schema: str = DEFAULT_SCHEMA, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not _SCHEMA_PATTERN.fullmatch(schema):
            raise ConfigError(
                f"schema name {schema!r} is not allowed",
                hint="use lower-case letters, digits and _ (at most 63), e.g. gbda_register",
            )
        self.schema = schema
        self._conninfo = conninfo
        self._secrets = _passwords(conninfo)
        self._conn = self._connect()
        self._postgis: str | None = None

    @property
    def location(self) -> str:
        """The connection, password masked, and the schema."""
        return f"{mask_password(self._conninfo)} (schema {self.schema})"

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def _connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        try:
            return psycopg.connect(
                self._conninfo, autocommit=True, application_name="gbda register"
            )
        except psycopg.Error as exc:
            raise InputError(
                f"cannot connect to PostgreSQL: {self._scrub(exc)}",
                source=mask_password(self._conninfo),
                hint="check the service file, the PG* variables or ~/.pgpass",
            ) from None

    def _scrub(self, exc: BaseException) -> str:
        text = " ".join(str(exc).split())
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _t(self, table: str) -> sql.Identifier:
        return sql.Identifier(self.schema, table)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            with self._conn.transaction():
                yield
        except psycopg.Error as exc:
            raise self._translate(exc) from None

    def _translate(self, exc: psycopg.Error) -> Exception:
        """Turn a database error into a one-line error that says what to do.

        Errors of gbda's own SQL (syntax, unknown column) are bugs and stay as they are.
        """
        text = self._scrub(exc)
        if isinstance(exc, psycopg.errors.UniqueViolation):
            return ConflictError(
                "another writer added or changed the same elements at the same time",
                source=self.location,
                hint="try again; an import run again skips what is in the register now",
            )
        if isinstance(exc, psycopg.errors.RaiseException):
            return DataError(f"the register refused the change: {text}")
        if isinstance(exc, psycopg.errors.InsufficientPrivilege):
            return InputError(
                f"no permission: {text}",
                source=self.location,
                hint=f"ask the database owner for USAGE on schema {self.schema} and SELECT "
                "(to read) or INSERT and UPDATE (to change) on its tables",
            )
        if isinstance(exc, psycopg.OperationalError):
            return InputError(
                f"database error: {text}",
                source=self.location,
                hint="check the connection and the server, then run the command again; "
                "a change that failed was not kept",
            )
        return exc

    def _execute(
        self, query: sql.SQL | sql.Composed, params: Sequence[Any] = ()
    ) -> psycopg.Cursor[tuple[Any, ...]]:
        """Run one statement; database errors become one-line errors (also outside a change)."""
        try:
            return self._conn.execute(query, params)
        except psycopg.Error as exc:
            raise self._translate(exc) from None

    def _applied_version(self) -> int | None:
        found = self._execute(
            sql.SQL("SELECT to_regclass({})").format(
                sql.Literal(sql.Identifier(self.schema, VERSIONS).as_string(self._conn))
            )
        ).fetchone()
        if found is None or found[0] is None:
            return None
        version = self._execute(
            sql.SQL("SELECT max(version) FROM {}").format(self._t(VERSIONS))
        ).fetchone()
        return int(version[0]) if version and version[0] is not None else 0

    def _postgis_schema(self) -> str:
        row = self._execute(
            sql.SQL("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = %s"),
            ("postgis",),
        ).fetchone()
        if row is None:
            raise InputError(
                "PostGIS is not installed in this database",
                source=self.location,
                hint="ask the administrator to run: CREATE EXTENSION postgis",
            )
        return str(row[0]).strip('"')

    def _apply(self, migration: Migration) -> None:
        # Two people running init at once: the second waits, then finds the work done.
        self._execute(
            sql.SQL("SELECT pg_advisory_xact_lock(hashtext(%s))"), (f"gbda_register:{self.schema}",)
        )
        if (self._applied_version() or 0) >= migration.version:
            return
        postgis = self._postgis_schema()
        self._execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema)))
        self._execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (version integer PRIMARY KEY, description text, "
                "applied_at timestamptz NOT NULL DEFAULT now())"
            ).format(self._t(VERSIONS))
        )
        for step in migration.steps:
            for statement in self._render(step, postgis):
                self._execute(statement)
        self._execute(
            sql.SQL("INSERT INTO {} (version, description) VALUES (%s, %s)").format(
                self._t(VERSIONS)
            ),
            (migration.version, migration.description),
        )

    def _server_now(self) -> datetime | None:
        row = self._execute(sql.SQL("SELECT clock_timestamp()")).fetchone()
        return None if row is None else row[0]

    def _last_change(self) -> datetime | None:
        row = self._execute(sql.SQL("SELECT max(changed_at) FROM {}").format(self._t(HISTORY)))
        value = row.fetchone()
        return None if value is None else value[0]

    def _keys(self) -> pd.DataFrame:
        rows = self._execute(
            sql.SQL("SELECT id::text, import_key FROM {}").format(self._t(ELEMENTS))
        ).fetchall()
        return pd.DataFrame(rows, columns=["id", "import_key"], dtype=object)

    def _fetch(self, ids: Sequence[str] | None, *, lock: bool = False) -> gpd.GeoDataFrame:
        columns = [sql.Identifier(c) for c in RECORD_COLUMNS[:-1]] + [sql.Identifier("geom")]
        query = sql.SQL("SELECT {} FROM {}").format(sql.SQL(", ").join(columns), self._t(ELEMENTS))
        params: list[Any] = []
        if ids is not None:
            query += sql.SQL(" WHERE id = ANY(%s::uuid[])")
            params.append(list(ids))
        if lock:
            # Lock in id order: two writers locking the same elements cannot deadlock.
            query += sql.SQL(" ORDER BY id FOR UPDATE")
        rows = self._execute(query, params).fetchall()
        return _records(rows, [*RECORD_COLUMNS[:-1], "geometry"])

    def _insert_history(self, rows: gpd.GeoDataFrame) -> None:
        values = _values(rows, HISTORY_COLUMNS)
        values["geom"] = _ewkb(rows)
        self._insert(HISTORY, [*HISTORY_COLUMNS, "geom"], values)

    def _insert_elements(self, records: gpd.GeoDataFrame) -> None:
        values = _values(records, RECORD_COLUMNS[:-1])
        values["geom"] = _ewkb(records)
        self._insert(ELEMENTS, [*RECORD_COLUMNS[:-1], "geom"], values)

    def _update_elements(self, records: gpd.GeoDataFrame, old_versions: Sequence[int]) -> int:
        columns = [*UPDATED_COLUMNS, "geom"]
        values = _values(records, columns[:-1])
        values["geom"] = _ewkb(records)
        query = sql.SQL("UPDATE {} SET {} WHERE id = %s::uuid AND version = %s").format(
            self._t(ELEMENTS),
            sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in columns),
        )
        params = update_rows(values, columns, records, old_versions)
        with self._conn.cursor() as cursor:
            cursor.executemany(query, params)
            return int(cursor.rowcount)

    def _read_history(self, id: str | None, until: datetime | None) -> pd.DataFrame:
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in HISTORY_COLUMNS)
        query = sql.SQL("SELECT {} FROM {}").format(columns, self._t(HISTORY))
        where: list[sql.Composable] = []
        params: list[Any] = []
        if id is not None:
            where.append(sql.SQL("element_id = %s::uuid"))
            params.append(id)
        if until is not None:
            where.append(sql.SQL("changed_at <= %s"))
            params.append(until)
        if where:
            query += sql.SQL(" WHERE ") + sql.SQL(" AND ").join(where)
        query += sql.SQL(" ORDER BY changed_at, element_id, version")
        rows = self._execute(query, params).fetchall()
        return normalise_values(pd.DataFrame(rows, columns=list(HISTORY_COLUMNS), dtype=object))

    def _latest(self, until: datetime) -> gpd.GeoDataFrame:
        # Versions of an element rise with its change times: the highest version up to
        # ``until`` is its latest change then, found along the (element_id, version) key.
        columns = [sql.Identifier(c) for c in (*HISTORY_COLUMNS, "geom")]
        query = sql.SQL(
            "SELECT DISTINCT ON (element_id) {} FROM {} WHERE changed_at <= %s "
            "ORDER BY element_id, version DESC"
        ).format(sql.SQL(", ").join(columns), self._t(HISTORY))
        rows = self._execute(query, [until]).fetchall()
        return _records(rows, [*HISTORY_COLUMNS, "geometry"])

    def _insert(self, table: str, columns: list[str], values: dict[str, list[Any]]) -> None:
        query = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            self._t(table),
            sql.SQL(", ").join(sql.Identifier(c) for c in columns),
            sql.SQL(", ").join(sql.Placeholder() * len(columns)),
        )
        with self._conn.cursor() as cursor:
            cursor.executemany(query, list(zip(*(values[c] for c in columns), strict=True)))

    def _render(self, step: Step, postgis: str) -> list[sql.Composed]:
        """Return the SQL statements of one migration step."""
        if isinstance(step, CreateTable):
            body = sql.SQL(", ").join(self._column(c, postgis) for c in step.columns)
            statements: list[sql.Composed] = [
                sql.SQL("CREATE TABLE {} ({})").format(self._t(step.table), body)
            ]
            for c in step.columns:
                if c.kind == "geometry":
                    statements.append(
                        sql.SQL("CREATE INDEX {} ON {} USING gist ({})").format(
                            sql.Identifier(f"{step.table}_{c.name}_gist"),
                            self._t(step.table),
                            sql.Identifier(c.name),
                        )
                    )
            return statements
        if isinstance(step, AddColumn):
            return [
                sql.SQL("ALTER TABLE {} ADD COLUMN {}").format(
                    self._t(step.table), self._column(step.column, postgis)
                )
            ]
        if isinstance(step, CreateIndex):
            return [
                sql.SQL("CREATE {}INDEX {} ON {} ({})").format(
                    sql.SQL("UNIQUE " if step.unique else ""),
                    sql.Identifier(step.name),
                    self._t(step.table),
                    sql.SQL(", ").join(sql.Identifier(c) for c in step.columns),
                )
            ]
        if isinstance(step, PrimaryKey):
            return [
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY USING INDEX {}").format(
                    self._t(step.table),
                    sql.Identifier(f"{step.table}_pkey"),
                    sql.Identifier(step.index.name),
                )
            ]
        if isinstance(step, GeometryLayer):
            return []  # its geometry column makes it a layer already
        if isinstance(step, AppendOnly):
            function = sql.Identifier(self.schema, f"{step.table}_append_only")
            return [
                sql.SQL(
                    "CREATE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION {}; END $$"
                ).format(function, sql.Literal(APPEND_ONLY_MESSAGE)),
                sql.SQL(
                    "CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON {} "
                    "FOR EACH ROW EXECUTE FUNCTION {}()"
                ).format(self._t(step.table), function),
                sql.SQL(
                    "CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON {} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION {}()"
                ).format(self._t(step.table), function),
            ]
        function = sql.Identifier(self.schema, f"{step.table}_guard")
        return [
            sql.SQL(
                "CREATE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF TG_OP = 'DELETE' OR (TG_OP = 'INSERT' AND NEW.version <> 1) "
                "OR (TG_OP = 'UPDATE' AND (NEW.version <> OLD.version + 1 OR NEW.id <> OLD.id)) "
                "OR NOT EXISTS (SELECT 1 FROM {history} h "
                "WHERE h.element_id = NEW.id AND h.version = NEW.version) "
                "THEN RAISE EXCEPTION {message}; END IF; RETURN NEW; END $$"
            ).format(
                fn=function,
                history=self._t(step.history),
                message=sql.Literal(GUARD_MESSAGE),
            ),
            sql.SQL(
                "CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON {} "
                "FOR EACH ROW EXECUTE FUNCTION {}()"
            ).format(self._t(step.table), function),
        ]

    def _column(self, column: Column, postgis: str) -> sql.Composable:
        if column.kind == "geometry":
            kind: sql.Composable = sql.SQL("{}(Geometry, {})").format(
                sql.Identifier(postgis, "geometry"), sql.Literal(REGISTER_EPSG)
            )
        else:
            kind = sql.SQL(_SQL_TYPES[column.kind])
        null = sql.SQL(" NOT NULL" if column.not_null else "")
        return sql.SQL("{} {}{}").format(sql.Identifier(column.name), kind, null)


def _ewkb(frame: gpd.GeoDataFrame) -> list[str]:
    geoms = shapely.set_srid(np.asarray(frame.geometry.array, dtype=object), REGISTER_EPSG)
    ewkb = shapely.to_wkb(geoms, hex=True, include_srid=True, output_dimension=2)
    return list(ewkb.tolist())


def _values(frame: pd.DataFrame, columns: Sequence[str]) -> dict[str, list[Any]]:
    """Column values as psycopg sends them: None for missing, dates as dates, ids as text.

    Ids go as text; the server casts them to uuid (psycopg sends text of unknown type).
    """
    out: dict[str, list[Any]] = {}
    for c in columns:
        series = frame[c]
        if c in DATE_FIELDS:
            series = series.dt.date
        elif c == "changed_at":
            out[c] = list(series.array.to_pydatetime())
            continue
        out[c] = nullable(series)
    return out


def _records(rows: list[tuple[Any, ...]], columns: list[str]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    frame["geometry"] = list(shapely.from_wkb(list(frame["geometry"])))
    return normalise_records(frame)
