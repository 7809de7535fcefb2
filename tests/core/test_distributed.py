"""The dask engine gives exactly the single-machine engine's results, on the real gemeenten.

The elements are generated over the CBS gemeenten 2022: rotated rectangles (a tenth placed on
a neighbour, so they overlap; a fifth on a gemeente border), lines and trees, NNN circles as
exclusions, a few elements with an unknown type and a few far outside every gemeente. The
areas are cut into more partitions than there are workers, so many elements are read by two
partitions.
"""

from __future__ import annotations

import os
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin

from gbda_core.distributed import DaskOptions, footprint_reach, local_cluster, spatial_partitions
from gbda_core.errors import InputError
from gbda_core.geometry import QUAD_SEGS, point_radius
from gbda_core.jobs import share_from_files
from gbda_core.raster import share_raster_from_files
from gbda_core.raster_classes import parse_classes
from gbda_core.readers.ogr import parse_layer_spec
from gbda_core.vocabulary import load_vocabulary

FAR_AWAY = 4  # elements far outside every gemeente: never read by the dask engine


@pytest.fixture(scope="module")
def national(tmp_path_factory, gemeenten_gpkg):
    folder = tmp_path_factory.mktemp("national")
    gem = gpd.read_file(gemeenten_gpkg, layer="gemeenten", columns=["statcode"])
    geoms = gem.geometry.to_numpy()
    rng = np.random.default_rng(6)
    tree = shapely.STRtree(geoms)
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    candidates = shapely.points(rng.uniform(x0, x1, 6000), rng.uniform(y0, y1, 6000))
    inside = candidates[np.unique(tree.query(candidates, predicate="within")[0])][:2400]
    owner = rng.integers(0, len(geoms), 600)
    border = shapely.line_interpolate_point(
        shapely.boundary(geoms[owner]), rng.uniform(0, 1, 600), normalized=True
    )
    xy = shapely.get_coordinates(np.concatenate([inside, border]))
    rng.shuffle(xy)
    xy[1::10] = xy[0::10][: len(xy[1::10])] + rng.uniform(-5, 5, (len(xy[1::10]), 2))
    n = len(xy)
    length, width, angle = rng.uniform(20, 400, n), rng.uniform(3, 30, n), rng.uniform(0, 3, n)
    corners = np.array([[1, 1], [1, -1], [-1, -1], [-1, 1], [1, 1]]) / 2
    ax, ay = corners[None, :, 0] * length[:, None], corners[None, :, 1] * width[:, None]
    cos, sin = np.cos(angle)[:, None], np.sin(angle)[:, None]
    coords = np.stack([xy[:, :1] + ax * cos - ay * sin, xy[:, 1:] + ax * sin + ay * cos], -1)
    kinds = rng.choice(["heg", "houtwal", "poel", "kruidenrijke_akkerrand", "bosje"], n)
    kinds[::97] = "onbekend_ding"  # unmapped: reported, not counted
    polys = shapely.polygons(coords)
    far = shapely.box(-5000, -5000, -4990, -4990)
    polys = np.concatenate([polys, [far] * FAR_AWAY])
    kinds = np.concatenate([kinds, ["heg"] * FAR_AWAY])
    path = folder / "elements.gpkg"
    gpd.GeoDataFrame({"element_type": kinds}, geometry=polys, crs=gem.crs).to_file(
        path, layer="polygons"
    )
    lines = shapely.linestrings(
        np.stack([xy[:500], xy[:500] + rng.uniform(-200, 200, (500, 2))], 1)
    )
    gpd.GeoDataFrame(
        {"element_type": rng.choice(["heg", "bomenrij"], 500)}, geometry=lines, crs=gem.crs
    ).to_file(path, layer="lines")
    gpd.GeoDataFrame(
        {"element_type": ["solitaire_boom"] * 1000}, geometry=shapely.points(xy[500:1500] + 30),
        crs=gem.crs,
    ).to_file(path, layer="points")  # fmt: skip
    nnn = shapely.buffer(shapely.points(xy[::50]), rng.uniform(200, 2000, len(xy[::50])))
    gpd.GeoDataFrame(geometry=nnn, crs=gem.crs).to_file(folder / "nnn.gpkg")
    return {
        "areas": f"{gemeenten_gpkg}|layername=gemeenten",
        "elements": [f"{path}|layername={layer}" for layer in ("polygons", "lines", "points")],
        "exclude": [f"nnn={folder / 'nnn.gpkg'}"],
        "folder": folder,
    }


def run(national, dask=None):
    return share_from_files(
        national["areas"],
        national["elements"],
        id_field="statcode",
        exclude=national["exclude"],
        dask=dask,
    )


def problem_set(result):
    return {(p.kind, p.source, p.layer, p.value, p.count, p.rows) for p in result.problems}


@pytest.fixture(scope="module")
def single(national):
    return run(national)


def assert_same(single, other):
    a = pd.DataFrame(single.areas.drop(columns="geometry"))
    b = pd.DataFrame(other.areas.drop(columns="geometry"))
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert shapely.equals_exact(
        single.areas.geometry.to_numpy(), other.areas.geometry.to_numpy(), tolerance=0
    ).all()
    pd.testing.assert_frame_equal(single.breakdown, other.breakdown, check_exact=True)


def test_dask_engine_gives_identical_results(national, single):
    dask = run(national, DaskOptions(workers=2, processes=False, partitions=6))
    assert len(single.areas) == 345 and single.areas["n_elements"].sum() > 3000
    assert_same(single, dask)
    # The far-away elements were never read: one count without rows instead of their rows.
    far = [p for p in dask.problems if p.kind == "outside_areas" and not p.rows]
    assert len(far) == 1 and far[0].count == FAR_AWAY and far[0].layer == "polygons"
    # Everything else is reported exactly as by the single engine.
    expected = set()
    for kind, source, layer, value, count, rows in problem_set(single):
        if kind == "outside_areas" and layer == "polygons":
            rows = rows[:-FAR_AWAY]  # the far-away ones are the last features
            count -= FAR_AWAY
            if not rows:
                continue
        expected.add((kind, source, layer, value, count, rows))
    expected.add(("outside_areas", far[0].source, "polygons", "", FAR_AWAY, ()))
    assert problem_set(dask) == expected
    assert {p.kind for p in single.problems} >= {"unmapped_type", "excluded_land", "outside_areas"}
    assert dask.settings["engine"] == "dask" and dask.settings["dask_partitions"] == 6


def test_elements_whose_footprint_reaches_into_an_area_from_beyond_its_envelope(tmp_path):
    # Found by the national benchmark: a tree drawn just outside a gemeente's envelope, whose
    # octagon reaches in, was never read by the dask engine (3 m² missing in one gemeente).
    areas = gpd.GeoDataFrame(
        {"code": ["a", "b"]},
        geometry=[shapely.box(0, 0, 1000, 1000), shapely.box(100_000, 0, 101_000, 1000)],
        crs=28992,
    )
    areas.to_file(tmp_path / "areas.gpkg", layer="areas")
    elements = tmp_path / "elements.gpkg"
    # A tree 1.5 m beyond the envelope: its 20 m² octagon (radius 2.66 m) reaches 1.16 m in.
    gpd.GeoDataFrame(
        {"element_type": ["solitaire_boom"]}, geometry=[shapely.Point(1001.5, 500)], crs=28992
    ).to_file(elements, layer="points")
    # A 40 m wide strip (width field) along a line 10 m beyond the envelope reaches 10 m in; a
    # bossingel (10 m wide) with a sharp bend 13 m beyond the envelope: its mitre tip reaches
    # 5 / sin(20.3°) = 14.4 m from the bend, 1.4 m into the area.
    lines = [
        shapely.LineString([(1010, 100), (1010, 300)]),
        shapely.LineString([(1040, 640), (1013, 650), (1040, 660)]),
    ]
    gpd.GeoDataFrame(
        {"element_type": ["heg", "bossingel"], "breedte": [40.0, None]}, geometry=lines, crs=28992
    ).to_file(elements, layer="lines")
    kw = {"id_field": "code", "width_field": "breedte"}
    specs = [f"{elements}|layername=points", f"{elements}|layername=lines"]
    single = share_from_files(f"{tmp_path / 'areas.gpkg'}|layername=areas", specs, **kw)
    dask = share_from_files(
        f"{tmp_path / 'areas.gpkg'}|layername=areas",
        specs,
        dask=DaskOptions(workers=2, processes=False, partitions=2),
        **kw,
    )
    a = single.areas.set_index("area_id").loc["a"]
    # By hand: 10 m x 200 m of the wide strip, the tree's segment beyond x = 1000 (about 3.6 m²
    # for a circle; its polygon is a little less) and the bend's tip (about 0.7 m²).
    assert a.element_ha * 1e4 == pytest.approx(2004, abs=1.0)
    # Exactly: the same footprints from GEOS's buffers.
    tree = shapely.buffer(
        shapely.Point(1001.5, 500), float(point_radius(20.0)), quad_segs=QUAD_SEGS
    )
    strip = shapely.buffer(lines[0], 20, cap_style="flat")
    bend = shapely.buffer(lines[1], 5, cap_style="flat", join_style="mitre", mitre_limit=5)
    inside = shapely.intersection(shapely.union_all([tree, strip, bend]), areas.geometry[0])
    assert a.element_ha * 1e4 == pytest.approx(inside.area, abs=1e-6)
    assert a.n_elements == 3
    assert_same(single, dask)


def test_footprint_reach_covers_defaults_and_width_fields(tmp_path):
    vocabulary = load_vocabulary()
    # Widest default: bossingel, 10 m, whose mitred bends reach 5 x 5 m.
    assert footprint_reach(vocabulary) == pytest.approx(25.0)
    path = tmp_path / "lines.gpkg"
    gpd.GeoDataFrame(
        {"element_type": ["heg", "heg", "heg"], "breedte": ["40", "niet", None]},
        geometry=[shapely.LineString([(0, 0), (10, 0)])] * 3,
        crs=28992,
    ).to_file(path)
    specs = [parse_layer_spec(str(path))]
    assert footprint_reach(vocabulary, specs, "breedte") == pytest.approx(100.0)  # 5 x 40 / 2
    assert footprint_reach(vocabulary, specs, "elders") == pytest.approx(25.0)  # no such field


def test_existing_scheduler(national, single):
    from distributed import LocalCluster

    options = {"threads_per_worker": 2, "processes": False, "dashboard_address": None}
    with LocalCluster(n_workers=1, **options) as cluster:
        dask = run(national, DaskOptions(scheduler=cluster.scheduler_address, partitions=3))
    assert_same(single, dask)
    assert dask.settings["dask_workers"] == 1


def _worker_env() -> tuple[str | None, str | None]:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("GBDA_THREADS")


def test_local_cluster_workers_keep_glibc_trimming_and_share_the_cores(monkeypatch):
    from distributed import Client

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    monkeypatch.delenv("GBDA_THREADS", raising=False)
    cluster = local_cluster(2)
    try:
        with Client(cluster) as client:
            envs = list(client.run(_worker_env).values())
    finally:
        cluster.close()
    # dask would set 65536 (see local_cluster); gbda's share of cores per worker process.
    threads = str(max(1, (os.cpu_count() or 1) // 2))
    assert envs == [(None, threads), (None, threads)]


def test_unreachable_scheduler_is_a_one_line_error(national):
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="cannot reach the dask scheduler") as err:
        run(national, DaskOptions(scheduler="tcp://127.0.0.1:9"))
    assert "\n" not in str(err.value)
    assert time.perf_counter() - t0 < 60


def test_partitions_are_spatial_and_cover_every_area(gemeenten_gpkg):
    geoms = gpd.read_file(gemeenten_gpkg, layer="gemeenten").geometry.to_numpy()
    groups = spatial_partitions(geoms, 4)
    assert len(groups) == 4
    assert sorted(np.concatenate(groups).tolist()) == list(range(len(geoms)))
    areas = [shapely.area(geoms[g]).sum() for g in groups]
    assert max(areas) < 1.5 * min(areas)  # about equal land per partition
    # Compact: each group's envelope is far smaller than the country's.
    country = shapely.area(shapely.box(*shapely.total_bounds(geoms)))
    assert all(
        shapely.area(shapely.box(*shapely.total_bounds(geoms[g]))) < 0.6 * country for g in groups
    )


def test_raster_on_dask_gives_identical_results(national, gemeenten_gpkg):
    rng = np.random.default_rng(1)
    gem = gpd.read_file(gemeenten_gpkg, layer="gemeenten")
    x0, y0, x1, y1 = shapely.total_bounds(gem.geometry.to_numpy())
    pixel = 250.0
    width, height = int((x1 - x0) / pixel) + 2, int((y1 - y0) / pixel) + 2
    values = rng.choice(np.array([0, 1, 2, 3, 9], dtype=np.uint8), (height, width))
    tif = national["folder"] / "land.tif"
    transform = from_origin(x0 - pixel, y1 + pixel, pixel, pixel)
    profile = {"driver": "GTiff", "count": 1, "dtype": "uint8", "crs": "EPSG:28992", "nodata": 9}
    with rasterio.open(tif, "w", width=width, height=height, transform=transform, **profile) as ds:
        ds.write(values, 1)
    classes = parse_classes("1=houtig;2=nat;3=kruidig")
    kw = {"id_field": "statcode", "exclude": national["exclude"]}
    one = share_raster_from_files(national["areas"], [tif], classes, **kw)
    dask = share_raster_from_files(
        national["areas"], [tif], classes, dask=DaskOptions(workers=2, processes=False), **kw
    )
    assert_same(one, dask)
    # NL has 3.5 M ha; a fifth of the pixels is nodata, and NNN is left out.
    assert 2.5e6 < one.areas["rural_ha"].sum() < 2.9e6
    assert problem_set(one) == problem_set(dask)
