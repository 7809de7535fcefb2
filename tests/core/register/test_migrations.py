"""Schema versions: a version-1 register with data is refused until init upgrades it."""

from __future__ import annotations

import contextlib

import geopandas as gpd
import pandas as pd
import psycopg
import pytest
import shapely

from gbda_core.errors import InputError
from gbda_core.register import SCHEMA_VERSION
from gbda_core.register import store as store_module
from gbda_core.register.gpkg_format import connect as gpkg_connect
from gbda_core.register.gpkg_format import to_gpkg_blobs
from gbda_core.register.schema import MIGRATIONS, pending

ELEMENT = "0c6b2a36-2b87-4d3e-9a0e-5a3f0f2d4b11"
V1_COLUMNS = (
    "element_type, status, planned, planted, checked, removed, programme, region, collectief, "
    "note, length_m, area_m2"
)
V1_VALUES = ("heg", "aangelegd", "2023-01-05", "2023-11-20", None, None, "400 km", "Drenthe",
             "Collectief Noord", "from v1", 60.0, 60.0)  # fmt: skip
LINE = shapely.LineString([(0, 0), (60, 0)])


def insert_v1_element(store_kind, reg, cluster) -> None:
    """Write one element the way a version-1 gbda did, with plain SQL."""
    marks = ", ".join(["?"] * 12)
    history = (
        f"INSERT INTO history (element_id, version, changed_at, changed_by, action, changed, "
        f"{V1_COLUMNS}, geom) VALUES (?, 1, ?, 'v1 user', 'import', 'element_type', {marks}, ?)"
    )
    elements = f"INSERT INTO elements (id, {V1_COLUMNS}, version, geom) VALUES (?, {marks}, 1, ?)"
    if store_kind == "gpkg":
        with contextlib.closing(gpkg_connect(reg.path)) as db:
            db.execute("BEGIN")
            db.execute(history, (ELEMENT, "2023-11-21T10:00:00.000Z", *V1_VALUES, LINE.wkb))
            db.execute(elements, (ELEMENT, *V1_VALUES, to_gpkg_blobs([LINE])[0]))
            db.execute("COMMIT")
        return
    options = f"-c search_path={reg.schema},public"
    with psycopg.connect(cluster.conninfo, options=options) as conn:
        geom = "ST_GeomFromText('LINESTRING(0 0, 60 0)', 28992)"
        conn.execute(
            history.replace("?", "%s").replace(", %s)", f", {geom})"),
            (ELEMENT, "2023-11-21T10:00:00Z", *V1_VALUES),
        )
        conn.execute(
            elements.replace("?", "%s").replace(", %s)", f", {geom})"), (ELEMENT, *V1_VALUES)
        )


def primary_keys(store_kind, reg, cluster) -> dict[str, list[str]]:
    """Return the primary-key columns of the register tables."""
    if store_kind == "gpkg":
        with contextlib.closing(gpkg_connect(reg.path)) as db:
            return {
                t: [r[1] for r in db.execute(f"PRAGMA table_info({t})") if r[5]]
                for t in ("elements", "history")
            }
    with psycopg.connect(cluster.conninfo) as conn:
        rows = conn.execute(
            "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) "
            "WHERE c.contype = 'p' AND c.connamespace = %s::regnamespace "
            "ORDER BY 1, array_position(c.conkey, a.attnum)",
            (reg.schema,),
        ).fetchall()
    keys: dict[str, list[str]] = {}
    for table, column in rows:
        keys.setdefault(table.split(".")[-1], []).append(column)
    return {t: keys.get(t, []) for t in ("elements", "history")}


def test_a_version_1_register_is_upgraded_by_init(
    open_store, store_kind, request, monkeypatch, hedges
):
    cluster = request.getfixturevalue("pg_cluster") if store_kind == "postgis" else None
    old = open_store()
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "pending", lambda applied: MIGRATIONS[:1])
        old.init()
    assert old.schema_version() == 1
    insert_v1_element(store_kind, old, cluster)
    old.close()

    reg = open_store()
    upgrade = rf"schema version 1; this gbda uses {SCHEMA_VERSION}.*register init"
    with pytest.raises(InputError, match=upgrade):
        reg.current()
    assert reg.init() == SCHEMA_VERSION == 3
    assert reg.schema_version() == 3
    state = reg.current()
    assert state["id"].tolist() == [ELEMENT]
    row = state.iloc[0]
    assert (row["status"], row["collectief"], row["funding"]) == (
        "aangelegd",
        "Collectief Noord",
        None,
    )
    assert row["planted"] == pd.Timestamp("2023-11-20")
    assert shapely.equals(row["geometry"], LINE)
    # Version 3: the history's geometry (plain WKB before in a GeoPackage) is a layer's now.
    then = reg.current(at="2023-12-01")
    assert shapely.equals(then["geometry"].iloc[0], LINE)
    assert primary_keys(store_kind, reg, cluster) == {
        "elements": ["id"] if store_kind == "postgis" else ["fid"],
        "history": ["element_id", "version"] if store_kind == "postgis" else ["fid"],
    }
    if store_kind == "gpkg":
        history = gpd.read_file(reg.path, layer="history")
        assert history.crs.to_epsg() == 28992
        assert shapely.equals(history.geometry.iloc[0], LINE)
    # The upgraded register works as a new one: changes, imports by key, history.
    assert reg.set_status(ELEMENT, "gecontroleerd", "2024-02-01") == 2
    assert reg.update(ELEMENT, funding="ANLb") == 3
    assert len(reg.import_layer(hedges(2)).added) == 2
    assert reg.import_layer(hedges(2)).added == []
    log = reg.history(ELEMENT)
    assert log["changed_by"].iloc[0] == "v1 user"
    assert log["funding"].tolist()[-1] == "ANLb"
    assert reg.init() == SCHEMA_VERSION  # again: nothing left to do


def test_a_register_newer_than_this_gbda_is_refused(open_store, monkeypatch):
    reg = open_store()
    reg.init()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION - 1)
    fresh = open_store()
    newer = rf"schema version {SCHEMA_VERSION}, newer than this gbda.*update gbda"
    with pytest.raises(InputError, match=newer):
        fresh.current()


def test_migrations_are_numbered_one_by_one():
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert pending(1) == MIGRATIONS[1:]
    assert pending(SCHEMA_VERSION) == ()
