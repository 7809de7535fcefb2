"""``gbda progress`` and ``gbda change``: 400 km programme progress, change between snapshots."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from gbda_core.cli.app import app, out_console, report_problems, run_with_progress, say
from gbda_core.cli.register import DEFAULT_STORE, Store
from gbda_core.cli.report import ReportLangOpt, ReportOpt, check_report, said_report
from gbda_core.errors import ConfigError
from gbda_core.feedback import Feedback

if TYPE_CHECKING:
    import pandas as pd

    from gbda_core.change import ChangeResult
    from gbda_core.progress import ProgressReport
    from gbda_core.share_over_time import ShareOverTime

BY_CHOICES = ("year", "region", "collectief", "type", "status")


def _date(text: str | None, what: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{what} {text!r} is not a date", hint="write it as YYYY-MM-DD") from None


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: dates ISO 8601, NaN as null, numpy scalars as Python ones."""
    return [{str(k): _plain(v) for k, v in rec.items()} for rec in frame.to_dict(orient="records")]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def _csv_row(report: ProgressReport) -> pd.DataFrame:
    import pandas as pd

    row = report.to_dict()
    row["forecast_years"] = " ".join(map(str, row["forecast_years"]))
    row["programmes"] = "; ".join(row["programmes"])
    row["reasons"] = "; ".join(f"{k}: {v}" for k, v in row["reasons"].items())
    return pd.DataFrame([row])


def _show(
    report: ProgressReport, by_table: pd.DataFrame | None, history: ShareOverTime | None
) -> None:
    data = report.to_dict()
    table = Table(title=f"Progress of programme {data['programme']} at {data['at']}")
    table.add_column("")
    table.add_column("value", justify="right")
    for key in (
        "target_km", "realised_km", "remaining_km", "pace_km_per_year", "needed_km_per_year",
        "deadline", "forecast_date", "forecast_earliest", "forecast_latest", "on_track",
        "realised_ha", "planned_km", "removed_km",
    ):  # fmt: skip
        value = data[key]
        text = f"{value:,.2f}" if isinstance(value, float) else "-" if value is None else str(value)
        table.add_row(key, text)
    out_console.print(table)
    for key, reason in data["reasons"].items():
        say(f"{key}: {reason}")
    for frame, title in ((by_table, "Breakdown"), (history.table if history else None, "Share")):
        if frame is None:
            continue
        sub = Table(title=title)
        for col in frame.columns:
            sub.add_column(str(col), justify="left" if frame[col].dtype == object else "right")
        for rec in _records(frame):
            sub.add_row(*(f"{v:,.3f}" if isinstance(v, float) else str(v) for v in rec.values()))
        out_console.print(sub)


@app.command()
def progress(
    store: Store = DEFAULT_STORE,
    target_km: Annotated[float, typer.Option(help="Programme target in km.")] = 400.0,
    deadline: Annotated[str, typer.Option(help="Deadline, YYYY-MM-DD.")] = "2030-12-31",
    at: Annotated[
        str | None, typer.Option(help="Report as at this date (YYYY-MM-DD; default today).")
    ] = None,
    by: Annotated[
        str | None, typer.Option(help="Break down by year, region, collectief, type or status.")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    out: Annotated[Path | None, typer.Option(help="Write to this file instead.")] = None,
    start: Annotated[
        str | None, typer.Option(help="Programme start (default 1 Jan of the first planting).")
    ] = None,
    programme: Annotated[
        str, typer.Option(help="The programme that counts, or 'all' for every element.")
    ] = "400 km",
    km_types: Annotated[
        str | None,
        typer.Option(help="Element types whose km count: CODE,CODE or all (default: linear)."),
    ] = None,
    window: Annotated[int, typer.Option(help="Whole years the forecast looks back on.")] = 5,
    level: Annotated[float, typer.Option(help="Level of the forecast range (0-1).")] = 0.9,
    schema: Annotated[str | None, typer.Option(help="PostgreSQL schema of the register.")] = None,
    areas: Annotated[
        str | None, typer.Option(help="Areas for the GBDA share over time: PATH[|layername=L].")
    ] = None,
    id_field: Annotated[str | None, typer.Option(help="Field that identifies each area.")] = None,
    baseline: Annotated[
        list[str] | None, typer.Option(help="Baseline element layer(s) for the share over time.")
    ] = None,
    type_field: Annotated[str, typer.Option(help="Type field of the baseline.")] = "element_type",
    width_field: Annotated[str | None, typer.Option(help="Width field of the baseline.")] = None,
    mapping: Annotated[Path | None, typer.Option(help="Type mapping for the baseline.")] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Exclusion layer KIND=PATH, as for gbda share.")
    ] = None,
    rural: Annotated[str | None, typer.Option(help="Layer that is the rural area.")] = None,
    profile: Annotated[str, typer.Option(help="Denominator profile.")] = "aanvalsplan",
    reading_2030: Annotated[str, typer.Option(help="2030 reading: absolute or gap.")] = (
        "absolute"
    ),
    report: ReportOpt = None,
    lang: ReportLangOpt = "nl",
    since: Annotated[
        str | None,
        typer.Option(help="Start of the report's change-map period (default: a year before)."),
    ] = None,
) -> None:
    """Km realised against the target, pace, forecast; optionally the GBDA share over time."""
    from gbda_core.forecast import check_window
    from gbda_core.output import write_text
    from gbda_core.progress import (
        ALL_PROGRAMMES,
        breakdown,
        check_register_frame,
        progress_report,
        select_programme,
        yearly,
    )
    from gbda_core.register import open_register
    from gbda_core.vocabulary import load_vocabulary

    check_window(window)
    if format not in ("table", "json", "csv"):
        raise ConfigError(f"unknown format {format!r}", hint="use table, json or csv")
    if by is not None and by not in BY_CHOICES:
        raise ConfigError(f"cannot break down by {by!r}", hint=f"use {', '.join(BY_CHOICES)}")
    if format == "csv" and by and areas:
        raise ConfigError("a CSV holds one table", hint="give either --by or --areas")
    if areas and not baseline:
        raise ConfigError("the share over time needs --baseline", hint="the element layer(s)")
    language = check_report(report, lang)
    change_since = _date(since, "--since")
    report_day = _date(at, "--at") or dt.date.today()
    due = _date(deadline, "--deadline")
    assert due is not None
    codes = None
    if km_types:
        codes = load_vocabulary().codes if km_types == "all" else km_types.split(",")
    # The register's latest knowledge; the planting and removal dates say what stood at --at.
    with open_register(store, schema=schema) as register:
        everything = register.current()
    chosen = None if programme == ALL_PROGRAMMES else programme
    result = progress_report(
        everything,
        at=report_day,
        target_km=target_km,
        deadline=due,
        start=_date(start, "--start"),
        window=window,
        level=level,
        km_types=codes,
        programme=chosen,
    )
    frame = select_programme(everything, chosen)
    by_table = None
    if by == "year":
        by_table = yearly(check_register_frame(frame, codes), report_day)
    elif by:
        by_table = breakdown(check_register_frame(frame, codes), by, report_day)
    history = None
    if areas:
        history = _share_over_time(
            frame, areas, id_field, baseline or [], type_field, width_field, mapping,
            exclude or [], rural, profile, reading_2030, report_day,
        )  # fmt: skip
    report_problems(result.problems + (history.problems if history else []))
    if report is not None:
        from gbda_core.report.progress import write_progress_report

        page = write_progress_report(
            frame, result, report, language, km_types=codes, since=change_since, window=window,
            history=history,
        )  # fmt: skip
        said_report(page)
    if format == "table" and out is None:
        _show(result, by_table, history)
        return
    if format == "csv":
        table = history.table if history else by_table if by_table is not None else None
        table = _csv_row(result) if table is None else table
        text = table.to_csv(index=False, lineterminator="\n")
    else:
        payload: dict[str, Any] = result.to_dict()
        if by_table is not None:
            payload["by"] = {"field": by, "rows": _records(by_table)}
        if history is not None:
            payload["share_over_time"] = _records(history.table)
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_text(out, text)
        say(f"written to {out}", err=True)


def _share_over_time(
    frame: Any,
    areas: str,
    id_field: str | None,
    baseline: list[str],
    type_field: str,
    width_field: str | None,
    mapping: Path | None,
    exclude: list[str],
    rural: str | None,
    profile: str,
    reading_2030: str,
    at: dt.date,
) -> ShareOverTime:
    """Read the layers as ``gbda share`` does and compute the share at each year end."""
    from gbda_core.jobs import read_tagged
    from gbda_core.share_over_time import share_over_time
    from gbda_core.targets import Targets

    if id_field is None:
        raise ConfigError("--areas needs --id-field", hint="the field that identifies each area")
    if reading_2030 not in ("absolute", "gap"):
        raise ConfigError(f"unknown 2030 reading {reading_2030!r}", hint="use absolute or gap")

    def work(feedback: Feedback) -> ShareOverTime:
        feedback.step("reading layers")
        area_frame = read_tagged(areas, columns=[id_field], what="areas layer")
        layers, exclusions, rural_frame = _inputs(
            baseline, type_field, width_field, mapping, exclude, rural
        )
        return share_over_time(
            area_frame, layers, frame, id_field=id_field, at=at, exclusions=exclusions,
            rural_area=rural_frame, profile=profile,
            targets=Targets(reading_2030=reading_2030),  # type: ignore[arg-type]
            feedback=feedback,
        )  # fmt: skip

    return run_with_progress(work)


def _inputs(
    baseline: list[str],
    type_field: str,
    width_field: str | None,
    mapping: Path | None,
    exclude: list[str],
    rural: str | None,
) -> tuple[list[Any], dict[str, Any], Any]:
    """Baseline layers, exclusions and rural area, read as ``gbda share`` reads them."""
    import geopandas as gpd
    import pandas as pd

    from gbda_core.jobs import parse_exclusion, read_tagged
    from gbda_core.mapping import load_type_mapping
    from gbda_core.readers.ogr import layer_fields
    from gbda_core.share import ElementLayer

    type_mapping = load_type_mapping(mapping) if mapping else None
    layers = []
    for spec in baseline:
        width = width_field if width_field in layer_fields(spec, "element layer") else None
        frame = read_tagged(
            spec, columns=[type_field] + ([width] if width else []), what="element layer"
        )
        layers.append(
            ElementLayer(
                frame,
                type_field=type_field,
                width_field=width,
                mapping=type_mapping,
                source=frame.attrs["source"],
                layer=frame.attrs["layer"],
            )
        )
    exclusions: dict[str, Any] = {}
    for item in exclude:
        ex = parse_exclusion(item)
        frame = read_tagged(ex.layer, columns=[], what=f"{ex.kind} layer")
        if ex.kind in exclusions:
            frame = gpd.GeoDataFrame(pd.concat([exclusions[ex.kind], frame]), crs=frame.crs)
        exclusions[ex.kind] = frame
    rural_frame = read_tagged(rural, columns=[], what="rural-area layer") if rural else None
    return layers, exclusions, rural_frame


@app.command()
def change(
    old: Annotated[
        str, typer.Argument(help="Earlier element layer, PATH[|layername=L], or a BGT .zip.")
    ],
    new: Annotated[
        str, typer.Argument(help="Later element layer, PATH[|layername=L], or a BGT .zip.")
    ],
    areas: Annotated[str, typer.Option(help="Areas layer: PATH[|layername=L].")],
    out: Annotated[Path, typer.Option(help="Output GeoPackage (.gpkg).")],
    id_field: Annotated[
        str | None, typer.Option(help="Field that identifies each area (default: feature id).")
    ] = None,
    tolerance: Annotated[
        float, typer.Option(help="Largest digitising shift (m) that is not a change.")
    ] = 1.0,
    type_field: Annotated[str, typer.Option(help="Field holding the element type.")] = (
        "element_type"
    ),
    width_field: Annotated[str | None, typer.Option(help="Field with line widths in m.")] = None,
    mapping: Annotated[Path | None, typer.Option(help="Type mapping file.")] = None,
    crs: Annotated[str, typer.Option(help="Working CRS, projected metric.")] = "EPSG:28992",
    assume_crs: Annotated[str | None, typer.Option(help="CRS of layers that have none.")] = None,
) -> None:
    """Gained, lost and unchanged elements (ha, km) per area and type between two snapshots."""
    from gbda_core.change import change_from_files, write_change

    if Path(out).suffix.lower() != ".gpkg":
        raise ConfigError("the change is written as a GeoPackage", source=str(out),
                          hint="end the output name in .gpkg")  # fmt: skip

    def work(feedback: Feedback) -> ChangeResult:
        result = change_from_files(
            [old], [new], areas, id_field=id_field, type_field=type_field,
            width_field=width_field, mapping=mapping, tolerance=tolerance, crs=crs,
            assume_crs=assume_crs, feedback=feedback,
        )  # fmt: skip
        feedback.step("writing results")
        write_change(result, out)
        return result

    result = run_with_progress(work)
    report_problems(result.problems)
    totals = result.summary.groupby("element_type")[
        ["old_ha", "new_ha", "gained_ha", "lost_ha", "gained_km", "lost_km"]
    ].sum()
    table = Table(title=f"Change per element type (tolerance {tolerance:g} m)")
    table.add_column("element_type")
    for col in totals.columns:
        table.add_column(col, justify="right")
    for code, values in totals.iterrows():
        table.add_row(str(code), *(f"{v:,.3f}" for v in values))
    out_console.print(table)
    say(f"results written to {out}", err=True)
