"""The progress register's store, from what a QGIS user gives: a GeoPackage file, a libpq
connection (``service=NAME``, ``host=... dbname=...``, ``postgresql://...``) or the name of a
PostgreSQL connection saved in QGIS (Browser panel). No widgets, no domain rules.

Passwords never appear in messages: the core masks them, and a saved QGIS connection is only
turned into a connection string to open the register, never to be shown.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis, QgsDataSourceUri, QgsProviderRegistry, QgsWkbTypes

from gbda_core.errors import ConfigError


def postgres_conninfo(text: str) -> str:
    """A libpq connection string for ``text``: ``text`` itself when it is one, else the saved
    QGIS PostgreSQL connection of that name (its authentication configuration expanded).

    Raises
    ------
    ConfigError
        When ``text`` is neither a connection string nor the name of a saved connection.
    """
    from gbda_core.register.postgis import is_postgres

    if is_postgres(text):
        return text.strip()
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    connection = metadata.findConnection(text.strip()) if metadata is not None else None
    if connection is None:
        known = ", ".join(sorted(metadata.connections())) if metadata is not None else ""
        raise ConfigError(
            f"no PostgreSQL connection named {text.strip()!r} in QGIS",
            hint="give service=NAME, a libpq connection string or the name of a connection "
            f"in the Browser panel{f' ({known})' if known else ''}",
        )
    return QgsDataSourceUri(connection.uri()).connectionInfo(True)


def open_store(path: str = "", connection: str = "", schema: str | None = None, *, create=False):
    """Open the register in a GeoPackage (``path``) or in PostgreSQL (``connection``).

    With ``create``, a GeoPackage that does not exist yet becomes a new register (a PostgreSQL
    register is created once with ``gbda register init``).

    Raises
    ------
    ConfigError
        When neither or both are given, or when psycopg (which the register needs) is missing.
    """
    if bool(path) == bool(connection):
        raise ConfigError(
            "give either a register GeoPackage or a PostgreSQL connection",
            hint="a .gpkg file, or a connection name or service=NAME",
        )
    try:  # every store needs psycopg: the core looks at the store name with it
        from gbda_core.register import open_register
        from gbda_core.register.postgis import is_postgres  # noqa: F401
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"the register needs the Python package {exc.name}",
            hint='install it in the Python that QGIS runs: pip install "psycopg[binary]>=3.1"',
        ) from None
    new = bool(path) and create and not Path(path).exists()
    register = open_register(path or postgres_conninfo(connection), schema=schema or None)
    if new:
        register.init()
    return register


def register_layers(path: str) -> list[tuple[str, int]]:
    """The ``elements`` layer of a register GeoPackage, one URI per geometry type in it, with
    that type's QGIS geometry type (point, line or polygon)."""
    details = QgsProviderRegistry.instance().querySublayers(
        str(path), Qgis.SublayerQueryFlag.ResolveGeometryType
    )
    found = []
    for detail in details:
        kind = QgsWkbTypes.geometryType(detail.wkbType())
        if detail.name() == "elements" and kind in _DRAWN:
            found.append((detail.uri(), kind))
    return found


_DRAWN = (QgsWkbTypes.PointGeometry, QgsWkbTypes.LineGeometry, QgsWkbTypes.PolygonGeometry)
