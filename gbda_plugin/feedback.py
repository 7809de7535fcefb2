"""Core progress and cancellation on a QGIS feedback object (Processing or a background task)."""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import QgsFeedback

from gbda_core.feedback import Feedback


class QgisFeedback(Feedback):
    """A :class:`gbda_core.feedback.Feedback` that reports to a ``QgsFeedback``.

    Each core step shows its label (``setProgressText``/``pushInfo`` on Processing feedback,
    ``on_step`` for tasks) and moves the progress bar through ``[start, end]`` percent as its
    units are done. The core asks :meth:`is_cancelled` between units; Cancel in the Processing
    dialog or on a task therefore stops the run.
    """

    def __init__(
        self,
        feedback: QgsFeedback,
        *,
        start: float = 0.0,
        end: float = 100.0,
        on_step: Callable[[str], None] | None = None,
    ) -> None:
        self.feedback = feedback
        self.start, self.end = start, end
        self.on_step = on_step
        self.total: int | None = None
        self.done = 0

    def step(self, label: str, total: int | None = None) -> None:
        """Start a named step; its units move the bar from ``start`` to ``end``."""
        self.total, self.done = total, 0
        if hasattr(self.feedback, "setProgressText"):
            self.feedback.setProgressText(label)
        if self.on_step is not None:
            self.on_step(label)
        self.feedback.setProgress(self.start)

    def advance(self, units: int = 1) -> None:
        """Report ``units`` more units of the current step done."""
        self.done += units
        if self.total:
            fraction = min(self.done / self.total, 1.0)
            self.feedback.setProgress(self.start + (self.end - self.start) * fraction)

    def info(self, message: str) -> None:
        """Show a message in the Processing log (tasks have none)."""
        if hasattr(self.feedback, "pushInfo"):
            self.feedback.pushInfo(message)

    def is_cancelled(self) -> bool:
        """True once the user pressed Cancel."""
        return self.feedback.isCanceled()
