"""Programme progress: km of landscape elements realised against a target, pace and forecast.

Everything here is a pure function of a register frame as :meth:`Register.current` gives it
(one row per element with ``element_type``, ``status``, the dates ``planted`` and ``removed``
and ``length_m``; ``region``, ``collectief``, ``area_m2``, ``checked`` where present), so it
runs on hand-built frames as well as on a real register.

Counting rules (see docs/progress.md):

- An element is *realised at* a date ``at`` when it was planted on or before ``at`` and not
  removed on or before ``at``; ``realised_km`` is the sum of their ``length_m`` / 1000. So the
  km are net of elements that disappeared (status ``verdwenen``). Only linear element types
  count km (:func:`km_type_codes`; a hedge drawn as a polygon too, with the register's strip
  length); all count in ``realised_ha``.
- Time is measured in decimal years at the *end* of a day (:mod:`gbda_core.forecast`).
- Pace so far = realised km / years since ``start`` (default: 1 January of the first planting
  year). Needed pace = remaining km / years left to the end of the deadline day.
- The forecast uses the net km realised in each of the last ``window`` whole calendar years
  (see :func:`gbda_core.forecast.forecast`).
- One programme counts (default ``400 km``, :data:`~gbda_core.register.DEFAULT_PROGRAMME`;
  None: every element), by the frame's ``programme`` column. A frame without that column
  counts whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gbda_core.errors import ConfigError, DataError, InputError
from gbda_core.forecast import (
    DEFAULT_LEVEL,
    DEFAULT_WINDOW,
    MIN_YEARS,
    Forecast,
    check_window,
    decimal_year,
    forecast,
)
from gbda_core.problems import Problem, problem_for_rows
from gbda_core.register.model import DEFAULT_PROGRAMME
from gbda_core.vocabulary import Vocabulary, load_vocabulary

#: Default programme target (km). The figure comes from the project brief ("faciliteren aanleg
#: van 400 km landschapselementen", Deltaplan Biodiversiteitsherstel); domain.md §6 could not
#: find the source text, so treat it as the programme's own number and set yours.
DEFAULT_TARGET_KM = 400.0
#: Default deadline: end of 2030, the GBDA interim year (domain.md §1.1); an assumption for the
#: km programme, which has no deadline of its own in the sources found.
DEFAULT_DEADLINE = dt.date(2030, 12, 31)
STATUSES = ("gepland", "aangelegd", "gecontroleerd", "verdwenen")
REQUIRED_COLUMNS = ("element_type", "status", "planted", "removed", "length_m")
GROUPINGS = ("region", "collectief", "element_type", "status")
#: The programme name that selects every element.
ALL_PROGRAMMES = "all"


@dataclass
class ProgressReport:
    """Progress against the km target at one date; see :func:`progress_report`."""

    at: dt.date
    start: dt.date | None
    target_km: float
    deadline: dt.date
    realised_km: float
    realised_ha: float
    planned_km: float
    removed_km: float
    pace_km_per_year: float | None
    needed_km_per_year: float | None
    forecast: Forecast
    level: float
    reasons: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    programme: str | None = DEFAULT_PROGRAMME
    programmes: list[str] = field(default_factory=list)

    @property
    def remaining_km(self) -> float:
        """Km still to realise (0 once the target is reached)."""
        return max(0.0, self.target_km - self.realised_km)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready values (dates ISO 8601, None for null)."""
        return {
            "target_km": float(self.target_km),
            "realised_km": round(self.realised_km, 6),
            "remaining_km": round(self.remaining_km, 6),
            "deadline": _iso(self.deadline),
            "pace_km_per_year": _round(self.pace_km_per_year),
            "needed_km_per_year": _round(self.needed_km_per_year),
            "forecast_date": _iso(self.forecast.date),
            "forecast_earliest": _iso(self.forecast.earliest),
            "forecast_latest": _iso(self.forecast.latest),
            "forecast_level": self.level,
            "forecast_years": self.forecast.years_used,
            "on_track": self.on_track,
            "at": _iso(self.at),
            "start": _iso(self.start),
            "realised_ha": round(self.realised_ha, 6),
            "planned_km": round(self.planned_km, 6),
            "removed_km": round(self.removed_km, 6),
            "programme": ALL_PROGRAMMES if self.programme is None else self.programme,
            "programmes": list(self.programmes),
            "reasons": dict(self.reasons),
        }

    @property
    def on_track(self) -> bool | None:
        """True when the central forecast is on or before the deadline (None: no forecast)."""
        if self.realised_km >= self.target_km:
            return True
        if self.forecast.date is None:
            return None
        return self.forecast.date <= self.deadline


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def km_type_codes(vocabulary: Vocabulary | None = None) -> frozenset[str]:
    """Return the element types whose length counts towards the km target by default.

    These are the types the vocabulary gives a default width: the linear elements (hedges,
    houtwallen, singels, tree rows, oevers, sloten, randen), whether drawn as lines or as
    polygons. Poelen, bosjes and single trees have no meaningful length; they count in ha.
    """
    vocabulary = vocabulary or load_vocabulary()
    return frozenset(et.code for et in vocabulary if et.width_m is not None)


def select_programme(frame: pd.DataFrame, programme: str | None) -> pd.DataFrame:
    """Return the rows of one programme (None: all rows; so too without a programme column)."""
    if programme is None or "programme" not in frame.columns:
        return frame
    return frame[(frame["programme"] == programme).to_numpy(dtype=bool)]


def check_register_frame(
    frame: pd.DataFrame, km_types: Collection[str] | None = None
) -> pd.DataFrame:
    """Return a copy with dates as datetime64, and ``km`` per element; refuse unusable frames.

    ``km`` is ``length_m`` / 1000 for elements of ``km_types`` (default
    :func:`km_type_codes`), else 0.

    Raises
    ------
    InputError
        When a required column is missing.
    DataError
        On an unknown status or a negative length (the row is named).
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            f"register has no column {', '.join(map(repr, missing))}",
            hint=f"columns are: {', '.join(map(str, frame.columns))}",
        )
    out = pd.DataFrame(frame.drop(columns="geometry", errors="ignore")).reset_index(drop=True)
    for col in ("planned", "planted", "checked", "removed"):
        if col in out.columns:
            out[col] = pd.to_datetime(out[col], errors="coerce")
    bad = ~out["status"].isin(STATUSES)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"unknown status {out['status'].iloc[row]!r}",
            row=row,
            hint=f"statuses are {', '.join(STATUSES)}",
        )
    out["length_m"] = pd.to_numeric(out["length_m"], errors="coerce").fillna(0.0)
    if (out["length_m"] < 0).any():
        row = int(np.flatnonzero((out["length_m"] < 0).to_numpy())[0])
        raise DataError("negative length_m", row=row)
    counted = km_type_codes() if km_types is None else frozenset(km_types)
    out["km"] = (out["length_m"] / 1e3).where(out["element_type"].isin(counted), 0.0)
    area = out["area_m2"] if "area_m2" in out.columns else pd.Series(0.0, index=out.index)
    out["area_m2"] = pd.to_numeric(area, errors="coerce").fillna(0.0)
    return out


def date_problems(frame: pd.DataFrame) -> list[Problem]:
    """Report rows whose status and dates disagree (rows are positions in the frame)."""
    realised = frame["status"].isin(("aangelegd", "gecontroleerd", "verdwenen"))
    checks = (
        (
            realised & frame["planted"].isna(),
            "planted_missing",
            "realised element without a planting date; not counted",
        ),
        (
            (frame["status"] == "verdwenen") & frame["removed"].isna(),
            "removed_missing",
            "verdwenen element without a removal date; not counted",
        ),
        (
            frame["removed"] < frame["planted"],
            "removed_before_planted",
            "removal date before planting date; not counted",
        ),
    )
    problems = []
    for mask, kind, message in checks:
        rows = np.flatnonzero(mask.to_numpy(dtype=bool))
        if len(rows):
            ids = frame["id"].iloc[rows[0]] if "id" in frame.columns else ""
            problems.append(
                problem_for_rows(kind, rows, message, "not_counted", value=str(ids or ""))
            )
    return problems


def _countable(frame: pd.DataFrame) -> pd.Series:
    """Rows whose dates can be trusted (see :func:`date_problems`)."""
    realised = frame["status"].isin(("aangelegd", "gecontroleerd", "verdwenen"))
    ok = ~(realised & frame["planted"].isna())
    ok &= ~((frame["status"] == "verdwenen") & frame["removed"].isna())
    return ok & ~(frame["removed"] < frame["planted"])


def realised_mask(frame: pd.DataFrame, at: dt.date) -> pd.Series:
    """Elements realised at the end of ``at``: planted by then and not removed by then."""
    end = pd.Timestamp(at)
    planted = frame["planted"].notna() & (frame["planted"] <= end)
    removed = frame["removed"].notna() & (frame["removed"] <= end)
    return planted & ~removed & _countable(frame) & (frame["status"] != "gepland")


def realised_km(frame: pd.DataFrame, at: dt.date) -> float:
    """Km realised at the end of ``at``, net of removed elements (frame as checked)."""
    return float(frame.loc[realised_mask(frame, at), "km"].sum())


def status_at(frame: pd.DataFrame, at: dt.date) -> pd.Series:
    """Return each element's status at the end of ``at``, from its dates.

    ``onbekend`` marks rows whose dates contradict their status (see :func:`date_problems`).
    """
    end = pd.Timestamp(at)
    status = pd.Series("gepland", index=frame.index, dtype=object)
    planted = frame["planted"].notna() & (frame["planted"] <= end) & _countable(frame)
    planted &= frame["status"] != "gepland"
    status[planted] = "aangelegd"
    if "checked" in frame.columns:
        status[planted & frame["checked"].notna() & (frame["checked"] <= end)] = "gecontroleerd"
    status[planted & frame["removed"].notna() & (frame["removed"] <= end)] = "verdwenen"
    status[~_countable(frame)] = "onbekend"  # reported by date_problems
    return status


def yearly(frame: pd.DataFrame, at: dt.date) -> pd.DataFrame:
    """Return the cumulative curve: km planted, removed and net per calendar year up to ``at``.

    Returns one row per year from the first planting year to ``at``'s year, with ``year``,
    ``planted_km``, ``removed_km``, ``net_km``, ``cumulative_km`` (realised at the year's end,
    or at ``at`` for its own year) and ``complete`` (the year ended on or before ``at``).
    """
    end = pd.Timestamp(at)
    ok = _countable(frame) & (frame["status"] != "gepland")
    planted = frame[ok & frame["planted"].notna() & (frame["planted"] <= end)]
    if planted.empty:
        columns = ["year", "planted_km", "removed_km", "net_km", "cumulative_km", "complete"]
        return pd.DataFrame(columns=columns)
    removed = planted[planted["removed"].notna() & (planted["removed"] <= end)]
    years = np.arange(int(planted["planted"].dt.year.min()), at.year + 1)
    plant_km = planted.groupby(planted["planted"].dt.year)["km"].sum()
    remove_km = removed.groupby(removed["removed"].dt.year)["km"].sum()
    table = pd.DataFrame({"year": years})
    table["planted_km"] = plant_km.reindex(years, fill_value=0.0).to_numpy()
    table["removed_km"] = remove_km.reindex(years, fill_value=0.0).to_numpy()
    table["net_km"] = table["planted_km"] - table["removed_km"]
    table["cumulative_km"] = table["net_km"].cumsum()
    table["complete"] = [dt.date(int(y), 12, 31) <= at for y in years]
    return table


def breakdown(frame: pd.DataFrame, by: str, at: dt.date) -> pd.DataFrame:
    """Km per group at ``at``: realised, planned (gepland) and removed, plus realised ha.

    ``by`` is ``region``, ``collectief``, ``element_type`` (alias ``type``) or ``status``
    (the status at ``at`` from the dates, see :func:`status_at`). The ``realised_km`` column
    sums to :func:`realised_km`. Empty group values show as ``(none)``.
    """
    by = "element_type" if by == "type" else by
    if by not in GROUPINGS:
        raise ConfigError(f"cannot break down by {by!r}", hint="use year, " + ", ".join(GROUPINGS))
    status = status_at(frame, at)
    if by == "status":
        key = status
    elif by in frame.columns:
        key = frame[by].astype(object).where(frame[by].notna(), "(none)").astype(str)
    else:
        raise InputError(f"register has no column {by!r} to break down by")
    realised = realised_mask(frame, at)
    km = frame["km"]
    table = pd.DataFrame(
        {
            by: key,
            "realised_km": km.where(realised, 0.0),
            "realised_ha": (frame["area_m2"] / 1e4).where(realised, 0.0),
            "planned_km": km.where(status == "gepland", 0.0),
            "removed_km": km.where(status == "verdwenen", 0.0),
            "n_realised": realised.astype(int),
        }
    )
    return table.groupby(by, sort=True, as_index=False).sum()


def reached_on(frame: pd.DataFrame, target_km: float, at: dt.date) -> dt.date | None:
    """Return the first day the realised km reached ``target_km`` (None: not by ``at``)."""
    ok = _countable(frame) & (frame["status"] != "gepland") & frame["planted"].notna()
    events = pd.concat(
        [
            pd.DataFrame({"day": frame.loc[ok, "planted"], "km": frame.loc[ok, "km"]}),
            pd.DataFrame(
                {
                    "day": frame.loc[ok & frame["removed"].notna(), "removed"],
                    "km": -frame.loc[ok & frame["removed"].notna(), "km"],
                }
            ),
        ]
    )
    events = events[events["day"] <= pd.Timestamp(at)]
    per_day = events.groupby("day")["km"].sum().cumsum()
    hit = per_day[per_day >= target_km - 1e-9]
    return None if hit.empty else pd.Timestamp(hit.index[0]).date()


def progress_report(
    frame: pd.DataFrame,
    *,
    at: dt.date | None = None,
    target_km: float = DEFAULT_TARGET_KM,
    deadline: dt.date = DEFAULT_DEADLINE,
    start: dt.date | None = None,
    window: int = DEFAULT_WINDOW,
    min_years: int = MIN_YEARS,
    level: float = DEFAULT_LEVEL,
    km_types: Collection[str] | None = None,
    programme: str | None = DEFAULT_PROGRAMME,
) -> ProgressReport:
    """Progress of the km programme at ``at`` (default today).

    Parameters
    ----------
    frame
        Register elements (see the module docstring); lengths in m, dates as dates.
    at
        Reporting date (end of that day).
    target_km
        Programme target (km), default 400.
    deadline
        Last day to reach the target, default 2030-12-31.
    start
        Programme start for the pace so far (default 1 January of the first planting year).
    window, min_years, level
        Forecast settings, see :func:`gbda_core.forecast.forecast`.
    km_types
        Element types whose length counts (default :func:`km_type_codes`).
    programme
        The programme that counts (default ``400 km``); None counts every element.

    Returns
    -------
    ProgressReport
        Km, km per year and dates; every None comes with a plain reason in ``reasons``.

    Raises
    ------
    ConfigError
        On a target <= 0, a level outside (0, 1) or a forecast window that can give no
        forecast (:func:`gbda_core.forecast.check_window`).
    """
    if target_km <= 0:
        raise ConfigError("the target must be a positive number of km")
    if not 0 < level < 1:
        raise ConfigError("the forecast level must be between 0 and 1, e.g. 0.9")
    check_window(window, min_years)
    at = at or dt.date.today()
    reasons: dict[str, str] = {}
    selected = select_programme(frame, programme)
    if "programme" not in frame.columns:
        programme = None
    elif selected.empty and not frame.empty:
        names = ", ".join(_programmes(frame)) or "none"
        reasons["programme"] = (
            f"no element of programme {programme!r}; the register has: {names} "
            f"(choose one, or {ALL_PROGRAMMES!r})"
        )
    checked = check_register_frame(selected, km_types)
    problems = date_problems(checked)
    table = yearly(checked, at)
    realised = realised_km(checked, at)
    if start is None and len(table):
        start = dt.date(int(table["year"].iloc[0]), 1, 1)
    pace = None
    if start is None:
        reasons["pace_km_per_year"] = "nothing planted yet"
    elif decimal_year(at) <= _begin_of(start):
        reasons["pace_km_per_year"] = f"the start {start} is after the reporting date {at}"
    else:
        pace = realised / (decimal_year(at) - _begin_of(start))
    remaining = max(0.0, target_km - realised)
    needed = None
    if remaining == 0:
        needed = 0.0
    elif at >= deadline:
        reasons["needed_km_per_year"] = f"the deadline {deadline} has passed"
    else:
        needed = remaining / (decimal_year(deadline) - decimal_year(at))
    if remaining == 0:
        day = reached_on(checked, target_km, at)
        fc = Forecast(day, day, day, None)
        reasons["forecast_date"] = f"target reached on {day}"
    else:
        fc = forecast(table, remaining, at, window=window, min_years=min_years, level=level)
        if fc.reason:
            reasons["forecast_date"] = fc.reason
        elif fc.latest is None:
            reasons["forecast_latest"] = "the pace may be as low as 0 at this level: no latest date"
    status = status_at(checked, at)
    return ProgressReport(
        at=at,
        start=start,
        target_km=target_km,
        deadline=deadline,
        realised_km=realised,
        realised_ha=float(checked.loc[realised_mask(checked, at), "area_m2"].sum() / 1e4),
        planned_km=float(checked.loc[status == "gepland", "km"].sum()),
        removed_km=float(checked.loc[status == "verdwenen", "km"].sum()),
        pace_km_per_year=pace,
        needed_km_per_year=needed,
        forecast=fc,
        level=level,
        reasons=reasons,
        problems=problems,
        programme=programme,
        programmes=_programmes(checked),
    )


def _programmes(frame: pd.DataFrame) -> list[str]:
    if "programme" not in frame.columns:
        return []
    return sorted(map(str, frame["programme"].dropna().unique()))


def _begin_of(day: dt.date) -> float:
    """Return the beginning of ``day`` as a decimal year (1 Jan 2021 = 2021.0)."""
    return decimal_year(day - dt.timedelta(days=1))
