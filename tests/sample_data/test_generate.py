"""The sample polder: the committed GeoPackage is what the generator makes, and it is sound."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
POLDER = SAMPLE / "polder.gpkg"

LAYERS = [
    "gebieden",
    "percelen",
    "sloten",
    "kades",
    "wegen",
    "bermen",
    "erven",
    "gebouwen",
    "bebouwde_kom",
    "nnn",
    "elementen_lijnen",
    "elementen_vlakken",
    "elementen_punten",
]

#: The type values the sample promises (sample_data/README.md), per element layer.
ELEMENT_TYPES = {
    "elementen_lijnen": {
        "elzensingel",
        "knotwilgen",
        "Knip- of scheerheg",
        "struweelhaag",
        "natuurvriendelijke oever",
        "rietzoom",
        "Kruidenrijke akkerrand",
    },
    "elementen_vlakken": {"bosje", "hoogstamboomgaard", "poel", "rietzoom"},
    "elementen_punten": {"solitaire boom", "knotwilg", "bankje"},
}


def load_generator() -> ModuleType:
    """Import sample_data/generate.py (a script, not a package)."""
    spec = importlib.util.spec_from_file_location("sample_data_generate", SAMPLE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def read_all(path: Path) -> dict[str, gpd.GeoDataFrame]:
    return {name: gpd.read_file(path, layer=name) for name, _ in pyogrio.list_layers(path)}


@pytest.fixture(scope="module")
def committed() -> dict[str, gpd.GeoDataFrame]:
    return read_all(POLDER)


def test_regenerating_gives_the_committed_polder(
    tmp_path: Path, committed: dict[str, gpd.GeoDataFrame], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "polder.gpkg"
    load_generator().main(["--out", str(out)])
    assert "rough shares" in capsys.readouterr().out
    fresh = read_all(out)
    assert list(fresh) == list(committed) == LAYERS
    for name in LAYERS:
        old, new = committed[name], fresh[name]
        # Attributes exactly; geometries to a micrometre (GPKG bytes differ by timestamps).
        pd.testing.assert_frame_equal(
            old.drop(columns="geometry"), new.drop(columns="geometry"), obj=name
        )
        same = shapely.equals_exact(
            shapely.normalize(old.geometry.values),
            shapely.normalize(new.geometry.values),
            tolerance=1e-6,
        )
        assert same.all(), f"{name}: {int((~same).sum())} geometries differ"


def test_geopackage_is_small_version_1_2() -> None:
    assert POLDER.stat().st_size < 2_000_000
    with sqlite3.connect(POLDER) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 10200


@pytest.mark.parametrize("name", LAYERS)
def test_layers_are_rd_valid_and_non_empty(
    committed: dict[str, gpd.GeoDataFrame], name: str
) -> None:
    layer = committed[name]
    assert len(layer) > 0
    assert layer.crs.to_epsg() == 28992
    assert layer.geometry.is_valid.all()
    assert not layer.geometry.is_empty.any()
    assert layer.geometry.notna().all()
    # The polder lies in the Alblasserwaard.
    xmin, ymin, xmax, ymax = layer.total_bounds
    assert 110_000 <= xmin < xmax <= 116_000
    assert 430_000 <= ymin < ymax <= 436_000


def test_percelen_do_not_overlap(committed: dict[str, gpd.GeoDataFrame]) -> None:
    geoms = committed["percelen"].geometry.values
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]]))
    assert (overlap < 1e-6).all()


def test_percelen_are_mostly_grasland(committed: dict[str, gpd.GeoDataFrame]) -> None:
    gewas = committed["percelen"]["gewas"].value_counts()
    assert set(gewas.index) == {"grasland", "bouwland", "maïs"}
    assert gewas["grasland"] > 0.8 * gewas.sum()


@pytest.mark.parametrize("name", sorted(ELEMENT_TYPES))
def test_element_layers_hold_only_the_described_types(
    committed: dict[str, gpd.GeoDataFrame], name: str
) -> None:
    layer = committed[name]
    assert set(layer["type"]) == ELEMENT_TYPES[name]
    # One schema for all three, so the demo's single width field fits each layer.
    assert "breedte_m" in layer.columns


def test_type_mapping_maps_the_local_labels_but_not_bankje() -> None:
    from gbda_core.mapping import load_type_mapping

    mapping = load_type_mapping(SAMPLE / "type_mapping.toml")
    assert mapping == {"knotwilgen": "knotbomenrij", "knotwilg": "knotboom"}


def test_deelgebieden_tile_the_polder(committed: dict[str, gpd.GeoDataFrame]) -> None:
    gebieden = committed["gebieden"].set_index("gebied_id")
    assert list(gebieden.index) == ["polder", "noord", "midden", "zuid"]
    polder = gebieden.geometry["polder"]
    parts = gebieden.geometry[["noord", "midden", "zuid"]].values
    union = shapely.union_all(parts)
    assert abs(union.area - polder.area) < 1.0
    assert shapely.symmetric_difference(union, polder).area < 1.0
    assert abs(shapely.area(parts).sum() - polder.area) < 1.0  # no overlaps between them


def test_gebouwen_lie_on_their_erf(committed: dict[str, gpd.GeoDataFrame]) -> None:
    erven = committed["erven"].set_index("erf_id").geometry
    for erf_id, gebouw in zip(
        committed["gebouwen"]["erf_id"], committed["gebouwen"].geometry, strict=True
    ):
        assert erven[erf_id].contains(gebouw)
