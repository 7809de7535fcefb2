r"""The raster engine: GBDA share per area from a classified land-cover raster.

For every area the land that counts is built as polygons, exactly as in the vector engine
(:func:`gbda_core.share.denominator_regions`: area ∩ rural layer − excluded land). Then
exactextract measures, per region, how much of each raster value lies inside it, with the exact
fraction of every pixel that the region's border cuts. So exclusions are exact too: a pixel
half in NNN counts half. Pixels are never read all at once: exactextract reads, per region, the
window the region covers, in blocks of at most ``max_cells`` pixels.

- ``rural_ha``: the valid (non-nodata) raster area inside the region;
- ``element_ha``: the part of it whose values the class mapping names as elements
  (:mod:`gbda_core.raster_classes`); ``woody_ha``, ``wet_ha``, ``herb_ha`` by category;
- ``nodata_ha``: land of the region without raster data (nodata, or outside the raster);
- ``resolution_m``: the raster's pixel size (the coarser side for non-square pixels);
- ``line_km`` and ``n_elements`` are null: a raster has no lines and no features.

All areas are measured in the raster's CRS (the areas are reprojected to it); it must be a
projected metric CRS. Several tiles may be given: they must share CRS and pixel size and must
not overlap; each area's figures are the sums over the tiles.

.. math:: share\_pct = 100 \cdot element\_ha / rural\_ha
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import rasterio
import shapely
from exactextract import exact_extract
from exactextract.raster import RasterioRasterSource
from pyproj import CRS
from pyproj.exceptions import CRSError
from rasterio.errors import RasterioIOError

from gbda_core.denominator import DenominatorProfile, get_profile
from gbda_core.errors import ConfigError, InputError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.parallel import paused_gc
from gbda_core.problems import Problem
from gbda_core.raster_classes import RasterClasses
from gbda_core.readers.ogr import working_crs
from gbda_core.share import (
    BREAKDOWN_COLUMNS,
    ShareResult,
    denominator_regions,
    indicator_columns,
    prepare_areas,
)
from gbda_core.targets import Targets
from gbda_core.vocabulary import Category

#: Extra result columns of the raster engine, after :data:`gbda_core.share.AREA_COLUMNS`.
RASTER_COLUMNS = ("nodata_ha", "resolution_m")
#: Pixels exactextract holds in memory at once (per block of a region's window): about 100 MB.
MAX_CELLS = 8_000_000
#: Land without raster data is reported from this share of a region's area on (rounding below).
NODATA_REPORT_FRACTION = 1e-6


@dataclass(frozen=True)
class RasterTile:
    """One raster file (a tile, a COG or a VRT) and its grid."""

    path: Path
    crs: CRS
    resolution: tuple[float, float]
    bounds: tuple[float, float, float, float]


def open_tiles(
    paths: Sequence[str | Path], *, crs: str | None = None, assume_crs: str | None = None
) -> tuple[list[RasterTile], CRS]:
    """Check the raster files and return them with the working CRS (the rasters' own).

    Raises
    ------
    InputError
        For a missing or unreadable file, a raster without CRS (unless ``assume_crs``), a CRS
        in degrees, a rotated grid, a ``crs`` other than the raster's, tiles with different
        CRS or pixel size, and tiles that overlap.
    """
    if not paths:
        raise InputError("no raster given", hint="give --raster PATH")
    tiles = [_open_tile(Path(p), assume_crs) for p in paths]
    first = tiles[0]
    for tile in tiles[1:]:
        if not tile.crs.equals(first.crs) or not np.allclose(tile.resolution, first.resolution):
            raise InputError(
                "tile differs in CRS or pixel size from the first tile",
                source=str(tile.path),
                hint=f"all tiles must be like {first.path} (or make one VRT with gdalbuildvrt)",
            )
    _check_no_overlap(tiles)
    try:
        target = working_crs(first.crs.to_wkt())
    except ConfigError:
        raise InputError(
            f"raster CRS {first.crs.name} does not measure in metres; areas would be wrong",
            source=str(first.path),
            hint="warp it to a projected CRS, e.g. gdalwarp -t_srs EPSG:28992",
        ) from None
    if crs is not None and not working_crs(crs).equals(target):
        raise InputError(
            f"raster is in {first.crs.name}, not in the asked CRS {crs}",
            source=str(first.path),
            hint=f"leave --crs out to work in the raster's CRS, or gdalwarp -t_srs {crs}",
        )
    return tiles, target


def _open_tile(path: Path, assume_crs: str | None) -> RasterTile:
    if not path.exists():
        raise InputError("file not found", source=str(path), hint="check the path")
    try:
        with rasterio.open(path) as ds:
            transform, crs, width, height = ds.transform, ds.crs, ds.width, ds.height
            left, bottom, right, top = (float(b) for b in ds.bounds)
            bounds = (left, bottom, right, top)
    except RasterioIOError as exc:
        raise InputError(f"cannot open raster: {exc}", source=str(path)) from None
    if transform.b != 0 or transform.d != 0:
        raise InputError(
            "raster grid is rotated", source=str(path), hint="warp it to a north-up grid"
        )
    if crs is None:
        if assume_crs is None:
            raise InputError(
                "raster has no CRS",
                source=str(path),
                hint="name the CRS with --assume-crs, e.g. EPSG:28992",
            )
        try:
            parsed = CRS.from_user_input(assume_crs)
        except CRSError:
            raise ConfigError(f"unknown CRS {assume_crs!r}") from None
    else:
        parsed = CRS.from_user_input(crs.to_wkt())
    resolution = ((bounds[2] - bounds[0]) / width, (bounds[3] - bounds[1]) / height)
    return RasterTile(path, parsed, resolution, bounds)


def _check_no_overlap(tiles: list[RasterTile]) -> None:
    boxes = shapely.box(*np.array([t.bounds for t in tiles]).T)
    a, b = shapely.STRtree(boxes).query(boxes, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    shared = shapely.area(shapely.intersection(boxes[a], boxes[b]))
    if (shared > 0).any():
        i = int(np.flatnonzero(shared > 0)[0])
        raise InputError(
            f"tiles overlap: {tiles[a[i]].path} and {tiles[b[i]].path}",
            hint="pixels would count twice; give non-overlapping tiles or one VRT",
        )


def compute_share_raster(
    areas: gpd.GeoDataFrame,
    rasters: Sequence[str | Path],
    classes: RasterClasses,
    *,
    id_field: str,
    exclusions: Mapping[str, gpd.GeoDataFrame] | None = None,
    rural_area: gpd.GeoDataFrame | None = None,
    profile: str | DenominatorProfile = "aanvalsplan",
    targets: Targets | None = None,
    crs: str | None = None,
    assume_crs: str | None = None,
    max_cells: int = MAX_CELLS,
    feedback: Feedback = SILENT,
) -> ShareResult:
    """Compute the GBDA share per area from a classified raster.

    Parameters
    ----------
    areas
        Polygons with a unique ``id_field``; reprojected to the raster's CRS.
    rasters
        One raster file (GeoTIFF, COG, VRT, anything GDAL reads), or non-overlapping tiles.
    classes
        Raster value to element class (:func:`gbda_core.raster_classes.parse_classes`).
    id_field
        Field of ``areas`` that identifies each area (becomes ``area_id``).
    exclusions, rural_area, profile
        The denominator, as in :func:`gbda_core.share.compute_share`.
    targets
        Target shares and 2030 reading (default 5 % in 2030, 10 % in 2050, absolute).
    crs
        Working CRS; must be the raster's (default: the raster's own).
    assume_crs
        CRS of a raster that has none.
    max_cells
        Pixels read into memory at once, per block.
    feedback
        Progress and cancellation.

    Returns
    -------
    ShareResult
        The columns of the vector engine (areas in ha, shares in % of ``rural_ha``) plus
        ``nodata_ha`` and ``resolution_m`` (m); ``line_km`` and ``n_elements`` are null.
    """
    tiles, target_crs = open_tiles(rasters, crs=crs, assume_crs=assume_crs)
    targets = targets or Targets()
    prof = get_profile(profile)
    with paused_gc():
        area_frame, area_geoms, problems = prepare_areas(areas, id_field, target_crs)
        regions, region_problems = denominator_regions(
            area_geoms, exclusions, rural_area, prof, target_crs, feedback
        )
    problems += region_problems
    labels = classes.labels()
    valid_m2 = np.zeros(len(regions))
    class_m2 = np.zeros((len(regions), len(labels)))
    feedback.step("measuring raster classes per area", total=len(tiles))
    for tile in tiles:
        tile_valid, tile_classes = value_areas(tile, regions, classes, labels, max_cells)
        valid_m2 += tile_valid
        class_m2 += tile_classes
        feedback.advance()
        feedback.check()

    region_m2 = shapely.area(regions)
    nodata_m2 = np.maximum(region_m2 - valid_m2, 0.0)
    categories = np.array([c.category for c in labels], dtype=object)
    columns = indicator_columns(
        area_frame["area_id"].to_numpy(),
        shapely.area(area_geoms),
        valid_m2,
        class_m2.sum(axis=1),
        {cat: class_m2[:, categories == cat].sum(axis=1) for cat in Category},
        targets,
    )
    resolution = max(tiles[0].resolution)
    columns["nodata_ha"] = nodata_m2 / 1e4
    columns["resolution_m"] = np.full(len(regions), resolution)
    result = gpd.GeoDataFrame(columns, geometry=area_geoms, crs=target_crs)
    problems += nodata_problems(columns["area_id"], nodata_m2, region_m2)

    a_idx, c_idx = np.nonzero(class_m2 > 0)
    breakdown = pd.DataFrame(
        {
            "area_id": columns["area_id"][a_idx],
            # Object, so that a class without a type keeps None (pandas 3 infers str, with NaN).
            "element_type": pd.Series([labels[c].element_type for c in c_idx], dtype=object),
            "category": [str(labels[c].category) for c in c_idx],
            "element_ha": class_m2[a_idx, c_idx] / 1e4,
            "line_km": np.full(len(a_idx), np.nan),
            "n_elements": pd.array([pd.NA] * len(a_idx), dtype="Int64"),
        },
        columns=list(BREAKDOWN_COLUMNS),
    )
    breakdown["raster_class"] = [labels[c].label for c in c_idx]
    settings: dict[str, Any] = {
        "engine": "raster",
        "profile": prof.name,
        "profile_excludes": sorted(prof.excluded - {"other"}),
        "crs": target_crs.to_string(),
        "target_2030_pct": targets.target_2030_pct,
        "target_2050_pct": targets.target_2050_pct,
        "reading_2030": targets.reading_2030,
        "rural_area_layer": rural_area is not None,
        "rasters": [str(t.path) for t in tiles],
        "resolution_m": resolution,
        "classes": {f"{v:g}": c.label for v, c in classes.classes.items()},
        "nodata_values": sorted(f"{v:g}" for v in classes.nodata),
    }
    return ShareResult(result, breakdown, problems, settings)


def value_areas(
    tile: RasterTile,
    regions: npt.NDArray[np.object_],
    classes: RasterClasses,
    labels: list[Any],
    max_cells: int = MAX_CELLS,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return per region the valid raster area (m²) and the area (m²) of each class in ``labels``.

    Pixel areas are weighted by the fraction of the pixel inside the region (exactextract's
    coverage fraction). Values mapped to nodata count as the raster's own nodata: nowhere.
    """
    n = len(regions)
    valid = np.zeros(n)
    per_class = np.zeros((n, len(labels)))
    box = shapely.box(*tile.bounds)
    todo = np.flatnonzero(~shapely.is_empty(regions) & shapely.intersects(regions, box))
    if len(todo) == 0:
        return valid, per_class
    zones = gpd.GeoDataFrame({"zone": todo}, geometry=regions[todo], crs=tile.crs)
    cell_m2 = tile.resolution[0] * tile.resolution[1]
    label_index = {label: i for i, label in enumerate(labels)}
    class_of = {v: label_index[c] for v, c in classes.classes.items()}
    try:
        with rasterio.open(tile.path) as ds:
            table = exact_extract(
                RasterioRasterSource(ds),
                zones,
                ["count", "unique", "frac"],
                include_cols=["zone"],
                output="pandas",
                max_cells_in_memory=max_cells,
            )
    except (RasterioIOError, RuntimeError) as exc:
        raise InputError(f"cannot read raster: {exc}", source=str(tile.path)) from None
    for zone, count, values, fracs in zip(  # one iteration per area, not per pixel
        table["zone"], table["count"], table["unique"], table["frac"], strict=True
    ):
        if count <= 0:
            continue
        value_m2 = np.asarray(fracs, dtype=float) * (count * cell_m2)
        values = np.asarray(values, dtype=float)
        counted = ~np.isin(values, list(classes.nodata))
        valid[zone] = value_m2[counted].sum()
        which = np.array([class_of.get(v, -1) for v in values[counted]], dtype=np.intp)
        hit = which >= 0
        per_class[zone] = np.bincount(
            which[hit], weights=value_m2[counted][hit], minlength=len(labels)
        )
    return valid, per_class


def nodata_problems(
    area_id: npt.NDArray[Any], nodata_m2: npt.NDArray[np.float64], region_m2: npt.NDArray[Any]
) -> list[Problem]:
    """Report the areas with land (m²) that has no raster data, in one problem."""
    lacking = nodata_m2 > np.maximum(region_m2 * NODATA_REPORT_FRACTION, 0.01)
    if not lacking.any():
        return []
    ids = [str(a) for a in area_id[lacking]]
    shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
    # The figures go in the value, which reports show beside a message in either language.
    return [
        Problem(
            "raster_nodata",
            "areas with land without raster data (nodata or outside the raster); that land is "
            "left out of rural_ha",
            "not_counted",
            value=f"{nodata_m2[lacking].sum() / 1e4:.2f} ha in {shown}",
            count=len(ids),
        )
    ]


def share_raster_from_files(
    areas: str | Path,
    rasters: Sequence[str | Path],
    classes: RasterClasses,
    *,
    id_field: str,
    exclude: Sequence[str] = (),
    rural: str | Path | None = None,
    profile: str = "aanvalsplan",
    targets: Targets | None = None,
    crs: str | None = None,
    assume_crs: str | None = None,
    feedback: Feedback = SILENT,
    dask: Any = None,
) -> ShareResult:
    """Read the areas (and exclusion or rural layers) by path and compute the raster share.

    Paths as in :func:`gbda_core.jobs.share_from_files`; with ``dask``
    (:class:`gbda_core.distributed.DaskOptions`) the areas are spread over a dask cluster.
    """
    from gbda_core.jobs import read_denominator_layers, read_tagged

    _, target = open_tiles(rasters, crs=crs, assume_crs=assume_crs)
    if dask is not None:
        from gbda_core.distributed import share_raster_on_dask

        return share_raster_on_dask(
            dask,
            areas,
            rasters,
            classes,
            id_field=id_field,
            exclude=exclude,
            rural=rural,
            profile=profile,
            targets=targets,
            crs=crs,
            assume_crs=assume_crs,
            feedback=feedback,
        )
    work_crs = target.to_wkt()
    feedback.step("reading layers")
    area_frame = read_tagged(
        areas, columns=[id_field], crs=work_crs, assume_crs=assume_crs, what="areas layer"
    )
    exclusions, rural_frame = read_denominator_layers(
        exclude, rural, crs=work_crs, assume_crs=assume_crs
    )
    return compute_share_raster(
        area_frame,
        rasters,
        classes,
        id_field=id_field,
        exclusions=exclusions,
        rural_area=rural_frame,
        profile=profile,
        targets=targets,
        crs=crs,
        assume_crs=assume_crs,
        feedback=feedback,
    )
