"""The register store of a form: a GeoPackage file, or a PostgreSQL connection and schema."""

from __future__ import annotations

from qgis.gui import QgsFileWidget

from ..translation import tr


def setup_store_widgets(form, new_files: bool = False) -> None:
    """Let ``form.storeFile`` pick a register GeoPackage (also a new one with ``new_files``)."""
    if new_files:
        form.storeFile.setStorageMode(QgsFileWidget.SaveFile)
        form.storeFile.setConfirmOverwrite(False)
    form.storeFile.setFilter(tr("GeoPackage") + " (*.gpkg)")


def chosen_store(form) -> tuple[str, str | None]:
    """The store and schema the form names; a PostgreSQL connection wins over the file."""
    connection = form.connection.text().strip()
    if connection:
        return connection, form.schema.text().strip() or None
    return form.storeFile.filePath().strip(), None


def store_problem(form) -> str:
    """The complaint when no store is named (empty when one is)."""
    if chosen_store(form)[0]:
        return ""
    return tr("Choose a register file or give a PostgreSQL connection.")


def open_store(store: str, schema: str | None = None):
    """:func:`gbda_core.register.open_register`, with a one-line error when the ``psycopg``
    package (which the core's register module imports) is not installed in QGIS's Python."""
    from gbda_core.errors import InputError
    from gbda_core.register import open_register

    try:
        return open_register(store, schema=schema)
    except ImportError as exc:
        raise InputError(
            tr("the register needs the Python package psycopg ({error})").format(error=exc),
            hint='python3 -m pip install "psycopg[binary]>=3.1"',
        ) from None
