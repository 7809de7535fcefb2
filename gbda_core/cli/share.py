"""Commands of the share engine: ``share``, ``types``, ``demo`` and ``import bgt|brp``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table

from gbda_core.cli.app import (
    app,
    import_app,
    out_console,
    report_problems,
    run_with_progress,
    say,
)
from gbda_core.cli.report import ReportLangOpt, ReportOpt, check_report, said_report
from gbda_core.errors import GbdaError
from gbda_core.feedback import Feedback

if TYPE_CHECKING:
    from gbda_core.distributed import DaskOptions
    from gbda_core.readers.result import ImportResult
    from gbda_core.report.strings import Lang
    from gbda_core.share import ShareResult
    from gbda_core.targets import Targets


def summary(result: ShareResult, limit: int = 25) -> None:
    """Print the first areas of a result as a table."""
    table = Table(title="GBDA share per area (footprint, % of rural area)")
    for col in ("area_id", "rural_ha", "element_ha", "share_pct", "woody_share_pct", "status"):
        table.add_column(col, justify="left" if col in ("area_id", "status") else "right")
    for row in result.areas.head(limit).itertuples():
        table.add_row(
            str(row.area_id),
            f"{row.rural_ha:,.1f}",
            f"{row.element_ha:,.2f}",
            "-" if row.share_pct != row.share_pct else f"{row.share_pct:.2f}",
            "-" if row.woody_share_pct != row.woody_share_pct else f"{row.woody_share_pct:.0f}",
            str(row.status),
        )
    out_console.print(table)
    if len(result.areas) > limit:
        out_console.print(f"... and {len(result.areas) - limit} more areas")


# Options that ``share`` and ``share-raster`` have in common.
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option(
        help="Exclusion layer KIND=PATH (kinds: bebouwde_kom, nnn, natura2000, "
        "large_water, forest) or PATH (always left out). Repeatable."
    ),
]
ProfileOption = Annotated[
    str, typer.Option(help="Denominator profile: aanvalsplan, strict, custom:KIND,...")
]
RuralLayerOption = Annotated[str | None, typer.Option(help="Layer in the rural file.")]
AssumeCrsOption = Annotated[str | None, typer.Option(help="CRS of inputs that have none.")]
Target2030Option = Annotated[float, typer.Option(help="2030 target, % of rural area.")]
Target2050Option = Annotated[float, typer.Option(help="2050 target, % of rural area.")]
Reading2030Option = Annotated[
    str, typer.Option(help="2030 reading: absolute, or gap (current + 50 % of the gap).")
]
EngineOption = Annotated[
    str, typer.Option(help="Where to compute: local (this process) or dask (a dask cluster).")
]
WorkersOption = Annotated[
    int | None, typer.Option(help="dask: workers of the local cluster (default: CPU count).")
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(help="dask: address of an existing scheduler, e.g. tcp://host:8786."),
]
PartitionsOption = Annotated[
    int | None, typer.Option(help="dask: spatial partitions of the areas (default 2 per worker).")
]


def make_targets(target_2030: float, target_2050: float, reading_2030: str) -> Targets:
    """Return the targets from the command-line values (one-line error when wrong)."""
    from gbda_core.targets import Targets

    if reading_2030 not in ("absolute", "gap"):
        raise GbdaError(f"unknown 2030 reading {reading_2030!r}", hint="use absolute or gap")
    return Targets(target_2030, target_2050, reading_2030)  # type: ignore[arg-type]


def dask_options(
    engine: str, workers: int | None, scheduler: str | None, partitions: int | None
) -> DaskOptions | None:
    """Return where to run: None for this process, or the dask settings."""
    from gbda_core.distributed import DaskOptions

    if engine not in ("local", "dask"):
        raise GbdaError(f"unknown engine {engine!r}", hint="use local or dask")
    if engine == "local":
        if workers is not None or scheduler is not None or partitions is not None:
            raise GbdaError(
                "--workers, --scheduler and --partitions need --engine dask",
                hint="add --engine dask",
            )
        return None
    if workers is not None and scheduler is not None:
        raise GbdaError(
            "give --workers (a local cluster) or --scheduler (an existing one), not both"
        )
    for name, value in (("--workers", workers), ("--partitions", partitions)):
        if value is not None and value < 1:
            raise GbdaError(f"{name} must be at least 1")
    return DaskOptions(workers=workers, scheduler=scheduler, partitions=partitions)


@app.command()
def share(
    areas: Annotated[str, typer.Option(help="Areas layer: PATH or PATH|layername=NAME.")],
    id_field: Annotated[str, typer.Option(help="Field of the areas layer that identifies them.")],
    elements: Annotated[
        list[str], typer.Option(help="Element layer (repeat for more): PATH[|layername=NAME].")
    ],
    out: Annotated[Path, typer.Option(help="Output file: .gpkg, .csv or .json.")],
    areas_layer: Annotated[str | None, typer.Option(help="Layer in the areas file.")] = None,
    elements_layer: Annotated[
        list[str] | None, typer.Option(help="Layer per --elements (one applies to all).")
    ] = None,
    type_field: Annotated[str, typer.Option(help="Field holding the element type.")] = (
        "element_type"
    ),
    width_field: Annotated[
        str | None, typer.Option(help="Optional field with line widths in m.")
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="Type mapping file (.toml, .yaml, .csv).")
    ] = None,
    exclude: ExcludeOption = None,
    rural: Annotated[
        str | None, typer.Option(help="Layer that is the rural area (denominator).")
    ] = None,
    rural_layer: RuralLayerOption = None,
    profile: ProfileOption = "aanvalsplan",
    mode: Annotated[
        str, typer.Option(help="Counting mode: footprint, or efa (adds EU EFA columns).")
    ] = "footprint",
    crs: Annotated[str, typer.Option(help="Working CRS, projected metric.")] = "EPSG:28992",
    assume_crs: AssumeCrsOption = None,
    target_2030: Target2030Option = 5.0,
    target_2050: Target2050Option = 10.0,
    reading_2030: Reading2030Option = "absolute",
    engine: EngineOption = "local",
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    partitions: PartitionsOption = None,
    report: ReportOpt = None,
    lang: ReportLangOpt = "nl",
) -> None:
    """Compute the GBDA share per area against the 5 % (2030) and 10 % (2050) targets."""
    from gbda_core.jobs import share_from_files
    from gbda_core.readers.ogr import parse_layer_spec
    from gbda_core.results import check_output

    check_output(out)
    language = check_report(report, lang)
    layers = elements_layer or []
    if len(layers) > 1 and len(layers) != len(elements):
        raise GbdaError("give one --elements-layer, or one per --elements")
    element_specs = [
        parse_layer_spec(path, layers[i] if len(layers) > 1 else (layers[0] if layers else None))
        for i, path in enumerate(elements)
    ]
    if mode not in ("footprint", "efa"):
        raise GbdaError(f"unknown mode {mode!r}", hint="use footprint or efa")
    targets = make_targets(target_2030, target_2050, reading_2030)
    counting: Literal["footprint", "efa"] = "efa" if mode == "efa" else "footprint"
    dask = dask_options(engine, workers, scheduler, partitions)

    def compute(feedback: Feedback) -> ShareResult:
        return share_from_files(
            parse_layer_spec(areas, areas_layer),
            element_specs,
            id_field=id_field,
            type_field=type_field,
            width_field=width_field,
            mapping=mapping,
            exclude=exclude or [],
            rural=parse_layer_spec(rural, rural_layer) if rural else None,
            profile=profile,
            mode=counting,
            targets=targets,
            crs=crs,
            assume_crs=assume_crs,
            feedback=feedback,
            dask=dask,
        )

    compute_and_write(compute, out, report, language)


def compute_and_write(
    compute: Callable[[Feedback], ShareResult],
    out: Path,
    report: Path | None = None,
    language: Lang = "nl",
) -> None:
    """Run ``compute`` with progress bars, write its result to ``out`` and report on it.

    With ``report`` the HTML report is written into that folder too, in ``language``.
    """
    from gbda_core.results import write_share

    def work(feedback: Feedback) -> ShareResult:
        result = compute(feedback)
        feedback.step("writing results")
        write_share(result, out)
        if report is not None:
            from gbda_core.report.share import write_share_report

            feedback.step("writing the report")
            write_share_report(result, report, language)
        return result

    result = run_with_progress(work)
    report_problems(result.problems)
    summary(result)
    say(f"results written to {out}", err=True)
    if report is not None:
        said_report(report / "share_report.html")


@app.command()
def types(
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """List the element vocabulary: codes, Dutch names, categories and default sizes."""
    from gbda_core.vocabulary import load_vocabulary

    vocabulary = load_vocabulary()
    if format == "json":
        out_console.print_json(
            json.dumps([et.model_dump(mode="json") for et in vocabulary], ensure_ascii=False)
        )
        return
    if format != "table":
        raise GbdaError(f"unknown format {format!r}", hint="use table or json")
    table = Table(title=f"GBDA element types ({len(vocabulary)})")
    for col in ("code", "name", "category", "geometry", "width m", "point m²", "Index NL", "BRP"):
        table.add_column(col)
    for et in vocabulary:
        table.add_row(
            et.code,
            et.name,
            str(et.category),
            str(et.geometry),
            f"{et.width_m.value:g}" if et.width_m else "",
            f"{et.point_area_m2.value:g}" if et.point_area_m2 else "",
            et.index_nl or "",
            str(et.brp_gewascode or ""),
        )
    out_console.print(table)


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for the demo results.")] = Path("demo_output"),
    data: Annotated[
        Path | None, typer.Option(help="Folder with polder.gpkg (default: sample_data/).")
    ] = None,
    report: Annotated[
        bool,
        typer.Option("--report/--no-report", help="Write the HTML report into OUT/report."),
    ] = True,
    lang: ReportLangOpt = "nl",
) -> None:
    """Run the main job on the generated sample polder and say where the results went."""
    from gbda_core.demo import run_demo

    language = check_report(None, lang)
    paths, result = run_demo(out, data, report=report, lang=language)
    report_problems(result.problems)
    summary(result)
    for path in paths:
        say(f"written: {path}")


def _write_import(result: ImportResult, out: Path) -> None:
    result.write(out)
    report_problems(result.problems)
    say(
        f"{len(result.elements)} elements and {len(result.rural_area)} rural-area polygons "
        f"written to {out}"
    )


@import_app.command("bgt")
def import_bgt(
    zip_path: Annotated[Path, typer.Argument(help="PDOK BGT download (.zip with bgt_*.gml).")],
    out: Annotated[Path, typer.Option(help="Output GeoPackage.")],
    classes: Annotated[
        Path | None, typer.Option(help="Own BGT class mapping (TOML, same format).")
    ] = None,
) -> None:
    """Import BGT: layers elements (field element_type) and rural_area."""
    from gbda_core.readers.bgt import read_bgt

    result = read_bgt(zip_path, classes=classes)
    _write_import(result, out)


@import_app.command("brp")
def import_brp(
    path: Annotated[str, typer.Argument(help="BRP gewaspercelen GeoPackage (PDOK layout).")],
    out: Annotated[Path, typer.Option(help="Output GeoPackage.")],
) -> None:
    """Import BRP gewaspercelen: landscape elements by gewascode, grass and arable as rural."""
    from gbda_core.readers.brp import read_brp

    result = read_brp(path)
    _write_import(result, out)
