"""Generate the national-scale benchmark inputs in ``benchmarks/generated/``.

Reads the CBS gemeenten 2022 (``../shared/data``) and writes, deterministically (fixed seed):

- ``elements_<n>.gpkg``, layer ``elements``: N small polygons over the land of NL;
- ``elements_mixed_<n>.gpkg``, layers ``lines``, ``polygons``, ``points``: about N/3 each.

Every element has an ``element_type`` from gbda's vocabulary. 3 % of the elements overlap a
neighbour on purpose (gbda and QGIS must count that area once), no others overlap, and about
6 % cross a gemeente border or the coast (2 % are centred on a border), so they are split.
Everything is vectorised: the Python loops run over the 345 gemeenten or over rounds, never over
elements.

Usage: ``python benchmarks/make_data.py [--n 1000000] [--force]``
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

HERE = Path(__file__).resolve().parent
WORK = HERE / "generated"
GEMEENTEN = (
    HERE.parent.parent
    / "shared"
    / "data"
    / "cbs-gemeenten-2022-gegeneraliseerd"
    / "gemeenten_2022_rd.gpkg"
)
CRS = "EPSG:28992"
SEED = 20220101
OVERLAP_SHARE = 0.03  # elements placed on top of their neighbour
BORDER_SHARE = 0.02  # elements centred on a gemeente border

# type: (share, width range m, length range m); width == length means a square.
POLYGON_TYPES = {
    "heg": (0.30, (2, 4), (10, 200)),
    "houtwal": (0.20, (4, 10), (20, 200)),
    "kruidenrijke_akkerrand": (0.15, (3, 10), (50, 200)),
    "natuurvriendelijke_oever": (0.15, (2, 8), (20, 200)),
    "bosje": (0.10, None, (10, 50)),
    "poel": (0.10, None, (4, 20)),
}
# Lines are drawn as two segments with a bend; gbda buffers them by the type's default width.
LINE_TYPES = {
    "heg": (0.4, (10, 200)),
    "elzensingel": (0.3, (20, 200)),
    "bomenrij": (0.3, (20, 200)),
}
POINT_TYPES = {"solitaire_boom": 0.6, "knotboom": 0.4}
# Distance kept between unrelated mixed elements: gbda's footprints reach at most 2.9 m from a
# line (bomenrij 5 m wide, mitred at a 60° bend) and 2.6 m from a tree (20 m² 32-gon).
MIXED_GAP = 6.0
#: Rounds of moving elements that meet by chance. Up to 1,000,000 elements it takes at most a
#: dozen; at 5,000,000 the largest strips keep meeting others, and after this many rounds the
#: last ones (at most MAX_LEFT of all elements) stay where they are.
MAX_ROUNDS = 100
MAX_LEFT = 1e-3


def tag(n: int) -> str:
    """Short file tag for a count: 1000000 -> '1m', 20000 -> '20k'."""
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def paths(n: int, work: Path = WORK) -> dict[str, Path]:
    """The files the generator writes for N elements."""
    return {
        "polygons": work / f"elements_{tag(n)}.gpkg",
        "mixed": work / f"elements_mixed_{tag(n)}.gpkg",
        "stats": work / f"elements_{tag(n)}.json",
    }


def read_gemeenten(path: Path = GEMEENTEN) -> gpd.GeoDataFrame:
    """The gemeenten layer (EPSG:28992, field ``statcode``)."""
    return pyogrio.read_dataframe(path, layer="gemeenten", columns=["statcode"])


def sample_inside(
    geoms: np.ndarray, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """N points uniform over the union of ``geoms`` (area-weighted choice, then rejection)."""
    areas = shapely.area(geoms)
    counts = rng.multinomial(n, areas / areas.sum())
    xy = np.empty((n, 2))
    owner = np.repeat(np.arange(len(geoms)), counts)
    start = 0
    for geom, k, area in zip(geoms, counts, areas, strict=True):
        if k == 0:
            continue
        shapely.prepare(geom)
        x0, y0, x1, y1 = shapely.bounds(geom)
        fill = area / ((x1 - x0) * (y1 - y0))
        got = 0
        while got < k:
            m = int((k - got) / fill * 1.2) + 16
            cx = rng.uniform(x0, x1, m)
            cy = rng.uniform(y0, y1, m)
            keep = shapely.contains_xy(geom, cx, cy)
            take = min(int(keep.sum()), k - got)
            xy[start + got : start + got + take, 0] = cx[keep][:take]
            xy[start + got : start + got + take, 1] = cy[keep][:take]
            got += take
        start += k
    return xy, owner


def sample_on_borders(
    geoms: np.ndarray, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """N points on the gemeente boundaries, weighted by boundary length."""
    rings = shapely.boundary(geoms)
    lengths = shapely.length(rings)
    counts = rng.multinomial(n, lengths / lengths.sum())
    owner = np.repeat(np.arange(len(geoms)), counts)
    pts = shapely.line_interpolate_point(rings[owner], rng.uniform(0, 1, n), normalized=True)
    return shapely.get_coordinates(pts), owner


def place(geoms: np.ndarray, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Centres for N elements: mostly inside the land, ``BORDER_SHARE`` on borders."""
    n_border = round(n * BORDER_SHARE)
    xy_in, own_in = sample_inside(geoms, n - n_border, rng)
    xy_b, own_b = sample_on_borders(geoms, n_border, rng)
    xy = np.concatenate([xy_in, xy_b])
    owner = np.concatenate([own_in, own_b])
    # Mix the border elements in, so they are not all at the end of the file.
    order = rng.permutation(n)
    return xy[order], owner[order]


def choose(types: dict[str, float], n: int, rng: np.random.Generator) -> np.ndarray:
    """N type codes drawn with the given shares."""
    names = np.array(list(types), dtype=object)
    p = np.array(list(types.values()), dtype=float)
    return names[rng.choice(len(names), size=n, p=p / p.sum())]


def overlapping(n: int, rng: np.random.Generator) -> np.ndarray:
    """Odd indices i whose element is moved onto element i - 1 (even, so never moved itself)."""
    odd = np.arange(1, n, 2)
    size = min(len(odd), round(n * OVERLAP_SHARE))
    return np.sort(rng.choice(odd, size=size, replace=False))


def rectangles(
    xy: np.ndarray, width: np.ndarray, length: np.ndarray, angle: np.ndarray
) -> np.ndarray:
    """Rotated rectangles centred on ``xy`` (vectorised)."""
    ux, uy = np.cos(angle), np.sin(angle)
    hl, hw = length / 2, width / 2
    # Corners in the element's own frame: (+-length/2 along the axis, +-width/2 across).
    sx = np.array([1, 1, -1, -1, 1])
    sy = np.array([1, -1, -1, 1, 1])
    ax = sx[None, :] * hl[:, None]
    ay = sy[None, :] * hw[:, None]
    coords = np.empty((len(xy), 5, 2))
    coords[:, :, 0] = xy[:, 0, None] + ax * ux[:, None] - ay * uy[:, None]
    coords[:, :, 1] = xy[:, 1, None] + ax * uy[:, None] + ay * ux[:, None]
    return shapely.polygons(coords)


def make_polygons(
    xy: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Polygon elements at ``xy``; returns geometries, types and the overlapping indices."""
    n = len(xy)
    kinds = choose({k: v[0] for k, v in POLYGON_TYPES.items()}, n, rng)
    width = np.empty(n)
    length = np.empty(n)
    for code, (_, w_range, l_range) in POLYGON_TYPES.items():
        hit = kinds == code
        length[hit] = rng.uniform(*l_range, hit.sum())
        width[hit] = length[hit] if w_range is None else rng.uniform(*w_range, hit.sum())
    angle = rng.uniform(0, np.pi, n)
    moved = overlapping(n, rng)
    # Put the centre inside the partner's rectangle, so the interiors always overlap.
    prev = moved - 1
    along = rng.uniform(-0.4, 0.4, len(moved)) * length[prev]
    across = rng.uniform(-0.4, 0.4, len(moved)) * width[prev]
    ux, uy = np.cos(angle[prev]), np.sin(angle[prev])
    xy = xy.copy()
    xy[moved, 0] = xy[prev, 0] + along * ux - across * uy
    xy[moved, 1] = xy[prev, 1] + along * uy + across * ux
    return rectangles(xy, width, length, angle), kinds, moved


def make_lines(
    xy: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two-segment lines starting near ``xy``; a few % start on their neighbour's first segment."""
    n = len(xy)
    kinds = choose({k: v[0] for k, v in LINE_TYPES.items()}, n, rng)
    length = np.empty(n)
    for code, (_, l_range) in LINE_TYPES.items():
        hit = kinds == code
        length[hit] = rng.uniform(*l_range, hit.sum())
    angle = rng.uniform(0, 2 * np.pi, n)
    bend = angle + rng.uniform(-np.pi / 3, np.pi / 3, n)
    first = rng.uniform(0.3, 0.7, n) * length
    moved = overlapping(n, rng)
    prev = moved - 1
    start = xy.copy()
    t = rng.uniform(0.1, 0.9, len(moved)) * first[prev]
    start[moved, 0] = xy[prev, 0] + t * np.cos(angle[prev])
    start[moved, 1] = xy[prev, 1] + t * np.sin(angle[prev])
    coords = np.empty((n, 3, 2))
    coords[:, 0] = start
    coords[:, 1, 0] = start[:, 0] + first * np.cos(angle)
    coords[:, 1, 1] = start[:, 1] + first * np.sin(angle)
    coords[:, 2, 0] = coords[:, 1, 0] + (length - first) * np.cos(bend)
    coords[:, 2, 1] = coords[:, 1, 1] + (length - first) * np.sin(bend)
    return shapely.linestrings(coords), kinds, moved


def make_points(
    xy: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Trees at ``xy``; a few % stand 1-3 m from their neighbour, so their crowns overlap."""
    n = len(xy)
    kinds = choose(POINT_TYPES, n, rng)
    moved = overlapping(n, rng)
    xy = xy.copy()
    r = rng.uniform(1, 3, len(moved))
    a = rng.uniform(0, 2 * np.pi, len(moved))
    xy[moved, 0] = xy[moved - 1, 0] + r * np.cos(a)
    xy[moved, 1] = xy[moved - 1, 1] + r * np.sin(a)
    return shapely.points(xy), kinds, moved


def not_within_owner(elements: np.ndarray, owner: np.ndarray, geoms: np.ndarray) -> int:
    """How many elements are not wholly inside the gemeente they were placed in."""
    outside = 0
    for i in np.unique(owner):
        hit = owner == i
        shapely.prepare(geoms[i])
        outside += int((~shapely.within(elements[hit], geoms[i])).sum())
    return outside


def write(path: Path, layer: str, geoms: np.ndarray, kinds: np.ndarray) -> None:
    """Write one layer with pyogrio through Arrow (fast) and a spatial index."""
    gdf = gpd.GeoDataFrame({"element_type": kinds.astype(str)}, geometry=geoms, crs=CRS)
    # GeoPackage 1.2: QGIS 3.22's GDAL 3.6 warns on every open of pyogrio's default 1.4.
    pyogrio.write_dataframe(
        gdf, path, layer=layer, driver="GPKG", use_arrow=True, append=False, VERSION="1.2"
    )


def separate(
    geoms: np.ndarray,
    xy: np.ndarray,
    owner: np.ndarray,
    moved: np.ndarray,
    gemeenten: np.ndarray,
    rng: np.random.Generator,
    gap: float = 0.0,
) -> tuple[np.ndarray, int, int]:
    """Move elements that overlap by chance to new places until only the planned overlaps remain.

    At national density, randomly oriented strips 10-200 m long overlap a neighbour by chance
    about as often as 1 in 5; real landscape elements rarely do. An element and the one moved
    onto it on purpose form a unit that moves together. With ``gap`` > 0 units also keep that
    distance (lines and points only get their footprint, up to a few m wide, inside gbda).
    Updates ``xy`` and ``owner`` in place; returns the geometries, the rounds it took and the
    number of units still meeting another (0 unless it stopped after ``MAX_ROUNDS``).
    """
    unit = np.arange(len(geoms))
    unit[moved] = moved - 1
    # Only elements moved in the last round can meet another now: the others met nothing in
    # it (of a meeting pair one unit moves), so each round asks only about the moved ones.
    active = np.arange(len(geoms))
    for rounds in range(1, MAX_ROUNDS):
        tree = shapely.STRtree(geoms)
        if gap > 0:
            q, b = tree.query(geoms[active], predicate="dwithin", distance=gap)
        else:
            q, b = tree.query(geoms[active], predicate="intersects")
        a = active[q]
        bad = unit[a] != unit[b]
        if not bad.any():
            return geoms, rounds, 0
        # Each pair comes twice; moving only the later unit leaves the other one in place.
        lead = np.unique(np.maximum(unit[a[bad]], unit[b[bad]]))
        new_xy, new_owner = place(gemeenten, len(lead), rng)
        shift = np.zeros((len(geoms), 2))
        shift[lead] = new_xy - xy[lead]
        members = np.flatnonzero(np.isin(unit, lead))
        coords, which = shapely.get_coordinates(geoms[members], return_index=True)
        geoms = geoms.copy()
        geoms[members] = shapely.set_coordinates(
            geoms[members].copy(), coords + shift[unit[members]][which]
        )
        xy[members] += shift[unit[members]]
        owner[members] = new_owner[np.searchsorted(lead, unit[members])]
        active = members
    if len(lead) > MAX_LEFT * len(geoms):
        raise RuntimeError("could not separate the elements; lower --n")
    # Very dense layers keep a few chance overlaps of their largest elements.
    return geoms, MAX_ROUNDS, len(lead)


def generate(n: int, seed: int = SEED, gemeenten: Path = GEMEENTEN, work: Path = WORK) -> dict:
    """Write both variants for N elements; return statistics about them."""
    t0 = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    out = paths(n, work)
    geoms = read_gemeenten(gemeenten).geometry.to_numpy()
    stats: dict = {"n": n, "seed": seed}

    rng = np.random.default_rng(seed)
    xy, owner = place(geoms, n, rng)
    polys, kinds, moved = make_polygons(xy, rng)
    polys, rounds, left = separate(polys, xy, owner, moved, geoms, rng)
    out["polygons"].unlink(missing_ok=True)
    write(out["polygons"], "elements", polys, kinds)
    stats["polygons"] = {
        "types": {k: int(v) for k, v in zip(*np.unique(kinds, return_counts=True), strict=True)},
        "overlapping_on_purpose": len(moved),
        "separation_rounds": rounds,
        "units_still_meeting_by_chance": left,
        "not_within_own_gemeente": not_within_owner(polys, owner, geoms),
        "total_area_m2": float(shapely.area(polys).sum()),
    }

    # The mixed variant has its own stream, so it does not change when the polygons change.
    rng = np.random.default_rng(seed + 1)
    xy, owner = place(geoms, n, rng)
    parts = np.array_split(np.arange(n), 3)
    made = [
        make(xy[idx], rng)
        for make, idx in zip((make_lines, make_polygons, make_points), parts, strict=True)
    ]
    # Separate all three layers together: gbda dissolves overlaps across layers too.
    offsets = np.cumsum([0] + [len(idx) for idx in parts[:-1]])
    moved = np.concatenate([m + off for (_, _, m), off in zip(made, offsets, strict=True)])
    mixed, rounds, left = separate(
        np.concatenate([g for g, _, _ in made]), xy, owner, moved, geoms, rng, gap=MIXED_GAP
    )
    out["mixed"].unlink(missing_ok=True)
    stats["mixed"] = {"separation_rounds": rounds, "units_still_meeting_by_chance": left}
    for name, idx, (_, k, m) in zip(("lines", "polygons", "points"), parts, made, strict=True):
        write(out["mixed"], name, mixed[idx], k)
        stats["mixed"][name] = {
            "count": len(idx),
            "types": {a: int(b) for a, b in zip(*np.unique(k, return_counts=True), strict=True)},
            "overlapping_on_purpose": len(m),
        }
    stats["mixed"]["not_within_own_gemeente"] = not_within_owner(mixed, owner, geoms)
    stats["seconds"] = round(time.perf_counter() - t0, 1)
    out["stats"].write_text(json.dumps(stats, indent=2))
    return stats


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of elements")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--gemeenten", type=Path, default=GEMEENTEN, help="gemeenten GeoPackage")
    parser.add_argument("--work", type=Path, default=WORK, help="output folder")
    parser.add_argument("--force", action="store_true", help="rewrite existing files")
    args = parser.parse_args()
    out = paths(args.n, args.work)
    if not args.force and all(p.exists() for p in out.values()):
        print(f"exists: {out['polygons'].name}, {out['mixed'].name} (use --force to rewrite)")
        return
    stats = generate(args.n, args.seed, args.gemeenten, args.work)
    print(json.dumps(stats, indent=2))


if __name__ == "__main__":
    main()
