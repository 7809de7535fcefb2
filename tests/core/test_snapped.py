"""Snapped overlays give the right answer where GEOS's floating overlay can silently fail."""

from __future__ import annotations

import numpy as np
import shapely

from gbda_core import snapped


def corner_blocks(n: int = 3000, seed: int = 1):
    """Rotated w x d fields and s x s blocks in their corner: same start vertex, same edges."""
    rng = np.random.default_rng(seed)
    ang, w, d, s = (
        rng.uniform(0, 90, n),
        rng.uniform(20, 40, n),
        rng.uniform(20, 40, n),
        rng.uniform(5, 19, n),
    )
    fields, blocks = [], []
    for a, wi, di, si in zip(ang, w, d, s, strict=True):
        turn = lambda g, a=a: shapely.affinity.rotate(g, a, origin=(0, 0))  # noqa: E731
        fields.append(turn(shapely.Polygon([(wi, 0), (0, 0), (0, di), (wi, di)])))
        blocks.append(turn(shapely.Polygon([(wi, 0), (wi - si, 0), (wi - si, si), (wi, si)])))
    return np.array(fields), np.array(blocks), s * s


def test_blocks_in_a_corner_lie_inside_their_field():
    fields, blocks, area = corner_blocks()
    inside = shapely.area(snapped.intersection(blocks, fields))
    outside = shapely.area(snapped.difference(blocks, fields))
    # Every block lies wholly inside its field, to the grid's precision (1 µm x perimeter).
    np.testing.assert_allclose(inside, area, atol=1e-4)
    assert outside.max() < 1e-4
    # (GEOS's floating overlay gets some of these wrong: about 25 of the 3,000 with GEOS 3.13
    # and 3.14, returning an empty intersection. That is why the planner snaps.)


def test_union_and_results_lie_on_the_grid():
    a = shapely.box(0.1234567891, 0, 10, 10)
    b = shapely.box(5, 5, 15.9876543219, 15)
    u = snapped.union_all([a, b])
    assert u.area == np.float64(u.area)
    coords = shapely.get_coordinates(u)
    np.testing.assert_allclose(
        coords / snapped.GRID_M, np.round(coords / snapped.GRID_M), atol=1e-3
    )
    assert abs(u.area - (a.area + b.area - 25)) < 1e-4
    assert abs(snapped.union(a, b).area - u.area) < 1e-9
