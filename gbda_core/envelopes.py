"""All pairs of envelopes that meet, found on a grid with numpy instead of a tree per element.

A million element envelopes would each walk an STRtree; here every envelope is put in the grid
cells it covers, cells are sorted, and envelopes sharing a cell are paired. A pair is kept only
in the one cell that holds the lower-left corner of the two envelopes' overlap, so it comes out
once. Cells are about twice the typical element size; elements too large for that grid go to a
grid four times coarser (and so on), where they meet everything finer as well.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

#: Envelopes spanning more cells than this per axis move to a coarser grid level.
MAX_SPAN = 4
#: Each level's cells are this many times larger than the previous level's.
LEVEL_FACTOR = 4.0
#: Entries handled at once: numpy temporaries of this size are reused instead of mapped anew
#: (fresh large arrays cost page faults that, on a busy machine, take longer than the work).
CHUNK = 65_536
#: Grid cells are this many times the median envelope extent.
CELL_FACTOR = 3.0


def envelope_pairs(
    bounds: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Return index pairs (i < j) whose closed envelopes meet (touching counts).

    ``bounds`` is ``(n, 4)``: xmin, ymin, xmax, ymax (m); rows with NaN (empty geometries)
    meet nothing. The pairs are the same as an STRtree envelope query finds, in no set order.
    """
    finite = np.isfinite(bounds).all(axis=1)
    ok = np.flatnonzero(finite)
    empty = np.empty(0, dtype=np.intp)
    if len(ok) < 2:
        return empty, empty
    b = bounds if len(ok) == len(bounds) else bounds[ok]
    extent = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1])
    spread = float(max(b[:, 2].max() - b[:, 0].min(), b[:, 3].max() - b[:, 1].min()))
    # About twice the typical size; never so fine that a sparse layer makes millions of cells.
    cell = max(CELL_FACTOR * float(np.median(extent)), spread / np.sqrt(len(b)) / 4, 1e-6)
    origin = b[:, :2].min(axis=0)
    level = np.zeros(len(b), dtype=np.int64)
    size = cell
    big = extent > size * (MAX_SPAN - 1)
    while big.any():
        size *= LEVEL_FACTOR
        level[big] += 1
        big &= extent > size * (MAX_SPAN - 1)
    lefts, rights = [], []
    for lev in np.unique(level):
        owners = np.flatnonzero(level == lev)
        visitors = np.flatnonzero(level < lev)
        i, j = _level_pairs(b, owners, visitors, cell * LEVEL_FACTOR**lev, origin)
        lefts.append(i)
        rights.append(j)
    i, j = np.concatenate(lefts), np.concatenate(rights)
    return ok[np.minimum(i, j)].astype(np.intp), ok[np.maximum(i, j)].astype(np.intp)


def _cells(
    b: npt.NDArray[np.float64], cell: float, origin: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.int64], ...]:
    ix0 = np.floor((b[:, 0] - origin[0]) / cell).astype(np.int64)
    iy0 = np.floor((b[:, 1] - origin[1]) / cell).astype(np.int64)
    ix1 = np.floor((b[:, 2] - origin[0]) / cell).astype(np.int64)
    iy1 = np.floor((b[:, 3] - origin[1]) / cell).astype(np.int64)
    return ix0, iy0, ix1, iy1


def _entries(
    ix0: npt.NDArray[np.int64],
    iy0: npt.NDArray[np.int64],
    ix1: npt.NDArray[np.int64],
    iy1: npt.NDArray[np.int64],
    ny: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(item, cell key) for every cell each envelope covers."""
    wx, wy = ix1 - ix0 + 1, iy1 - iy0 + 1
    one = (wx == 1) & (wy == 1)  # most envelopes lie in one cell
    single, multi = np.flatnonzero(one), np.flatnonzero(~one)
    count = wx[multi] * wy[multi]
    item = np.repeat(multi, count)
    k = np.arange(len(item)) - np.repeat(np.cumsum(count) - count, count)
    span_y = wy[item]
    keys = (ix0[item] + k // span_y) * ny + iy0[item] + k % span_y
    return np.concatenate([single, item]), np.concatenate([ix0[single] * ny + iy0[single], keys])


def _level_pairs(
    b: npt.NDArray[np.float64],
    owners: npt.NDArray[np.int64],
    visitors: npt.NDArray[np.int64],
    cell: float,
    origin: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pairs of an owner (of this level) with another owner or with a finer visitor."""
    ix0, iy0, ix1, iy1 = _cells(b, cell, origin)
    ny = int(iy1.max()) + 2
    if len(owners) == len(b):  # one level: no copies
        o_item, o_key = _entries(ix0, iy0, ix1, iy1, ny)
    else:
        o_item, o_key = _entries(ix0[owners], iy0[owners], ix1[owners], iy1[owners], ny)
        o_item = owners[o_item]
    if len(visitors):
        v_item, v_key = _entries(ix0[visitors], iy0[visitors], ix1[visitors], iy1[visitors], ny)
        # Only visitors in cells that hold an owner matter.
        owner_keys = np.unique(o_key)
        at = np.minimum(np.searchsorted(owner_keys, v_key), len(owner_keys) - 1)
        near = owner_keys[at] == v_key
        item = np.concatenate([o_item, visitors[v_item[near]]])
        key = np.concatenate([o_key, v_key[near]])
        is_owner = np.concatenate([np.ones(len(o_item), bool), np.zeros(int(near.sum()), bool)])
    else:
        item, key, is_owner = o_item, o_key, np.ones(len(o_item), bool)
    order = np.argsort(key)
    key = key[order]
    # Most cells hold one entry, which pairs with nothing: only entries sharing a cell go on.
    same = key[1:] == key[:-1]
    shared = np.r_[same, False] | np.r_[False, same]
    order, key = order[shared], key[shared]
    item, is_owner = item[order], is_owner[order]
    if len(key) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    # Envelopes per entry, in cell order (one gather), so pairs read neighbouring memory; and
    # the lower-left cell of each, for the one-cell-per-pair rule.
    eb = b[item]
    corner = (ix0[item], iy0[item])
    run_start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    run_len = np.diff(np.r_[run_start, len(key)])
    # Bounded pieces of whole runs, so temporaries stay small (see CHUNK).
    cuts = np.searchsorted(np.cumsum(run_len), np.arange(CHUNK, len(key), CHUNK))
    lefts, rights = [], []
    for lo, hi in itertools.pairwise([0, *np.unique(cuts + 1).tolist(), len(run_start)]):
        if lo >= hi:
            continue
        s, e = run_start[lo], run_start[hi] if hi < len(run_start) else len(key)
        part = (corner[0][s:e], corner[1][s:e])
        runs = (run_start[lo:hi] - s, run_len[lo:hi])
        i, j = _run_pairs(eb[s:e], part, item[s:e], key[s:e], is_owner[s:e], *runs, ny)
        lefts.append(i)
        rights.append(j)
    return np.concatenate(lefts), np.concatenate(rights)


def _run_pairs(
    b: npt.NDArray[np.float64],
    corner: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    item: npt.NDArray[np.int64],
    key: npt.NDArray[np.int64],
    is_owner: npt.NDArray[np.bool_],
    run_start: npt.NDArray[np.int64],
    run_len: npt.NDArray[np.int64],
    ny: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pairs within runs of equal cell keys, each kept in the cell of its overlap's corner.

    ``b`` holds the entries' envelopes. Every owner entry pairs with every other entry of its
    run (owner-owner pairs once). The lower-left corner of two envelopes' overlap lies in the
    cell (max of their lower-left cell columns, max of their rows), as cell indices grow with
    coordinates; a pair is kept only in that cell, then tested on its envelopes.
    """
    run_of = np.repeat(np.arange(len(run_start)), run_len)
    pos = np.arange(len(key)) - run_start[run_of]
    own = np.flatnonzero(is_owner & (run_len[run_of] > 1))
    partners = run_len[run_of[own]] - 1
    first = np.repeat(own, partners)
    k = np.arange(len(first)) - np.repeat(np.cumsum(partners) - partners, partners)
    second = run_start[run_of[first]] + np.where(k < pos[first], k, k + 1)  # skip itself
    cx, cy = corner
    here = key[first]
    keep = (
        (~is_owner[second] | (second > first))
        & (np.maximum(cx[first], cx[second]) == here // ny)
        & (np.maximum(cy[first], cy[second]) == here % ny)
    )
    first, second = first[keep], second[keep]
    bi, bj = b[first], b[second]
    meet = (
        (bi[:, 0] <= bj[:, 2])
        & (bj[:, 0] <= bi[:, 2])
        & (bi[:, 1] <= bj[:, 3])
        & (bj[:, 1] <= bi[:, 3])
    )
    return item[first[meet]], item[second[meet]]
