"""Reading only the features near a set of boxes: the rows one partition of areas needs.

A dask partition needs the elements whose envelope comes near one of its areas' envelopes. One
bounding box around all of them holds far more rows than that (half the gemeenten of the
Netherlands span 70 % of the country), and a spatial filter on a file whose rows are not stored
in spatial order costs about twice a full read per row. A GeoPackage's R-tree answers each
area's box at almost no cost, so one SQL query asks it for every box; the matching rows are then
looked up in feature-id order, or, when they are many, taken from one in-order read of the table.
Other sources read the boxes' common envelope through their own filter, and their rows are cut
to the boxes themselves with :func:`meets_any`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyogrio
import shapely

from gbda_core.parallel import paused_gc
from gbda_core.readers.sql import q

try:
    import pyarrow as pa
except ImportError:  # pyogrio reads without Arrow then, and partitions look rows up
    pa = None
#: Whether pyogrio can read through Arrow (pyarrow installed).
HAS_ARROW = pa is not None

#: Above this share of a layer's rows, reading the whole table in order beats looking the rows
#: up one by one (measured on a 5,000,000-row GeoPackage: a sorted look-up costs about 20 times
#: a row of an in-order scan, and the scan skips making geometries of the rows not asked for).
SCAN_SHARE = 0.05
#: Field types the in-order scan turns into columns itself (others take the look-up path).
_SIMPLE_OGR_TYPES = ("OFTString", "OFTInteger", "OFTInteger64", "OFTReal")

#: SQLite refuses more than 500 terms in one compound SELECT; beyond this many boxes, nearby
#: boxes are merged into their envelope (more rows read, the exact cut stays the same).
MAX_QUERY_BOXES = 200

Boxes = npt.NDArray[np.float64]


def as_boxes(boxes: Any) -> Boxes:
    """``(k, 4)`` float array of xmin, ymin, xmax, ymax; a single box may be a 4-sequence."""
    array = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    if not np.isfinite(array).all():
        raise ValueError("boxes must be finite")
    return array


def envelope(boxes: Boxes) -> tuple[float, float, float, float]:
    """Return the envelope of all boxes (m)."""
    x0, y0 = boxes[:, :2].min(axis=0)
    x1, y1 = boxes[:, 2:].max(axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def meets_any(bounds: npt.NDArray[np.float64], boxes: Boxes) -> npt.NDArray[np.bool_]:
    """Which envelopes (``(n, 4)`` bounds, m) meet at least one box; touching counts.

    The boxes' edges cut the plane into a small grid of cells (edge lines and the open strips
    between them, so closed intervals stay exact); a summed-area table of the cells that some box
    covers then answers each envelope with four look-ups instead of one test per box. Rows with
    NaN bounds (empty geometries) meet nothing.
    """
    boxes = as_boxes(boxes)
    n = len(bounds)
    if n == 0 or len(boxes) == 0:
        return np.zeros(n, dtype=bool)
    xs = np.unique(boxes[:, [0, 2]])
    ys = np.unique(boxes[:, [1, 3]])
    covered = np.zeros((2 * len(xs) + 1, 2 * len(ys) + 1), dtype=np.int64)
    for (i0, i1), (j0, j1) in zip(
        _cells(xs, boxes[:, [0, 2]]), _cells(ys, boxes[:, [1, 3]]), strict=True
    ):
        covered[i0 : i1 + 1, j0 : j1 + 1] = 1  # a loop over the boxes, not the features
    table = np.zeros((covered.shape[0] + 1, covered.shape[1] + 1), dtype=np.int64)
    table[1:, 1:] = covered.cumsum(axis=0).cumsum(axis=1)
    finite = np.isfinite(bounds).all(axis=1)
    safe = np.where(finite[:, None], bounds, 0.0)
    ix = _cells(xs, safe[:, [0, 2]])
    jy = _cells(ys, safe[:, [1, 3]])
    i0, i1 = ix[:, 0], ix[:, 1] + 1
    j0, j1 = jy[:, 0], jy[:, 1] + 1
    count = table[i1, j1] - table[i0, j1] - table[i1, j0] + table[i0, j0]
    hit: npt.NDArray[np.bool_] = (count > 0) & finite
    return hit


def _cells(edges: npt.NDArray[np.float64], values: npt.NDArray[np.float64]) -> Any:
    """Cell index of each value: odd on an edge line (2i + 1), even in the strip before it."""
    i = np.searchsorted(edges, values, side="left")
    on_edge = edges[np.minimum(i, len(edges) - 1)] == values
    return np.where(on_edge, 2 * i + 1, 2 * i)


def merged_boxes(boxes: Boxes, limit: int = MAX_QUERY_BOXES) -> Boxes:
    """At most ``limit`` boxes covering ``boxes``: neighbours merged into their envelope.

    Boxes are grouped by the cell of a coarse grid (``floor(sqrt(limit))`` cells a side) that
    their centre falls in.
    """
    boxes = as_boxes(boxes)
    if len(boxes) <= limit:
        return boxes
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    low = centres.min(axis=0)
    span = float(max((centres.max(axis=0) - low).max(), 1e-9))
    cells = int(np.sqrt(limit))
    key = np.minimum(np.floor((centres - low) / span * cells).astype(np.int64), cells - 1)
    group = np.unique(key[:, 0] * cells + key[:, 1], return_inverse=True)[1].ravel()
    merged = np.empty((group.max() + 1, 4))
    merged[:, :2] = np.inf
    merged[:, 2:] = -np.inf
    np.minimum.at(merged[:, 0], group, boxes[:, 0])
    np.minimum.at(merged[:, 1], group, boxes[:, 1])
    np.maximum.at(merged[:, 2], group, boxes[:, 2])
    np.maximum.at(merged[:, 3], group, boxes[:, 3])
    return merged


def read_gpkg_near(
    path: str | Path, info: dict[str, Any], columns: Sequence[str], boxes: Boxes
) -> gpd.GeoDataFrame | None:
    """Read the rows of a GeoPackage layer whose R-tree entry meets a box; None without R-tree.

    ``info`` is :func:`pyogrio.read_info` of the layer. The R-tree holds each envelope rounded
    outwards to 32-bit floats, so a row whose envelope misses a box by less than that rounding
    can come too (:func:`meets_any` on the rows' bounds cuts that off exactly). A few rows are
    looked up one by one, in feature-id order; when they are more than :data:`SCAN_SHARE` of the
    layer, the whole table is read in order (as Arrow, without making geometries) and only the
    rows asked for become geometries.
    """
    capabilities = info.get("capabilities") or {}
    table, geom, fid = info.get("layer_name"), info.get("geometry_name"), info.get("fid_column")
    if info.get("driver") != "GPKG" or not capabilities.get("fast_spatial_filter"):
        return None
    if not (table and geom and fid):
        return None
    rtree = q(f"rtree_{table}_{geom}")
    ids_sql = " UNION ALL ".join(
        f"SELECT id FROM {rtree} WHERE maxx >= {x0!r} AND minx <= {x1!r} "
        f"AND maxy >= {y0!r} AND miny <= {y1!r}"
        for x0, y0, x1, y1 in merged_boxes(boxes).tolist()
    )
    types = dict(zip(info["fields"], info.get("ogr_types") or [], strict=False))
    simple = all(types.get(c) in _SIMPLE_OGR_TYPES for c in columns)
    if HAS_ARROW and simple:
        ids = np.unique(pyogrio.read_arrow(path, sql=ids_sql)[1].column(0).to_numpy())
        if len(ids) > SCAN_SHARE * int(info.get("features") or 0):
            return _scan(path, table, columns, ids)
    selected = ", ".join(q(c) for c in [fid, *columns, geom])
    sql = f"SELECT {selected} FROM {q(table)} WHERE {q(fid)} IN ({ids_sql})"
    with paused_gc():
        return pyogrio.read_dataframe(path, sql=sql, fid_as_index=True, use_arrow=HAS_ARROW)


def _scan(
    path: str | Path, layer: str, columns: Sequence[str], ids: npt.NDArray[np.int64]
) -> gpd.GeoDataFrame:
    """Read the layer in order as Arrow batches; make a frame of the rows with ids ``ids``.

    Only the rows asked for are kept from each batch, so memory holds them and one batch.
    """
    kept = []
    with pyogrio.open_arrow(
        path, layer=layer, columns=list(columns), return_fids=True, use_pyarrow=True
    ) as (meta, reader):
        fid_name = meta.get("fid_column") or "OGC_FID"
        for batch in reader:
            fids = batch.column(fid_name).to_numpy()
            at = np.minimum(np.searchsorted(ids, fids), len(ids) - 1)  # ids are sorted
            hit = ids[at] == fids
            if hit.any():
                kept.append(batch.filter(pa.array(hit)))
        schema = reader.schema
    rows = pa.Table.from_batches(kept, schema=schema)
    fids = rows.column(fid_name).to_numpy()
    if len(fids) > 1 and not (np.diff(fids) > 0).all():  # a table scan comes in id order
        order = np.argsort(fids, kind="stable")
        rows, fids = rows.take(order), fids[order]
    frame = rows.select(list(columns)).to_pandas()
    frame.index = pd.Index(fids, name="fid")
    with paused_gc():
        wkb = rows.column(meta.get("geometry_name") or "wkb_geometry").to_numpy(
            zero_copy_only=False
        )
        geometry = shapely.from_wkb(wkb)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=meta.get("crs"))
