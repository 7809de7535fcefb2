"""``gbda register`` against the throwaway PostGIS cluster, by URI and by service name.

These live here rather than in tests/core/cli because they need the cluster fixture.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def gbda(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "gbda_core", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_register_commands_on_postgis_never_print_the_password(
    pg_cluster, pg_schema, hedges, tmp_path
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


def test_register_by_service_name(pg_cluster, pg_schema, tmp_path):
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
