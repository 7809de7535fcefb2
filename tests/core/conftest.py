"""Helpers for the planning tests: small catalogues of made-up bouwstenen, in memory or on disk.

The planning code must work with any valid catalogue, so its unit tests never depend on the
shipped one. ``bouwsteen(...)`` builds one valid bouwsteen from the few fields that matter for
planning; everything else gets a neutral filler.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from natuurbouwstenen import Catalogue
from natuurbouwstenen.schema import Bouwsteen

_SRC = "assumption: test value"


def _dim(lo: float, typ: float, hi: float | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"min": lo, "typical": typ, "source": _SRC}
    if hi is not None:
        d["max"] = hi
    return d


def _cost(amount: float | None, unit: str) -> dict[str, Any]:
    if amount is None:
        return {"unit": unit, "source": "unknown: test", "estimate": False, "unknown": True}
    return {"amount": amount, "unit": unit, "source": "estimate: test", "estimate": True}


def make_bouwsteen(
    id: str,
    geometry: str = "line",
    *,
    positions: tuple[str, ...] = ("perceelsrand",),
    soils: tuple[str, ...] = ("veen", "klei", "zand"),
    wetness: tuple[str, ...] = ("nat", "vochtig", "droog"),
    counts_as: str = "heg",
    on_existing_feature: bool = False,
    group: str = "akker_en_rand",
    width: tuple[float, ...] | None = None,
    length: tuple[float, ...] | None = None,
    area: tuple[float, ...] | None = None,
    spacing: tuple[float, ...] | None = None,
    aanleg: tuple[float | None, str] = (10.0, "eur_per_m"),
    beheer: tuple[float | None, str] = (1.0, "eur_per_m"),
) -> Bouwsteen:
    """A valid bouwsteen; sizes default by geometry (line 2 m x 50-100 m, area 100-400 m²)."""
    dims: dict[str, Any] = {}
    if geometry == "line":
        dims["width_m"] = _dim(*(width or (1.0, 2.0, 4.0)))
        dims["length_m"] = _dim(*(length or (50.0, 100.0)))
        if spacing:
            dims["spacing_m"] = _dim(*spacing)
    else:
        dims["area_m2"] = _dim(*(area or ((100.0, 400.0, 2000.0) if geometry == "area" else
                                          (1.0, 20.0))))  # fmt: skip
        if width and geometry == "area":
            dims["width_m"] = _dim(*width)
    data = {
        "id": id,
        "name": id.replace("_", " ").capitalize(),
        "name_en": id.replace("_", " ") + " (en)",
        "description": "Beschrijving voor een test.",
        "description_en": "Description for a test.",
        "group": group,
        "geometry": geometry,
        "dimensions": dims,
        "counts_as": counts_as,
        "on_existing_feature": on_existing_feature,
        "soils": list(soils),
        "wetness": list(wetness),
        "positions": list(positions),
        "ecology": {"target_species": ["vogels"], "value": "Waarde voor een test."},
        "climate": {
            k: {"level": "unknown", "note": "test"}
            for k in ("water_retention", "cooling", "carbon", "erosion")
        },
        "management": {
            "actions": ["maaien"],
            "cycle": "jaarlijks",
            "season": "najaar",
            "anlb_package": "none",
        },
        "combinations": [],
        "costs": {"aanleg": _cost(*aanleg), "beheer_per_year": _cost(*beheer)},
        "sources": ["https://example.org/test"],
    }
    return Bouwsteen.model_validate(data)


def make_catalogue(*bouwstenen: Bouwsteen) -> Catalogue:
    """An in-memory catalogue, sorted by id as the loader sorts it."""
    return Catalogue(tuple(sorted(bouwstenen, key=lambda b: b.id)), "test")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value))
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "[" + ", ".join(_toml_value(v) for v in value) + "]"


def _toml_tables(data: dict[str, Any], prefix: str = "") -> list[str]:
    plain = [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    lines = ([f"[{prefix}]"] if prefix and plain else []) + plain
    for k, v in data.items():
        if isinstance(v, dict):
            lines += _toml_tables(v, f"{prefix}.{k}" if prefix else k)
    return lines


def write_catalogue(folder: Path, *bouwstenen: Bouwsteen) -> Path:
    """Write bouwstenen as TOML files (one per id) into ``folder``, for CLI tests."""
    folder.mkdir(parents=True, exist_ok=True)
    for b in bouwstenen:
        data = b.model_dump(mode="json", exclude_none=True)
        (folder / f"{b.id}.toml").write_text("\n".join(_toml_tables(data)) + "\n")
    return folder


@pytest.fixture(scope="session")
def bouwsteen() -> Any:
    """Factory: ``bouwsteen("id", "line", positions=(...), ...)``."""
    return make_bouwsteen


@pytest.fixture(scope="session")
def catalogue_of() -> Any:
    """Factory: ``catalogue_of(b1, b2, ...)`` -> an in-memory Catalogue."""
    return make_catalogue


@pytest.fixture(scope="session")
def catalogue_folder() -> Any:
    """Factory: ``catalogue_folder(path, b1, b2, ...)`` -> a folder of TOML files."""
    return write_catalogue


# --- sites on the sample polder and on the real Otterlo BGT --------------------------------

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
#: Three long grass parcels of the sample polder, behind the farm Hoeve De Wilgen (erf E002).
POLDER_FARM = ("P006", "P007", "P008")


@pytest.fixture(scope="session")
def polder_farm(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A farm on the sample polder: site file and the options for ``site_from_files``."""
    import geopandas as gpd

    polder = SAMPLE / "polder.gpkg"
    parcels = gpd.read_file(polder, layer="percelen")
    site = tmp_path_factory.mktemp("polder_farm") / "farm.gpkg"
    parcels[parcels["perceel_id"].isin(POLDER_FARM)].to_file(site, layer="percelen")
    layers = ("sloten", "wegen", "bermen", "gebouwen", "erven", "kades")
    elements = ("elementen_lijnen", "elementen_vlakken", "elementen_punten")
    context = [f"{polder}|layername={name}" for name in layers]
    context += [f"elements={polder}|layername={name}" for name in elements]
    return {
        "site": str(site),
        "options": {
            "id_field": "perceel_id",
            "context": context,
            "soil": "veen",
            "wetness": "nat",
            "type_field": "type",
            "width_field": "breedte_m",
            "mapping": str(SAMPLE / "type_mapping.toml"),
        },
    }


@pytest.fixture(scope="session")
def otterlo_farm(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path, otterlo_zip: Path
) -> dict[str, Any]:
    """The farmland parcels of the real Otterlo BGT (grasland agrarisch, bouwland) as a site.

    Context: BGT waterdeel, wegdeel, pand, erven (onbegroeid terrein 'erf') and the elements
    ``gbda import bgt`` finds. Otterlo lies on the Veluwe sand: zand, droog.
    """
    import geopandas as gpd

    from gbda_core.readers.bgt import read_bgt

    bgt = shared_data / "bgt-otterlo" / "bgt_otterlo_active.gpkg"
    folder = tmp_path_factory.mktemp("otterlo_farm")
    terrain = gpd.read_file(bgt, layer="begroeidterreindeel")
    farmland = terrain[terrain["class"].isin(["grasland agrarisch", "bouwland"])]
    farmland[["lokaalID", "class", "geometry"]].to_file(folder / "farm.gpkg", layer="percelen")
    bare = gpd.read_file(bgt, layer="onbegroeidterreindeel")
    erven = bare[bare["bgt-fysiekVoorkomen"] == "erf"][["lokaalID", "geometry"]]
    erven.to_file(folder / "erven.gpkg", layer="erven")
    read_bgt(otterlo_zip).write(folder / "bgt.gpkg")
    return {
        "site": str(folder / "farm.gpkg"),
        "folder": folder,
        "options": {
            "id_field": "lokaalID",
            "context": [
                f"water={bgt}|layername=waterdeel",
                f"road={bgt}|layername=wegdeel",
                f"building={bgt}|layername=pand",
                f"erf={folder / 'erven.gpkg'}",
                f"elements={folder / 'bgt.gpkg'}|layername=elements",
            ],
            "soil": "zand",
            "wetness": "droog",
        },
    }


# --- small rasters for the raster engine -----------------------------------------------------


def _write_raster(
    path: Path,
    values: Any,
    *,
    origin: tuple[float, float] = (0.0, 0.0),
    pixel: float = 10.0,
    nodata: float | None = None,
    crs: str | None = "EPSG:28992",
) -> Path:
    """Write a one-band GeoTIFF; ``values`` row 0 is the top row, ``origin`` the lower left."""
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin

    arr = np.asarray(values)
    height, width = arr.shape
    transform = from_origin(origin[0], origin[1] + height * pixel, pixel, pixel)
    with rasterio.open(
        path, "w", driver="GTiff", height=height, width=width, count=1, dtype=arr.dtype,
        crs=crs, transform=transform, nodata=nodata,
    ) as ds:  # fmt: skip
        ds.write(arr, 1)
    return path


@pytest.fixture(scope="session")
def write_raster() -> Any:
    """Factory: ``write_raster(path, values, origin=(x, y), pixel=10, nodata=None, crs=...)``."""
    return _write_raster
