"""The register's tables as one versioned list of migrations, rendered by each store.

The steps are declarative (create a table, add a column, an index, a guard); the GeoPackage and
PostGIS stores each turn a step into their own SQL, so both stores always have the same tables,
columns and rules. A store records the versions it applied in ``schema_version`` and applies
the missing ones in one transaction.

Tables
    ``elements``
        The current state: one row per element (a feature table; in QGIS an ordinary layer).
        Its key is ``id`` in PostGIS and the integer ``fid`` in a GeoPackage.
    ``history``
        Append-only: one row per change with the element's attributes and geometry after it
        (a layer too, from version 3). Its key is ``(element_id, version)`` in PostGIS and
        ``fid`` in a GeoPackage.
    ``schema_version``
        The migrations applied, with time and description.

Guards (in both stores)
    ``history`` refuses updates and deletes. ``elements`` refuses deletes, and accepts a new or
    changed row only when its version goes up by one and the history already holds the row of
    that version: a change made past gbda (say, an edit in QGIS) fails instead of going
    unrecorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Logical column types; each store maps them to its own.
ColumnKind = Literal["uuid", "text", "date", "timestamp", "integer", "real", "geometry"]


@dataclass(frozen=True)
class Column:
    """A column of a register table."""

    name: str
    kind: ColumnKind
    not_null: bool = False


@dataclass(frozen=True)
class CreateTable:
    """Create a table; ``features`` tables carry the ``geom`` column as their layer geometry."""

    table: str
    columns: tuple[Column, ...]
    features: bool = False


@dataclass(frozen=True)
class AddColumn:
    """Add a nullable column to an existing table."""

    table: str
    column: Column


@dataclass(frozen=True)
class CreateIndex:
    """Create a (unique) index."""

    table: str
    columns: tuple[str, ...]
    unique: bool = False

    @property
    def name(self) -> str:
        """Index name: table, columns and ``idx`` / ``key``."""
        return "_".join((self.table, *self.columns, "key" if self.unique else "idx"))


@dataclass(frozen=True)
class AppendOnly:
    """Refuse updates and deletes on ``table``."""

    table: str


@dataclass(frozen=True)
class HistoryGuard:
    """Accept rows of ``table`` only with a history row of the same id and next version."""

    table: str
    history: str


@dataclass(frozen=True)
class PrimaryKey:
    """Make the unique index on ``columns`` the table's primary key: QGIS takes it as feature id.

    A GeoPackage table has its integer ``fid`` key from the start: there the step does nothing.
    """

    table: str
    columns: tuple[str, ...]

    @property
    def index(self) -> CreateIndex:
        """The unique index that becomes the key."""
        return CreateIndex(self.table, self.columns, unique=True)


@dataclass(frozen=True)
class GeometryLayer:
    """Make an (append-only) table's geometry column its layer geometry.

    In PostGIS the column is a geometry column already: nothing to do. A GeoPackage table is
    registered as a feature table and its plain WKB turns into GeoPackage geometry blobs.
    """

    table: str
    column: str


Step = (
    CreateTable | AddColumn | CreateIndex | AppendOnly | HistoryGuard | PrimaryKey | GeometryLayer
)


@dataclass(frozen=True)
class Migration:
    """One schema version: what it adds, as steps both stores can apply."""

    version: int
    description: str
    steps: tuple[Step, ...]


_ATTRIBUTES = (
    Column("element_type", "text", not_null=True),
    Column("status", "text", not_null=True),
    Column("planned", "date"),
    Column("planted", "date"),
    Column("checked", "date"),
    Column("removed", "date"),
    Column("programme", "text"),
    Column("region", "text"),
    Column("collectief", "text"),
    Column("note", "text"),
    Column("length_m", "real"),
    Column("area_m2", "real"),
)

#: Every schema version, oldest first. Never edit a released migration: add a new one.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "elements, history and their guards",
        (
            CreateTable(
                "elements",
                (
                    Column("id", "uuid", not_null=True),
                    *_ATTRIBUTES,
                    Column("version", "integer", not_null=True),
                    Column("geom", "geometry", not_null=True),
                ),
                features=True,
            ),
            CreateIndex("elements", ("id",), unique=True),
            CreateTable(
                "history",
                (
                    Column("element_id", "uuid", not_null=True),
                    Column("version", "integer", not_null=True),
                    Column("changed_at", "timestamp", not_null=True),
                    Column("changed_by", "text", not_null=True),
                    Column("action", "text", not_null=True),
                    Column("changed", "text"),
                    *_ATTRIBUTES,
                    Column("geom", "geometry", not_null=True),
                ),
            ),
            CreateIndex("history", ("element_id", "version"), unique=True),
            CreateIndex("history", ("changed_at",)),
            AppendOnly("history"),
            HistoryGuard("elements", "history"),
        ),
    ),
    Migration(
        2,
        "funding scheme; import key for imports without ids",
        (
            AddColumn("elements", Column("funding", "text")),
            AddColumn("history", Column("funding", "text")),
            AddColumn("elements", Column("import_key", "text")),
            CreateIndex("elements", ("import_key",), unique=True),
        ),
    ),
    Migration(
        3,
        "primary keys (feature ids for QGIS); history as a layer with geometry",
        (
            PrimaryKey("elements", ("id",)),
            PrimaryKey("history", ("element_id", "version")),
            GeometryLayer("history", "geom"),
        ),
    ),
)

#: The schema version this gbda reads and writes.
SCHEMA_VERSION = MIGRATIONS[-1].version

#: Table names.
ELEMENTS, HISTORY, VERSIONS = "elements", "history", "schema_version"

#: Text of the guard errors (both stores raise it; the stores translate it for users).
GUARD_MESSAGE = "elements change only through gbda register, which records each change"
APPEND_ONLY_MESSAGE = "the register history is append-only"


def pending(applied: int) -> tuple[Migration, ...]:
    """Return the migrations after version ``applied``, in order."""
    return tuple(m for m in MIGRATIONS if m.version > applied)
