"""The raster engine on tiny rasters whose answers are computed by hand.

The raster (10 m pixels, lower left at 0,0; 9 is nodata)::

    y 30-40   1 1 0 0
    y 20-30   1 5 0 0
    y 10-20   9 9 0 3
    y  0-10   0 0 0 0

With ``1,3=houtig;5=nat``, zone a = box(0, 15, 25, 40) covers the two top rows of the first two
columns, half of the third column and half of the third row: valid 5.25 pixels (525 m²), woody
3 pixels (300 m²), wet 1 (100 m²), nodata 2 halves (100 m²). Zone b is the whole raster:
valid 14 pixels, woody 4, wet 1, nodata 2.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely

from gbda_core.errors import InputError
from gbda_core.raster import RASTER_COLUMNS, compute_share_raster, share_raster_from_files
from gbda_core.raster_classes import parse_classes
from gbda_core.share import AREA_COLUMNS, BREAKDOWN_COLUMNS

GRID = np.array([[1, 1, 0, 0], [1, 5, 0, 0], [9, 9, 0, 3], [0, 0, 0, 0]], dtype=np.uint8)
CLASSES = "1,3=houtig;5=nat"


@pytest.fixture
def raster(tmp_path, write_raster):
    return write_raster(tmp_path / "r.tif", GRID, nodata=9)


def zones(*boxes, crs="EPSG:28992"):
    names = [chr(ord("a") + i) for i in range(len(boxes))]
    return gpd.GeoDataFrame({"zone": names}, geometry=[shapely.box(*b) for b in boxes], crs=crs)


def run(raster, frame, spec=CLASSES, **kw):
    result = compute_share_raster(frame, [raster], parse_classes(spec), id_field="zone", **kw)
    return result, result.areas.set_index("area_id")


def test_pixels_cut_by_the_border_count_by_their_covered_fraction(raster):
    result, res = run(raster, zones((0, 15, 25, 40), (0, 0, 40, 40)))
    a, b = res.loc["a"], res.loc["b"]
    assert a.area_ha == pytest.approx(625 / 1e4)
    assert a.rural_ha == pytest.approx(525 / 1e4)
    assert a.woody_ha == pytest.approx(300 / 1e4)
    assert a.wet_ha == pytest.approx(100 / 1e4)
    assert a.herb_ha == 0
    assert a.element_ha == pytest.approx(400 / 1e4)
    assert a.share_pct == pytest.approx(400 / 525 * 100)
    assert a.woody_share_pct == pytest.approx(75)
    assert a.nodata_ha == pytest.approx(100 / 1e4)
    assert (b.rural_ha, b.element_ha, b.nodata_ha) == pytest.approx((0.14, 0.05, 0.02))
    assert a.resolution_m == 10
    # Targets and status come from the vector engine's logic: 76 % meets 2050.
    assert a.status == "meets_2050" and a.gap_2050_ha == 0
    # A raster has no lines and no features: those columns are null, not 0.
    assert math.isnan(a.line_km) and res["n_elements"].isna().all()
    assert list(result.areas.columns) == [*AREA_COLUMNS, *RASTER_COLUMNS, "geometry"]
    raster_nodata = [p for p in result.problems if p.kind == "raster_nodata"]
    assert len(raster_nodata) == 1 and raster_nodata[0].count == 2
    assert raster_nodata[0].value == "0.03 ha in a, b"  # 100 m² + 200 m² without data


def test_breakdown_per_class(raster):
    result, _ = run(raster, zones((0, 0, 40, 40)), "1=heg;3=houtig;5=poel")
    bd = result.breakdown.set_index("raster_class")
    assert list(result.breakdown.columns) == [*BREAKDOWN_COLUMNS, "raster_class"]
    assert bd.loc["heg", "element_ha"] == pytest.approx(0.03)
    assert bd.loc["heg", "element_type"] == "heg" and bd.loc["heg", "category"] == "houtig"
    assert bd.loc["houtig", "element_ha"] == pytest.approx(0.01)
    assert bd.loc["houtig", "element_type"] is None
    assert bd.loc["poel", "category"] == "nat"


def test_exclusions_leave_the_denominator_and_the_elements_exactly(raster):
    # NNN covers pixel (row 0, col 0) and half of (row 0, col 1), both woody.
    nnn = gpd.GeoDataFrame(geometry=[shapely.box(0, 30, 15, 40)], crs="EPSG:28992")
    _, res = run(raster, zones((0, 15, 25, 40)), exclusions={"nnn": nnn})
    a = res.loc["a"]
    assert a.area_ha == pytest.approx(0.0625)  # the zone itself is unchanged
    assert a.rural_ha == pytest.approx((525 - 150) / 1e4)
    assert a.woody_ha == pytest.approx((300 - 150) / 1e4)
    assert a.share_pct == pytest.approx(250 / 375 * 100)
    # The excluded land is not "without data": nodata_ha stays the raster's own nodata.
    assert a.nodata_ha == pytest.approx(0.01)


def test_exclusion_kind_the_profile_does_not_use_still_counts(raster):
    nnn = gpd.GeoDataFrame(geometry=[shapely.box(0, 30, 15, 40)], crs="EPSG:28992")
    result, res = run(
        raster, zones((0, 15, 25, 40)), exclusions={"nnn": nnn}, profile="custom:bebouwde_kom"
    )
    assert res.loc["a", "rural_ha"] == pytest.approx(0.0525)
    assert any(p.kind == "exclusion_not_in_profile" for p in result.problems)


def test_rural_area_layer_limits_the_denominator(raster):
    rural = gpd.GeoDataFrame(geometry=[shapely.box(0, 20, 40, 40)], crs="EPSG:28992")
    _, res = run(raster, zones((0, 0, 40, 40)), rural_area=rural)
    assert res.loc["a", "rural_ha"] == pytest.approx(0.08)  # the two top rows, all valid
    assert res.loc["a", "woody_ha"] == pytest.approx(0.03)


def test_values_mapped_to_nodata_count_nowhere(raster):
    _, res = run(raster, zones((0, 0, 40, 40)), CLASSES + ";0=nodata")
    b = res.loc["a"]
    assert b.rural_ha == pytest.approx(0.05)  # the nine 0-pixels left the denominator
    assert b.share_pct == pytest.approx(100)
    assert b.nodata_ha == pytest.approx(0.11)


def test_zone_partly_or_wholly_outside_the_raster(raster):
    result, res = run(raster, zones((30, 30, 60, 40), (100, 100, 200, 200)))
    assert res.loc["a", "rural_ha"] == pytest.approx(0.01)  # one pixel (value 0) of three
    assert res.loc["a", "nodata_ha"] == pytest.approx(0.02)
    assert res.loc["b", "rural_ha"] == 0
    assert math.isnan(res.loc["b", "share_pct"])
    assert res.loc["b", "status"] == "no_rural_area"
    assert next(p for p in result.problems if p.kind == "raster_nodata").count == 2


def test_tiles_give_the_sums_of_one_raster(tmp_path, write_raster, raster):
    left = write_raster(tmp_path / "left.tif", GRID[:, :2], nodata=9)
    right = write_raster(tmp_path / "right.tif", GRID[:, 2:], origin=(20, 0), nodata=9)
    frame = zones((0, 15, 25, 40), (0, 0, 40, 40), (5, 5, 37, 33))
    one = compute_share_raster(frame, [raster], parse_classes(CLASSES), id_field="zone")
    two = compute_share_raster(frame, [left, right], parse_classes(CLASSES), id_field="zone")
    cols = ["rural_ha", "element_ha", "woody_ha", "wet_ha", "nodata_ha"]
    np.testing.assert_allclose(two.areas[cols], one.areas[cols], rtol=1e-12, atol=1e-15)


def test_overlapping_tiles_are_refused(tmp_path, write_raster, raster):
    other = write_raster(tmp_path / "other.tif", GRID, origin=(35, 0), nodata=9)
    with pytest.raises(InputError, match="tiles overlap"):
        compute_share_raster(
            zones((0, 0, 10, 10)), [raster, other], parse_classes(CLASSES), id_field="zone"
        )


def test_zones_are_reprojected_to_the_raster_crs(raster):
    rd = zones((0, 15, 25, 40))
    _, res = run(raster, rd.to_crs("EPSG:3035"))
    # The box's straight edges in EPSG:3035 are slightly curved in RD: rel 1e-4.
    assert res.loc["a", "rural_ha"] == pytest.approx(0.0525, rel=1e-4)


@pytest.mark.parametrize(
    ("crs", "kw", "expected"),
    [
        ("EPSG:4326", {}, "does not measure in metres"),
        (None, {}, "raster has no CRS"),
        ("EPSG:28992", {"crs": "EPSG:3035"}, "not in the asked CRS EPSG:3035"),
    ],
)
def test_wrong_crs_is_an_input_error(tmp_path, write_raster, crs, kw, expected):
    pixel = 1e-4 if crs == "EPSG:4326" else 10.0
    path = write_raster(tmp_path / "c.tif", GRID, nodata=9, crs=crs, pixel=pixel)
    with pytest.raises(InputError, match=expected):
        run(path, zones((0, 0, 1, 1)), **kw)


def test_raster_without_crs_takes_assume_crs(tmp_path, write_raster):
    path = write_raster(tmp_path / "c.tif", GRID, nodata=9, crs=None)
    _, res = run(path, zones((0, 0, 40, 40)), assume_crs="EPSG:28992")
    assert res.loc["a", "rural_ha"] == pytest.approx(0.14)


def test_from_files(tmp_path, raster):
    zones((0, 15, 25, 40)).to_file(tmp_path / "z.gpkg", layer="zones")
    gpd.GeoDataFrame(geometry=[shapely.box(0, 30, 15, 40)], crs="EPSG:28992").to_file(
        tmp_path / "nnn.gpkg"
    )
    result = share_raster_from_files(
        f"{tmp_path / 'z.gpkg'}|layername=zones",
        [raster],
        parse_classes(CLASSES),
        id_field="zone",
        exclude=[f"nnn={tmp_path / 'nnn.gpkg'}"],
    )
    assert result.areas.loc[0, "rural_ha"] == pytest.approx(0.0375)
    assert result.settings["engine"] == "raster"
    assert result.settings["resolution_m"] == 10
