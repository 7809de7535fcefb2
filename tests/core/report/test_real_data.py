"""The share report on real data: the 345 CBS gemeenten of 2022 with the Otterlo BGT elements."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from gbda_core.readers.ogr import read_layer
from gbda_core.report.charts import MAX_BARS, share_bars
from gbda_core.report.maps import share_map
from gbda_core.report.share import areas_overlap, share_report
from gbda_core.share import compute_share


@pytest.fixture(scope="module")
def gemeenten(gemeenten_gpkg, shared_data):
    gem = read_layer(f"{gemeenten_gpkg}|layername=gemeenten", columns=["statcode"])
    gpkg = shared_data / "bgt-otterlo" / "bgt_otterlo_active.gpkg"
    terrain = read_layer(f"{gpkg}|layername=begroeidterreindeel", columns=["class"])
    houtwal = terrain[terrain["class"] == "houtwal"].assign(element_type="houtwal")
    return gem, compute_share(gem, houtwal[["element_type", "geometry"]], id_field="statcode")


def test_the_gemeenten_report(gemeenten, tables_of):
    gem, result = gemeenten
    assert not areas_overlap(result.areas)  # the gemeenten tile the country
    page = share_report(result, "nl")
    ranked = tables_of(page.html)["ranked"]["body"]
    assert len(ranked) == len(gem) == 345
    assert ranked[0][1]["text"] == "GM0228"  # Ede holds all of Otterlo, so it ranks first
    shares = result.areas.set_index("area_id")["share_pct"]
    assert float(ranked[0][4]["sort"]) == pytest.approx(shares["GM0228"])
    # Totals are sums here: the rural area of all gemeenten together.
    total = f"{result.areas['rural_ha'].sum():,.1f}".replace(",", "_").replace(".", ",")
    assert total.replace("_", ".") + " ha" in page.html
    assert "Hier de 20 hoogste en de 20 laagste van 345 gebieden" in page.html


def test_many_areas_get_no_labels_and_a_shortened_chart(gemeenten):
    _, result = gemeenten
    fig = share_map(result.areas, 5.0, 10.0, "en")
    assert fig.axes[0].texts[-1].get_text().endswith("km")  # only the scale bar is written
    assert len(fig.axes[0].texts) == 1
    ax = share_bars(result.areas, 5.0, 10.0, "en").axes[0]
    assert len([p for p in ax.patches if p.get_gid() == "share"]) == MAX_BARS


def test_gemeenten_and_provinces_together_overlap(gemeenten, gemeenten_gpkg):
    gem, result = gemeenten
    prov = read_layer(f"{gemeenten_gpkg}|layername=provincies_dissolved", columns=[])
    both = gpd.GeoDataFrame(pd.concat([result.areas, prov], ignore_index=True), crs=gem.crs)
    assert areas_overlap(both)
