"""Forecast when a km target is reached, from the net km realised in recent whole years.

Time is measured in decimal years at the *end* of a day: the end of 31 December 2023 is 2024.0,
so a programme that started on 1 January 2021 has run exactly 3 years by then.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from numbers import Integral

import pandas as pd
from scipy import stats

from gbda_core.errors import ConfigError

#: Whole calendar years the forecast looks back on (assumption: long enough to average out a
#: wet planting season, short enough to follow a change of pace).
DEFAULT_WINDOW = 5
#: Fewer whole years than this give no forecast: with 2 the t-quantile (df = 1) is 6.3 for 90 %,
#: so the range would be meaningless.
MIN_YEARS = 3
#: Two-sided level of the forecast range.
DEFAULT_LEVEL = 0.9
#: Forecasts beyond this year are reported as never (dates end in 9999).
LAST_YEAR = 9000


@dataclass
class Forecast:
    """When the target is reached at the recent pace, with a range; None and a reason if not."""

    date: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None
    reason: str | None
    years_used: list[int] = field(default_factory=list)
    mean_km_per_year: float | None = None
    sd_km_per_year: float | None = None


def check_window(window: int, min_years: int = MIN_YEARS) -> None:
    """Refuse forecast settings that can never give a forecast (before any work).

    Raises
    ------
    ConfigError
        When ``window`` is not a whole number of years >= 1, ``min_years`` is below 2 (a
        spread needs two years) or ``window`` is shorter than ``min_years``.
    """
    for name, value, least in (("window", window, 1), ("min_years", min_years, 2)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < least:
            raise ConfigError(
                f"the forecast {name} must be a whole number of years >= {least}, not {value!r}",
                hint=f"e.g. {DEFAULT_WINDOW}" if name == "window" else f"e.g. {MIN_YEARS}",
            )
    if window < min_years:
        raise ConfigError(
            f"a forecast window of {window} year{'s' if window != 1 else ''} is shorter than "
            f"the {min_years} whole years a forecast needs",
            hint=f"use a window of {min_years} years or more",
        )


def decimal_year(day: dt.date) -> float:
    """Return the end of ``day`` as a decimal year (end of 31 Dec 2023 = 2024.0)."""
    length = (dt.date(day.year + 1, 1, 1) - dt.date(day.year, 1, 1)).days
    return day.year + day.timetuple().tm_yday / length


def from_decimal_year(value: float) -> dt.date:
    """Return the day at whose end (or during which) the decimal year ``value`` falls.

    The inverse of :func:`decimal_year`: ``from_decimal_year(2024.0)`` is 31 Dec 2023.
    """
    year = math.floor(value)
    length = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    day_of_year = math.ceil((value - year) * length - 1e-9)  # the end of day n is n / length
    return dt.date(year, 1, 1) + dt.timedelta(days=day_of_year - 1)


def forecast(
    table: pd.DataFrame,
    remaining: float,
    at: dt.date,
    *,
    window: int = DEFAULT_WINDOW,
    min_years: int = MIN_YEARS,
    level: float = DEFAULT_LEVEL,
) -> Forecast:
    r"""Forecast the date the remaining km are realised, from yearly net increments.

    The net km of the last ``window`` whole years (``x_1..x_n``, the ``net_km`` of
    :func:`gbda_core.progress.yearly`) are
    taken as independent draws around a constant pace: mean :math:`\mu`, sample standard
    deviation :math:`s`. The km realised in the next :math:`k` years are then
    :math:`k\mu \pm t\,s\sqrt{k + k^2/n}` (a prediction interval: year-to-year variation plus
    the uncertainty of the mean; :math:`t` the Student quantile at ``level``, df = n - 1).

    - central: :math:`k = R/\mu` for remaining km :math:`R`;
    - earliest / latest: the roots of :math:`(k\mu - R)^2 = t^2 s^2 (k + k^2/n)`; the latest is
      None when the lower bound of the pace is not above 0 (it may never be reached).

    Increments rather than an OLS line through the cumulative curve: the cumulative points share
    all earlier years, so OLS would treat dependent points as independent and give too narrow a
    range, while the increments are the quantity that actually varies from year to year.

    Raises
    ------
    ConfigError
        On a ``window`` or ``min_years`` that can give no forecast (:func:`check_window`).
    """
    check_window(window, min_years)
    done = table[table["complete"]] if len(table) else table
    years = [int(y) for y in done["year"].to_numpy()[-window:]] if len(done) else []
    if len(years) < min_years:
        have = f"{len(years)} whole year{'s' if len(years) != 1 else ''}"
        return Forecast(
            None,
            None,
            None,
            f"too little history to forecast: {have} of plantings "
            f"({', '.join(map(str, years)) or 'none'}); at least {min_years} needed",
            years,
        )
    x = done["net_km"].to_numpy(dtype=float)[-window:]
    n, mu, sd = len(x), float(x.mean()), float(x.std(ddof=1))
    if mu <= 0:
        return Forecast(
            None,
            None,
            None,
            f"net pace over {years[0]}-{years[-1]} is {mu:.2f} km per year: "
            "at that pace the target is never reached",
            years,
            mu,
            sd,
        )
    start = decimal_year(at)
    if start + remaining / mu >= LAST_YEAR:
        return Forecast(
            None,
            None,
            None,
            f"net pace over {years[0]}-{years[-1]} is {mu:.3g} km per year: "
            f"the target would not be reached before {LAST_YEAR}",
            years,
            mu,
            sd,
        )
    t = float(stats.t.ppf((1 + level) / 2, n - 1))
    central = from_decimal_year(start + remaining / mu)
    a = mu * mu - t * t * sd * sd / n
    b = -(2 * mu * remaining + t * t * sd * sd)
    c = remaining * remaining
    disc = math.sqrt(max(b * b - 4 * a * c, 0.0))
    earliest_k = 2 * c / (-b + disc)  # the small root, in the form that is stable for any a
    # a <= 0: the lower bound of the pace is not above 0, so the target may never be reached.
    latest_k = (-b + disc) / (2 * a) if a > 0 else None
    if latest_k is not None and start + latest_k >= LAST_YEAR:
        latest_k = None  # beyond any calendar: as good as never
    return Forecast(
        central,
        from_decimal_year(start + earliest_k),
        None if latest_k is None else from_decimal_year(start + latest_k),
        None,
        years,
        mu,
        sd,
    )
