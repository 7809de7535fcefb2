"""What an importer (BGT, BRP) hands back: elements, rural area, exclusions and problems.

Also the bits the importers share: reporting problems per source layer and cleaning geometries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import CRS

from gbda_core.errors import InputError
from gbda_core.output import write_gpkg
from gbda_core.problems import Problem, problem_for_rows, problems_frame
from gbda_core.readers.bgt_classes import geometry_kinds
from gbda_core.readers.ogr import DEFAULT_CRS

#: Attribute columns of :attr:`ImportResult.elements`, in output order.
ELEMENT_COLUMNS = ("element_type", "source_layer", "source_class", "source_id")
#: Attribute columns of :attr:`ImportResult.rural_area`, in output order.
RURAL_COLUMNS = ("source_layer", "source_class", "source_id")
#: Attribute columns of :attr:`ImportResult.excluded`, in output order.
EXCLUDED_COLUMNS = ("exclusion", "source_layer", "source_class", "source_id")


def empty_frame(columns: tuple[str, ...], crs: str | CRS = DEFAULT_CRS) -> gpd.GeoDataFrame:
    """Return an empty GeoDataFrame with string ``columns`` and a geometry column."""
    data = {c: pd.Series([], dtype=object) for c in columns}
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs=crs), crs=crs)


def frame_from(
    columns: tuple[str, ...], parts: list[gpd.GeoDataFrame], crs: str | CRS
) -> gpd.GeoDataFrame:
    """Concatenate ``parts`` (each with ``columns`` and geometry) into one frame, reindexed."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty_frame(columns, crs)
    joined = pd.concat([p[[*columns, "geometry"]] for p in parts], ignore_index=True)
    return gpd.GeoDataFrame(joined, geometry="geometry", crs=crs)


@dataclass
class ImportResult:
    """Landscape elements and rural area read from one source.

    Attributes
    ----------
    elements
        One row per landscape element: ``element_type`` (vocabulary code), ``source_layer``,
        ``source_class`` (the source value the mapping matched), ``source_id``; geometry in the
        working CRS (EPSG:28992 by default). Polygons, lines and points may be mixed.
    rural_area
        Polygons of the rural area (the denominator before exclusions such as NNN or the
        bebouwde kom): ``source_layer``, ``source_class``, ``source_id``. Polygon elements are
        part of it too.
    problems
        Data problems found while reading (unmapped values, repaired geometries, ...).
    excluded
        Features that are neither element nor rural area but are recorded with an exclusion
        kind (``forest``, ``large_water``, ``nature``), for denominator variants that subtract
        them explicitly: ``exclusion``, ``source_layer``, ``source_class``, ``source_id``.
    """

    elements: gpd.GeoDataFrame
    rural_area: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    excluded: gpd.GeoDataFrame = field(default_factory=lambda: empty_frame(EXCLUDED_COLUMNS))

    def write(self, out: str | Path) -> Path:
        """Write the result to a new GeoPackage, atomically.

        Layers ``elements`` (mixed geometry) and ``rural_area``; ``excluded`` when there are
        excluded features and a plain ``problems`` table when there are problems.

        Parameters
        ----------
        out
            Path ending in ``.gpkg``; an existing file is replaced.

        Returns
        -------
        pathlib.Path
            The path written.
        """
        target = Path(out)
        if target.suffix.lower() != ".gpkg":
            raise InputError(
                "output must be a GeoPackage", source=str(target), hint="use a name ending in .gpkg"
            )
        layers: dict[str, pd.DataFrame] = {
            "elements": self.elements,
            "rural_area": self.rural_area,
        }
        if len(self.excluded):
            layers["excluded"] = self.excluded
        if self.problems:
            layers["problems"] = problems_frame(self.problems)
        return write_gpkg(target, layers)


class ProblemReporter:
    """Adds problems of one source layer to a shared list."""

    def __init__(self, source: str, layer: str, problems: list[Problem]) -> None:
        self.source, self.layer, self.problems = source, layer, problems

    def __call__(
        self, kind: str, rows: Iterable[int], message: str, action: str, value: str = ""
    ) -> None:
        """Add one problem of ``kind`` for ``rows`` (see :class:`~gbda_core.problems.Problem`)."""
        self.problems.append(
            problem_for_rows(
                kind, rows, message, action, source=self.source, layer=self.layer, value=value
            )
        )


def clean_geometries(frame: gpd.GeoDataFrame, report: ProblemReporter) -> gpd.GeoDataFrame:
    """Make geometries 2D and valid and split collections; report empty and repaired ones.

    Invalid polygons are repaired with ``shapely.make_valid(method="structure")`` (parts that
    collapse to lines are dropped), other invalid geometries with the default method; objects
    left without geometry are dropped and reported. A GeometryCollection is split into its parts,
    one row each, keeping the index (the source row).
    """
    geoms = shapely.force_2d(frame.geometry.to_numpy())
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    invalid = ~empty & ~shapely.is_valid(geoms)
    if invalid.any():
        areal = invalid & (geometry_kinds(geoms) == "polygon")
        geoms[areal] = shapely.make_valid(geoms[areal], method="structure", keep_collapsed=False)
        geoms[invalid & ~areal] = shapely.make_valid(geoms[invalid & ~areal])
        report("repaired_geometry", frame.index[invalid], "invalid geometry made valid", "repaired")
        empty |= shapely.is_empty(geoms)
    if empty.any():
        report("null_geometry", frame.index[empty], "object without usable geometry", "skipped")
    frame = frame.set_geometry(geoms, crs=frame.crs).loc[~empty]
    collections = geometry_kinds(frame.geometry.to_numpy()) == "other"
    if collections.any():
        parts = frame.loc[collections].explode(index_parts=False)
        frame = pd.concat([frame.loc[~collections], parts]).sort_index()
    return frame
