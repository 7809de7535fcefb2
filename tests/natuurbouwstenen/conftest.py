"""Shared helpers: the shipped catalogue folder and a writable copy of it (a 'province edition')."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

SHIPPED = Path(__file__).resolve().parents[2] / "natuurbouwstenen" / "bouwstenen"


@pytest.fixture(scope="session")
def shipped_dir() -> Path:
    return SHIPPED


@pytest.fixture
def province(tmp_path: Path) -> Path:
    """A copy of the shipped catalogue that a test may break."""
    folder = tmp_path / "provincie"
    shutil.copytree(SHIPPED, folder)
    return folder


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """Replace exactly one occurrence of ``old`` by ``new`` in a file (the test fails otherwise)."""

    def replace(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return replace


@pytest.fixture
def as_yaml() -> Callable[[Path, Path], Path]:
    """Write a TOML bouwsteen file as YAML (same data) into a folder; return the new path."""

    def convert(toml_path: Path, folder: Path) -> Path:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        target = folder / f"{toml_path.stem}.yaml"
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return target

    return convert
