"""Every numpy shortcut of the share engine gives what the general (GEOS) path gives.

The shortcuts: strips of lines with bends built from numpy, convex parts kept apart by a
separating edge, two-element overlap pieces measured without building them, and elements cut
by one straight border in numpy. With all of them switched off the engine buffers, tests,
dissolves and clips everything with GEOS; the results must agree to float rounding.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
import shapely.affinity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbda_core import clip, geometry, overlap, share
from gbda_core.convex import APART, OVERLAPPING
from gbda_core.parts import no_parts
from gbda_core.share import compute_share
from gbda_core.vocabulary import load_vocabulary

RD = "EPSG:28992"
VOC = load_vocabulary()
X0, Y0 = 155_000.0, 463_000.0
LINE_CODES = [et.code for et in VOC if et.width_m is not None]
POINT_CODES = [et.code for et in VOC if et.point_area_m2 is not None]
PROPS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def general_path(monkeypatch):
    """A context that runs compute_share with every numpy shortcut switched off."""

    def run(*args, **kwargs):
        with monkeypatch.context() as m:
            m.setattr(geometry, "_bent_strips", _no_bent_strips)
            build = share.build_footprints
            m.setattr(share, "build_footprints", lambda *a, **k: build(*a, **{**k, "lazy": False}))
            m.setattr(geometry.Footprints, "split", lambda self, idx: no_parts(len(idx)))
            resolve = share.resolve_overlaps
            m.setattr(
                share, "resolve_overlaps", lambda *a, **k: resolve(*a, **{**k, "lazy": False})
            )
            return compute_share(*args, **kwargs)

    return run


def _no_bent_strips(lines, half_width, lazy=False):
    n = len(lines)
    nothing = np.zeros(n, dtype=bool)
    return np.full(n, None), nothing, nothing, np.empty((0, geometry.MEASURES))


def same_results(fast, slow):
    a = fast.areas.set_index("area_id")
    b = slow.areas.set_index("area_id")
    for col in ("element_ha", "woody_ha", "wet_ha", "herb_ha", "line_km", "rural_ha"):
        np.testing.assert_allclose(a[col], b[col], rtol=1e-9, atol=1e-10, err_msg=col)
    assert (a["n_elements"] == b["n_elements"]).all()
    keys = ["area_id", "element_type"]
    bf, bs = fast.breakdown.set_index(keys), slow.breakdown.set_index(keys)
    assert set(bf.index) == set(bs.index)
    bs = bs.loc[bf.index]
    for col in ("element_ha", "line_km"):
        np.testing.assert_allclose(bf[col], bs[col], rtol=1e-9, atol=1e-10, err_msg=col)
    assert (bf["n_elements"] == bs["n_elements"]).all()


# Areas: a square cut by a slanted line (so borders are not axis-parallel), and a region with
# a hole; elements straddle the cut, the hole's edge and the outer edge.
CUT = shapely.LineString([(X0 - 50, Y0 - 30), (X0 + 260, Y0 + 230)])
SQUARE = shapely.box(X0, Y0, X0 + 200, Y0 + 200)


def areas_frame():
    west = shapely.intersection(SQUARE, shapely.buffer(CUT, 400, single_sided=True))
    east = shapely.difference(SQUARE, west)
    holed = shapely.difference(
        shapely.box(X0 + 220, Y0, X0 + 400, Y0 + 200),
        shapely.Point(X0 + 310, Y0 + 100).buffer(40, quad_segs=3),
    )
    return gpd.GeoDataFrame(
        {"area_id": ["west", "east", "holed"]}, geometry=[west, east, holed], crs=RD
    )


xs = st.floats(-30, 430)
ys = st.floats(-30, 230)


@st.composite
def elements(draw):
    kind = draw(st.sampled_from(["box", "line", "line", "point"]))
    x, y = X0 + draw(xs), Y0 + draw(ys)
    if kind == "box":
        w, h, a = draw(st.floats(1, 60)), draw(st.floats(1, 20)), draw(st.floats(0, np.pi))
        box = shapely.box(-w / 2, -h / 2, w / 2, h / 2)
        geom = shapely.affinity.translate(shapely.affinity.rotate(box, a, use_radians=True), x, y)
        return geom, draw(st.sampled_from(list(VOC.codes))), np.nan
    if kind == "point":
        return shapely.Point(x, y), draw(st.sampled_from(POINT_CODES)), np.nan
    n = draw(st.integers(2, 4))
    heading = draw(st.floats(0, 2 * np.pi))
    pts = [(x, y)]
    for _ in range(n - 1):
        heading += draw(st.floats(-1.5, 1.5))
        step = draw(st.floats(3, 80))
        pts.append((pts[-1][0] + step * np.cos(heading), pts[-1][1] + step * np.sin(heading)))
    width = draw(st.one_of(st.just(np.nan), st.floats(0.5, 8)))
    return shapely.LineString(pts), draw(st.sampled_from(LINE_CODES)), width


def elements_frame(items):
    geoms, codes, widths = zip(*items, strict=True)
    return gpd.GeoDataFrame(
        {"element_type": list(codes), "width_m": list(widths)}, geometry=list(geoms), crs=RD
    )


@PROPS
@given(st.lists(elements(), min_size=1, max_size=25), st.booleans())
def test_shortcuts_equal_the_general_path(general_path, items, with_copies):
    if with_copies:  # duplicates and near-copies overlap: two-element groups and larger ones
        items = items + [(shapely.affinity.translate(g, 1.5, 0.5), c, w) for g, c, w in items[:4]]
    frame = elements_frame(items)
    fast = compute_share(areas_frame(), frame, id_field="area_id")
    slow = general_path(areas_frame(), frame, id_field="area_id")
    same_results(fast, slow)


def test_shortcuts_equal_the_general_path_on_the_real_gemeenten(
    gemeenten_gpkg, general_path, monkeypatch
):
    gem = gpd.read_file(gemeenten_gpkg, layer="gemeenten", columns=["statcode"])
    gem = gem[gem.statcode.isin(["GM0228", "GM0203", "GM0200", "GM0202", "GM0274", "GM0289"])]
    rng = np.random.default_rng(7)
    geoms = gem.geometry.to_numpy()
    border = shapely.line_interpolate_point(
        shapely.boundary(geoms[rng.integers(0, len(geoms), 1500)]),
        rng.uniform(0, 1, 1500),
        normalized=True,
    )
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    spread = shapely.points(rng.uniform(x0, x1, 1500), rng.uniform(y0, y1, 1500))
    xy = shapely.get_coordinates(np.concatenate([border, spread]))
    xy[1::9] = xy[0::9][: len(xy[1::9])] + 2.0  # near copies: overlaps
    n = len(xy)
    heading = rng.uniform(0, 2 * np.pi, n)
    bend = heading + rng.uniform(-1, 1, n)
    mid = xy + 40 * np.stack([np.cos(heading), np.sin(heading)], 1)
    end = mid + 40 * np.stack([np.cos(bend), np.sin(bend)], 1)
    lines = shapely.linestrings(np.stack([xy, mid, end], 1))
    boxes = shapely.buffer(shapely.points(xy[::2]), 15, quad_segs=1)
    items = (
        [(g, "heg", np.nan) for g in lines[: n // 2]]
        + [(g, "houtwal", np.nan) for g in boxes]
        + [(shapely.Point(p), "solitaire_boom", np.nan) for p in xy[n // 2 :]]
    )
    frame = elements_frame(items)
    areas = gem.rename(columns={"statcode": "area_id"})
    slow = general_path(areas, frame, id_field="area_id")
    # The fast run does take every shortcut, many times.
    used: dict[str, int] = {}
    monkeypatch.setattr(clip, "_cut_by_border", spy(clip._cut_by_border, used, "cut", 2))
    monkeypatch.setattr(overlap, "relate", spy(overlap.relate, used, "apart", code=APART))
    relate = overlap.relate  # the spy above, counted twice: pairs told apart and overlapping
    monkeypatch.setattr(overlap, "relate", spy(relate, used, "overlap", code=OVERLAPPING))
    monkeypatch.setattr(geometry, "_bent_strips", spy(geometry._bent_strips, used, "strip", 1))
    fast = compute_share(areas, frame, id_field="area_id")
    assert used["cut"] > 200 and used["apart"] > 50 and used["strip"] > 1000
    assert used["overlap"] > 20
    assert fast.areas["n_elements"].sum() > 2000
    same_results(fast, slow)


def spy(func, used, name, index=None, code=None):
    """Wrap ``func`` to count its results: True values of output ``index``, values equal to
    ``code``, or non-None values."""

    def wrapped(*args, **kwargs):
        out = func(*args, **kwargs)
        found = out[index] if index is not None else out
        if code is not None:
            found = found == code
        hits = int(np.sum(found)) if found.dtype == bool else int(np.sum(found != None))  # noqa: E711
        used[name] = used.get(name, 0) + hits
        return out

    return wrapped
