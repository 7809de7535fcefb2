"""The natuurbouwstenen catalogue: one validated TOML file per bouwsteen.

``load_catalogue()`` reads the catalogue shipped in ``natuurbouwstenen/bouwstenen/``;
``load_catalogue(folder)`` reads a province's own edition in the same format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from gbda_core.errors import ConfigError
from gbda_core.tomlfile import parse_toml
from gbda_core.vocabulary import Vocabulary, load_vocabulary
from natuurbouwstenen.schema import Bouwsteen, Geometry, Group

__all__ = ["Bouwsteen", "Catalogue", "Geometry", "Group", "load_catalogue"]


@dataclass(frozen=True)
class Catalogue:
    """The validated bouwstenen, sorted by id, and the folder they came from."""

    bouwstenen: tuple[Bouwsteen, ...]
    source: str

    def __iter__(self) -> Iterator[Bouwsteen]:
        return iter(self.bouwstenen)

    def __len__(self) -> int:
        return len(self.bouwstenen)

    @property
    def ids(self) -> tuple[str, ...]:
        """All ids, sorted."""
        return tuple(b.id for b in self.bouwstenen)

    def get(self, bouwsteen_id: str) -> Bouwsteen:
        """Return the bouwsteen with this id; raise :class:`ConfigError` if there is none."""
        for b in self.bouwstenen:
            if b.id == bouwsteen_id:
                return b
        raise ConfigError(
            f"unknown bouwsteen {bouwsteen_id!r}",
            hint="run 'gbda catalogue list' for the ids",
        )


def load_catalogue(
    folder: str | Path | None = None, vocabulary: Vocabulary | None = None
) -> Catalogue:
    """Load and validate a natuurbouwstenen catalogue.

    Parameters
    ----------
    folder
        A folder of ``*.toml`` files, one per bouwsteen. ``None`` loads the shipped catalogue.
    vocabulary
        Element vocabulary that ``counts_as`` must name a type of (default: gbda_core's).

    Raises
    ------
    ConfigError
        One line naming the file and the first bad field: schema errors, a file name that
        differs from its id, a duplicate id, an unknown ``counts_as`` type or an unknown id
        in ``combinations``.
    """
    if folder is None and vocabulary is None:
        return _shipped()
    return _load(_files(folder), vocabulary or load_vocabulary())


@cache
def _shipped() -> Catalogue:
    return _load(_files(None), load_vocabulary())


def _files(folder: str | Path | None) -> tuple[str, list[tuple[str, bytes]]]:
    if folder is None:
        root = resources.files("natuurbouwstenen").joinpath("bouwstenen")
        entries = [e for e in root.iterdir() if e.name.endswith(".toml")]
        label = "natuurbouwstenen/bouwstenen"
        return label, sorted((f"{label}/{e.name}", e.read_bytes()) for e in entries)
    path = Path(folder)
    if not path.is_dir():
        raise ConfigError("not a folder of bouwsteen files", source=str(path))
    return str(path), sorted((str(p), p.read_bytes()) for p in path.glob("*.toml"))


def _load(files: tuple[str, list[tuple[str, bytes]]], vocabulary: Vocabulary) -> Catalogue:
    label, entries = files
    if not entries:
        raise ConfigError("no *.toml bouwsteen files", source=label)
    bouwstenen: list[Bouwsteen] = []
    origin: dict[str, str] = {}
    for name, data in entries:
        b = parse_toml(data, name, Bouwsteen)
        if Path(name).stem != b.id:
            raise ConfigError(f"id {b.id!r} differs from the file name", source=name)
        if b.counts_as != "none" and vocabulary.resolve(b.counts_as) != b.counts_as:
            raise ConfigError(
                f"counts_as {b.counts_as!r} is not an element type code",
                source=name,
                hint="use a code from 'gbda types', or 'none'",
            )
        origin[b.id] = name
        bouwstenen.append(b)
    for b in bouwstenen:
        for other in b.combinations:
            if other not in origin:
                raise ConfigError(f"combinations: unknown bouwsteen {other!r}", source=origin[b.id])
    return Catalogue(tuple(sorted(bouwstenen, key=lambda b: b.id)), label)
