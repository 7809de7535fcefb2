"""A site's inputs as frames and settings, and the planner's core calls for the planning dock.

The dock reads its QGIS layers into GeoDataFrames in a background task and hands them here:
:meth:`SiteJob.site` is :func:`gbda_core.site.build_site`, :meth:`SiteJob.suggest` is
:func:`gbda_core.suggest.suggest` and :meth:`SiteJob.plan` is
:func:`gbda_core.plan.plan_layout` (plus :func:`gbda_core.plan_report.write_plan` when the plan
is to be saved), as :mod:`gbda_core.planning` does for files.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd

from gbda_core.feedback import SILENT, Feedback
from gbda_core.optimise import Goal
from gbda_core.plan import Plan, plan_layout
from gbda_core.plan_report import write_plan
from gbda_core.site import SiteContext, build_site
from gbda_core.suggest import Suggestion, suggest
from gbda_core.vocabulary import load_vocabulary
from natuurbouwstenen import Catalogue, load_catalogue

from .share_job import ElementInput, element_layers

#: The planner's defaults, read from the core so the form starts where the command line does.
PLAN_DEFAULTS = {
    name: parameter.default
    for name, parameter in inspect.signature(plan_layout).parameters.items()
    if name in ("objective", "beheer_years")
}


@dataclass
class SiteJob:
    """The parcels and what lies around them (see :func:`gbda_core.site.build_site`)."""

    parcels: gpd.GeoDataFrame
    id_field: str | None = None
    context: dict[str, list[gpd.GeoDataFrame]] = field(default_factory=dict)
    elements: list[ElementInput] = field(default_factory=list)
    mapping: str | None = None
    soil: str | None = None
    wetness: str | None = None
    soil_field: str | None = None
    wetness_field: str | None = None
    catalogue_folder: str | None = None

    def catalogue(self) -> Catalogue:
        """The shipped catalogue, or the province's edition in ``catalogue_folder``."""
        return load_catalogue(self.catalogue_folder or None)

    def site(self, feedback: Feedback = SILENT) -> SiteContext:
        """Derive the site's context; raises the core's ``GbdaError`` on bad input."""
        vocabulary = load_vocabulary()
        return build_site(
            self.parcels,
            id_field=self.id_field or None,
            context=self.context,
            elements=element_layers(self.elements, self.mapping, vocabulary),
            soil=self.soil,
            wetness=self.wetness,
            soil_field=self.soil_field or None,
            wetness_field=self.wetness_field or None,
            vocabulary=vocabulary,
            feedback=feedback,
        )

    def suggest(self, feedback: Feedback = SILENT) -> tuple[SiteContext, list[Suggestion]]:
        """The site and every bouwsteen ranked for it, best first."""
        catalogue = self.catalogue()
        site = self.site(feedback)
        feedback.step("ranking the natuurbouwstenen")
        return site, suggest(site, catalogue)

    def plan(
        self,
        goals: list[Goal],
        *,
        objective: str,
        budget: float | None,
        beheer_years: float,
        out: str | None = None,
        feedback: Feedback = SILENT,
    ) -> Plan:
        """Plan a layout that reaches ``goals``; write it to ``out`` (a .gpkg) when given."""
        catalogue = self.catalogue()
        plan = plan_layout(
            self.site(feedback),
            goals,
            catalogue=catalogue,
            objective=objective,  # type: ignore[arg-type]
            budget=budget,
            beheer_years=beheer_years,
            feedback=feedback,
        )
        if out:
            feedback.step("writing the plan")
            write_plan(plan, Path(out))
        return plan
