"""Invariants of the raster engine, and its agreement with the vector engine.

- share_pct lies in [0, 100] and the categories add up to element_ha, for any raster and zones;
- moving zones and raster together by whole pixels changes nothing;
- a vector layer burnt into a raster gives the vector engine's figures, within the error the
  pixel size explains: only pixels an element's outline passes through can be misclassified.
  A segment of length L crosses at most sqrt(2) L / r + 1 pixels of size r, each of area r², so
  per element the error is at most sqrt(2) r x perimeter + (segments) x r².

exactextract keeps coverage fractions in single precision, so "exact" means to about 1e-7 of
each pixel's area: the tolerances below are 1e-6 relative.
"""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import rasterio
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasterio import features
from rasterio.transform import from_origin

from gbda_core.raster import compute_share_raster
from gbda_core.raster_classes import parse_classes
from gbda_core.share import compute_share

CLASSES = parse_classes("1=houtig;2=nat;3=kruidig")
HYPOTHESIS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def scenes(draw):
    rows = draw(st.integers(2, 6))
    cols = draw(st.integers(2, 6))
    values = draw(
        st.lists(st.sampled_from([0, 1, 2, 3, 9]), min_size=rows * cols, max_size=rows * cols)
    )
    coord = st.floats(-5, 65, allow_nan=False)
    boxes = []
    for _ in range(draw(st.integers(1, 3))):
        x0, x1 = sorted(draw(st.tuples(coord, coord)))
        y0, y1 = sorted(draw(st.tuples(coord, coord)))
        boxes.append((x0, y0, x1 + 0.5, y1 + 0.5))
    return np.array(values, dtype=np.uint8).reshape(rows, cols), boxes


def measure(tmp_path, write_raster, grid, boxes, shift=(0, 0)):
    origin = (100_000.0 + shift[0], 400_000.0 + shift[1])
    path = write_raster(tmp_path / "s.tif", grid, origin=origin, nodata=9)
    geoms = [shapely.box(x0 + origin[0], y0 + origin[1], x1 + origin[0], y1 + origin[1])
             for x0, y0, x1, y1 in boxes]  # fmt: skip
    frame = gpd.GeoDataFrame({"id": range(len(geoms))}, geometry=geoms, crs="EPSG:28992")
    return compute_share_raster(frame, [path], CLASSES, id_field="id").areas


@HYPOTHESIS
@given(scene=scenes())
def test_share_is_a_percentage_and_categories_add_up(tmp_path, write_raster, scene):
    res = measure(tmp_path, write_raster, *scene)
    share = res["share_pct"].dropna()
    assert ((share >= 0) & (share <= 100 + 1e-9)).all()
    assert (res.loc[res["rural_ha"] == 0, "status"] == "no_rural_area").all()
    parts = res["woody_ha"] + res["wet_ha"] + res["herb_ha"]
    np.testing.assert_allclose(parts, res["element_ha"], rtol=1e-9, atol=1e-12)
    assert (res["element_ha"] <= res["rural_ha"] + 1e-12).all()
    assert (res["rural_ha"] + res["nodata_ha"] <= res["area_ha"] * (1 + 1e-6) + 1e-12).all()


@HYPOTHESIS
@given(scene=scenes(), dx=st.integers(-50, 50), dy=st.integers(-50, 50))
def test_moving_everything_by_whole_pixels_changes_nothing(tmp_path, write_raster, scene, dx, dy):
    before = measure(tmp_path, write_raster, *scene)
    after = measure(tmp_path, write_raster, *scene, shift=(dx * 10.0, dy * 10.0))
    cols = ["rural_ha", "element_ha", "woody_ha", "wet_ha", "herb_ha", "nodata_ha"]
    np.testing.assert_allclose(after[cols], before[cols], rtol=1e-6, atol=1e-9)
    assert (after["status"] == before["status"]).all()


def test_rasterised_vector_layer_agrees_with_the_vector_engine_within_pixel_error(tmp_path):
    rng = np.random.default_rng(3)
    res, size = 5.0, 2_000.0
    x0, y0 = 150_000.0, 450_000.0
    # Two zones whose common border and outer edges cut pixels; NNN in the north-east.
    zone_a = shapely.Polygon([(x0 + 12.3, y0 + 7.1), (x0 + 1003.7, y0 + 2.9),
                              (x0 + 1201.1, y0 + 1990.2), (x0 + 3.3, y0 + 1994.4)])  # fmt: skip
    zone_b = shapely.Polygon([(x0 + 1003.7, y0 + 2.9), (x0 + 1991.9, y0 + 11.2),
                              (x0 + 1987.6, y0 + 1997.8), (x0 + 1201.1, y0 + 1990.2)])  # fmt: skip
    zones = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[zone_a, zone_b], crs="EPSG:28992")
    nnn = gpd.GeoDataFrame(
        geometry=[shapely.Point(x0 + 1500.4, y0 + 1500.8).buffer(300.0)], crs="EPSG:28992"
    )
    # Rotated rectangles: woody hedges and wet ponds, some across the zones' border.
    n = 400
    centre = rng.uniform([x0 + 20, y0 + 20], [x0 + size - 20, y0 + size - 20], (n, 2))
    length, width = rng.uniform(10, 120, n), rng.uniform(3, 15, n)
    angle = rng.uniform(0, np.pi, n)
    rects = [
        shapely.affinity.rotate(
            shapely.box(cx - ln / 2, cy - w / 2, cx + ln / 2, cy + w / 2), a, use_radians=True
        )
        for (cx, cy), ln, w, a in zip(centre, length, width, angle, strict=True)
    ]
    types = np.where(rng.random(n) < 0.7, "heg", "poel")
    elements = gpd.GeoDataFrame({"element_type": types}, geometry=rects, crs="EPSG:28992")
    vector = compute_share(zones, elements, id_field="id", exclusions={"nnn": nnn})

    # Burn wet first and woody over it: woody wins overlaps, as in the vector engine.
    shape = (int(size / res) + 4, int(size / res) + 4)
    transform = from_origin(x0 - 2 * res, y0 + size + 2 * res, res, res)
    pairs = itertools.chain(
        ((g, 2) for g, t in zip(rects, types, strict=True) if t == "poel"),
        ((g, 1) for g, t in zip(rects, types, strict=True) if t == "heg"),
    )
    grid = features.rasterize(pairs, out_shape=shape, transform=transform, dtype="uint8")
    tif = tmp_path / "burnt.tif"
    with rasterio.open(tif, "w", driver="GTiff", height=shape[0], width=shape[1], count=1,
                       dtype="uint8", crs="EPSG:28992", transform=transform) as ds:  # fmt: skip
        ds.write(grid, 1)
    raster = compute_share_raster(
        zones, [tif], parse_classes("1=heg;2=poel"), id_field="id", exclusions={"nnn": nnn}
    )

    v = vector.areas.set_index("area_id")
    r = raster.areas.set_index("area_id")
    # The denominator is exact in both: the same polygons, all pixels valid.
    np.testing.assert_allclose(r["rural_ha"], v["rural_ha"], rtol=1e-6)
    assert (r["nodata_ha"] < 1e-9).all()
    for zone in ("a", "b"):
        region = shapely.difference(zones.set_index("id").geometry[zone], nnn.geometry[0])
        meets = [g for g in rects if shapely.intersects(g, region)]
        bound_m2 = sum(np.sqrt(2) * res * g.length + 4 * res**2 for g in meets)
        for col in ("element_ha", "woody_ha", "wet_ha"):
            error_m2 = abs(r.loc[zone, col] - v.loc[zone, col]) * 1e4
            assert error_m2 <= bound_m2, (zone, col, error_m2, bound_m2)
        # The bound is a worst case; outline errors mostly cancel.
        assert abs(r.loc[zone, "element_ha"] - v.loc[zone, "element_ha"]) * 1e4 < bound_m2 / 5
        assert v.loc[zone, "element_ha"] > 0
