"""The progress report: the km programme against its target, pace, forecast and changes.

Made from the register's elements (:meth:`gbda_core.register.Register.current`) and the
:class:`gbda_core.progress.ProgressReport` computed from them; every number on the page comes
from :mod:`gbda_core.progress` (the curve from :func:`~gbda_core.progress.yearly`, the
breakdowns from :func:`~gbda_core.progress.breakdown`), so the page and ``gbda progress`` agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from gbda_core.progress import (
    ProgressReport,
    breakdown,
    check_register_frame,
    km_type_codes,
    status_at,
    yearly,
)
from gbda_core.report.charts import breakdown_bars, pace_bars, progress_curve, share_lines
from gbda_core.report.figures import FigureFile, render, styled
from gbda_core.report.html import Cell, Column, Report, Table, render_page, write_report
from gbda_core.report.maps import change_map
from gbda_core.report.parts import Block, KeyFigure, as_float, as_int, block, problems_table
from gbda_core.report.strings import Lang, check_lang, date, num, pct, text, unit
from gbda_core.share_over_time import ShareOverTime
from gbda_core.vocabulary import Vocabulary, load_vocabulary


def default_since(at: dt.date) -> dt.date:
    """Return one year before ``at`` (28 February for a 29 February)."""
    try:
        return at.replace(year=at.year - 1)
    except ValueError:
        return at.replace(year=at.year - 1, day=28)


def change_classes(checked: pd.DataFrame, at: dt.date, since: dt.date) -> npt.NDArray[np.object_]:
    """Return the change class per element on ``at`` for the period after ``since``.

    ``new`` (realised, planted after ``since``), ``before`` (realised, planted on or before
    ``since``), ``removed`` (removed after ``since``), ``removed_before``, ``planned`` and
    ``unknown`` (dates that contradict the status, see :func:`gbda_core.progress.date_problems`).
    ``checked`` is :func:`gbda_core.progress.check_register_frame` of the register.
    """
    status = status_at(checked, at).to_numpy(dtype=object)
    after = pd.Timestamp(since)
    planted_after = (checked["planted"] > after).to_numpy(dtype=bool)
    removed_after = (checked["removed"] > after).to_numpy(dtype=bool)
    realised = np.isin(status, ("aangelegd", "gecontroleerd"))
    removed = status == "verdwenen"
    return np.select(
        [realised & planted_after, realised, removed & removed_after, removed, status == "gepland"],
        ["new", "before", "removed", "removed_before", "planned"],
        default="unknown",
    ).astype(object)


def progress_report_page(
    frame: pd.DataFrame,
    report: ProgressReport,
    lang: Lang = "nl",
    *,
    km_types: Collection[str] | None = None,
    since: dt.date | None = None,
    window: int | None = None,
    history: ShareOverTime | None = None,
    title: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Report:
    """Render the progress report in ``lang`` (``nl`` or ``en``).

    ``frame`` is the register (with geometry for the change map) and ``report`` the progress
    computed from it with the same ``km_types``; ``since`` starts the change map's period
    (default a year before the report's date); ``window`` is the forecast window used (for the
    words only).
    """
    lang = check_lang(lang)
    vocabulary = vocabulary or load_vocabulary()
    at = report.at
    since = since or default_since(at)
    checked = check_register_frame(frame, km_types)
    table = yearly(checked, at)
    by_region = breakdown(checked, "region", at) if "region" in checked.columns else None
    by_type = breakdown(checked, "element_type", at)
    names = {et.code: (et.name if lang == "nl" else et.name_en) for et in vocabulary}
    if len(by_type):
        by_type.insert(1, "name", [names.get(str(c), str(c)) for c in by_type["element_type"]])
    target = unit(report.target_km, "km", lang, 0)
    figures: dict[str, FigureFile] = {}
    with styled():
        figures["curve"] = render(
            progress_curve(table, report, lang),
            "progress_curve",
            text("curve_alt", lang, target=target),
        )
        figures["pace"] = render(pace_bars(report, lang), "progress_pace", text("pace_alt", lang))
        if by_region is not None and len(by_region):
            figures["region"] = render(
                breakdown_bars(by_region, "region", text("by_region_title", lang), lang),
                "progress_by_region",
                text("breakdown_alt", lang, what=text("what_region", lang)),
            )
        if len(by_type):
            figures["type"] = render(
                breakdown_bars(by_type, "name", text("by_type_title", lang), lang),
                "progress_by_type",
                text("breakdown_alt", lang, what=text("what_type", lang)),
            )
        geometry = isinstance(frame, gpd.GeoDataFrame) and frame.geometry.notna().any()
        if geometry:
            labels = change_labels(since, lang)
            classes = change_classes(checked, at, since)
            figures["change"] = render(
                change_map(frame, list(classes), labels, lang),
                "progress_change_map",
                text("change_alt", lang),
                svg=False,
            )
        if history is not None and len(history.table):
            figures["history"] = render(
                share_lines(history.table, lang), "progress_share", text("history_title", lang)
            )
    level = pct(100 * report.level, lang, 0)
    captions = {
        "curve": text("curve_caption", lang, at=date(at, lang), level=level),
        "pace": "",
        "region": "",
        "type": "",
        "change": text("change_caption", lang, at=date(at, lang), since=date(since, lang)),
        "history": "",
    }
    blocks: dict[str, Block] = {k: block(f, captions[k], lang) for k, f in figures.items()}
    html = render_page(
        "progress.html.j2",
        lang,
        title=title or text("progress_title", lang, target=target),
        subtitle=text(
            "progress_subtitle", lang, at=date(at, lang), deadline=date(report.deadline, lang)
        ),
        key_figures=key_figures(report, lang),
        blocks=blocks,
        yearly=yearly_table(table, lang),
        by_region=breakdown_table(by_region, "region", lang) if by_region is not None else None,
        by_type=breakdown_table(by_type, "name", lang),
        history=history_table(history.table, lang) if history is not None else None,
        method=method_rows(report, km_types, window, lang),
        problems=problems_table(report.problems + (history.problems if history else []), lang),
    )
    return Report("progress_report", html, list(figures.values()))


def write_progress_report(
    frame: pd.DataFrame,
    report: ProgressReport,
    folder: str | Path,
    lang: Lang = "nl",
    *,
    km_types: Collection[str] | None = None,
    since: dt.date | None = None,
    window: int | None = None,
    history: ShareOverTime | None = None,
    title: str | None = None,
) -> Path:
    """Write the progress report (HTML and figures) into ``folder``; return the HTML path."""
    page = progress_report_page(
        frame,
        report,
        lang,
        km_types=km_types,
        since=since,
        window=window,
        history=history,
        title=title,
    )
    return write_report(page, folder)


def change_labels(since: dt.date, lang: Lang) -> dict[str, str]:
    """Return the legend text per change class."""
    day = date(since, lang)
    return {
        "new": text("chg_new", lang, since=day),
        "before": text("chg_before", lang, since=day),
        "removed": text("chg_removed", lang, since=day),
        "removed_before": text("chg_removed_before", lang),
        "planned": text("chg_planned", lang),
        "unknown": text("chg_unknown", lang),
    }


def forecast_text(report: ProgressReport, lang: Lang) -> tuple[str, str]:
    """Return the forecast date and a note (its range, or why there is none), in words."""
    fc = report.forecast
    if report.remaining_km <= 0:
        return date(fc.date, lang), text("fc_reached", lang, date=date(fc.date, lang))
    if fc.date is None:
        if fc.mean_km_per_year is None:
            years = ", ".join(map(str, fc.years_used)) or text("none", lang)
            return "–", text("fc_history", lang, n=years)
        if fc.mean_km_per_year <= 0:
            return "–", text("fc_no_pace", lang, v=unit(fc.mean_km_per_year, "km", lang, 2))
        return "–", text("fc_too_far", lang)
    if fc.latest is None:
        return date(fc.date, lang), text("range_open", lang, a=date(fc.earliest, lang))
    return date(fc.date, lang), text(
        "range", lang, a=date(fc.earliest, lang), b=date(fc.latest, lang)
    )


def key_figures(report: ProgressReport, lang: Lang) -> list[KeyFigure]:
    """Return realised, to go, pace so far and needed, forecast, on track, planned, removed."""

    def per_year(value: float | None) -> str:
        return "–" if value is None else text("per_year", lang, v=unit(value, "km", lang))

    pace_note = "" if report.pace_km_per_year is not None else text("pace_none_start", lang)
    needed_note = "" if report.needed_km_per_year is not None else text("needed_passed", lang)
    forecast, forecast_note = forecast_text(report, lang)
    on_track = {True: "yes", False: "no", None: "unknown"}[report.on_track]
    return [
        KeyFigure(
            unit(report.realised_km, "km", lang),
            text("kf_realised", lang),
            unit(report.realised_ha, "ha", lang),
        ),
        KeyFigure(unit(report.remaining_km, "km", lang), text("kf_remaining", lang)),
        KeyFigure(per_year(report.pace_km_per_year), text("kf_pace", lang), pace_note),
        KeyFigure(per_year(report.needed_km_per_year), text("kf_needed", lang), needed_note),
        KeyFigure(forecast, text("kf_forecast", lang), forecast_note),
        KeyFigure(text(on_track, lang), text("kf_on_track", lang)),
        KeyFigure(unit(report.planned_km, "km", lang), text("kf_planned", lang)),
        KeyFigure(unit(report.removed_km, "km", lang), text("kf_removed", lang)),
    ]


def _km(value: object, lang: Lang, decimals: int = 2) -> Cell:
    v = float(value)  # type: ignore[arg-type]
    return Cell(num(v, lang, decimals), v, "num")


def yearly_table(table: pd.DataFrame, lang: Lang) -> Table:
    """Return per calendar year: km planted, removed, net, cumulative, and if it is whole."""
    rows = [
        [
            Cell(str(as_int(r.year)), as_int(r.year), "num"),
            _km(r.planted_km, lang),
            _km(r.removed_km, lang),
            _km(r.net_km, lang),
            _km(r.cumulative_km, lang),
            Cell(text("yes" if r.complete else "no", lang)),
        ]
        for r in table.itertuples()
    ]
    heads = (
        "col_year",
        "col_planted_km",
        "col_removed_km",
        "col_net_km",
        "col_cumulative_km",
        "col_complete",
    )
    columns = [Column(text(h, lang), numeric=h != "col_complete") for h in heads]
    return Table("yearly", columns, rows, sortable=False)


def breakdown_table(table: pd.DataFrame, key: str, lang: Lang) -> Table:
    """Return km realised, planned and removed, ha realised and count per group, totals."""
    rows = [
        [
            Cell(str(getattr(r, key))),
            _km(r.realised_km, lang),
            _km(r.planned_km, lang),
            _km(r.removed_km, lang),
            _km(r.realised_ha, lang),
            Cell(str(as_int(r.n_realised)), as_int(r.n_realised), "num"),
        ]
        for r in table.itertuples()
    ]
    footer = (
        [Cell(text("total", lang))]
        + [
            _km(table[c].sum(), lang)
            for c in ("realised_km", "planned_km", "removed_km", "realised_ha")
        ]
        + [Cell(str(int(table["n_realised"].sum())), None, "num")]
    )
    first = "col_region" if key == "region" else "col_type"
    heads = (
        first,
        "col_realised_km",
        "col_planned_km",
        "col_removed_km",
        "col_realised_ha",
        "col_n_realised",
    )
    columns = [Column(text(h, lang), numeric=h != first) for h in heads]
    return Table(f"by-{key}", columns, rows, footer=footer if rows else None)


def history_table(table: pd.DataFrame, lang: Lang) -> Table:
    """Return the share over time: area, date, share, added ha, status."""
    rows = []
    for r in table.itertuples():
        day = pd.Timestamp(str(r.date)).date()
        rows.append(
            [
                Cell(str(r.area_id)),
                Cell(day.isoformat(), day.isoformat()),
                Cell(pct(as_float(r.share_pct), lang, 2), as_float(r.share_pct), "num"),
                _km(r.added_ha, lang),
                Cell(str(r.status)),
            ]
        )
    heads = ("col_area", "col_date", "col_share", "col_added_ha", "col_status")
    columns = [Column(text(h, lang), numeric=h in ("col_share", "col_added_ha")) for h in heads]
    return Table("history", columns, rows)


def method_rows(
    report: ProgressReport, km_types: Collection[str] | None, window: int | None, lang: Lang
) -> list[tuple[str, str]]:
    """Return the date, target, deadline, what counts, which types count km, forecast."""
    codes = sorted(km_types) if km_types is not None else None
    default = codes is None or set(codes) == set(km_type_codes())
    years = ", ".join(map(str, report.forecast.years_used)) or text("none", lang)
    return [
        (text("at", lang), date(report.at, lang)),
        (text("start", lang), date(report.start, lang)),
        (
            text("target_deadline", lang),
            f"{unit(report.target_km, 'km', lang, 0)} · {date(report.deadline, lang)}",
        ),
        (text("realised_rule", lang), text("realised_rule_text", lang)),
        (
            text("km_types", lang),
            text("km_types_default", lang) if default else ", ".join(codes or []),
        ),
        (
            text("forecast_method", lang),
            text(
                "forecast_text",
                lang,
                window=window if window is not None else "?",
                years=years,
                level=pct(100 * report.level, lang, 0),
            ),
        ),
    ]
