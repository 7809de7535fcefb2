"""Generate the sample polder: a fictitious veenweide polder in the Alblasserwaard.

Usage::

    python sample_data/generate.py [--out PATH]

Writes ``sample_data/polder.gpkg`` (EPSG:28992, GeoPackage 1.2) and prints rough GBDA shares per
deelgebied. Everything derives from one fixed seed, so every run gives the same geometries and
attributes. The data are invented; they only look like a veenweide polder.

The polder is built in a local frame (u along the dike road, north to south; y into the polder,
west to east) and rotated into RD at the end. Cross-section in y:

- 0: dike crest (kade); 4-13: berm, polderweg, berm; 13-17: wegsloot;
- 17-1076: front block of long slagen, with erven at the head of some;
- 1076-1098: boezemkades with the wetering (boezem) between them;
- 1098 to the wavy achterkade: back block of slagen, ending at a ringsloot.
"""

from __future__ import annotations

import argparse
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from gbda_core.output import write_gpkg

SEED = 20_240_515
CRS = "EPSG:28992"
DEFAULT_OUT = Path(__file__).resolve().parent / "polder.gpkg"

# The road runs to bearing ~168 deg (SSE) along the river dike; the slagen run ENE from it.
ANGLE_U = math.radians(-78.0)
#: RD position of the local point LOCAL_CENTRE, about the middle of the polder.
RD_CENTRE = (113_000.0, 433_000.0)
LOCAL_CENTRE = (1500.0, 1000.0)

# Cross-section (metres from the dike crest).
BERM_DIJK = (4.0, 6.0)
ROAD = (6.0, 11.0)
BERM_POLDER = (11.0, 13.0)
WEGSLOOT = (13.0, 17.0)
FRONT_START = 17.0
FRONT_END = 1076.0
WETERING = (1080.0, 1094.0)
BACK_START = 1098.0
RINGSLOOT = (9.0, 5.0)  # the ringsloot lies between 9 and 5 m inside the polder's back edge
VILLAGE_DEPTH = 140.0
FAR = 2200.0  # beyond the back edge; rectangles reaching it are clipped by the outline

# The front edge ends at u=2800; the southern polder edge runs obliquely to u=3150 at the back.
U_FRONT_END = 2800.0
U_BACK_END = 3150.0

GEBIEDEN = (
    ("polder", "Polder Elzenwaard (fictief)"),
    ("noord", "Elzenwaard-Noord"),
    ("midden", "Elzenwaard-Midden"),
    ("zuid", "Elzenwaard-Zuid"),
)

FARM_NAMES = (
    "Hoeve Elzenhof",
    "Hoeve De Wilgen",
    "Hoeve Veenzicht",
    "Hoeve Weidelust",
    "Hoeve Rietland",
    "Hoeve De Kievit",
    "Hoeve Slagzicht",
    "Hoeve Polderzicht",
)

#: Type values per element layer, as users have them (not all are vocabulary codes).
LINE_TYPES = (
    "elzensingel",
    "knotwilgen",
    "Knip- of scheerheg",
    "struweelhaag",
    "natuurvriendelijke oever",
    "rietzoom",
    "Kruidenrijke akkerrand",
)
ELEMENT_LAYERS = ("elementen_lijnen", "elementen_vlakken", "elementen_punten")
AREA_TYPES = ("bosje", "hoogstamboomgaard", "poel", "rietzoom")
POINT_TYPES = ("solitaire boom", "knotwilg", "bankje")

# Rough footprint widths (m) and point areas (m2), as in gbda_core/data/element_types.toml,
# only for the printed check; the demo uses the vocabulary itself.
ROUGH_WIDTH = {
    "elzensingel": 3.0,
    "knotwilgen": 5.0,
    "knip- of scheerheg": 1.0,
    "struweelhaag": 2.0,
    "natuurvriendelijke oever": 3.0,
    "rietzoom": 3.0,
    "kruidenrijke akkerrand": 6.0,
}
ROUGH_POINT_AREA = {"solitaire boom": 20.0, "knotwilg": 20.0}

# Chance that a ditch carries a line element, per deelgebied: noord is the landscape-rich part
# (elzensingels, as the veenweide is known for), zuid the open part with some arable land.
SINGEL_FRONT = {"noord": 0.8, "midden": 0.5, "zuid": 0.05}
SINGEL_BACK = {"noord": 0.7, "midden": 0.3, "zuid": 0.0}
KNOTWILG_ROW = {"noord": 0.3, "midden": 0.3, "zuid": 0.08}
STRUWEEL = {"noord": 0.0, "midden": 0.15, "zuid": 0.0}
RIET_LINE = {"noord": 0.1, "midden": 0.25, "zuid": 0.12}


# --------------------------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------------------------


def back_edge(u: float) -> float:
    """Return y of the back edge at u: a gentle wave, as old polder edges are never straight."""
    return float(
        1990.0
        + 35.0 * math.sin(2 * math.pi * u / 1900.0 + 0.7)
        + 15.0 * math.sin(2 * math.pi * u / 610.0 + 2.1)
    )


def to_rd(geom: BaseGeometry) -> BaseGeometry:
    """Rotate and shift a local geometry into RD (not rounded: shared edges must stay exact)."""
    cos_a, sin_a = math.cos(ANGLE_U), math.sin(ANGLE_U)
    # Row vectors: (u, y) @ matrix gives (x, y) in RD.
    matrix = np.array([[cos_a, sin_a], [-sin_a, cos_a]])
    offset = np.array(RD_CENTRE) - np.array(LOCAL_CENTRE) @ matrix
    moved = shapely.transform(geom, lambda xy: xy @ matrix + offset)
    # A normalised vertex order keeps the output independent of how GEOS orders overlay results.
    return shapely.normalize(moved)


def rect(u0: float, y0: float, u1: float, y1: float) -> Polygon:
    """Axis-aligned rectangle in the local frame (corners in any order)."""
    return box(min(u0, u1), min(y0, y1), max(u0, u1), max(y0, y1))


def oval(u: float, y: float, ru: float, ry: float, n: int = 24) -> Polygon:
    """A smooth oval for poelen (drawn, not buffered, so the vertex count stays fixed)."""
    t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    return Polygon(np.column_stack([u + ru * np.cos(t), y + ry * np.sin(t)]).round(3))


def wavy_band(offset_low: float, offset_high: float) -> Polygon:
    """Band between two distances (m) inside the polder's wavy back edge."""
    us = np.linspace(0.0, U_BACK_END + 200.0, 66)
    low = [(float(u), back_edge(float(u)) - offset_low) for u in us]
    high = [(float(u), back_edge(float(u)) - offset_high) for u in us[::-1]]
    return Polygon(low + high)


def parts(geom: BaseGeometry) -> list[BaseGeometry]:
    """Single parts of a (multi)geometry, in a stable order (west to east, then north to south)."""
    pieces = [g for g in getattr(geom, "geoms", [geom]) if not g.is_empty]
    return sorted(pieces, key=lambda g: (round(g.bounds[0], 3), round(g.bounds[1], 3)))


# --------------------------------------------------------------------------------------------
# The slag pattern
# --------------------------------------------------------------------------------------------


@dataclass
class Layout:
    """Slag pattern: ditch centres ``c`` and widths ``d``; column k lies between c[k] and c[k+1]."""

    c: list[float]
    d: list[float]
    outline: Polygon
    land: BaseGeometry  # the outline without the southern edge ditch
    south_ditch: BaseGeometry
    k_noord_midden: int  # the ditch that separates noord and midden
    k_midden_zuid: int
    k_nnn: int  # the back block west of this ditch is NNN
    village: tuple[int, int]  # first and last+1 column of the lintdorp
    erven: dict[int, float] = field(default_factory=dict)  # column -> erf depth
    splits: dict[tuple[int, str], float] = field(default_factory=dict)  # dwarssloot y

    @property
    def n_columns(self) -> int:
        """Number of slag columns."""
        return len(self.c) - 1

    def edges(self, k: int) -> tuple[float, float]:
        """Parcel edges (u) of column k: the banks of its two ditches."""
        return self.c[k] + self.d[k] / 2, self.c[k + 1] - self.d[k + 1] / 2

    def centre(self, k: int) -> float:
        """Centre u of column k."""
        u0, u1 = self.edges(k)
        return (u0 + u1) / 2

    def gebied(self, u: float) -> str:
        """Deelgebied id at a position along the road."""
        if u < self.c[self.k_noord_midden]:
            return "noord"
        if u < self.c[self.k_midden_zuid]:
            return "midden"
        return "zuid"

    def in_village(self, k: int) -> bool:
        """True when column k belongs to the lintdorp."""
        return self.village[0] <= k < self.village[1]

    def front_start(self, k: int) -> float:
        """Where the first parcel of column k starts: behind its erf or the village."""
        if self.in_village(k):
            return VILLAGE_DEPTH
        return FRONT_START + self.erven.get(k, 0.0)

    def back_end(self, u: float) -> float:
        """Inner bank of the ringsloot at u."""
        return back_edge(u) - RINGSLOOT[0]

    def is_nnn(self, k: int) -> bool:
        """True when the back block of column k lies in the NNN nature area."""
        return k < self.k_nnn


def make_layout(rng: np.random.Generator) -> Layout:
    """Draw the slag and ditch widths, the erven and the dwarssloten; fix the special zones."""
    us = np.linspace(U_BACK_END, 0.0, 52)
    back = [(float(u), back_edge(float(u))) for u in us]
    outline = Polygon([(0.0, 0.0), (U_FRONT_END, 0.0), *back])
    south_edge = LineString([(U_FRONT_END, 0.0), (U_BACK_END, back_edge(U_BACK_END))])
    strip = south_edge.buffer(4.0, cap_style="flat").intersection(outline)
    # Ditches do not cross kades: the edge ditch stops at the dike berm and the boezemkades.
    south_ditch = strip.intersection(
        shapely.union(rect(0, FRONT_START, 4000, FRONT_END), back_block_land())
    )
    land = outline.difference(strip)

    c, d = [2.0], [4.0]  # the polder's northern edge ditch, 0-4 m
    while c[-1] - d[-1] / 2 < U_BACK_END:
        width = round(float(rng.uniform(42.0, 78.0)), 1)
        ditch = float(rng.choice([3.0, 3.5, 4.0, 4.5, 5.0, 6.0]))
        c.append(round(c[-1] + d[-1] / 2 + width + ditch / 2, 2))
        d.append(ditch)
    centres = np.array(c)

    def nearest(u: float) -> int:
        return int(np.argmin(np.abs(centres - u)))

    k_v = nearest(2250.0)
    lay = Layout(
        c=c,
        d=d,
        outline=outline,
        land=land,
        south_ditch=south_ditch,
        k_noord_midden=nearest(1000.0),
        k_midden_zuid=nearest(2050.0),
        k_nnn=nearest(480.0),
        village=(k_v, k_v + 5),
    )
    lay.erven = choose_erven(lay, rng)
    for k in range(lay.n_columns):
        # Some slagen are split by a dwarssloot into parcels of 400-600 m; only full-length
        # slagen, so that no parcel gets much shorter than 400 m.
        split_front, split_back, shift = rng.random(), rng.random(), float(rng.uniform(-20, 20))
        if split_front < 0.25 and lay.front_start(k) == FRONT_START:
            lay.splits[(k, "front")] = round(540.0 + 3 * shift, 1)
        back_length = lay.back_end(lay.centre(k)) - BACK_START
        if split_back < 0.3 and not lay.is_nnn(k) and back_length > 850.0:
            lay.splits[(k, "back")] = round(BACK_START + back_length / 2 + shift, 1)
    return lay


def back_block_land() -> Polygon:
    """Land of the back block, from the boezemkade up to the ringsloot's inner bank."""
    return wavy_band(RINGSLOOT[0], 1500.0).intersection(rect(0, BACK_START, 4000, FAR))


def choose_erven(lay: Layout, rng: np.random.Generator) -> dict[int, float]:
    """Pick erf columns along the road: wide slagen, spread out, away from the lintdorp."""
    wanted = {"noord": 3, "midden": 3, "zuid": 2}
    erven: dict[int, float] = {}
    for gebied in ("noord", "midden", "zuid"):
        candidates = [
            k
            for k in range(1, lay.n_columns - 1)
            if lay.gebied(lay.centre(k)) == gebied
            and not any(lay.in_village(j) for j in range(k - 1, k + 2))
            and lay.edges(k)[1] - lay.edges(k)[0] >= 55.0
            and lay.centre(k) < U_FRONT_END - 80.0
        ]
        taken: list[int] = []
        for k in rng.permutation(candidates):
            if len(taken) < wanted[gebied] and all(abs(int(k) - j) >= 3 for j in [*taken, *erven]):
                taken.append(int(k))
        for k in sorted(taken):
            erven[k] = round(float(rng.uniform(95.0, 125.0)), 1)
    return dict(sorted(erven.items()))


# --------------------------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------------------------


@dataclass
class Features:
    """Features of one layer: local geometries plus attribute rows; ids are numbered on add."""

    columns: Sequence[str]
    prefix: str
    rows: list[dict[str, object]] = field(default_factory=list)
    geoms: list[BaseGeometry] = field(default_factory=list)

    def add(self, geom: BaseGeometry, ident: str | None = None, **attrs: object) -> None:
        """Append one feature per single part; empty geometries (clipped away) are skipped."""
        for part in parts(geom):
            row = {col: attrs.get(col) for col in self.columns}
            row[self.columns[0]] = ident or f"{self.prefix}{len(self.rows) + 1:03d}"
            self.rows.append(row)
            self.geoms.append(part)

    def frame(self) -> gpd.GeoDataFrame:
        """GeoDataFrame in RD."""
        frame = pd.DataFrame(self.rows, columns=list(self.columns))
        geometry = [to_rd(g) for g in self.geoms]
        return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)


def build_gebieden(lay: Layout) -> Features:
    """The whole polder and three deelgebieden split along two slag ditches (so they tile it)."""
    gebieden = Features(["gebied_id", "naam"], "")
    cuts = [-1.0, lay.c[lay.k_noord_midden], lay.c[lay.k_midden_zuid], 4000.0]
    pieces = [lay.outline] + [
        lay.outline.intersection(rect(a, -1, b, FAR)) for a, b in itertools.pairwise(cuts)
    ]
    for (gebied_id, naam), geom in zip(GEBIEDEN, pieces, strict=True):
        gebieden.add(geom, ident=gebied_id, naam=naam)
    return gebieden


def build_sloten(lay: Layout) -> Features:
    """Wegsloot, wetering, ringsloot, the edge ditch, slag ditches and dwarssloten."""
    sloten = Features(["sloot_id", "type", "naam"], "S")
    # Every erf reaches the road over a dam in the wegsloot.
    dams = shapely.union_all([rect(lay.centre(k) - 3, 0, lay.centre(k) + 3, 20) for k in lay.erven])
    wegsloot = rect(0, WEGSLOOT[0], 4000, WEGSLOOT[1]).difference(dams)
    sloten.add(wegsloot.intersection(lay.land), type="sloot", naam="Wegsloot")
    wetering = rect(0, WETERING[0], 4000, WETERING[1]).intersection(lay.outline)
    sloten.add(wetering, type="sloot", naam="Achterwetering")
    sloten.add(wavy_band(RINGSLOOT[0], RINGSLOOT[1]).intersection(lay.land), type="sloot")
    sloten.add(lay.south_ditch, type="sloot")
    # Some ditches in noord and midden are managed ecologically (every fifth, for a fixed pattern).
    ecologisch = {k for k in range(1, lay.k_midden_zuid) if k % 5 == 2}
    for k in range(lay.n_columns + 1):
        c, half = lay.c[k], lay.d[k] / 2
        kind = "ecologisch beheerde sloot" if k in ecologisch else "sloot"
        y0 = VILLAGE_DEPTH if lay.in_village(k - 1) and lay.in_village(k) else FRONT_START
        front = rect(c - half, y0, c + half, FRONT_END)
        back = rect(c - half, BACK_START, c + half, FAR).intersection(back_block_land())
        for block in (front, back):
            sloten.add(block.intersection(lay.land), type=kind)
    for (k, _block), y in sorted(lay.splits.items()):
        u0, u1 = lay.edges(k)
        sloten.add(rect(u0, y - 2, u1, y + 2).intersection(lay.land), type="sloot")
    return sloten


def build_infra(lay: Layout) -> dict[str, Features]:
    """Kades, the polderweg with its bermen, erven with gebouwen, bebouwde kom and NNN."""
    kades = Features(["kade_id", "type"], "K")
    kades.add(LineString([(0, 0), (U_FRONT_END, 0)]), type="dijk")
    for y in (FRONT_END + 2, BACK_START - 2):
        kades.add(LineString([(0, y), (4000, y)]).intersection(lay.outline), type="boezemkade")
    us = np.linspace(0.0, U_BACK_END + 200.0, 66)
    achterkade = LineString([(float(u), back_edge(float(u)) - 2.5) for u in us])
    kades.add(achterkade.intersection(lay.land), type="achterkade")

    wegen = Features(["weg_id", "naam", "verharding"], "W")
    wegen.add(
        rect(0, ROAD[0], 4000, ROAD[1]).intersection(lay.outline),
        naam="Elzenwaardsedijk",
        verharding="asfalt",
    )

    bermen = Features(["berm_id", "zijde"], "B")
    cuts = [0.0, lay.c[lay.k_noord_midden], lay.c[lay.k_midden_zuid], 4000.0]
    for a, b in itertools.pairwise(cuts):
        for (y0, y1), zijde in ((BERM_DIJK, "dijkzijde"), (BERM_POLDER, "polderzijde")):
            bermen.add(rect(a, y0, b, y1).intersection(lay.outline), zijde=zijde)

    erven = Features(["erf_id", "naam"], "E")
    gebouwen = Features(["gebouw_id", "erf_id", "functie"], "G")
    for i, (k, depth) in enumerate(lay.erven.items()):
        u0, u1 = lay.edges(k)
        y0, y1 = FRONT_START, FRONT_START + depth
        erven.add(rect(u0, y0, u1, y1), naam=FARM_NAMES[i])
        erf_id = erven.rows[-1]["erf_id"]
        # Farmhouse at the road, a shed beside it, the ligboxenstal behind them.
        gebouwen.add(rect(u0 + 8, y0 + 6, u0 + 20, y0 + 22), erf_id=erf_id, functie="woning")
        gebouwen.add(rect(u1 - 20, y0 + 10, u1 - 8, y0 + 24), erf_id=erf_id, functie="schuur")
        gebouwen.add(rect(u0 + 10, y0 + 38, u0 + 38, y1 - 10), erf_id=erf_id, functie="stal")

    kom = Features(["kom_id", "naam"], "BK")
    kv0, kv1 = lay.village
    kom.add(rect(lay.c[kv0], 0, lay.c[kv1], VILLAGE_DEPTH), naam="Kerkbuurt")

    nnn = Features(["nnn_id", "naam"], "N")
    nnn.add(
        rect(0, BACK_START - 2, lay.c[lay.k_nnn], FAR).intersection(lay.outline),
        naam="De Rietputten",
    )
    return {
        "kades": kades,
        "wegen": wegen,
        "bermen": bermen,
        "erven": erven,
        "gebouwen": gebouwen,
        "bebouwde_kom": kom,
        "nnn": nnn,
    }


def columns_in(lay: Layout, gebied: str) -> list[int]:
    """Column indices whose centre lies in a deelgebied."""
    return [k for k in range(lay.n_columns) if lay.gebied(lay.centre(k)) == gebied]


def build_area_elements(lay: Layout) -> Features:
    """Bosjes, a hoogstamboomgaard, poelen and a rietperceel, at fixed places in the pattern."""
    vlakken = Features(["element_id", "type", "breedte_m"], "V")
    erf_cols = list(lay.erven)
    noord, midden, zuid = (columns_in(lay, g) for g in ("noord", "midden", "zuid"))

    # Hoogstamboomgaard behind the first farm, with an erfbosje overlapping its corner.
    k = erf_cols[0]
    u0, u1 = lay.edges(k)
    erf_end = lay.front_start(k)
    vlakken.add(rect(u0 + 1, erf_end, u1 - 1, erf_end + 60), type="hoogstamboomgaard")
    vlakken.add(rect(u0 + 1, erf_end - 8, u0 + 28, erf_end + 22), type="bosje")
    # An erfbosje in a corner of a farm in midden.
    k = next(k for k in erf_cols if k in midden)
    u0, u1 = lay.edges(k)
    vlakken.add(
        rect(u1 - 14, lay.front_start(k) - 40, u1 - 2, lay.front_start(k) - 2), type="bosje"
    )

    # Field bosjes at the end of a slag (noord, twice) and in the back block of midden.
    u0, u1 = lay.edges(noord[len(noord) // 2 + 1])
    vlakken.add(rect(u0, FRONT_END - 110, u1, FRONT_END - 4), type="bosje")
    u0, u1 = lay.edges(noord[-3])
    vlakken.add(rect(u0, 1420, u1, 1530), type="bosje")
    u0, u1 = lay.edges(midden[len(midden) // 2])
    vlakken.add(rect(u0, 1300, u1 - 10, 1380), type="bosje")
    # A bosje at the back of the lintdorp, half inside the bebouwde kom.
    u0, u1 = lay.edges(lay.village[1] - 1)
    vlakken.add(rect(u0 + 5, VILLAGE_DEPTH - 45, u1, VILLAGE_DEPTH + 45), type="bosje")

    # Rietperceel across the NNN border, with a poel half in the reed.
    c = lay.c[lay.k_nnn]
    vlakken.add(rect(c - 90, BACK_START + 12, c + 75, BACK_START + 140), type="rietzoom")
    vlakken.add(oval(c + 78, BACK_START + 70, 10, 8), type="poel")
    # Few poelen elsewhere: in the veenweide the ditches served as drinking places.
    u0, u1 = lay.edges(noord[4])
    vlakken.add(oval(u1 - 11, 640, 9, 7), type="poel")
    u0, u1 = lay.edges(midden[3])
    vlakken.add(oval(u0 + 10, 1700, 8, 8), type="poel")
    u0, u1 = lay.edges(zuid[2])
    vlakken.add(oval(u1 - 9, 820, 7, 6), type="poel")
    return vlakken


def build_percelen(
    lay: Layout, carve: BaseGeometry, rng: np.random.Generator
) -> tuple[Features, list[tuple[float, float]]]:
    """Long narrow slagen between the ditches; area elements are cut out. Returns edges too."""
    percelen = Features(["perceel_id", "gewas"], "P")
    edges: list[tuple[float, float]] = []
    for k in range(lay.n_columns):
        u0, u1 = lay.edges(k)
        blocks = [("front", lay.front_start(k), FRONT_END)]
        if not lay.is_nnn(k):
            blocks.append(("back", BACK_START, FAR))
        for block, y0, y1 in blocks:
            y_split = lay.splits.get((k, block))
            spans = [(y0, y1)] if y_split is None else [(y0, y_split - 2), (y_split + 2, y1)]
            for a, b in spans:
                geom = (
                    rect(u0, a, u1, b)
                    .intersection(lay.land)
                    .intersection(
                        rect(0, 0, 4000, FRONT_END) if block == "front" else back_block_land()
                    )
                )
                for part in parts(geom.difference(carve)):
                    # Slivers at the oblique southern edge are left as unparcelled land.
                    if part.area >= 5000.0:
                        percelen.add(part, gewas="grasland")
                        edges.append((u0, u1))
    # A few arable parcels in zuid (maïs on peat is rare but real) and one maïs in midden.
    zuid = [
        i
        for i, g in enumerate(percelen.geoms)
        if lay.gebied(g.centroid.x) == "zuid" and g.area > 30000.0
    ]
    for n, i in enumerate(sorted(rng.choice(zuid, size=6, replace=False).tolist())):
        percelen.rows[i]["gewas"] = "maïs" if n % 2 == 0 else "bouwland"
    midden = [
        i
        for i, g in enumerate(percelen.geoms)
        if lay.gebied(g.centroid.x) == "midden" and g.area > 30000.0
    ]
    percelen.rows[int(rng.choice(midden))]["gewas"] = "maïs"
    return percelen, edges


def ditch_line(
    lay: Layout, k: int, side: int, y0: float, y1: float, offset: float = 1.5
) -> BaseGeometry:
    """A line along ditch k, ``offset`` m from its bank, on side -1 (west) or +1 (east)."""
    u = lay.c[k] + side * (lay.d[k] / 2 + offset)
    return LineString([(u, y0), (u, y1)]).intersection(lay.land)


def block_range(lay: Layout, k: int, side: int, block: str) -> tuple[float, float]:
    """Y range of the land beside ditch k in a block (front or back)."""
    col = k if side > 0 else k - 1
    u = lay.c[k]
    if block == "front":
        return lay.front_start(col) + 1, FRONT_END - 1
    return BACK_START + 1, lay.back_end(u) - 1


def build_line_elements(
    lay: Layout, percelen: Features, edges: list[tuple[float, float]], rng: np.random.Generator
) -> Features:
    """Elzensingels, knotwilgen, heggen, struweelhagen, oevers, rietzomen and akkerranden."""
    lijnen = Features(["element_id", "type", "breedte_m"], "L")
    for k in range(1, lay.n_columns):
        gebied = lay.gebied(lay.c[k])
        for block, chance in (("front", SINGEL_FRONT), ("back", SINGEL_BACK)):
            side = int(rng.choice([-1, 1]))
            draw_singel, draw_row, draw_struweel, draw_riet = rng.random(4)
            y0, y1 = block_range(lay, k, side, block)
            in_nnn = block == "back" and lay.is_nnn(k - 1) and lay.is_nnn(k)
            if draw_singel < chance[gebied] and not in_nnn:
                # A few singels are drawn wider than the default (a double row of alders).
                wide = 5.0 if draw_singel < 0.06 else None
                lijnen.add(ditch_line(lay, k, side, y0, y1), type="elzensingel", breedte_m=wide)
            # Partial rows and strips on the other bank.
            length = float(rng.uniform(250.0, 500.0))
            start = y0 + float(rng.uniform(0.0, max(0.0, y1 - y0 - length)))
            segment = (start, min(y1, start + length))
            if draw_row < KNOTWILG_ROW[gebied]:
                lijnen.add(ditch_line(lay, k, -side, *segment, offset=1.0), type="knotwilgen")
            elif draw_struweel < STRUWEEL[gebied]:
                lijnen.add(ditch_line(lay, k, -side, *segment, offset=1.5), type="struweelhaag")
            elif draw_riet < RIET_LINE[gebied]:
                lijnen.add(ditch_line(lay, k, -side, *segment, offset=-1.0), type="rietzoom")

    # Knotwilgen in the polder-side berm in front of the farms, and through the lintdorp.
    for k in lay.erven:
        u0, u1 = lay.edges(k)
        if lay.gebied(u0) != "zuid":
            lijnen.add(LineString([(u0 - 40, 12.0), (u1 + 40, 12.0)]), type="knotwilgen")
    kv0 = lay.village[0]
    lijnen.add(LineString([(lay.c[kv0] - 150, 12.0), (lay.c[kv0] + 120, 12.0)]), type="knotwilgen")
    # Heggen along the front of the farms, open at the entrance; one farm has a struweelhaag side.
    for i, k in enumerate(lay.erven):
        u0, u1 = lay.edges(k)
        mid = lay.centre(k)
        for a, b in ((u0 + 1, mid - 4), (mid + 4, u1 - 1)):
            lijnen.add(LineString([(a, 18.5), (b, 18.5)]), type="Knip- of scheerheg")
        if i == 3:
            lijnen.add(
                LineString([(u1 - 1.5, 19.0), (u1 - 1.5, lay.front_start(k) - 1)]),
                type="struweelhaag",
            )
    # Natuurvriendelijke oevers and a rietzoom along the wetering.
    cm = lay.c[lay.k_noord_midden]
    lijnen.add(
        LineString([(120, WETERING[0] + 1.5), (cm - 300, WETERING[0] + 1.5)]),
        type="natuurvriendelijke oever",
    )
    lijnen.add(
        LineString([(cm - 250, WETERING[0] + 1.5), (cm + 200, WETERING[0] + 1.5)]),
        type="natuurvriendelijke oever",
        breedte_m=6.0,
    )
    lijnen.add(
        LineString([(cm + 150, WETERING[1] - 1.5), (cm + 700, WETERING[1] - 1.5)]), type="rietzoom"
    )
    # Knotwilgen on the boezemkade, running into the NNN.
    cn = lay.c[lay.k_nnn]
    lijnen.add(
        LineString([(cn - 220, BACK_START - 1), (cn + 260, BACK_START - 1)]), type="knotwilgen"
    )

    # Kruidenrijke akkerranden on a long side of the arable parcels in zuid, except one; the
    # first is a narrow 3 m strip.
    arable = [
        i
        for i, row in enumerate(percelen.rows)
        if row["gewas"] in ("bouwland", "maïs")
        and lay.gebied(percelen.geoms[i].centroid.x) == "zuid"
    ]
    for n, i in enumerate(arable):
        if n == 4:
            continue
        u0, u1 = edges[i]
        u = u0 + 3.0 if n % 2 else u1 - 3.0
        _, ymin, _, ymax = percelen.geoms[i].bounds
        margin = LineString([(u, ymin), (u, ymax)]).intersection(percelen.geoms[i])
        lijnen.add(margin, type="Kruidenrijke akkerrand", breedte_m=3.0 if n == 0 else None)
    return lijnen


def build_point_elements(lay: Layout, rng: np.random.Generator) -> Features:
    """Solitary trees on the erven, single knotwilgen along ditches, and a few bankjes."""
    punten = Features(["element_id", "type", "breedte_m"], "PT")
    for i, (k, depth) in enumerate(lay.erven.items()):
        u0, u1 = lay.edges(k)
        punten.add(Point(u0 + 4, FRONT_START + 4), type="solitaire boom")
        if i % 3 != 2:
            punten.add(Point(u1 - 6, FRONT_START + 34), type="solitaire boom")
        if i % 2 == 0:
            punten.add(Point(u1 - 6, FRONT_START + depth - 6), type="solitaire boom")
    # Single knotwilgen on ditch banks in midden and zuid (only where the bank is polder land).
    ditches = np.arange(lay.k_noord_midden, lay.n_columns - 2)
    for k in sorted(rng.choice(ditches, size=10, replace=False).tolist()):
        side = 1 if k % 2 else -1
        y = round(float(rng.uniform(160.0, 1000.0)), 1)
        tree = Point(lay.c[k] + side * (lay.d[k] / 2 + 1.0), y)
        if lay.land.contains(tree):
            punten.add(tree, type="knotwilg")
    # Bankjes are not landscape elements: the demo reports them as an unmapped type.
    kv0, _ = lay.village
    punten.add(Point(700.0, FRONT_END + 2.0), type="bankje")
    punten.add(Point(lay.c[kv0] + 40.0, 12.0), type="bankje")
    punten.add(Point(lay.c[lay.k_nnn] + 5.0, BACK_START - 1.5), type="bankje")
    return punten


# --------------------------------------------------------------------------------------------
# Rough check and output
# --------------------------------------------------------------------------------------------


def rough_shares(layers: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """Share of dissolved element footprints in each gebied minus bebouwde kom and NNN (rough)."""
    footprints = []
    for geom, kind, width in zip(
        layers["elementen_lijnen"].geometry,
        layers["elementen_lijnen"]["type"],
        layers["elementen_lijnen"]["breedte_m"],
        strict=True,
    ):
        w = width if pd.notna(width) else ROUGH_WIDTH[kind.casefold()]
        footprints.append(geom.buffer(w / 2, cap_style="flat"))
    footprints += list(layers["elementen_vlakken"].geometry)
    punten = layers["elementen_punten"]
    for geom, kind in zip(punten.geometry, punten["type"], strict=True):
        if kind in ROUGH_POINT_AREA:
            footprints.append(geom.buffer(math.sqrt(ROUGH_POINT_AREA[kind] / math.pi)))
    elements = shapely.union_all(footprints)
    excluded = shapely.union_all([*layers["bebouwde_kom"].geometry, *layers["nnn"].geometry])
    rows = []
    gebieden = layers["gebieden"]
    for gebied_id, geom in zip(gebieden["gebied_id"], gebieden.geometry, strict=True):
        rural = geom.difference(excluded)
        element_ha = rural.intersection(elements).area / 1e4
        rows.append(
            {
                "gebied_id": gebied_id,
                "area_ha": round(geom.area / 1e4, 1),
                "rural_ha": round(rural.area / 1e4, 1),
                "element_ha": round(element_ha, 2),
                "share_pct": round(100 * element_ha / (rural.area / 1e4), 2),
            }
        )
    return pd.DataFrame(rows)


def generate(rng: np.random.Generator | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Build all layers, in RD, in the order they are written."""
    rng = rng or np.random.default_rng(SEED)
    lay = make_layout(rng)
    vlakken = build_area_elements(lay)
    percelen, edges = build_percelen(lay, shapely.union_all(vlakken.geoms), rng)
    lijnen = build_line_elements(lay, percelen, edges, rng)
    punten = build_point_elements(lay, rng)
    infra = build_infra(lay)
    features = {
        "gebieden": build_gebieden(lay),
        "percelen": percelen,
        "sloten": build_sloten(lay),
        **infra,
        "elementen_lijnen": lijnen,
        "elementen_vlakken": vlakken,
        "elementen_punten": punten,
    }
    layers = {name: f.frame() for name, f in features.items()}
    # One schema for the three element layers, so one --width-field serves them all; the width
    # is only set on some lines (empty means: the type's default width).
    for name in ELEMENT_LAYERS:
        layers[name]["breedte_m"] = layers[name]["breedte_m"].astype("float64")
    return layers


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: generate the polder, write it, print counts and rough shares."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="GeoPackage to write")
    args = parser.parse_args(argv)
    layers = generate()
    for name, frame in layers.items():
        bad = ~frame.geometry.is_valid | frame.geometry.is_empty
        if bad.any():
            raise SystemExit(f"{name}: {int(bad.sum())} invalid or empty geometries")
    for name, allowed in zip(ELEMENT_LAYERS, (LINE_TYPES, AREA_TYPES, POINT_TYPES), strict=True):
        if set(layers[name]["type"]) != set(allowed):
            raise SystemExit(f"{name}: type values {sorted(set(layers[name]['type']))}")
    write_gpkg(args.out, layers)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    for name, frame in layers.items():
        print(f"  {name:18s} {len(frame):4d}")
    print("rough shares (lines buffered at typical widths, overlaps dissolved):")
    print(rough_shares(layers).to_string(index=False))


if __name__ == "__main__":
    main()
