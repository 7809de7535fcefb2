"""Write a :class:`~gbda_core.share.ShareResult` as GeoPackage, CSV or JSON (atomically)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from gbda_core.errors import ConfigError
from gbda_core.output import write_gpkg, write_text
from gbda_core.problems import problems_frame
from gbda_core.share import ShareResult

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


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    records = frame.to_dict(orient="records")
    return [{str(k): _plain(v) for k, v in rec.items()} for rec in records]


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
