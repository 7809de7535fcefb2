"""What a plan adds, in numbers and in words (nl, en), and the plan's GeoPackage.

The share figures come from the share engine's runs before and after the plan
(:attr:`gbda_core.plan.Plan.before` / ``after``); costs and land from the layout itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from gbda_core import wording as w
from gbda_core.errors import ConfigError
from gbda_core.optimise import Goal
from gbda_core.output import write_gpkg
from gbda_core.plan import Plan
from gbda_core.positions import HEDGE_TYPES
from gbda_core.problems import problems_frame
from gbda_core.site import SiteContext
from gbda_core.suggest import Suggestion

#: Columns of the goals table.
GOAL_COLUMNS = ("goal", "target", "unit", "before", "after", "reached")


def goal_values(plan: Plan) -> pd.DataFrame:
    """Per goal: target, value before and after (share engine for shares), reached."""
    b, a = plan.before.areas.iloc[0], plan.after.areas.iloc[0]
    rows = []
    for g, res in zip(plan.goals, plan.selection.goals, strict=True):
        if g.kind == "share":
            before, after = float(b["share_pct"]), float(a["share_pct"])
        elif g.kind == "woody_share":
            before, after = float(b["woody_share_pct"]), float(a["woody_share_pct"])
        else:
            before, after = 0.0, _hedge_m(plan)
        reached = not math.isnan(after) and after >= g.target - 1e-9
        rows.append((g.kind, g.target, g.unit, before, after, reached))
        del res
    return pd.DataFrame(rows, columns=list(GOAL_COLUMNS))


def _hedge_m(plan: Plan) -> float:
    """Metres of new hedge (heg, haag, houtwal, elzensingel; see ``HEDGE_TYPES``)."""
    lay = plan.layout
    hedge = (lay["geometry_kind"] == "line") & lay["element_type"].isin(HEDGE_TYPES)
    return float(lay.loc[hedge, "length_m"].sum())


def plan_summary(plan: Plan) -> dict[str, Any]:
    """One record: site, share before/after, added area by category, costs, land, verdict."""
    b, a = plan.before.areas.iloc[0], plan.after.areas.iloc[0]
    lay = plan.layout
    goals = goal_values(plan)
    not_counted = float(lay.loc[lay["element_type"] == "none", "area_m2"].sum()) / 1e4
    summary: dict[str, Any] = {
        "site_ha": float(b["area_ha"]),
        "rural_ha": float(b["rural_ha"]),
        "share_before_pct": float(b["share_pct"]),
        "share_after_pct": float(a["share_pct"]),
        "element_ha_before": float(b["element_ha"]),
        "element_ha_after": float(a["element_ha"]),
        "added_ha": float(a["element_ha"] - b["element_ha"]),
        "added_woody_ha": float(a["woody_ha"] - b["woody_ha"]),
        "added_wet_ha": float(a["wet_ha"] - b["wet_ha"]),
        "added_herb_ha": float(a["herb_ha"] - b["herb_ha"]),
        "added_not_counted_ha": not_counted,
        "woody_share_before_pct": float(b["woody_share_pct"]),
        "woody_share_after_pct": float(a["woody_share_pct"]),
        "hedge_m": _hedge_m(plan),
        "n_elements": len(lay),
        "aanleg_eur": float(lay["aanleg_eur"].sum()),
        "beheer_eur_per_year": float(lay["beheer_eur_per_year"].sum()),
        "n_cost_unknown": int((~lay["cost_known"].astype(bool)).sum()),
        "productive_ha": float(lay["productive_m2"].sum()) / 1e4,
        "goal": "; ".join(goal_text(g, "en") for g in plan.goals),
        "goal_reached": bool(goals["reached"].all()),
        **{k: v for k, v in plan.settings.items() if k != "catalogue"},
    }
    idle = plan.settings.get("bouwstenen_without_effect")
    # One text column: a GeoPackage table cannot hold a mapping.
    summary["bouwstenen_without_effect"] = (
        "; ".join(f"{bid} {why}" for bid, why in sorted(idle.items()))
        if isinstance(idle, dict)
        else ""
    )
    summary["message_nl"] = message(plan, summary, goals, "nl")
    summary["message_en"] = message(plan, summary, goals, "en")
    return summary


def goal_text(g: Goal, lang: w.Lang) -> str:
    """Return a goal in words: "GBDA-aandeel 10 %", "500 m nieuwe heg"."""
    t = w.number(g.target, lang, 0 if float(g.target).is_integer() else 1)
    if g.kind == "share":
        return f"GBDA-aandeel {t} %" if lang == "nl" else f"GBDA share {t} %"
    if g.kind == "woody_share":
        return f"houtig {t} % van de elementen" if lang == "nl" else f"woody {t} % of the elements"
    return (
        f"{t} m nieuwe heg (heg, haag, houtwal of singel)"
        if lang == "nl"
        else f"{t} m of new hedge (hedge, hedgerow or singel)"
    )


def _value(kind: str, value: float, lang: w.Lang) -> str:
    if math.isnan(value):
        return "-"
    return w.metres(value, lang) if kind == "hedge_m" else f"{w.number(value, lang, 1)} %"


def message(plan: Plan, s: dict[str, Any], goals: pd.DataFrame, lang: w.Lang) -> str:
    """Return the plan's verdict in one paragraph: reached or not, and what it takes."""
    nl = lang == "nl"
    parts = []
    outcome = []
    before, after = goals["before"].to_numpy(float), goals["after"].to_numpy(float)
    for g, b, a in zip(plan.goals, before, after, strict=True):
        outcome.append(
            f"{goal_text(g, lang)}: {_value(g.kind, b, lang)} → {_value(g.kind, a, lang)}"
        )
    if s["goal_reached"] and s["n_elements"] == 0:
        parts.append("Doel al gehaald; er is niets nodig." if nl else
                     "Goal already met; nothing is needed.")  # fmt: skip
    elif s["goal_reached"]:
        parts.append(("Doel gehaald: " if nl else "Goal reached: ") + "; ".join(outcome) + ".")
    else:
        head = (
            "Doel niet haalbaar. Het beste plan: " if nl else "Goal cannot be reached. Best plan: "
        )
        parts.append(head + "; ".join(outcome) + ".")
        budget = plan.settings.get("budget_eur")
        if isinstance(budget, int | float) and plan.settings.get("reachable_without_budget"):
            parts.append(
                f"Het budget ({w.euro(float(budget), lang)}) is te krap; zonder budget is het "
                "doel haalbaar."
                if nl
                else f"The budget ({w.euro(float(budget), lang)}) is too small; without it the "
                "goal can be reached."
            )
        else:
            parts.append(
                "Er is niet genoeg geschikte ruimte (zie gbda suggest voor wat past)."
                if nl
                else "There is not enough suitable room (see gbda suggest for what fits)."
            )
    if s["n_elements"]:
        n = s["n_elements"]
        size = w.area((s["added_ha"] + s["added_not_counted_ha"]) * 1e4, lang)
        aanleg, beheer = w.euro(s["aanleg_eur"], lang), w.euro(s["beheer_eur_per_year"], lang)
        land = w.area(s["productive_ha"] * 1e4, lang)
        parts.append(
            f"{n} {'element' if n == 1 else 'elementen'}, {size}; aanleg {aanleg}, beheer "
            f"{beheer} per jaar; "
            f"{land} productieve grond."
            if nl
            else f"{n} {'element' if n == 1 else 'elements'}, {size}; construction {aanleg}, "
            f"management {beheer} a year; "
            f"{land} of productive land."
        )
        if s["n_cost_unknown"]:
            parts.append(
                f"Kosten onbekend voor {s['n_cost_unknown']} elementen."
                if nl
                else f"Cost unknown for {s['n_cost_unknown']} elements."
            )
    if not plan.selection.optimal and plan.selection.method == "heuristic":
        parts.append(
            "Gekozen met een heuristiek (niet bewezen optimaal)."
            if nl
            else "Chosen by a heuristic (not proven optimal)."
        )
    return " ".join(parts)


#: Columns of the ranking table.
RANKING_COLUMNS = (
    "rank", "bouwsteen_id", "name", "name_en", "group", "score", "fits", "status",
    "reasons_nl", "reasons_en",
)  # fmt: skip


def ranking_frame(suggestions: Sequence[Suggestion]) -> pd.DataFrame:
    """Return a ranking as a table with :data:`RANKING_COLUMNS`.

    One row per bouwsteen, best first: rank (1 = best), id, Dutch and English name, group,
    score (0-100), fits (False: a hard rule excludes it), status (``past``/``valt_af``) and the
    reasons in Dutch and in English, each joined with `` | ``.
    """
    rows = [
        (
            s.rank,
            s.bouwsteen.id,
            s.bouwsteen.name,
            s.bouwsteen.name_en,
            str(s.bouwsteen.group),
            s.score,
            s.fits,
            "past" if s.fits else "valt_af",
            " | ".join(r.text("nl") for r in s.reasons),
            " | ".join(r.text("en") for r in s.reasons),
        )
        for s in suggestions
    ]
    return pd.DataFrame(rows, columns=list(RANKING_COLUMNS))


def suggestions_frame(plan: Plan) -> pd.DataFrame:
    """Return the plan's ranking of the whole catalogue as a table (see :func:`ranking_frame`)."""
    return ranking_frame(plan.suggestions)


def check_plan_path(out: str | Path) -> Path:
    """Return ``out`` as a Path; refuse a name not ending in .gpkg or a missing folder."""
    out = Path(out)
    if out.suffix.lower() != ".gpkg":
        raise ConfigError(
            f"unknown output format {out.suffix or '(none)'!r}",
            source=str(out),
            hint="a plan is written as a GeoPackage: end the name in .gpkg",
        )
    if not out.parent.is_dir():
        raise ConfigError("output folder does not exist", source=str(out.parent), hint="create it")
    return out


def write_plan(plan: Plan, out: str | Path) -> Path:
    """Write the plan to a new GeoPackage, atomically.

    Layers: ``layout`` (one polygon per element), tables ``summary`` (one row),
    ``goals``, ``suggestions`` and ``problems``; when the plan knows its site also ``site``
    (the parcels' land) and, when there are any, ``existing_elements`` (footprints of the
    elements already there), so that the plan can be mapped (``gbda report``) without the
    input layers.
    """
    out = check_plan_path(out)
    summary = {k: (None if isinstance(v, float) and np.isnan(v) else v)
               for k, v in plan_summary(plan).items()}  # fmt: skip
    layers: dict[str, pd.DataFrame] = {
        "layout": plan.layout,
        "summary": pd.DataFrame([summary]),
        "goals": goal_values(plan),
        "suggestions": suggestions_frame(plan),
        "problems": problems_frame(plan.problems),
    }
    if plan.site is not None:
        layers["site"] = site_parcels(plan.site)
        if len(plan.site.footprints):
            layers["existing_elements"] = existing_elements(plan.site)
    return write_gpkg(out, layers)


def site_parcels(site: SiteContext) -> gpd.GeoDataFrame:
    """Return the site's parcels (their land): id, erf flag, soil, wetness, area (m²)."""
    columns = ["parcel_id", "is_erf", "soil", "wetness", "area_m2"]
    return gpd.GeoDataFrame(site.parcels[columns].copy(), geometry=site.parcels.geometry,
                            crs=site.crs)  # fmt: skip


def existing_elements(site: SiteContext) -> gpd.GeoDataFrame:
    """Return the footprints of the elements already in and around the site, with their type."""
    return gpd.GeoDataFrame(
        {"element_type": pd.Series(site.footprint_types, dtype=object)},
        geometry=gpd.GeoSeries(site.footprints, crs=site.crs),
        crs=site.crs,
    )
