"""The progress register's store, from what a QGIS user gives: a GeoPackage file, a libpq
connection (``service=NAME``, ``host=... dbname=...``, ``postgresql://...``) or the name of a
PostgreSQL connection saved in QGIS (Browser panel). No widgets, no domain rules.

The docks and the Processing algorithms open a register only through :func:`open_store` and
show its elements only through :func:`elements_source`, so both take the same stores.

Passwords never appear in messages: the core masks them, and a saved QGIS connection is only
turned into a connection string to open the register, never to be shown. A layer of a saved
connection keeps the connection's own settings (an authentication configuration stays a
reference), as a layer added from the Browser panel would.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsDataSourceUri, QgsProviderRegistry

from gbda_core.errors import ConfigError

from .translation import tr


def _saved_connection(name: str) -> QgsDataSourceUri:
    """The PostgreSQL connection saved in QGIS under ``name``.

    Raises
    ------
    ConfigError
        When QGIS has no PostgreSQL connection of that name.
    """
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    connection = metadata.findConnection(name.strip()) if metadata is not None else None
    if connection is None:
        known = ", ".join(sorted(metadata.connections())) if metadata is not None else ""
        raise ConfigError(
            tr("no PostgreSQL connection named {name} in QGIS").format(name=repr(name.strip())),
            hint=tr(
                "give service=NAME, a libpq connection string or the name of a connection in "
                "the Browser panel"
            )
            + (f" ({known})" if known else ""),
        )
    return QgsDataSourceUri(connection.uri())


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
    return _saved_connection(text).connectionInfo(True)


def elements_source(connection: str, schema: str | None = None) -> QgsDataSourceUri:
    """QGIS's data source for the ``elements`` table of a PostgreSQL register.

    ``connection`` is what :func:`open_store` takes: a libpq connection string (``service=``,
    ``host=...``, ``postgresql://``) or the name of a saved QGIS connection. ``schema`` defaults
    to the core's (``gbda_register``).

    Raises
    ------
    ConfigError
        When ``connection`` is neither a connection string nor the name of a saved connection.
    """
    from gbda_core.register.model import REGISTER_EPSG
    from gbda_core.register.postgis import DEFAULT_SCHEMA, is_postgres
    from gbda_core.register.schema import ELEMENTS

    uri = _libpq_source(connection) if is_postgres(connection) else _saved_connection(connection)
    uri.setDataSource(schema or DEFAULT_SCHEMA, ELEMENTS, "geom", "", "id")
    uri.setSrid(str(REGISTER_EPSG))
    return uri


def _libpq_source(conninfo: str) -> QgsDataSourceUri:
    """A libpq string (key/value or ``postgresql://`` URI, which QGIS cannot read) for QGIS."""
    import psycopg

    params = psycopg.conninfo.conninfo_to_dict(conninfo.strip())
    uri = QgsDataSourceUri()
    if "service" in params:
        uri.setConnection(
            str(params["service"]),
            str(params.get("dbname", "")),
            str(params.get("user", "")),
            str(params.get("password", "")),
        )
    else:
        uri.setConnection(
            str(params.get("host", "")),
            str(params.get("port", "")),
            str(params.get("dbname", "")),
            str(params.get("user", "")),
            str(params.get("password", "")),
        )
    return uri


def open_store(path: str = "", connection: str = "", schema: str | None = None, *, create=False):
    """Open the register in a GeoPackage (``path``) or in PostgreSQL (``connection``: a libpq
    connection string or the name of a PostgreSQL connection saved in QGIS).

    With ``create``, a GeoPackage that does not exist yet becomes a new register (a PostgreSQL
    register is created once with ``gbda register init`` or the register dock's *Create new*).

    Raises
    ------
    ConfigError
        When neither or both are given, when a connection name is not saved in QGIS, or when
        psycopg (which the register needs) is missing.
    """
    if bool(path) == bool(connection):
        raise ConfigError(
            tr("give either a register GeoPackage or a PostgreSQL connection"),
            hint=tr("a .gpkg file, or a connection name or service=NAME"),
        )
    try:  # every store needs psycopg: the core looks at the store name with it
        from gbda_core.register import open_register
        from gbda_core.register.postgis import is_postgres  # noqa: F401
    except ModuleNotFoundError as exc:
        raise ConfigError(
            tr("the register needs the Python package {name}").format(name=exc.name),
            hint=tr("install it in the Python that QGIS runs: {command}").format(
                command='pip install "psycopg[binary]>=3.1"'
            ),
        ) from None
    new = bool(path) and create and not Path(path).exists()
    register = open_register(path or postgres_conninfo(connection), schema=schema or None)
    if new:
        register.init()
    return register
