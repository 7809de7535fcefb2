"""File-level entry points of the planner: read a site, rank the bouwstenen, plan a layout.

The one-call Python equivalents of ``gbda suggest`` and ``gbda plan``:

>>> ranking = suggest_from_files("farm.gpkg", soil="veen", wetness="nat",
...                              context=["sloten.gpkg", "wegen.gpkg"])   # doctest: +SKIP
>>> plan = plan_from_files("farm.gpkg", [Goal("share", 10.0)], budget=25_000,
...                        context=["sloten.gpkg"], out="plan.gpkg")       # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gbda_core.feedback import SILENT, Feedback
from gbda_core.optimise import EXACT_MAX, Goal, Method, Objective, check_settings
from gbda_core.plan import Plan, plan_layout
from gbda_core.readers.ogr import LayerSpec
from gbda_core.site_io import site_from_files
from gbda_core.suggest import Suggestion, suggest
from gbda_core.vocabulary import Vocabulary, load_vocabulary
from natuurbouwstenen import Catalogue, load_catalogue


def suggest_from_files(
    site: str | Path | LayerSpec,
    *,
    catalogue: Catalogue | str | Path | None = None,
    vocabulary: Vocabulary | None = None,
    feedback: Feedback = SILENT,
    **site_options: Any,
) -> list[Suggestion]:
    """Rank every bouwsteen for a site read from files.

    Parameters
    ----------
    site
        Parcels or a farm polygon: ``PATH`` or ``PATH|layername=L``.
    catalogue
        A loaded catalogue or a folder of bouwsteen files (default: the shipped 38).
    vocabulary
        Element vocabulary (default: the shipped one).
    feedback
        Progress and cancellation.
    site_options
        Passed to :func:`gbda_core.site_io.site_from_files`: ``id_field``, ``context``,
        ``soil``, ``wetness``, ``type_field``, ``width_field``, ``mapping``, ``crs``, ...

    Returns
    -------
    list of Suggestion
        Best first (see :func:`gbda_core.suggest.suggest`).
    """
    vocabulary = vocabulary or load_vocabulary()
    books = catalogue if isinstance(catalogue, Catalogue) else load_catalogue(catalogue)
    ctx = site_from_files(site, vocabulary=vocabulary, feedback=feedback, **site_options)
    return suggest(ctx, books, vocabulary)


def plan_from_files(
    site: str | Path | LayerSpec,
    goals: Sequence[Goal],
    *,
    out: str | Path | None = None,
    catalogue: Catalogue | str | Path | None = None,
    vocabulary: Vocabulary | None = None,
    objective: Objective = "cost",
    budget: float | None = None,
    beheer_years: float = 6.0,
    bouwstenen: Sequence[str] | None = None,
    method: Method = "auto",
    exact_max: int = EXACT_MAX,
    time_limit: float = 60.0,
    feedback: Feedback = SILENT,
    **site_options: Any,
) -> Plan:
    """Plan a layout for a site read from files, and write it when ``out`` is given.

    Parameters
    ----------
    site
        Parcels or a farm polygon: ``PATH`` or ``PATH|layername=L``.
    goals
        One or more goals: ``Goal("share", 10.0)`` (% of the rural area),
        ``Goal("woody_share", 50.0)`` (% of the element area), ``Goal("hedge_m", 500.0)`` (m).
    out
        A ``.gpkg`` to write the plan to (layout, summary, goals, suggestions), or None.
    catalogue, vocabulary
        As in :func:`suggest_from_files`.
    objective, budget, beheer_years, bouwstenen, method, exact_max, time_limit
        See :func:`gbda_core.plan.plan_layout` (budget: EUR of aanleg; time limit: s).
    site_options
        Passed to :func:`gbda_core.site_io.site_from_files`.
    """
    from gbda_core.plan_report import check_plan_path, write_plan

    # Refuse bad settings before the (slow) reading of the site.
    check_settings(goals, objective, budget, method)
    if out is not None:
        check_plan_path(out)
    vocabulary = vocabulary or load_vocabulary()
    books = catalogue if isinstance(catalogue, Catalogue) else load_catalogue(catalogue)
    ctx = site_from_files(site, vocabulary=vocabulary, feedback=feedback, **site_options)
    plan = plan_layout(
        ctx,
        goals,
        catalogue=books,
        vocabulary=vocabulary,
        objective=objective,
        budget=budget,
        beheer_years=beheer_years,
        bouwstenen=bouwstenen,
        method=method,
        time_limit=time_limit,
        exact_max=exact_max,
        feedback=feedback,
    )
    if out is not None:
        feedback.step("writing the plan")
        write_plan(plan, out)
    return plan
