"""Pieces every report uses: key figures, the data-problem table, figure blocks, links."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gbda_core.problems import Problem
from gbda_core.report.figures import FigureFile
from gbda_core.report.html import Cell, Column, Table
from gbda_core.report.problem_texts import ACTIONS_NL, PROBLEM_KINDS_NL
from gbda_core.report.strings import Lang, num, text

_URL = re.compile(r"https?://[^\s)\]>,;]+")


@dataclass(frozen=True)
class KeyFigure:
    """A number in large type with what it is, and an optional note below."""

    value: str
    label: str
    note: str = ""


@dataclass(frozen=True)
class Block:
    """A figure on the page: the image, its caption and the files written beside the page."""

    figure: FigureFile
    caption: str
    files_label: str
    files: list[str]


def block(figure: FigureFile, caption: str, lang: Lang) -> Block:
    """Wrap a rendered figure with its caption and the names of its files."""
    return Block(figure, caption, text("also_as_file", lang), sorted(figure.files()))


def problems_table(problems: Sequence[Problem], lang: Lang) -> Table:
    """Return a table of the data problems: kind, layer (file name), value, count, rows."""
    heads = (
        "col_kind",
        "col_layer",
        "col_value",
        "col_count",
        "col_action",
        "col_message",
        "col_rows",
    )
    rows = []
    for p in problems:
        where = "|".join(x for x in (Path(p.source).name if p.source else "", p.layer) if x)
        kind, message, action = p.kind, p.message, p.action
        if lang == "nl":  # the codes and messages of the core are English; see problem_texts
            kind, message = PROBLEM_KINDS_NL.get(p.kind, (p.kind, p.message))
            action = ACTIONS_NL.get(p.action, p.action)
        rows.append(
            [
                Cell(kind),
                Cell(where),
                Cell(p.value),
                Cell(str(p.count), p.count, "num"),
                Cell(action),
                Cell(message),
                Cell(p.rows_text()),
            ]
        )
    columns = [Column(text(h, lang), numeric=h == "col_count") for h in heads]
    return Table("problems", columns, rows)


def source_cell(source: str) -> Cell:
    """Return a cell for a source text; its first URL becomes the link."""
    match = _URL.search(source)
    return Cell(source, href=match.group(0) if match else "")


def number_cell(value: Any, lang: Lang, decimals: int = 0) -> Cell:
    """Return a numeric cell in the language's style; NaN shows a dash and has no sort value."""
    v = float(value)
    return Cell(num(v, lang, decimals), None if math.isnan(v) else v, "num")


def as_float(value: Any) -> float:
    """Return a table value (numpy or pandas scalar) as a Python float."""
    return float(value)


def as_int(value: Any) -> int:
    """Return a table value (numpy or pandas scalar) as a Python int."""
    return int(value)
