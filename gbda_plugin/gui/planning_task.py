"""The planning dock's layers captured for a background task, and the task's work."""

from __future__ import annotations

from dataclasses import dataclass, field

from qgis.core import QgsFeedback

from ..planning_job import SiteJob
from ..share_job import ElementInput
from ..translation import tr
from .tasks import CoreTask, LayerInput


@dataclass
class SiteLayers:
    """The dock's site inputs: layers captured in the main thread, settings as plain values."""

    parcels: LayerInput
    id_field: str
    context: dict[str, LayerInput] = field(default_factory=dict)
    elements: list[tuple[LayerInput, str, str | None]] = field(default_factory=list)
    mapping: str | None = None
    soil: str | None = None
    wetness: str | None = None
    soil_layer: LayerInput | None = None
    soil_field: str = ""
    wetness_layer: LayerInput | None = None
    wetness_field: str = ""
    catalogue_folder: str | None = None

    def read(self, feedback: QgsFeedback) -> SiteJob:
        """Read every layer into frames (in the task's thread)."""
        context = {kind: [layer.read(feedback)] for kind, layer in self.context.items()}
        for kind, layer in (("soil", self.soil_layer), ("wetness", self.wetness_layer)):
            if layer is not None:
                context[kind] = [layer.read(feedback)]
        return SiteJob(
            parcels=self.parcels.read(feedback),
            id_field=self.id_field or None,
            context=context,
            elements=[
                ElementInput(layer.read(feedback), type_field, width)
                for layer, type_field, width in self.elements
            ],
            mapping=self.mapping,
            soil=self.soil,
            wetness=self.wetness,
            soil_field=self.soil_field or None,
            wetness_field=self.wetness_field or None,
            catalogue_folder=self.catalogue_folder,
        )


def suggest_task(layers: SiteLayers) -> CoreTask:
    """A task whose result is ``(site, suggestions)``."""

    def work(task: CoreTask):
        task.stepChanged.emit(tr("reading layers"))
        return layers.read(task.feedback).suggest(task.core_feedback())

    return CoreTask(tr("GBDA suggestions"), work)


def plan_task(layers: SiteLayers, goals: list, settings: dict) -> CoreTask:
    """A task whose result is the core's ``Plan`` (written to ``settings['out']`` if given)."""

    def work(task: CoreTask):
        task.stepChanged.emit(tr("reading layers"))
        return layers.read(task.feedback).plan(goals, feedback=task.core_feedback(), **settings)

    return CoreTask(tr("GBDA layout plan"), work)
