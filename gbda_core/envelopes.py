"""All pairs of envelopes that meet, found by a sweep in horizontal strips, in numpy.

A million element envelopes would each walk an STRtree; here the plane is cut into horizontal
strips a few elements high, every envelope is entered in each strip it spans (most span one),
and the entries are sorted by strip and then by their left edge (rounded down to one of
65,536 steps across the layer, so both sorts are radix sorts of 16-bit keys). Within a strip,
the envelopes whose left edge lies between an entry's left and right edges follow it directly
in that order: they are its only candidates, so each entry looks just a few places ahead. A
pair met in several strips is kept only in the strip that holds the lower edge of the two
envelopes' overlap (the higher of their bottoms), so it comes out once.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

#: Strips are this many times the median envelope height: higher strips mean fewer entries
#: (an envelope spanning two strips is entered twice) but more candidates per entry.
STRIP_FACTOR = 8.0
#: Entries look this many places ahead in numpy steps; the few with more candidates than
#: that are counted by a binary search.
LOOK_AHEAD = 8
#: Candidate pairs handled at once: numpy temporaries of this size are reused instead of mapped
#: anew (fresh large arrays cost page faults that, on a busy machine, take longer than the work).
CHUNK = 65_536
#: Steps the left edges are rounded to for sorting (16-bit keys sort by radix).
X_STEPS = 65_535
#: Strip numbers below this sort as 16-bit keys (a layer has at most 4 √n strips).
RADIX_STRIPS = 2**16


def _x_step(x: npt.NDArray[np.float64], x0: float, step: float) -> npt.NDArray[np.uint16]:
    """Round x (m) down to one of the sort steps: monotonic, in 0 .. X_STEPS."""
    scaled = x - x0
    scaled *= step  # in place: one temporary for a million entries instead of three
    return np.minimum(scaled, X_STEPS, out=scaled).astype(np.uint16)


def envelope_pairs(
    bounds: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Return index pairs (i < j) whose closed envelopes meet (touching counts).

    ``bounds`` is ``(n, 4)``: xmin, ymin, xmax, ymax (m); rows with NaN (empty geometries)
    meet nothing. The pairs are the same as an STRtree envelope query finds, in no set order.
    """
    # Where the sum of the four is finite, all are (one test instead of four); where it is
    # not, the four are tested (a sum of finite values can overflow).
    with np.errstate(invalid="ignore", over="ignore"):
        finite = np.isfinite(bounds[:, 0] + bounds[:, 1] + bounds[:, 2] + bounds[:, 3])
    if not finite.all():
        finite = np.isfinite(bounds).all(axis=1)
    ok = np.flatnonzero(finite)
    empty = np.empty(0, dtype=np.intp)
    if len(ok) < 2:
        return empty, empty
    # np.take gathers rows several times faster than fancy indexing.
    b = bounds if len(ok) == len(bounds) else np.take(bounds, ok, axis=0)
    x0, y0 = float(b[:, 0].min()), float(b[:, 1].min())
    width, height = float(b[:, 2].max()) - x0, float(b[:, 3].max()) - y0
    # A few elements high; never so low that a sparse layer spreads its envelopes over
    # millions of strips (a quarter of the spacing of n points spread evenly).
    strip = max(
        STRIP_FACTOR * float(np.median(b[:, 3] - b[:, 1])),
        max(width, height) / np.sqrt(len(b)) / 4,
        1e-6,
    )
    item, strip_of, first = _entries(b, y0, strip)
    # Sorted by (strip, left edge), with the left edge rounded down to one of 65,536 steps
    # across the layer: two stable passes over 16-bit keys are radix sorts, several times
    # faster than sorting floats. Rounding down is monotonic, so an envelope whose left edge
    # does not pass another's right edge never sorts past that edge's step: no candidate is
    # lost, and the exact test below drops the extra ones that share a step.
    step = X_STEPS / width if width > 0 else 0.0
    step = step if np.isfinite(step) else 0.0  # a subnormal width: one step for all
    left = _x_step(np.take(b[:, 0], item), x0, step)
    strip_key = strip_of.astype(np.uint16 if strip_of.max() < RADIX_STRIPS else np.int64)
    order = np.argsort(left, kind="stable")
    strips = np.take(strip_key, order)
    by_strip = np.argsort(strips, kind="stable")
    order = order[by_strip]
    item, first = np.take(item, order), np.take(first, order)
    strip_base = np.take(strips, by_strip).astype(np.int64) << 16
    key = strip_base + np.take(left, order)
    eb = np.take(b, item, axis=0)  # in sweep order, so the candidate tests read nearby memory
    reach = strip_base + _x_step(eb[:, 2], x0, step)
    ahead = _candidates_ahead(key, reach)

    lefts, rights = [], []
    starts = np.flatnonzero(ahead)
    count = ahead[starts]
    ends = np.cumsum(count)
    cuts = np.searchsorted(ends, np.arange(CHUNK, int(ends[-1]) if len(ends) else 0, CHUNK))
    for lo, hi in zip([0, *cuts.tolist()], [*cuts.tolist(), len(starts)], strict=True):
        if lo >= hi:
            continue
        n_cand = count[lo:hi]
        p = np.repeat(starts[lo:hi], n_cand)
        q = p + 1 + np.arange(len(p)) - np.repeat(np.cumsum(n_cand) - n_cand, n_cand)
        bi, bj = np.take(eb, p, axis=0), np.take(eb, q, axis=0)
        # Both envelopes are entered in the strip of their overlap's lower edge, which is the
        # first strip of the higher one: keep the pair there only.
        keep = boxes_meet(bi, bj) & np.where(bi[:, 1] >= bj[:, 1], first[p], first[q])
        lefts.append(item[p[keep]])
        rights.append(item[q[keep]])
    if not lefts:
        return empty, empty
    i, j = np.concatenate(lefts), np.concatenate(rights)
    return ok[np.minimum(i, j)].astype(np.intp), ok[np.maximum(i, j)].astype(np.intp)


def boxes_meet(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Mark row pairs of envelopes ``(n, 4)`` (xmin, ymin, xmax, ymax, m) that meet or touch."""
    return np.asarray(
        (a[:, 0] <= b[:, 2]) & (b[:, 0] <= a[:, 2]) & (a[:, 1] <= b[:, 3]) & (b[:, 1] <= a[:, 3])
    )


def _entries(
    b: npt.NDArray[np.float64], y0: float, strip: float
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """(envelope, strip index, is the envelope's first strip) for each strip it spans."""
    s0 = np.floor((b[:, 1] - y0) / strip)
    span = (np.floor((b[:, 3] - y0) / strip) - s0).astype(np.int64) + 1
    one = span == 1  # most envelopes lie in one strip
    if one.all():
        return np.arange(len(b)), s0, np.ones(len(b), dtype=bool)
    multi = np.flatnonzero(~one)
    count = span[multi]
    k = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    single = np.flatnonzero(one)
    return (
        np.concatenate([single, np.repeat(multi, count)]),
        np.concatenate([s0[single], np.repeat(s0[multi], count) + k]),
        np.concatenate([np.ones(len(single), dtype=bool), k == 0]),
    )


def _candidates_ahead(
    key: npt.NDArray[np.int64], reach: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """How many entries after each one sort at or before its reach (keys ascending)."""
    n = len(key)
    ahead = np.zeros(n, dtype=np.int64)
    for k in range(1, min(LOOK_AHEAD, n - 1) + 1):
        within = key[k:] <= reach[:-k]
        if not within.any():
            return ahead
        ahead[:-k] += within
    # Sorted keys: an entry with all LOOK_AHEAD next ones in reach may have more.
    full = np.flatnonzero(ahead == LOOK_AHEAD)
    ahead[full] = np.searchsorted(key, reach[full], side="right") - full - 1
    return ahead
