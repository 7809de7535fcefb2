"""End to end on the real Otterlo BGT download: import, share, and a naive-union oracle."""

from __future__ import annotations

import json
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pytest
import shapely

from gbda_core.geometry import QUAD_SEGS, point_radius
from gbda_core.vocabulary import load_vocabulary


def gbda(*args):
    proc = subprocess.run(
        [sys.executable, "-m", "gbda_core", *map(str, args)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def imported(tmp_path_factory, otterlo_zip):
    out = tmp_path_factory.mktemp("otterlo") / "bgt.gpkg"
    gbda("import", "bgt", otterlo_zip, "--out", out)
    return out


@pytest.fixture(scope="module")
def share(imported, gemeenten_gpkg):
    out = imported.parent / "share.json"
    gbda(
        "share", "--areas", f"{gemeenten_gpkg}|layername=gemeenten", "--id-field", "statcode",
        "--elements", f"{imported}|layername=elements", "--type-field", "element_type",
        "--rural", f"{imported}|layername=rural_area", "--out", out,
    )  # fmt: skip
    payload = json.loads(out.read_text())
    ede = next(a for a in payload["areas"] if a["area_id"] == "GM0228")
    return payload, ede


def naive_oracle(imported, ede_geom):
    """Union everything, then intersect: slow but obviously right."""
    voc = load_vocabulary()
    els = gpd.read_file(imported, layer="elements")
    rural = shapely.intersection(
        shapely.union_all(gpd.read_file(imported, layer="rural_area").geometry.values), ede_geom
    )
    geoms = []
    for geom, code in zip(els.geometry, els.element_type, strict=True):
        et = voc.get(code)
        if geom.geom_type == "LineString":
            geoms.append(geom.buffer(et.width_m.value / 2, cap_style="flat", join_style="mitre"))
        elif geom.geom_type == "Point":
            geoms.append(
                geom.buffer(float(point_radius(et.point_area_m2.value)), quad_segs=QUAD_SEGS)
            )
        else:
            geoms.append(geom)
    union = shapely.union_all(np.array(geoms, dtype=object))
    return shapely.area(shapely.intersection(union, rural)), shapely.area(rural)


def test_import_writes_elements_and_rural_area(imported):
    els = gpd.read_file(imported, layer="elements")
    counts = els["element_type"].value_counts()
    assert counts["houtwal"] == 38
    assert counts["heg"] == 16
    assert counts["solitaire_boom"] == 2088  # every BGT tree (SOURCE.md)
    houtwal = els[els.element_type == "houtwal"].area.sum() / 1e4
    assert houtwal == pytest.approx(2.88, abs=0.005)
    assert els[els.element_type == "heg"].length.sum() == pytest.approx(476.5, abs=0.05)
    rural = gpd.read_file(imported, layer="rural_area")
    assert rural.crs.to_epsg() == 28992 and rural.is_valid.all()


def test_share_in_ede_matches_a_naive_union(share, imported, gemeenten_gpkg):
    payload, ede = share
    gem = gpd.read_file(gemeenten_gpkg, layer="gemeenten")
    ede_geom = gem.loc[gem.statcode == "GM0228", "geometry"].iloc[0]
    element_m2, rural_m2 = naive_oracle(imported, ede_geom)
    assert ede["rural_ha"] * 1e4 == pytest.approx(rural_m2, rel=1e-9)
    assert ede["element_ha"] * 1e4 == pytest.approx(element_m2, rel=1e-9)
    assert ede["share_pct"] == pytest.approx(element_m2 / rural_m2 * 100, rel=1e-9)
    # Bruto count on BGT: the many small woods (bosjes) at the Veluwe edge lift it past 10 %.
    assert ede["share_pct"] > 10 and ede["status"] == "meets_2050"
    assert ede["woody_ha"] + ede["wet_ha"] + ede["herb_ha"] == pytest.approx(ede["element_ha"])
    bd = {(b["area_id"], b["element_type"]): b for b in payload["breakdown"]}
    assert bd[("GM0228", "houtwal")]["element_ha"] == pytest.approx(2.88, abs=0.005)
    assert bd[("GM0228", "houtwal")]["n_elements"] == 38
    # Other gemeenten hold nothing of Otterlo.
    others = [a for a in payload["areas"] if a["area_id"] != "GM0228"]
    assert all(a["element_ha"] == 0 and a["rural_ha"] == 0 for a in others)
    assert all(a["status"] == "no_rural_area" for a in others)
