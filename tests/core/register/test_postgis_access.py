"""PostGIS only: roles without rights, a connection lost mid-read, and the layers QGIS opens."""

from __future__ import annotations

import json
import os
import subprocess
import uuid

import psycopg
import pytest

from gbda_core.errors import InputError
from gbda_core.register import open_register


@pytest.fixture
def role(pg_cluster):
    """A login role of its own (the cluster trusts local connections); dropped afterwards."""
    name = f"r_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_cluster.conninfo, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN")
    yield name
    with psycopg.connect(pg_cluster.conninfo, autocommit=True) as conn:
        conn.execute(f"DROP OWNED BY {name}")
        conn.execute(f"DROP ROLE {name}")


@pytest.fixture
def register(pg_cluster, pg_schema, hedges):
    """A register with two planned hedges; returns their ids."""
    with open_register(pg_cluster.conninfo, schema=pg_schema) as reg:
        reg.init()
        return reg.import_layer(hedges(2)).added


def as_role(pg_cluster, role: str) -> str:
    return pg_cluster.conninfo.replace("user=gbda_test", f"user={role}")


def test_a_role_without_usage_on_the_schema_gets_one_line(
    gbda, pg_cluster, pg_schema, register, role
):
    store = ["--store", as_role(pg_cluster, role), "--schema", pg_schema]
    for command in (("register", "history"), ("register", "history", "--at", "2030-01-01"),
                    ("progress",), ("register", "export", "uit.gpkg")):  # fmt: skip
        proc = gbda(*command, *store)
        assert proc.returncode == 2, (command, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith("gbda: error: host=")
        assert f"no permission: permission denied for schema {pg_schema}" in proc.stderr
        assert f"ask the database owner for USAGE on schema {pg_schema}" in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


def test_a_reading_role_reads_and_cannot_change(gbda, pg_cluster, pg_schema, register, role):
    with psycopg.connect(pg_cluster.conninfo, autocommit=True) as conn:
        conn.execute(f"GRANT USAGE ON SCHEMA {pg_schema} TO {role}")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {pg_schema} TO {role}")
    store = ["--store", as_role(pg_cluster, role), "--schema", pg_schema]
    shown = gbda("register", "history", "--format", "json", *store)
    assert shown.returncode == 0, shown.stderr
    assert len(json.loads(shown.stdout)) == 2
    assert gbda("progress", "--format", "json", *store).returncode == 0
    changed = gbda("register", "set-status", register[0], "aangelegd", "--date", "2024-05-01",
                   *store)  # fmt: skip
    assert changed.returncode == 2
    assert "no permission: permission denied for table" in changed.stderr
    assert "Traceback" not in changed.stderr


def test_a_connection_lost_during_a_read_is_one_error(pg_cluster, pg_schema, register):
    reg = open_register(pg_cluster.conninfo, schema=pg_schema)
    assert len(reg.history()) == 2
    with psycopg.connect(pg_cluster.conninfo, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (reg._conn.info.backend_pid,))
    for read in (reg.history, reg.current, lambda: reg.current(at="2030-01-01")):
        with pytest.raises(InputError, match=r"database error: .*run the command again"):
            read()
    reg.close()
    with open_register(pg_cluster.conninfo, schema=pg_schema) as again:
        assert len(again.current()) == 2


# Run in Debian's python3 with QGIS 3.22: open both register tables as QGIS would.
QGIS_PROBE = """
import json, sys
from qgis.core import QgsApplication, QgsDataSourceUri, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
host, port, user, db, schema = sys.argv[1:6]
out = {}
for table in ("elements", "history"):
    uri = QgsDataSourceUri()
    uri.setConnection(host, port, db, user, "")
    uri.setDataSource(schema, table, "geom")
    layer = QgsVectorLayer(uri.uri(False), table, "postgres")
    names = [layer.fields()[i].name() for i in layer.primaryKeyAttributes()]
    ids = sorted(f.id() for f in layer.getFeatures())
    out[table] = {"valid": layer.isValid(), "key": names, "count": layer.featureCount(),
                  "crs": layer.crs().authid(), "distinct_ids": len(set(ids)) == len(ids)}
print(json.dumps(out))
app.exitQgis()
"""


def test_qgis_opens_elements_and_history_with_their_primary_keys(pg_cluster, pg_schema, register):
    args = [str(pg_cluster.folder), str(pg_cluster.port), "gbda_test", "gbda_register_test"]
    proc = subprocess.run(
        ["/usr/bin/python3", "-c", QGIS_PROBE, *args, pg_schema],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    layers = json.loads(proc.stdout.strip().splitlines()[-1])
    assert layers["elements"] == {
        "valid": True, "key": ["id"], "count": 2, "crs": "EPSG:28992", "distinct_ids": True,
    }  # fmt: skip
    assert layers["history"] == {
        "valid": True, "key": ["element_id", "version"], "count": 2, "crs": "EPSG:28992",
        "distinct_ids": True,
    }  # fmt: skip
