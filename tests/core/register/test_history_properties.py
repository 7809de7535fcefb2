"""Property: after any sequence of changes, the history rebuilds every state the register had."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import geopandas as gpd
import pandas as pd
import psycopg
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbda_core.errors import DataError
from gbda_core.register import open_register

STATUSES = ["aangelegd", "gecontroleerd", "verdwenen"]

change = st.one_of(
    st.tuples(st.just("status"), st.integers(0, 2), st.sampled_from(STATUSES), st.integers(0, 400)),
    st.tuples(st.just("note"), st.integers(0, 2), st.text("abc ", max_size=5), st.integers(0, 1)),
    st.tuples(st.just("move"), st.integers(0, 2), st.floats(1, 500), st.integers(0, 1)),
)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=7)
        return self.now


@pytest.mark.parametrize("kind", ["gpkg", "postgis"])
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.lists(change, min_size=1, max_size=10))
def test_current_at_each_past_moment_equals_the_state_then(
    kind, changes, pg_cluster, tmp_path_factory
):
    clock = Clock()
    schema = f"p_{uuid.uuid4().hex[:12]}"
    store = (
        tmp_path_factory.mktemp("history") / "register.gpkg"
        if kind == "gpkg"
        else pg_cluster.conninfo
    )
    reg = open_register(store, clock=clock, **({"schema": schema} if kind == "postgis" else {}))
    try:
        reg.init()
        plan = gpd.GeoDataFrame(
            {"element_type": ["heg", "houtwal", "poel"], "planned": ["2024-01-01"] * 3},
            geometry=[
                shapely.LineString([(0, 0), (50, 0)]),
                shapely.box(0, 10, 40, 14),
                shapely.Point(5, 30),
            ],
            crs=28992,
        )
        ids = reg.import_layer(plan).added
        snapshots = [(clock.now, reg.current())]
        for what, which, value, extra in changes:
            element = ids[which]
            try:
                if what == "status":
                    day = (pd.Timestamp("2024-01-01") + pd.Timedelta(days=extra)).date()
                    reg.set_status(element, value, day)
                elif what == "note":
                    reg.update(element, note=value or None, region=["Utrecht", None][extra])
                else:
                    reg.update(element, geometry=shapely.LineString([(0, 0), (value, extra)]))
            except DataError:
                continue  # a refused change changes nothing
            snapshots.append((clock.now, reg.current()))

        for moment, expected in snapshots:
            pd.testing.assert_frame_equal(
                pd.DataFrame(reg.current(at=moment)), pd.DataFrame(expected)
            )
        before = reg.current(at=datetime(2023, 12, 31, tzinfo=UTC))
        assert len(before) == 0
        log = reg.history()
        per_element = log.groupby("element_id")["version"].agg(list)
        assert all(v == list(range(1, len(v) + 1)) for v in per_element)
        state = reg.current().set_index("id")
        assert (state["version"] == per_element.map(len).reindex(state.index)).all()
    finally:
        reg.close()
        if kind == "postgis":
            with psycopg.connect(pg_cluster.conninfo, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
