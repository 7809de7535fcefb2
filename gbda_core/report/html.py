"""Render a report to one self-contained HTML page and write it with its figures, atomically.

The page needs nothing from a network: the figures are embedded as ``data:`` URIs, the CSS and
the few lines of JavaScript that sort the tables are inlined. The same figures are written
beside the page as PNG (and SVG for the charts) for slides and print. Templates are jinja2 with
autoescaping on: every value from the data is escaped.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from gbda_core import __version__
from gbda_core.errors import InputError
from gbda_core.report.figures import FigureFile
from gbda_core.report.strings import Lang, check_lang, text


@dataclass(frozen=True)
class Cell:
    """One table cell: the text shown, the value it sorts on, a CSS class and a link."""

    text: str
    sort: str | float | None = None
    css: str = ""
    href: str = ""


@dataclass(frozen=True)
class Column:
    """A table column: its heading and whether it holds numbers (sorted and aligned as such)."""

    label: str
    numeric: bool = False


@dataclass
class Table:
    """A table for the page; ``sortable`` tables sort on a click on a heading."""

    id: str
    columns: list[Column]
    rows: list[list[Cell]]
    caption: str = ""
    sortable: bool = True
    footer: list[Cell] | None = None


@dataclass
class Report:
    """A rendered report: the file stem, the HTML text and its figures."""

    stem: str
    html: str
    figures: list[FigureFile] = field(default_factory=list)

    def files(self) -> dict[str, bytes]:
        """File name to content: the page and every figure (PNG, SVG)."""
        out: dict[str, bytes] = {}
        for fig in self.figures:
            out.update(fig.files())
        out[f"{self.stem}.html"] = self.html.encode("utf-8")
        return out


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("gbda_core.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _static(name: str) -> Markup:
    """Return an asset of ours (CSS, JS) to inline as is."""
    path = resources.files("gbda_core.report").joinpath("templates", name)
    return Markup(path.read_text(encoding="utf-8"))  # our own file, not data


def render_page(template: str, lang: Lang, **context: Any) -> str:
    """Render ``template`` with the context, the language's strings and the inlined assets."""
    check_lang(lang)

    def t(key: str, **values: object) -> str:
        return text(key, lang, **values)

    page = _environment().get_template(template)
    return page.render(
        lang=lang,
        t=t,
        css=_static("report.css"),
        script=_static("sortable.js"),
        version=__version__,
        made_on=dt.date.today().isoformat(),
        **context,
    )


def check_report_folder(folder: str | Path) -> Path:
    """Fail early, before any work, when the report folder cannot be made.

    The folder may exist (files of the same report are replaced) or not (it is created), but
    its parent must exist and it must not be a file.
    """
    folder = Path(folder)
    parent = folder.parent if str(folder.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise InputError(
            "the report folder is a file", source=str(folder), hint="give a folder name"
        )
    if not parent.is_dir():
        raise InputError(
            "the report folder's parent does not exist", source=str(parent), hint="create it first"
        )
    return folder


def write_report(report: Report, folder: str | Path) -> Path:
    """Write the page and its figures into ``folder``; return the path of the page.

    All files are written to a temporary folder beside ``folder`` first. A new folder is then
    renamed into place whole; into an existing one each file is renamed (the page last), so a
    failed run never leaves a half-written file.
    """
    folder = check_report_folder(folder)
    parent = folder.parent if str(folder.parent) else Path(".")
    tmp: Path | None = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=parent))
    assert tmp is not None
    try:
        files = report.files()
        for name, content in files.items():
            (tmp / name).write_bytes(content)
        if not folder.exists():
            os.chmod(tmp, 0o777 & ~_umask())
            os.replace(tmp, folder)
            tmp = None
        else:
            for name in sorted(files, key=lambda n: n.endswith(".html")):
                os.replace(tmp / name, folder / name)
    finally:
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp)
    return folder / f"{report.stem}.html"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
