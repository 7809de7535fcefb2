"""Read any OGR vector source (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, ...) through pyogrio.

Paths may use the QGIS form ``file.gpkg|layername=NAME``. Every layer comes back in the working
CRS (EPSG:28992 by default, always a projected metric CRS) with the feature ids as the index, so
that problems can be reported by row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy.typing as npt
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from gbda_core.errors import ConfigError, InputError
from gbda_core.parallel import paused_gc
from gbda_core.readers.boxes import HAS_ARROW, as_boxes, envelope, meets_any, read_gpkg_near

#: Working CRS when the user names none: Amersfoort / RD New, the Dutch national grid (m).
DEFAULT_CRS = "EPSG:28992"


@dataclass(frozen=True)
class LayerSpec:
    """A file and, optionally, the layer in it."""

    path: Path
    layer: str | None = None

    def __str__(self) -> str:
        return f"{self.path}|layername={self.layer}" if self.layer else str(self.path)


def parse_layer_spec(text: str | Path | LayerSpec, layer: str | None = None) -> LayerSpec:
    """Parse ``path`` or the QGIS form ``path|layername=NAME`` into a :class:`LayerSpec`.

    An explicit ``layer`` argument wins over a layer named in the text.
    """
    if isinstance(text, LayerSpec):
        return LayerSpec(text.path, layer or text.layer)
    raw = str(text)
    path, _, options = raw.partition("|")
    named = None
    for option in filter(None, options.split("|")):
        key, _, value = option.partition("=")
        if key.strip().lower() != "layername" or not value:
            raise InputError(
                f"unsupported layer option {option!r}",
                source=path,
                hint="use path|layername=NAME",
            )
        named = value
    return LayerSpec(Path(path), layer or named)


def working_crs(crs: str | None = None) -> CRS:
    """Return the CRS to measure in; refuse a geographic (degree) CRS.

    Raises
    ------
    ConfigError
        If the CRS is unknown or not projected in metres.
    """
    try:
        parsed = CRS.from_user_input(crs or DEFAULT_CRS)
    except CRSError:
        raise ConfigError(f"unknown CRS {crs!r}", hint="e.g. EPSG:28992") from None
    unit = parsed.axis_info[0].unit_name if parsed.axis_info else ""
    if not parsed.is_projected or unit not in ("metre", "meter"):
        raise ConfigError(
            f"CRS {crs} does not measure in metres; areas would be wrong",
            hint="use a projected metric CRS such as EPSG:28992",
        )
    return parsed


def fields_hint(columns: Sequence[str]) -> str:
    """Return the hint for a missing field: the attribute fields the layer does have."""
    return f"fields are: {', '.join(c for c in columns if c != 'geometry') or 'none'}"


def list_layers(spec: LayerSpec) -> list[str]:
    """Return the layer names in a source; raise :class:`InputError` if it cannot be opened."""
    _check_exists(spec)
    try:
        return [str(name) for name, _ in pyogrio.list_layers(spec.path)]
    except (DataSourceError, DataLayerError, OSError) as exc:
        raise InputError(f"cannot open: {exc}", source=str(spec.path)) from None


def layer_fields(spec: str | Path | LayerSpec, what: str = "layer") -> list[str]:
    """Return the attribute field names of a layer (errors as in :func:`read_layer`)."""
    spec = parse_layer_spec(spec)
    layer = _choose_layer(spec, what)
    try:
        return [str(f) for f in pyogrio.read_info(spec.path, layer=layer)["fields"]]
    except (DataSourceError, DataLayerError, OSError) as exc:
        raise InputError(f"cannot read {what}: {exc}", source=str(spec.path), layer=layer) from None


def read_column(spec: str | Path | LayerSpec, column: str, what: str = "layer") -> pd.Series:
    """Read one attribute column without geometry (errors as in :func:`read_layer`)."""
    spec = parse_layer_spec(spec)
    layer = _choose_layer(spec, what)
    try:
        frame = pyogrio.read_dataframe(
            spec.path, layer=layer, columns=[column], read_geometry=False
        )
    except (DataSourceError, DataLayerError, FieldError, OSError) as exc:
        raise InputError(f"cannot read {what}: {exc}", source=str(spec.path), layer=layer) from None
    if column not in frame.columns:
        raise InputError(
            f"{what} has no field {column!r}",
            source=str(spec.path),
            layer=layer,
            hint=fields_hint([str(c) for c in frame.columns]),
        )
    values: pd.Series = frame[column]
    return values


def read_layer(
    spec: str | Path | LayerSpec,
    *,
    columns: Sequence[str] | None = None,
    required: Sequence[str] = (),
    crs: str | None = None,
    assume_crs: str | None = None,
    what: str = "layer",
    boxes: npt.ArrayLike | None = None,
) -> gpd.GeoDataFrame:
    """Read one vector layer into a GeoDataFrame in the working CRS.

    Parameters
    ----------
    spec
        Path, ``path|layername=NAME`` or a :class:`LayerSpec`. A source with several layers needs
        a layer name.
    columns
        Attribute columns to read (all when None). Missing ones raise :class:`InputError`.
    required
        Columns that must exist (a subset of ``columns`` when both are given).
    crs
        Working CRS, projected and metric (default EPSG:28992). The layer is reprojected to it.
    assume_crs
        CRS to assume when the source has none. Without it a source without CRS is refused.
    what
        What the layer is for ("areas layer", ...), used in error messages.
    boxes
        Optional box (xmin, ymin, xmax, ymax) or ``(k, 4)`` array of boxes in the working CRS
        (m): only features whose envelope meets one of them are read, through the source's
        spatial index where it has one (:mod:`gbda_core.readers.boxes`). Boxes are reprojected
        to the source's CRS as boxes covering them. A GeoPackage's R-tree stores envelopes
        rounded outwards to 32-bit floats, so it may add a feature whose envelope misses a box
        by less than that rounding (a few cm at RD coordinates).

    Returns
    -------
    geopandas.GeoDataFrame
        Indexed by the source's feature id (``fid``), geometry column ``geometry``.
    """
    spec = parse_layer_spec(spec)
    target = working_crs(crs)
    layer = _choose_layer(spec, what)
    src = str(spec.path)
    try:
        info = pyogrio.read_info(spec.path, layer=layer)
    except (DataSourceError, DataLayerError, OSError) as exc:
        raise InputError(f"cannot read {what}: {exc}", source=src, layer=layer) from None
    fields = [str(f) for f in info["fields"]]
    wanted = list(dict.fromkeys([*(columns or []), *required]))
    missing = [c for c in wanted if c not in fields]
    if missing:
        raise InputError(
            f"{what} has no field {', '.join(map(repr, missing))}",
            source=src,
            layer=layer,
            hint=fields_hint(fields),
        )
    if info.get("geometry_type") in (None, "Unknown") and not info.get("crs") and not fields:
        raise InputError(f"{what} has no geometry", source=src, layer=layer)
    if boxes is not None:
        boxes = as_boxes(boxes)
        if info.get("crs") and not CRS.from_user_input(info["crs"]).equals(target):
            # The filter works in the source's CRS; densified bounds cover each reprojected box.
            to_source = Transformer.from_crs(target, info["crs"], always_xy=True)
            boxes = as_boxes(
                [
                    to_source.transform_bounds(x0, y0, x1, y1, densify_pts=21)
                    for x0, y0, x1, y1 in boxes
                ]
            )
    try:
        columns_read = wanted if columns is not None else fields
        gdf = None if boxes is None else read_gpkg_near(spec.path, info, columns_read, boxes)
        cut = gdf is None and boxes is not None  # the filter below uses the boxes' envelope
        if gdf is None:
            with paused_gc():
                gdf = pyogrio.read_dataframe(
                    spec.path,
                    layer=layer,
                    columns=wanted if columns is not None else None,
                    fid_as_index=True,
                    use_arrow=HAS_ARROW,
                    bbox=None if boxes is None else envelope(boxes),
                )
    except (DataSourceError, DataLayerError, FieldError, GeometryError, OSError) as exc:
        raise InputError(f"cannot read {what}: {exc}", source=src, layer=layer) from None
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InputError(f"{what} has no geometry column", source=src, layer=layer)
    if cut and boxes is not None:
        # Keep only the rows near one of the boxes, not just near their envelope.
        gdf = gdf[meets_any(shapely.bounds(gdf.geometry.to_numpy()), boxes)]
    gdf.index.name = "fid"
    if boxes is not None and not gdf.index.is_monotonic_increasing:
        # A spatial index yields features in its own order; results must not depend on it.
        gdf = gdf.sort_index()
    return to_working_crs(gdf, target, assume_crs=assume_crs, source=src, layer=layer)


def to_working_crs(
    gdf: gpd.GeoDataFrame,
    target: CRS,
    *,
    assume_crs: str | None = None,
    source: str | None = None,
    layer: str | None = None,
) -> gpd.GeoDataFrame:
    """Reproject ``gdf`` to ``target``; a frame without CRS needs ``assume_crs``."""
    if gdf.crs is None:
        if assume_crs is None:
            raise InputError(
                "layer has no CRS",
                source=source,
                layer=layer,
                hint="name the CRS the coordinates are in with --assume-crs, e.g. EPSG:28992",
            )
        try:
            gdf = gdf.set_crs(CRS.from_user_input(assume_crs))
        except CRSError:
            raise ConfigError(f"unknown CRS {assume_crs!r}") from None
    if not gdf.crs.equals(target):
        gdf = gdf.to_crs(target)
    return gdf


def _check_exists(spec: LayerSpec) -> None:
    if not spec.path.exists():
        raise InputError("file not found", source=str(spec.path), hint="check the path")


def _choose_layer(spec: LayerSpec, what: str) -> str | None:
    names = list_layers(spec)
    if spec.layer is not None:
        if spec.layer not in names:
            raise InputError(
                f"has no layer {spec.layer!r}",
                source=str(spec.path),
                hint=f"layers are: {', '.join(names)}",
            )
        return spec.layer
    if len(names) > 1:
        raise InputError(
            f"has {len(names)} layers; say which one holds the {what}",
            source=str(spec.path),
            hint=f"use {spec.path}|layername=NAME with one of: {', '.join(names)}",
        )
    return names[0] if names else None
