"""Exceptions raised by gbda_core.

Every user error is a :class:`GbdaError`. Its message is one line that names the file, the
layer and the row where known, says what is wrong and what to do, so that the CLI can print it
as is and exit with status 2, and the QGIS plugin can show it in the message bar.
"""

from __future__ import annotations


class GbdaError(Exception):
    """Base class of all errors that are the user's to fix (bad input, bad settings)."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        layer: str | None = None,
        row: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.layer = layer
        self.row = row
        self.hint = hint
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.source:
            where.append(str(self.source))
        if self.layer:
            where.append(f"layer {self.layer}")
        if self.row is not None:
            where.append(f"row {self.row}")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.hint:
            text += f" ({self.hint})"
        # One line, always: a newline in a GDAL message would break the CLI's contract.
        return " ".join(text.split())


class InputError(GbdaError):
    """An input file or layer cannot be used: missing, corrupt, wrong CRS, missing field."""


class DataError(GbdaError):
    """The data in a layer breaks a rule that cannot be repaired (e.g. a negative width)."""


class ConfigError(GbdaError):
    """A setting is wrong: unknown profile, unknown element type in a mapping, bad target."""
