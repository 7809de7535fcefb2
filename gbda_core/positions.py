"""Where on a site each position of a bouwsteen can be: edge runs, corners, parcel middles.

A bouwsteen names the positions it suits (``slootkant``, ``perceelsrand``, ``kopakker``,
``erf``, ``berm``, ``kade``, ``hoek``, ``midden_perceel``). On a site they are:

==================  =========================================================================
slootkant           edge runs that border water
berm                edge runs that border a road
kade                edge runs that border a kade
erf                 edge runs that border an erf or a building, and all of an erf parcel
perceelsrand        every edge run of a field parcel
kopakker            edge runs on a short side of an elongated field parcel (all sides of a
                    compact one)
hoek                convex corners
midden_perceel      the middle of a field parcel
==================  =========================================================================

Erf parcels take only bouwstenen that name ``erf``. Runs already taken by an existing element
(within ``occupied_m``) are not free. A parcel fits a bouwsteen when its soil and wetness are in
the bouwsteen's lists (an unknown class does not exclude).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from gbda_core.edges import BUILDING, ERF, KADE, OCCUPIED, ROAD, WATER
from gbda_core.site import SiteContext
from gbda_core.vocabulary import Category, Vocabulary
from natuurbouwstenen.schema import Bouwsteen

EDGE_POSITIONS = ("slootkant", "berm", "kade", "erf", "kopakker", "perceelsrand")
#: Most specific first: a run along a ditch is a slootkant before it is a perceelsrand.
POSITION_ORDER = (*EDGE_POSITIONS, "hoek", "midden_perceel")
#: The context kind a position cannot be judged without.
NEEDS = {"slootkant": "water", "berm": "road", "kade": "kade", "erf": "erf"}

BoolArray = npt.NDArray[np.bool_]


def run_positions(site: SiteContext) -> dict[str, BoolArray]:
    """Per edge position, which runs of the site have it (free or not)."""
    e = site.edges
    on_erf = site.parcels["is_erf"].to_numpy()[e.run_parcel]
    flags = e.run_flags
    field = ~on_erf
    return {
        "slootkant": (flags & WATER) > 0,
        "berm": (flags & ROAD) > 0,
        "kade": (flags & KADE) > 0,
        "erf": ((flags & (ERF | BUILDING)) > 0) | on_erf,
        "kopakker": e.run_head & field,
        "perceelsrand": field,
    }


def free_runs(site: SiteContext) -> BoolArray:
    """Return which runs have no existing element along them."""
    return np.asarray((site.edges.run_flags & OCCUPIED) == 0, dtype=bool)


def parcel_fits(site: SiteContext, b: Bouwsteen) -> BoolArray:
    """Parcels whose soil, wetness and kind (field or erf) suit the bouwsteen."""
    p = site.parcels
    soil = p["soil"].to_numpy(dtype=object)
    wet = p["wetness"].to_numpy(dtype=object)
    soil_ok = np.array([s is None or s in b.soils for s in soil], dtype=bool)
    wet_ok = np.array([w is None or w in b.wetness for w in wet], dtype=bool)
    kind_ok = ~p["is_erf"].to_numpy(dtype=bool) | ("erf" in b.positions)
    return np.asarray(soil_ok & wet_ok & kind_ok, dtype=bool)


def run_mask(site: SiteContext, b: Bouwsteen, position: str, fits: BoolArray) -> BoolArray:
    """Free runs with this position on parcels that fit the bouwsteen."""
    mask = run_positions(site)[position] & free_runs(site) & fits[site.edges.run_parcel]
    if position != "erf":
        # On an erf parcel every run is an erf run; other positions belong to the fields.
        mask &= ~site.parcels["is_erf"].to_numpy(dtype=bool)[site.edges.run_parcel]
    return np.asarray(mask, dtype=bool)


def corner_mask(site: SiteContext, fits: BoolArray) -> BoolArray:
    """Corners of parcels that fit the bouwsteen."""
    return np.asarray(fits[site.edges.corner_parcel], dtype=bool)


def middle_mask(site: SiteContext, fits: BoolArray) -> BoolArray:
    """Field parcels that fit the bouwsteen."""
    return np.asarray(fits & ~site.parcels["is_erf"].to_numpy(dtype=bool), dtype=bool)


def strip_width(b: Bouwsteen) -> float:
    """Width (m) of the strip a bouwsteen takes along an edge.

    Lines use their typical width; areas their typical width when given, else the side of a
    square of their typical area.
    """
    d = b.dimensions
    if d.width_m is not None:
        return d.width_m.typical
    assert d.area_m2 is not None  # the schema requires one of the two
    return float(np.sqrt(d.area_m2.typical))


def min_run_length(b: Bouwsteen) -> float:
    """Shortest run (m) a bouwsteen can use: its minimum length, or min area / strip width."""
    d = b.dimensions
    if d.length_m is not None:
        return d.length_m.min
    if d.area_m2 is not None:
        return d.area_m2.min / strip_width(b)
    return 0.0


#: Element types that make a hedge or hedgerow (heg, haag, houtwal/houtsingel, elzensingel): what
#: a goal in metres of hedge counts. Tree rows, avenues and shrub margins are woody but no hedge.
HEDGE_TYPES = frozenset({"heg", "struweelhaag", "houtwal", "elzensingel"})


def is_hedge(b: Bouwsteen) -> bool:
    """Return True for a bouwsteen laid out as a line that counts as a hedge type."""
    return b.geometry == "line" and b.counts_as in HEDGE_TYPES and not b.on_existing_feature


def is_woody(b: Bouwsteen, vocabulary: Vocabulary) -> bool:
    """Return True for a woody bouwsteen: it counts as a houtig type, or is in the houtig group."""
    if b.counts_as != "none":
        return vocabulary.get(b.counts_as).category is Category.HOUTIG
    return str(b.group) == "houtig"
