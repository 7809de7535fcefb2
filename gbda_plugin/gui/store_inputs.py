"""The register store of a form: a GeoPackage file, or a PostgreSQL connection and schema.

The form names the store; :func:`gbda_plugin.register_store.open_store` opens it.
"""

from __future__ import annotations

from qgis.gui import QgsFileWidget

from ..translation import tr


def setup_store_widgets(form, new_files: bool = False) -> None:
    """Let ``form.storeFile`` pick a register GeoPackage (also a new one with ``new_files``)."""
    if new_files:
        form.storeFile.setStorageMode(QgsFileWidget.SaveFile)
        form.storeFile.setConfirmOverwrite(False)
    form.storeFile.setFilter(tr("GeoPackage") + " (*.gpkg)")


def chosen_store(form) -> tuple[str, str, str | None]:
    """The GeoPackage, PostgreSQL connection and schema the form names, as
    :func:`gbda_plugin.register_store.open_store` takes them: a connection wins over the file."""
    connection = form.connection.text().strip()
    if connection:
        return "", connection, form.schema.text().strip() or None
    return form.storeFile.filePath().strip(), "", None


def store_problem(form) -> str:
    """The complaint when no store is named (empty when one is)."""
    path, connection, _ = chosen_store(form)
    if path or connection:
        return ""
    return tr("Choose a register file or give a PostgreSQL connection.")
