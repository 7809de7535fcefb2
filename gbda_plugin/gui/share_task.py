"""The share computation as a QGIS background task (progress bar, Cancel, no frozen map)."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field

from qgis.core import QgsFeatureRequest, QgsFeedback, QgsTask, QgsVectorLayerFeatureSource
from qgis.PyQt.QtCore import pyqtSignal

from gbda_core.errors import GbdaError
from gbda_core.feedback import Cancelled

from ..bridge import describe_layer, frame_from_features
from ..feedback import QgisFeedback
from ..share_job import ElementInput, ShareJob
from ..threads import pin_thread_state
from ..translation import tr


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
    def of(cls, layer, fields: list[str]) -> LayerInput:
        """Capture ``layer`` (thread-safe copy of its provider) with the fields to read."""
        name, sublayer = describe_layer(layer)
        wanted = [f for f in dict.fromkeys(fields) if f]
        request = QgsFeatureRequest().setSubsetOfAttributes(wanted, layer.fields())
        source = QgsVectorLayerFeatureSource(layer)
        return cls(source, request, wanted, layer.crs(), name, sublayer, layer.featureCount())

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


@dataclass
class ShareInputs:
    """The dock's choices: layers captured for the task plus the settings of the core call."""

    areas: LayerInput
    id_field: str
    elements: list[tuple[LayerInput, str, str | None]]
    exclusions: dict[str, LayerInput] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)


class ShareTask(QgsTask):
    """Reads the layers and runs :class:`~gbda_plugin.share_job.ShareJob` off the main thread.

    After the task, ``result`` holds the core's ``ShareResult`` or ``error`` a one-line message
    (``cancelled`` is True when the user stopped it). ``stepChanged`` carries the core's step
    labels to the dock.
    """

    stepChanged = pyqtSignal(str)

    def __init__(self, inputs: ShareInputs) -> None:
        super().__init__(tr("GBDA share per area"), QgsTask.CanCancel)
        self.inputs = inputs
        self.feedback = QgsFeedback()
        self.feedback.progressChanged.connect(self.setProgress)
        self.result = None
        self.error = ""
        self.cancelled = False

    def run(self) -> bool:
        """Runs in a worker thread: read the layers, compute; never raises."""
        pin_thread_state()
        try:
            self.stepChanged.emit(tr("reading layers"))
            inputs = self.inputs
            job = ShareJob(
                areas=inputs.areas.read(self.feedback),
                id_field=inputs.id_field,
                elements=[
                    ElementInput(layer.read(self.feedback), type_field, width)
                    for layer, type_field, width in inputs.elements
                ],
                exclusions={k: v.read(self.feedback) for k, v in inputs.exclusions.items()},
                **inputs.settings,
            )
            self.result = job.run(QgisFeedback(self.feedback, on_step=self.stepChanged.emit))
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
