"""``gbda report``: an HTML report with maps and charts from a written share or plan result.

The ``--report DIR`` option of ``gbda share``, ``gbda plan`` and ``gbda progress`` (and
``gbda demo``, by default) writes the same report straight from a run; the options they share
are defined here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gbda_core.cli.app import app, say
from gbda_core.errors import InputError

if TYPE_CHECKING:
    from gbda_core.report.strings import Lang

ReportOpt = Annotated[
    Path | None,
    typer.Option(
        "--report",
        help="Also write an HTML report with maps and charts (self-contained, with PNG/SVG "
        "figures) into this folder.",
    ),
]
ReportLangOpt = Annotated[str, typer.Option("--lang", help="Language of the report: nl or en.")]


def check_report(report: Path | None, lang: str) -> Lang:
    """Refuse a bad report folder or language before any work is done; return the language."""
    from gbda_core.report.html import check_report_folder
    from gbda_core.report.strings import check_lang

    language = check_lang(lang)
    if report is not None:
        check_report_folder(report)
    return language


def said_report(path: Path) -> None:
    """Tell where the report went (one line on stderr)."""
    say(f"report written to {path}", err=True)


@app.command("report")
def report_command(
    result: Annotated[
        Path, typer.Argument(help="A share result (.gpkg from gbda share) or a plan (gbda plan).")
    ],
    out: Annotated[Path, typer.Option(help="Folder for the report (made when missing).")],
    lang: ReportLangOpt = "nl",
    title: Annotated[str | None, typer.Option(help="Title of the report.")] = None,
) -> None:
    """Write an HTML report (maps, charts, tables) of a share result or a plan GeoPackage."""
    from gbda_core.readers.ogr import LayerSpec, list_layers

    language = check_report(out, lang)
    if result.suffix.lower() != ".gpkg" or not result.is_file():
        raise InputError(
            "no such GeoPackage" if not result.is_file() else "not a GeoPackage",
            source=str(result),
            hint="give the .gpkg written by gbda share or gbda plan",
        )
    layers = set(list_layers(LayerSpec(result)))
    if {"share", "settings"} <= layers:
        from gbda_core.report.share import write_share_report
        from gbda_core.results import read_share

        path = write_share_report(read_share(result), out, language, title=title)
    elif {"layout", "summary"} <= layers:
        from gbda_core.report.plan import read_plan_tables, write_plan_report

        path = write_plan_report(read_plan_tables(result), out, language, title=title)
    elif {"elements", "schema_version"} <= layers:
        raise InputError(
            "this is a progress register",
            source=str(result),
            hint=f"use: gbda progress --store {result} --report {out}",
        )
    else:
        raise InputError(
            "not a gbda share result or plan",
            source=str(result),
            hint="give the .gpkg written by gbda share or gbda plan",
        )
    said_report(path)
