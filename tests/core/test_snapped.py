"""Snapped overlays give the right answer where GEOS's floating overlay can silently fail."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.affinity import translate

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


def strip_beside_a_field():
    """A 9 x 20 m field and, apart from it, a slanted 1 m strip; a copy of the strip 1 µm off.

    On the grid, the land less the copy is the field, a sliver polygon and a sliver collapsed
    into a line: a mixed collection, which GEOS refuses as the input of another overlay.
    """
    strip = shapely.buffer(shapely.LineString([(40, 0), (42, 1)]), 0.5, cap_style="flat")
    land = shapely.union(shapely.box(30, -10, 39, 10), strip)
    return land, translate(strip, 1e-6, 0)


def test_a_difference_keeps_only_the_dimension_of_its_first_input():
    land, ditch = strip_beside_a_field()
    raw = shapely.difference(land, ditch, grid_size=snapped.GRID_M)
    # The case at hand: GEOS returns polygons and a line, and refuses them as overlay input.
    assert sorted(shapely.get_type_id(shapely.get_parts(raw))) == [1, 3, 3]
    road = shapely.box(30, -2, 39, 2)
    with pytest.raises(shapely.errors.GEOSException, match="mixed-dimension"):
        shapely.difference(raw, road, grid_size=snapped.GRID_M)

    got = snapped.difference(land, ditch)
    assert got.geom_type == "MultiPolygon" and len(got.geoms) == 2
    assert got.area == raw.area  # the line has no area
    # So the next overlay takes it: the field (180 m²) less the road across it (36 m²).
    assert snapped.difference(got, road).area == pytest.approx(144, abs=1e-4)
    # Element-wise on arrays, other results as they are.
    many = snapped.difference(np.array([land, road]), np.array([ditch, shapely.box(30, 0, 39, 9)]))
    assert list(shapely.get_type_id(many)) == [6, 3]
    assert many[1].equals(shapely.box(30, -2, 39, 0))


def test_parts_of_dimension_of_hand_made_geometries():
    tri = shapely.Polygon([(0, 0), (1, 0), (1, 1)])
    seg, dot = shapely.LineString([(5, 5), (6, 6)]), shapely.Point(3, 3)
    cases = [  # (geometry, dimension to keep)
        (shapely.GeometryCollection([tri, seg, dot]), 2),
        (shapely.GeometryCollection([seg, dot]), 2),
        (shapely.GeometryCollection([seg, dot]), 1),
        (shapely.GeometryCollection([shapely.MultiPolygon([tri, translate(tri, 5)]), seg]), 2),
        (shapely.MultiLineString([seg]), 2),  # a polygon wholly collapsed into lines
        (shapely.GeometryCollection(), 2),
        (None, 2),
        (tri, 2),
        (seg, 1),
    ]
    got = snapped.parts_of_dimension([g for g, _ in cases], [d for _, d in cases])
    assert got[0].geom_type == "MultiPolygon" and got[0].equals(shapely.MultiPolygon([tri]))
    assert got[1].geom_type == "Polygon" and got[1].is_empty
    assert got[2].geom_type == "MultiLineString" and got[2].equals(seg)
    assert got[3].geom_type == "MultiPolygon" and got[3].area == 1.0
    assert got[4].geom_type == "Polygon" and got[4].is_empty
    assert got[5].geom_type == "GeometryCollection" and got[5].is_empty
    assert got[6] is None
    assert got[7] is cases[7][0] and got[8] is cases[8][0]
    # A scalar in, a scalar out.
    assert snapped.difference(seg, shapely.box(5.5, 0, 9, 9)).equals(
        shapely.LineString([(5, 5), (5.5, 5.5)])
    )
