"""GeoPackage registers the user may not write, or that cannot be written: one line, exit 2.

Root ignores file modes, so as root the commands run as the user ``nobody`` (``runuser``), the
way a colleague without write access would run them; as anyone else they run as that user
(the ``gbda`` fixture with ``other_user=True``).
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

from gbda_core.errors import InputError
from gbda_core.register import open_register


@pytest.fixture
def shared_folder(hedges):
    """A folder others may enter, with a register of one planned hedge (return folder, id)."""
    folder = Path(tempfile.mkdtemp(prefix="gbda-ro-"))
    folder.chmod(0o755)  # pytest's own tmp folders are closed to other users
    with open_register(folder / "register.gpkg") as reg:
        reg.init()
        (element,) = reg.import_layer(hedges(1)).added
    yield folder, element
    folder.chmod(0o755)
    shutil.rmtree(folder)


def history_rows(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return int(db.execute("SELECT count(*) FROM history").fetchone()[0])


def test_a_read_only_register_reads_but_refuses_changes_in_one_line(gbda, shared_folder, hedges):
    folder, element = shared_folder
    store = folder / "register.gpkg"
    source = folder / "meer.gpkg"
    hedges(2, x0=500.0).to_file(source)
    store.chmod(0o444)
    folder.chmod(0o555)
    shown = gbda("register", "history", "--format", "csv", "--store", store, other_user=True)
    assert shown.returncode == 0, shown.stderr
    assert element in shown.stdout
    for command in (
        ("register", "set-status", element, "aangelegd", "--date", "2024-05-01"),
        ("register", "import", source),
    ):
        proc = gbda(*command, "--store", store, other_user=True)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr == (
            f"gbda: error: {store}: cannot write: the register file is read-only (ask for "
            "write access to the file and its folder; nothing was changed)\n"
        )
    # init on an up-to-date register has nothing to write: harmless, as always.
    assert gbda("register", "init", "--store", store, other_user=True).returncode == 0
    assert history_rows(store) == 1


def test_a_register_in_a_folder_without_write_permission(gbda, shared_folder):
    folder, element = shared_folder
    store = folder / "register.gpkg"
    store.chmod(0o666)  # the file is writable, its folder is not: no room for the journal
    folder.chmod(0o555)
    proc = gbda(
        "register",
        "set-status",
        element,
        "aangelegd",
        "--date",
        "2024-05-01",
        "--store",
        store,
        other_user=True,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr == (
        f"gbda: error: {store}: cannot write: the register's folder is read-only (SQLite "
        "writes a journal file beside the register during a change) (ask for write access to "
        "the folder; nothing was changed)\n"
    )
    assert history_rows(store) == 1
    # Creating a register there is refused the same way, without a half-made file.
    new = folder / "nieuw.gpkg"
    proc = gbda("register", "init", "--store", new, other_user=True)
    assert proc.returncode == 2, proc.stderr
    assert f"{new}: cannot create the register: Permission denied" in proc.stderr
    assert not new.exists()


def test_a_register_the_user_may_not_read(gbda, shared_folder):
    folder, _ = shared_folder
    store = folder / "register.gpkg"
    store.chmod(0o000)
    proc = gbda("register", "history", "--store", store, other_user=True)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{store}: cannot read or write the register file (unable to open" in proc.stderr


def test_a_full_disk_keeps_the_register_as_it_was(tmp_path, hedges):
    path = tmp_path / "register.gpkg"
    reg = open_register(path)
    reg.init()
    reg.import_layer(hedges(2))
    db = reg._db()
    # SQLite's own limit on the file's pages: its writes fail exactly as on a full disk.
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(InputError, match=r"cannot write: the disk is full \(free some space"):
        reg.import_layer(hedges(400, x0=1000.0))
    assert len(reg.current()) == 2 and len(reg.history()) == 2
    reg.close()
    with open_register(path) as again:  # a new connection has no page limit
        assert len(again.import_layer(hedges(400, x0=1000.0)).added) == 400


def test_a_damaged_file_is_one_line(tmp_path, hedges):
    path = tmp_path / "register.gpkg"
    with open_register(path) as reg:
        reg.init()
        reg.import_layer(hedges(3))
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page after the first overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="damaged or not a GeoPackage"):
        open_register(path).history()
