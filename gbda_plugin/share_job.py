"""The share computation's inputs as plain frames and settings, shared by Processing and the dock.

Both the ``gbda:share`` algorithm and the dock's background task read their QGIS layers into
GeoDataFrames (:mod:`gbda_plugin.bridge`) and hand them here; :meth:`ShareJob.run` makes the
one core call, :func:`gbda_core.share.compute_share`, exactly as
:func:`gbda_core.jobs.share_from_files` does for files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd

from gbda_core.feedback import SILENT, Feedback
from gbda_core.mapping import load_type_mapping
from gbda_core.share import ElementLayer, ShareResult, compute_share
from gbda_core.targets import Targets
from gbda_core.vocabulary import Vocabulary, load_vocabulary

from .core_options import TARGET_2030_PCT, TARGET_2050_PCT


@dataclass
class ElementInput:
    """One element layer: its features, the type field and the optional width field."""

    frame: gpd.GeoDataFrame
    type_field: str
    width_field: str | None = None


def element_layers(
    elements: Sequence[ElementInput], mapping: str | None, vocabulary: Vocabulary
) -> list[ElementLayer]:
    """The core's element layers for the inputs, with the type mapping file (if any) loaded."""
    type_mapping = load_type_mapping(mapping, vocabulary) if mapping else None
    return [
        ElementLayer(
            item.frame,
            type_field=item.type_field,
            width_field=item.width_field or None,
            mapping=type_mapping,
            source=str(item.frame.attrs.get("source", "")),
            layer=str(item.frame.attrs.get("layer", "")),
        )
        for item in elements
    ]


@dataclass
class ShareJob:
    """Settings of one share computation (see :func:`gbda_core.share.compute_share`)."""

    areas: gpd.GeoDataFrame
    id_field: str
    elements: list[ElementInput]
    mapping: str | None = None
    exclusions: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    rural: gpd.GeoDataFrame | None = None
    profile: str = "aanvalsplan"
    mode: str = "footprint"
    target_2030: float = TARGET_2030_PCT
    target_2050: float = TARGET_2050_PCT
    reading_2030: str = "absolute"
    crs: str | None = None

    def run(self, feedback: Feedback = SILENT) -> ShareResult:
        """Compute the share; raises the core's ``GbdaError`` on bad input or settings."""
        vocabulary = load_vocabulary()
        return compute_share(
            self.areas,
            element_layers(self.elements, self.mapping, vocabulary),
            id_field=self.id_field,
            exclusions=self.exclusions,
            rural_area=self.rural,
            profile=self.profile,
            mode=self.mode,  # type: ignore[arg-type]
            targets=Targets(self.target_2030, self.target_2050, self.reading_2030),  # type: ignore[arg-type]
            vocabulary=vocabulary,
            crs=self.crs,
            feedback=feedback,
        )
