"""Low-level reading of IMGeo CityGML files straight from a PDOK BGT zip (GDAL ``/vsizip/``).

GDAL's schema guessing is not used: it merges the second geometry of a begroeidterreindeel (the
``kruinlijn`` of a slope, a LineString without ``srsName``) into the main one, which loses the
polygon, and then drops the layer's CRS. Each file is instead read with a generated GDAL
``.gfs`` template naming the ``geometrie2d...`` element as the only geometry and only the
attributes needed. Curved geometries (``gml:Arc``) are linearised by GDAL on the non-Arrow read
path of pyogrio; the Arrow path refuses curves.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from gbda_core.errors import InputError
from gbda_core.feedback import Feedback
from gbda_core.readers.bgt_classes import normalised

#: CRS of every BGT download (Amersfoort / RD New).
BGT_CRS = "EPSG:28992"

#: Attributes always read, as column name -> element path below the feature element.
ALWAYS = {
    "lokaalID": "identificatie|NEN3610ID|lokaalID",
    "eindRegistratie": "eindRegistratie",
    "bgt-status": "bgt-status",
    "plus-status": "plus-status",
    "inOnderzoek": "inOnderzoek",
}
#: Status values of objects that are not (yet, or any more) in the terrain.
NOT_CURRENT = {"bgt-status": ("plan",), "plus-status": ("plan", "historie")}

#: GDAL settings while reading. GDAL takes a CityGML ``posList`` without ``srsDimension`` as
#: 3D; IMGeo geometries (``geometrie2d...``) are 2D by definition.
GML_CONFIG = {"GML_SRS_DIMENSION_IF_MISSING": "2"}

_FEATURE_RE = re.compile(rb"<(?:[\w.-]+:)?cityObjectMember\b[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)")
_GEOMETRY_RE = re.compile(rb"<(?:[\w.-]+:)?(geometrie2d[\w.-]*)[\s>/]")
_SNIFF_LIMIT = 4 << 20


def zip_members(path: Path) -> dict[str, str]:
    """Return lower-case file name -> member path of the ``.gml`` files in a zip.

    Raises
    ------
    InputError
        The file does not exist or is not a readable zip.
    """
    if not path.is_file():
        raise InputError("file not found", source=str(path), hint="check the path")
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"not a readable zip file: {exc}", source=str(path)) from None
    return {PurePosixPath(n).name.lower(): n for n in names if n.lower().endswith(".gml")}


def sniff(path: Path, member: str) -> tuple[str, str] | None:
    """Return (feature element, geometry element) of a CityGML member; None when it is empty."""
    head = b""
    feature = geometry = None
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
            while len(head) < _SNIFF_LIMIT:
                chunk = fh.read(1 << 16)
                head += chunk
                feature = _FEATURE_RE.search(head)
                geometry = _GEOMETRY_RE.search(head, feature.end()) if feature else None
                if geometry or not chunk:
                    break
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise InputError(f"corrupt zip member: {exc}", source=str(path), layer=member) from None
    if b"CityModel" not in head[:4096]:
        raise InputError(
            "not an IMGeo CityGML file",
            source=str(path),
            layer=member,
            hint="download the BGT from PDOK in the CityGML format",
        )
    if feature is None:
        return None
    if geometry is None:
        raise InputError("first object has no geometrie2d element", source=str(path), layer=member)
    return feature.group(1).decode(), geometry.group(1).decode()


def gfs_template(feature: str, geometry: str, attributes: Sequence[str]) -> str:
    """Return a GDAL ``.gfs`` text that reads ``geometry`` and ``attributes`` of ``feature``."""
    props = {**ALWAYS, **{a: a for a in attributes if a not in ALWAYS}}
    fields = "".join(
        f"<PropertyDefn><Name>{escape(n)}</Name><ElementPath>{escape(p)}</ElementPath>"
        "<Type>String</Type></PropertyDefn>"
        for n, p in props.items()
    )
    return (
        f"<GMLFeatureClassList><GMLFeatureClass><Name>{escape(feature)}</Name>"
        f"<ElementPath>{escape(feature)}</ElementPath><GeomPropertyDefn><Name>geometry</Name>"
        f"<ElementPath>{escape(geometry)}</ElementPath><Type>Unknown</Type></GeomPropertyDefn>"
        f"<SRSName>{BGT_CRS}</SRSName>{fields}</GMLFeatureClass></GMLFeatureClassList>"
    )


def read_current(
    path: Path, member: str, attributes: Sequence[str], tmp: Path, feedback: Feedback
) -> gpd.GeoDataFrame:
    """Read the current objects of one zip member, in EPSG:28992.

    Parameters
    ----------
    path
        The zip.
    member
        Path of the ``bgt_<layer>.gml`` file inside the zip.
    attributes
        Attribute elements to read besides :data:`ALWAYS`; a missing one reads as null.
    tmp
        Folder for the generated ``.gfs`` template.
    feedback
        Receives the number of objects skipped as history or plan.

    Returns
    -------
    geopandas.GeoDataFrame
        String columns :data:`ALWAYS` plus ``attributes``; the index is the object's position
        (0-based) in the GML file, used as the row number in problems.
    """
    columns = [*ALWAYS, *(a for a in attributes if a not in ALWAYS)]
    schema = sniff(path, member)
    if schema is None:
        return gpd.GeoDataFrame(
            {c: pd.Series([], dtype=object) for c in columns},
            geometry=gpd.GeoSeries([], crs=BGT_CRS),
        )
    gfs = tmp / f"{PurePosixPath(member).stem}.gfs"
    gfs.write_text(gfs_template(*schema, attributes), encoding="utf-8")
    try:
        with _gdal_config(GML_CONFIG):
            frame = pyogrio.read_dataframe(
                f"/vsizip/{path.resolve().as_posix()}/{member}",
                columns=columns,
                use_arrow=False,
                GFS_TEMPLATE=str(gfs),
            )
    except (RuntimeError, OSError, ValueError) as exc:
        raise InputError(f"cannot read: {exc}", source=str(path), layer=member) from None
    ended = normalised(frame["eindRegistratie"]) != ""
    for column, values in NOT_CURRENT.items():
        ended |= np.isin(normalised(frame[column]), values)
    feedback.info(f"{member}: {int(ended.sum())} of {len(frame)} objects are history or plan")
    return frame.loc[~ended]


@contextmanager
def _gdal_config(options: dict[str, str]) -> Iterator[None]:
    """Set GDAL config options for the duration of a read, then restore the old values."""
    old = {key: pyogrio.get_gdal_config_option(key) for key in options}
    pyogrio.set_gdal_config_options(options)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(old)
