"""``gbda register`` against the throwaway PostGIS cluster, by URI and by service name.

These live here rather than in tests/core/cli because they need the cluster fixture.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pyogrio
import pytest
import shapely


def test_register_commands_on_postgis_never_print_the_password(
    gbda, pg_cluster, pg_schema, hedges, tmp_path
):
    secret = "Pw-in-uri-42"
    store = ["--store", pg_cluster.uri(secret), "--schema", pg_schema]
    hedges(2).to_file(tmp_path / "heggen.gpkg")
    runs = [
        gbda("register", "init", *store),
        gbda("register", "import", tmp_path / "heggen.gpkg", *store),
        gbda("register", "import", tmp_path / "heggen.gpkg", *store),
    ]
    assert [r.returncode for r in runs] == [0, 0, 0], [r.stderr for r in runs]
    assert "2 rows: 2 added" in runs[1].stdout
    assert "2 rows: 0 added, 0 updated, 2 unchanged" in runs[2].stdout
    changes = json.loads(gbda("register", "history", "--format", "json", *store).stdout)
    element = changes[0]["element_id"]
    runs.append(gbda("register", "set-status", element, "verdwenen", "--date", "2024-02-02",
                     "--note", "gerooid", *store))  # fmt: skip
    assert runs[-1].returncode == 0, runs[-1].stderr
    runs.append(gbda("register", "set-status", element, "aangelegd", *store))
    assert runs[-1].returncode == 2
    assert "verdwenen is final" in runs[-1].stderr
    wrong_port = pg_cluster.uri(secret).replace(f":{pg_cluster.port}/", ":1/")
    runs.append(gbda("register", "init", "--store", wrong_port))
    assert runs[-1].returncode == 2
    assert "cannot connect to PostgreSQL" in runs[-1].stderr
    assert "gbda_test:***@localhost:1" in runs[-1].stderr
    assert "register ready: postgresql://gbda_test:***@localhost" in runs[0].stdout
    for run in runs:
        assert secret not in run.stdout + run.stderr
        assert "Traceback" not in run.stderr


def test_register_by_service_name(gbda, pg_cluster, pg_schema, tmp_path):
    service_file = tmp_path / "pg_service.conf"
    service_file.write_text(
        f"[provincie]\nhost={pg_cluster.folder}\nport={pg_cluster.port}\n"
        "user=gbda_test\ndbname=gbda_register_test\n"
    )
    env = {"PGSERVICEFILE": str(service_file)}
    proc = gbda("register", "init", "--store", "service=provincie", "--schema", pg_schema, env=env)
    assert proc.returncode == 0, proc.stderr
    assert f"register ready: service=provincie (schema {pg_schema}) (schema version 3)" in (
        proc.stdout
    )


def test_progress_and_change_from_a_postgis_register(gbda, pg_cluster, pg_schema, tmp_path):
    store = ["--store", pg_cluster.conninfo, "--schema", pg_schema]
    first = gpd.GeoDataFrame(
        {"element_type": ["heg", "heg"], "planted": ["2022-04-01", "2023-03-01"],
         "region": ["noord", "zuid"]},
        geometry=[shapely.LineString([(0, 0), (3000, 0)]),
                  shapely.LineString([(0, 50), (5000, 50)])],
        crs=28992,
    )  # fmt: skip
    first.to_file(tmp_path / "eerste.gpkg")
    later = gpd.GeoDataFrame(
        {"element_type": ["houtwal"], "planted": ["2024-02-01"], "region": ["zuid"]},
        geometry=[shapely.box(0, 100, 2000, 103)],  # drawn as a polygon: 2 km by strip length
        crs=28992,
    )
    later.to_file(tmp_path / "later.gpkg")
    assert gbda("register", "init", *store).returncode == 0
    assert gbda("register", "import", tmp_path / "eerste.gpkg", *store).returncode == 0
    changes = json.loads(gbda("register", "history", "--format", "json", *store).stdout)
    recorded = changes[-1]["changed_at"]
    assert gbda("register", "import", tmp_path / "later.gpkg", *store).returncode == 0

    proc = gbda("progress", "--at", "2024-12-31", "--by", "region", "--format", "json",
                *store)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["realised_km"] == pytest.approx(10.0)
    assert {r["region"]: r["realised_km"] for r in report["by"]["rows"]} == {
        "noord": pytest.approx(3.0), "zuid": pytest.approx(7.0),
    }  # fmt: skip

    # Two snapshots of the register, as recorded then and now, compared by gbda change.
    for name, at in (("toen", ["--at", recorded]), ("nu", [])):
        out = tmp_path / f"{name}.gpkg"
        assert gbda("register", "export", out, *at, *store).returncode == 0
    gpd.GeoDataFrame({"naam": ["gebied"]}, geometry=[shapely.box(-100, -100, 6000, 500)],
                     crs=28992).to_file(tmp_path / "gebied.gpkg")  # fmt: skip
    proc = gbda(
        "change", f"{tmp_path / 'toen.gpkg'}|layername=elements",
        f"{tmp_path / 'nu.gpkg'}|layername=elements", "--areas", tmp_path / "gebied.gpkg",
        "--id-field", "naam", "--out", tmp_path / "verschil.gpkg",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    summary = pyogrio.read_dataframe(tmp_path / "verschil.gpkg", layer="summary")
    summary = summary.set_index("element_type")
    assert summary.loc["houtwal", "gained_km"] == pytest.approx(2.0)
    assert summary.loc["houtwal", "gained_ha"] == pytest.approx(0.6)
    assert summary.loc["heg", ["gained_km", "lost_km"]].tolist() == [0, 0]
    assert summary.loc["heg", "unchanged_km"] == pytest.approx(8.0)
