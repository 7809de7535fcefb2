"""PostGIS only: two writers at once on real connections, connection settings, no passwords."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from gbda_core.errors import InputError
from gbda_core.register import ConflictError, open_register
from gbda_core.register.postgis import is_postgres, mask_password


def waiting_on_locks(cluster) -> int:
    """Return how many backends of the test database wait for a lock right now."""
    with psycopg.connect(cluster.conninfo, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
    return int(row[0])


def wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def in_thread(work):
    """Start ``work`` in a thread; return (thread, outcome dict with 'value' or 'error')."""
    outcome: dict[str, object] = {}

    def run():
        try:
            outcome["value"] = work()
        except Exception as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.fixture
def two_writers(pg_cluster, pg_schema, hedges):
    """Two registers on two connections to one schema, and the id of one planned hedge."""
    a = open_register(pg_cluster.conninfo, schema=pg_schema)
    a.init()
    (element,) = a.import_layer(hedges(1), user="setup").added
    b = open_register(pg_cluster.conninfo, schema=pg_schema)
    yield a, b, element
    a.close()
    b.close()


def test_the_second_writer_waits_for_the_first_and_applies_on_top(two_writers, pg_cluster):
    a, b, element = two_writers
    with a.transaction():
        a.set_status(element, "aangelegd", "2024-04-01", user="writer a")
        # B asks for gecontroleerd, which is only allowed after aangelegd: it must see A's
        # change, so it must wait for A's commit rather than read the old state.
        thread, outcome = in_thread(
            lambda: b.set_status(element, "gecontroleerd", "2024-05-01", user="writer b")
        )
        wait_for(lambda: waiting_on_locks(pg_cluster) == 1)
        assert outcome == {}
    thread.join(20)
    assert outcome == {"value": 3}
    log = a.history(element)
    assert log["version"].tolist() == [1, 2, 3]
    assert log["status"].tolist() == ["gepland", "aangelegd", "gecontroleerd"]
    assert log["changed_by"].tolist() == ["setup", "writer a", "writer b"]
    assert a.current().loc[0, "version"] == 3


def test_a_writer_with_a_stale_version_gets_a_conflict_not_a_lost_update(two_writers):
    a, b, element = two_writers
    seen_by_a = int(a.current().loc[0, "version"])
    seen_by_b = int(b.current().loc[0, "version"])
    assert a.set_status(element, "aangelegd", "2024-04-01", expected_version=seen_by_a) == 2
    with pytest.raises(ConflictError, match=r"is at version 2, not 1.*someone changed it"):
        b.update(element, note="b's note", expected_version=seen_by_b)
    log = a.history(element)
    assert log["version"].tolist() == [1, 2]
    assert log["note"].isna().all()


def test_many_updates_from_two_connections_all_arrive(two_writers):
    a, b, element = two_writers
    barrier = threading.Barrier(2)

    def writer(reg, name):
        barrier.wait()
        for i in range(12):
            reg.update(element, note=f"{name}-{i}", user=name)

    threads = [in_thread(lambda reg=reg, n=n: writer(reg, n)) for reg, n in ((a, "a"), (b, "b"))]
    for thread, outcome in threads:
        thread.join(60)
        assert "error" not in outcome, outcome
    log = a.history(element)
    assert log["version"].tolist() == list(range(1, 26))
    assert set(log["note"].dropna()) == {f"{n}-{i}" for n in "ab" for i in range(12)}
    assert a.current().loc[0, "version"] == 25


def test_the_same_batch_imported_twice_at_once_lands_once(pg_cluster, pg_schema, hedges):
    a = open_register(pg_cluster.conninfo, schema=pg_schema)
    a.init()
    b = open_register(pg_cluster.conninfo, schema=pg_schema)
    try:
        with a.transaction():
            assert len(a.import_layer(hedges(3)).added) == 3
            thread, outcome = in_thread(lambda: b.import_layer(hedges(3)))
            wait_for(lambda: waiting_on_locks(pg_cluster) == 1)
        thread.join(20)
        assert isinstance(outcome.get("error"), ConflictError), outcome
        assert "an import run again skips what is in the register" in str(outcome["error"])
        retry = b.import_layer(hedges(3))
        assert (retry.added, sorted(retry.unchanged)) == ([], [1, 2, 3])
        assert len(b.current()) == 3
        assert len(b.history()) == 3
    finally:
        a.close()
        b.close()


def test_connection_from_a_service_file(pg_cluster, pg_schema, tmp_path, monkeypatch):
    service_file = tmp_path / "pg_service.conf"
    service_file.write_text(
        "[gbda_test]\n"
        f"host={pg_cluster.folder}\nport={pg_cluster.port}\n"
        "user=gbda_test\ndbname=gbda_register_test\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(service_file))
    with open_register("service=gbda_test", schema=pg_schema) as reg:
        assert reg.init() == 3
        assert reg.location == f"service=gbda_test (schema {pg_schema})"


def test_connection_from_pg_environment_variables(pg_cluster, pg_schema, monkeypatch):
    monkeypatch.setenv("PGHOST", str(pg_cluster.folder))
    monkeypatch.setenv("PGPORT", str(pg_cluster.port))
    monkeypatch.setenv("PGUSER", "gbda_test")
    monkeypatch.setenv("PGDATABASE", "gbda_register_test")
    with open_register("postgresql://", schema=pg_schema) as reg:
        reg.init()
        assert len(reg.current()) == 0


def test_a_password_in_a_uri_never_shows(pg_cluster, pg_schema, tmp_path):
    secret = "S3cret-pw"
    # The throwaway cluster trusts local connections, so the password is not even needed.
    with open_register(pg_cluster.uri(secret), schema=pg_schema) as reg:
        reg.init()
        assert secret not in repr(reg) and secret not in reg.location
        assert f"gbda_test:***@localhost:{pg_cluster.port}" in reg.location
        with pytest.raises(InputError) as caught:
            reg.set_status("00000000-0000-0000-0000-000000000000", "aangelegd")
        assert secret not in str(caught.value)
    closed_port = pg_cluster.uri(secret).replace(str(pg_cluster.port), "1")
    with pytest.raises(InputError) as caught:
        open_register(closed_port)
    message = str(caught.value)
    assert message.startswith("postgresql://gbda_test:***@localhost:1/")
    assert "cannot connect to PostgreSQL" in message
    assert secret not in message


def test_postgis_missing_from_the_database_is_a_clear_error(pg_cluster, pg_schema):
    admin = pg_cluster.conninfo.replace("dbname=gbda_register_test", "dbname=postgres")
    with open_register(admin, schema=pg_schema) as reg:
        with pytest.raises(InputError, match=r"PostGIS is not installed.*CREATE EXTENSION postgis"):
            reg.init()
        assert reg.schema_version() is None


@pytest.mark.parametrize(
    ("conninfo", "masked"),
    [
        ("postgresql://anna:geheim@db.example.nl/gbda", "postgresql://anna:***@db.example.nl/gbda"),
        ("postgres://anna:ge:h@im@db/gbda", "postgres://anna:***@db/gbda"),
        ("postgresql://anna@db/gbda?password=geheim&sslmode=require",
         "postgresql://anna@db/gbda?password=***&sslmode=require"),
        ("host=db dbname=gbda password=geheim user=anna",
         "host=db dbname=gbda password=*** user=anna"),
        ("host=db password = 'ge heim' user=anna", "host=db password = *** user=anna"),
        ("service=provincie", "service=provincie"),
    ],
)  # fmt: skip
def test_mask_password(conninfo, masked):
    assert mask_password(conninfo) == masked
    assert "geheim" not in mask_password(conninfo) and "ge heim" not in mask_password(conninfo)


@pytest.mark.parametrize(
    ("store", "expected"),
    [
        ("postgresql://db/gbda", True),
        ("service=provincie", True),
        ("host=db dbname=gbda", True),
        ("register.gpkg", False),
        ("service.gpkg", False),
    ],
)
def test_is_postgres(store, expected):
    assert is_postgres(store) is expected
