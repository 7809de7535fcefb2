"""Progress reporting and cancellation, independent of any user interface.

Long work in gbda_core reports through a :class:`Feedback`. The CLI passes one that draws rich
progress bars; the QGIS plugin passes one that forwards to ``QgsProcessingFeedback``. The default
does nothing, so library users need not care.
"""

from __future__ import annotations

from gbda_core.errors import GbdaError


class Cancelled(GbdaError):
    """The user cancelled the run."""


class Feedback:
    """Receives progress from long-running core functions; subclass to display it."""

    def step(self, label: str, total: int | None = None) -> None:
        """Start a named step of ``total`` units (None when unknown)."""

    def advance(self, units: int = 1) -> None:
        """Report ``units`` more units of the current step done."""

    def info(self, message: str) -> None:
        """Report a message worth showing the user (not a problem)."""

    def is_cancelled(self) -> bool:
        """Return True when the user asked to stop; core code then raises :class:`Cancelled`."""
        return False

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop."""
        if self.is_cancelled():
            raise Cancelled("cancelled by the user")


#: Feedback that shows nothing and never cancels.
SILENT = Feedback()
