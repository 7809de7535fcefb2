"""What a register record is: its fields, statuses, allowed transitions and the rules it keeps.

An element of the register goes through these statuses::

    gepland ──> aangelegd ──> gecontroleerd ──┐ (a re-check keeps gecontroleerd)
       │            │               │  <──────┘
       └────────────┴───────────────┴──> verdwenen   (final)

Each transition sets one date: ``aangelegd`` sets ``planted``, ``gecontroleerd`` sets
``checked``, ``verdwenen`` sets ``removed``; a new element that is ``gepland`` may carry a
``planned`` date. ``verdwenen`` is final: a hedge planted again where one disappeared is a new
element with a new id, so that both the loss and the new planting stay visible.

The dates of one element never go back in time in the order planned, planted, checked, removed,
and a status needs the dates of the steps it stands for (``aangelegd`` needs ``planted``) and
excludes the dates of later steps (``gepland`` has no ``planted``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import pandas as pd

from gbda_core.errors import ConfigError


class Status(StrEnum):
    """Where an element stands in the programme."""

    GEPLAND = "gepland"
    AANGELEGD = "aangelegd"
    GECONTROLEERD = "gecontroleerd"
    VERDWENEN = "verdwenen"


#: Statuses an element may move to from each status (see the module docstring).
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.GEPLAND: frozenset({Status.AANGELEGD, Status.VERDWENEN}),
    Status.AANGELEGD: frozenset({Status.GECONTROLEERD, Status.VERDWENEN}),
    Status.GECONTROLEERD: frozenset({Status.GECONTROLEERD, Status.VERDWENEN}),
    Status.VERDWENEN: frozenset(),
}


def _reachable(status: Status) -> frozenset[Status]:
    seen: set[Status] = set()
    todo = list(TRANSITIONS[status])
    while todo:
        nxt = todo.pop()
        if nxt not in seen:
            seen.add(nxt)
            todo.extend(TRANSITIONS[nxt])
    return frozenset(seen)


#: Statuses reachable from each status in one or more moves (an import may take several steps
#: at once, e.g. gepland -> gecontroleerd when it gives the planted and checked dates).
REACHABLE: dict[Status, frozenset[Status]] = {s: _reachable(s) for s in Status}

#: The date a move to each status sets.
STATUS_DATE: dict[Status, str] = {
    Status.GEPLAND: "planned",
    Status.AANGELEGD: "planted",
    Status.GECONTROLEERD: "checked",
    Status.VERDWENEN: "removed",
}

#: Dates an element in each status must have.
REQUIRED_DATES: dict[Status, tuple[str, ...]] = {
    Status.GEPLAND: (),
    Status.AANGELEGD: ("planted",),
    Status.GECONTROLEERD: ("planted", "checked"),
    Status.VERDWENEN: ("removed",),
}

#: Dates an element in each status cannot have yet.
LATER_DATES: dict[Status, tuple[str, ...]] = {
    Status.GEPLAND: ("planted", "checked", "removed"),
    Status.AANGELEGD: ("checked", "removed"),
    Status.GECONTROLEERD: ("removed",),
    Status.VERDWENEN: (),
}

#: Date fields in the order they happen.
DATE_FIELDS = ("planned", "planted", "checked", "removed")
#: Dates of events that happened (not after today); ``planned`` may lie in the future.
EVENT_DATES = ("planted", "checked", "removed")
#: Free-text fields.
TEXT_FIELDS = ("programme", "region", "collectief", "funding", "note")
#: Fields a user sets (imports, updates); the register computes the rest.
FIELDS = ("element_type", "status", *DATE_FIELDS, *TEXT_FIELDS)
#: Measures computed from the geometry: length in m, area in m².
MEASURES = ("length_m", "area_m2")
#: Columns of :meth:`Register.current`, in order.
CURRENT_COLUMNS = ("id", *FIELDS, *MEASURES, "version", "geometry")
#: Columns of :meth:`Register.history`, in order: one row per change, with the element's
#: attributes after the change; ``changed`` names the fields that change altered.
HISTORY_COLUMNS = (
    "element_id",
    "version",
    "changed_at",
    "changed_by",
    "action",
    "changed",
    *FIELDS,
    *MEASURES,
)
#: Fields :meth:`Register.update` may change (status changes go through ``set_status``).
UPDATABLE = ("element_type", *DATE_FIELDS, *TEXT_FIELDS, "geometry")

#: Programme of new elements unless the source or the caller names another.
DEFAULT_PROGRAMME = "400 km"
#: Time zone of dates and of naive times given by users: the register is Dutch.
REGISTER_TZ = ZoneInfo("Europe/Amsterdam")
#: EPSG code of every register geometry (Amersfoort / RD New).
REGISTER_EPSG = 28992


def parse_status(value: object) -> Status:
    """Return the status named by ``value`` (any case); raise :class:`ConfigError` otherwise."""
    text = str(value).strip().casefold()
    try:
        return Status(text)
    except ValueError:
        raise ConfigError(
            f"unknown status {value!r}", hint=f"use one of: {', '.join(s.value for s in Status)}"
        ) from None


def today() -> date:
    """Return today's date in the Netherlands (the register's time zone)."""
    return datetime.now(REGISTER_TZ).date()


def as_date(value: date | datetime | str) -> date:
    """Return a calendar date from a date, a datetime or text ``YYYY-MM-DD`` / ``DD-MM-YYYY``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed, bad = parse_dates(pd.Series([value], dtype=object))
    if bad[0] or pd.isna(parsed.iloc[0]):
        raise ConfigError(f"{value!r} is not a date", hint="write dates as YYYY-MM-DD")
    return pd.Timestamp(parsed.iloc[0]).date()


def moment(at: date | datetime | str) -> datetime:
    """Return the UTC moment that "the register at ``at``" means.

    A date means the end of that day in the Netherlands (all changes made that day count); a
    naive datetime is Dutch local time; an aware datetime is used as is. Text is parsed as
    ISO 8601 (``2024-05-01`` or ``2024-05-01T12:00``).
    """
    if isinstance(at, str):
        text = at.strip()
        try:
            at = date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text)
        except ValueError:
            raise ConfigError(
                f"{text!r} is not a date or time", hint="use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
            ) from None
    if not isinstance(at, datetime):
        end = datetime.combine(at + timedelta(days=1), time(), REGISTER_TZ)
        return (end - timedelta(milliseconds=1)).astimezone(UTC)
    if at.tzinfo is None:
        at = at.replace(tzinfo=REGISTER_TZ)
    return at.astimezone(UTC)


def parse_dates(values: pd.Series) -> tuple[pd.Series, npt.NDArray[np.bool_]]:
    """Parse a date column; return (datetime64[ns] dates or NaT, mask of unreadable values).

    Accepts dates and datetimes (the time is dropped), and text ``YYYY-MM-DD`` (ISO 8601, also
    with a time) or ``DD-MM-YYYY`` (as Dutch spreadsheets write it). Empty text is no date.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = pd.Series(values).dt.tz_localize(None) if values.dt.tz else pd.Series(values)
        return parsed.dt.normalize().astype("datetime64[ns]"), np.zeros(len(values), dtype=bool)
    objects = values.astype(object)
    text = objects.map(lambda v: v.isoformat() if isinstance(v, date) else v)
    text = text.where(text.notna(), None).astype("string").str.strip()
    empty = text.isna() | text.eq("")
    iso = pd.to_datetime(text.where(~empty), format="ISO8601", errors="coerce")
    if getattr(iso.dt, "tz", None) is not None:
        iso = iso.dt.tz_localize(None)
    dutch = pd.to_datetime(text.where(~empty & iso.isna()), format="%d-%m-%Y", errors="coerce")
    parsed = iso.fillna(dutch).dt.normalize().astype("datetime64[ns]")
    bad = (~empty & parsed.isna()).to_numpy(dtype=bool)
    return parsed, bad


def empty_reasons(n: int) -> list[list[str]]:
    """Return one empty reason list per row."""
    return [[] for _ in range(n)]


def add_reason(reasons: list[list[str]], mask: npt.NDArray[np.bool_], text: str) -> None:
    """Add ``text`` to the reasons of the rows where ``mask`` holds."""
    for i in np.flatnonzero(mask):
        reasons[i].append(text)


def check_dates(records: pd.DataFrame, today: date | None = None) -> list[list[str]]:
    """Check the dates of records against their status; return the reasons per row.

    ``records`` needs ``status`` (valid status text) and the four date columns (datetime64).
    Rules: dates never go back in the order planned, planted, checked, removed; a status needs
    its dates (:data:`REQUIRED_DATES`) and has none of the later ones (:data:`LATER_DATES`);
    with ``today``, the dates of events that happened (:data:`EVENT_DATES`) are not after it
    (a planned date may lie in the future).
    """
    reasons = empty_reasons(len(records))
    status = records["status"].to_numpy(dtype=object)
    dates = {f: records[f].to_numpy(dtype="datetime64[ns]") for f in DATE_FIELDS}
    if today is not None:
        limit = np.datetime64(today, "ns")
        for f in EVENT_DATES:
            ahead = ~np.isnat(dates[f]) & (dates[f] > limit)
            for i in np.flatnonzero(ahead):
                reasons[i].append(
                    f"{f} {_day(dates[f][i])} is in the future (today is {today.isoformat()}); "
                    "record an event once it has happened"
                )
    # Each present date must not precede the latest present date before it.
    latest = np.full(len(records), np.datetime64("NaT"), dtype="datetime64[ns]")
    latest_name = np.full(len(records), "", dtype=object)
    for f in DATE_FIELDS:
        d = dates[f]
        before = ~np.isnat(d) & ~np.isnat(latest) & (d < latest)
        for i in np.flatnonzero(before):
            reasons[i].append(
                f"{f} {_day(d[i])} is before {latest_name[i]} {_day(latest[i])} "
                "(dates out of order)"
            )
        later = ~np.isnat(d) & (np.isnat(latest) | (d >= latest))
        latest = np.where(later, d, latest)
        latest_name = np.where(later, f, latest_name)
    for s in Status:
        of_status = status == s.value
        for f in REQUIRED_DATES[s]:
            add_reason(reasons, of_status & np.isnat(dates[f]), f"status {s} needs a {f} date")
        for f in LATER_DATES[s]:
            add_reason(reasons, of_status & ~np.isnat(dates[f]), f"status {s} cannot have {f} yet")
    return reasons


def check_transitions(
    old: Sequence[str] | npt.NDArray[np.object_], new: Sequence[str] | npt.NDArray[np.object_]
) -> list[list[str]]:
    """Return per pair of statuses why an import may not move ``old`` to ``new`` (empty: it may).

    Keeping the status is no move. A move must follow :data:`TRANSITIONS`, possibly in several
    steps (:data:`REACHABLE`): never back, never out of ``verdwenen``. ``set_status`` allows
    single steps only and checks :data:`TRANSITIONS` itself.
    """
    reasons = empty_reasons(len(old))
    order = [s.value for s in Status]
    a = pd.Categorical(np.asarray(old, dtype=object), categories=order).codes
    b = pd.Categorical(np.asarray(new, dtype=object), categories=order).codes
    # One look-up in the table of allowed moves instead of a test per row.
    allowed = np.array([[t in REACHABLE[s] or t == s for t in Status] for s in Status])
    for i in np.flatnonzero(~allowed[a, b]):
        reasons[i].append(transition_reason(Status(old[i]), Status(new[i])))
    return reasons


def transition_reason(old: Status, new: Status) -> str:
    """Explain why ``old -> new`` is not allowed."""
    allowed = ", ".join(sorted(TRANSITIONS[old])) or "none: verdwenen is final"
    return f"status change {old} -> {new} is not allowed (from {old}: {allowed})"


def _day(value: np.datetime64) -> str:
    return str(value)[:10]
