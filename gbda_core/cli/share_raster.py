"""The ``share-raster`` command: GBDA share per zone from a classified land-cover raster."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gbda_core.cli.app import app
from gbda_core.cli.report import ReportLangOpt, ReportOpt, check_report
from gbda_core.cli.share import (
    AssumeCrsOption,
    EngineOption,
    ExcludeOption,
    PartitionsOption,
    ProfileOption,
    Reading2030Option,
    RuralLayerOption,
    SchedulerOption,
    Target2030Option,
    Target2050Option,
    WorkersOption,
    compute_and_write,
    dask_options,
    make_targets,
)
from gbda_core.feedback import Feedback

if TYPE_CHECKING:
    from gbda_core.share import ShareResult


@app.command("share-raster")
def share_raster(
    zones: Annotated[str, typer.Option(help="Zones layer: PATH or PATH|layername=NAME.")],
    id_field: Annotated[str, typer.Option(help="Field of the zones layer that identifies them.")],
    raster: Annotated[
        list[str],
        typer.Option(
            help="Classified raster (GeoTIFF, COG, VRT); repeat for non-overlapping tiles."
        ),
    ],
    classes: Annotated[
        str,
        typer.Option(
            help='Raster values to element classes, e.g. "1,3=houtig;5=nat" (houtig, nat, '
            "kruidig, an element type, or nodata), or a .toml/.csv mapping file."
        ),
    ],
    out: Annotated[Path, typer.Option(help="Output file: .gpkg, .csv or .json.")],
    exclude: ExcludeOption = None,
    rural: Annotated[
        str | None, typer.Option(help="Layer that is the rural area (limits the denominator).")
    ] = None,
    rural_layer: RuralLayerOption = None,
    profile: ProfileOption = "aanvalsplan",
    crs: Annotated[
        str | None, typer.Option(help="Working CRS; must be the raster's (default: the raster's).")
    ] = None,
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
    """Share of landscape elements per zone from a classified raster (exact pixel fractions).

    Valid raster pixels in a zone's rural land are the denominator (rural_ha); pixels whose
    value the class mapping names are elements; nodata pixels count nowhere.
    """
    from gbda_core.raster import share_raster_from_files
    from gbda_core.raster_classes import parse_classes
    from gbda_core.readers.ogr import parse_layer_spec
    from gbda_core.results import check_output

    check_output(out)
    language = check_report(report, lang)
    class_map = parse_classes(classes)
    targets = make_targets(target_2030, target_2050, reading_2030)
    dask = dask_options(engine, workers, scheduler, partitions)

    def compute(feedback: Feedback) -> ShareResult:
        return share_raster_from_files(
            zones,
            raster,
            class_map,
            id_field=id_field,
            exclude=exclude or [],
            rural=str(parse_layer_spec(rural, rural_layer)) if rural else None,
            profile=profile,
            targets=targets,
            crs=crs,
            assume_crs=assume_crs,
            feedback=feedback,
            dask=dask,
        )

    compute_and_write(compute, out, report, language)
