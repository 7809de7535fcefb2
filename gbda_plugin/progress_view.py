"""What the progress panel shows: the core's progress report as labelled rows. No Qt here.

Every number comes from :func:`gbda_core.progress.progress_report`; where the core has no
number (no pace yet, no forecast) the row shows the core's reason instead.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from gbda_core import wording
from gbda_core.progress import ProgressReport

from .marks import tr_noop

Translate = Callable[[str], str]

ON_TRACK = {
    True: tr_noop("yes"),
    False: tr_noop("no: the forecast is after the deadline"),
    None: tr_noop("unknown: no forecast"),
}


def progress_rows(
    report: ProgressReport, lang: wording.Lang, tr: Translate = str
) -> list[tuple[str, str]]:
    """(label, value) rows: km against the target, pace achieved and needed, forecast."""

    def km(value: float | None, reason_key: str = "", unit: str = "km") -> str:
        if value is None:
            return "– (" + report.reasons.get(reason_key, "") + ")"
        return f"{wording.number(value, lang, 2)} {unit}"

    fc = report.forecast
    if fc.date is None:
        forecast = "– (" + report.reasons.get("forecast_date", "") + ")"
    else:
        forecast = fc.date.isoformat()
        if fc.earliest is not None and fc.earliest != fc.date:
            latest = fc.latest.isoformat() if fc.latest is not None else tr("never")
            forecast += " " + tr("({level} % range {earliest} to {latest})").format(
                level=wording.number(100 * report.level, lang),
                earliest=fc.earliest.isoformat(),
                latest=latest,
            )
    per_year = tr("km per year")
    return [
        (tr("Realised"), km(report.realised_km)),
        (tr("Target"), f"{km(report.target_km)} {tr('by')} {report.deadline.isoformat()}"),
        (tr("Still to realise"), km(report.remaining_km)),
        (tr("Pace achieved"), km(report.pace_km_per_year, "pace_km_per_year", per_year)),
        (tr("Pace needed"), km(report.needed_km_per_year, "needed_km_per_year", per_year)),
        (tr("Forecast"), forecast),
        (tr("On track"), tr(ON_TRACK[report.on_track])),
        (tr("Planned (gepland)"), km(report.planned_km)),
        (tr("Gone (verdwenen)"), km(report.removed_km)),
        (tr("Realised area"), f"{wording.number(report.realised_ha, lang, 2)} ha"),
        (tr("As at"), report.at.isoformat()),
    ]


def progress_html(report: ProgressReport, lang: wording.Lang, tr: Translate = str) -> str:
    """The rows as HTML lines, ``<b>label</b>: value`` (a QLabel sizes these well)."""
    return "<br>".join(
        f"<b>{escape(label)}</b>: {escape(value)}"
        for label, value in progress_rows(report, lang, tr)
    )
