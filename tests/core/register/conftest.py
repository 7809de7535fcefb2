"""Register fixtures: a throwaway PostgreSQL + PostGIS cluster, and a store of each kind.

The cluster is started once per test session on a free local port, with its unix socket in its
own temporary folder and ``listen_addresses = localhost``; it trusts local connections of the
role ``gbda_test`` (inside this cluster only) and is stopped and removed at the end, also when
tests fail. As root (CI), initdb and postgres run as the ``postgres`` system user. A missing or
broken PostgreSQL/PostGIS is a test failure, never a skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import geopandas as gpd
import psycopg
import pytest
import shapely

from gbda_core.register import Register, open_register
from gbda_core.register.gpkg_format import connect as gpkg_connect

#: The checkout under test: subprocesses run its gbda, whatever is installed in the venv.
REPO = Path(__file__).resolve().parents[3]
#: Root ignores file modes: tests of rights run gbda as this user when they run as root.
OTHER_USER = "nobody"


def run_gbda(
    *args: object, env: dict[str, str] | None = None, other_user: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run this checkout's ``gbda`` as users do: a subprocess, exit status, stdout, stderr.

    With ``other_user`` as root it runs as :data:`OTHER_USER`, who has no rights on the
    files root made; run by anyone else it runs as that user.
    """
    command = [sys.executable, "-m", "gbda_core", *map(str, args)]
    if other_user and os.geteuid() == 0:
        command = ["runuser", "-u", OTHER_USER, "--", *command]
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


@pytest.fixture
def gbda():
    """Return :func:`run_gbda`."""
    return run_gbda


#: Debian's layout: /usr/lib/postgresql/<major>/bin. GBDA_PG_BIN overrides it.
PG_ROOT = Path("/usr/lib/postgresql")
PG_ROLE = "gbda_test"
PG_DATABASE = "gbda_register_test"


@dataclass(frozen=True)
class Cluster:
    """A running throwaway cluster."""

    folder: Path
    port: int

    @property
    def conninfo(self) -> str:
        """libpq key/value connection over the unix socket."""
        return f"host={self.folder} port={self.port} user={PG_ROLE} dbname={PG_DATABASE}"

    def uri(self, password: str | None = None) -> str:
        """A postgresql:// URI over TCP to localhost (optionally with a password)."""
        auth = f"{PG_ROLE}:{password}" if password else PG_ROLE
        return f"postgresql://{auth}@localhost:{self.port}/{PG_DATABASE}"


def _pg_bin() -> Path:
    if os.environ.get("GBDA_PG_BIN"):
        return Path(os.environ["GBDA_PG_BIN"])
    found = sorted(PG_ROOT.glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        pytest.fail(
            "PostgreSQL server binaries not found under /usr/lib/postgresql "
            "(install the Debian packages postgresql and postgresql-15-postgis-3: "
            "bash scripts/bootstrap.sh)"
        )
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(cmd: list[str], as_postgres: bool) -> subprocess.CompletedProcess[str]:
    if as_postgres:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """Start a PostgreSQL cluster with a PostGIS database; stop and remove it afterwards."""
    bin_dir = _pg_bin()
    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="gbda-pg-"))
    if as_root:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    port = _free_port()
    started = False
    try:
        init = _run(
            [
                str(bin_dir / "initdb"),
                "-D", str(data), "-U", PG_ROLE, "--auth=trust", "-E", "UTF8", "--no-sync",
            ],
            as_root,
        )  # fmt: skip
        assert init.returncode == 0, f"initdb failed: {init.stderr}"
        options = f"-p {port} -k {folder} -c listen_addresses=localhost -c fsync=off"
        start = _run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
             "-l", str(folder / "server.log"), "-w", "-t", "60", "start"],
            as_root,
        )  # fmt: skip
        started = start.returncode == 0
        log = (folder / "server.log").read_text() if (folder / "server.log").exists() else ""
        assert started, f"PostgreSQL did not start: {start.stderr} {log}"
        cluster = Cluster(folder, port)
        admin = f"host={folder} port={port} user={PG_ROLE} dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        with psycopg.connect(cluster.conninfo, autocommit=True) as conn:
            try:
                conn.execute("CREATE EXTENSION postgis")
            except psycopg.Error as exc:
                pytest.fail(f"PostGIS missing (install postgresql-15-postgis-3): {exc}")
        yield cluster
    finally:
        if started:
            _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], as_root)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_schema(pg_cluster: Cluster) -> Iterator[str]:
    """A schema name no other test uses; dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield name
    with psycopg.connect(pg_cluster.conninfo, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


class FakeClock:
    """A clock the test moves by hand (UTC); each reading is one second after the last."""

    def __init__(self, start: datetime = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment - timedelta(seconds=1)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["gpkg", "postgis"])
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def open_store(store_kind, tmp_path, request):
    """Return a function that opens the test's register (same store for every call)."""
    opened: list[Register] = []
    if store_kind == "postgis":
        cluster = request.getfixturevalue("pg_cluster")
        schema = request.getfixturevalue("pg_schema")

        def make(**kwargs) -> Register:
            reg = open_register(cluster.conninfo, schema=schema, **kwargs)
            opened.append(reg)
            return reg
    else:
        path = tmp_path / "register.gpkg"

        def make(**kwargs) -> Register:
            reg = open_register(path, **kwargs)
            opened.append(reg)
            return reg

    yield make
    for reg in opened:
        with contextlib.suppress(Exception):
            reg.close()


@pytest.fixture
def store(open_store, clock) -> Register:
    """An initialised, empty register on each store, with the test's clock."""
    reg = open_store(clock=clock)
    reg.init()
    return reg


def _hedges(n: int = 3, x0: float = 0.0) -> gpd.GeoDataFrame:
    """N straight hedges of 100 m, 20 m apart, planned 2024-01-10, rows numbered from 1."""
    frame = gpd.GeoDataFrame(
        {
            "element_type": ["heg"] * n,
            "planned": ["2024-01-10"] * n,
            "region": ["Gelderland"] * n,
        },
        geometry=[shapely.LineString([(x0, 20.0 * i), (x0 + 100.0, 20.0 * i)]) for i in range(n)],
        crs=28992,
    )
    frame.index = range(1, n + 1)
    return frame


@pytest.fixture
def hedges():
    """Return the maker of hedge frames: ``hedges(n=3, x0=0.0)``."""
    return _hedges


@pytest.fixture
def hedges_gpkg(tmp_path) -> Path:
    """Three planned hedges in a GeoPackage layer ``heggen``."""
    path = tmp_path / "heggen.gpkg"
    _hedges().to_file(path, layer="heggen")
    return path


@pytest.fixture
def raw_sql(store_kind, request):
    """Return ``run(register, statement)``: SQL straight on the store, past the register API."""

    def run(reg: Register, statement: str) -> None:
        if store_kind == "gpkg":
            # With the spatial-index functions GDAL and QGIS bring; plain sqlite3 lacks them.
            with contextlib.closing(gpkg_connect(reg.path)) as db:
                db.execute(statement)
        else:
            cluster = request.getfixturevalue("pg_cluster")
            options = f"-c search_path={reg.schema}"
            with psycopg.connect(cluster.conninfo, autocommit=True, options=options) as conn:
                conn.execute(statement)

    return run
