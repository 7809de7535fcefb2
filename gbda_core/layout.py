"""Candidate elements on a site: where each fitting bouwsteen could go, drawn as polygons.

For every bouwsteen and every position it names (see :mod:`gbda_core.positions`):

- **edge positions** (slootkant, berm, kade, erf, kopakker, perceelsrand): lines become strips
  of their typical width along the free runs, cut into chunks of about their typical length
  (never below the minimum, never above the maximum); areas and points become blocks against
  the edge (at most ``blocks_per_run`` per run, evenly spread). A run is used once per
  bouwsteen, for its most specific position.
- **hoek**: areas become a block in each convex corner (angle at least 45°), lines a leg along
  each of the corner's edges, points a spot just inside the corner.
- **midden_perceel**: areas become a block at the centre of the largest inscribed circle of the
  parcel (or the whole placeable parcel when that is at most 1.5 × the typical area), lines a
  strip along the parcel's long axis through that centre, points a spot there.

Strips start at the edge, or further in by the water setback (bouwstenen that do not belong on
the ditch bank) or the road setback (woody elements). Where two edges meet at a convex corner
the strips are cut on the bisector, so strips of both edges fit together. Every candidate is
clipped to the placeable land (no overlap with existing elements, buildings' setback, water,
roads; inside the site); pieces smaller than the bouwsteen's minimum, or slivers (see
:func:`gbda_core.layout_shapes.strip_like`), are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from gbda_core import snapped
from gbda_core.edges import ROAD, WATER, lines_from_pieces, parcel_axes
from gbda_core.feedback import SILENT, Feedback
from gbda_core.layout_shapes import (
    bands,
    octagons,
    parallelograms,
    polygon_parts,
    rectangles,
    strip_like,
    wedges,
)
from gbda_core.positions import (
    EDGE_POSITIONS,
    POSITION_ORDER,
    corner_mask,
    is_hedge,
    is_woody,
    middle_mask,
    parcel_fits,
    run_mask,
    strip_width,
)
from gbda_core.site import SiteContext
from gbda_core.vocabulary import Vocabulary, load_vocabulary
from natuurbouwstenen.schema import Bouwsteen, Cost, Geometry

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]

#: Columns of the candidate table, in order (plus ``geometry``).
CANDIDATE_COLUMNS = (
    "bouwsteen_id",
    "position",
    "parcel",
    "parcel_id",
    "run",
    "chunk",
    "length_m",
    "width_m",
    "area_m2",
    "n_pieces",
    "woody",
    "counts_as",
    "category",
    "hedge_m",
    "productive_m2",
    "aanleg_eur",
    "beheer_eur_per_year",
    "cost_known",
)


@dataclass(frozen=True)
class LayoutRules:
    """How candidates are drawn.

    Attributes
    ----------
    blocks_per_run
        Most area or point blocks against one run (evenly spread).
    sliver_ratio
        A clipped strip or block is dropped when its perimeter is more than this times that of
        a rectangle of the same area and width.
    min_fill
        A block keeps at least this share of its drawn area after clipping.
    min_corner_deg
        Corners sharper than this (degrees) get no block.
    """

    blocks_per_run: int = 3
    sliver_ratio: float = 1.3
    min_fill: float = 0.6
    min_corner_deg: float = 45.0


@dataclass
class _Drawn:
    """Raw shapes of one bouwsteen before clipping."""

    geoms: list[ObjectArray]
    parcel: list[IntArray]
    run: list[IntArray]
    chunk: list[IntArray]
    position: list[npt.NDArray[np.str_]]
    width: list[FloatArray]
    kind: list[npt.NDArray[np.str_]]  # "strip", "block", "spot", "whole"

    def add(
        self,
        geoms: ObjectArray,
        parcel: IntArray,
        position: str,
        width: float | FloatArray,
        kind: str,
        run: IntArray | None = None,
        chunk: IntArray | None = None,
    ) -> None:
        n = len(geoms)
        self.geoms.append(np.asarray(geoms, dtype=object))
        self.parcel.append(np.asarray(parcel, dtype=np.int64))
        self.run.append(np.full(n, -1, dtype=np.int64) if run is None else run)
        self.chunk.append(np.full(n, -1, dtype=np.int64) if chunk is None else chunk)
        self.position.append(np.full(n, position))
        self.width.append(np.broadcast_to(np.asarray(width, dtype=float), (n,)).copy())
        self.kind.append(np.full(n, kind))


def generate_candidates(
    site: SiteContext,
    bouwstenen: Sequence[Bouwsteen],
    *,
    vocabulary: Vocabulary | None = None,
    rules: LayoutRules | None = None,
    feedback: Feedback = SILENT,
) -> gpd.GeoDataFrame:
    """Draw candidate elements of the given bouwstenen on the site.

    Parameters
    ----------
    site
        From :func:`gbda_core.site.build_site`.
    bouwstenen
        The bouwstenen to place (usually those :func:`gbda_core.suggest.suggest` finds fitting).
    vocabulary
        Element vocabulary ``counts_as`` refers to (default: the shipped one).
    rules
        Drawing rules (default :class:`LayoutRules`).
    feedback
        Progress and cancellation.

    Returns
    -------
    geopandas.GeoDataFrame
        One polygon per candidate with :data:`CANDIDATE_COLUMNS`: lengths and widths in m,
        areas in m², costs in EUR (aanleg once, beheer per year; NaN and ``cost_known`` False
        where the catalogue has no amount). Candidates may overlap each other; never existing
        elements. Sorted by bouwsteen id, then position, parcel, run and chunk.
    """
    vocabulary = vocabulary or load_vocabulary()
    rules = rules or LayoutRules()
    run_lines = site.edges.run_lines()
    frames = []
    feedback.step("drawing candidate elements", total=len(bouwstenen))
    for b in sorted(bouwstenen, key=lambda x: x.id):
        frames.append(_for_bouwsteen(site, b, vocabulary, rules, run_lines))
        feedback.advance()
        feedback.check()
    frames = [f for f in frames if len(f)]
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in CANDIDATE_COLUMNS})
        return gpd.GeoDataFrame(empty, geometry=gpd.GeoSeries([], crs=site.crs), crs=site.crs)
    frame = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=site.crs)


def _for_bouwsteen(
    site: SiteContext,
    b: Bouwsteen,
    vocabulary: Vocabulary,
    rules: LayoutRules,
    run_lines: ObjectArray,
) -> pd.DataFrame:
    fits = parcel_fits(site, b)
    woody = is_woody(b, vocabulary)
    drawn = _Drawn([], [], [], [], [], [], [])
    used = np.zeros(site.edges.n_runs, dtype=bool)
    for pos in POSITION_ORDER:
        if pos not in b.positions:
            continue
        if pos in EDGE_POSITIONS:
            runs = np.flatnonzero(run_mask(site, b, pos, fits) & ~used)
            used[runs] = True
            offset = _offsets(site, b, woody, runs)
            if b.geometry is Geometry.LINE:
                _edge_strips(site, b, runs, offset, pos, drawn)
            else:
                _edge_blocks(site, b, runs, offset, pos, run_lines, rules, drawn)
        elif pos == "hoek":
            _corner_shapes(site, b, woody, corner_mask(site, fits), rules, drawn)
        else:
            _middle_shapes(site, b, woody, np.flatnonzero(middle_mask(site, fits)), drawn)
    if not drawn.geoms:
        return pd.DataFrame()
    return _clip_and_describe(site, b, woody, vocabulary, rules, drawn)


def _offsets(site: SiteContext, b: Bouwsteen, woody: bool, runs: IntArray) -> FloatArray:
    """How far in from the edge a strip starts (m)."""
    e, r = site.edges, site.rules
    flags = e.run_flags[runs]
    offset = np.zeros(len(runs))
    if "slootkant" not in b.positions:
        offset = np.where(flags & WATER, r.water_setback_m, offset)
    if woody:
        to_road = np.maximum(r.road_setback_m - e.run_road_m[runs], 0.0)
        offset = np.maximum(offset, np.where(flags & ROAD, to_road, 0.0))
    return offset


def _chunk_count(length: FloatArray, b: Bouwsteen) -> IntArray:
    """Return the number of chunks per run: about the typical length each, within min and max."""
    d = b.dimensions.length_m
    assert d is not None
    n = np.maximum(np.round(length / d.typical), 1)
    n = np.minimum(n, np.floor(length / d.min))
    if d.max is not None:
        n = np.maximum(n, np.ceil(length / d.max))
    return np.asarray(n, dtype=np.int64)


def _edge_strips(
    site: SiteContext,
    b: Bouwsteen,
    runs: IntArray,
    offset: FloatArray,
    position: str,
    drawn: _Drawn,
) -> None:
    e = site.edges
    n_chunks = np.zeros(e.n_runs, dtype=np.int64)
    n_chunks[runs] = _chunk_count(e.run_length[runs], b)
    pieces = np.flatnonzero(n_chunks[e.run] > 0)
    if not len(pieces):
        return
    run = e.run[pieces]
    before = np.cumsum(e.length) - e.length
    mid = before[pieces] - before[e.run_first[run]] + e.length[pieces] / 2
    chunk_len = e.run_length[run] / n_chunks[run]
    chunk = np.minimum((mid // chunk_len).astype(np.int64), n_chunks[run] - 1)
    new = np.r_[True, (run[1:] != run[:-1]) | (chunk[1:] != chunk[:-1])]
    group = np.cumsum(new) - 1
    lines = lines_from_pieces(group, e.x0[pieces], e.y0[pieces], e.x1[pieces], e.y1[pieces])
    first = pieces[new]
    last = pieces[np.r_[new[1:], True]]
    run_of = run[new]
    off = np.zeros(e.n_runs)
    off[runs] = offset
    width = strip_width(b)
    geoms = bands(lines, off[run_of], np.full(len(lines), width))
    geoms = _mitre(site, geoms, first, last, off[run_of] + width)
    drawn.add(geoms, e.parcel[first], position, width, "strip", run_of, chunk[new])


def _direction(e_x0: FloatArray, e_y0: FloatArray, e_x1: FloatArray, e_y1: FloatArray) -> (
        FloatArray):  # fmt: skip
    d = np.column_stack([e_x1 - e_x0, e_y1 - e_y0])
    return np.asarray(d / np.hypot(*d.T)[:, None], dtype=float)


def _mitre(
    site: SiteContext, geoms: ObjectArray, first: IntArray, last: IntArray, depth: FloatArray
) -> ObjectArray:
    """Cut strips on the bisector where their run turns left (a convex corner) at an end."""
    e = site.edges
    reach = 10 * depth + 10
    out = geoms.copy()
    at_start = e.turn_start[first] > 0.5
    if at_start.any():
        f = first[at_start]
        q = e.prev[f]
        wedge = wedges(
            np.column_stack([e.x0[f], e.y0[f]]),
            _direction(e.x0[f], e.y0[f], e.x1[f], e.y1[f]),
            -_direction(e.x0[q], e.y0[q], e.x1[q], e.y1[q]),
            reach[at_start],
        )
        out[at_start] = snapped.difference(out[at_start], wedge)
    nxt = e.next[last]
    at_end = e.turn_start[nxt] > 0.5
    if at_end.any():
        lp, n = last[at_end], nxt[at_end]
        wedge = wedges(
            np.column_stack([e.x1[lp], e.y1[lp]]),
            -_direction(e.x0[lp], e.y0[lp], e.x1[lp], e.y1[lp]),
            _direction(e.x0[n], e.y0[n], e.x1[n], e.y1[n]),
            reach[at_end],
        )
        out[at_end] = snapped.difference(out[at_end], wedge)
    return out


def _edge_blocks(
    site: SiteContext,
    b: Bouwsteen,
    runs: IntArray,
    offset: FloatArray,
    position: str,
    run_lines: ObjectArray,
    rules: LayoutRules,
    drawn: _Drawn,
) -> None:
    """Area and point bouwstenen against an edge: blocks centred along the run."""
    e = site.edges
    d = b.dimensions
    assert d.area_m2 is not None
    length = e.run_length[runs]
    if b.geometry is Geometry.POINT:
        radius = float(np.sqrt(d.area_m2.typical / np.pi))
        block, width = np.full(len(runs), 2 * radius), 2 * radius
        n = np.ones(len(runs), dtype=np.int64)
    else:
        width = strip_width(b)
        block = np.minimum(d.area_m2.typical / width, length)
        ok = block * width >= d.area_m2.min - 1e-9
        runs, offset, length, block = runs[ok], offset[ok], length[ok], block[ok]
        n = np.maximum(np.floor(length / block), 1).astype(np.int64)
    k = np.minimum(n, rules.blocks_per_run)
    rep = np.repeat(np.arange(len(runs)), k)
    j = np.arange(len(rep)) - np.repeat(np.cumsum(k) - k, k)
    # k evenly spread slots out of n: the j-th of k takes slot round(j (n-1) / (k-1)).
    slot = np.where(k[rep] > 1, np.round(j * (n[rep] - 1) / np.maximum(k[rep] - 1, 1)), 0)
    s = (slot + 0.5) * length[rep] / n[rep]
    # Direction from points a little before and after the centre (closed runs have equal ends).
    step = np.minimum(block[rep] / 2, length[rep] / 4)
    line = run_lines[runs[rep]]
    at = shapely.get_coordinates(shapely.line_interpolate_point(line, s))
    a = shapely.get_coordinates(shapely.line_interpolate_point(line, np.maximum(s - step, 0)))
    c = shapely.get_coordinates(
        shapely.line_interpolate_point(line, np.minimum(s + step, length[rep]))
    )
    axis = c - a
    norm = np.hypot(*axis.T)
    keep = norm > 1e-9
    axis = axis[keep] / norm[keep, None]
    at, rep, slot = at[keep], rep[keep], slot[keep]
    inward = np.column_stack([-axis[:, 1], axis[:, 0]])
    centre = at + inward * (offset[rep] + width / 2)[:, None]
    if b.geometry is Geometry.POINT:
        geoms = octagons(centre, np.full(len(rep), d.area_m2.typical))
        kind = "spot"
    else:
        geoms = rectangles(centre, axis, block[rep], np.full(len(rep), width))
        kind = "block"
    drawn.add(
        geoms, e.run_parcel[runs[rep]], position, width, kind, runs[rep], slot.astype(np.int64)
    )


def _corner_shapes(
    site: SiteContext,
    b: Bouwsteen,
    woody: bool,
    mask: npt.NDArray[np.bool_],
    rules: LayoutRules,
    drawn: _Drawn,
) -> None:
    e = site.edges
    c = np.flatnonzero(mask & (e.corner_angle >= rules.min_corner_deg))
    if not len(c):
        return
    sin = np.sin(np.radians(e.corner_angle[c]))
    u, v = e.corner_out[c], e.corner_in[c]
    # A shape next to the outgoing edge is shifted along v, away from it, and vice versa.
    shift_v = _offsets(site, b, woody, e.corner_out_run[c]) / sin
    shift_u = _offsets(site, b, woody, e.corner_in_run[c]) / sin
    corner, parcel = e.corner_xy[c], e.corner_parcel[c]
    d = b.dimensions
    if b.geometry is Geometry.LINE:
        assert d.length_m is not None and d.width_m is not None
        leg = np.full(len(c), d.length_m.typical if d.length_m.max is None else min(
            d.length_m.typical, d.length_m.max))  # fmt: skip
        w = np.full(len(c), d.width_m.typical)
        one = parallelograms(corner, u, v, leg, w / sin, shift_u, shift_v)
        two = parallelograms(corner, u, v, w / sin, leg, shift_u, shift_v)
        both = np.concatenate([one, two])
        drawn.add(both, np.r_[parcel, parcel], "hoek", d.width_m.typical, "strip")
        return
    assert d.area_m2 is not None
    if b.geometry is Geometry.POINT:
        r = float(np.sqrt(d.area_m2.typical / np.pi))
        centre = (
            corner + u * (shift_u + 2 * r / sin)[:, None] + v * (shift_v + 2 * r / sin)[:, None]
        )
        drawn.add(
            octagons(centre, np.full(len(c), d.area_m2.typical)), parcel, "hoek", 2 * r, "spot"
        )
        return
    if d.width_m is not None:
        side_v = np.full(len(c), d.width_m.typical / sin)
        side_u = np.maximum(d.area_m2.typical / (d.width_m.typical * sin), side_v)
    else:
        side_u = side_v = np.sqrt(d.area_m2.typical / sin)
    geoms = parallelograms(corner, u, v, side_u, side_v, shift_u, shift_v)
    drawn.add(geoms, parcel, "hoek", side_v * sin, "block")


def _middle_shapes(
    site: SiteContext, b: Bouwsteen, woody: bool, parcels: IntArray, drawn: _Drawn
) -> None:
    if not len(parcels):
        return
    placeable = (site.placeable_woody if woody else site.placeable)[parcels]
    has_room = ~shapely.is_empty(placeable)
    parcels, placeable = parcels[has_room], placeable[has_room]
    if not len(parcels):
        return
    circle = shapely.maximum_inscribed_circle(placeable, tolerance=1.0)
    centre = shapely.get_coordinates(shapely.get_point(circle, 0))
    ax, ay, _ = parcel_axes(np.asarray(site.parcels.geometry.array, dtype=object)[parcels])
    axis = np.column_stack([ax, ay])
    d = b.dimensions
    n = len(parcels)
    if b.geometry is Geometry.LINE:
        assert d.length_m is not None and d.width_m is not None
        w = d.width_m.typical
        geoms = rectangles(centre, axis, np.full(n, d.length_m.typical), np.full(n, w))
        drawn.add(geoms, parcels, "midden_perceel", w, "strip")
        return
    assert d.area_m2 is not None
    if b.geometry is Geometry.POINT:
        r = float(np.sqrt(d.area_m2.typical / np.pi))
        drawn.add(octagons(centre, np.full(n, d.area_m2.typical)), parcels, "midden_perceel",
                  2 * r, "spot")  # fmt: skip
        return
    area = shapely.area(placeable)
    whole = (area <= 1.5 * d.area_m2.typical) & (area >= d.area_m2.min)
    if d.area_m2.max is not None:
        whole &= area <= d.area_m2.max
    if d.width_m is not None:
        w = d.width_m.typical
        side = d.area_m2.typical / w
    else:
        w = side = float(np.sqrt(d.area_m2.typical))
    geoms = rectangles(centre, axis, np.full(n, side), np.full(n, w))
    geoms[whole] = placeable[whole]
    kind = np.where(whole, "whole", "block")
    for k in ("whole", "block"):
        sel = kind == k
        if sel.any():
            drawn.add(geoms[sel], parcels[sel], "midden_perceel", w, k)


def _clip_and_describe(
    site: SiteContext,
    b: Bouwsteen,
    woody: bool,
    vocabulary: Vocabulary,
    rules: LayoutRules,
    drawn: _Drawn,
) -> pd.DataFrame:
    """Clip the drawn shapes to the placeable land; keep the proper ones; add sizes and costs."""
    geoms = np.concatenate(drawn.geoms)
    parcel = np.concatenate(drawn.parcel)
    placeable = (site.placeable_woody if woody else site.placeable)[parcel]
    drawn_area = shapely.area(geoms)
    clipped = snapped.intersection(shapely.make_valid(geoms), placeable)
    parts, owner = polygon_parts(clipped, np.arange(len(geoms)))
    kind = np.concatenate(drawn.kind)[owner]
    width = np.concatenate(drawn.width)[owner]
    area = shapely.area(parts)
    perimeter = shapely.length(parts)
    d = b.dimensions
    if b.geometry is Geometry.LINE:
        assert d.length_m is not None
        ok = (area / width >= d.length_m.min - 1e-6) & strip_like(
            area, perimeter, width, rules.sliver_ratio
        )
    else:
        assert d.area_m2 is not None
        full = area >= drawn_area[owner] * (
            0.999 if b.geometry is Geometry.POINT else rules.min_fill
        )
        ok = (area >= d.area_m2.min - 1e-6) & full
        ok &= (
            (kind == "whole")
            | (kind == "spot")
            | strip_like(area, perimeter, width, rules.sliver_ratio)
        )
    parts, owner, kind, width, area = parts[ok], owner[ok], kind[ok], width[ok], area[ok]
    parcel = parcel[owner]
    length = np.where(kind == "spot", 0.0, area / width)
    pieces = np.ones(len(parts), dtype=np.int64)
    if d.spacing_m is not None:
        pieces = np.maximum(np.round(length / d.spacing_m.typical), 1).astype(np.int64)
    aanleg, known_a = _cost(b.costs.aanleg, length, area, pieces)
    beheer, known_b = _cost(b.costs.beheer_per_year, length, area, pieces)
    on_erf = site.parcels["is_erf"].to_numpy(dtype=bool)[parcel]
    counts = b.counts_as != "none"
    category = str(vocabulary.get(b.counts_as).category) if counts else ""
    return pd.DataFrame(
        {
            "bouwsteen_id": b.id,
            "position": np.concatenate(drawn.position)[owner],
            "parcel": parcel,
            "parcel_id": site.parcels["parcel_id"].to_numpy()[parcel],
            "run": np.concatenate(drawn.run)[owner],
            "chunk": np.concatenate(drawn.chunk)[owner],
            "length_m": length,
            "width_m": width,
            "area_m2": area,
            "n_pieces": pieces,
            "woody": woody,
            "counts_as": b.counts_as,
            "category": category,
            "hedge_m": length if is_hedge(b) else np.zeros(len(parts)),
            # Erven and features already there (a ditch managed differently) take no farmland.
            "productive_m2": np.where(on_erf | b.on_existing_feature, 0.0, area),
            "aanleg_eur": aanleg,
            "beheer_eur_per_year": beheer,
            "cost_known": known_a & known_b,
            "geometry": parts,
        }
    )


def _cost(
    cost: Cost, length: FloatArray, area: FloatArray, pieces: IntArray
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Cost in EUR per candidate, by the cost's unit; NaN where the catalogue has no amount.

    ``eur_per_m`` counts the element's length (for blocks: their length along the edge),
    ``eur_per_m2`` and ``eur_per_ha`` its area, ``eur_per_piece`` its trees (length / spacing)
    when the bouwsteen has a spacing, else one per element.
    """
    n = len(length)
    if cost.unknown or cost.amount is None:
        return np.full(n, np.nan), np.zeros(n, dtype=bool)
    quantity = {
        "eur_per_m": length,
        "eur_per_m2": area,
        "eur_per_ha": area / 10_000,
        "eur_per_piece": pieces.astype(float),
    }[cost.unit]
    return cost.amount * quantity, np.ones(n, dtype=bool)


def conflict_pairs(candidates: gpd.GeoDataFrame, tolerance_m2: float = 1e-6) -> IntArray:
    """Pairs (i, j), i < j, of candidates that overlap by more than ``tolerance_m2``.

    Strips cut on a shared bisector, or touching end to end, do not conflict.
    """
    geoms = np.asarray(candidates.geometry.array, dtype=object)
    if len(geoms) < 2:
        return np.empty((2, 0), dtype=np.int64)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    overlap = shapely.area(snapped.intersection(geoms[left], geoms[right]))
    sel = overlap > tolerance_m2
    return np.vstack([left[sel], right[sel]]).astype(np.int64)
