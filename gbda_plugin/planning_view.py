"""What the planning dock shows: the ranking, the plan's summary and its management calendar.

No Qt here: rows and HTML are built from the core's results (:class:`~gbda_core.suggest.
Suggestion`, :func:`gbda_core.plan_report.plan_summary`, the layout's columns), so they can be
tested without QGIS. Numbers are formatted with :mod:`gbda_core.wording` in the user's language.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from typing import Any

import pandas as pd

from gbda_core import wording
from gbda_core.suggest import Suggestion

from .marks import tr_noop

Translate = Callable[[str], str]

#: Columns of the suggestions table.
SUGGESTION_COLUMNS = (
    tr_noop("#"),
    tr_noop("Bouwsteen"),
    tr_noop("Score"),
    tr_noop("Verdict"),
    tr_noop("Reasons"),
)
#: Columns of the management calendar.
MANAGEMENT_COLUMNS = (
    tr_noop("Bouwsteen"),
    tr_noop("Elements"),
    tr_noop("Beheer actions"),
    tr_noop("Season"),
    tr_noop("Cycle"),
    tr_noop("ANLb package"),
)


def suggestion_rows(
    suggestions: list[Suggestion], lang: wording.Lang, tr: Translate = str
) -> list[tuple[int, str, float, str, str]]:
    """(rank, name, score, verdict, reasons one a line) per bouwsteen, best first."""
    rows = []
    for s in suggestions:
        b = s.bouwsteen
        verdict = tr("fits") if s.fits else tr("excluded")
        reasons = "\n".join(r.text(lang) for r in s.reasons)
        rows.append((s.rank, b.name if lang == "nl" else b.name_en, s.score, verdict, reasons))
    return rows


def management_rows(layout: pd.DataFrame, lang: wording.Lang) -> list[tuple[str, ...]]:
    """One row per bouwsteen of the layout: name, elements, beheer, season, cycle, ANLb."""
    if not len(layout):
        return []
    counts = layout.groupby("bouwsteen_id", sort=True).size()
    first = layout.drop_duplicates("bouwsteen_id").set_index("bouwsteen_id").loc[counts.index]
    return [
        (
            str(row["name"] if lang == "nl" else row["name_en"]),
            str(int(counts[bid])),
            str(row["beheer"]).replace("; ", "\n"),
            str(row["beheer_season"]),
            str(row["beheer_cycle"]),
            str(row["anlb_package"]),
        )
        for bid, row in first.iterrows()
    ]


def _num(value: Any, lang: wording.Lang, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return wording.number(float(value), lang, decimals)


def summary_rows(summary: dict[str, Any], lang: wording.Lang, tr: Translate = str) -> list:
    """(label, value) rows of a plan summary (:func:`gbda_core.plan_report.plan_summary`)."""

    def arrow(before: str, after: str, unit: str, decimals: int = 2) -> str:
        return (
            f"{_num(summary[before], lang, decimals)} {unit} → "
            f"{_num(summary[after], lang, decimals)} {unit}"
        )

    added = summary["added_ha"] + summary["added_not_counted_ha"]
    rows = [
        (tr("Share of the rural area"), arrow("share_before_pct", "share_after_pct", "%")),
        (
            tr("Woody share of the elements"),
            arrow("woody_share_before_pct", "woody_share_after_pct", "%"),
        ),
        (tr("New hedge"), f"{_num(summary['hedge_m'], lang, 0)} m"),
        (tr("Elements placed"), str(summary["n_elements"])),
        (
            tr("Area added"),
            tr(
                "{total} ha (woody {woody}, wet {wet}, herbaceous {herb}, not counted {other})"
            ).format(
                total=_num(added, lang, 2),
                woody=_num(summary["added_woody_ha"], lang, 2),
                wet=_num(summary["added_wet_ha"], lang, 2),
                herb=_num(summary["added_herb_ha"], lang, 2),
                other=_num(summary["added_not_counted_ha"], lang, 2),
            ),
        ),
        (tr("Construction (aanleg)"), f"€ {_num(summary['aanleg_eur'], lang, 0)}"),
        (
            tr("Management (beheer) per year"),
            f"€ {_num(summary['beheer_eur_per_year'], lang, 0)}",
        ),
        (tr("Productive land taken"), f"{_num(summary['productive_ha'], lang, 2)} ha"),
    ]
    if summary["n_cost_unknown"]:
        rows.append((tr("Elements of unknown cost"), str(summary["n_cost_unknown"])))
    method = tr("optimal") if summary["optimal"] else tr("not proven optimal")
    rows.append((tr("Method"), f"{summary['method']} ({method})"))
    rows.append((tr("Goals reached"), tr("yes") if summary["goal_reached"] else tr("no")))
    return rows


def summary_html(summary: dict[str, Any], lang: wording.Lang, tr: Translate = str) -> str:
    """The plan's summary as HTML: the verdict in the user's language, then the numbers."""
    message = summary["message_nl" if lang == "nl" else "message_en"]
    body = "".join(
        f'<tr><td style="padding-right:8px"><b>{escape(label)}</b></td>'
        f"<td>{escape(value)}</td></tr>"
        for label, value in summary_rows(summary, lang, tr)
    )
    return f"<p>{escape(message)}</p><table>{body}</table>"
