"""The register store as Processing inputs, shared by ``gbda:register_import`` and
``gbda:progress``: a GeoPackage, or a PostgreSQL connection and schema."""

from __future__ import annotations

from qgis.core import QgsProcessingParameterFile as File
from qgis.core import QgsProcessingParameterFileDestination as FileDestination
from qgis.core import QgsProcessingParameterString as String

from ..translation import tr, tr_noop
from .base import given

GPKG_FILTER = "GeoPackage (*.gpkg *.GPKG)"


def add_store_inputs(algorithm, create: bool) -> None:
    """Declare ``REGISTER`` (a GeoPackage; with ``create`` one that may not exist yet),
    ``DATABASE`` (a PostgreSQL connection) and ``SCHEMA`` (advanced)."""
    label = tr("Register (GeoPackage)")
    if create:
        store = FileDestination(
            "REGISTER", label, GPKG_FILTER, optional=True, createByDefault=False
        )
        help_text = tr_noop("A new file becomes a new register. Or give a PostgreSQL register.")
    else:
        store = File("REGISTER", label, extension="gpkg", optional=True)
        help_text = tr_noop("Or give a PostgreSQL register.")
    algorithm.add(store, help_text)
    algorithm.add(
        String("DATABASE", tr("Register in PostgreSQL (connection)"), optional=True),
        tr_noop(
            "The name of a PostgreSQL connection in the Browser panel, service=NAME or a libpq "
            "connection string. Passwords belong in the connection or in ~/.pgpass."
        ),
    )
    schema = String("SCHEMA", tr("PostgreSQL schema of the register"), optional=True)
    algorithm.add(schema, tr_noop("Default: gbda_register."), advanced=True)


def store_path(algorithm, parameters, context) -> str:
    """The GeoPackage given as ``REGISTER`` ("" when none)."""
    if not given(parameters, "REGISTER"):
        return ""
    if isinstance(algorithm.parameterDefinition("REGISTER"), FileDestination):
        return algorithm.parameterAsFileOutput(parameters, "REGISTER", context)
    return algorithm.parameterAsFile(parameters, "REGISTER", context)


def store_names(algorithm, parameters, context) -> tuple[str, str, str | None]:
    """The GeoPackage, PostgreSQL connection and schema the inputs name, as
    :func:`gbda_plugin.register_store.open_store` takes them."""
    return (
        store_path(algorithm, parameters, context),
        algorithm.parameterAsString(parameters, "DATABASE", context),
        algorithm.parameterAsString(parameters, "SCHEMA", context) or None,
    )


def open_store_input(algorithm, parameters, context, create: bool = False):
    """Open the register the inputs name (see :func:`gbda_plugin.register_store.open_store`)."""
    from ..register_store import open_store

    return open_store(*store_names(algorithm, parameters, context), create=create)
