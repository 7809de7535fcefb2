"""One suite, run on both stores (GeoPackage and PostGIS): same calls, same answers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from gbda_core.errors import ConfigError, DataError, InputError
from gbda_core.progress import progress_report
from gbda_core.register import SCHEMA_VERSION, ConflictError, ImportAborted

CURRENT = [
    "id", "element_type", "status", "planned", "planted", "checked", "removed", "programme",
    "region", "collectief", "funding", "note", "length_m", "area_m2", "version", "geometry",
]  # fmt: skip
HISTORY = [
    "element_id", "version", "changed_at", "changed_by", "action", "changed", "element_type",
    "status", "planned", "planted", "checked", "removed", "programme", "region", "collectief",
    "funding", "note", "length_m", "area_m2",
]  # fmt: skip


def at(day: int, hour: int = 12, month: int = 3) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=UTC)


def test_init_twice_is_harmless_and_an_empty_register_has_the_contract_columns(store):
    assert store.init() == SCHEMA_VERSION
    assert store.init() == SCHEMA_VERSION
    assert store.schema_version() == SCHEMA_VERSION
    empty = store.current()
    assert list(empty.columns) == CURRENT
    assert len(empty) == 0
    assert empty.crs.to_epsg() == 28992
    assert str(empty["planned"].dtype) == "datetime64[ns]"
    assert list(store.history().columns) == HISTORY
    past = store.current(at="2000-01-01")
    assert list(past.columns) == CURRENT and past.crs.to_epsg() == 28992
    assert past.dtypes.to_dict() == empty.dtypes.to_dict()


def test_operations_before_init_say_how_to_create_the_register(open_store):
    reg = open_store()
    with pytest.raises(InputError, match=r"no register here.*gbda register init"):
        reg.current()


def test_import_adds_rows_and_a_second_import_adds_nothing(store, hedges_gpkg):
    report = store.import_layer(hedges_gpkg, user="anna")
    assert (len(report.added), len(report.updated), report.rejected) == (3, 0, [])
    state = store.current()
    assert len(state) == 3
    # A heg is 1 m wide in the vocabulary: 100 m of hedge is 100 m².
    assert state["length_m"].tolist() == pytest.approx([100.0] * 3)
    assert state["area_m2"].tolist() == pytest.approx([100.0] * 3)
    assert set(state["status"]) == {"gepland"}
    assert set(state["programme"]) == {"400 km"}
    assert set(state["planned"]) == {pd.Timestamp("2024-01-10")}
    assert state["planted"].isna().all()
    assert set(state["id"]) == set(report.added)
    assert (state["version"] == 1).all()
    # The contract the progress code relies on.
    assert list(state.columns) == CURRENT and state.crs.to_epsg() == 28992
    dates = ["planned", "planted", "checked", "removed"]
    assert {str(state[c].dtype) for c in dates} == {"datetime64[ns]"}
    assert str(state["version"].dtype) == "int64"
    assert str(state["length_m"].dtype) == str(state["area_m2"].dtype) == "float64"
    assert all(isinstance(i, str) and len(i) == 36 for i in state["id"])
    assert str(store.history()["changed_at"].dtype) == "datetime64[ns, UTC]"

    again = store.import_layer(hedges_gpkg, user="anna")
    assert (again.added, again.updated, sorted(again.unchanged)) == ([], [], [1, 2, 3])
    assert len(store.current()) == 3
    log = store.history()
    assert len(log) == 3
    assert set(log["changed_by"]) == {"anna"}
    assert set(log["action"]) == {"import"}


def test_import_key_ignores_vertex_order_and_millimetres(store, hedges):
    store.import_layer(hedges())
    moved = hedges()
    moved["geometry"] = [
        shapely.LineString([(100.0 + 0.001, 20.0 * i), (0.0, 20.0 * i - 0.002)]) for i in range(3)
    ]
    report = store.import_layer(moved)
    assert (report.added, sorted(report.unchanged)) == ([], [1, 2, 3])
    retyped = hedges()
    retyped["element_type"] = "struweelhaag"
    assert len(store.import_layer(retyped).added) == 3


@pytest.fixture
def bad_batch(hedges):
    """Eight rows: 1 and 8 good; 2-7 each broken in one way (the reason in a comment)."""
    rows = hedges(8)
    rows["planted"] = None
    rows.loc[2, "element_type"] = "bankje"  # unknown type
    rows.loc[3, "geometry"] = None  # null geometry
    rows.loc[4, "geometry"] = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])  # bow-tie
    rows.loc[5, "geometry"] = shapely.LineString([(5, 5), (5, 5)])  # zero length
    rows.loc[6, "planted"] = "2023-12-01"  # planted before planned
    rows.loc[7, "planned"] = "31-02-2024"  # no such date
    return rows


EXPECTED_REASONS = {
    2: "unknown element type 'bankje'",
    3: "no geometry",
    4: "invalid geometry (Self-intersection",
    5: "zero length",
    6: "planted 2023-12-01 is before planned 2024-01-10 (dates out of order)",
    7: "planned '31-02-2024' is not a date",
}


def test_rejected_rows_are_reported_by_row_and_the_good_rows_land(store, bad_batch, tmp_path):
    path = tmp_path / "batch.gpkg"
    bad_batch.to_file(path, layer="plan")
    report = store.import_layer(path)
    reasons = {r.row: r.reason for r in report.rejected}
    assert sorted(reasons) == sorted(EXPECTED_REASONS)
    for row, text in EXPECTED_REASONS.items():
        assert text in reasons[row], (row, reasons[row])
    first = report.rejected[0].one_line()
    assert first.startswith(f"{path}|plan: feature id 2: unknown element type")
    assert len(report.added) == 2
    state = store.current()
    assert sorted(shapely.get_coordinates(state.geometry)[:, 1].tolist()) == [0, 0, 140, 140]


def test_strict_mode_imports_nothing_when_a_row_is_bad(store, bad_batch):
    store.import_layer(bad_batch.loc[[1]])  # one element already there
    before = store.current()
    with pytest.raises(ImportAborted) as caught:
        store.import_layer(bad_batch, strict=True)
    assert caught.value.report.aborted
    assert sorted(r.row for r in caught.value.report.rejected) == sorted(EXPECTED_REASONS)
    assert "6 of 8 rows rejected, nothing imported (strict)" in str(caught.value)
    after = store.current()
    pd.testing.assert_frame_equal(pd.DataFrame(after), pd.DataFrame(before))
    assert len(store.history()) == 1


def test_a_disallowed_status_change_in_an_import_is_rejected(store, hedges):
    first = hedges(2)
    first["id"] = ["6f1c4a52-6e0a-4a8e-9a55-3f0f4c1f8a01", "6f1c4a52-6e0a-4a8e-9a55-3f0f4c1f8a02"]
    first["status"] = ["aangelegd", "verdwenen"]
    first["planted"] = ["2024-02-01", None]
    first["removed"] = [None, "2024-02-01"]
    assert len(store.import_layer(first).added) == 2
    back = first.copy()
    back["status"] = ["gepland", "aangelegd"]
    back["planted"] = [None, "2024-03-01"]
    back["removed"] = [None, None]
    report = store.import_layer(back)
    reasons = {r.row: r.reason for r in report.rejected}
    assert reasons[1].startswith("status change aangelegd -> gepland is not allowed")
    assert reasons[2].startswith("status change verdwenen -> aangelegd is not allowed")
    assert "verdwenen is final" in reasons[2]
    assert report.updated == []


def test_a_reimport_with_new_dates_moves_elements_forward(store, hedges):
    plan = hedges(2)
    store.import_layer(plan)
    planted = hedges(2)
    planted["planted"] = ["2024-04-02", None]  # no status field: the date implies aangelegd
    report = store.import_layer(planted, user="veldwerker")
    assert (len(report.updated), report.unchanged) == (1, [2])
    state = store.current().sort_values("length_m")
    row = state[state["planted"].notna()].iloc[0]
    assert (row["status"], row["version"]) == ("aangelegd", 2)
    entry = store.history(row["id"]).iloc[-1]
    assert (entry["action"], entry["changed"], entry["changed_by"]) == (
        "import_update",
        "status,planted",
        "veldwerker",
    )


def test_the_same_row_twice_in_one_batch_is_rejected(store, hedges):
    rows = pd.concat([hedges(2), hedges(1)], ignore_index=True)
    rows.index = [1, 2, 3]
    report = store.import_layer(gpd.GeoDataFrame(rows, crs=28992))
    assert [(r.row, r.reason) for r in report.rejected] == [
        (3, "repeats index 1 (the same geometry and type)")
    ]


def test_history_rebuilds_the_state_at_any_past_moment(store, clock, hedges):
    clock.set(at(1))
    a, b, c = store.import_layer(hedges(3), user="anna").added
    clock.set(at(5))
    store.set_status(a, "aangelegd", "2024-03-04", user="bert")
    clock.set(at(9))
    store.update(b, note="eigenaar gebeld", region="Overijssel", user="carla")
    clock.set(at(12))
    store.set_status(a, "gecontroleerd", date(2024, 3, 11), user="bert")
    clock.set(at(20))
    store.set_status(c, "verdwenen", "2024-03-19", user="anna", note="gerooid")

    def state(moment):
        frame = store.current(at=moment).set_index("id")
        return {i: (r.status, r.version, r.note, r.region) for i, r in frame.iterrows()}

    assert state(at(1, hour=8)) == {}
    assert state(at(1)) == {
        a: ("gepland", 1, None, "Gelderland"),
        b: ("gepland", 1, None, "Gelderland"),
        c: ("gepland", 1, None, "Gelderland"),
    }
    assert state(at(8))[a] == ("aangelegd", 2, None, "Gelderland")
    assert state(at(8))[b] == ("gepland", 1, None, "Gelderland")
    assert state(at(10))[b] == ("gepland", 2, "eigenaar gebeld", "Overijssel")
    assert state(at(15))[a] == ("gecontroleerd", 3, None, "Gelderland")
    assert state(at(15))[c] == ("gepland", 1, None, "Gelderland")
    assert state(at(21))[c] == ("verdwenen", 2, "gerooid", "Gelderland")
    # A date means the end of that Dutch day; noon UTC on 5 March is inside 5 March.
    assert state(date(2024, 3, 4))[a][0] == "gepland"
    assert state(date(2024, 3, 5))[a][0] == "aangelegd"
    assert state("2024-03-05")[a][0] == "aangelegd"
    # The rebuilt present equals the stored present, column for column.
    pd.testing.assert_frame_equal(
        pd.DataFrame(store.current(at=at(28))), pd.DataFrame(store.current())
    )
    rebuilt = store.current(at=at(15)).set_index("id")
    assert rebuilt.loc[a, "planted"] == pd.Timestamp("2024-03-04")
    assert rebuilt.loc[a, "checked"] == pd.Timestamp("2024-03-11")

    log = store.history(a)
    assert log["version"].tolist() == [1, 2, 3]
    assert log["status"].tolist() == ["gepland", "aangelegd", "gecontroleerd"]
    assert log["changed_by"].tolist() == ["anna", "bert", "bert"]
    assert log["changed"].tolist()[1:] == ["status,planted", "status,checked"]
    assert log["changed_at"].tolist() == [pd.Timestamp(at(d)) for d in (1, 5, 12)]
    assert str(log["changed_at"].dt.tz) == "UTC"
    assert store.history(b)["changed"].tolist()[1] == "region,note"
    assert len(store.history(until=at(10))) == 5


def test_a_clock_that_goes_back_cannot_reorder_the_history(store, clock, hedges):
    clock.set(at(10))
    (a,) = store.import_layer(hedges(1)).added
    clock.set(at(2))  # a writer whose clock is behind
    store.set_status(a, "aangelegd", "2024-03-01")
    times = store.history(a)["changed_at"].tolist()
    assert times[1] >= times[0]
    assert store.current(at=at(10)).loc[0, "status"] == "aangelegd"


def test_set_status_follows_the_transitions_and_the_date_rules(store, hedges):
    (a,) = store.import_layer(hedges(1)).added
    with pytest.raises(DataError, match="gepland -> gecontroleerd is not allowed"):
        store.set_status(a, "gecontroleerd", "2024-05-01")
    with pytest.raises(DataError, match="planted 2023-05-01 is before planned 2024-01-10"):
        store.set_status(a, "aangelegd", "2023-05-01")
    with pytest.raises(ConfigError, match="unknown status 'geplant'"):
        store.set_status(a, "geplant")
    assert store.set_status(a, "aangelegd", "2024-05-01") == 2
    assert store.set_status(a, "gecontroleerd", "2024-06-01") == 3
    assert store.set_status(a, "gecontroleerd", "2025-06-01") == 4  # a yearly re-check
    assert store.set_status(a, "verdwenen", "2025-09-01") == 5
    with pytest.raises(DataError, match="verdwenen is final"):
        store.set_status(a, "aangelegd", "2025-10-01")
    with pytest.raises(InputError, match="no element 00000000-0000-0000-0000-000000000000"):
        store.set_status("00000000-0000-0000-0000-000000000000", "aangelegd")
    with pytest.raises(InputError, match="not an element id"):
        store.set_status("hedge-1", "aangelegd")
    assert store.current().loc[0, "checked"] == pd.Timestamp("2025-06-01")
    assert len(store.history(a)) == 5


def test_set_status_with_a_stale_version_is_a_conflict(store, hedges):
    (a,) = store.import_layer(hedges(1)).added
    assert store.set_status(a, "aangelegd", "2024-05-01", expected_version=1) == 2
    with pytest.raises(ConflictError, match="is at version 2, not 1"):
        store.set_status(a, "verdwenen", "2024-06-01", expected_version=1)
    assert store.current().loc[0, "status"] == "aangelegd"


def test_update_recomputes_measures_and_logs_what_changed(store, hedges):
    (a,) = store.import_layer(hedges(1)).added
    longer = shapely.LineString([(0, 0), (150, 0), (150, 100)])
    assert store.update(a, geometry=longer, user="gis") == 2
    row = store.current().iloc[0]
    assert (row["length_m"], row["area_m2"]) == pytest.approx((250.0, 250.0))
    assert store.update(a, element_type="Struweelhaag") == 3  # Dutch name, any case: 2 m wide
    row = store.current().iloc[0]
    assert (row["element_type"], row["area_m2"]) == ("struweelhaag", pytest.approx(500.0))
    assert store.history(a)["changed"].tolist()[1:] == ["geometry", "element_type"]
    with pytest.raises(ConfigError, match="change the status with set_status"):
        store.update(a, status="aangelegd")
    with pytest.raises(DataError, match="unknown element type 'bankje'"):
        store.update(a, element_type="bankje")
    with pytest.raises(DataError, match="invalid geometry"):
        store.update(a, geometry=shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)]))
    with pytest.raises(DataError, match="status gepland cannot have planted yet"):
        store.update(a, planted="2024-02-01")
    assert store.current().iloc[0]["version"] == 3


def test_a_transaction_keeps_all_changes_or_none(store, hedges):
    a, b = store.import_layer(hedges(2)).added
    with pytest.raises(DataError), store.transaction():
        store.set_status(a, "aangelegd", "2024-05-01")
        store.set_status(b, "gecontroleerd", "2024-05-01")  # not allowed: rolls back both
    assert set(store.current()["version"]) == {1}
    with store.transaction():
        store.set_status(a, "aangelegd", "2024-05-01")
        store.update(b, note="samen")
    assert set(store.current()["version"]) == {2}


def test_field_mapping_names_the_source_fields(store, tmp_path, hedges):
    src = hedges(2).rename(columns={"element_type": "soort", "planned": "gepland_op"})
    src["plantdatum"] = ["01-04-2024", None]  # Dutch day-first text
    src["STATUS"] = None  # any case matches a register field
    path = tmp_path / "eigen.gpkg"
    src.to_file(path, layer="lijnen")
    with pytest.raises(InputError, match=r"no element_type field.*--map element_type=FIELD"):
        store.import_layer(path)
    with pytest.raises(InputError, match=r"has no field 'typ'.*fields are: soort"):
        store.import_layer(path, mapping={"element_type": "typ"})
    with pytest.raises(ConfigError, match="unknown register field 'kleur'"):
        store.import_layer(path, mapping={"kleur": "soort"})
    mapping = {"element_type": "soort", "planned": "gepland_op", "planted": "plantdatum"}
    report = store.import_layer(path, mapping=mapping, programme="Deltaplan 2025")
    assert len(report.added) == 2
    state = store.current().sort_values("planted")
    assert state["status"].tolist() == ["aangelegd", "gepland"]
    assert state["planted"].iloc[0] == pd.Timestamp("2024-04-01")
    assert set(state["programme"]) == {"Deltaplan 2025"}


def test_ids_must_be_uuids_unless_the_field_is_ignored(store, hedges):
    rows = hedges(2)
    rows["id"] = [17, 18]
    report = store.import_layer(rows)
    assert [r.reason.split(" (")[0] for r in report.rejected] == [
        "id 17 is not a UUID",
        "id 18 is not a UUID",
    ]
    assert len(store.import_layer(rows, mapping={"id": ""}).added) == 2


def test_export_gpkg_and_csv_and_reimport_by_id(store, hedges, tmp_path, open_store, clock):
    a, _ = store.import_layer(hedges(2)).added
    store.set_status(a, "aangelegd", "2024-03-01")
    out = store.export(tmp_path / "export.gpkg")
    assert {name for name, _ in pyogrio.list_layers(out)} == {"elements", "history"}
    exported = gpd.read_file(out, layer="elements")
    assert exported.crs.to_epsg() == 28992
    assert sorted(exported["version"]) == [1, 2]
    assert len(pyogrio.read_dataframe(out, layer="history")) == 3

    csv = store.export(tmp_path / "export.csv")
    table = pyogrio.read_dataframe(csv).sort_values("id")  # GDAL reads WKT as the geometry
    state = store.current().sort_values("id")
    assert table["id"].tolist() == state["id"].tolist()
    assert shapely.equals(table.geometry.to_numpy(), state.geometry.to_numpy()).all()
    assert table["planted"].fillna("").tolist() == [
        "2024-03-01" if s == "aangelegd" else "" for s in state["status"]
    ]

    past = store.export(tmp_path / "past.gpkg", at="2000-01-01")
    assert len(gpd.read_file(past, layer="elements")) == 0

    # An export re-imported matches by id: nothing new, nothing changed.
    again = store.import_layer(out, layer="elements")
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], 2)
    with pytest.raises(ConfigError, match="unknown export format"):
        store.export(tmp_path / "x.json")


def test_guards_refuse_changes_past_the_register(store, hedges, raw_sql):
    (a,) = store.import_layer(hedges(1)).added
    with pytest.raises(Exception, match="elements change only through gbda register"):
        raw_sql(store, "UPDATE elements SET note = 'edited in QGIS'")
    with pytest.raises(Exception, match="elements change only through gbda register"):
        raw_sql(store, "DELETE FROM elements")
    with pytest.raises(Exception, match="history is append-only"):
        raw_sql(store, "UPDATE history SET changed_by = 'someone else'")
    with pytest.raises(Exception, match="history is append-only"):
        raw_sql(store, "DELETE FROM history")
    assert len(store.current()) == 1
    assert len(store.history(a)) == 1


def test_measures_of_polygons_and_points(store):
    frame = gpd.GeoDataFrame(
        {"element_type": ["houtwal", "poel", "knotboom", "bosje"]},
        geometry=[
            # An L-shaped wooded bank 2 m wide: centre line 49 m + 49 m.
            shapely.Polygon([(0, 0), (50, 0), (50, 2), (2, 2), (2, 50), (0, 50)]),
            shapely.Point(10, 10),
            shapely.MultiPoint([(0, 5), (0, 10), (0, 15)]),
            shapely.LineString([(0, 0), (10, 0)]),
        ],
        crs=28992,
    )
    report = store.import_layer(frame)
    assert [r.reason for r in report.rejected] == [
        "bosje drawn as a line has no default size; draw it as a polygon"
    ]
    state = store.current().set_index("element_type")
    assert state.loc["houtwal", "length_m"] == pytest.approx(98.0)
    assert state.loc["houtwal", "area_m2"] == pytest.approx(196.0)
    assert state.loc["poel", ["length_m", "area_m2"]].tolist() == [0.0, 175.0]
    assert state.loc["knotboom", "area_m2"] == pytest.approx(60.0)


def test_layer_in_another_crs_is_reprojected(store, hedges, tmp_path):
    path = tmp_path / "wgs84.gpkg"
    hedges(1, x0=155_000).set_geometry(hedges(1, x0=155_000).geometry.translate(0, 463_000)).to_crs(
        4326
    ).to_file(path)
    store.import_layer(path)
    state = store.current()
    assert state.loc[0, "length_m"] == pytest.approx(100.0, abs=1e-3)
    assert np.allclose(state.total_bounds[[0, 1]], [155_000, 463_000], atol=1e-3)


def test_recorded_then_is_not_planted_then(store, clock, hedges):
    # docs/register.md, "History and the past": transaction time against valid time.
    clock.set(datetime(2024, 1, 15, 9, tzinfo=UTC))
    (hedge,) = store.import_layer(hedges(1)).added
    clock.set(datetime(2024, 6, 3, 9, tzinfo=UTC))
    store.set_status(hedge, "aangelegd", "2024-03-10")
    assert store.current(at="2024-04-30").loc[0, "status"] == "gepland"  # as recorded then
    then = store.current(at="2024-06-30").iloc[0]
    assert (then["status"], then["planted"]) == ("aangelegd", pd.Timestamp("2024-03-10"))
    # Progress reads the dates: the hedge stood in the field on 30 April.
    report = progress_report(store.current(), at=date(2024, 4, 30))
    assert report.realised_km == pytest.approx(0.1)
