"""Hand-computed cases for the 2030/2050 targets, gaps and status (gbda_core.targets)."""

from __future__ import annotations

import numpy as np
import pytest

from gbda_core.errors import ConfigError
from gbda_core.targets import (
    STATUS_BELOW_2030,
    STATUS_MEETS_2030,
    STATUS_MEETS_2050,
    STATUS_NO_RURAL,
    Targets,
    apply_targets,
)


def one(share_pct, element_ha, rural_ha, targets=None):
    """apply_targets for a single area; returns {column: scalar}."""
    out = apply_targets(
        np.array([share_pct], dtype=float),
        np.array([element_ha], dtype=float),
        np.array([rural_ha], dtype=float),
        targets or Targets(),
    )
    return {name: values[0] for name, values in out.items()}


def test_defaults_are_5_and_10_percent_absolute():
    t = Targets()
    assert t.target_2030_pct == 5.0
    assert t.target_2050_pct == 10.0
    assert t.reading_2030 == "absolute"
    assert t.gap_fraction == 0.5


def test_absolute_reading_below_2030():
    # 6 ha of elements in 200 ha rural = 3 %: 5 % needs 10 ha (4 more), 10 % needs 20 ha (14 more).
    r = one(3.0, 6.0, 200.0)
    assert r["target_2030_pct"] == 5.0
    assert r["target_2050_pct"] == 10.0
    assert r["gap_2030_ha"] == pytest.approx(4.0)
    assert r["gap_2050_ha"] == pytest.approx(14.0)
    assert r["status"] == STATUS_BELOW_2030 == "below_2030"


def test_absolute_reading_meets_2030():
    # 14 ha in 200 ha = 7 %: 2030 met, 6 ha short of the 20 ha for 2050.
    r = one(7.0, 14.0, 200.0)
    assert r["gap_2030_ha"] == 0.0
    assert r["gap_2050_ha"] == pytest.approx(6.0)
    assert r["status"] == STATUS_MEETS_2030 == "meets_2030"


def test_absolute_reading_meets_2050():
    # 24 ha in 200 ha = 12 %: both targets met, gaps are never negative.
    r = one(12.0, 24.0, 200.0)
    assert r["gap_2030_ha"] == 0.0
    assert r["gap_2050_ha"] == 0.0
    assert r["status"] == STATUS_MEETS_2050 == "meets_2050"


@pytest.mark.parametrize(
    ("share", "element_ha", "rural_ha", "status"),
    [
        (5.0, 10.0, 200.0, STATUS_MEETS_2030),  # exactly 5 % meets 2030
        (10.0, 20.0, 200.0, STATUS_MEETS_2050),  # exactly 10 % meets 2050
        (5.0, 0.05, 1.0, STATUS_MEETS_2030),
        (10.0, 0.1, 1.0, STATUS_MEETS_2050),
    ],
)
def test_exactly_on_a_target_meets_it(share, element_ha, rural_ha, status):
    r = one(share, element_ha, rural_ha)
    assert r["status"] == status


def test_gap_reading_below_10_percent():
    # Current 4 %: 2030 = 4 + 0.5 x (10 - 4) = 7 %. In 100 ha with 4 ha: 3 ha and 6 ha to add.
    t = Targets(reading_2030="gap")
    r = one(4.0, 4.0, 100.0, t)
    assert r["target_2030_pct"] == pytest.approx(7.0)
    assert r["target_2050_pct"] == 10.0
    assert r["gap_2030_ha"] == pytest.approx(3.0)
    assert r["gap_2050_ha"] == pytest.approx(6.0)
    assert r["status"] == STATUS_BELOW_2030


def test_gap_reading_above_10_percent_keeps_the_current_share():
    # Current 12 %: no gap to 10 %, so the 2030 target is the current 12 %.
    t = Targets(reading_2030="gap")
    r = one(12.0, 12.0, 100.0, t)
    assert r["target_2030_pct"] == pytest.approx(12.0)
    assert r["gap_2030_ha"] == pytest.approx(0.0, abs=1e-12)
    assert r["gap_2050_ha"] == 0.0
    assert r["status"] == STATUS_MEETS_2050


def test_gap_reading_with_other_fraction_and_targets():
    # 2 % now, 2050 target 8 %, a third of the gap by 2030: 2 + (8 - 2) / 3 = 4 %.
    t = Targets(target_2050_pct=8.0, reading_2030="gap", gap_fraction=1 / 3)
    r = one(2.0, 1.0, 50.0, t)
    assert r["target_2030_pct"] == pytest.approx(4.0)
    assert r["gap_2030_ha"] == pytest.approx(1.0)  # 4 % of 50 ha = 2 ha, 1 ha there
    assert r["gap_2050_ha"] == pytest.approx(3.0)  # 8 % of 50 ha = 4 ha


def test_target_2030_vectorised_per_area():
    t = Targets(reading_2030="gap")
    shares = np.array([0.0, 4.0, 10.0, 12.0, np.nan])
    np.testing.assert_allclose(t.target_2030(shares), [5.0, 7.0, 10.0, 12.0, 5.0])
    np.testing.assert_allclose(Targets().target_2030(shares), [5.0] * 5)


@pytest.mark.parametrize("reading", ["absolute", "gap"])
def test_no_rural_area(reading):
    r = one(np.nan, 0.0, 0.0, Targets(reading_2030=reading))
    assert r["status"] == STATUS_NO_RURAL == "no_rural_area"
    assert r["gap_2030_ha"] == 0.0
    assert r["gap_2050_ha"] == 0.0


def test_several_areas_at_once():
    out = apply_targets(
        np.array([3.0, 7.0, 12.0, np.nan]),
        np.array([6.0, 14.0, 24.0, 0.0]),
        np.array([200.0, 200.0, 200.0, 0.0]),
        Targets(),
    )
    assert list(out["status"]) == ["below_2030", "meets_2030", "meets_2050", "no_rural_area"]
    np.testing.assert_allclose(out["gap_2030_ha"], [4.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(out["gap_2050_ha"], [14.0, 6.0, 0.0, 0.0])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"target_2030_pct": 0.0},
        {"target_2030_pct": -5.0},
        {"target_2030_pct": 100.5},
        {"target_2030_pct": float("nan")},
        {"target_2050_pct": 0.0},
        {"target_2050_pct": 150.0},
        {"target_2050_pct": float("nan")},
        {"reading_2030": "relative"},
        {"gap_fraction": 0.0},
        {"gap_fraction": 1.5},
        {"gap_fraction": -0.5},
    ],
    ids=lambda kw: "-".join(f"{k}={v}" for k, v in kw.items()),
)
def test_bad_targets_raise_config_error(kwargs):
    with pytest.raises(ConfigError) as info:
        Targets(**kwargs)
    assert "\n" not in str(info.value)


def test_edge_targets_are_allowed():
    Targets(target_2030_pct=100.0, target_2050_pct=100.0, gap_fraction=1.0)


def test_2030_target_above_2050_target_is_refused():
    with pytest.raises(ConfigError, match="above the 2050 target"):
        Targets(target_2030_pct=12.0, target_2050_pct=10.0)
