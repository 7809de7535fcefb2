"""The share report: a map and charts of the GBDA share per area against the targets.

Made from a :class:`gbda_core.share.ShareResult`, fresh from the engine or read back from a
share GeoPackage (:func:`gbda_core.results.read_share`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from gbda_core.report.charts import MAX_BARS, share_bars
from gbda_core.report.figures import render, styled
from gbda_core.report.html import Cell, Column, Report, Table, render_page, write_report
from gbda_core.report.maps import share_classes, share_map
from gbda_core.report.parts import (
    KeyFigure,
    as_float,
    block,
    number_cell,
    problems_table,
    source_cell,
)
from gbda_core.report.strings import Lang, check_lang, num, pct, target_pct, text, unit
from gbda_core.share import ShareResult
from gbda_core.targets import STATUS_BELOW_2030, STATUS_MEETS_2030, STATUS_MEETS_2050
from gbda_core.vocabulary import Vocabulary, load_vocabulary

#: The public sources behind the definitions (docs/definitions.md), by key: title and URL.
SOURCES = {
    "aanvalsplan": (
        "Aanvalsplan Landschap, Samen voor biodiversiteit",
        "https://www.samenvoorbiodiversiteit.nl/aanvalsplan-landschapselementen",
    ),
    "cobra": (
        "Cobra Groeninzicht, infographic groenblauwe dooradering",
        "https://www.cobra-groeninzicht.nl/algemeen/download-de-infographic-groenblauwe-dooradering/",
    ),
    "mooinl": (
        "Mooi Nederland, handreiking groenblauwe dooradering",
        "https://www.mooinederland.nu/longread/groenblauwe-dooradering-naar-verweven-landbouw-en-natuur",
    ),
    "efa": (
        "Gedelegeerde Verordening (EU) 639/2014, bijlage X",
        "https://eur-lex.europa.eu/eli/reg_del/2014/639/oj",
    ),
    "nrc": (
        "NRC, 28 september 2022",
        "https://www.nrc.nl/nieuws/2022/09/28/de-heg-moet-terug-op-het-platteland-a4143489",
    ),
    "wur": (
        "WUR, Kennisagenda groenblauwe dooradering",
        "https://research.wur.nl/en/projects/kd-2023-049kennisagenda-groenblauwe-dooradering-bo-43-126-024",
    ),
    "cobra_forest": (
        "Cobra Groeninzicht, Future Trees",
        "https://www.cobra-groeninzicht.nl/futuretrees/groenblauwe-dooradering/",
    ),
}
#: The furthest-from-target table lists at most this many areas.
FURTHEST = 10


def share_report(
    result: ShareResult,
    lang: Lang = "nl",
    *,
    title: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Report:
    """Render the share report of ``result`` in ``lang`` (``nl`` or ``en``)."""
    lang = check_lang(lang)
    vocabulary = vocabulary or load_vocabulary()
    s = result.settings
    t30 = float(s.get("target_2030_pct", 5.0))
    t50 = float(s.get("target_2050_pct", 10.0))
    areas = result.areas
    overlap = areas_overlap(areas)
    with styled():
        map_fig = render(
            share_map(areas, t30, t50, lang),
            "share_map",
            text("map_alt", lang, n=len(areas)),
            svg=False,
        )
        bars_fig = render(share_bars(areas, t30, t50, lang), "share_bars", text("bars_alt", lang))
    labels = {"t30": target_pct(t30, lang), "t50": target_pct(t50, lang)}
    map_caption = text("map_caption", lang, **labels)
    if s.get("reading_2030") == "gap":
        map_caption += text("map_caption_gap", lang, t30=labels["t30"])
    if overlap:
        map_caption += text("map_caption_overlap", lang)
    bars_caption = text("bars_caption", lang)
    with_share = int(areas["share_pct"].notna().sum())
    if with_share > MAX_BARS:
        bars_caption += text("bars_subset", lang, k=MAX_BARS // 2, n=with_share)
    no_share = areas.loc[areas["share_pct"].isna(), "area_id"].astype(str).tolist()
    if no_share:
        bars_caption += text("bars_no_share", lang, areas=", ".join(no_share))
    html = render_page(
        "share.html.j2",
        lang,
        title=title or text("share_title", lang),
        subtitle=text(
            "share_subtitle",
            lang,
            n=len(areas),
            profile=s.get("profile", "?"),
            mode=counting_mode(s),
        ),
        key_figures=key_figures(areas, t30, t50, lang),
        totals=None if overlap else totals(areas, lang),
        map_block=block(map_fig, map_caption, lang),
        bars_block=block(bars_fig, bars_caption, lang),
        furthest=furthest_table(areas, lang),
        furthest_n=FURTHEST,
        ranked=ranked_table(areas, t30, t50, lang),
        method=method_rows(s, lang),
        problems=problems_table(result.problems, lang),
        sources=sources_table(s, lang),
        types=types_table(result.breakdown, vocabulary, lang),
    )
    return Report("share_report", html, [map_fig, bars_fig])


def write_share_report(
    result: ShareResult, folder: str | Path, lang: Lang = "nl", *, title: str | None = None
) -> Path:
    """Write the share report (HTML and figures) into ``folder``; return the HTML path."""
    return write_report(share_report(result, lang, title=title), folder)


def counting_mode(settings: dict[str, Any]) -> str:
    """Return ``footprint``, ``efa`` or ``raster`` (a result of ``gbda share-raster``)."""
    if settings.get("engine") == "raster":
        return "raster"
    return str(settings.get("mode", "footprint"))


def areas_overlap(areas: pd.DataFrame) -> bool:
    """Return True when the areas overlap (nested layers): sums would count land twice."""
    geoms = np.asarray(areas.geometry.array, dtype=object)
    total = float(shapely.area(geoms).sum())
    union = float(shapely.area(shapely.union_all(geoms)))
    return total - union > max(1e-6 * total, 1.0)  # m²: more than rounding


def status_text(status: str, t30: float, t50: float, lang: Lang) -> str:
    """Return the status code in words, with the targets."""
    return text(f"status_{status}", lang, t30=target_pct(t30, lang), t50=target_pct(t50, lang))


def key_figures(areas: pd.DataFrame, t30: float, t50: float, lang: Lang) -> list[KeyFigure]:
    """Return the number of areas and how many meet 2050, 2030, are below, have no land."""
    counts = areas["status"].value_counts()
    figures = [KeyFigure(str(len(areas)), text("kf_areas", lang))]
    for status in (STATUS_MEETS_2050, STATUS_MEETS_2030, STATUS_BELOW_2030, "no_rural_area"):
        n = int(counts.get(status, 0))
        if n or status != "no_rural_area":
            figures.append(KeyFigure(str(n), status_text(status, t30, t50, lang)))
    return figures


def totals(areas: pd.DataFrame, lang: Lang) -> list[KeyFigure]:
    """Return sums over areas that do not overlap: rural, element, woody ha, share, gaps."""
    rural = float(areas["rural_ha"].sum())
    element = float(areas["element_ha"].sum())
    share = 100.0 * element / rural if rural > 0 else float("nan")
    return [
        KeyFigure(unit(rural, "ha", lang), text("total_rural", lang)),
        KeyFigure(unit(element, "ha", lang, 2), text("total_elements", lang)),
        KeyFigure(unit(float(areas["woody_ha"].sum()), "ha", lang, 2), text("total_woody", lang)),
        KeyFigure(pct(share, lang, 2), text("total_share", lang)),
        KeyFigure(
            unit(float(areas["gap_2030_ha"].sum()), "ha", lang), text("total_gap_2030", lang)
        ),
        KeyFigure(
            unit(float(areas["gap_2050_ha"].sum()), "ha", lang), text("total_gap_2050", lang)
        ),
    ]


def ranked_table(areas: pd.DataFrame, t30: float, t50: float, lang: Lang) -> Table:
    """Return every area, highest share first (no share last), class colour in the status."""
    order = areas.sort_values(
        ["share_pct", "area_id"], ascending=[False, True], na_position="last", kind="stable"
    )
    classes = share_classes(order["share_pct"].to_numpy(float), t30, t50)
    efa = "efa_share_pct" in order.columns
    heads = (
        [
            "col_rank",
            "col_area",
            "col_rural_ha",
            "col_element_ha",
            "col_share",
            "col_woody_share",
            "col_line_km",
        ]
        + (["col_efa_share"] if efa else [])
        + ["col_gap_2030", "col_gap_2050", "col_status"]
    )
    rows = []
    for rank, (cls, row) in enumerate(zip(classes, order.itertuples(), strict=True), start=1):
        has_share = not np.isnan(as_float(row.share_pct))
        cells = [
            Cell(str(rank) if has_share else "–", rank, "num"),
            Cell(str(row.area_id)),
            number_cell(row.rural_ha, lang, 1),
            number_cell(row.element_ha, lang, 2),
            number_cell(row.share_pct, lang, 2),
            number_cell(row.woody_share_pct, lang, 0),
            number_cell(row.line_km, lang, 1),
        ]
        if efa:
            cells.append(number_cell(row.efa_share_pct, lang, 2))
        cells += [
            number_cell(row.gap_2030_ha, lang, 1),
            number_cell(row.gap_2050_ha, lang, 1),
            Cell(status_text(str(row.status), t30, t50, lang), int(cls), f"status cls{cls}"),
        ]
        rows.append(cells)
    columns = [Column(text(h, lang), numeric=h not in ("col_area", "col_status")) for h in heads]
    return Table("ranked", columns, rows)


def furthest_table(areas: pd.DataFrame, lang: Lang) -> Table:
    """Return the :data:`FURTHEST` areas with the most hectares to go for 2030."""
    short = areas[areas["gap_2030_ha"] > 0].sort_values(
        ["gap_2030_ha", "gap_2050_ha", "area_id"], ascending=[False, False, True], kind="stable"
    )
    rows = []
    for row in short.head(FURTHEST).itertuples():
        points = as_float(row.target_2030_pct) - as_float(row.share_pct)
        rows.append(
            [
                Cell(str(row.area_id)),
                number_cell(row.share_pct, lang, 2),
                number_cell(points, lang, 2),
                number_cell(row.gap_2030_ha, lang, 1),
                number_cell(row.gap_2050_ha, lang, 1),
            ]
        )
    heads = ("col_area", "col_share", "col_short_2030", "col_gap_2030", "col_gap_2050")
    columns = [Column(text(h, lang), numeric=h != "col_area") for h in heads]
    return Table("furthest", columns, rows, sortable=False)


def method_rows(settings: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """Return how it was counted, as (label, text) pairs.

    Indicator, profile, land left out, rural-area layer, mode, targets, 2030 reading, CRS.
    """
    profile = str(settings.get("profile", "aanvalsplan"))
    key = f"profile_{profile}" if profile in ("aanvalsplan", "strict") else "profile_custom"
    kinds = settings.get("profile_excludes", [])
    kinds = kinds if isinstance(kinds, list | tuple) else []
    left_out = [text(f"kind_{k}", lang) for k in kinds] + [text("kind_other", lang)]
    t30 = target_pct(float(settings.get("target_2030_pct", 5.0)), lang)
    t50 = target_pct(float(settings.get("target_2050_pct", 10.0)), lang)
    reading = settings.get("reading_2030", "absolute")
    rural = settings.get("rural_area_layer") in (True, "True", "true", 1)
    return [
        (text("indicator", lang), text("indicator_text", lang)),
        (text("profile", lang), text(key, lang, name=profile)),
        (text("excluded_land", lang), ", ".join(left_out)),
        (text("rural_layer", lang), text("rural_layer_yes" if rural else "rural_layer_no", lang)),
        (
            text("mode", lang),
            text(
                f"mode_{counting_mode(settings)}",
                lang,
                res=num(float(settings.get("resolution_m", 0)), lang, 1),
            ),
        ),
        (text("targets", lang), text("targets_text", lang, t30=t30, t50=t50)),
        (text("reading", lang), text(f"reading_{reading}", lang, t50=t50)),
        (text("crs", lang), str(settings.get("crs", ""))),
    ]


def sources_table(settings: dict[str, Any], lang: Lang) -> Table:
    """Return the public sources of the definitions that apply to this run."""
    keys = ["aanvalsplan", "cobra"]
    if settings.get("reading_2030") == "gap":
        keys.append("mooinl")
    if settings.get("mode") == "efa":
        keys.append("efa")
    kinds = settings.get("profile_excludes", [])
    for kind, key in (("natura2000", "nrc"), ("large_water", "wur"), ("forest", "cobra_forest")):
        if isinstance(kinds, list | tuple) and kind in kinds:
            keys.append(key)
    rows = []
    for key in keys:
        title, url = SOURCES[key]
        rows.append([Cell(text(f"src_{key}", lang)), Cell(title, href=url)])
    columns = [Column(text("col_what", lang)), Column(text("col_source", lang))]
    return Table("sources", columns, rows, sortable=False)


def types_table(breakdown: pd.DataFrame, vocabulary: Vocabulary, lang: Lang) -> Table:
    """Return the element types in the result, with their default size and its source."""
    present = set(breakdown["element_type"]) if len(breakdown) else set()
    rows = []
    for et in vocabulary:
        if et.code not in present:
            continue
        if et.width_m is not None:
            size, source = f"{num(et.width_m.value, lang, 1)} m", et.width_m.source
        elif et.point_area_m2 is not None:
            size, source = f"{num(et.point_area_m2.value, lang, 0)} m²", et.point_area_m2.source
        else:
            size, source = "–", ""
        rows.append(
            [
                Cell(et.code),
                Cell(et.name if lang == "nl" else et.name_en),
                Cell(text(f"cat_{et.category}", lang)),
                Cell(size),
                source_cell(source),
            ]
        )
    heads = ("col_type", "col_name", "col_category", "col_default_size", "col_size_source")
    return Table("types", [Column(text(h, lang)) for h in heads], rows)
