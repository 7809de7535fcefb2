"""The share computation as a QGIS background task (progress bar, Cancel, no frozen map)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..share_job import ElementInput, ShareJob
from ..translation import tr
from .tasks import CoreTask, LayerInput


@dataclass
class ShareInputs:
    """The dock's choices: layers captured for the task plus the settings of the core call."""

    areas: LayerInput
    id_field: str
    elements: list[tuple[LayerInput, str, str | None]]
    exclusions: dict[str, LayerInput] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    rural: LayerInput | None = None


class ShareTask(CoreTask):
    """Reads the layers and runs :class:`~gbda_plugin.share_job.ShareJob` off the main thread.

    After the task, ``result`` holds the core's ``ShareResult`` or ``error`` a one-line message
    (see :class:`~gbda_plugin.gui.tasks.CoreTask`).
    """

    def __init__(self, inputs: ShareInputs) -> None:
        super().__init__(tr("GBDA share per area"), _compute)
        self.inputs = inputs


def _compute(task: ShareTask):
    task.stepChanged.emit(tr("reading layers"))
    inputs, feedback = task.inputs, task.feedback
    job = ShareJob(
        areas=inputs.areas.read(feedback),
        id_field=inputs.id_field,
        elements=[
            ElementInput(layer.read(feedback), type_field, width)
            for layer, type_field, width in inputs.elements
        ],
        exclusions={k: v.read(feedback) for k, v in inputs.exclusions.items()},
        rural=inputs.rural.read(feedback) if inputs.rural is not None else None,
        **inputs.settings,
    )
    return job.run(task.core_feedback())
