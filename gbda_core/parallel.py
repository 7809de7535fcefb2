"""Run vectorised shapely calls on all cores: shapely 2 releases the GIL inside GEOS.

Only pure, element-wise functions go through here (area, intersection, validity, buffers):
each thread works on its own slice and no geometry is modified. STRtree envelope queries are
split over threads only after the tree has been built (by one query first); queries with a
predicate stay single-threaded, because GEOS builds prepared-geometry indexes lazily.
The number of threads is ``os.cpu_count()``, or ``GBDA_THREADS`` when set.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import shapely

T = TypeVar("T")

#: Below this many items per thread, threads cost more than they save (GEOS work is
#: 1-50 µs per item, thread start-up about 100 µs).
MIN_CHUNK = 5_000
#: GEOS overlays (an element cut by an area's polygon) take 10-50 µs each: threads pay off
#: from a few hundred items.
OVERLAY_MIN_CHUNK = 250
#: At most this many items per call, so intermediate geometries stay bounded in memory.
MAX_CHUNK = 200_000
#: Items per call for numpy kernels (see gbda_core.convex): their temporaries, a few times
#: this many floats, are then reused by the allocator instead of being mapped anew each time
#: (page faults on fresh large arrays cost more than the arithmetic).
NUMPY_CHUNK = 8_192


def threads() -> int:
    """Return the number of worker threads for element-wise geometry work."""
    configured = os.environ.get("GBDA_THREADS")
    if configured and configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, os.cpu_count() or 1)


def elementwise(
    func: Callable[..., Any],
    *arrays: npt.NDArray[Any],
    chunk: int = MAX_CHUNK,
    min_chunk: int | None = None,
) -> npt.NDArray[Any]:
    """Apply ``func(*slices)`` to aligned slices of ``arrays`` in threads; concatenate results.

    ``func`` must be element-wise (output i depends only on input i), like most shapely
    functions; bind scalar arguments with :func:`functools.partial`. Slices hold at most
    ``chunk`` items (use :data:`NUMPY_CHUNK` for numpy kernels); threads start from
    ``min_chunk`` items each (default :data:`MIN_CHUNK`; :data:`OVERLAY_MIN_CHUNK` for GEOS
    overlays).
    """
    results = _on_slices(
        lambda s, e: func(*(a[s:e] for a in arrays)), len(arrays[0]), chunk, min_chunk
    )
    if len(results) == 1:
        return np.asarray(results[0][1])
    return np.concatenate([r for _, r in results])


def in_chunks(
    func: Callable[[npt.NDArray[Any]], Any], items: npt.NDArray[Any], chunk: int = MAX_CHUNK
) -> list[tuple[int, Any]]:
    """Apply ``func`` to slices of ``items`` in threads; return (slice start, result) pairs.

    For element-wise work whose results are not one array each (tables, several arrays):
    the caller joins them, moving indices on by each slice's start.
    """
    return _on_slices(lambda s, e: func(items[s:e]), len(items), chunk)


def _on_slices(
    func: Callable[[int, int], Any], n: int, chunk: int, min_chunk: int | None = None
) -> list[tuple[int, Any]]:
    """Call ``func(start, end)`` for slices of ``range(n)`` in threads; (start, result) pairs.

    Slices hold at most ``chunk`` items; below ``min_chunk`` (default :data:`MIN_CHUNK`) items
    per thread, one call. With one thread allowed the slices run in the calling thread.
    """
    workers = max(1, min(threads(), n // (min_chunk or MIN_CHUNK)))
    chunks = max(workers, -(-n // chunk))
    if chunks <= 1:
        return [(0, func(0, n))]
    edges = np.linspace(0, n, chunks + 1).astype(int)
    if workers == 1:  # chunks one after another, in this thread
        results = [func(int(s), int(e)) for s, e in itertools.pairwise(edges)]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lambda s_e: func(*s_e), itertools.pairwise(edges)))
    return [(int(s), r) for s, r in zip(edges[:-1], results, strict=True)]


class InlineExecutor(Executor):
    """An executor that runs each task at once, in the calling thread."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run ``fn(*args, **kwargs)`` now; return its result (or error) as a done future."""
        future: Future[T] = Future()
        # Errors are handed over in the future, as a thread pool's would; an interrupt
        # (KeyboardInterrupt) is not held back until the result is asked for.
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


def helper_thread() -> Executor:
    """One helper thread for work beside the calling thread; inline with one thread allowed.

    With ``GBDA_THREADS=1`` (as each worker of a local dask cluster on two cores gets) the
    engine then runs in one thread instead of two.
    """
    return ThreadPoolExecutor(max_workers=1) if threads() > 1 else InlineExecutor()


def query_envelopes(
    tree: shapely.STRtree, geoms: npt.NDArray[np.object_]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """``tree.query(geoms)`` (envelopes only) split over threads; same result and order."""
    n = len(geoms)
    workers = min(threads(), n // MIN_CHUNK)
    if workers <= 1:
        found = tree.query(geoms)
        return found[0], found[1]
    tree.query(geoms[:1])  # builds the tree once, before threads read it
    edges = np.linspace(0, n, workers + 1).astype(int)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(
            pool.map(lambda s_e: tree.query(geoms[s_e[0] : s_e[1]]), itertools.pairwise(edges))
        )
    left = np.concatenate([p[0] + s for p, s in zip(parts, edges[:-1], strict=True)])
    right = np.concatenate([p[1] for p in parts])
    return left, right


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while bulk geometry work runs.

    Every few hundred new objects (each shapely geometry is one) the collector runs, and its
    full passes walk all live objects: with a million geometries in memory that cost about 1 s
    of a national run while finding nothing, since geometries and arrays hold no reference
    cycles. Reference counting still frees everything as usual; the collector is restored (only
    if it was on) when the block ends, also on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
