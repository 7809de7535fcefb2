"""The plan report: site map and layout, suggestions, share before and after, costs, beheer.

The report shows the site map with the layout, the suggestions with their reasons, the share
before and after, the costs and the management calendar.

Made from a :class:`gbda_core.plan.Plan` or from a plan GeoPackage
(:func:`gbda_core.plan_report.write_plan`): both become the same :class:`PlanTables`, the tables
the GeoPackage holds, so the report says exactly what the file says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from gbda_core import wording as w
from gbda_core.errors import InputError
from gbda_core.optimise import Goal
from gbda_core.plan import Plan
from gbda_core.plan_report import (
    existing_elements,
    goal_text,
    goal_values,
    plan_summary,
    site_parcels,
    suggestions_frame,
)
from gbda_core.problems import Problem, problems_from_frame
from gbda_core.readers.ogr import LayerSpec, list_layers
from gbda_core.report.charts import before_after
from gbda_core.report.figures import render, styled
from gbda_core.report.html import Cell, Column, Report, Table, render_page, write_report
from gbda_core.report.maps import site_map
from gbda_core.report.parts import KeyFigure, as_float, as_int, block, number_cell, problems_table
from gbda_core.report.seasons import season_months
from gbda_core.report.strings import Lang, check_lang, euro, num, pct, text, unit
from gbda_core.targets import Targets

#: Columns of :func:`costs_by_bouwsteen` that add up over the bouwstenen (the totals row).
COST_SUMS = ("n", "length_m", "area_m2", "aanleg_eur", "beheer_eur_per_year",
             "beheer_total_eur", "total_eur")  # fmt: skip
COST_COLUMNS = ("bouwsteen_id", "name", "name_en", *COST_SUMS, "estimate")
#: Layers of a plan GeoPackage the report needs.
PLAN_LAYERS = ("layout", "summary", "goals", "suggestions", "problems")


@dataclass
class PlanTables:
    """A plan as the tables of its GeoPackage (see :func:`gbda_core.plan_report.write_plan`)."""

    layout: gpd.GeoDataFrame
    summary: dict[str, Any]
    goals: pd.DataFrame
    suggestions: pd.DataFrame
    problems: list[Problem]
    parcels: gpd.GeoDataFrame | None = None
    existing: gpd.GeoDataFrame | None = None


def plan_tables(plan: Plan) -> PlanTables:
    """Return the tables of a fresh plan."""
    site = plan.site
    return PlanTables(
        layout=plan.layout,
        summary=plan_summary(plan),
        goals=goal_values(plan),
        suggestions=suggestions_frame(plan),
        problems=list(plan.problems),
        parcels=site_parcels(site) if site is not None else None,
        existing=existing_elements(site) if site is not None else None,
    )


def read_plan_tables(path: str | Path) -> PlanTables:
    """Read the tables of a plan GeoPackage; raise :class:`InputError` if it is not one."""
    path = Path(path)
    layers = set(list_layers(LayerSpec(path)))
    if not set(PLAN_LAYERS) <= layers:
        raise InputError(
            "not a gbda plan", source=str(path), hint="give a GeoPackage written by gbda plan"
        )
    summary_row = pyogrio.read_dataframe(path, layer="summary").iloc[0].to_dict()
    summary = {str(k): _plain(v) for k, v in summary_row.items()}
    goals = pd.DataFrame(pyogrio.read_dataframe(path, layer="goals"))
    goals["reached"] = goals["reached"].astype(bool)
    return PlanTables(
        layout=pyogrio.read_dataframe(path, layer="layout"),
        summary=summary,
        goals=goals,
        suggestions=pd.DataFrame(pyogrio.read_dataframe(path, layer="suggestions")),
        problems=problems_from_frame(pd.DataFrame(pyogrio.read_dataframe(path, layer="problems"))),
        parcels=pyogrio.read_dataframe(path, layer="site") if "site" in layers else None,
        existing=(
            pyogrio.read_dataframe(path, layer="existing_elements")
            if "existing_elements" in layers
            else None
        ),
    )


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    return float("nan") if value is None else value


def plan_report(plan: Plan | PlanTables, lang: Lang = "nl", *, title: str | None = None) -> Report:
    """Render the plan report in ``lang`` (``nl`` or ``en``)."""
    lang = check_lang(lang)
    tables = plan if isinstance(plan, PlanTables) else plan_tables(plan)
    s = tables.summary
    goals = [
        Goal(g, as_float(v))
        for g, v in zip(tables.goals["goal"], tables.goals["target"], strict=True)
    ]
    targets = Targets()
    share_goal = next((g.target for g in goals if g.kind == "share"), None)
    parcels = tables.parcels
    with styled():
        figures = [
            render(
                site_map(
                    parcels if parcels is not None else tables.layout.iloc[:0],
                    tables.existing,
                    tables.layout,
                    lang,
                ),
                "plan_map",
                text("site_map_alt", lang, n=len(tables.layout)),
                svg=False,
            ),
            render(
                before_after(
                    *share_rows(s),
                    targets.target_2030_pct,
                    targets.target_2050_pct,
                    share_goal,
                    lang,
                ),
                "plan_share",
                text(
                    "before_after_alt",
                    lang,
                    b=pct(s["share_before_pct"], lang),
                    a=pct(s["share_after_pct"], lang),
                ),
            ),
        ]
    beheer_years = float(s.get("beheer_years", 6.0))
    html = render_page(
        "plan.html.j2",
        lang,
        title=title or text("plan_title", lang),
        subtitle=text(
            "plan_subtitle",
            lang,
            size=w.area(float(s["site_ha"]) * 1e4, lang),
            n=len(parcels) if parcels is not None else "?",
            goal="; ".join(goal_text(g, lang) for g in goals),
        ),
        verdict=str(s.get(f"message_{lang}", "")),
        key_figures=key_figures(s, lang),
        map_block=block(figures[0], text("site_map_caption", lang), lang),
        share_block=block(figures[1], text("share_engine_note", lang), lang),
        goals=goals_table(tables.goals, goals, lang),
        elements=elements_table(tables.layout, lang),
        costs=costs_table(tables.layout, beheer_years, lang),
        costs_note=_costs_note(tables.layout, lang),
        calendar=calendar_table(tables.layout, lang),
        fitting=suggestions_table(tables.suggestions, True, lang),
        excluded=suggestions_table(tables.suggestions, False, lang),
        method=method_rows(s, lang),
        problems=problems_table(tables.problems, lang),
    )
    return Report("plan_report", html, figures)


def write_plan_report(
    plan: Plan | PlanTables, folder: str | Path, lang: Lang = "nl", *, title: str | None = None
) -> Path:
    """Write the plan report (HTML and figures) into ``folder``; return the HTML path."""
    return write_report(plan_report(plan, lang, title=title), folder)


def share_rows(summary: dict[str, Any]) -> tuple[pd.Series, pd.Series]:
    """Return the share before and after as rows with the share engine's columns."""
    rows = []
    for when in ("before", "after"):
        element = float(summary[f"element_ha_{when}"])
        woody_share = float(summary[f"woody_share_{when}_pct"])
        woody = 0.0 if math.isnan(woody_share) else woody_share / 100.0 * element
        rows.append(
            pd.Series(
                {
                    "share_pct": float(summary[f"share_{when}_pct"]),
                    "rural_ha": float(summary["rural_ha"]),
                    "woody_ha": woody,
                }
            )
        )
    return rows[0], rows[1]


def key_figures(s: dict[str, Any], lang: Lang) -> list[KeyFigure]:
    """Return the share before → after, area added, elements, costs, land, new hedge."""
    figures = [
        KeyFigure(
            f"{pct(s['share_before_pct'], lang)} → {pct(s['share_after_pct'], lang)}",
            text("kf_share_before_after", lang),
        ),
        KeyFigure(w.area(float(s["added_ha"]) * 1e4, lang), text("kf_added", lang)),
        KeyFigure(str(int(s["n_elements"])), text("kf_new_elements", lang)),
        KeyFigure(euro(float(s["aanleg_eur"]), lang), text("kf_aanleg", lang)),
        KeyFigure(euro(float(s["beheer_eur_per_year"]), lang), text("kf_beheer", lang)),
        KeyFigure(w.area(float(s["productive_ha"]) * 1e4, lang), text("kf_productive", lang)),
    ]
    if float(s.get("hedge_m", 0.0)) > 0:
        figures.append(KeyFigure(w.metres(float(s["hedge_m"]), lang), text("kf_hedge", lang)))
    return figures


def _value(kind: str, value: float, lang: Lang) -> str:
    return unit(value, "m", lang, 0) if kind == "hedge_m" else pct(value, lang)


def goals_table(frame: pd.DataFrame, goals: list[Goal], lang: Lang) -> Table:
    """Return per goal: its words, target, before, after, reached."""
    rows = []
    for g, rec in zip(goals, frame.to_dict(orient="records"), strict=True):
        rows.append(
            [
                Cell(goal_text(g, lang)),
                Cell(_value(g.kind, float(rec["target"]), lang), float(rec["target"]), "num"),
                Cell(_value(g.kind, float(rec["before"]), lang), None, "num"),
                Cell(_value(g.kind, float(rec["after"]), lang), None, "num"),
                Cell(text("yes" if rec["reached"] else "no", lang)),
            ]
        )
    heads = ("col_goal", "col_target", "col_before", "col_after", "col_reached")
    columns = [
        Column(text(h, lang), numeric=h in ("col_target", "col_before", "col_after")) for h in heads
    ]
    return Table("goals", columns, rows, sortable=False)


def _name(row: Any, lang: Lang) -> str:
    name_en = getattr(row, "name_en", None)
    return str(name_en) if lang == "en" and isinstance(name_en, str) and name_en else str(row.name)


def elements_table(layout: pd.DataFrame, lang: Lang) -> Table:
    """Return one row per planned element: bouwsteen, position, parcel, sizes, costs."""
    rows = []
    for row in layout.itertuples():
        rows.append(
            [
                Cell(str(row.element_id), as_int(row.element_id), "num"),
                Cell(_name(row, lang)),
                Cell(str(row.position)),
                Cell(str(row.parcel_id)),
                number_cell(row.length_m, lang, 0),
                number_cell(row.width_m, lang, 1),
                number_cell(row.area_m2, lang, 0),
                number_cell(row.aanleg_eur, lang, 0),
                number_cell(row.beheer_eur_per_year, lang, 0),
            ]
        )
    heads = (
        "col_element",
        "col_bouwsteen",
        "col_position",
        "col_parcel",
        "col_length_m",
        "col_width_m",
        "col_area_m2",
        "col_aanleg",
        "col_beheer",
    )
    text_cols = ("col_bouwsteen", "col_position", "col_parcel")
    return Table(
        "elements", [Column(text(h, lang), numeric=h not in text_cols) for h in heads], rows
    )


def costs_by_bouwsteen(layout: pd.DataFrame, beheer_years: float) -> pd.DataFrame:
    """Return per bouwsteen: count, m, m², aanleg, beheer a year and over the years, total.

    Unknown amounts (NaN) stay NaN in a group where none is known, and are left out of a sum
    otherwise; ``estimate`` marks groups with an estimated amount.
    """
    if not len(layout):
        return pd.DataFrame(columns=list(COST_COLUMNS))
    frame = pd.DataFrame(layout.drop(columns=layout.geometry.name, errors="ignore"))
    if "name_en" not in frame.columns:
        frame["name_en"] = frame["name"]
    grouped = frame.groupby("bouwsteen_id", sort=True)
    table = grouped.agg(
        name=("name", "first"),
        name_en=("name_en", "first"),
        n=("element_id", "size"),
        length_m=("length_m", "sum"),
        area_m2=("area_m2", "sum"),
        aanleg_eur=("aanleg_eur", lambda v: v.sum(min_count=1)),
        beheer_eur_per_year=("beheer_eur_per_year", lambda v: v.sum(min_count=1)),
        estimate=("cost_estimate", "any"),
    ).reset_index()
    table["beheer_total_eur"] = table["beheer_eur_per_year"] * beheer_years
    table["total_eur"] = table[["aanleg_eur", "beheer_total_eur"]].sum(axis=1, min_count=1)
    return table[list(COST_COLUMNS)]


def costs_table(layout: pd.DataFrame, beheer_years: float, lang: Lang) -> Table:
    """Return the costs per bouwsteen with a totals row (see :func:`costs_by_bouwsteen`)."""
    table = costs_by_bouwsteen(layout, beheer_years)
    rows = []
    for rec in table.to_dict(orient="records"):
        name = rec["name_en"] if lang == "en" and isinstance(rec["name_en"], str) else rec["name"]
        star = " *" if rec["estimate"] else ""
        rows.append([Cell(f"{name}{star}")] + [number_cell(rec[c], lang) for c in COST_SUMS])
    sums = [table[c].sum(min_count=1) for c in COST_SUMS]
    footer = [Cell(text("total", lang))] + [number_cell(v, lang) for v in sums]
    years = num(beheer_years, lang, 0)
    heads = [
        text("col_bouwsteen", lang),
        text("col_count", lang),
        text("col_length_m", lang),
        text("col_area_m2", lang),
        text("col_aanleg", lang),
        text("col_beheer", lang),
        text("col_beheer_years", lang, n=years),
        text("col_cost_total", lang),
    ]
    columns = [Column(h, numeric=i > 0) for i, h in enumerate(heads)]
    return Table("costs", columns, rows, footer=footer if len(rows) else None)


def _costs_note(layout: pd.DataFrame, lang: Lang) -> str:
    note = text("costs_note", lang)
    unknown = int((~layout["cost_known"].astype(bool)).sum()) if len(layout) else 0
    if unknown:
        note += text("costs_unknown", lang, n=unknown)
    return note


def calendar_table(layout: pd.DataFrame, lang: Lang) -> Table:
    """Return per bouwsteen a mark in each month its beheer period touches, and the texts."""
    months = text("months_short", lang).split()
    rows = []
    if len(layout):
        frame = layout.drop_duplicates("bouwsteen_id").sort_values("bouwsteen_id")
        for row in frame.itertuples():
            marked = season_months(str(row.beheer_season)) or frozenset()
            cells = [Cell(_name(row, lang))]
            cells += [
                Cell("●" if m in marked else "", None, "month on" if m in marked else "month")
                for m in range(1, 13)
            ]
            cells += [
                Cell(str(row.beheer_cycle)),
                Cell(str(row.beheer_season)),
                Cell(str(row.beheer)),
                Cell(str(row.anlb_package)),
            ]
            rows.append(cells)
    columns = (
        [Column(text("col_bouwsteen", lang))]
        + [Column(m) for m in months]
        + [Column(text(h, lang)) for h in ("col_cycle", "col_season", "col_actions", "col_anlb")]
    )
    return Table("calendar", columns, rows, sortable=False)


def suggestions_table(frame: pd.DataFrame, fitting: bool, lang: Lang) -> Table:
    """Return the ranking of the fitting (or the excluded) bouwstenen, with reasons."""
    part = frame[(frame["status"] == "past") == fitting]
    rows = []
    for row in part.itertuples():
        reasons = str(getattr(row, f"reasons_{lang}") or "").split(" | ")
        rows.append(
            [
                Cell(str(row.rank), as_int(row.rank), "num"),
                Cell(_name(row, lang)),
                Cell(num(as_float(row.score), lang, 1), as_float(row.score), "num"),
                Cell(text("fits" if fitting else "excluded", lang)),
                Cell("; ".join(r for r in reasons if r)),
            ]
        )
    heads = ("col_rank", "col_bouwsteen", "col_score", "col_verdict", "col_reasons")
    columns = [Column(text(h, lang), numeric=h in ("col_rank", "col_score")) for h in heads]
    return Table("suggestions" if fitting else "excluded", columns, rows)


def method_rows(s: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """Return how the plan was made: objective, budget, method, candidates drawn."""
    years = num(float(s.get("beheer_years", 6.0)), lang, 0)
    objective = text(
        "objective_land" if s.get("objective") == "land" else "objective_cost", lang, n=years
    )
    budget = s.get("budget_eur")
    has_budget = isinstance(budget, int | float) and not np.isnan(budget)
    if s.get("method") == "heuristic":
        method = text("method_heuristic", lang)
    else:
        method = text("method_exact" if s.get("optimal") else "method_exact_open", lang)
    rows = [
        (text("objective", lang), objective),
        (text("budget", lang), euro(as_float(budget), lang) if has_budget else text("none", lang)),
        (text("method", lang), method),
        (text("candidates", lang), num(as_float(s.get("candidates", 0)), lang, 0)),
    ]
    if s.get("catalogue"):
        rows.append((text("catalogue", lang), str(s["catalogue"])))
    return rows
