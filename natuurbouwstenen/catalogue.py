"""Load and check a natuurbouwstenen catalogue: one validated file per bouwsteen.

``load_catalogue()`` reads the catalogue shipped in ``natuurbouwstenen/bouwstenen/``;
``load_catalogue(folder)`` reads a province's own edition in the same format and
``validate_catalogue(folder)`` reports every broken file instead of stopping at the first.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path, PurePath

from gbda_core.errors import ConfigError
from gbda_core.vocabulary import Vocabulary, load_vocabulary
from natuurbouwstenen.files import SUFFIXES, read_bouwsteen
from natuurbouwstenen.schema import Bouwsteen, Group

SHIPPED = "natuurbouwstenen/bouwstenen"


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
            source=self.source,
            hint=_did_you_mean(bouwsteen_id, self.ids) + "run 'gbda catalogue list' for the ids",
        )

    def in_group(self, group: Group | str) -> tuple[Bouwsteen, ...]:
        """Return the bouwstenen of one group (``water_en_oever``, ``houtig``, ...)."""
        try:
            wanted = Group(group)
        except ValueError:
            raise ConfigError(
                f"unknown group {group!r}", hint="use one of " + ", ".join(g.value for g in Group)
            ) from None
        return tuple(b for b in self.bouwstenen if b.group is wanted)

    def rows(
        self, vocabulary: Vocabulary | None = None, group: Group | str | None = None
    ) -> list[dict[str, str | None]]:
        """Return one summary row per bouwsteen, as ``gbda catalogue list`` shows them.

        ``category`` is the GBDA category (houtig, nat, kruidig) of the element type the
        bouwsteen counts as, or None for ``counts_as = "none"``.
        """
        vocabulary = vocabulary or load_vocabulary()
        chosen = self.bouwstenen if group is None else self.in_group(group)
        return [
            {
                "id": b.id,
                "name": b.name,
                "group": b.group.value,
                "geometry": b.geometry.value,
                "counts_as": b.counts_as,
                "category": None
                if b.counts_as == "none"
                else vocabulary.get(b.counts_as).category.value,
            }
            for b in chosen
        ]


@dataclass(frozen=True)
class CatalogueCheck:
    """Outcome of :func:`validate_catalogue`: one problem per broken file, in file order."""

    source: str
    files: int
    problems: tuple[ConfigError, ...]
    catalogue: Catalogue | None

    @property
    def ok(self) -> bool:
        """True when every file is valid."""
        return not self.problems

    def require(self) -> Catalogue:
        """Return the catalogue, or raise the first problem (saying how many more there are)."""
        if self.catalogue is not None:
            return self.catalogue
        first = self.problems[0]
        more = len(self.problems) - 1
        hint = first.hint
        if more:
            also = f"{more} more broken file(s): run 'gbda catalogue validate {self.source}'"
            hint = f"{hint}; {also}" if hint else also
        raise ConfigError(first.message, source=first.source, hint=hint)


def load_catalogue(
    folder: str | Path | None = None, vocabulary: Vocabulary | None = None
) -> Catalogue:
    """Load and validate a natuurbouwstenen catalogue.

    Parameters
    ----------
    folder
        A folder of bouwsteen files (``*.toml``, ``*.yaml``, ``*.yml``), one per bouwsteen.
        ``None`` loads the catalogue shipped with the package.
    vocabulary
        Element vocabulary that ``counts_as`` must name a type of (default: gbda_core's).

    Raises
    ------
    ConfigError
        One line naming the file and the first bad field: schema errors, a file name that
        differs from its id, a duplicate id, an unknown ``counts_as`` type or an unknown id
        in ``combinations``. Use :func:`validate_catalogue` to see every broken file.
    """
    if folder is None and vocabulary is None:
        return _shipped().require()
    return validate_catalogue(folder, vocabulary).require()


def validate_catalogue(
    folder: str | Path | None = None, vocabulary: Vocabulary | None = None
) -> CatalogueCheck:
    """Check every file of a catalogue and report each broken one (the first problem in it).

    Parameters
    ----------
    folder, vocabulary
        As for :func:`load_catalogue`.

    Raises
    ------
    ConfigError
        Only when the folder is missing or holds no bouwsteen files; problems inside the files
        are returned in :attr:`CatalogueCheck.problems`.
    """
    label, entries = _files(folder)
    return _check(label, entries, vocabulary or load_vocabulary())


@cache
def _shipped() -> CatalogueCheck:
    return validate_catalogue()


def _files(folder: str | Path | None) -> tuple[str, list[tuple[str, bytes]]]:
    if folder is None:
        root = resources.files("natuurbouwstenen").joinpath("bouwstenen")
        found = [(f"{SHIPPED}/{e.name}", e.read_bytes()) for e in root.iterdir() if _ours(e.name)]
        label = SHIPPED
    else:
        path = Path(folder)
        if not path.is_dir():
            raise ConfigError("not a folder of bouwsteen files", source=str(path))
        found = [(str(p), p.read_bytes()) for p in path.iterdir() if p.is_file() and _ours(p.name)]
        label = str(path)
    if not found:
        raise ConfigError(
            "no bouwsteen files", source=label, hint="one .toml or .yaml file per bouwsteen"
        )
    return label, sorted(found)


def _ours(name: str) -> bool:
    return not name.startswith(".") and PurePath(name).suffix.lower() in SUFFIXES


def _check(label: str, entries: list[tuple[str, bytes]], vocabulary: Vocabulary) -> CatalogueCheck:
    problems: dict[str, ConfigError] = {}
    valid: dict[str, Bouwsteen] = {}  # file name -> bouwsteen
    first_file: dict[str, str] = {}  # file stem -> first file with that stem
    # Ids a file means to define, even when it is broken: combinations naming them are not a
    # second mistake, so one broken file gives one line.
    meant: set[str] = set()
    for name, data in entries:
        stem = PurePath(name).stem
        meant.add(stem)
        try:
            b = read_bouwsteen(data, name)
            meant.add(b.id)
            _check_alone(b, stem, vocabulary, name)
            if stem in first_file:
                raise ConfigError(f"id {stem!r} is also defined in {first_file[stem]}", source=name)
        except ConfigError as exc:
            problems[name] = exc
        else:
            valid[name] = b
        first_file.setdefault(stem, name)
    for name, b in valid.items():
        unknown = [other for other in b.combinations if other not in meant]
        if unknown:
            problems[name] = ConfigError(
                f"combinations: unknown bouwsteen {unknown[0]!r}",
                source=name,
                hint=_did_you_mean(unknown[0], tuple(sorted(meant))) + "use ids of this catalogue",
            )
    ordered = tuple(problems[name] for name, _ in entries if name in problems)
    catalogue = None
    if not ordered:
        catalogue = Catalogue(tuple(sorted(valid.values(), key=lambda b: b.id)), label)
    return CatalogueCheck(label, len(entries), ordered, catalogue)


def _check_alone(b: Bouwsteen, stem: str, vocabulary: Vocabulary, name: str) -> None:
    if b.id != stem:
        raise ConfigError(
            f"id: {b.id!r} differs from the file name",
            source=name,
            hint=f"rename the file to {b.id}{PurePath(name).suffix} or set id = {stem!r}",
        )
    if b.counts_as != "none" and vocabulary.resolve(b.counts_as) != b.counts_as:
        code = vocabulary.resolve(b.counts_as)
        raise ConfigError(
            f"counts_as: {b.counts_as!r} is not an element type code",
            source=name,
            hint=(f"did you mean {code!r}? " if code else "")
            + "use a code from 'gbda types', or 'none'",
        )


def _did_you_mean(value: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value, known, n=1)
    return f"did you mean {close[0]!r}? " if close else ""
