"""Read one bouwsteen file (TOML, or YAML in a province's edition) with one-line errors."""

from __future__ import annotations

import tomllib
from pathlib import PurePath
from typing import Any

import yaml
from pydantic import ValidationError

from gbda_core.errors import ConfigError
from natuurbouwstenen.schema import Bouwsteen

#: File suffixes read as bouwsteen files, and the parser each one uses.
SUFFIXES = (".toml", ".yaml", ".yml")


def read_bouwsteen(data: bytes, source: str) -> Bouwsteen:
    """Parse and validate the bytes of one bouwsteen file.

    Parameters
    ----------
    data
        File content, UTF-8.
    source
        File name; its suffix picks the parser (``.toml``, ``.yaml`` or ``.yml``) and it names
        the file in errors.

    Raises
    ------
    ConfigError
        One line naming the file and the first bad field, with list positions counted from 1
        as in the file (``soils.2: ...``), and how many problems the file has in all.
    """
    return validate_bouwsteen(_parse(data, source), source)


def validate_bouwsteen(raw: object, source: str) -> Bouwsteen:
    """Validate parsed data (a mapping of fields) as a bouwsteen; see :func:`read_bouwsteen`."""
    if not isinstance(raw, dict):
        raise ConfigError("the file must hold a table of fields (key = value)", source=source)
    try:
        return Bouwsteen.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(
            f"{loc + ': ' if loc else ''}{message} ({exc.error_count()} problem(s) in all)",
            source=source,
            hint=_hint(first["type"], loc),
        ) from None


def _parse(data: bytes, source: str) -> Any:
    suffix = PurePath(source).suffix.lower()
    if suffix not in SUFFIXES:
        raise ConfigError(f"unknown file type {suffix!r}", source=source, hint="use .toml or .yaml")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text: {exc}", source=source) from None
    if suffix == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"not a valid TOML file: {exc}", source=source) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"not a valid YAML file: {exc}", source=source) from None


def _hint(error_type: str, loc: str) -> str | None:
    if error_type == "missing":
        return "every field is required; write 'unknown' (or unknown = true for a cost) if unsure"
    if error_type == "extra_forbidden":
        return "see natuurbouwstenen/README.md for the fields"
    if loc.endswith("source"):
        return "cite a URL, or start with 'estimate:' or 'assumption:' and say why"
    return None
