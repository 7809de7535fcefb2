"""Generate the raster benchmark inputs: a classified 5 m raster over one province.

Burns the generated polygon elements (``elements_<n>.gpkg`` from ``make_data.py``) that lie in
the province into a tiled, compressed GeoTIFF (``generated/landcover_<prov>_<n>.tif``), row
block by row block so memory stays bounded, and writes the province's gemeenten as zones
(``generated/zones_<prov>.gpkg``, a gemeente belongs to the province that holds its
representative point). Values: 1 woody (heg, houtwal, bosje), 2 wet (poel,
natuurvriendelijke oever), 3 herb (kruidenrijke akkerrand), 0 other land, 255 nodata outside
the province. Woody is burnt last, so it wins where elements overlap (as in gbda).

Usage: ``python benchmarks/make_raster.py [--n 1000000] [--province PV26] [--pixel 5]``
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pyogrio
import rasterio
import shapely
from make_data import CRS, GEMEENTEN, WORK, paths, tag
from rasterio import features
from rasterio.transform import from_origin
from rasterio.windows import Window

CLASS_OF_TYPE = {
    "heg": 1,
    "houtwal": 1,
    "bosje": 1,
    "poel": 2,
    "natuurvriendelijke_oever": 2,
    "kruidenrijke_akkerrand": 3,
}
CLASSES_SPEC = "1=houtig;2=nat;3=kruidig"
NODATA = 255
BLOCK_ROWS = 1024


def raster_paths(n: int, province: str, work: Path = WORK) -> dict[str, Path]:
    """The files written for N elements and a province code."""
    return {
        "raster": work / f"landcover_{province}_{tag(n)}.tif",
        "zones": work / f"zones_{province}.gpkg",
        "stats": work / f"landcover_{province}_{tag(n)}.json",
    }


def make(
    n: int, province: str, pixel: float, gemeenten: Path = GEMEENTEN, work: Path = WORK
) -> dict:
    """Write zones and raster; return statistics."""
    t0 = time.perf_counter()
    out = raster_paths(n, province, work)
    prov = pyogrio.read_dataframe(gemeenten, layer="provincies_dissolved")
    shape = prov.loc[prov["provincieCode"] == province, "geometry"]
    if shape.empty:
        raise SystemExit(f"no province {province} in {gemeenten}")
    outline = shape.iloc[0]
    gem = pyogrio.read_dataframe(gemeenten, layer="gemeenten", columns=["statcode"])
    inside = shapely.contains(outline, gem.representative_point().to_numpy())
    zones = gem[inside]
    zones.to_file(out["zones"], layer="zones", driver="GPKG")

    x0, y0, x1, y1 = shapely.total_bounds(zones.geometry.to_numpy())
    x0, y0 = np.floor(x0 / pixel) * pixel, np.floor(y0 / pixel) * pixel
    width, height = int(np.ceil((x1 - x0) / pixel)), int(np.ceil((y1 - y0) / pixel))
    transform = from_origin(x0, y0 + height * pixel, pixel, pixel)
    elements = pyogrio.read_dataframe(
        paths(n, work)["polygons"], layer="elements", bbox=(x0, y0, x1, y1)
    )
    classes = elements["element_type"].map(CLASS_OF_TYPE).fillna(0).astype(np.uint8).to_numpy()
    # Herb first, woody last: the later burn wins where elements overlap.
    order = np.argsort(-classes.astype(int), kind="stable")
    geoms, classes = elements.geometry.to_numpy()[order], classes[order]
    tree = shapely.STRtree(geoms)
    profile = {
        "driver": "GTiff", "width": width, "height": height, "count": 1, "dtype": "uint8",
        "crs": CRS, "transform": transform, "nodata": NODATA, "tiled": True,
        "blockxsize": 512, "blockysize": 512, "compress": "deflate", "BIGTIFF": "IF_SAFER",
    }  # fmt: skip
    with rasterio.open(out["raster"], "w", **profile) as ds:
        for row in range(0, height, BLOCK_ROWS):
            rows = min(BLOCK_ROWS, height - row)
            win = Window(0, row, width, rows)
            win_transform = ds.window_transform(win)
            top = y0 + (height - row) * pixel
            box = shapely.box(x0, top - rows * pixel, x0 + width * pixel, top)
            block = features.rasterize(
                [(outline, 0)], out_shape=(rows, width), transform=win_transform,
                fill=NODATA, dtype="uint8",
            )  # fmt: skip
            hits = np.sort(tree.query(box))
            if len(hits):
                burnt = features.rasterize(
                    zip(geoms[hits], classes[hits], strict=True), out_shape=(rows, width),
                    transform=win_transform, fill=0, dtype="uint8",
                )  # fmt: skip
                block = np.where((block != NODATA) & (burnt > 0), burnt, block)
            ds.write(block, 1, window=win)
    stats = {
        "n": n,
        "province": province,
        "pixel_m": pixel,
        "width": width,
        "height": height,
        "pixels": width * height,
        "zones": len(zones),
        "elements_in_bbox": len(elements),
        "raster_mib": round(out["raster"].stat().st_size / 2**20, 1),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    out["stats"].write_text(json.dumps(stats, indent=2))
    return stats


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="element file to burn")
    parser.add_argument("--province", default="PV26", help="provincieCode (PV26 = Utrecht)")
    parser.add_argument("--pixel", type=float, default=5.0, help="pixel size in m")
    parser.add_argument("--force", action="store_true", help="rewrite existing files")
    args = parser.parse_args()
    out = raster_paths(args.n, args.province)
    if not args.force and out["raster"].exists() and out["zones"].exists():
        print(f"exists: {out['raster'].name} (use --force to rewrite)")
        return
    print(json.dumps(make(args.n, args.province, args.pixel), indent=2))


if __name__ == "__main__":
    main()
