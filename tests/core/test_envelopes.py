"""Envelope pairs from the grid are exactly the pairs an STRtree envelope query finds."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbda_core.envelopes import envelope_pairs

PROPS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def tree_pairs(geoms):
    left, right = shapely.STRtree(geoms).query(geoms)
    keep = left < right
    return set(zip(left[keep].tolist(), right[keep].tolist(), strict=True))


def grid_pairs(geoms):
    left, right = envelope_pairs(shapely.bounds(geoms))
    found = list(zip(left.tolist(), right.tolist(), strict=True))
    assert len(found) == len(set(found)), "a pair reported twice"
    assert all(i < j for i, j in found)
    return set(found)


@st.composite
def layers(draw):
    """Boxes on a coarse grid (so edges touch exactly), some points, a few huge, some empty."""
    n = draw(st.integers(0, 60))
    geoms = []
    for _ in range(n):
        kind = draw(st.sampled_from(["box", "box", "box", "point", "huge", "empty"]))
        x, y = draw(st.integers(0, 40)) * 5.0, draw(st.integers(0, 40)) * 5.0
        if kind == "box":
            w, h = draw(st.integers(0, 8)) * 5.0, draw(st.integers(0, 8)) * 5.0
            geoms.append(shapely.box(x, y, x + w, y + h))
        elif kind == "point":
            geoms.append(shapely.Point(x, y))
        elif kind == "huge":
            geoms.append(shapely.box(x, y, x + draw(st.floats(100, 5000)), y + 3.0))
        else:
            geoms.append(shapely.Polygon())
    return np.array(geoms, dtype=object)


@PROPS
@given(layers())
def test_grid_pairs_equal_tree_pairs(geoms):
    assert grid_pairs(geoms) == tree_pairs(geoms)


def test_dense_and_sparse_layers_and_many_levels():
    rng = np.random.default_rng(4)
    n = 4000
    x, y = rng.uniform(0, 3000, n), rng.uniform(0, 3000, n)
    size = rng.choice([0.0, 2.0, 40.0, 400.0, 2500.0], n, p=[0.1, 0.5, 0.3, 0.08, 0.02])
    geoms = shapely.box(x, y, x + size * rng.random(n), y + size * rng.random(n))
    assert grid_pairs(geoms) == tree_pairs(geoms)
    # All in one spot, and all far apart.
    same = shapely.box(np.zeros(50), np.zeros(50), np.ones(50), np.ones(50))
    assert len(grid_pairs(same)) == 50 * 49 // 2
    apart = shapely.box(np.arange(50) * 10.0, 0, np.arange(50) * 10.0 + 1, 1)
    assert grid_pairs(apart) == set()


def test_no_or_one_envelope():
    assert grid_pairs(np.array([], dtype=object)) == set()
    assert grid_pairs(np.array([shapely.box(0, 0, 1, 1)])) == set()
