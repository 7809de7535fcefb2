"""Read a PDOK BGT download (IMGeo 2.1 CityGML zip) into landscape elements and rural area.

The ``bgt_<layer>.gml`` files named by the class mapping (``gbda_core/data/bgt_classes.toml``
or the user's own) are read straight from the zip (see :mod:`gbda_core.readers.citygml`).
Only current objects are kept: without ``eindRegistratie``, not of status ``plan`` or
``historie``. Every output geometry is linear, 2D and valid; invalid ones are repaired and
reported. Mixed layers (``vegetatieobject``: trees as points, hedges as lines or polygons) are
split by the rules' ``geometry`` key.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np

from gbda_core.errors import InputError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.problems import Problem
from gbda_core.readers.bgt_classes import (
    IGNORE,
    RURAL,
    BgtRule,
    classify,
    geometry_kinds,
    load_bgt_classes,
    normalised,
)
from gbda_core.readers.citygml import read_current, zip_members
from gbda_core.readers.ogr import to_working_crs, working_crs
from gbda_core.readers.result import (
    ELEMENT_COLUMNS,
    EXCLUDED_COLUMNS,
    RURAL_COLUMNS,
    ImportResult,
    ProblemReporter,
    clean_geometries,
    frame_from,
)


def read_bgt(
    zip_path: str | Path,
    *,
    classes: str | Path | None = None,
    crs: str | None = None,
    feedback: Feedback | None = None,
) -> ImportResult:
    """Read a PDOK BGT download zip (IMGeo/CityGML) into elements and rural area.

    Parameters
    ----------
    zip_path
        The zip as downloaded from PDOK, with ``bgt_<layer>.gml`` files in CityGML format.
    classes
        Own class mapping (TOML, format of ``gbda_core/data/bgt_classes.toml``); default the
        shipped mapping.
    crs
        Working CRS, projected and metric (default EPSG:28992). The size rules measure areas
        (m²) and widths (m) in it.
    feedback
        Progress and cancellation.

    Returns
    -------
    ImportResult
        Elements, rural area (rural classes plus polygon elements), excluded features (large
        water, forest, nature) and problems (unmapped values with counts, repaired or empty
        geometries, objects 'in onderzoek'). Problem rows are positions (0-based) of the
        objects in their GML file.

    Raises
    ------
    InputError
        The zip is missing, not a zip, corrupt, or lacks a ``bgt_<layer>.gml`` the mapping needs.
    ConfigError
        The class mapping is invalid, or ``crs`` is not a projected metric CRS.
    """
    fb = feedback or SILENT
    target = working_crs(crs)
    mapping = load_bgt_classes(classes)
    path = Path(zip_path)
    members = zip_members(path)
    wanted = {layer: f"bgt_{layer}.gml" for layer in mapping.layers}
    missing = [name for name in wanted.values() if name not in members]
    if missing:
        raise InputError(
            f"the zip has no {', '.join(missing)}",
            source=str(path),
            hint="download the BGT from PDOK in CityGML (IMGeo) format with all object types",
        )
    out: dict[str, list[gpd.GeoDataFrame]] = {"elements": [], "rural": [], "excluded": []}
    problems: list[Problem] = []
    fb.step("Reading BGT layers", total=len(wanted))
    with tempfile.TemporaryDirectory(prefix="gbda-bgt-") as tmp:
        for layer, name in wanted.items():
            fb.check()
            rules = mapping.for_layer(layer)
            attributes = list(dict.fromkeys(r.attribute for r in rules))
            frame = read_current(path, members[name], attributes, Path(tmp), fb)
            frame = to_working_crs(frame, target, source=str(path), layer=name)
            report = ProblemReporter(str(path), name, problems)
            frame = clean_geometries(frame, report)
            _map_layer(frame, layer, rules, attributes, report, out)
            fb.advance()
    return ImportResult(
        elements=frame_from(ELEMENT_COLUMNS, out["elements"], target),
        rural_area=frame_from(RURAL_COLUMNS, out["rural"], target),
        problems=problems,
        excluded=frame_from(EXCLUDED_COLUMNS, out["excluded"], target),
    )


def _map_layer(
    frame: gpd.GeoDataFrame,
    layer: str,
    rules: tuple[BgtRule, ...],
    attributes: list[str],
    report: ProblemReporter,
    out: dict[str, list[gpd.GeoDataFrame]],
) -> None:
    """Apply the rules of one layer and append elements, rural area and exclusions to ``out``."""
    geoms = frame.geometry.to_numpy()
    kinds = geometry_kinds(geoms)
    which = classify(frame, geoms, rules)
    # Index -1 (no rule matched) picks the trailing "" of each lookup array.
    targets = np.array([r.target for r in rules] + [""], dtype=object)[which]
    exclusion = np.array([r.exclusion or "" for r in rules] + [""], dtype=object)[which]
    matched = np.array([r.attribute for r in rules] + [""], dtype=object)[which]
    source_class = np.full(len(frame), "", dtype=object)
    for attribute in attributes:
        hit = matched == attribute
        source_class[hit] = frame[attribute].to_numpy()[hit]
    base = gpd.GeoDataFrame(
        {"source_layer": layer, "source_class": source_class, "source_id": frame["lokaalID"]},
        geometry=geoms,
        crs=frame.crs,
        index=frame.index,
    )
    is_element = (which >= 0) & (targets != RURAL) & (targets != IGNORE)
    is_rural = targets == RURAL
    is_excluded = exclusion != ""
    out["elements"].append(base.loc[is_element].assign(element_type=targets[is_element]))
    out["rural"].append(base.loc[(is_rural | is_element) & (kinds == "polygon")])
    out["excluded"].append(base.loc[is_excluded].assign(exclusion=exclusion[is_excluded]))
    if (bad := is_rural & (kinds != "polygon")).any():
        report("wrong_geometry", frame.index[bad], "rural rule matched a non-polygon", "skipped")
    probed = (is_rural | is_element) & (normalised(frame["inOnderzoek"]) == "true")
    if probed.any():
        message = "object is 'in onderzoek' at the bronhouder; class or geometry may change"
        report("in_onderzoek", frame.index[probed], message, "counted")
    unmapped = which < 0
    if unmapped.any():
        values = frame.loc[unmapped, attributes].astype("string").fillna("")
        keys = values[attributes[0]].radd(f"{attributes[0]}=")
        for attribute in attributes[1:]:
            keys = keys + f"; {attribute}=" + values[attribute]
        keys = keys + " (" + kinds[unmapped] + ")"
        message = "BGT value has no rule in the class mapping; add one to a classes file"
        for key, rows in keys.groupby(keys).groups.items():
            report("unmapped_type", rows, message, "skipped", str(key))
