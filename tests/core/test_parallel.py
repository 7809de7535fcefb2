"""Threaded helpers give exactly the single-threaded results, in the same order."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gbda_core import parallel


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_CHUNK", 10)
    monkeypatch.setattr(parallel, "MAX_CHUNK", 37)
    monkeypatch.setenv("GBDA_THREADS", "3")


def random_boxes(n, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(0, 1000, n), rng.uniform(0, 1000, n)
    return shapely.box(x, y, x + rng.uniform(1, 50, n), y + rng.uniform(1, 50, n))


def test_elementwise_equals_plain_call(small_chunks):
    a, b = random_boxes(500, 1), random_boxes(500, 2)
    assert parallel.threads() == 3
    expected = shapely.area(shapely.intersection(a, b))
    got = parallel.elementwise(lambda x, y: shapely.area(shapely.intersection(x, y)), a, b)
    np.testing.assert_array_equal(got, expected)


def test_query_envelopes_equals_plain_query(small_chunks):
    geoms = random_boxes(400, 3)
    tree = shapely.STRtree(geoms)
    left, right = parallel.query_envelopes(tree, geoms)
    expected = tree.query(geoms)
    np.testing.assert_array_equal(left, expected[0])
    np.testing.assert_array_equal(right, expected[1])


def test_threads_setting(monkeypatch):
    monkeypatch.setenv("GBDA_THREADS", "1")
    assert parallel.threads() == 1
    monkeypatch.setenv("GBDA_THREADS", "zero")
    assert parallel.threads() >= 1


def test_paused_gc_restores_the_collector_also_on_error() -> None:
    import gc

    from gbda_core.parallel import paused_gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), paused_gc():
        _ = 1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # left off when it was off
    finally:
        gc.enable()
