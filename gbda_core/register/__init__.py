"""The progress register: planned and realised landscape elements, with every change kept.

Two stores behind one API (:class:`Register`): a GeoPackage file (the default; one file that
QGIS opens as ordinary layers) and a PostGIS database (a register many people share). See
``docs/register.md``.

>>> reg = open_register("register.gpkg")            # doctest: +SKIP
>>> reg.init()                                      # doctest: +SKIP
>>> report = reg.import_layer("heggen.gpkg")        # doctest: +SKIP
>>> reg.set_status(report.added[0], "aangelegd", "2025-03-14")  # doctest: +SKIP
>>> reg.current(at="2025-01-01")                    # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from gbda_core.errors import ConfigError
from gbda_core.register.importer import ImportAborted, ImportReport, RejectedRow
from gbda_core.register.model import DEFAULT_PROGRAMME, TRANSITIONS, Status
from gbda_core.register.schema import SCHEMA_VERSION
from gbda_core.register.store import ConflictError, Register
from gbda_core.vocabulary import Vocabulary

__all__ = [
    "DEFAULT_PROGRAMME",
    "SCHEMA_VERSION",
    "TRANSITIONS",
    "ConflictError",
    "ImportAborted",
    "ImportReport",
    "Register",
    "RejectedRow",
    "Status",
    "open_register",
]


def open_register(
    store: str | Path,
    *,
    schema: str | None = None,
    vocabulary: Vocabulary | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Register:
    """Open a register (call :meth:`Register.init` once to create it).

    Parameters
    ----------
    store
        A ``.gpkg`` path, a ``postgresql://`` URI (without password: use ``~/.pgpass``), or a
        libpq connection string such as ``service=NAME`` (from the service file).
    schema
        PostgreSQL schema of the register tables (default ``gbda_register``).
    vocabulary
        Element types (default: the vocabulary shipped with gbda).
    clock
        Source of change times (aware datetimes; default: the database server's clock, or
        this computer's for a GeoPackage).

    Raises
    ------
    ConfigError
        When ``store`` is neither a ``.gpkg`` path nor a PostgreSQL connection.
    InputError
        When the database cannot be reached (the message never shows a password).
    """
    from gbda_core.register.postgis import is_postgres

    text = str(store)
    if is_postgres(text):
        from gbda_core.register.postgis import DEFAULT_SCHEMA, PostGISRegister

        return PostGISRegister(
            text, schema=schema or DEFAULT_SCHEMA, vocabulary=vocabulary, clock=clock
        )
    if schema is not None:
        raise ConfigError("a schema applies to PostgreSQL stores only", source=text)
    if Path(text).suffix.lower() != ".gpkg":
        raise ConfigError(
            "unknown register store",
            source=text,
            hint="give a .gpkg file, a postgresql:// URI or service=NAME",
        )
    from gbda_core.register.gpkg import GeoPackageRegister

    return GeoPackageRegister(text, vocabulary=vocabulary, clock=clock)
