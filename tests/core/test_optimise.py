"""The optimiser on small candidate tables whose best answer is known by hand or brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gbda_core.errors import ConfigError
from gbda_core.optimise import Baseline, Goal, select

NO_PAIRS = np.empty((2, 0), dtype=np.int64)


def table(area, aanleg, *, beheer=None, woody=None, hedge=None, productive=None, known=None,
          counts=None):  # fmt: skip
    n = len(area)
    return pd.DataFrame(
        {
            "area_m2": np.asarray(area, float),
            "aanleg_eur": np.asarray(aanleg, float),
            "beheer_eur_per_year": np.zeros(n) if beheer is None else np.asarray(beheer, float),
            "woody": np.zeros(n, bool) if woody is None else np.asarray(woody, bool),
            "hedge_m": np.zeros(n) if hedge is None else np.asarray(hedge, float),
            "productive_m2": np.asarray(area if productive is None else productive, float),
            "cost_known": np.ones(n, bool) if known is None else np.asarray(known, bool),
            "counts_as": ["heg"] * n if counts is None else counts,
        }
    )


def pairs(*ij):
    return np.array(ij, dtype=np.int64).T if ij else NO_PAIRS


BASE = Baseline(rural_m2=10_000.0, element_m2=0.0, woody_m2=0.0)
FIVE = [Goal("share", 5.0)]  # 500 m² of 10 000


def brute_force(cands, conflicts, need_m2, budget=None):
    """Cheapest subset with area >= need (no conflicting pair, within budget), by enumeration."""
    best, best_cost = None, np.inf
    bad = {tuple(p) for p in conflicts.T.tolist()}
    n = len(cands)
    for k in range(n + 1):
        for combo in itertools.combinations(range(n), k):
            if any((a, b) in bad for a, b in itertools.combinations(combo, 2)):
                continue
            cost = cands["aanleg_eur"].to_numpy()[list(combo)].sum()
            area = cands["area_m2"].to_numpy()[list(combo)].sum()
            if area >= need_m2 and (budget is None or cost <= budget) and cost < best_cost:
                best, best_cost = combo, cost
    return best, best_cost


def test_exact_picks_the_cheapest_combination():
    cands = table([300, 250, 200, 260], [300, 200, 260, 180])
    sel = select(cands, NO_PAIRS, FIVE, BASE)
    # {1, 3}: 510 m² for 380; {0, 2} has exactly 500 m², a hair short of 500 + 0.01 m².
    assert sel.chosen.tolist() == [1, 3]
    assert sel.reached and sel.method == "exact" and sel.optimal
    assert sel.goals[0].before == 0.0 and sel.goals[0].after == pytest.approx(5.1)
    assert select(table([500, 500.01], [1, 2]), NO_PAIRS, FIVE, BASE).chosen.tolist() == [1]
    assert sel.objective_value == 380.0
    # With 1 and 3 overlapping, {0, 3} (560 m², 480) is best.
    sel = select(cands, pairs((1, 3)), FIVE, BASE)
    assert sel.chosen.tolist() == [0, 3]


def test_an_unreachable_goal_is_reported_with_the_best_reach():
    cands = table([100, 150, 120], [10, 10, 10])
    sel = select(cands, pairs((1, 2)), FIVE, BASE)
    assert not sel.reached and not sel.optimal
    assert sel.chosen.tolist() == [0, 1]  # 250 m²: the most that fits together
    assert sel.goals[0].after == pytest.approx(2.5)
    assert "not reached" in sel.note


def test_the_budget_caps_the_aanleg_cost():
    cands = table([300, 250, 200, 260], [300, 200, 260, 180])
    assert select(cands, NO_PAIRS, FIVE, BASE, budget=400).chosen.tolist() == [1, 3]
    sel = select(cands, NO_PAIRS, FIVE, BASE, budget=300)
    assert not sel.reached
    assert sel.chosen.tolist() == [0]  # 300 m² for exactly the budget: the best reach
    assert cands["aanleg_eur"].to_numpy()[sel.chosen].sum() <= 300


def test_beheer_years_count_in_the_cost():
    cands = table([501, 501], [100, 300], beheer=[60, 0])
    assert select(cands, NO_PAIRS, FIVE, BASE, beheer_years=0).chosen.tolist() == [0]
    # 100 + 6 x 60 = 460 > 300.
    assert select(cands, NO_PAIRS, FIVE, BASE).chosen.tolist() == [1]


def test_hedge_metres():
    cands = table([100, 60, 90], [500, 250, 400], hedge=[100, 60, 90], woody=[1, 1, 1])
    sel = select(cands, NO_PAIRS, [Goal("hedge_m", 150)], BASE)
    assert sel.chosen.tolist() == [1, 2]  # 150 m for 650, not 160 m for 750
    assert sel.goals[0].after == 150.0 and sel.goals[0].goal.unit == "m"


def test_woody_share_takes_woody_elements():
    base = Baseline(rural_m2=10_000.0, element_m2=1_000.0, woody_m2=200.0)
    cands = table([700, 400, 650], [10, 1, 20], woody=[1, 0, 1])
    sel = select(cands, NO_PAIRS, [Goal("woody_share", 50.0)], base)
    # (200 + a) / (1000 + a) >= 0.5 needs a >= 600 m² of woody area: the cheaper of 0 and 2.
    assert sel.chosen.tolist() == [0]
    assert sel.goals[0].before == pytest.approx(20.0)
    assert sel.goals[0].after == pytest.approx(100 * 900 / 1700)
    both = select(cands, NO_PAIRS, [Goal("share", 15.0), Goal("woody_share", 50.0)], base)
    # 500 m² more, and still half woody: the non-woody 400 m² alone would break the second goal.
    assert both.reached and both.chosen.tolist() == [0]


def test_land_objective_prefers_unproductive_land_and_may_use_unknown_costs():
    cands = table([501, 501, 501], [10, 900, np.nan], productive=[501, 0, 501],
                  known=[True, True, False])  # fmt: skip
    assert select(cands, NO_PAIRS, FIVE, BASE, objective="land").chosen.tolist() == [1]
    sel = select(cands, NO_PAIRS, FIVE, BASE)
    assert sel.chosen.tolist() == [0] and sel.left_out_unknown_cost == 1
    only_unknown = table([501], [np.nan], known=[False])
    assert select(only_unknown, NO_PAIRS, FIVE, BASE, objective="land").reached
    assert not select(only_unknown, NO_PAIRS, FIVE, BASE).reached


def test_a_goal_already_met_needs_nothing():
    base = Baseline(rural_m2=10_000.0, element_m2=800.0, woody_m2=0.0)
    sel = select(table([300], [1]), NO_PAIRS, FIVE, base)
    assert sel.reached and sel.chosen.tolist() == []
    assert sel.goals[0].before == pytest.approx(8.0)


def test_elements_that_do_not_count_are_never_taken_for_a_share():
    cands = table([600, 500], [0, 50], counts=["none", "heg"])
    assert select(cands, NO_PAIRS, FIVE, BASE).chosen.tolist() == [1]


def test_auto_switches_to_the_heuristic_for_large_sets():
    cands = table([101] * 12, np.arange(12, 0, -1))
    sel = select(cands, NO_PAIRS, FIVE, BASE, exact_max=10)
    assert sel.method == "heuristic" and not sel.optimal and sel.reached
    assert sel.chosen.tolist() == [7, 8, 9, 10, 11]  # the five cheapest
    assert "heuristic" in sel.note


@pytest.mark.parametrize(
    ("goals", "kwargs", "message"),
    [
        ([], {}, "no goal"),
        ([Goal("share", 5)], {"objective": "fast"}, "unknown objective"),
        ([Goal("share", 5)], {"budget": -1}, "budget is negative"),
    ],
)
def test_bad_settings(goals, kwargs, message):
    with pytest.raises(ConfigError, match=message):
        select(table([1], [1]), NO_PAIRS, goals, BASE, **kwargs)


@pytest.mark.parametrize(("kind", "target"), [("share", 0), ("share", 120), ("wood", 5)])
def test_bad_goals(kind, target):
    with pytest.raises(ConfigError):
        Goal(kind, target)


@settings(max_examples=40, deadline=None)
@given(
    area=st.lists(st.integers(10, 300), min_size=2, max_size=8),
    seed=st.integers(0, 10_000),
    target=st.floats(1.0, 12.0),
    with_budget=st.booleans(),
)
def test_exact_equals_brute_force_and_the_heuristic_is_never_cheaper(
    area, seed, target, with_budget
):
    rng = np.random.default_rng(seed)
    n = len(area)
    cands = table(area, rng.integers(1, 400, n))
    i, j = np.triu_indices(n, k=1)
    pick = rng.random(len(i)) < 0.2
    conflicts = np.vstack([i[pick], j[pick]]).astype(np.int64)
    budget = float(rng.integers(100, 1200)) if with_budget else None
    goal = [Goal("share", target)]
    need = target / 100 * BASE.rural_m2 + 0.01
    combo, cost = brute_force(cands, conflicts, need, budget)
    exact = select(cands, conflicts, goal, BASE, budget=budget, method="exact")
    assert exact.reached == (combo is not None)
    if combo is not None:
        assert exact.objective_value == pytest.approx(cost)
    heuristic = select(cands, conflicts, goal, BASE, budget=budget, method="heuristic")
    chosen = heuristic.chosen.tolist()
    assert not any((a, b) in {tuple(p) for p in conflicts.T.tolist()}
                   for a, b in itertools.combinations(chosen, 2))  # fmt: skip
    if budget is not None:
        assert cands["aanleg_eur"].to_numpy()[chosen].sum() <= budget
    if heuristic.reached:
        assert exact.reached and heuristic.objective_value >= exact.objective_value - 1e-9
    if not conflicts.size and budget is None:
        assert heuristic.reached == exact.reached
