"""A layout plan for a site: suggest, draw candidates, pick them, count the share before and after.

:func:`plan_layout` runs the whole job on a :class:`gbda_core.site.SiteContext`:

1. rank the catalogue (:func:`gbda_core.suggest.suggest`) and keep the fitting bouwstenen;
2. draw their candidates (:func:`gbda_core.layout.generate_candidates`);
3. pick candidates for the goals (:func:`gbda_core.optimise.select`);
4. join chosen chunks that continue each other along one edge into one element;
5. compute the share before and after with the share engine (the site as the area and its
   land as the denominator; existing elements plus the placed ones, each counting as its
   ``counts_as`` type), so the figures are the engine's, not estimates.

The result is written by :func:`gbda_core.plan_report.write_plan`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from gbda_core import snapped
from gbda_core.errors import ConfigError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.layout import LayoutRules, conflict_pairs, generate_candidates
from gbda_core.optimise import (
    EXACT_MAX,
    Baseline,
    Goal,
    Method,
    Objective,
    Selection,
    check_settings,
    select,
)
from gbda_core.positions import is_hedge
from gbda_core.problems import Problem
from gbda_core.share import ElementLayer, ShareResult, compute_share
from gbda_core.site import SiteContext
from gbda_core.suggest import Suggestion, suggest
from gbda_core.vocabulary import Vocabulary, load_vocabulary
from natuurbouwstenen import Catalogue, load_catalogue
from natuurbouwstenen.schema import Bouwsteen, Geometry

#: Existing elements further than this from the site (m) cannot reach into it.
NEAR_SITE_M = 100.0
#: Share-engine reports that are normal when one site is cut from larger element layers.
_NOT_FOR_A_SITE = frozenset({"outside_areas", "excluded_land"})

#: Attribute columns of the layout layer, in order.
LAYOUT_COLUMNS = (
    "element_id",
    "bouwsteen_id",
    "name",
    "name_en",
    "group",
    "geometry_kind",
    "position",
    "parcel_id",
    "element_type",
    "category",
    "length_m",
    "width_m",
    "area_m2",
    "n_pieces",
    "aanleg_eur",
    "beheer_eur_per_year",
    "cost_estimate",
    "cost_known",
    "productive_m2",
    "beheer",
    "beheer_cycle",
    "beheer_season",
    "anlb_package",
)
_SUMMED = (
    "length_m",
    "area_m2",
    "n_pieces",
    "aanleg_eur",
    "beheer_eur_per_year",
    "productive_m2",
)


@dataclass
class Plan:
    """A planned layout and what it adds.

    Attributes
    ----------
    layout
        One polygon per placed element with :data:`LAYOUT_COLUMNS` (m, m², EUR).
    selection
        The optimiser's result (goals before/after, method, optimality).
    before, after
        The share engine's results for the site without and with the placed elements.
    suggestions
        The ranking of the whole catalogue for the site.
    goals
        The goals asked for.
    settings
        Objective, budget, beheer years, method, candidates drawn.
    problems
        Data problems (site, context and share engine).
    site
        The site the plan is for (its parcels and existing elements, for maps and reports).
    """

    layout: gpd.GeoDataFrame
    selection: Selection
    before: ShareResult
    after: ShareResult
    suggestions: list[Suggestion]
    goals: list[Goal]
    settings: dict[str, object] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    site: SiteContext | None = None


def plan_layout(
    site: SiteContext,
    goals: Sequence[Goal],
    *,
    catalogue: Catalogue | None = None,
    vocabulary: Vocabulary | None = None,
    objective: Objective = "cost",
    budget: float | None = None,
    beheer_years: float = 6.0,
    bouwstenen: Sequence[str] | None = None,
    method: Method = "auto",
    exact_max: int = EXACT_MAX,
    time_limit: float = 60.0,
    layout_rules: LayoutRules | None = None,
    feedback: Feedback = SILENT,
) -> Plan:
    """Plan where new elements go on a site to reach the goals.

    Parameters
    ----------
    site
        From :func:`gbda_core.site.build_site`.
    goals
        One or more :class:`gbda_core.optimise.Goal` (share %, woody share %, hedge m).
    catalogue
        Natuurbouwstenen (default: the shipped catalogue).
    vocabulary
        Element vocabulary (default: the shipped one).
    objective, budget, beheer_years, method, exact_max, time_limit
        See :func:`gbda_core.optimise.select` (budget: EUR of aanleg).
    bouwstenen
        Only these bouwsteen ids (default: every fitting one).
    layout_rules
        Drawing rules (default :class:`gbda_core.layout.LayoutRules`).
    feedback
        Progress and cancellation.
    """
    check_settings(goals, objective, budget, method)
    vocabulary = vocabulary or load_vocabulary()
    catalogue = catalogue or load_catalogue()
    if bouwstenen is not None:
        for bid in bouwstenen:
            catalogue.get(bid)  # an unknown id is an error, with a did-you-mean hint
    feedback.step("ranking the natuurbouwstenen")
    suggestions = suggest(site, catalogue, vocabulary)
    chosen_ids = set(bouwstenen) if bouwstenen is not None else None
    fitting = [
        s.bouwsteen
        for s in suggestions
        if s.fits and (chosen_ids is None or s.bouwsteen.id in chosen_ids)
    ]
    if chosen_ids is not None and not fitting:
        raise ConfigError(
            "none of the chosen bouwstenen fits this site",
            hint="run 'gbda suggest' to see why, or leave out --bouwsteen",
        )
    # Bouwstenen that add nothing to any goal need no candidates.
    idle = {b.id: _idle_reason(b, goals) for b in fitting if not _serves(b, goals)}
    if chosen_ids is not None and len(idle) == len(fitting):
        raise ConfigError(
            "the chosen bouwstenen add nothing to the goal: "
            + "; ".join(f"{bid} {why}" for bid, why in sorted(idle.items())),
            hint="choose bouwstenen that count as a GBDA element type (gbda catalogue list)",
        )
    fitting = [b for b in fitting if b.id not in idle]
    feedback.step("computing the share before")
    before = site_share(site, None, vocabulary)
    row = before.areas.iloc[0]
    baseline = Baseline(
        rural_m2=float(row["rural_ha"]) * 1e4,
        element_m2=float(row["element_ha"]) * 1e4,
        woody_m2=float(row["woody_ha"]) * 1e4,
    )
    candidates = generate_candidates(
        site, fitting, vocabulary=vocabulary, rules=layout_rules, feedback=feedback
    )
    feedback.step("finding overlapping candidates")
    conflicts = conflict_pairs(candidates)
    feedback.step("choosing elements")
    selection = select(
        candidates,
        conflicts,
        goals,
        baseline,
        objective=objective,
        budget=budget,
        beheer_years=beheer_years,
        method=method,
        exact_max=exact_max,
        time_limit=time_limit,
    )
    if not selection.reached and budget is not None:
        # Say whether the budget or the room is what falls short.
        free = select(candidates, conflicts, goals, baseline, objective=objective,
                      beheer_years=beheer_years, method=method, exact_max=exact_max,
                      time_limit=time_limit)  # fmt: skip
        reachable_without_budget: bool | None = free.reached
    else:
        reachable_without_budget = None
    layout = _layout(candidates.iloc[selection.chosen], catalogue, site.crs)
    feedback.step("computing the share after")
    after = site_share(site, layout, vocabulary)
    settings: dict[str, object] = {
        "objective": objective,
        "budget_eur": budget,
        "beheer_years": beheer_years,
        "method": selection.method,
        "optimal": selection.optimal,
        "candidates": len(candidates),
        "overlapping_pairs": int(conflicts.shape[1]),
        "bouwstenen_fitting": len(fitting),
        "bouwstenen_without_effect": idle,
        "reachable_without_budget": reachable_without_budget,
        "catalogue": catalogue.source,
    }
    return Plan(
        layout=layout,
        selection=selection,
        before=before,
        after=after,
        suggestions=suggestions,
        goals=list(goals),
        settings=settings,
        problems=[*site.problems, *before.problems],
        site=site,
    )


def site_share(
    site: SiteContext, placed: gpd.GeoDataFrame | None, vocabulary: Vocabulary | None = None
) -> ShareResult:
    """Return the share engine's result for the site, optionally with placed elements added.

    The site (union of its parcels) is the area and its rural area (no exclusions); the
    existing element layers count as given, placed elements as their ``element_type``. Only
    existing elements within :data:`NEAR_SITE_M` of the site are handed to the engine (the
    others cannot reach it), and its reports of elements outside the site are left out.
    """
    areas = gpd.GeoDataFrame({"site_id": ["site"]}, geometry=[site.area], crs=site.crs)
    layers: list[ElementLayer] = [_near_site(el, site) for el in site.elements]
    if placed is not None and len(placed):
        counted = placed[placed["element_type"] != "none"]
        frame = gpd.GeoDataFrame(
            {"element_type": counted["element_type"].to_numpy()},
            geometry=counted.geometry.to_numpy(),
            crs=placed.crs,
        )
        layers.append(ElementLayer(frame, source="plan", layer="layout"))
    if not layers:
        empty = gpd.GeoDataFrame(
            {"element_type": pd.Series([], dtype=object)},
            geometry=gpd.GeoSeries([], crs=site.crs),
            crs=site.crs,
        )
        layers = [ElementLayer(empty)]
    result = compute_share(
        areas,
        layers,
        id_field="site_id",
        profile="custom:",
        vocabulary=vocabulary,
        crs=site.crs.to_string(),
    )
    result.problems = [p for p in result.problems if p.kind not in _NOT_FOR_A_SITE]
    return result


def _near_site(layer: ElementLayer, site: SiteContext) -> ElementLayer:
    frame = layer.frame.to_crs(site.crs) if layer.frame.crs != site.crs else layer.frame
    near = frame.sindex.query(site.area, predicate="dwithin", distance=NEAR_SITE_M)
    return replace(layer, frame=layer.frame.iloc[np.sort(near)])


def _layout(chosen: pd.DataFrame, catalogue: Catalogue, crs: object) -> gpd.GeoDataFrame:
    """Join chunks that continue each other; describe each element with its bouwsteen."""
    if not len(chosen):
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in LAYOUT_COLUMNS})
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    chosen = chosen.sort_values(["bouwsteen_id", "parcel", "run", "chunk"], kind="stable")
    by_id = {b.id: b for b in catalogue}
    group = _element_groups(chosen, by_id)
    geoms = np.asarray(chosen.geometry.array, dtype=object)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    joined = np.array(
        [
            snapped.union_all(geoms[a:b])
            for a, b in zip(starts, np.r_[starts[1:], len(group)], strict=True)
        ],
        dtype=object,
    )
    sums = chosen.groupby(group, sort=True)[list(_SUMMED)].sum()
    first = chosen.iloc[starts]
    rows = []
    for (_, head), (_, total) in zip(first.iterrows(), sums.iterrows(), strict=True):
        b = by_id[head["bouwsteen_id"]]
        rows.append(_describe(b, head, total))
    frame = pd.DataFrame(rows, columns=list(LAYOUT_COLUMNS))
    frame["element_id"] = np.arange(1, len(frame) + 1)
    return gpd.GeoDataFrame(frame, geometry=joined, crs=crs)


def _element_groups(chosen: pd.DataFrame, by_id: dict[str, Bouwsteen]) -> npt.NDArray[np.int64]:
    """Group id per chosen candidate: consecutive chunks of one line bouwsteen on one run."""
    bid = chosen["bouwsteen_id"].to_numpy()
    run = chosen["run"].to_numpy()
    chunk = chosen["chunk"].to_numpy()
    length = chosen["length_m"].to_numpy(float)
    is_line = np.array([by_id[x].geometry is Geometry.LINE for x in bid], dtype=bool)
    strip = is_line & (run >= 0) & (chosen["position"].to_numpy() != "hoek")
    new = np.ones(len(chosen), dtype=bool)
    total = 0.0
    for i in range(1, len(chosen)):  # one pass over the chosen elements (a plan, not a layer)
        joins = (
            strip[i]
            and strip[i - 1]
            and bid[i] == bid[i - 1]
            and run[i] == run[i - 1]
            and chunk[i] == chunk[i - 1] + 1
        )
        dim = by_id[bid[i]].dimensions.length_m
        longest = dim.max if dim is not None and dim.max is not None else np.inf
        total = total + length[i] if joins else length[i]
        if joins and total <= longest:
            new[i] = False
        else:
            total = length[i]
    return np.cumsum(new)


def _describe(b: Bouwsteen, head: pd.Series, total: pd.Series) -> dict[str, object]:
    m = b.management
    return {
        "bouwsteen_id": b.id,
        "name": b.name,
        "name_en": b.name_en,
        "group": str(b.group),
        "geometry_kind": str(b.geometry),
        "position": head["position"],
        "parcel_id": head["parcel_id"],
        "element_type": b.counts_as,
        "category": head["category"],
        "length_m": round(float(total["length_m"]), 2),
        "width_m": round(float(head["width_m"]), 2),
        "area_m2": round(float(total["area_m2"]), 2),
        "n_pieces": int(total["n_pieces"]),
        "aanleg_eur": _money(head["aanleg_eur"], total["aanleg_eur"]),
        "beheer_eur_per_year": _money(head["beheer_eur_per_year"], total["beheer_eur_per_year"]),
        "cost_estimate": bool(b.costs.aanleg.estimate or b.costs.beheer_per_year.estimate),
        "cost_known": bool(head["cost_known"]),
        "productive_m2": round(float(total["productive_m2"]), 2),
        "beheer": "; ".join(m.actions),
        "beheer_cycle": m.cycle,
        "beheer_season": m.season,
        "anlb_package": m.anlb_package,
    }


def _money(first: float, total: float) -> float:
    """Return the summed cost, or NaN where the catalogue gives no amount (a sum says 0)."""
    return float("nan") if np.isnan(first) else round(float(total), 2)


def _serves(b: Bouwsteen, goals: Sequence[Goal]) -> bool:
    """Return True when the bouwsteen can add to a goal (new area that counts, or hedge)."""
    counts = b.counts_as != "none" and not b.on_existing_feature
    return any(is_hedge(b) if g.kind == "hedge_m" else counts for g in goals)


def _idle_reason(b: Bouwsteen, goals: Sequence[Goal]) -> str:
    """Why a bouwsteen adds nothing to these goals (English, for errors and the settings)."""
    if b.counts_as == "none":
        return "adds no GBDA area (counts_as none)"
    if b.on_existing_feature:
        return "manages a feature that is already there and adds no new area"
    return "is no hedge (the goal counts metres of hedge)"
