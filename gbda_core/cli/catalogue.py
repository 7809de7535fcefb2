"""``gbda catalogue list|show|validate``: browse and check the natuurbouwstenen catalogue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from gbda_core.cli.app import app, out_console, say
from gbda_core.errors import GbdaError

if TYPE_CHECKING:
    from natuurbouwstenen import Bouwsteen, Catalogue
    from natuurbouwstenen.schema import Cost, Dimension

catalogue_app = typer.Typer(
    help="Browse and check the natuurbouwstenen catalogue (shipped, or a province's own).",
    no_args_is_help=True,
)
app.add_typer(catalogue_app, name="catalogue")

FolderOption = Annotated[
    Path | None,
    typer.Option("--folder", help="A province's catalogue folder (default: the shipped one)."),
]
FormatOption = Annotated[str, typer.Option("--format", help="table or json")]

_UNITS = {"eur_per_m": "per m", "eur_per_m2": "per m²", "eur_per_ha": "per ha"}


def _format(value: str) -> str:
    if value not in ("table", "json"):
        raise GbdaError(f"unknown format {value!r}", hint="use table or json")
    return value


def _load(folder: Path | None) -> Catalogue:
    from natuurbouwstenen import load_catalogue

    return load_catalogue(folder)


def _json(data: Any) -> None:
    say(json.dumps(data, ensure_ascii=False, indent=2))


@catalogue_app.command("list")
def list_bouwstenen(
    group: Annotated[
        str | None, typer.Option(help="Only this group (water_en_oever, houtig, ...).")
    ] = None,
    folder: FolderOption = None,
    format: FormatOption = "table",
) -> None:
    """List the bouwstenen: id, name, group, geometry, element type and GBDA category."""
    _format(format)
    catalogue = _load(folder)
    rows = catalogue.rows(group=group)
    if format == "json":
        _json(rows)
        return
    columns = ("id", "name", "group", "geometry", "counts_as", "category")
    table = Table(title=f"Natuurbouwstenen ({len(rows)} of {len(catalogue)})")
    for column in columns:
        table.add_column(column, no_wrap=True)
    for row in rows:
        table.add_row(*(Text(row[c] or "-") for c in columns))
    # Ids and codes are copied into commands and files: print the table as wide as it needs
    # rather than cut them (a pipe or file gets 80 columns by default).
    needed = 1 + sum(3 + max([len(c)] + [len(r[c] or "-") for r in rows]) for c in columns)
    wide = Console(file=out_console.file, width=max(out_console.width, needed))
    wide.print(table)


@catalogue_app.command("show")
def show(
    bouwsteen_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the bouwsteen.")],
    folder: FolderOption = None,
    format: FormatOption = "table",
) -> None:
    """Show every field of one bouwsteen."""
    _format(format)
    bouwsteen = _load(folder).get(bouwsteen_id)
    if format == "json":
        _json(bouwsteen.model_dump(mode="json"))
        return
    table = Table(title=f"{bouwsteen.name} ({bouwsteen.id})", show_header=False, box=None)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for label, value in _fields(bouwsteen):
        table.add_row(label, Text(value))
    out_console.print(table)


@catalogue_app.command("validate")
def validate(
    folder: Annotated[
        Path | None,
        typer.Argument(metavar="[DIR]", help="Catalogue folder (default: the shipped one)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Check every bouwsteen file; print each broken one on a line, exit 2 if any is broken."""
    from natuurbouwstenen import validate_catalogue

    if format not in ("text", "json"):
        raise GbdaError(f"unknown format {format!r}", hint="use text or json")
    check = validate_catalogue(folder)
    if format == "json":
        _json(
            {
                "source": check.source,
                "files": check.files,
                "valid": check.ok,
                "problems": [
                    {"file": p.source, "message": p.message, "hint": p.hint} for p in check.problems
                ],
            }
        )
    elif check.ok:
        say(f"OK: {check.files} bouwsteen files in {check.source} are valid")
    else:
        for problem in check.problems:
            say(str(problem), err=True)
        say(
            f"gbda: error: {len(check.problems)} of {check.files} bouwsteen files in "
            f"{check.source} are broken",
            err=True,
        )
    if not check.ok:
        raise typer.Exit(code=2)


def _fields(b: Bouwsteen) -> list[tuple[str, str]]:
    """Every field of a bouwsteen as (label, readable text), in schema order."""
    from gbda_core.vocabulary import load_vocabulary

    category = (
        "adds no GBDA area"
        if b.counts_as == "none"
        else f"GBDA category {load_vocabulary().get(b.counts_as).category}"
    )
    rows = [
        ("id", b.id),
        ("name", f"{b.name} ({b.name_en})"),
        ("description", b.description),
        ("description_en", b.description_en),
        ("group", b.group.value),
        ("geometry", b.geometry.value),
        ("counts_as", f"{b.counts_as} ({category})"),
        ("soils", ", ".join(b.soils)),
        ("wetness", ", ".join(b.wetness)),
        ("positions", ", ".join(b.positions)),
    ]
    units = {"width_m": "m", "length_m": "m", "area_m2": "m²", "spacing_m": "m"}
    for name, unit in units.items():
        dimension = getattr(b.dimensions, name)
        if dimension is not None:
            rows.append((f"dimensions.{name}", _dimension(dimension, unit)))
    rows += [
        ("ecology.target_species", ", ".join(b.ecology.target_species)),
        ("ecology.value", b.ecology.value),
    ]
    for aspect in ("water_retention", "cooling", "carbon", "erosion"):
        effect = getattr(b.climate, aspect)
        rows.append((f"climate.{aspect}", f"{effect.level}: {effect.note}"))
    rows += [
        ("management.actions", "; ".join(b.management.actions)),
        ("management.cycle", b.management.cycle),
        ("management.season", b.management.season),
        ("management.anlb_package", b.management.anlb_package),
        ("combinations", ", ".join(b.combinations) or "none"),
        ("costs.aanleg", _cost(b.costs.aanleg)),
        ("costs.beheer_per_year", _cost(b.costs.beheer_per_year)),
    ]
    rows += [("sources" if i == 0 else "", source) for i, source in enumerate(b.sources)]
    return rows


def _dimension(d: Dimension, unit: str) -> str:
    sizes = f"min {d.min:g}, typical {d.typical:g}" + (f", max {d.max:g}" if d.max else "")
    return f"{sizes} {unit} ({d.source})"


def _cost(cost: Cost) -> str:
    if cost.amount is None:
        return f"unknown ({cost.source})"
    unit = _UNITS.get(cost.unit, "per piece")
    kind = "estimate" if cost.estimate else "sourced"
    return f"EUR {cost.amount:,.2f} {unit}, {kind} ({cost.source})"
