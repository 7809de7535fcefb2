"""Envelope pairs from the strip sweep are exactly the pairs an STRtree envelope query finds."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbda_core import envelopes
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


@st.composite
def touching_layers(draw):
    """Boxes at Dutch RD magnitudes with any float coordinates, many sharing an edge exactly.

    Each new box may start exactly where an earlier one ends (or end where one starts), on
    either axis, so touching envelopes at arbitrary floats test the sweep's rounded sort key.
    """
    n = draw(st.integers(2, 40))
    coord = st.floats(0, 400.0, allow_nan=False, allow_infinity=False)
    size = st.floats(0, 60.0, allow_nan=False, allow_infinity=False)
    boxes: list[list[float]] = []
    for _ in range(n):
        x, y = 150_000.0 + draw(coord), 450_000.0 + draw(coord)
        w, h = draw(size), draw(st.one_of(size, st.floats(0, 2_000.0)))
        box = [x, y, x + w, y + h]
        if boxes and draw(st.booleans()):
            other = boxes[draw(st.integers(0, len(boxes) - 1))]
            axis = draw(st.integers(0, 1))
            if draw(st.booleans()):  # start where the other ends
                box[axis] = other[axis + 2]
                box[axis + 2] = box[axis] + (w if axis == 0 else h)
            else:  # end where the other starts
                box[axis + 2] = other[axis]
                box[axis] = box[axis + 2] - (w if axis == 0 else h)
            if draw(st.booleans()):  # and overlap on the other axis
                box[1 - axis], box[3 - axis] = other[1 - axis], other[3 - axis]
        boxes.append(box)
    b = np.array(boxes)
    return shapely.box(b[:, 0], b[:, 1], b[:, 2], b[:, 3])


@PROPS
@given(touching_layers())
def test_float_boxes_touching_exactly_pair_as_in_a_tree(geoms):
    assert grid_pairs(geoms) == tree_pairs(geoms)


def test_tall_envelopes_span_many_strips_and_pair_once():
    # Long north-south strips beside short boxes: the strips are a few boxes high, so each
    # tall envelope is entered in hundreds of strips and must still pair once per partner.
    rng = np.random.default_rng(11)
    x, y = rng.uniform(0, 2000, 3000), rng.uniform(0, 2000, 3000)
    short = shapely.box(x, y, x + 3, y + 3)
    tall = shapely.box(np.arange(20) * 97.0, 0, np.arange(20) * 97.0 + 2, 2000)
    geoms = np.concatenate([short, tall])
    assert grid_pairs(geoms) == tree_pairs(geoms)


def test_crowded_strips_past_the_look_ahead(monkeypatch):
    # More candidates per entry than the numpy look-ahead: the binary search counts the rest.
    monkeypatch.setattr(envelopes, "LOOK_AHEAD", 2)
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 100, 500)
    geoms = shapely.box(x, 0, x + rng.uniform(0, 50, 500), 1)
    assert grid_pairs(geoms) == tree_pairs(geoms)
    assert len(grid_pairs(geoms)) > 500


def test_coarse_sort_steps_and_wide_strip_numbers(monkeypatch):
    # Left edges rounded to a few steps share their sort key with many others, and strip
    # numbers too large for 16-bit keys sort as 64-bit ones: the pairs stay the same.
    rng = np.random.default_rng(8)
    x, y = rng.uniform(0, 500, 2000), rng.uniform(0, 500, 2000)
    geoms = shapely.box(x, y, x + rng.uniform(0, 30, 2000), y + rng.uniform(0, 30, 2000))
    expected = tree_pairs(geoms)
    assert len(expected) > 1000
    monkeypatch.setattr(envelopes, "X_STEPS", 3)
    assert grid_pairs(geoms) == expected
    monkeypatch.setattr(envelopes, "RADIX_STRIPS", 2)
    assert grid_pairs(geoms) == expected
    monkeypatch.setattr(envelopes, "X_STEPS", 65_535)
    assert grid_pairs(geoms) == expected


def test_rows_with_nan_or_inf_meet_nothing():
    # Rows with NaN (empty geometries) or infinite bounds are left out, the others paired.
    bounds = np.array(
        [
            [0.0, 0.0, 2.0, 2.0],
            [np.nan, np.nan, np.nan, np.nan],
            [1.0, 1.0, 3.0, 3.0],
            [1.0, -np.inf, 2.0, np.inf],
            [5.0, 5.0, 6.0, 6.0],
            [5.5, 5.5, 7.0, 7.0],
        ]
    )
    i, j = envelope_pairs(bounds)
    assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 2), (4, 5)]
