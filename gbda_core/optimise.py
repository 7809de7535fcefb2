"""Pick candidate elements to reach a goal at the least cost or the least productive land.

Goals (several may be given; all must be met):

- ``share``: the site's GBDA share reaches ``target`` % of its rural area;
- ``woody_share``: woody area reaches ``target`` % of all element area;
- ``hedge_m``: ``target`` metres of new woody line elements (heggen, hagen, singels, rijen).

Objectives: ``cost`` = aanleg + ``beheer_years`` × yearly beheer (EUR); ``land`` = productive
land taken (m²), ties broken by cost. An optional ``budget`` caps the aanleg cost (EUR).
Candidates that overlap (see :func:`gbda_core.layout.conflict_pairs`) exclude each other.
Candidates without a known cost are left out of a ``cost`` objective and out of a budget.

Method:

- **exact**: a 0-1 integer programme solved by HiGHS (``scipy.optimize.milp``): minimise the
  objective subject to the goals, the budget and one ``x_i + x_j <= 1`` per overlapping pair.
  Used up to ``exact_max`` candidates ("auto"); proven optimal unless the time limit stops it.
- **heuristic** (larger sets): a lazy greedy that keeps taking the candidate with the lowest
  objective per unit of remaining goal progress (progress beyond what a goal still needs does
  not count, and harm to a goal already met counts against), skipping overlapping and
  over-budget ones, then drops picks the goals no longer need, most expensive per unit first.
  It is fast (one heap) but not proven optimal.

When the goals cannot be met, the best reach is computed instead (exact: maximise the sum over
goals of min(1, progress / need); heuristic: the greedy run to the end) and the result says how
far it got.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix

from gbda_core.errors import ConfigError

GoalKind = Literal["share", "woody_share", "hedge_m"]
Objective = Literal["cost", "land"]
Method = Literal["auto", "exact", "heuristic"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Candidates up to which ``auto`` solves exactly. HiGHS proved plans of 6,600 (Otterlo) and
#: 13,400 candidates (the whole sample polder) optimal within seconds; beyond, the time limit
#: may stop it (it then returns the best plan found so far).
EXACT_MAX = 20_000

#: Extra m² a share goal asks for, so that rounding never leaves it a hair short.
SHARE_MARGIN_M2 = 0.01


@dataclass(frozen=True)
class Goal:
    """What the plan must reach: ``share`` or ``woody_share`` in %, ``hedge_m`` in m."""

    kind: GoalKind
    target: float

    def __post_init__(self) -> None:
        if self.kind not in ("share", "woody_share", "hedge_m"):
            raise ConfigError(
                f"unknown goal {self.kind!r}", hint="use share, woody_share or hedge_m"
            )
        limit = 100.0 if self.kind != "hedge_m" else np.inf
        if not 0 < self.target <= limit:
            raise ConfigError(
                f"goal {self.kind} target {self.target:g} is out of range",
                hint="a share is a percentage above 0 and at most 100; hedge metres above 0",
            )

    @property
    def unit(self) -> str:
        """``%`` or ``m``."""
        return "m" if self.kind == "hedge_m" else "%"


@dataclass(frozen=True)
class Baseline:
    """The site before the plan (m²): rural area, element area and its woody part."""

    rural_m2: float
    element_m2: float
    woody_m2: float


@dataclass
class GoalResult:
    """How far one goal got: values before and after (% or m), and whether it is reached."""

    goal: Goal
    before: float
    after: float
    reached: bool


@dataclass
class Selection:
    """The chosen candidates and how they meet the goals.

    Attributes
    ----------
    chosen
        Indices (rows) of the chosen candidates, ascending.
    goals
        Per goal: before, after (from the candidates' own areas; the plan recomputes the
        shares with the share engine), reached.
    reached
        True when every goal is met.
    method
        ``exact`` or ``heuristic``.
    optimal
        True when the exact method proved the optimum.
    left_out_unknown_cost
        Candidates left out because their cost is unknown (cost objective or budget).
    note
        Why not optimal or not reached, for the summary (English; the plan words it in nl).
    """

    chosen: IntArray
    goals: list[GoalResult]
    reached: bool
    method: str
    optimal: bool
    left_out_unknown_cost: int = 0
    note: str = ""
    objective_value: float = 0.0


def check_settings(
    goals: Sequence[Goal], objective: str, budget: float | None, method: str = "auto"
) -> None:
    """Refuse settings :func:`select` cannot use (one-line ConfigError with a hint)."""
    if not goals:
        raise ConfigError("no goal given", hint="give a target share, woody share or hedge metres")
    if objective not in ("cost", "land"):
        raise ConfigError(f"unknown objective {objective!r}", hint="use cost or land")
    if method not in ("auto", "exact", "heuristic"):
        raise ConfigError(f"unknown method {method!r}", hint="use auto, exact or heuristic")
    if budget is not None and not budget >= 0:
        raise ConfigError("the budget is negative", hint="give a budget in EUR of 0 or more")


def select(
    candidates: pd.DataFrame,
    conflicts: IntArray,
    goals: Sequence[Goal],
    baseline: Baseline,
    *,
    objective: Objective = "cost",
    budget: float | None = None,
    beheer_years: float = 6.0,
    method: Method = "auto",
    exact_max: int = EXACT_MAX,
    time_limit: float = 60.0,
) -> Selection:
    """Choose candidates that meet the goals at the least cost or productive land.

    Parameters
    ----------
    candidates
        From :func:`gbda_core.layout.generate_candidates` (``area_m2``, ``woody``, ``hedge_m``,
        ``productive_m2``, ``aanleg_eur``, ``beheer_eur_per_year``, ``cost_known``,
        ``counts_as``).
    conflicts
        Overlapping pairs, shape (2, k).
    goals
        One or more goals; all must be met.
    baseline
        The site before the plan, from the share engine.
    objective
        ``cost`` (EUR: aanleg + ``beheer_years`` × beheer) or ``land`` (m² productive land).
    budget
        Largest total aanleg cost (EUR), or None.
    beheer_years
        Years of beheer counted in the cost objective (default 6, the term of an ANLb contract;
        an assumption).
    method
        ``auto`` (exact up to ``exact_max`` candidates), ``exact`` or ``heuristic``.
    exact_max, time_limit
        Size limit of ``auto``'s exact method; HiGHS time limit in seconds.
    """
    check_settings(goals, objective, budget, method)
    contrib, need, before = _goal_rows(candidates, goals, baseline)
    cost = candidates["aanleg_eur"].to_numpy(float) + beheer_years * candidates[
        "beheer_eur_per_year"
    ].to_numpy(float)
    usable = np.ones(len(candidates), dtype=bool)
    if objective == "cost" or budget is not None:
        usable &= candidates["cost_known"].to_numpy(bool)
    # Elements that add nothing to any goal are never worth taking.
    usable &= (contrib > 0).any(axis=0) if len(goals) else usable
    left_out = int((~candidates["cost_known"].to_numpy(bool)).sum()) if (
        objective == "cost" or budget is not None) else 0  # fmt: skip
    productive = candidates["productive_m2"].to_numpy(float)
    if objective == "cost":
        obj = cost
    else:
        # Land first; cost only breaks ties (scaled far below a square metre).
        known = np.nan_to_num(cost, nan=0.0)
        obj = productive + 1e-6 * known / max(float(known.max(initial=0.0)), 1.0)
    aanleg = np.nan_to_num(candidates["aanleg_eur"].to_numpy(float), nan=0.0)
    idx = np.flatnonzero(usable)
    pairs = _restrict_pairs(conflicts, usable)
    exact = method == "exact" or (method == "auto" and len(idx) <= exact_max)
    if exact:
        chosen, optimal, note = _exact(contrib[:, idx], need, obj[idx], aanleg[idx], budget, pairs,
                                       time_limit)  # fmt: skip
    else:
        chosen = _greedy(contrib[:, idx], need, obj[idx], aanleg[idx], budget, pairs)
        optimal, note = False, "heuristic (greedy); not proven optimal"
    chosen = np.sort(idx[chosen])
    progress = contrib[:, chosen].sum(axis=1)
    met = progress >= need - 1e-6
    results = [
        GoalResult(g, b, _after(g, baseline, candidates, chosen), bool(m))
        for g, b, m in zip(goals, before, met, strict=True)
    ]
    if not met.all():
        note = (note + "; " if note else "") + "goal not reached; this is the best reach found"
    return Selection(
        chosen=chosen,
        goals=results,
        reached=bool(met.all()),
        method="exact" if exact else "heuristic",
        optimal=optimal and bool(met.all()),
        left_out_unknown_cost=left_out,
        note=note,
        objective_value=float(obj[chosen].sum()),
    )


def _goal_rows(
    candidates: pd.DataFrame, goals: Sequence[Goal], base: Baseline
) -> tuple[npt.NDArray[np.float64], FloatArray, list[float]]:
    """Per goal: each candidate's contribution, the amount needed, and the value before."""
    counts = (candidates["counts_as"] != "none").to_numpy()
    area = np.where(counts, candidates["area_m2"].to_numpy(float), 0.0)
    woody = candidates["woody"].to_numpy(bool) & counts
    rows, need, before = [], [], []
    for g in goals:
        t = g.target / 100.0
        if g.kind == "share":
            rows.append(area)
            need.append(t * base.rural_m2 - base.element_m2 + SHARE_MARGIN_M2)
            before.append(100.0 * base.element_m2 / base.rural_m2 if base.rural_m2 else np.nan)
        elif g.kind == "woody_share":
            rows.append((woody - t) * area)
            # Without any element the woody share is undefined: ask for some woody area then.
            need.append(t * base.element_m2 - base.woody_m2 if base.element_m2 > 0 else 1.0)
            before.append(100.0 * base.woody_m2 / base.element_m2 if base.element_m2 else np.nan)
        else:
            rows.append(candidates["hedge_m"].to_numpy(float))
            need.append(g.target)
            before.append(0.0)
    return np.vstack(rows), np.array(need, dtype=float), before


def _after(g: Goal, base: Baseline, candidates: pd.DataFrame, chosen: IntArray) -> float:
    picked = candidates.iloc[chosen]
    counts = (picked["counts_as"] != "none").to_numpy()
    area = float(picked["area_m2"].to_numpy(float)[counts].sum())
    woody = float(picked["area_m2"].to_numpy(float)[counts & picked["woody"].to_numpy(bool)].sum())
    if g.kind == "share":
        return 100.0 * (base.element_m2 + area) / base.rural_m2 if base.rural_m2 else np.nan
    if g.kind == "woody_share":
        total = base.element_m2 + area
        return 100.0 * (base.woody_m2 + woody) / total if total else np.nan
    return float(picked["hedge_m"].sum())


def _restrict_pairs(conflicts: IntArray, usable: npt.NDArray[np.bool_]) -> IntArray:
    """Conflict pairs among the usable candidates, renumbered to their positions."""
    pos = np.cumsum(usable) - 1
    keep = usable[conflicts[0]] & usable[conflicts[1]] if conflicts.size else np.zeros(0, bool)
    return np.vstack([pos[conflicts[0][keep]], pos[conflicts[1][keep]]]).astype(np.int64)


def _exact(
    contrib: npt.NDArray[np.float64],
    need: FloatArray,
    obj: FloatArray,
    aanleg: FloatArray,
    budget: float | None,
    pairs: IntArray,
    time_limit: float,
) -> tuple[IntArray, bool, str]:
    """Solve the 0-1 programme; if it is infeasible, solve for the best reach instead."""
    n = contrib.shape[1]
    if n == 0:
        return np.empty(0, dtype=np.int64), not (need > 1e-9).any(), ""
    shared = _shared_rows(n, aanleg, budget, pairs)
    goal_rows = LinearConstraint(contrib, need, np.inf)
    options = {"time_limit": time_limit, "disp": False}
    res = milp(
        obj, integrality=np.ones(n), bounds=Bounds(0, 1), constraints=[goal_rows, *shared],
        options=options,
    )  # fmt: skip
    if res.x is not None and res.status in (0, 1):
        note = "" if res.status == 0 else "time limit reached; best solution found so far"
        return np.flatnonzero(res.x > 0.5), res.status == 0, note
    if res.status == 2:  # infeasible: the goals cannot all be met
        return _best_reach(contrib, need, obj, aanleg, budget, pairs, options), False, ""
    note = "exact solver stopped without a solution (time limit); heuristic used instead"
    return _greedy(contrib, need, obj, aanleg, budget, pairs), False, note


def _shared_rows(
    n: int, aanleg: FloatArray, budget: float | None, pairs: IntArray, extra: int = 0
) -> list[LinearConstraint]:
    """Budget and overlap rows over n binaries (plus ``extra`` trailing variables)."""
    rows = []
    width = n + extra
    if budget is not None:
        rows.append(LinearConstraint(np.r_[aanleg, np.zeros(extra)][None, :], -np.inf, budget))
    if pairs.size:
        k = pairs.shape[1]
        data = np.ones(2 * k)
        r = np.r_[np.arange(k), np.arange(k)]
        c = np.r_[pairs[0], pairs[1]]
        rows.append(
            LinearConstraint(coo_matrix((data, (r, c)), shape=(k, width)).tocsr(), -np.inf, 1)
        )
    return rows


def _best_reach(
    contrib: npt.NDArray[np.float64],
    need: FloatArray,
    obj: FloatArray,
    aanleg: FloatArray,
    budget: float | None,
    pairs: IntArray,
    options: dict[str, float | bool],
) -> IntArray:
    """Maximise the sum of min(1, progress / need) over the unmet goals; keep met ones met."""
    n, m = contrib.shape[1], contrib.shape[0]
    open_goal = need > 0
    z = int(open_goal.sum())
    # Variables: x (n binaries), then one z per open goal in [0, 1] with need * z <= progress.
    link = np.hstack([contrib[open_goal], -np.diag(need[open_goal])]) if z else np.zeros((0, n))
    rows = [LinearConstraint(csr_matrix(link), 0, np.inf)] if z else []
    if (~open_goal).any():
        closed = np.hstack([contrib[~open_goal], np.zeros((m - z, z))])
        rows.append(LinearConstraint(closed, need[~open_goal], np.inf))
    rows += _shared_rows(n, aanleg, budget, pairs, extra=z)
    tie = 1e-6 * obj / max(float(np.abs(obj).max(initial=0.0)), 1.0)
    c = np.r_[tie, -np.ones(z)]
    res = milp(
        c, integrality=np.r_[np.ones(n), np.zeros(z)], bounds=Bounds(0, 1), constraints=rows,
        options=options,
    )  # fmt: skip
    if res.x is None:
        return _greedy(contrib, need, obj, aanleg, budget, pairs)
    return np.flatnonzero(res.x[:n] > 0.5)


def _greedy(
    contrib: npt.NDArray[np.float64],
    need: FloatArray,
    obj: FloatArray,
    aanleg: FloatArray,
    budget: float | None,
    pairs: IntArray,
) -> IntArray:
    """Lazy greedy by objective per unit of useful progress, then a pruning pass."""
    m, n = contrib.shape
    if n == 0:
        return np.empty(0, dtype=np.int64)
    neighbours = _adjacency(pairs, n)
    scale = np.where(need > 0, need, np.maximum(np.abs(contrib).max(axis=1), 1.0))
    progress = np.zeros(m)

    def gain(i: int) -> float:
        g = contrib[:, i]
        rem = need - progress
        pos = np.minimum(np.maximum(g, 0.0), np.maximum(rem, 0.0))
        harm = np.maximum(-np.minimum(g, 0.0) - np.maximum(-rem, 0.0), 0.0)
        return float(((pos - harm) / scale).sum())

    heap = []
    for i in range(n):
        gi = gain(i)
        if gi > 0:
            heap.append((obj[i] / gi, -gi, i))
    heapq.heapify(heap)
    blocked = np.zeros(n, dtype=bool)
    chosen: list[int] = []
    spent = 0.0
    while heap and not (progress >= need - 1e-9).all():
        ratio, _, i = heapq.heappop(heap)
        if blocked[i] or (budget is not None and spent + aanleg[i] > budget + 1e-9):
            continue
        gi = gain(i)
        if gi <= 0:
            continue
        current = obj[i] / gi
        if heap and current > heap[0][0] + 1e-12 and current > ratio + 1e-12:
            heapq.heappush(heap, (current, -gi, i))
            continue
        chosen.append(i)
        progress += contrib[:, i]
        spent += aanleg[i]
        blocked[i] = True
        blocked[neighbours.indices[neighbours.indptr[i] : neighbours.indptr[i + 1]]] = True
    if (progress >= need - 1e-9).all():
        # Drop picks the goals do not need, the most expensive per unit first.
        for i in sorted(chosen, key=lambda j: (-obj[j] / max(abs(contrib[:, j]).sum(), 1e-12), j)):
            if (progress - contrib[:, i] >= need - 1e-9).all():
                progress -= contrib[:, i]
                chosen.remove(i)
    return np.array(sorted(chosen), dtype=np.int64)


def _adjacency(pairs: IntArray, n: int) -> csr_matrix:
    """Symmetric conflict adjacency (CSR) over n candidates."""
    if not pairs.size:
        return csr_matrix((n, n), dtype=np.int8)
    r = np.r_[pairs[0], pairs[1]]
    c = np.r_[pairs[1], pairs[0]]
    return csr_matrix((np.ones(len(r), dtype=np.int8), (r, c)), shape=(n, n))
