"""Read a TOML data file into a pydantic model, with one-line errors that name the field."""

from __future__ import annotations

import tomllib
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from gbda_core.errors import ConfigError

Model = TypeVar("Model", bound=BaseModel)


def parse_toml(data: bytes, source: str, model: type[Model]) -> Model:
    """Parse and validate TOML ``data`` read from ``source``.

    Raises
    ------
    ConfigError
        When the text is not TOML, or breaks the schema. The message names the first bad
        field, with list positions counted from 1 as in the file (``element_type.3.width_m``).
    """
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not a valid TOML file: {exc}", source=source) from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in first["loc"])
        raise ConfigError(
            f"{loc}: {first['msg']} ({exc.error_count()} problem(s) in all)", source=source
        ) from None
