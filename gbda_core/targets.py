"""GBDA targets per area: 5 % of the rural area by 2030 and 10 % by 2050, and the gap to them.

Two readings of the 2030 step exist (domain.md §1.3):

- ``absolute`` (default): at least 5 % by 2030 (Cobra's and nu.nl's reading of the NPLG).
- ``gap``: the NPLG handreiking's reading, 2030 = current share + 50 % of the gap to 10 %,
  so target_2030 = s + 0.5 x max(0, 10 - s) for a current share s (in %).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from gbda_core.errors import ConfigError

#: Status codes in the ``status`` column.
STATUS_MEETS_2050 = "meets_2050"
STATUS_MEETS_2030 = "meets_2030"
STATUS_BELOW_2030 = "below_2030"
STATUS_NO_RURAL = "no_rural_area"


@dataclass(frozen=True)
class Targets:
    """Target shares (% of rural area) and the reading of the 2030 step."""

    target_2030_pct: float = 5.0
    target_2050_pct: float = 10.0
    reading_2030: Literal["absolute", "gap"] = "absolute"
    gap_fraction: float = 0.5

    def __post_init__(self) -> None:
        if not 0 < self.target_2030_pct <= 100 or not 0 < self.target_2050_pct <= 100:
            raise ConfigError("targets must be percentages in (0, 100]")
        if self.target_2030_pct > self.target_2050_pct:
            raise ConfigError(
                f"the 2030 target ({self.target_2030_pct} %) is above the 2050 target "
                f"({self.target_2050_pct} %)"
            )
        if self.reading_2030 not in ("absolute", "gap"):
            raise ConfigError(
                f"unknown 2030 reading {self.reading_2030!r}", hint="use absolute or gap"
            )
        if not 0 < self.gap_fraction <= 1:
            raise ConfigError("gap_fraction must be in (0, 1]")

    def target_2030(self, share_pct: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Return the 2030 target (%) per area for current shares ``share_pct`` (%)."""
        if self.reading_2030 == "absolute":
            return np.full_like(share_pct, self.target_2030_pct, dtype=float)
        current = np.nan_to_num(share_pct, nan=0.0)
        return current + self.gap_fraction * np.maximum(0.0, self.target_2050_pct - current)


def apply_targets(
    share_pct: npt.NDArray[np.float64],
    element_ha: npt.NDArray[np.float64],
    rural_ha: npt.NDArray[np.float64],
    targets: Targets,
) -> dict[str, npt.NDArray[np.float64] | npt.NDArray[np.object_]]:
    """Return target, gap (ha still to add, never negative) and status columns per area.

    ``gap_YYYY_ha = max(0, target_YYYY_pct / 100 x rural_ha - element_ha)``.
    """
    t2030 = targets.target_2030(share_pct)
    t2050 = np.full_like(share_pct, targets.target_2050_pct, dtype=float)
    gap_2030 = np.maximum(0.0, t2030 / 100.0 * rural_ha - element_ha)
    gap_2050 = np.maximum(0.0, t2050 / 100.0 * rural_ha - element_ha)
    status = np.where(
        rural_ha <= 0,
        STATUS_NO_RURAL,
        np.where(
            gap_2050 <= 0,
            STATUS_MEETS_2050,
            np.where(gap_2030 <= 0, STATUS_MEETS_2030, STATUS_BELOW_2030),
        ),
    ).astype(object)
    return {
        "target_2030_pct": t2030,
        "gap_2030_ha": gap_2030,
        "target_2050_pct": t2050,
        "gap_2050_ha": gap_2050,
        "status": status,
    }
