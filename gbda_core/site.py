"""A planning site and what is known around it: parcels, edges, soil, wetness, elements.

A *site* is one or more parcels (or a farm polygon). Context layers say what lies around and in
it: water (ditches), roads, buildings, erven (farmyards), kades, existing landscape elements, and
soil or wetness classes. From them :func:`build_site` derives, per parcel:

- the *land*: the parcel without water, roads and buildings lying inside it;
- the *placeable* land: the land without existing elements and setback zones (see
  :class:`SiteRules`);
- soil and wetness, from a value for the whole site or by majority area from a layer;
- the edges, cut into runs by what they border within a set distance (:mod:`gbda_core.edges`).

Erven inside the site become parcels of their own (``is_erf``): only bouwstenen for the erf are
placed there, and their land is not productive.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from gbda_core import snapped
from gbda_core.edges import Edges, classify_edges
from gbda_core.errors import InputError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.geometry import build_footprints, concat, polygonal_part_or_self, repair_reported
from gbda_core.mapping import assign_element_types, read_widths
from gbda_core.problems import Problem, problem_for_rows
from gbda_core.readers.ogr import to_working_crs, working_crs
from gbda_core.share import ElementLayer
from gbda_core.soilwater import classify_values, majority_class
from gbda_core.vocabulary import Vocabulary, load_vocabulary

#: Kinds of context layer a site can have.
GEOMETRY_KINDS = ("water", "road", "building", "erf", "kade")
CONTEXT_KINDS = (*GEOMETRY_KINDS, "elements", "soil", "wetness")

ObjectArray = npt.NDArray[np.object_]


@dataclass(frozen=True)
class SiteRules:
    """Distances that decide what an edge borders and where elements may go (all in m).

    Every default is an assumption (no Dutch norm was found); change them per region.

    Attributes
    ----------
    water_m, road_m, building_m, erf_m, kade_m, parcel_m
        An edge borders a kind when a feature of it lies within this distance straight out of
        the parcel. Water and erven: 5 m (a ditch lies at the parcel edge; a schouwpad fits in
        between). Roads and buildings: 10 m (a road often lies behind a ditch and a berm).
        Kades 5 m. Another parcel 2 m (only a boundary line between).
    piece_m
        Edges are cut into pieces of at most this length; runs and element ends fall on piece
        ends.
    corner_deg
        A boundary vertex turning by at least this angle (degrees) is a corner.
    simplify_m
        Boundary simplification before edges are found (removes digitising jitter; elements
        are still clipped to the exact land).
    elongated
        Length/width ratio from which a parcel has short sides (kopakkers).
    occupied_m
        An edge counts as taken by an existing element when one lies within this distance
        inside the parcel.
    water_setback_m
        Elements that do not belong on the ditch bank (no ``slootkant`` position) keep this
        distance from a ditch-side edge: room for ditch cleaning.
    road_setback_m
        Woody elements keep this distance from a road (obstacle-free verge).
    building_setback_m
        All elements keep this distance from buildings.
    """

    water_m: float = 5.0
    road_m: float = 10.0
    building_m: float = 10.0
    erf_m: float = 5.0
    kade_m: float = 5.0
    parcel_m: float = 2.0
    piece_m: float = 5.0
    corner_deg: float = 30.0
    simplify_m: float = 0.25
    elongated: float = 1.5
    occupied_m: float = 3.0
    water_setback_m: float = 1.0
    road_setback_m: float = 2.0
    building_setback_m: float = 3.0

    def distances(self) -> dict[str, float]:
        """Probe length per context kind (m)."""
        return {
            "water": self.water_m,
            "road": self.road_m,
            "building": self.building_m,
            "erf": self.erf_m,
            "kade": self.kade_m,
            "parcel": self.parcel_m,
        }


@dataclass
class SiteContext:
    """A site ready for suggestions and layout.

    Attributes
    ----------
    parcels
        One row per parcel: ``parcel_id``, ``is_erf``, ``soil``, ``wetness`` (None when
        unknown), ``area_m2`` (land), geometry = the land (EPSG of ``crs``).
    placeable, placeable_woody
        Placeable land per parcel, for non-woody and for woody elements (woody ones keep the
        road setback too).
    edges
        Classified boundary pieces, runs and corners of the land.
    area
        The whole site (union of the parcels): the area whose share is computed.
    elements
        Existing element layers, as the share engine reads them.
    footprints
        Footprints of the existing elements (what placed elements must not overlap).
    footprint_types
        Element type code of each footprint.
    given
        The context kinds that were given (a position needing a missing kind is not judged).
    rules
        The distances used.
    problems
        Data problems found while reading (unknown soil values, repaired geometries, ...).
    crs
        The working CRS.
    """

    parcels: gpd.GeoDataFrame
    placeable: ObjectArray
    placeable_woody: ObjectArray
    edges: Edges
    area: shapely.Geometry
    elements: list[ElementLayer]
    footprints: ObjectArray
    footprint_types: npt.NDArray[np.str_]
    given: frozenset[str]
    rules: SiteRules
    crs: Any
    problems: list[Problem] = field(default_factory=list)

    @property
    def area_m2(self) -> float:
        """Area of the whole site (m²)."""
        return float(shapely.area(self.area))

    def fractions(
        self, attribute: str, parcels: npt.NDArray[np.bool_] | None = None
    ) -> dict[str, float]:
        """Share of the land (0-1) per soil or wetness class, ``"?"`` = unknown.

        ``parcels`` limits it to some parcels (a mask over :attr:`parcels`); default all.
        """
        frame = self.parcels if parcels is None else self.parcels[parcels]
        total = float(frame["area_m2"].sum())
        if total <= 0:
            return {}
        sums = frame.groupby(frame[attribute].fillna("?"), sort=True)["area_m2"].sum()
        return {str(k): float(v) / total for k, v in sums.items()}


def build_site(
    parcels: gpd.GeoDataFrame,
    *,
    id_field: str | None = None,
    context: Mapping[str, Sequence[gpd.GeoDataFrame]] | None = None,
    elements: Sequence[ElementLayer] = (),
    soil: str | None = None,
    wetness: str | None = None,
    soil_field: str | None = None,
    wetness_field: str | None = None,
    rules: SiteRules | None = None,
    vocabulary: Vocabulary | None = None,
    crs: str | None = None,
    feedback: Feedback = SILENT,
) -> SiteContext:
    """Derive a site's context from its parcels and context layers.

    Parameters
    ----------
    parcels
        Parcel polygons (or one farm polygon).
    id_field
        Field with parcel ids (default: the row index).
    context
        Context kind (``water``, ``road``, ``building``, ``erf``, ``kade``, ``soil``,
        ``wetness``) to one or more layers. Lines and points are buffered by 0.5 m.
    elements
        Existing landscape elements (type and width read as the share engine does).
    soil, wetness
        One class for the whole site (``veen``/``klei``/``zand``; ``nat``/``vochtig``/
        ``droog``); wins over a soil or wetness layer.
    soil_field, wetness_field
        Field of the soil or wetness layer with the class (default: found by its values).
    rules
        Distances and setbacks (default :class:`SiteRules`).
    vocabulary
        Element vocabulary for the existing elements (default: the shipped one).
    crs
        Working CRS (projected, metric; default EPSG:28992).
    feedback
        Progress and cancellation.
    """
    rules = rules or SiteRules()
    vocabulary = vocabulary or load_vocabulary()
    target = working_crs(crs)
    context = {k: list(v) for k, v in (context or {}).items()}
    unknown = sorted(set(context) - set(CONTEXT_KINDS))
    if unknown:
        raise InputError(
            f"unknown context kind {unknown[0]!r}", hint=f"kinds are: {', '.join(CONTEXT_KINDS)}"
        )
    problems: list[Problem] = []
    feedback.step("reading the site")
    site_ids, site_geoms, site_problems = _site_parcels(parcels, id_field, target)
    problems += site_problems
    geoms: dict[str, ObjectArray] = {}
    for kind in GEOMETRY_KINDS:
        frames = context.get(kind, [])
        geoms[kind], kind_problems = _context_polygons(frames, target, kind)
        problems += kind_problems
    footprints, footprint_types, element_problems = _element_footprints(
        elements, vocabulary, target
    )
    problems += element_problems

    ids, land_geoms, is_erf = _split_erven(site_ids, site_geoms, geoms["erf"])
    feedback.step("deriving the site context")
    obstacles = np.concatenate([geoms["water"], geoms["road"], geoms["building"]])
    land = subtract(land_geoms, obstacles)
    near_buildings = _outer_buffer(geoms["building"], rules.building_setback_m)
    placeable = subtract(land, np.concatenate([footprints, near_buildings]))
    near_roads = _outer_buffer(geoms["road"], rules.road_setback_m)
    placeable_woody = subtract(placeable, near_roads)
    feedback.check()

    frame = gpd.GeoDataFrame(
        {
            "parcel_id": ids,
            "is_erf": is_erf,
            "area_m2": shapely.area(land),
        },
        geometry=land,
        crs=target,
    )
    for attribute, value, fld in (("soil", soil, soil_field), ("wetness", wetness, wetness_field)):
        classes, class_problems = _classes_per_parcel(
            attribute, value, context.get(attribute, []), fld, land, target, ids
        )
        if value is not None and attribute == "wetness":
            # A farmyard lies higher than its fields: a wetness given for the site describes
            # the fields; on the erf it stays unknown (a wetness layer can still say).
            classes = [None if erf else c for c, erf in zip(classes, is_erf, strict=True)]
        # Object, so that an unknown class stays None (pandas 3 infers str, with NaN).
        frame[attribute] = pd.Series(classes, index=frame.index, dtype=object)
        problems += class_problems

    edges = classify_edges(
        land,
        land_geoms,
        is_erf,
        {k: geoms[k] for k in GEOMETRY_KINDS},
        footprints,
        distances=rules.distances(),
        piece_m=rules.piece_m,
        corner_deg=rules.corner_deg,
        simplify_m=rules.simplify_m,
        elongated=rules.elongated,
        occupied_m=rules.occupied_m,
    )
    given = {k for k in GEOMETRY_KINDS if context.get(k)}
    given |= {k for k, v in (("soil", soil), ("wetness", wetness)) if v or context.get(k)}
    if elements:
        given.add("elements")
    return SiteContext(
        parcels=frame,
        placeable=placeable,
        placeable_woody=placeable_woody,
        edges=edges,
        area=snapped.union_all(site_geoms),
        elements=list(elements),
        footprints=footprints,
        footprint_types=footprint_types,
        given=frozenset(given),
        rules=rules,
        crs=target,
        problems=problems,
    )


def subtract(geoms: ObjectArray, others: ObjectArray) -> ObjectArray:
    """Return each geometry minus every one of ``others`` it meets (polygons, vectorised).

    Works in rounds: round *r* takes away the *r*-th neighbour of every geometry at once, so
    the number of shapely calls is the largest number of neighbours, not the number of pairs.
    """
    out = np.asarray(geoms, dtype=object).copy()
    others = np.asarray(others, dtype=object)
    if not len(out) or not len(others):
        return out
    left, right = shapely.STRtree(others).query(out, predicate="intersects")
    if not len(left):
        return out
    order = np.lexsort((right, left))
    left, right = left[order], right[order]
    first = np.r_[True, left[1:] != left[:-1]]
    rank = np.arange(len(left)) - np.flatnonzero(first)[np.cumsum(first) - 1]
    for r in range(int(rank.max()) + 1):
        sel = rank == r
        out[left[sel]] = snapped.difference(out[left[sel]], others[right[sel]])
    return polygonal_part_or_self(out)


def _site_parcels(
    parcels: gpd.GeoDataFrame, id_field: str | None, target: Any
) -> tuple[npt.NDArray[np.str_], ObjectArray, list[Problem]]:
    source, layer = str(parcels.attrs.get("source", "")), str(parcels.attrs.get("layer", ""))
    if id_field is not None and id_field not in parcels.columns:
        raise InputError(
            f"site id field {id_field!r} not found",
            source=source or None,
            layer=layer or None,
            hint=f"fields are: {', '.join(c for c in parcels.columns if c != 'geometry')}",
        )
    frame = to_working_crs(parcels, target, source=source or None, layer=layer or None)
    if not len(frame):
        raise InputError("the site layer has no features", source=source or None, layer=layer)
    geoms, missing, problems = repair_reported(
        np.asarray(frame.geometry.array, dtype=object),
        frame.index.to_numpy(),
        "site parcel",
        source=source,
        layer=layer,
    )
    geoms = polygonal_part_or_self(geoms)
    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6)) & ~missing
    if not polygonal.any():
        raise InputError(
            "the site layer has no polygons",
            source=source or None,
            layer=layer or None,
            hint="give parcels or a farm polygon",
        )
    if (~polygonal & ~missing).any():
        problems.append(
            problem_for_rows(
                "not_a_polygon",
                frame.index.to_numpy()[~polygonal & ~missing],
                "site feature is not a polygon; left out",
                "skipped",
                source=source,
                layer=layer,
            )
        )
    ids = frame[id_field] if id_field else pd.Series(frame.index, index=frame.index)
    return ids.astype(str).to_numpy()[polygonal], geoms[polygonal], problems


def _context_polygons(
    frames: Sequence[gpd.GeoDataFrame], target: Any, kind: str
) -> tuple[ObjectArray, list[Problem]]:
    """Polygons of one context kind; lines and points become 0.5 m buffers."""
    parts: list[ObjectArray] = []
    problems: list[Problem] = []
    for frame in frames:
        source, layer = str(frame.attrs.get("source", "")), str(frame.attrs.get("layer", ""))
        frame = to_working_crs(frame, target, source=source or None, layer=layer or None)
        geoms, missing, found = repair_reported(
            np.asarray(frame.geometry.array, dtype=object),
            frame.index.to_numpy(),
            f"{kind} feature",
            source=source,
            layer=layer,
        )
        problems += found
        geoms = geoms[~missing]
        not_polygon = ~np.isin(shapely.get_type_id(geoms), (3, 6))
        geoms[not_polygon] = shapely.buffer(geoms[not_polygon], 0.5)
        parts.append(polygonal_part_or_self(geoms))
    return (np.concatenate(parts) if parts else np.empty(0, dtype=object)), problems


def _element_footprints(
    layers: Sequence[ElementLayer], vocabulary: Vocabulary, target: Any
) -> tuple[ObjectArray, npt.NDArray[np.str_], list[Problem]]:
    """Footprints of existing elements and their type codes, built as the share engine does."""
    parts, problems = [], []
    for i, el in enumerate(layers):
        where = {"source": el.source, "layer": el.layer}
        frame = to_working_crs(el.frame, target, source=el.source or None, layer=el.layer or None)
        for fld in (el.type_field, el.width_field):
            if fld is not None and fld not in frame.columns:
                raise InputError(
                    f"element field {fld!r} not found",
                    source=el.source or None,
                    layer=el.layer or None,
                    hint=f"fields are: {', '.join(c for c in frame.columns if c != 'geometry')}",
                )
        type_index, _ = assign_element_types(
            frame[el.type_field], mapping=el.mapping, vocabulary=vocabulary, **where
        )
        widths = (
            read_widths(frame[el.width_field], field=el.width_field, **where)[0]
            if el.width_field
            else np.full(len(frame), np.nan)
        )
        ok = type_index >= 0
        fp, fp_problems = build_footprints(
            np.asarray(frame.geometry.array, dtype=object)[ok],
            type_index[ok],
            widths[ok],
            vocabulary,
            rows=frame.index.to_numpy()[ok],
            layer_index=i,
            source=el.source,
            layer=el.layer,
        )
        parts.append(fp)
        problems += fp_problems
    # Type problems (unmapped values) are reported once, by the share engine.
    fp = concat(parts)
    codes = np.array(vocabulary.codes, dtype=str)[fp.type_index]
    return fp.footprint, codes, problems


def _split_erven(
    ids: npt.NDArray[np.str_], geoms: ObjectArray, erven: ObjectArray
) -> tuple[npt.NDArray[np.str_], ObjectArray, npt.NDArray[np.bool_]]:
    """Cut erven out of the parcels; the erf parts inside the site become parcels of their own."""
    if not len(erven):
        return ids, geoms, np.zeros(len(ids), dtype=bool)
    fields = subtract(geoms, erven)
    tree = shapely.STRtree(erven)
    left, right = tree.query(geoms, predicate="intersects")
    # An erf touching the parcel along a line as well gives a polygon-and-line collection.
    pieces = snapped.parts_of_dimension(
        snapped.intersection(geoms[left], erven[right]), np.full(len(left), 2)
    )
    keep = shapely.area(pieces) > 1.0
    pieces = pieces[keep]
    erf_ids = np.array([f"{ids[a]}/erf{b}" for a, b in zip(left[keep], right[keep], strict=True)])
    nonempty = shapely.area(fields) > 1.0
    return (
        np.concatenate([ids[nonempty], erf_ids]).astype(str),
        np.concatenate([fields[nonempty], pieces]),
        np.r_[np.zeros(int(nonempty.sum()), dtype=bool), np.ones(len(pieces), dtype=bool)],
    )


def _classes_per_parcel(
    attribute: str,
    value: str | None,
    frames: Sequence[gpd.GeoDataFrame],
    field_name: str | None,
    land: ObjectArray,
    target: Any,
    ids: npt.NDArray[np.str_],
) -> tuple[list[str | None], list[Problem]]:
    """Soil or wetness class per parcel: the site value, else the majority class of a layer."""
    if value is not None:
        (cls,), problems = classify_values(attribute, pd.Series([value]), source="--" + attribute)
        if cls is None:
            raise InputError(
                f"unknown {attribute} {value!r}",
                hint="soil: veen, klei or zand; wetness: nat, vochtig or droog",
            )
        return [cls] * len(land), problems
    if not frames:
        return [None] * len(land), []
    return majority_class(attribute, frames, field_name, land, target, list(ids))


#: Segments per quarter circle of setback buffers.
_QUAD_SEGS = 32


def _outer_buffer(geoms: ObjectArray, distance: float) -> ObjectArray:
    """Setback zone that holds every point nearer than ``distance`` (m).

    A buffer draws its arcs as chords between points on the circle, up to r·(1 − cos(π/4n))
    inside it (1.5 cm at 2 m with GEOS's default n = 8). With n = 32 and the radius widened by
    1/cos(π/4n), every chord lies on or outside the circle; straight sides move out 0.03 %.
    """
    widened = distance / np.cos(np.pi / (4 * _QUAD_SEGS))
    return np.asarray(shapely.buffer(geoms, widened, quad_segs=_QUAD_SEGS), dtype=object)
