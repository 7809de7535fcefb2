"""File-level entry points: read the layers, compute, return the result.

The CLI, the demo, the benchmarks and the QGIS plugin's Processing algorithms all go through
these functions, so paths, layer names and exclusion kinds behave the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from gbda_core.denominator import EXCLUSION_KINDS
from gbda_core.errors import InputError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.mapping import load_type_mapping
from gbda_core.readers.boxes import Boxes
from gbda_core.readers.ogr import LayerSpec, layer_fields, parse_layer_spec, read_layer
from gbda_core.share import ElementLayer, Mode, ShareResult, compute_share
from gbda_core.targets import Targets
from gbda_core.vocabulary import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from gbda_core.distributed import DaskOptions


@dataclass(frozen=True)
class ExclusionSpec:
    """An exclusion layer and the kind of land it holds."""

    kind: str
    layer: LayerSpec


def parse_exclusion(text: str) -> ExclusionSpec:
    """Parse ``KIND=PATH[|layername=L]`` or a bare ``PATH`` (kind ``other``, always left out)."""
    head, sep, rest = text.partition("=")
    if sep and "|" not in head and head.strip().lower() in EXCLUSION_KINDS:
        return ExclusionSpec(head.strip().lower(), parse_layer_spec(rest))
    return ExclusionSpec("other", parse_layer_spec(text))


def read_tagged(
    spec: str | Path | LayerSpec,
    *,
    columns: Sequence[str] | None = None,
    crs: str | None = None,
    assume_crs: str | None = None,
    what: str = "layer",
    boxes: Boxes | None = None,
) -> gpd.GeoDataFrame:
    """Read a layer and remember where it came from (for problem reports)."""
    layer_spec = parse_layer_spec(spec)
    frame = read_layer(
        layer_spec, columns=columns, crs=crs, assume_crs=assume_crs, what=what, boxes=boxes
    )
    frame.attrs["source"] = str(layer_spec.path)
    frame.attrs["layer"] = layer_spec.layer or ""
    return frame


def read_elements(
    elements: Sequence[str | Path | LayerSpec],
    *,
    type_field: str = "element_type",
    width_field: str | None = None,
    type_mapping: dict[str, str] | None = None,
    crs: str | None = None,
    assume_crs: str | None = None,
    boxes: Boxes | None = None,
) -> list[ElementLayer]:
    """Read element layers with their type (and, where a layer has it, width) field.

    A width field only matters for line layers: layers without it use the type defaults, but
    a name that no layer has is a typo and is refused. With ``boxes`` (m, working CRS) only
    features whose envelope meets one of them are read.
    """
    has_width = [
        width_field is not None and width_field in layer_fields(spec, "element layer")
        for spec in elements
    ]
    if width_field is not None and not any(has_width):
        raise InputError(
            f"no element layer has the width field {width_field!r}",
            hint="check --width-field, or leave it out to use the type defaults",
        )
    layers = []
    for spec, with_width in zip(elements, has_width, strict=True):
        wanted = [type_field] + ([width_field] if with_width and width_field else [])
        frame = read_tagged(
            spec, columns=wanted, crs=crs, assume_crs=assume_crs, what="element layer", boxes=boxes
        )
        layers.append(
            ElementLayer(
                frame,
                type_field=type_field,
                width_field=width_field if with_width else None,
                mapping=type_mapping,
                source=frame.attrs["source"],
                layer=frame.attrs["layer"],
            )
        )
    return layers


def read_denominator_layers(
    exclude: Sequence[str | ExclusionSpec],
    rural: str | Path | LayerSpec | None,
    *,
    crs: str | None = None,
    assume_crs: str | None = None,
    boxes: Boxes | None = None,
) -> tuple[dict[str, gpd.GeoDataFrame], gpd.GeoDataFrame | None]:
    """Read the exclusion layers (by kind; layers of one kind are joined) and the rural layer."""
    exclusions: dict[str, gpd.GeoDataFrame] = {}
    for item in exclude:
        ex = item if isinstance(item, ExclusionSpec) else parse_exclusion(item)
        frame = read_tagged(
            ex.layer,
            columns=[],
            crs=crs,
            assume_crs=assume_crs,
            what=f"{ex.kind} layer",
            boxes=boxes,
        )
        if ex.kind in exclusions:
            frame = gpd.GeoDataFrame(
                pd.concat([exclusions[ex.kind], frame], ignore_index=True), crs=frame.crs
            )
        exclusions[ex.kind] = frame
    rural_frame = (
        read_tagged(
            rural,
            columns=[],
            crs=crs,
            assume_crs=assume_crs,
            what="rural-area layer",
            boxes=boxes,
        )
        if rural is not None
        else None
    )
    return exclusions, rural_frame


def share_from_files(
    areas: str | Path | LayerSpec,
    elements: Sequence[str | Path | LayerSpec],
    *,
    id_field: str,
    type_field: str = "element_type",
    width_field: str | None = None,
    mapping: str | Path | None = None,
    exclude: Sequence[str | ExclusionSpec] = (),
    rural: str | Path | LayerSpec | None = None,
    profile: str = "aanvalsplan",
    mode: Mode = "footprint",
    targets: Targets | None = None,
    crs: str | None = None,
    assume_crs: str | None = None,
    vocabulary: Vocabulary | None = None,
    feedback: Feedback = SILENT,
    dask: DaskOptions | None = None,
) -> ShareResult:
    """Read the layers named by path (``file|layername=L`` allowed) and compute the share.

    See :func:`gbda_core.share.compute_share` for the meaning of each setting. ``exclude``
    entries are ``KIND=PATH`` (kinds: bebouwde_kom, nnn, natura2000, large_water, forest) or a
    bare ``PATH``, which is always left out. ``width_field`` is used in the element layers that
    have it (typically the line layers); the others use the type defaults. With ``dask`` the
    work runs on a dask cluster (see :mod:`gbda_core.distributed`); the result is the same.
    """
    if dask is not None:
        from gbda_core.distributed import share_on_dask

        return share_on_dask(
            dask,
            areas,
            elements,
            id_field=id_field,
            type_field=type_field,
            width_field=width_field,
            mapping=mapping,
            exclude=exclude,
            rural=rural,
            profile=profile,
            mode=mode,
            targets=targets,
            crs=crs,
            assume_crs=assume_crs,
            vocabulary=vocabulary,
            feedback=feedback,
        )
    vocabulary = vocabulary or load_vocabulary()
    type_mapping = load_type_mapping(mapping, vocabulary) if mapping else None
    feedback.step("reading layers")
    area_frame = read_tagged(
        areas, columns=[id_field], crs=crs, assume_crs=assume_crs, what="areas layer"
    )
    layers = read_elements(
        elements,
        type_field=type_field,
        width_field=width_field,
        type_mapping=type_mapping,
        crs=crs,
        assume_crs=assume_crs,
    )
    exclusions, rural_frame = read_denominator_layers(
        exclude, rural, crs=crs, assume_crs=assume_crs
    )
    return compute_share(
        area_frame,
        layers,
        id_field=id_field,
        exclusions=exclusions,
        rural_area=rural_frame,
        profile=profile,
        mode=mode,
        targets=targets,
        vocabulary=vocabulary,
        crs=crs,
        feedback=feedback,
    )
