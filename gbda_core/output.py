"""Write results safely: to a temporary file next to the target, then rename.

A failed or interrupted run never leaves a half-written output. GeoPackages are written as
version 1.2 because QGIS 3.22's GDAL 3.6 warns on GeoPackage 1.4 files.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from gbda_core.errors import InputError

#: GeoPackage version QGIS 3.22 (GDAL 3.6) opens without warnings.
GPKG_VERSION = "1.2"


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it to ``target`` on success.

    On an exception the temporary file is removed and the target is left as it was.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("output folder does not exist", source=str(folder), hint="create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=folder)
    os.close(fd)
    os.unlink(tmp)  # the writers create the file themselves (GDAL refuses an empty GPKG)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        for leftover in (tmp_path, Path(f"{tmp_path}-journal"), Path(f"{tmp_path}-wal")):
            if leftover.exists():
                leftover.unlink()


def write_gpkg(target: str | Path, layers: Mapping[str, pd.DataFrame]) -> Path:
    """Write several layers (spatial or plain tables) to one new GeoPackage, atomically.

    Parameters
    ----------
    target
        Output ``.gpkg`` path; an existing file is replaced only when all layers are written.
    layers
        Layer name to frame; a GeoDataFrame becomes a spatial layer, a DataFrame a table.
    """
    target = Path(target)
    with atomic_path(target) as tmp:
        for i, (name, frame) in enumerate(layers.items()):
            options = {"dataset_options": {"VERSION": GPKG_VERSION}} if i == 0 else {}
            if isinstance(frame, gpd.GeoDataFrame):
                pyogrio.write_dataframe(frame, tmp, layer=name, driver="GPKG", **options)
            else:
                pyogrio.write_dataframe(
                    pd.DataFrame(frame), tmp, layer=name, driver="GPKG", **options
                )
    return target


def write_text(target: str | Path, text: str) -> Path:
    """Write a text file (CSV, JSON) atomically, UTF-8."""
    target = Path(target)
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target
