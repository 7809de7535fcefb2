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


def test_in_chunks_covers_every_item_once_with_its_start(small_chunks):
    items = np.arange(500)
    results = parallel.in_chunks(lambda part: part.copy(), items, chunk=37)
    assert len(results) > 3  # several threads and slices of at most 37
    assert all(len(part) <= 37 for _, part in results)
    assert [start for start, _ in results] == sorted(start for start, _ in results)
    for start, part in results:
        assert part[0] == start
    np.testing.assert_array_equal(np.concatenate([part for _, part in results]), items)


def test_convex_quads_in_chunks_equals_one_chunk(small_chunks, monkeypatch):
    from gbda_core.parts import convex_quads

    boxes = random_boxes(400, 3)
    boxes[::7] = shapely.Point(1, 1)  # not polygons: no row
    row, table = convex_quads(boxes)
    monkeypatch.setenv("GBDA_THREADS", "1")
    monkeypatch.setattr(parallel, "MAX_CHUNK", 10_000)
    one_row, one_table = convex_quads(boxes)
    np.testing.assert_array_equal(row, one_row)
    np.testing.assert_array_equal(table.vertices, one_table.vertices)
    assert (row[::7] == -1).all() and (np.delete(row, np.s_[::7]) >= 0).all()


def test_min_chunk_sets_where_threads_start(monkeypatch):
    monkeypatch.setenv("GBDA_THREADS", "2")
    starts = []

    def record(x):
        starts.append(len(x))
        return shapely.area(x)

    boxes = random_boxes(600, 5)
    got = parallel.elementwise(record, boxes)  # 600 items: below MIN_CHUNK per thread
    assert starts == [600]
    starts.clear()
    np.testing.assert_array_equal(
        parallel.elementwise(record, boxes, min_chunk=parallel.OVERLAY_MIN_CHUNK), got
    )
    assert sorted(starts) == [300, 300]


def test_helper_thread_runs_inline_when_one_thread_is_allowed(monkeypatch):
    import threading

    monkeypatch.setenv("GBDA_THREADS", "1")
    with parallel.helper_thread() as pool:
        assert isinstance(pool, parallel.InlineExecutor)
        done = pool.submit(threading.get_ident)
        assert done.done() and done.result() == threading.get_ident()
        failed = pool.submit(int, "not a number")
        with pytest.raises(ValueError):
            failed.result()
    monkeypatch.setenv("GBDA_THREADS", "2")
    with parallel.helper_thread() as pool:
        assert pool.submit(threading.get_ident).result() != threading.get_ident()


def test_one_thread_runs_the_chunks_in_the_calling_thread(monkeypatch):
    import threading

    monkeypatch.setenv("GBDA_THREADS", "1")
    seen = parallel.in_chunks(lambda c: threading.get_ident(), np.arange(100), chunk=7)
    assert len(seen) == 15 and {ident for _, ident in seen} == {threading.get_ident()}
