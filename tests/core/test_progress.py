"""Programme progress and forecast on hand-computed register histories."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gbda_core.errors import ConfigError, DataError, InputError
from gbda_core.forecast import decimal_year, forecast, from_decimal_year
from gbda_core.progress import (
    breakdown,
    check_register_frame,
    km_type_codes,
    progress_report,
    realised_km,
    yearly,
)
from gbda_core.register import DEFAULT_PROGRAMME

T = pd.Timestamp
NAT = pd.NaT
END_2023 = dt.date(2023, 12, 31)


def register(rows):
    """A register frame as Register.current() gives it (no geometry needed here)."""
    frame = pd.DataFrame(rows)
    for col in ("planted", "removed", "checked"):
        if col not in frame:
            frame[col] = NAT
        frame[col] = pd.to_datetime(frame[col])
    return frame


def el(km, planted, *, removed=None, status=None, type_="heg", region="r1", collectief="c1"):
    status = status or ("verdwenen" if removed else "aangelegd" if planted else "gepland")
    return {
        "element_type": type_,
        "status": status,
        "planted": T(planted) if planted else NAT,
        "removed": T(removed) if removed else NAT,
        "length_m": km * 1000.0,
        "area_m2": km * 1000.0,  # 1 m wide: ha = km / 10
        "region": region,
        "collectief": collectief,
    }


@pytest.fixture
def history():
    """The issue's example: 10 km in 2021, 20 in 2022, 30 in 2023, 2 km verdwenen in 2023."""
    return register(
        [
            el(8, "2021-05-01", region="noord"),
            el(2, "2021-05-01", removed="2023-06-01", region="noord"),
            el(20, "2022-03-01", type_="houtwal", region="zuid", collectief="c2"),
            el(30, "2023-11-01", region="zuid"),
            el(5, None, region="zuid"),  # gepland: not realised
        ]
    )


def test_realised_pace_needed_and_forecast_by_hand(history):
    report = progress_report(history, at=END_2023)
    # 10 + 20 + 30 - 2 = 58 km realised, 400 - 58 = 342 km to go.
    assert report.realised_km == pytest.approx(58.0)
    assert report.remaining_km == pytest.approx(342.0)
    # Start 1 Jan 2021 (first planting year) to the end of 2023: exactly 3 years -> 58 / 3.
    assert report.start == dt.date(2021, 1, 1)
    assert report.pace_km_per_year == pytest.approx(58 / 3)
    # End of 2023 (2024.0) to the end of 2030-12-31 (2031.0): 7 years -> 342 / 7 = 48.857.
    assert report.needed_km_per_year == pytest.approx(342 / 7)
    # Forecast on the yearly net km 10, 20, 28: mean 58/3 = 19.333, so 342 / 19.333 = 17.690
    # years after 2024.0 = 2041.690; day ceil(0.68966 * 365) = 252 of 2041 = 9 September.
    fc = report.forecast
    assert fc.years_used == [2021, 2022, 2023]
    assert fc.mean_km_per_year == pytest.approx(58 / 3)
    assert fc.date == dt.date(2041, 9, 9)
    # Range: s^2 = ((10-19.333)^2 + (20-19.333)^2 + (28-19.333)^2) / 2 = 162.667 / 2 = 81.333;
    # t(0.95, df 2) = 2.919986 (table). Roots of (k mu - R)^2 = t^2 s^2 (k + k^2 / 3):
    # a = mu^2 - t^2 s^2 / 3 = 373.78 - 231.16 = 142.62, b = -(2 mu R + t^2 s^2) = -13917.5,
    # c = R^2 = 116964 -> k = (13917.5 -/+ 11268.1) / 285.24 = 9.288 and 88.30 years.
    mu, s2, t, n, r = 58 / 3, 244 / 3, 2.9199855803537247, 3, 342.0
    a, b, c = mu * mu - t * t * s2 / n, -(2 * mu * r + t * t * s2), r * r
    k_early = (-b - math.sqrt(b * b - 4 * a * c)) / (2 * a)
    k_late = (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)
    assert k_early == pytest.approx(9.288, abs=1e-3)
    assert k_late == pytest.approx(88.30, abs=1e-2)
    assert fc.earliest == dt.date(2033, 4, 16)  # 2033.288: day ceil(0.2884 * 365) = 106
    assert fc.latest == from_decimal_year(2024.0 + k_late)
    assert fc.latest.year == 2112
    assert report.on_track is False
    assert report.planned_km == pytest.approx(5.0)
    assert report.removed_km == pytest.approx(2.0)
    assert report.realised_ha == pytest.approx(5.8)
    assert report.reasons == {}


def test_json_has_the_issue_keys_with_iso_dates(history):
    payload = json.loads(json.dumps(progress_report(history, at=END_2023).to_dict()))
    for key in (
        "target_km", "realised_km", "remaining_km", "deadline", "pace_km_per_year",
        "needed_km_per_year", "forecast_date",
    ):  # fmt: skip
        assert key in payload
    assert payload["deadline"] == "2030-12-31"
    assert payload["forecast_date"] == "2041-09-09"
    assert dt.date.fromisoformat(payload["forecast_earliest"]) < dt.date(2041, 9, 9)
    assert payload["target_km"] == 400.0


def test_realised_at_earlier_dates_follow_the_history(history):
    frame = check_register_frame(history)
    assert realised_km(frame, dt.date(2021, 4, 30)) == 0.0
    assert realised_km(frame, dt.date(2021, 5, 1)) == pytest.approx(10.0)
    assert realised_km(frame, dt.date(2023, 5, 31)) == pytest.approx(30.0)
    assert realised_km(frame, dt.date(2023, 6, 1)) == pytest.approx(28.0)  # 2 km verdwenen


def test_cumulative_curve_by_hand(history):
    table = yearly(check_register_frame(history), END_2023)
    assert table["year"].tolist() == [2021, 2022, 2023]
    assert table["planted_km"].tolist() == pytest.approx([10, 20, 30])
    assert table["removed_km"].tolist() == pytest.approx([0, 0, 2])
    assert table["cumulative_km"].tolist() == pytest.approx([10, 30, 58])
    assert table["complete"].all()


@pytest.mark.parametrize("by", ["region", "collectief", "type", "status"])
def test_breakdowns_sum_to_the_total(history, by):
    frame = check_register_frame(history)
    table = breakdown(frame, by, END_2023)
    assert table["realised_km"].sum() == pytest.approx(58.0)
    assert table["planned_km"].sum() == pytest.approx(5.0)
    assert table["removed_km"].sum() == pytest.approx(2.0)


def test_breakdown_groups_by_hand(history):
    frame = check_register_frame(history)
    region = breakdown(frame, "region", END_2023).set_index("region")
    assert region.loc["noord", "realised_km"] == pytest.approx(8.0)  # 10 - 2 verdwenen
    assert region.loc["zuid", "realised_km"] == pytest.approx(50.0)
    kind = breakdown(frame, "type", END_2023).set_index("element_type")
    assert kind.loc["houtwal", "realised_km"] == pytest.approx(20.0)
    status = breakdown(frame, "status", END_2023).set_index("status")
    assert status.loc["aangelegd", "realised_km"] == pytest.approx(58.0)
    assert status.loc["verdwenen", "removed_km"] == pytest.approx(2.0)
    assert status.loc["gepland", "planned_km"] == pytest.approx(5.0)


def test_checked_elements_show_as_gecontroleerd():
    frame = register([{**el(4, "2022-01-10", status="gecontroleerd"), "checked": T("2022-06-01")}])
    status = breakdown(check_register_frame(frame), "status", END_2023).set_index("status")
    assert status.loc["gecontroleerd", "realised_km"] == pytest.approx(4.0)


def test_too_little_history_gives_no_forecast_with_a_reason():
    frame = register([el(10, "2022-04-01"), el(12, "2023-04-01")])
    report = progress_report(frame, at=END_2023)
    assert report.forecast.date is None
    assert report.to_dict()["forecast_date"] is None
    reason = report.reasons["forecast_date"]
    assert "too little history" in reason and "2 whole years" in reason and "3 needed" in reason
    # The pace so far is still known: 22 km in 2 years.
    assert report.pace_km_per_year == pytest.approx(11.0)


def test_the_current_year_is_not_a_whole_year():
    frame = register([el(10, "2021-04-01"), el(10, "2022-04-01"), el(10, "2023-04-01")])
    report = progress_report(frame, at=dt.date(2023, 6, 30))
    assert report.forecast.date is None
    assert report.forecast.years_used == [2021, 2022]


def test_target_reached_gives_the_day_it_was_reached(history):
    report = progress_report(history, at=END_2023, target_km=50)
    # 10 (2021) + 20 (2022) - 2 (June 2023) = 28; the 30 km of 1 Nov 2023 pass 50.
    assert report.remaining_km == 0
    assert report.needed_km_per_year == 0
    assert report.forecast.date == dt.date(2023, 11, 1)
    assert report.on_track is True
    assert "reached on 2023-11-01" in report.reasons["forecast_date"]


def test_zero_net_pace_is_never_reached():
    frame = register(
        [el(10, "2021-04-01", removed="2022-05-01"), el(3, "2023-02-01", removed="2023-09-01")]
    )
    report = progress_report(frame, at=END_2023)
    # Net per year: +10, -10, 0 -> mean 0.
    assert report.forecast.date is None
    assert "never reached" in report.reasons["forecast_date"]
    assert report.realised_km == 0.0
    assert report.on_track is None


def test_deadline_passed_gives_no_needed_pace(history):
    report = progress_report(history, at=END_2023, deadline=dt.date(2023, 1, 1))
    assert report.needed_km_per_year is None
    assert "has passed" in report.reasons["needed_km_per_year"]


def test_nothing_planted():
    report = progress_report(register([el(5, None)]), at=END_2023)
    assert report.realised_km == 0
    assert report.pace_km_per_year is None
    assert report.reasons["pace_km_per_year"] == "nothing planted yet"
    assert report.forecast.date is None


def test_only_linear_types_count_km():
    assert {"heg", "houtwal", "sloot"} <= km_type_codes()
    assert not {"poel", "bosje", "solitaire_boom"} & km_type_codes()
    frame = register([el(1, "2022-01-01"), el(0.05, "2022-01-01", type_="poel")])
    report = progress_report(frame, at=END_2023)
    assert report.realised_km == pytest.approx(1.0)
    assert report.realised_ha == pytest.approx(0.105)  # the poel's area still counts
    everything = progress_report(frame, at=END_2023, km_types=["heg", "poel"])
    assert everything.realised_km == pytest.approx(1.05)


def test_inconsistent_dates_are_reported_and_not_counted():
    frame = register(
        [
            el(1, "2022-01-01"),
            {**el(2, None), "status": "aangelegd"},  # no planting date
            {**el(3, "2022-01-01"), "status": "verdwenen"},  # no removal date
            el(4, "2022-05-01", removed="2022-01-01"),  # removed before planted
        ]
    )
    report = progress_report(frame, at=END_2023)
    assert report.realised_km == pytest.approx(1.0)
    kinds = {p.kind: p.rows for p in report.problems}
    assert kinds == {
        "planted_missing": (1,),
        "removed_missing": (2,),
        "removed_before_planted": (3,),
    }


def test_bad_register_frames_are_refused():
    with pytest.raises(InputError, match="no column 'length_m'"):
        progress_report(register([el(1, "2022-01-01")]).drop(columns="length_m"))
    bad = register([el(1, "2022-01-01"), {**el(1, "2022-01-01"), "status": "klaar"}])
    with pytest.raises(DataError, match="row 1: unknown status 'klaar'"):
        progress_report(bad)
    with pytest.raises(ConfigError):
        progress_report(register([el(1, "2022-01-01")]), target_km=0)
    with pytest.raises(ConfigError, match="break down by"):
        breakdown(check_register_frame(register([el(1, "2022-01-01")])), "farm", END_2023)


@pytest.mark.parametrize(
    ("window", "message"),
    [
        (0, "window must be a whole number of years >= 1, not 0"),
        (-3, "window must be a whole number of years >= 1, not -3"),
        (2.5, "window must be a whole number of years >= 1, not 2.5"),
        (2, "a forecast window of 2 years is shorter than the 3 whole years a forecast needs"),
    ],
)
def test_a_window_that_can_give_no_forecast_is_refused(history, window, message):
    with pytest.raises(ConfigError, match=message):
        progress_report(history, at=END_2023, window=window)
    with pytest.raises(ConfigError, match=message):
        forecast(yearly(check_register_frame(history), END_2023), 342.0, END_2023, window=window)
    assert progress_report(history, at=END_2023, window=3).forecast.years_used == [2021, 2022, 2023]


def test_one_programme_counts_by_default(history):
    mixed = history.assign(programme=DEFAULT_PROGRAMME)
    other = register([el(500, "2022-02-01")]).assign(programme="Boeren voor Natuur")
    mixed = pd.concat([mixed, other], ignore_index=True)
    report = progress_report(mixed, at=END_2023)
    assert report.realised_km == pytest.approx(58.0)  # the 500 km of the other programme not
    assert (report.programme, report.programmes) == ("400 km", ["400 km"])
    everything = progress_report(mixed, at=END_2023, programme=None)
    assert everything.realised_km == pytest.approx(558.0)
    assert everything.to_dict()["programme"] == "all"
    assert everything.to_dict()["programmes"] == ["400 km", "Boeren voor Natuur"]
    none = progress_report(mixed, at=END_2023, programme="Deltaplan")
    assert none.realised_km == 0
    assert none.reasons["programme"] == (
        "no element of programme 'Deltaplan'; the register has: 400 km, Boeren voor Natuur "
        "(choose one, or 'all')"
    )
    # A hand-built frame without programmes counts whole.
    assert progress_report(history, at=END_2023).realised_km == pytest.approx(58.0)


@pytest.mark.parametrize(
    ("day", "value"),
    [
        (dt.date(2023, 12, 31), 2024.0),
        (dt.date(2024, 12, 31), 2025.0),
        (dt.date(2024, 1, 1), 2024 + 1 / 366),
        (dt.date(2023, 7, 2), 2023 + 183 / 365),
    ],
)
def test_decimal_years(day, value):
    assert decimal_year(day) == pytest.approx(value)
    assert from_decimal_year(decimal_year(day)) == day
    assert from_decimal_year(decimal_year(day) - 0.5 / 366) == day


days = st.integers(0, 365 * 6).map(lambda d: T("2019-01-01") + pd.Timedelta(days=d))


@st.composite
def histories(draw, removals=True):
    n = draw(st.integers(1, 25))
    rows = []
    for _ in range(n):
        planted = draw(st.one_of(st.none(), days))
        removed = None
        if removals and planted is not None and draw(st.booleans()):
            removed = planted + pd.Timedelta(days=draw(st.integers(0, 900)))
        row = el(
            draw(st.floats(0.001, 30)),
            planted,
            removed=removed,
            type_=draw(st.sampled_from(["heg", "houtwal", "poel"])),
            region=draw(st.sampled_from(["a", "b", "c"])),
            collectief=draw(st.sampled_from(["x", "y"])),
        )
        if planted is not None and draw(st.booleans()):
            row["status"] = "gecontroleerd" if removed is None else row["status"]
        rows.append(row)
    return register(rows)


@settings(max_examples=60, deadline=None)
@given(histories(removals=False), st.sampled_from([dt.date(2022, 6, 30), END_2023]))
def test_cumulative_curve_never_falls_without_removals(frame, at):
    table = yearly(check_register_frame(frame), at)
    assert (np.diff(table["cumulative_km"].to_numpy(dtype=float)) >= -1e-9).all()


@settings(max_examples=60, deadline=None)
@given(histories(), st.sampled_from([dt.date(2021, 3, 1), END_2023, dt.date(2026, 1, 1)]))
def test_breakdowns_and_curve_agree_with_realised_km(frame, at):
    checked = check_register_frame(frame)
    total = realised_km(checked, at)
    for by in ("region", "collectief", "type", "status"):
        assert breakdown(checked, by, at)["realised_km"].sum() == pytest.approx(total, abs=1e-9)
    table = yearly(checked, at)
    if len(table):
        assert table["cumulative_km"].iloc[-1] == pytest.approx(total, abs=1e-9)
        for year, cumulative in zip(table["year"], table["cumulative_km"], strict=True):
            end = min(dt.date(int(year), 12, 31), at)
            assert cumulative == pytest.approx(realised_km(checked, end), abs=1e-9)
    report = progress_report(frame, at=at)
    assert report.realised_km == pytest.approx(total)
    assert report.remaining_km == pytest.approx(max(0.0, 400 - total))
    fc = report.forecast
    if fc.date is not None and fc.latest is not None:
        assert fc.earliest <= fc.date <= fc.latest
