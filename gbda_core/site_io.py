"""Read a site and its context layers from files (any OGR source, ``file|layername=L`` allowed).

A context layer is given as ``KIND=PATH`` (kinds: water, road, building, erf, kade, elements,
soil, wetness) or as a bare ``PATH`` whose layer or file name says what it holds: a name part
such as ``sloten``/``water``/``waterdeel``, ``wegen``/``wegdeel``/``bermen``,
``gebouwen``/``pand``, ``erven``/``erf``, ``kades``/``dijk``, ``elementen``, ``bodem``/``soil``
or ``grondwatertrap``/``gt``/``wetness`` (see :data:`NAME_HINTS`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from gbda_core.errors import InputError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.jobs import read_tagged
from gbda_core.mapping import load_type_mapping
from gbda_core.readers.ogr import LayerSpec, layer_fields, parse_layer_spec
from gbda_core.share import ElementLayer
from gbda_core.site import CONTEXT_KINDS, SiteContext, SiteRules, build_site
from gbda_core.vocabulary import Vocabulary, load_vocabulary

#: Name parts that reveal a context layer's kind when no ``KIND=`` is given.
NAME_HINTS = {
    "water": ("sloot", "sloten", "water", "waterdeel", "waterlopen", "watergang", "ditches"),
    "road": ("weg", "wegen", "wegdeel", "road", "roads", "berm", "bermen"),
    "building": ("gebouw", "gebouwen", "pand", "panden", "building", "buildings"),
    "erf": ("erf", "erven", "farmyard", "farmyards"),
    "kade": ("kade", "kades", "dijk", "dijken", "dike", "dikes"),
    "elements": ("element", "elementen", "elements", "landschapselementen"),
    "soil": ("bodem", "bodemkaart", "soil", "soils", "grondsoort"),
    "wetness": ("wetness", "gt", "grondwatertrap", "grondwatertrappen", "vochttoestand"),
}


@dataclass(frozen=True)
class ContextSpec:
    """A context layer and what it holds."""

    kind: str
    layer: LayerSpec


def parse_context(text: str | ContextSpec) -> ContextSpec:
    """Parse ``KIND=PATH[|layername=L]``, or a bare path whose name reveals the kind."""
    if isinstance(text, ContextSpec):
        return text
    head, sep, rest = text.partition("=")
    if sep and "|" not in head and head.strip().lower() in CONTEXT_KINDS:
        return ContextSpec(head.strip().lower(), parse_layer_spec(rest))
    spec = parse_layer_spec(text)
    name = spec.layer or spec.path.stem
    words = set(re.split(r"[^a-z0-9]+", name.lower()))
    kinds = sorted(k for k, hints in NAME_HINTS.items() if words & set(hints))
    if len(kinds) != 1:
        raise InputError(
            f"cannot tell what context layer {name!r} holds"
            + (f" ({' or '.join(kinds)}?)" if kinds else ""),
            source=str(spec.path),
            hint=f"write KIND=PATH with KIND one of {', '.join(CONTEXT_KINDS)}",
        )
    return ContextSpec(kinds[0], spec)


def site_from_files(
    site: str | Path | LayerSpec,
    *,
    id_field: str | None = None,
    context: Sequence[str | ContextSpec] = (),
    soil: str | None = None,
    wetness: str | None = None,
    soil_field: str | None = None,
    wetness_field: str | None = None,
    type_field: str = "element_type",
    width_field: str | None = None,
    mapping: str | Path | None = None,
    rules: SiteRules | None = None,
    vocabulary: Vocabulary | None = None,
    crs: str | None = None,
    assume_crs: str | None = None,
    feedback: Feedback = SILENT,
) -> SiteContext:
    """Read the site and its context layers and derive the site context.

    Parameters
    ----------
    site
        Parcels or a farm polygon: ``PATH`` or ``PATH|layername=L``.
    id_field
        Field with parcel ids (default: the feature ids).
    context
        Context layers, ``KIND=PATH`` or a telling ``PATH`` (see :data:`NAME_HINTS`).
    soil, wetness, soil_field, wetness_field, rules, vocabulary, crs, feedback
        See :func:`gbda_core.site.build_site`.
    type_field, width_field, mapping
        How to read existing element layers (as ``gbda share`` does): the type field, an
        optional width field (m; used where a layer has it) and a type mapping file.
    assume_crs
        CRS of layers that have none.
    """
    vocabulary = vocabulary or load_vocabulary()
    type_mapping = load_type_mapping(mapping, vocabulary) if mapping else None
    feedback.step("reading the site and context layers")
    columns = [id_field] if id_field else []
    parcels = read_tagged(site, columns=columns, crs=crs, assume_crs=assume_crs, what="site layer")
    frames: dict[str, list[gpd.GeoDataFrame]] = {}
    elements: list[ElementLayer] = []
    for item in context:
        spec = parse_context(item)
        what = f"{spec.kind} layer"
        if spec.kind == "elements":
            has_width = width_field is not None and width_field in layer_fields(spec.layer, what)
            wanted = [type_field] + ([width_field] if has_width and width_field else [])
            frame = read_tagged(spec.layer, columns=wanted, crs=crs, assume_crs=assume_crs,
                                what=what)  # fmt: skip
            elements.append(
                ElementLayer(
                    frame,
                    type_field=type_field,
                    width_field=width_field if has_width else None,
                    mapping=type_mapping,
                    source=frame.attrs["source"],
                    layer=frame.attrs["layer"],
                )
            )
            continue
        wanted_cols: list[str] | None = None if spec.kind in ("soil", "wetness") else []
        frame = read_tagged(spec.layer, columns=wanted_cols, crs=crs, assume_crs=assume_crs,
                            what=what)  # fmt: skip
        frames.setdefault(spec.kind, []).append(frame)
    return build_site(
        parcels,
        id_field=id_field,
        context=frames,
        elements=elements,
        soil=soil,
        wetness=wetness,
        soil_field=soil_field,
        wetness_field=wetness_field,
        rules=rules,
        vocabulary=vocabulary,
        crs=crs,
        feedback=feedback,
    )
