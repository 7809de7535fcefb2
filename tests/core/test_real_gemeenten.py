"""End to end on real data: CBS gemeenten 2022 and provinces with the Otterlo BGT elements."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from gbda_core.readers.ogr import read_layer
from gbda_core.share import compute_share


@pytest.fixture(scope="module")
def otterlo_elements(shared_data):
    gpkg = shared_data / "bgt-otterlo" / "bgt_otterlo_active.gpkg"
    houtwal = read_layer(f"{gpkg}|layername=begroeidterreindeel", columns=["class"])
    houtwal = houtwal[houtwal["class"] == "houtwal"].assign(element_type="houtwal")
    haag = read_layer(f"{gpkg}|layername=vegetatieobject_linestring").assign(element_type="heg")
    bomen = read_layer(f"{gpkg}|layername=vegetatieobject_point").assign(
        element_type="solitaire_boom"
    )
    return [houtwal[["element_type", "geometry"]], haag, bomen]


@pytest.fixture(scope="module")
def areas(gemeenten_gpkg):
    gem = read_layer(f"{gemeenten_gpkg}|layername=gemeenten", columns=["statcode", "opp_ha"])
    prov = read_layer(f"{gemeenten_gpkg}|layername=provincies_dissolved", columns=["provincieCode"])
    both = pd.concat(
        [
            gem.rename(columns={"statcode": "area_id"}),
            prov.rename(columns={"provincieCode": "area_id"}),
        ],
        ignore_index=True,
    )
    return gpd.GeoDataFrame(both, geometry="geometry", crs=gem.crs)


def test_gemeenten_and_provinces_in_one_run(areas, otterlo_elements):
    result = compute_share(areas, otterlo_elements, id_field="area_id")
    res = result.areas.set_index("area_id")
    assert len(res) == 345 + 12

    # Area sizes: the CBS layer's own opp_ha, and the total of 35,088.4 km² (SOURCE.md).
    gem = res.loc[res.index.str.startswith("GM")]
    opp = areas.set_index("area_id")["opp_ha"].dropna()
    assert (gem.loc[opp.index, "area_ha"] - opp).abs().max() < 0.01
    assert gem["area_ha"].sum() / 100 == pytest.approx(35088.4, abs=0.1)

    # All of Otterlo lies in GM0228 Ede (Gelderland, PV25): nothing anywhere else.
    ede = res.loc["GM0228"]
    others = gem.drop(index="GM0228")
    assert (others["element_ha"] == 0).all() and (others["n_elements"] == 0).all()
    assert ede.n_elements == 38 + 16 + 2088  # houtwal polygons, haag lines, trees (SOURCE.md)
    assert ede.line_km == pytest.approx(0.4765, abs=5e-5)  # 476.5 m of haag
    bd = result.breakdown.set_index(["area_id", "element_type"])
    assert bd.loc[("GM0228", "houtwal"), "element_ha"] == pytest.approx(2.88, abs=0.005)
    assert ede.woody_ha == pytest.approx(ede.element_ha)  # all three types are woody
    assert ede.share_pct == pytest.approx(ede.element_ha / ede.rural_ha * 100)
    assert ede.status == "below_2030"

    # Nested: the province equals the only gemeente with elements.
    gelderland = res.loc["PV25"]
    for col in ("element_ha", "woody_ha", "line_km", "n_elements"):
        assert gelderland[col] == pytest.approx(ede[col])
    assert (res.loc[res.index.str.startswith("PV")].drop(index="PV25")["element_ha"] == 0).all()
    assert not any(p.kind == "outside_areas" for p in result.problems)


def test_geojson_in_wgs84_gives_the_same_areas(shared_data, gemeenten_gpkg):
    geojson = (
        shared_data / "cbs-gemeenten-2022-gegeneraliseerd" / "gemeente_gegeneraliseerd_2022.geojson"
    )
    assert pyogrio.read_info(geojson)["crs"] == "EPSG:4326"
    wgs = read_layer(geojson, columns=["statcode"])  # reprojected to EPSG:28992 on read
    rd = read_layer(f"{gemeenten_gpkg}|layername=gemeenten", columns=["statcode"])
    a = wgs.set_index("statcode").area
    b = rd.set_index("statcode").area
    assert (abs(a - b.loc[a.index]) / b.loc[a.index]).max() < 1e-6
