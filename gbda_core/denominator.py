"""The denominator: which land of an area counts as landelijk gebied (rural area).

Sources differ on what to leave out (see docs/definitions.md and domain.md §1.2), so the choice is a
named profile:

- ``aanvalsplan`` (default): leaves out bebouwde kom and Natuurnetwerk Nederland (NNN),
  as the Aanvalsplan Landschap does.
- ``strict``: also Natura 2000, large water and forest (NRC, WUR Kennisagenda, Cobra).
- ``custom:KIND,KIND``: exactly the kinds listed.

Exclusion layers are given per kind. A layer given without a kind (kind ``other``) is always
left out. A rural-area layer, when given, *is* the land that counts (e.g. agricultural land from
BGT or BRP); exclusions are then still taken out of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely

from gbda_core.errors import ConfigError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.geometry import polygonal_part_or_self
from gbda_core.problems import Problem

#: Kinds of land an exclusion layer can hold.
EXCLUSION_KINDS = ("bebouwde_kom", "nnn", "natura2000", "large_water", "forest", "other")


@dataclass(frozen=True)
class DenominatorProfile:
    """A named choice of the exclusion kinds that leave the rural area."""

    name: str
    excluded: frozenset[str]
    description: str


PROFILES: dict[str, DenominatorProfile] = {
    "aanvalsplan": DenominatorProfile(
        "aanvalsplan",
        frozenset({"bebouwde_kom", "nnn", "other"}),
        "landelijk gebied without bebouwde kom and NNN (Aanvalsplan Landschap)",
    ),
    "strict": DenominatorProfile(
        "strict",
        frozenset({"bebouwde_kom", "nnn", "natura2000", "large_water", "forest", "other"}),
        "also without Natura 2000, large water and forest (NRC, WUR, Cobra)",
    ),
}


def get_profile(profile: str | DenominatorProfile) -> DenominatorProfile:
    """Return a profile by name (``aanvalsplan``, ``strict`` or ``custom:KIND,...``)."""
    if isinstance(profile, DenominatorProfile):
        return profile
    name = profile.strip().lower()
    if name in PROFILES:
        return PROFILES[name]
    if name.startswith("custom"):
        kinds = {k.strip() for k in name.partition(":")[2].split(",") if k.strip()}
        unknown = sorted(kinds - set(EXCLUSION_KINDS))
        if unknown:
            raise ConfigError(
                f"unknown exclusion kind(s) {', '.join(unknown)} in profile {profile!r}",
                hint=f"kinds are: {', '.join(EXCLUSION_KINDS)}",
            )
        return DenominatorProfile(name, frozenset(kinds | {"other"}), "custom exclusion kinds")
    raise ConfigError(
        f"unknown denominator profile {profile!r}",
        hint="use aanvalsplan, strict or custom:KIND,KIND",
    )


def exclusion_polygons(
    exclusions: Mapping[str, npt.NDArray[np.object_]],
    profile: DenominatorProfile,
) -> tuple[npt.NDArray[np.object_], list[Problem]]:
    """Collect the polygons the profile leaves out and report layers it does not use.

    Parameters
    ----------
    exclusions
        Exclusion kind to polygon geometries (any sequence of shapely geometries).
    profile
        The denominator profile.
    """
    problems: list[Problem] = []
    used: list[npt.NDArray[np.object_]] = []
    for kind, geoms in exclusions.items():
        if kind not in EXCLUSION_KINDS:
            raise ConfigError(
                f"unknown exclusion kind {kind!r}", hint=f"kinds are: {', '.join(EXCLUSION_KINDS)}"
            )
        if kind in profile.excluded:
            used.append(np.asarray(geoms, dtype=object))
        else:
            problems.append(
                Problem(
                    "exclusion_not_in_profile",
                    f"exclusion layer of kind {kind} is not used by profile {profile.name}",
                    "not_used",
                    value=kind,
                    count=len(geoms),
                )
            )
    for kind in sorted(profile.excluded - set(exclusions) - {"other"}):
        problems.append(
            Problem(
                "exclusion_missing",
                f"profile {profile.name} leaves out {kind}, but no {kind} layer was given; "
                "that land still counts as rural area",
                "warning",
                value=kind,
            )
        )
    all_used = np.concatenate(used) if used else np.empty(0, dtype=object)
    polygonal = np.isin(shapely.get_type_id(all_used), (3, 6)) & ~shapely.is_empty(all_used)
    return all_used[polygonal], problems


def rural_regions(
    areas: npt.NDArray[np.object_],
    excluded: npt.NDArray[np.object_],
    rural: npt.NDArray[np.object_] | None = None,
    feedback: Feedback = SILENT,
) -> npt.NDArray[np.object_]:
    """Return, per area, the land that counts: (area ∩ rural) minus the excluded land.

    Only the exclusion and rural polygons that touch an area are unioned, one area at a time,
    so memory stays bounded by the largest area's neighbourhood.
    """
    regions = np.empty(len(areas), dtype=object)
    ex_tree = shapely.STRtree(excluded) if len(excluded) else None
    rural_tree = shapely.STRtree(rural) if rural is not None and len(rural) else None
    feedback.step("building the rural area per area", total=len(areas))
    for i, area in enumerate(areas):  # one iteration per area (hundreds), not per element
        region = area
        if rural is not None:
            # Sorted hits: the union's input order, and so its last bits, depend on the
            # polygons alone, not on the tree (a partial read builds another tree).
            hits: npt.NDArray[np.intp] = (
                np.sort(rural_tree.query(area, predicate="intersects"))
                if rural_tree
                else np.empty(0, dtype=np.intp)
            )
            region = (
                shapely.intersection(area, shapely.union_all(rural[hits]))
                if len(hits)
                else shapely.Polygon()
            )
        if ex_tree is not None and not shapely.is_empty(region):
            hits = np.sort(ex_tree.query(region, predicate="intersects"))
            if len(hits):
                region = shapely.difference(region, shapely.union_all(excluded[hits]))
        regions[i] = region
        feedback.advance()
        feedback.check()
    return polygonal_part_or_self(regions)
