"""Background work for the docks: layers captured for a worker thread, a core call as a QgsTask.

Every dock runs its core call the same way: the layers are captured in the main thread
(:class:`LayerInput`), the call runs in a :class:`CoreTask` (progress bar, Cancel, no frozen
map), and a :class:`TaskRunner` ties the task to the dock's buttons, progress bar and status line.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsFeatureRequest,
    QgsFeedback,
    QgsMessageLog,
    QgsTask,
    QgsVectorLayerFeatureSource,
)
from qgis.PyQt.QtCore import pyqtSignal

from gbda_core.errors import GbdaError
from gbda_core.feedback import Cancelled

from ..bridge import describe_layer, frame_from_features
from ..feedback import QgisFeedback
from ..threads import pin_thread_state
from ..translation import tr

LOG_TAG = "GBDA"


@dataclass
class LayerInput:
    """A layer captured in the main thread, to be read in the task's thread."""

    source: QgsVectorLayerFeatureSource
    request: QgsFeatureRequest
    fields: list[str]
    crs: object
    name: str
    sublayer: str
    count: int

    @classmethod
    def of(cls, layer, fields: list[str], selected_only: bool = False) -> LayerInput:
        """Capture ``layer`` (thread-safe copy of its provider) with the fields to read.

        ``selected_only`` reads only the features selected on the map at this moment.
        """
        name, sublayer = describe_layer(layer)
        wanted = [f for f in dict.fromkeys(fields) if f]
        request = QgsFeatureRequest().setSubsetOfAttributes(wanted, layer.fields())
        count = layer.featureCount()
        if selected_only:
            selected = layer.selectedFeatureIds()
            request.setFilterFids(selected)
            count = len(selected)
        source = QgsVectorLayerFeatureSource(layer)
        return cls(source, request, wanted, layer.crs(), name, sublayer, count)

    def read(self, feedback: QgsFeedback):
        """Read the features into a GeoDataFrame (in the task's thread)."""
        return frame_from_features(
            self.source.getFeatures(self.request),
            self.fields,
            self.crs,
            source=self.name,
            layer=self.sublayer,
            count=self.count,
            feedback=feedback,
        )


def log_problems(problems) -> str:
    """Log the core's data problems in the GBDA tab of the log; return the status line's note
    on how many there are (empty when none)."""
    for problem in problems:
        QgsMessageLog.logMessage(problem.one_line(), LOG_TAG, Qgis.Warning)
    if not problems:
        return ""
    return " " + tr("{n} data problems: see the GBDA tab of the log.").format(n=len(problems))


def selection_problem(layer, selected_only: bool) -> str:
    """The form's complaint when only selected features are wanted but none are selected."""
    if selected_only and layer is not None and layer.selectedFeatureCount() == 0:
        return tr(
            "No features of {layer} are selected: select some on the map, or untick "
            "'Selected features only'."
        ).format(layer=layer.name())
    return ""


class CoreTask(QgsTask):
    """Runs ``work(task)`` off the main thread; never raises.

    ``work`` reads its captured layers with ``task.feedback`` and hands ``task.core_feedback()``
    to the core. After the task, ``result`` holds what ``work`` returned, or ``error`` a
    message (``cancelled`` is True when the user stopped it). ``stepChanged`` carries the core's
    step labels to the dock.
    """

    stepChanged = pyqtSignal(str)

    def __init__(self, description: str, work: Callable[[CoreTask], object]) -> None:
        super().__init__(description, QgsTask.CanCancel)
        self.work = work
        self.feedback = QgsFeedback()
        self.feedback.progressChanged.connect(self.setProgress)
        self.result = None
        self.error = ""
        self.cancelled = False

    def core_feedback(self) -> QgisFeedback:
        """A core Feedback that moves this task's progress and reports its steps."""
        return QgisFeedback(self.feedback, on_step=self.stepChanged.emit)

    def run(self) -> bool:
        """Runs in a worker thread: call ``work``; core errors become ``error``."""
        pin_thread_state()
        try:
            self.result = self.work(self)
            return True
        except Cancelled:
            self.cancelled = True
        except GbdaError as exc:
            self.error = str(exc)
        except Exception:  # a bug: report it instead of losing it in the thread
            self.error = traceback.format_exc()
        return False

    def cancel(self) -> None:
        """Stop the core at its next check, then the task."""
        self.feedback.cancel()
        super().cancel()


class TaskRunner:
    """Runs one :class:`CoreTask` at a time for a dock and shows how it goes.

    While a task runs, the run buttons are disabled and Cancel is enabled; the progress bar and
    the status line follow the task. A failure or Cancel ends in one line in the status line
    and the message bar (a bug's traceback goes to the GBDA tab of the log).
    """

    def __init__(self, iface, progress_bar, status_label, run_buttons, cancel_button) -> None:
        self.iface = iface
        self.progress_bar = progress_bar
        self.status_label = status_label
        self.run_buttons = list(run_buttons)
        self.cancel_button = cancel_button
        self.task: CoreTask | None = None
        self.on_done: Callable[[object], None] | None = None
        cancel_button.setEnabled(False)
        cancel_button.clicked.connect(self.cancel)

    def refuse(self, problem: str) -> None:
        """Show why the form cannot run (a warning, no task)."""
        self.status_label.setText(problem)
        self.iface.messageBar().pushMessage(LOG_TAG, problem, Qgis.Warning, 5)

    def start(self, task: CoreTask, on_done: Callable[[object], None]) -> None:
        """Start ``task``; ``on_done(result)`` runs in the main thread when it succeeds."""
        self.task, self.on_done = task, on_done
        task.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        task.stepChanged.connect(self.status_label.setText)
        task.taskCompleted.connect(self._completed)
        task.taskTerminated.connect(self._terminated)
        self._busy(True)
        self.progress_bar.setValue(0)
        QgsApplication.taskManager().addTask(task)

    def start_unless(
        self, problem: str, make_task: Callable[[], CoreTask], on_done: Callable[[object], None]
    ) -> bool:
        """Refuse when the form has a ``problem``; else make the task and start it."""
        if problem:
            self.refuse(problem)
            return False
        self.start(make_task(), on_done)
        return True

    def cancel(self) -> None:
        """Ask the running task to stop."""
        if self.task is not None:
            self.task.cancel()

    def _busy(self, busy: bool) -> None:
        for button in self.run_buttons:
            button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def _completed(self) -> None:
        self._busy(False)
        task, self.task = self.task, None
        self.progress_bar.setValue(100)
        if self.on_done is not None and task is not None:
            self.on_done(task.result)

    def _terminated(self) -> None:
        self._busy(False)
        task, self.task = self.task, None
        if task is None or task.cancelled or not task.error:
            text, level = tr("Cancelled."), Qgis.Info
        else:
            text, level = task.error.strip().splitlines()[-1], Qgis.Critical
            QgsMessageLog.logMessage(task.error, LOG_TAG, Qgis.Critical)
        self.status_label.setText(text)
        self.iface.messageBar().pushMessage(LOG_TAG, text, level, 10)

    def shutdown(self) -> None:
        """Stop a running task before the plugin unloads; its result is dropped."""
        if self.task is not None:
            self.task.taskCompleted.disconnect()
            self.task.taskTerminated.disconnect()
            self.task.cancel()
            self.task = None
