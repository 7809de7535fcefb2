"""Which raster values are landscape elements: the class mapping of the raster engine.

A mapping says, per raster value, what the pixel is. Given on the command line as a SPEC::

    1,3=houtig;5=nat          values 1 and 3 are woody elements, 5 wet ones
    1=heg;2=poel              element types from the vocabulary (their category counts)
    1=houtig;254=nodata       254 is not counted at all, like the raster's own nodata

or as a file, TOML or CSV::

    # classes.toml
    [classes]
    houtig = [1, 3]
    nat = [5]
    nodata = [254]

    # classes.csv
    value,class
    1,houtig
    3,houtig

Targets are a category (``houtig``, ``nat``, ``kruidig``), an element-type code, name or alias
from the vocabulary, or ``nodata``. Every other valid value is rural land without elements; the
raster's nodata is not counted at all (neither land nor element).
"""

from __future__ import annotations

import csv
import io
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

from gbda_core.errors import ConfigError
from gbda_core.vocabulary import Category, Vocabulary, load_vocabulary

#: Target that makes a value count as nodata.
NODATA = "nodata"
#: File suffixes read as a mapping file.
MAPPING_SUFFIXES = (".toml", ".csv")


@dataclass(frozen=True)
class RasterClass:
    """What pixels of one or more raster values count as."""

    label: str
    category: Category
    element_type: str | None = None


@dataclass(frozen=True)
class RasterClasses:
    """Raster value to :class:`RasterClass`; values in ``nodata`` are not counted at all."""

    classes: dict[float, RasterClass]
    nodata: frozenset[float] = frozenset()

    def labels(self) -> list[RasterClass]:
        """Return the distinct classes, in the order they were first given."""
        return list(dict.fromkeys(self.classes.values()))


def parse_classes(spec: str | Path, vocabulary: Vocabulary | None = None) -> RasterClasses:
    """Parse a SPEC (``"1,3=houtig;5=nat"``) or read a mapping file (.toml, .csv).

    Raises
    ------
    ConfigError
        For a value that is no number, a value given twice, an unknown target, or a file that
        cannot be read; the message names the part of the SPEC or the file at fault.
    """
    vocabulary = vocabulary or load_vocabulary()
    text = str(spec).strip()
    path = Path(text)
    if path.suffix.lower() in MAPPING_SUFFIXES or path.is_file():
        pairs, source = _read_file(path), str(path)
    else:
        pairs, source = _parse_spec(text), ""
    if not pairs:
        raise ConfigError(
            "the class mapping is empty", source=source or None, hint='e.g. "1,3=houtig;5=nat"'
        )
    classes: dict[float, RasterClass] = {}
    nodata: set[float] = set()
    for raw_value, target in pairs:
        value = _number(raw_value, source)
        if value in classes or value in nodata:
            raise ConfigError(f"raster value {raw_value} is mapped twice", source=source or None)
        if target.strip().lower() == NODATA:
            nodata.add(value)
        else:
            classes[value] = _target(target, vocabulary, source)
    return RasterClasses(classes, frozenset(nodata))


def _parse_spec(text: str) -> list[tuple[str, str]]:
    pairs = []
    for group in filter(None, (g.strip() for g in text.split(";"))):
        values, sep, target = group.partition("=")
        if not sep or not values.strip() or not target.strip():
            raise ConfigError(
                f"bad class group {group!r}",
                hint='write VALUES=CLASS groups separated by ";", e.g. "1,3=houtig;5=nat"',
            )
        pairs += [(v.strip(), target.strip()) for v in values.split(",")]
    return pairs


def _read_file(path: Path) -> list[tuple[str, str]]:
    if not path.is_file():
        raise ConfigError("class mapping file not found", source=str(path), hint="check the path")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read class mapping: {exc}", source=str(path)) from None
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or not {"value", "class"} <= set(reader.fieldnames):
            raise ConfigError("CSV class mapping needs the columns value,class", source=str(path))
        return [(row["value"] or "", row["class"] or "") for row in reader]
    try:
        table = tomllib.loads(text).get("classes")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot parse class mapping: {exc}", source=str(path)) from None
    if not isinstance(table, dict):
        raise ConfigError("no [classes] table found", source=str(path), hint="e.g. houtig = [1, 3]")
    pairs = []
    for target, values in table.items():
        listed = values if isinstance(values, list) else [values]
        pairs += [(str(v), str(target)) for v in listed]
    return pairs


def _number(raw: str, source: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ConfigError(
            f"raster value {raw!r} is not a number", source=source or None, hint="e.g. 1,3=houtig"
        )
    return value


def _target(target: str, vocabulary: Vocabulary, source: str) -> RasterClass:
    name = target.strip().lower()
    if name in set(Category):
        return RasterClass(name, Category(name))
    code = vocabulary.resolve(target)
    if code is None:
        raise ConfigError(
            f"unknown class {target!r}",
            source=source or None,
            hint="use houtig, nat, kruidig, nodata or an element type ('gbda types')",
        )
    return RasterClass(code, vocabulary.get(code).category, code)
