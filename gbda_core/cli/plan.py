"""``gbda suggest`` and ``gbda plan``: which natuurbouwstenen fit a site, and a layout for it."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from gbda_core import wording as w
from gbda_core.cli.app import app, out_console, report_problems, run_with_progress, say
from gbda_core.cli.report import ReportOpt, check_report, said_report
from gbda_core.errors import GbdaError
from gbda_core.feedback import Feedback

if TYPE_CHECKING:
    from gbda_core.plan import Plan
    from gbda_core.readers.ogr import LayerSpec
    from gbda_core.site import SiteContext

SiteOpt = Annotated[
    str, typer.Option("--site", help="Parcels or farm polygon: PATH[|layername=L].")
]
SiteLayerOpt = Annotated[str | None, typer.Option(help="Layer in the site file.")]
IdFieldOpt = Annotated[str | None, typer.Option(help="Field with parcel ids (default: fid).")]
SoilOpt = Annotated[str | None, typer.Option(help="Soil of the whole site: veen, klei or zand.")]
WetOpt = Annotated[
    str | None, typer.Option(help="Wetness of the whole site: nat, vochtig or droog.")
]
ContextOpt = Annotated[
    list[str] | None,
    typer.Option(
        help="Context layer KIND=PATH[|layername=L] (kinds: water, road, building, erf, kade, "
        "elements, soil, wetness), or a PATH whose name says it (sloten, wegen, ...). Repeatable."
    ),
]
TypeFieldOpt = Annotated[str, typer.Option(help="Type field of element layers.")]
WidthFieldOpt = Annotated[str | None, typer.Option(help="Width field (m) of element layers.")]
MappingOpt = Annotated[Path | None, typer.Option(help="Type mapping file for element layers.")]
CatalogueOpt = Annotated[
    Path | None, typer.Option(help="Folder of bouwsteen files (default: the shipped catalogue).")
]
LangOpt = Annotated[str, typer.Option(help="Language of the reasons: nl or en.")]
CrsOpt = Annotated[str, typer.Option(help="Working CRS, projected metric.")]
AssumeOpt = Annotated[str | None, typer.Option(help="CRS of layers that have none.")]


def _site_spec(site: str, site_layer: str | None) -> LayerSpec:
    from gbda_core.readers.ogr import parse_layer_spec

    return parse_layer_spec(site, site_layer)


def _site_options(
    id_field: str | None,
    soil: str | None,
    wetness: str | None,
    context: list[str] | None,
    type_field: str,
    width_field: str | None,
    mapping: Path | None,
    crs: str,
    assume_crs: str | None,
) -> dict[str, Any]:
    """Return the options of :func:`gbda_core.site_io.site_from_files` both commands share."""
    return {
        "id_field": id_field,
        "context": context or [],
        "soil": soil,
        "wetness": wetness,
        "type_field": type_field,
        "width_field": width_field,
        "mapping": mapping,
        "crs": crs,
        "assume_crs": assume_crs,
    }


def _check_lang(lang: str) -> None:
    if lang not in ("nl", "en"):
        raise GbdaError(f"unknown language {lang!r}", hint="use nl or en")


@app.command("suggest")
def suggest_command(
    site: SiteOpt,
    site_layer: SiteLayerOpt = None,
    id_field: IdFieldOpt = None,
    soil: SoilOpt = None,
    wetness: WetOpt = None,
    context: ContextOpt = None,
    type_field: TypeFieldOpt = "element_type",
    width_field: WidthFieldOpt = None,
    mapping: MappingOpt = None,
    catalogue: CatalogueOpt = None,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    lang: LangOpt = "nl",
    crs: CrsOpt = "EPSG:28992",
    assume_crs: AssumeOpt = None,
) -> None:
    """Rank all natuurbouwstenen for a site, with a fit score and the reasons (nl and en)."""
    from gbda_core.suggest import suggest
    from natuurbouwstenen import load_catalogue

    _check_lang(lang)
    if format not in ("table", "json"):
        raise GbdaError(f"unknown format {format!r}", hint="use table or json")
    books = load_catalogue(catalogue)

    def work(feedback: Feedback) -> SiteContext:
        from gbda_core.site_io import site_from_files

        return site_from_files(
            _site_spec(site, site_layer),
            feedback=feedback,
            **_site_options(
                id_field, soil, wetness, context, type_field, width_field, mapping, crs, assume_crs
            ),
        )

    ctx = run_with_progress(work)
    ranking = suggest(ctx, books)
    report_problems(ctx.problems)
    if format == "json":
        payload = {
            "site": {
                "parcels": len(ctx.parcels),
                "area_ha": round(ctx.area_m2 / 1e4, 4),
                "soil": ctx.fractions("soil"),
                "wetness": ctx.fractions("wetness"),
                "context": sorted(ctx.given),
            },
            "catalogue": books.source,
            "suggestions": [s.as_dict() for s in ranking],
        }
        out_console.print_json(json.dumps(payload, ensure_ascii=False))
        return
    title = "Natuurbouwstenen voor deze plek" if lang == "nl" else "Natuurbouwstenen for this site"
    table = Table(title=title, show_lines=False)
    for col in ("#", "id", "score", "status" if lang == "en" else "oordeel", "reasons" if
                lang == "en" else "waarom"):  # fmt: skip
        table.add_column(col, justify="right" if col in ("#", "score") else "left")
    for s in ranking:
        verdict = ("fits" if lang == "en" else "past") if s.fits else (
            "excluded" if lang == "en" else "valt af")  # fmt: skip
        table.add_row(
            str(s.rank),
            s.bouwsteen.id,
            f"{s.score:.1f}",
            verdict,
            "\n".join(r.text(lang) for r in s.reasons),  # type: ignore[arg-type]
        )
    out_console.print(table)


@app.command("plan")
def plan_command(
    site: SiteOpt,
    out: Annotated[Path, typer.Option(help="Output GeoPackage (layout, summary, goals, ...).")],
    site_layer: SiteLayerOpt = None,
    id_field: IdFieldOpt = None,
    soil: SoilOpt = None,
    wetness: WetOpt = None,
    context: ContextOpt = None,
    target_share: Annotated[
        float | None, typer.Option(help="Goal: GBDA share of the site, % of its rural area.")
    ] = None,
    target_woody_share: Annotated[
        float | None, typer.Option(help="Goal: woody share, % of the element area.")
    ] = None,
    target_hedge_m: Annotated[
        float | None, typer.Option(help="Goal: metres of new hedge (heg, haag, houtwal, singel).")
    ] = None,
    budget: Annotated[float | None, typer.Option(help="Largest aanleg cost, EUR.")] = None,
    objective: Annotated[
        str, typer.Option(help="Least 'cost' (aanleg + beheer years) or productive 'land'.")
    ] = "cost",
    beheer_years: Annotated[
        float, typer.Option(help="Years of beheer counted in the cost objective.")
    ] = 6.0,
    method: Annotated[
        str, typer.Option(help="auto (exact up to --exact-max candidates), exact or heuristic.")
    ] = "auto",
    exact_max: Annotated[
        int, typer.Option(help="Largest number of candidates 'auto' solves exactly.")
    ] = 20_000,
    time_limit: Annotated[
        float, typer.Option(help="Time limit of the exact solver, s (then: best plan so far).")
    ] = 60.0,
    bouwsteen: Annotated[
        list[str] | None, typer.Option(help="Only this bouwsteen id (repeatable).")
    ] = None,
    type_field: TypeFieldOpt = "element_type",
    width_field: WidthFieldOpt = None,
    mapping: MappingOpt = None,
    catalogue: CatalogueOpt = None,
    format: Annotated[str, typer.Option("--format", help="Summary as table or json.")] = "table",
    lang: Annotated[str, typer.Option(help="Language of the summary and report: nl or en.")] = (
        "nl"
    ),
    crs: CrsOpt = "EPSG:28992",
    assume_crs: AssumeOpt = None,
    report: ReportOpt = None,
) -> None:
    """Plan a layout of natuurbouwstenen that reaches a goal, and write it as a GeoPackage."""
    from gbda_core.optimise import Goal, check_settings
    from gbda_core.plan_report import check_plan_path, plan_summary
    from gbda_core.planning import plan_from_files
    from natuurbouwstenen import load_catalogue

    language = check_report(report, lang)
    check_plan_path(out)
    if format not in ("table", "json"):
        raise GbdaError(f"unknown format {format!r}", hint="use table or json")
    goals = [
        Goal(kind, value)  # type: ignore[arg-type]
        for kind, value in (
            ("share", target_share),
            ("woody_share", target_woody_share),
            ("hedge_m", target_hedge_m),
        )
        if value is not None
    ]
    if not goals:
        raise GbdaError(
            "no goal given", hint="give --target-share, --target-woody-share or --target-hedge-m"
        )
    check_settings(goals, objective, budget, method)
    books = load_catalogue(catalogue)

    def work(feedback: Feedback) -> Plan:
        result = plan_from_files(
            _site_spec(site, site_layer),
            goals,
            out=out,
            catalogue=books,
            objective=objective,  # type: ignore[arg-type]
            budget=budget,
            beheer_years=beheer_years,
            bouwstenen=bouwsteen,
            method=method,  # type: ignore[arg-type]
            exact_max=exact_max,
            time_limit=time_limit,
            feedback=feedback,
            **_site_options(
                id_field, soil, wetness, context, type_field, width_field, mapping, crs, assume_crs
            ),
        )
        if report is not None:
            from gbda_core.report.plan import write_plan_report

            feedback.step("writing the report")
            write_plan_report(result, report, language)
        return result

    result = run_with_progress(work)
    report_problems(result.problems)
    summary = plan_summary(result)
    if format == "json":
        clean = {k: (None if isinstance(v, float) and math.isnan(v) else v)
                 for k, v in summary.items()}  # fmt: skip
        out_console.print_json(json.dumps(clean, ensure_ascii=False))
    else:
        _print_plan(result, summary, lang)
    say(f"plan written to {out}", err=True)
    if report is not None:
        said_report(report / "plan_report.html")


def _print_plan(result: Plan, summary: dict[str, Any], lang: str) -> None:
    nl = lang == "nl"
    lay = result.layout
    table = Table(title="Geplande elementen" if nl else "Planned elements")
    heads = ("bouwsteen", "aantal", "lengte m", "oppervlak m²", "aanleg €", "beheer €/jaar")
    if not nl:
        heads = ("bouwsteen", "count", "length m", "area m²", "aanleg €", "beheer €/year")
    for h in heads:
        table.add_column(h, justify="left" if h == "bouwsteen" else "right")
    if len(lay):
        groups = lay.groupby("bouwsteen_id", sort=True).agg(
            n=("element_id", "size"),
            length=("length_m", "sum"),
            area=("area_m2", "sum"),
            aanleg=("aanleg_eur", "sum"),
            beheer=("beheer_eur_per_year", "sum"),
        )
        lang_: w.Lang = "nl" if nl else "en"
        for bid, row in groups.iterrows():
            cells = (row["length"], row["area"], row["aanleg"], row["beheer"])
            table.add_row(str(bid), str(int(row["n"])), *(w.number(v, lang_) for v in cells))
    out_console.print(table)
    say(summary["message_nl" if nl else "message_en"])
