"""QGIS features to GeoDataFrames and back; nothing else (no widgets, no domain rules).

Any QGIS vector source works: files, memory layers, PostGIS, a Processing source limited to
the selected features. Feature ids become the frame's index, so that problems the core reports
by row name the feature ids the user sees in QGIS. Curved geometries are segmentised and M
values dropped (the core works on linear 2D geometry).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeedback,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProviderRegistry,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from gbda_core.feedback import Cancelled

#: shapely type id -> geometry kind; -1 (missing) and collections have none.
_KINDS = {0: "point", 4: "point", 1: "line", 2: "line", 5: "line", 3: "polygon", 6: "polygon"}
_WKB = {
    ("point", False): QgsWkbTypes.Point,
    ("point", True): QgsWkbTypes.MultiPoint,
    ("line", False): QgsWkbTypes.LineString,
    ("line", True): QgsWkbTypes.MultiLineString,
    ("polygon", False): QgsWkbTypes.Polygon,
    ("polygon", True): QgsWkbTypes.MultiPolygon,
}


def describe_layer(layer) -> tuple[str, str]:
    """The layer's name and, when its source names another sublayer, that name.

    Used as ``source`` and ``layer`` in the core's problem reports.
    """
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    sublayer = str(parts.get("layerName") or "")
    return layer.name(), sublayer if sublayer != layer.name() else ""


def crs_to_pyproj(crs: QgsCoordinateReferenceSystem) -> str | None:
    """Return a CRS string pyproj understands (``EPSG:n`` or WKT); None for no CRS."""
    if not crs.isValid():
        return None
    if crs.authid().upper().startswith("EPSG:"):
        return crs.authid()
    return crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)


def crs_from_frame(frame: pd.DataFrame) -> QgsCoordinateReferenceSystem:
    """Return the QGIS CRS of a GeoDataFrame (invalid for a plain table or no CRS)."""
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None:
        return QgsCoordinateReferenceSystem()
    authority = frame.crs.to_authority()
    if authority and authority[0] == "EPSG":
        return QgsCoordinateReferenceSystem(f"EPSG:{authority[1]}")
    return QgsCoordinateReferenceSystem.fromWkt(frame.crs.to_wkt())


def _plain(value):
    """A QGIS attribute value as a plain Python value (NULL becomes None)."""
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    if hasattr(value, "toPyDateTime"):
        return value.toPyDateTime()
    if hasattr(value, "toPyDate"):
        return value.toPyDate()
    return value


def _wkb(geometry: QgsGeometry) -> bytes | None:
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    wkb_type = geometry.wkbType()
    if QgsWkbTypes.isCurvedType(wkb_type):
        geometry = QgsGeometry(geometry.constGet().segmentize())
    if QgsWkbTypes.hasM(geometry.wkbType()):
        geometry = QgsGeometry(geometry.constGet().clone())
        geometry.get().dropMValue()
    return bytes(geometry.asWkb())


def frame_from_features(
    features: Iterable[QgsFeature],
    fields: list[str],
    crs: QgsCoordinateReferenceSystem,
    *,
    source: str = "",
    layer: str = "",
    count: int = 0,
    feedback: QgsFeedback | None = None,
) -> gpd.GeoDataFrame:
    """Read features into a GeoDataFrame indexed by feature id, with the given attribute fields.

    ``source`` and ``layer`` are kept in ``frame.attrs`` for the core's problem reports.
    ``count`` (when known) drives ``feedback`` progress; cancelling raises the core's
    :class:`~gbda_core.feedback.Cancelled`.
    """
    ids: list[int] = []
    geometries: list[bytes | None] = []
    values: dict[str, list] = {name: [] for name in fields}
    for i, feature in enumerate(features):
        if feedback is not None and i % 1000 == 0:
            if feedback.isCanceled():
                raise Cancelled("cancelled by the user")
            if count:
                feedback.setProgress(100.0 * i / count)
        ids.append(feature.id())
        geometries.append(_wkb(feature.geometry()))
        for name in fields:
            values[name].append(_plain(feature[name]))
    index = pd.Index(np.asarray(ids, dtype=np.int64), name="fid")
    geometry = shapely.from_wkb(np.asarray(geometries, dtype=object))
    frame = gpd.GeoDataFrame(
        {
            name: pd.Series(column, index=index, dtype=_dtype(column))
            for name, column in values.items()
        },
        geometry=gpd.GeoSeries(geometry, index=index),
        crs=crs_to_pyproj(crs),
    )
    frame.attrs["source"] = source
    frame.attrs["layer"] = layer
    frame.attrs["row_label"] = "feature id"  # the index holds the QGIS feature ids
    return frame


def _dtype(column: list) -> str | None:
    """object for text, None (pandas decides) for numbers, so NULL numbers become NaN."""
    present = [v for v in column if v is not None]
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return None
    return "object"


def qgs_fields(frame: pd.DataFrame) -> QgsFields:
    """QGIS fields for the attribute columns of a frame (the geometry column left out)."""
    fields = QgsFields()
    geometry_name = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    for name, dtype in frame.dtypes.items():
        if name == geometry_name:
            continue
        if pd.api.types.is_bool_dtype(dtype):
            kind = QVariant.Bool
        elif pd.api.types.is_integer_dtype(dtype):
            kind = QVariant.LongLong
        elif pd.api.types.is_float_dtype(dtype):
            kind = QVariant.Double
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            kind = QVariant.DateTime
        else:
            kind = QVariant.String
        fields.append(QgsField(str(name), kind))
    return fields


def geometry_kinds(frame: pd.DataFrame) -> np.ndarray:
    """``point``, ``line``, ``polygon`` or ``""`` (missing, collection) per row."""
    if not isinstance(frame, gpd.GeoDataFrame):
        return np.full(len(frame), "", dtype=object)
    type_ids = shapely.get_type_id(frame.geometry.to_numpy())
    return np.array([_KINDS.get(int(t), "") for t in type_ids], dtype=object)


def wkb_type(frame: pd.DataFrame, kind: str | None = None):
    """The QGIS WKB type for a frame's geometries: single, or multi when any is multi-part.

    ``kind`` forces a geometry kind (for empty frames and to check that the frame fits it).
    """
    if not isinstance(frame, gpd.GeoDataFrame):
        return QgsWkbTypes.NoGeometry
    kinds = set(geometry_kinds(frame)) - {""}
    if kind is None:
        if len(kinds) != 1:
            raise ValueError(
                f"cannot write mixed or no geometry kinds {sorted(kinds)} as one layer"
            )
        kind = kinds.pop()
    elif kinds - {kind}:
        raise ValueError(f"{sorted(kinds - {kind})} geometries in a {kind} layer")
    multi = bool(np.isin(shapely.get_type_id(frame.geometry.to_numpy()), (4, 5, 6, 7)).any())
    result = _WKB[(kind, multi)]
    if shapely.has_z(frame.geometry.to_numpy()).any():
        result = QgsWkbTypes.addZ(result)
    return result


def features_of(frame: pd.DataFrame, fields: QgsFields, wkb) -> Iterator[QgsFeature]:
    """Yield one QgsFeature per row: attributes as plain values (NaN as NULL), geometry fitted
    to ``wkb`` (single parts promoted to multi, collections reduced to the layer's kind)."""
    names = [fields.at(i).name() for i in range(fields.count())]
    columns = [frame[name].to_numpy(dtype=object) for name in names]
    has_geometry = wkb != QgsWkbTypes.NoGeometry
    wkbs = shapely.to_wkb(frame.geometry.to_numpy()) if has_geometry else None
    for i in range(len(frame)):
        feature = QgsFeature(fields)
        feature.setAttributes([_to_qgis(column[i]) for column in columns])
        if has_geometry and wkbs[i] is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(wkbs[i])
            if QgsWkbTypes.flatType(geometry.wkbType()) == QgsWkbTypes.GeometryCollection:
                geometry = geometry.convertGeometryCollectionToSubclass(
                    QgsWkbTypes.geometryType(wkb)
                )
            if QgsWkbTypes.isMultiType(wkb) and not geometry.isMultipart():
                geometry.convertToMultiType()
            feature.setGeometry(geometry)
        yield feature


def _to_qgis(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def split_by_kind(frame: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """Split a mixed-geometry frame into ``point``, ``line`` and ``polygon`` frames.

    Rows of no kind (missing geometry, collections) come back under ``""``, to be reported.
    """
    kinds = geometry_kinds(frame)
    return {kind: frame.loc[kinds == kind] for kind in ("point", "line", "polygon", "")}


def as_gpkg(frame: gpd.GeoDataFrame, name: str = "input") -> tuple[str, str]:
    """Write a frame to a temporary GeoPackage, keeping its index as feature ids.

    For core readers that take a file: the feature ids the core reports stay those of the
    QGIS layer. Returns the path and the layer name.
    """
    from qgis.core import QgsProcessingUtils

    from gbda_core.output import write_gpkg

    path = QgsProcessingUtils.generateTempFilename(f"{_safe(name)}.gpkg")
    write_gpkg(path, {"input": frame.reset_index()})
    return path, "input"


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name) or "input"


def renamed_problems(problems: list, path: str, name: str) -> list:
    """Problems that name a temporary file (see :func:`as_gpkg`) name the QGIS layer instead."""
    from dataclasses import replace

    return [replace(p, source=name, layer="") if p.source == path else p for p in problems]


def frame_to_layer(frame: pd.DataFrame, name: str, kind: str | None = None):
    """A new memory layer holding the frame (a table layer when it has no geometry)."""
    from qgis.core import QgsMemoryProviderUtils

    fields = qgs_fields(frame)
    wkb = wkb_type(frame, kind)
    layer = QgsMemoryProviderUtils.createMemoryLayer(name, fields, wkb, crs_from_frame(frame))
    ok, _ = layer.dataProvider().addFeatures(list(features_of(frame, fields, wkb)))
    if not ok:
        raise RuntimeError(f"cannot add the features to the memory layer {name!r}")
    layer.updateExtents()
    return layer
