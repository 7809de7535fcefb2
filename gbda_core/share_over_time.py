"""GBDA share per area over time: a baseline element layer plus the register's elements.

At each date (by default every year end since the year before the first planting, and the
reporting date) the elements that count are the baseline layer plus the register elements
realised by then (planted, not removed: see :func:`gbda_core.progress.realised_mask`). The
share is computed by :func:`gbda_core.share.compute_share` exactly as ``gbda share`` does, so
overlaps between register and baseline elements count once and the same denominator profile,
exclusions and targets apply.

The baseline is taken as it is at every date: an element that is in the baseline layer and is
later registered as verdwenen still counts through the baseline. Use a baseline from before the
programme started, so that programme elements come only from the register.

In the ``gap`` reading of the 2030 target (target = share + 50 % of the gap to 10 %), the target
is fixed at the share of the first date, so it does not move as elements are added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from gbda_core.errors import InputError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.problems import Problem
from gbda_core.progress import check_register_frame, realised_mask
from gbda_core.share import ElementLayer, compute_share
from gbda_core.targets import Targets, apply_targets
from gbda_core.vocabulary import Vocabulary

#: Columns of :attr:`ShareOverTime.table`, in order.
COLUMNS = (
    "area_id",
    "date",
    "rural_ha",
    "element_ha",
    "added_ha",
    "share_pct",
    "woody_ha",
    "woody_share_pct",
    "register_elements",
    "target_2030_pct",
    "gap_2030_ha",
    "target_2050_pct",
    "gap_2050_ha",
    "status",
)


@dataclass
class ShareOverTime:
    """Share per area at each date: :data:`COLUMNS`, one row per (area, date).

    ``added_ha`` is the element area gained since the first date; ``register_elements`` the
    number of register elements realised at that date (in all areas).
    """

    table: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)


def default_dates(register: pd.DataFrame, at: dt.date) -> list[dt.date]:
    """Return year ends from the year before the first planting to before ``at``, then ``at``."""
    planted = pd.to_datetime(register["planted"], errors="coerce").dropna()
    planted = planted[planted <= pd.Timestamp(at)]
    first = int(planted.dt.year.min()) if len(planted) else at.year
    ends = [dt.date(y, 12, 31) for y in range(first - 1, at.year)]
    return [d for d in ends if d < at] + [at]


def share_over_time(
    areas: gpd.GeoDataFrame,
    baseline: gpd.GeoDataFrame | ElementLayer | Sequence[gpd.GeoDataFrame | ElementLayer],
    register: gpd.GeoDataFrame,
    *,
    id_field: str,
    dates: Sequence[dt.date] | None = None,
    at: dt.date | None = None,
    exclusions: Mapping[str, gpd.GeoDataFrame] | None = None,
    rural_area: gpd.GeoDataFrame | None = None,
    profile: str = "aanvalsplan",
    targets: Targets | None = None,
    vocabulary: Vocabulary | None = None,
    crs: str | None = None,
    feedback: Feedback = SILENT,
) -> ShareOverTime:
    """Compute the GBDA share per area at several dates.

    Parameters
    ----------
    areas, id_field, exclusions, rural_area, profile, targets, vocabulary, crs
        As for :func:`gbda_core.share.compute_share`.
    baseline
        Element layer(s) of the situation before the programme (e.g. a BGT import).
    register
        Register elements (``Register.current()``): ``element_type`` (vocabulary code),
        ``status``, ``planted``, ``removed``, ``length_m`` and a geometry; lines take their
        type's default width.
    dates
        Dates to compute (end of each day); default :func:`default_dates`.
    at
        Reporting date for the default dates (default today).
    feedback
        Progress and cancellation.

    Returns
    -------
    ShareOverTime
        Areas in ha, shares in % of ``rural_ha``, one row per area and date.
    """
    if "geometry" not in register.columns:
        raise InputError("register frame has no geometry", hint="pass Register.current()")
    at = at or dt.date.today()
    checked = check_register_frame(register)
    geometry = gpd.GeoSeries(register.geometry.to_numpy(), crs=register.crs)
    wanted = sorted(set(dates) if dates is not None else set(default_dates(checked, at)))
    if not wanted:
        raise InputError("no dates to compute the share at")
    targets = targets or Targets()
    base_layers = _as_list(baseline)
    rows, problems, settings = [], [], {}
    feedback.step("share over time", total=len(wanted))
    for day in wanted:
        mask = realised_mask(checked, day).to_numpy()
        realised = gpd.GeoDataFrame(
            {"element_type": checked["element_type"].to_numpy()[mask]},
            geometry=geometry.to_numpy()[mask],
            crs=register.crs,
        )
        layers = [*base_layers, ElementLayer(realised, source="register", layer=str(day))]
        result = compute_share(
            areas,
            layers,
            id_field=id_field,
            exclusions=exclusions,
            rural_area=rural_area,
            profile=profile,
            targets=targets,
            vocabulary=vocabulary,
            crs=crs,
        )
        table = pd.DataFrame(result.areas.drop(columns=result.areas.geometry.name))
        table["date"] = day
        table["register_elements"] = int(mask.sum())
        rows.append(table)
        problems += result.problems
        settings = result.settings
        feedback.advance()
        feedback.check()
    table = pd.concat(rows, ignore_index=True)
    first = table.groupby("area_id", sort=False).first()
    base_share = table["area_id"].map(first["share_pct"]).to_numpy(dtype=float)
    table["added_ha"] = table["element_ha"] - table["area_id"].map(first["element_ha"])
    # The gap reading's 2030 target depends on the share: anchor it at the first date.
    for col, values in apply_targets(
        base_share,
        table["element_ha"].to_numpy(dtype=float),
        table["rural_ha"].to_numpy(dtype=float),
        targets,
    ).items():
        table[col] = values
    settings = {**settings, "dates": [d.isoformat() for d in wanted], "at": at.isoformat()}
    return ShareOverTime(
        table[list(COLUMNS)].sort_values(["area_id", "date"], kind="stable", ignore_index=True),
        list(dict.fromkeys(problems)),  # the baseline's problems come again at every date
        settings,
    )


def _as_list(
    baseline: gpd.GeoDataFrame | ElementLayer | Sequence[gpd.GeoDataFrame | ElementLayer],
) -> list[gpd.GeoDataFrame | ElementLayer]:
    if isinstance(baseline, gpd.GeoDataFrame | ElementLayer):
        return [baseline]
    return list(baseline)
