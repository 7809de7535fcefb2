"""Write a :class:`~gbda_core.share.ShareResult` as GeoPackage, CSV or JSON (atomically)."""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyogrio

from gbda_core.errors import ConfigError, InputError
from gbda_core.output import write_gpkg, write_text
from gbda_core.problems import problems_frame, problems_from_frame
from gbda_core.readers.ogr import LayerSpec, list_layers
from gbda_core.share import AREA_COLUMNS, ShareResult

#: Output formats by file suffix.
FORMATS = (".gpkg", ".csv", ".json")


def check_output(out: str | Path) -> Path:
    """Fail early, before any work, when ``out`` has an unknown suffix or no folder."""
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise ConfigError(
            f"unknown output format {out.suffix or '(none)'!r}",
            source=str(out),
            hint="end the output name in .gpkg, .csv or .json",
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ConfigError("output folder does not exist", source=str(folder), hint="create it")
    return out


def write_share(result: ShareResult, out: str | Path) -> Path:
    """Write a share result; the format follows the suffix of ``out``.

    - ``.gpkg``: layer ``share`` (areas with the result columns), tables ``breakdown``,
      ``problems`` and ``settings``.
    - ``.csv``: the per-area table without geometry.
    - ``.json``: ``{"settings", "areas", "breakdown", "problems"}``; NaN becomes null.
    """
    out = check_output(out)
    suffix = out.suffix.lower()
    if suffix == ".gpkg":
        settings = pd.DataFrame(
            {"key": list(result.settings), "value": [str(v) for v in result.settings.values()]}
        )
        return write_gpkg(
            out,
            {
                "share": result.areas,
                "breakdown": result.breakdown,
                "problems": problems_frame(result.problems),
                "settings": settings,
            },
        )
    table = pd.DataFrame(result.areas.drop(columns=result.areas.geometry.name))
    if suffix == ".csv":
        return write_text(out, table.to_csv(index=False, lineterminator="\n"))
    payload = {
        "settings": result.settings,
        "areas": _records(table),
        "breakdown": _records(result.breakdown),
        "problems": _records(problems_frame(result.problems)),
    }
    return write_text(out, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def read_share(path: str | Path) -> ShareResult:
    """Read a share result back from a GeoPackage written by :func:`write_share`.

    Settings come back as Python values (numbers, lists, booleans); problems with the rows
    the file lists.

    Raises
    ------
    InputError
        When the file is missing or is not a share result (no ``share`` layer or columns).
    """
    path = Path(path)
    layers = set(list_layers(LayerSpec(path)))
    if not {"share", "breakdown", "problems", "settings"} <= layers:
        raise InputError(
            "not a gbda share result", source=str(path),
            hint="give a GeoPackage written by gbda share (layers share, breakdown, problems, "
            "settings)",
        )  # fmt: skip
    areas = pyogrio.read_dataframe(path, layer="share")
    missing = [c for c in AREA_COLUMNS if c not in areas.columns]
    if missing:
        raise InputError(
            f"the share layer has no column {missing[0]!r}", source=str(path), layer="share"
        )
    table = pyogrio.read_dataframe(path, layer="settings")
    settings = {str(k): _setting(v) for k, v in zip(table["key"], table["value"], strict=True)}
    return ShareResult(
        areas,
        pd.DataFrame(pyogrio.read_dataframe(path, layer="breakdown")),
        problems_from_frame(pd.DataFrame(pyogrio.read_dataframe(path, layer="problems"))),
        settings,
    )


def _setting(text: Any) -> Any:
    """Return a setting written as ``str(value)`` as the value again (text stays text)."""
    try:
        return ast.literal_eval(str(text))
    except (ValueError, SyntaxError):
        return text


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    records = frame.to_dict(orient="records")
    return [{str(k): _plain(v) for k, v in rec.items()} for rec in records]


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
