"""Strips of lines with bends from numpy equal GEOS's buffer; their convex parts add up."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbda_core.geometry import MITRE_LIMIT, build_footprints, line_strips
from gbda_core.parts import part_rows, strip_parts
from gbda_core.strips import strip_outlines
from gbda_core.vocabulary import load_vocabulary

PROPS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
X0, Y0 = 155_000.0, 463_000.0
VOC = load_vocabulary()


def geos_strips(lines, half_width):
    return shapely.buffer(
        lines, half_width, cap_style="flat", join_style="mitre", mitre_limit=MITRE_LIMIT
    )


def assert_same_strips(lines, half_width):
    got = line_strips(lines, half_width)
    want = geos_strips(lines, half_width)
    assert shapely.is_valid(got).all()
    np.testing.assert_allclose(shapely.area(got), shapely.area(want), rtol=1e-9)
    assert (
        shapely.area(shapely.symmetric_difference(got, want)) <= 1e-9 * shapely.area(want)
    ).all()


def regular(lines, half_width):
    counts = shapely.get_num_coordinates(lines).astype(np.int64)
    return strip_outlines(shapely.get_coordinates(lines), counts, half_width)[2]


@st.composite
def bent_lines(draw):
    """Lines of 3 to 6 vertices: bends from almost straight to past the mitre limit."""
    n = draw(st.integers(3, 6))
    heading = draw(st.floats(0, 2 * np.pi))
    xy = [(X0 + draw(st.floats(-500, 500)), Y0 + draw(st.floats(-500, 500)))]
    for _ in range(n - 1):
        turn = draw(
            st.one_of(
                st.floats(-3.1, 3.1), st.floats(-1e-3, 1e-3), st.floats(2.6, 2.9), st.just(0.0)
            )
        )
        heading += turn
        length = draw(st.one_of(st.floats(0.05, 5), st.floats(5, 200)))
        x, y = xy[-1]
        xy.append((x + length * np.cos(heading), y + length * np.sin(heading)))
    return shapely.LineString(xy), draw(st.floats(0.25, 6))


@PROPS
@given(st.lists(bent_lines(), min_size=1, max_size=10))
def test_strips_equal_geos_buffers(cases):
    lines = np.array([c[0] for c in cases], dtype=object)
    assert_same_strips(lines, np.array([c[1] for c in cases]))


def test_regular_bends_take_the_numpy_path():
    # Typical hedges: two or three segments of 20-150 m, bends up to 60°, 1-2.5 m half-width.
    rng = np.random.default_rng(5)
    n = 300
    start = np.array([X0, Y0]) + rng.uniform(-1000, 1000, (n, 2))
    heading = rng.uniform(0, 2 * np.pi, n)
    pts = [start]
    for _ in range(2):
        heading = heading + rng.uniform(0.05, np.pi / 3, n) * rng.choice([-1, 1], n)
        pts.append(pts[-1] + rng.uniform(20, 150, (n, 1)) * np.stack(
            [np.cos(heading), np.sin(heading)], 1))  # fmt: skip
    lines = shapely.linestrings(np.stack(pts, 1))
    half_width = rng.uniform(1, 2.5, n)
    assert regular(lines, half_width).all()
    assert_same_strips(lines, half_width)
    # A strip with one bend covers length x width exactly.
    one_bend = shapely.linestrings(np.stack(pts[:3], 1))
    np.testing.assert_allclose(
        shapely.area(line_strips(one_bend, half_width)),
        shapely.length(one_bend) * 2 * half_width,
        rtol=1e-9,
    )


@pytest.mark.parametrize(
    ("coords", "half_width", "numpy"),
    [
        ([(0, 0), (50, 0), (50, 50)], 2.0, True),  # right angle
        ([(0, 0), (50, 0), (100, 0.001)], 2.0, False),  # almost straight: GEOS simplifies
        ([(0, 0), (50, 0), (0, 3)], 2.0, False),  # beyond the mitre limit: bevelled
        ([(0, 0), (50, 0), (50, 1)], 2.0, False),  # second segment shorter than the mitre
        ([(0, 0), (30, 0), (30, 30), (0, 30), (0, 10)], 2.0, True),  # a spiral, no overlap
        ([(0, 0), (30, 0), (30, 30), (0, 30), (0, 1)], 2.0, False),  # ends on its start
        ([(0, 0), (30, 0), (30, 3), (0, 3)], 2.0, False),  # a hairpin folds over itself
    ],
)
def test_which_lines_take_the_numpy_path(coords, half_width, numpy):
    lines = np.array([shapely.LineString(np.array(coords, dtype=float) + np.array([X0, Y0]))])
    hw = np.array([half_width])
    fp, problems = build_footprints(
        lines, np.array([VOC.codes.index("heg")], dtype=np.int32), hw * 2, VOC,
        rows=np.array([0]), layer_index=0,
    )  # fmt: skip
    assert problems == []
    assert (not np.isnan(fp.strip_half_width[0])) == numpy
    assert_same_strips(lines, hw)


@PROPS
@given(st.lists(bent_lines(), min_size=1, max_size=10))
def test_strip_parts_are_disjoint_convex_and_cover_the_strip(cases):
    lines = np.array([c[0] for c in cases], dtype=object)
    half_width = np.array([c[1] for c in cases])
    parts = strip_parts(lines, half_width)
    strips = line_strips(lines, half_width)
    split = np.flatnonzero(parts.count > 0)
    assert (parts.count[split] == shapely.get_num_coordinates(lines[split]) - 1).all()
    rows, entry = part_rows(parts, split)
    v = parts.table.vertices[rows]
    quads = shapely.polygons(np.concatenate([v, v[:, :1]], axis=1))
    part_area = np.bincount(entry, weights=shapely.area(quads), minlength=len(split))
    np.testing.assert_allclose(part_area, shapely.area(strips[split]), rtol=1e-9)
    union = shapely.union_all  # each strip is the union of its parts, and they do not overlap
    for k, line in enumerate(split):
        mine = quads[entry == k]
        assert shapely.area(shapely.symmetric_difference(union(mine), strips[line])) <= (
            1e-9 * shapely.area(strips[line])
        )
    # The centre line of each segment lies in its part.
    axis = shapely.linestrings(parts.axis[rows])
    assert shapely.covers(shapely.buffer(quads, 1e-6), axis).all()
