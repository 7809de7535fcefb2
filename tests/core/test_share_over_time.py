"""GBDA share over time: baseline plus register elements realised by each date."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from gbda_core.errors import InputError
from gbda_core.share import compute_share
from gbda_core.share_over_time import COLUMNS, default_dates, share_over_time
from gbda_core.targets import Targets

T = pd.Timestamp
END_2023 = dt.date(2023, 12, 31)


@pytest.fixture
def areas():
    # Two areas of 100 ha each (1 km x 1 km).
    return gpd.GeoDataFrame(
        {"code": ["west", "oost"]},
        geometry=[shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)],
        crs=28992,
    )


@pytest.fixture
def baseline():
    # 1 ha poel in west, a 200 m heg (1 m wide: 0.02 ha) in oost.
    return gpd.GeoDataFrame(
        {"element_type": ["poel", "heg"]},
        geometry=[shapely.box(0, 0, 100, 100), shapely.LineString([(1100, 500), (1300, 500)])],
        crs=28992,
    )


@pytest.fixture
def register():
    rows = [
        # 1 ha in west, planted 2021.
        ("poel", "aangelegd", "2021-03-01", None, shapely.box(200, 0, 300, 100)),
        # 2 ha in west, planted 2022, verdwenen 2023.
        ("poel", "verdwenen", "2022-03-01", "2023-05-01", shapely.box(400, 0, 600, 100)),
        # Half on the baseline poel: only 0.5 ha new (overlaps count once), planted 2023.
        ("poel", "aangelegd", "2023-02-01", None, shapely.box(50, 0, 150, 100)),
        # 500 m houtwal in oost (5 m wide: 0.25 ha), planted 2022.
        (
            "houtwal",
            "aangelegd",
            "2022-09-01",
            None,
            shapely.LineString([(1100, 200), (1600, 200)]),
        ),
        # Planned only: never counts.
        ("poel", "gepland", None, None, shapely.box(700, 700, 800, 800)),
    ]
    return gpd.GeoDataFrame(
        {
            "element_type": [r[0] for r in rows],
            "status": [r[1] for r in rows],
            "planted": pd.to_datetime([r[2] for r in rows]),
            "removed": pd.to_datetime([r[3] for r in rows]),
            "length_m": [0.0] * len(rows),
        },
        geometry=[r[4] for r in rows],
        crs=28992,
    )


def test_share_at_each_year_end_by_hand(areas, baseline, register):
    result = share_over_time(areas, baseline, register, id_field="code", at=END_2023)
    table = result.table
    assert list(table.columns) == list(COLUMNS)
    west = table[table["area_id"] == "west"]
    assert [d.isoformat() for d in west["date"]] == [
        "2020-12-31", "2021-12-31", "2022-12-31", "2023-12-31",
    ]  # fmt: skip
    # west: 1 ha baseline; +1 ha (2021); +2 ha (2022); -2 ha verdwenen and +0.5 ha (2023).
    assert west["element_ha"].tolist() == pytest.approx([1.0, 2.0, 4.0, 2.5])
    assert west["share_pct"].tolist() == pytest.approx([1.0, 2.0, 4.0, 2.5])
    assert west["added_ha"].tolist() == pytest.approx([0.0, 1.0, 3.0, 1.5])
    # 5 % of 100 ha = 5 ha: the gap to 2030 is 5 - element_ha.
    assert west["gap_2030_ha"].tolist() == pytest.approx([4.0, 3.0, 1.0, 2.5])
    oost = table[table["area_id"] == "oost"]
    # oost: 0.02 ha heg; the houtwal adds 500 m x 5 m = 0.25 ha from 2022.
    assert oost["element_ha"].tolist() == pytest.approx([0.02, 0.02, 0.27, 0.27])
    assert table["register_elements"].tolist()[:4] == [0, 1, 3, 3]


def test_each_date_equals_compute_share_on_the_same_elements(areas, baseline, register):
    result = share_over_time(
        areas, baseline, register, id_field="code", dates=[dt.date(2022, 12, 31)]
    )
    realised = register.iloc[[0, 1, 3]][["element_type", "geometry"]]
    direct = compute_share(areas, [baseline, realised], id_field="code").areas
    got = result.table.set_index("area_id")
    for row in direct.itertuples():
        assert got.loc[row.area_id, "element_ha"] == pytest.approx(row.element_ha)
        assert got.loc[row.area_id, "share_pct"] == pytest.approx(row.share_pct)


def test_gap_reading_is_anchored_at_the_first_date(areas, baseline, register):
    targets = Targets(reading_2030="gap")
    result = share_over_time(
        areas, baseline, register, id_field="code", at=END_2023, targets=targets
    )
    west = result.table[result.table["area_id"] == "west"]
    # First share 1 %: target 1 + 0.5 x (10 - 1) = 5.5 % at every date.
    assert west["target_2030_pct"].tolist() == pytest.approx([5.5] * 4)
    assert west["gap_2030_ha"].tolist() == pytest.approx([4.5, 3.5, 1.5, 3.0])


def test_default_dates():
    frame = pd.DataFrame({"planted": pd.to_datetime(["2022-05-01", None, "2030-01-01"])})
    assert default_dates(frame, dt.date(2024, 3, 1)) == [
        dt.date(2021, 12, 31), dt.date(2022, 12, 31), dt.date(2023, 12, 31), dt.date(2024, 3, 1),
    ]  # fmt: skip
    assert default_dates(frame, dt.date(2023, 12, 31))[-2:] == [
        dt.date(2022, 12, 31), dt.date(2023, 12, 31),
    ]  # fmt: skip


def test_register_without_crs_or_geometry_is_refused(areas, baseline, register):
    with pytest.raises(InputError, match="no CRS"):
        share_over_time(areas, baseline, register.set_crs(None, allow_override=True),
                        id_field="code", at=END_2023)  # fmt: skip
    with pytest.raises(InputError, match="no geometry"):
        share_over_time(areas, baseline, pd.DataFrame(register.drop(columns="geometry")),
                        id_field="code", at=END_2023)  # fmt: skip
