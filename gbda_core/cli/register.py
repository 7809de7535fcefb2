"""``gbda register ...``: the register of planned and realised elements (GeoPackage or PostGIS)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from gbda_core.cli.app import app, out_console, run_with_progress, say
from gbda_core.errors import ConfigError, DataError
from gbda_core.feedback import Feedback

if TYPE_CHECKING:
    import pandas as pd

    from gbda_core.register import ImportReport, Register

register_app = typer.Typer(
    help="The progress register: planned and realised elements, with every change kept.",
    no_args_is_help=True,
)
app.add_typer(register_app, name="register")

Store = Annotated[
    str,
    typer.Option(
        "--store",
        envvar="GBDA_REGISTER",
        help="The register: a .gpkg file, postgresql://USER@HOST/DB (password in ~/.pgpass) "
        "or service=NAME. Default: register.gpkg here, or $GBDA_REGISTER.",
    ),
]
Schema = Annotated[
    str | None, typer.Option(help="PostgreSQL schema of the register (default gbda_register).")
]
User = Annotated[str | None, typer.Option(help="Who makes the change (default: your login name).")]
DEFAULT_STORE = "register.gpkg"


def _open(store: str, schema: str | None) -> Register:
    from gbda_core.register import open_register

    return open_register(store, schema=schema)


@register_app.command("init")
def init(store: Store = DEFAULT_STORE, schema: Schema = None) -> None:
    """Create the register, or upgrade an older one; harmless when it is up to date."""
    with _open(store, schema) as reg:
        before = reg.schema_version()
        version = reg.init()
        upgraded = f", upgraded from {before}" if before and before < version else ""
        say(f"register ready: {reg.location} (schema version {version}{upgraded})")


def parse_field_map(pairs: list[str]) -> dict[str, str]:
    """Turn ``FIELD=SOURCE`` options into ``{register field: source field}``."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, source = pair.partition("=")
        if not sep or not field.strip():
            raise ConfigError(
                f"bad field mapping {pair!r}", hint="write --map FIELD=SOURCE, e.g. planted=datum"
            )
        mapping[field.strip()] = source.strip()
    return mapping


def _print_rejected(report: ImportReport) -> None:
    for row in report.rejected:
        say(f"rejected {row.one_line()}", err=True)


@register_app.command("import")
def import_(
    path: Annotated[str, typer.Argument(help="Elements layer: PATH or PATH|layername=NAME.")],
    layer: Annotated[str | None, typer.Option(help="Layer in the file.")] = None,
    map: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="Register field from a source field: FIELD=SOURCE (repeatable); "
            "FIELD= ignores the source's field of that name.",
        ),
    ] = None,
    type_mapping: Annotated[
        Path | None, typer.Option(help="Mapping file for type values (.toml, .yaml, .csv).")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Import nothing when any row is bad.")
    ] = False,
    status: Annotated[
        str, typer.Option(help="Status of rows that give none (and no date implying one).")
    ] = "gepland",
    programme: Annotated[str, typer.Option(help="Programme of rows that give none.")] = "400 km",
    assume_crs: Annotated[str | None, typer.Option(help="CRS of a layer without one.")] = None,
    user: User = None,
    store: Store = DEFAULT_STORE,
    schema: Schema = None,
) -> None:
    """Import planned or planted elements; the same batch again adds nothing.

    Rejected rows print one line each on stderr (file|layer: row N: reason). Exit status 2 when
    --strict refused the batch or no row could be imported.
    """
    from gbda_core.register import ImportAborted

    mapping = parse_field_map(map or [])
    with _open(store, schema) as reg:

        def work(feedback: Feedback) -> ImportReport:
            return reg.import_layer(
                path,
                layer=layer,
                mapping=mapping,
                type_mapping=type_mapping,
                strict=strict,
                status=status,
                programme=programme,
                user=user,
                assume_crs=assume_crs,
                feedback=feedback,
            )

        try:
            report = run_with_progress(work)
        except ImportAborted as exc:
            _print_rejected(exc.report)
            raise
    _print_rejected(report)
    say(report.summary())
    if report.rows and not (report.added or report.updated or report.unchanged):
        raise DataError(
            "no row could be imported",
            source=report.source,
            layer=report.layer or None,
            hint="see the rejected rows above",
        )


@register_app.command("set-status")
def set_status(
    element_id: Annotated[str, typer.Argument(help="The element's id (UUID).")],
    status: Annotated[str, typer.Argument(help="aangelegd, gecontroleerd or verdwenen.")],
    date: Annotated[
        str | None, typer.Option(help="Date of the event, YYYY-MM-DD (default: today).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="New note for the element.")] = None,
    expected_version: Annotated[
        int | None,
        typer.Option(help="Refuse the change if the element is no longer at this version."),
    ] = None,
    user: User = None,
    store: Store = DEFAULT_STORE,
    schema: Schema = None,
) -> None:
    """Move an element to a new status (sets planted, checked or removed)."""
    with _open(store, schema) as reg:
        version = reg.set_status(
            element_id, status, date, user=user, note=note, expected_version=expected_version
        )
    say(f"{element_id}: {status.strip().lower()} (version {version})")


@register_app.command("history")
def history(
    element_id: Annotated[
        str | None, typer.Argument(help="Only this element (id); default all.")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(help="Show the register as it stood then (YYYY-MM-DD or ISO time)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    store: Store = DEFAULT_STORE,
    schema: Schema = None,
) -> None:
    """Show the changes (one row each), or with --at the state of the register at that time."""
    if format not in ("table", "json", "csv"):
        raise ConfigError(f"unknown format {format!r}", hint="use table, json or csv")
    from gbda_core.register.records import element_id as parse_id

    with _open(store, schema) as reg:
        if at is None:
            frame = reg.history(element_id)
            title = "changes"
        else:
            state = reg.current(at=at)
            if element_id is not None:
                state = state[state["id"] == parse_id(element_id)]
            frame = state.drop(columns="geometry")
            title = f"register at {at}"
    _show(frame, format, title)


@register_app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="Output file: .gpkg (state + history) or .csv.")],
    at: Annotated[
        str | None, typer.Option(help="Export the register as it stood then (YYYY-MM-DD).")
    ] = None,
    store: Store = DEFAULT_STORE,
    schema: Schema = None,
) -> None:
    """Write the register (now, or at a past date) to a GeoPackage or CSV file."""
    with _open(store, schema) as reg:
        path = reg.export(out, at=at)
    say(f"written: {path}")


#: Columns the terminal table shows (json and csv carry all of them).
TABLE_COLUMNS = {
    "changes": ("element_id", "version", "changed_at", "changed_by", "action", "status", "changed"),
    "state": ("id", "element_type", "status", "planned", "planted", "checked", "removed",
              "length_m", "version"),
}  # fmt: skip


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with dates as YYYY-MM-DD and change times as ISO 8601 UTC text."""
    from gbda_core.register.model import DATE_FIELDS

    out = frame.copy()
    for column in DATE_FIELDS:
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    if "changed_at" in out:
        out["changed_at"] = out["changed_at"].dt.strftime("%Y-%m-%dT%H:%M:%S.%f").str[:-3] + "Z"
    return out.astype(object).where(out.notna(), None)


def _show(frame: pd.DataFrame, format: str, title: str) -> None:
    plain = _plain(frame)
    if format == "csv":
        sys.stdout.write(plain.to_csv(index=False))
        return
    if format == "json":
        records = plain.to_dict(orient="records")
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
        return
    shown = list(TABLE_COLUMNS["changes" if "changed_at" in plain else "state"])
    table = Table(title=f"{title} ({len(plain)})")
    for column in shown:
        ids = column in ("id", "element_id")
        table.add_column(column, no_wrap=ids, min_width=36 if ids else None, overflow="fold")
    for row in plain[shown].itertuples(index=False):
        table.add_row(*("" if v is None else _cell(v) for v in row))
    out_console.print(table)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)
