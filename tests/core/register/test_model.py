"""Record rules (statuses, transitions, dates, moments) and measures, by hand and by property."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gbda_core.errors import ConfigError
from gbda_core.register.measure import import_keys, measure, strip_length
from gbda_core.register.model import (
    REACHABLE,
    TRANSITIONS,
    Status,
    check_dates,
    check_transitions,
    moment,
    parse_dates,
)
from gbda_core.vocabulary import load_vocabulary

VOCABULARY = load_vocabulary()


def test_the_transition_graph():
    assert TRANSITIONS[Status.GEPLAND] == {Status.AANGELEGD, Status.VERDWENEN}
    assert REACHABLE[Status.GEPLAND] == {
        Status.AANGELEGD,
        Status.GECONTROLEERD,
        Status.VERDWENEN,
    }
    assert REACHABLE[Status.VERDWENEN] == frozenset()
    assert all(Status.GEPLAND not in targets for targets in REACHABLE.values())
    reasons = check_transitions(
        ["gepland", "aangelegd", "verdwenen", "gecontroleerd"],
        ["gecontroleerd", "aangelegd", "gepland", "verdwenen"],
    )
    assert [bool(r) for r in reasons] == [False, False, True, False]
    assert reasons[2] == [
        "status change verdwenen -> gepland is not allowed "
        "(from verdwenen: none: verdwenen is final)"
    ]


def records(**columns):
    frame = pd.DataFrame(columns)
    for name in ("planned", "planted", "checked", "removed"):
        frame[name] = pd.to_datetime(frame.get(name, pd.Series([None] * len(frame))))
    return frame


def test_check_dates_by_hand():
    frame = records(
        status=["gepland", "aangelegd", "aangelegd", "gecontroleerd", "verdwenen", "gepland"],
        planned=["2024-01-01", "2024-01-01", "2024-03-01", None, "2024-05-01", None],
        planted=[None, "2024-02-01", "2024-02-01", "2024-02-01", None, "2024-02-01"],
        checked=[None, None, None, "2024-01-15", "2024-06-01", None],
        removed=[None, None, None, None, "2024-05-15", None],
    )
    assert check_dates(frame) == [
        [],
        [],
        ["planted 2024-02-01 is before planned 2024-03-01 (dates out of order)"],
        ["checked 2024-01-15 is before planted 2024-02-01 (dates out of order)"],
        ["removed 2024-05-15 is before checked 2024-06-01 (dates out of order)"],
        ["status gepland cannot have planted yet"],
    ]
    missing = records(status=["aangelegd", "gecontroleerd", "verdwenen"])
    assert check_dates(missing) == [
        ["status aangelegd needs a planted date"],
        ["status gecontroleerd needs a planted date", "status gecontroleerd needs a checked date"],
        ["status verdwenen needs a removed date"],
    ]


def test_parse_dates_accepts_iso_dutch_and_date_objects():
    values = pd.Series(
        ["2024-03-01", " 01-04-2024 ", date(2024, 5, 2), datetime(2024, 6, 3, 15, 30), None, "",
         "2024-13-01", "31-02-2024", "gisteren", "2024-07-04T10:00:00"],
        dtype=object,
    )  # fmt: skip
    parsed, bad = parse_dates(values)
    assert [None if pd.isna(v) else str(v.date()) for v in parsed] == [
        "2024-03-01", "2024-04-01", "2024-05-02", "2024-06-03", None, None, None, None, None,
        "2024-07-04",
    ]  # fmt: skip
    assert bad.tolist() == [False] * 6 + [True] * 3 + [False]
    typed, bad = parse_dates(pd.Series(pd.to_datetime(["2024-01-02 13:00", None])))
    assert typed.tolist()[0] == pd.Timestamp("2024-01-02") and pd.isna(typed.iloc[1])
    assert not bad.any()


def test_a_date_means_the_end_of_that_dutch_day():
    # Summer time (UTC+2) and winter time (UTC+1).
    assert moment(date(2024, 7, 1)) == datetime(2024, 7, 1, 21, 59, 59, 999000, tzinfo=UTC)
    assert moment("2024-01-15") == datetime(2024, 1, 15, 22, 59, 59, 999000, tzinfo=UTC)
    assert moment("2024-01-15T08:00") == datetime(2024, 1, 15, 7, 0, tzinfo=UTC)
    aware = datetime(2024, 1, 15, 8, 0, tzinfo=UTC)
    assert moment(aware) == aware
    with pytest.raises(ConfigError, match="'gisteren' is not a date or time"):
        moment("gisteren")


def test_measures_by_hand():
    geoms = np.array(
        [
            shapely.box(0, 0, 100, 2),  # a 100 m x 2 m strip
            shapely.Polygon([(0, 0), (50, 0), (50, 2), (2, 2), (2, 50), (0, 50)]),  # L, 49 + 49
            shapely.box(0, 0, 104, 104).difference(shapely.box(2, 2, 102, 102)),  # ring
            shapely.Point(0, 0).buffer(10, quad_segs=64),  # a round poel: P / 4
            shapely.MultiPolygon([shapely.box(0, 0, 30, 1), shapely.box(0, 5, 20, 6)]),
            shapely.LineString([(0, 0), (30, 40)]),  # 50 m
            shapely.MultiPoint([(0, 0), (1, 1)]),
        ],
        dtype=object,
    )
    types = ["houtwal", "houtwal", "heg", "poel", "ruigte", "struweelhaag", "knotboom"]
    length, area = measure(geoms, types, VOCABULARY)
    ring = (816 + math.sqrt(816**2 - 16 * 816)) / 4  # A = P = 816 m, close to the 408 m centre
    circle = shapely.length(geoms[3]) / 4
    assert length.tolist() == pytest.approx([100.0, 98.0, ring, circle, 50.0, 50.0, 0.0])
    assert ring == pytest.approx(405.990, abs=0.001)
    assert area.tolist() == pytest.approx(
        [200.0, 196.0, 816.0, shapely.area(geoms[3]), 50.0, 50.0 * 2.0, 2 * 20.0]
    )


@settings(max_examples=100, deadline=None)
@given(
    length=st.floats(1, 2000),
    width=st.floats(0.2, 30),
    angle=st.floats(0, 2 * math.pi),
    x=st.floats(-1e5, 3e5),
    y=st.floats(3e5, 6e5),
)
def test_a_rotated_rectangle_measures_its_long_side(length, width, angle, x, y):
    long, short = max(length, width), min(length, width)
    rect = shapely.affinity.rotate(
        shapely.box(x, y, x + long, y + short), angle, origin=(x, y), use_radians=True
    )
    assert strip_length(np.array([rect]))[0] == pytest.approx(long, rel=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    width=st.floats(0.5, 6),
    segments=st.lists(
        st.tuples(st.floats(3, 20), st.floats(-math.pi / 3, math.pi / 3)), min_size=1, max_size=5
    ),
)
def test_a_bent_strip_measures_its_centre_line(width, segments):
    # A hedge drawn as a polygon: a centre line with turns up to 60 degrees, buffered with flat
    # ends and mitred corners; its length is the centre line's. The heading stays within 60
    # degrees of the first, so the line never folds back over its own strip (a hedge does not).
    points, heading, x, y = [(0.0, 0.0)], 0.0, 0.0, 0.0
    for factor, turn in segments:
        heading = min(max(heading + turn, -math.pi / 3), math.pi / 3)
        x, y = x + factor * width * math.cos(heading), y + factor * width * math.sin(heading)
        points.append((x, y))
    line = shapely.LineString(points)
    strip = shapely.buffer(line, width / 2, cap_style="flat", join_style="mitre", mitre_limit=10)
    assert strip_length(np.array([strip]))[0] == pytest.approx(line.length, rel=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)), min_size=2, max_size=6,
             unique=True),
    st.lists(st.floats(-0.0049, 0.0049), min_size=12, max_size=12),
)  # fmt: skip
def test_the_import_key_ignores_direction_and_millimetres(corners, noise):
    line = shapely.LineString(corners)
    nudged = shapely.LineString(
        [(x + noise[2 * i], y + noise[2 * i + 1]) for i, (x, y) in enumerate(corners[::-1])]
    )
    keys = import_keys(np.array([line, nudged, line], dtype=object), ["heg", "heg", "bomenrij"])
    assert keys[0] == keys[1]
    assert keys[0] != keys[2]
    assert len(keys[0]) == 64


def test_the_import_key_ignores_the_start_of_a_ring():
    ring = [(0, 0), (10, 0), (10, 5), (0, 5), (0, 0)]
    shifted = [*ring[2:-1], *ring[:3]]
    keys = import_keys(
        np.array([shapely.Polygon(ring), shapely.Polygon(shifted)], dtype=object), ["poel"] * 2
    )
    assert keys[0] == keys[1]
