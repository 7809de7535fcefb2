"""Data problems found while reading and computing: reported, never silently dropped."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import pandas as pd

#: Columns of the problems table, in output order.
PROBLEM_COLUMNS = ("kind", "source", "layer", "value", "count", "rows", "action", "message")

#: How many row numbers a problem lists before it says "and N more".
MAX_ROWS_LISTED = 20


@dataclass(frozen=True)
class Problem:
    """One kind of data problem in one layer, with the rows (feature ids) it concerns.

    ``kind`` is a stable code scripts can rely on (``unmapped_type``, ``repaired_geometry``,
    ``null_geometry``, ``outside_areas``, ...); ``action`` says what gbda did about it
    (``skipped``, ``repaired``, ``counted``, ``not_counted``, ``warning``).
    """

    kind: str
    message: str
    action: str
    source: str = ""
    layer: str = ""
    value: str = ""
    count: int = 0
    rows: tuple[int, ...] = field(default_factory=tuple)

    def rows_text(self) -> str:
        """Row numbers as text, shortened after :data:`MAX_ROWS_LISTED`."""
        shown = ", ".join(str(r) for r in self.rows[:MAX_ROWS_LISTED])
        more = len(self.rows) - MAX_ROWS_LISTED
        return shown + (f" and {more} more" if more > 0 else "")

    def one_line(self) -> str:
        """Return a one-line human-readable summary."""
        where = "|".join(x for x in (self.source, self.layer) if x)
        value = f" {self.value!r}" if self.value else ""
        rows = f" (rows {self.rows_text()})" if self.rows else ""
        prefix = f"{where}: " if where else ""
        count = f"{self.count} x " if self.count else ""
        return f"{prefix}{self.kind}{value}: {count}{self.message}{rows}"


def problem_for_rows(
    kind: str,
    rows: Sequence[int] | Iterable[int],
    message: str,
    action: str,
    *,
    source: str = "",
    layer: str = "",
    value: str = "",
) -> Problem:
    """Build a :class:`Problem` whose count is the number of rows given."""
    row_tuple = tuple(int(r) for r in rows)
    return Problem(
        kind=kind,
        message=message,
        action=action,
        source=source,
        layer=layer,
        value=value,
        count=len(row_tuple),
        rows=row_tuple,
    )


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Return problems as a table with :data:`PROBLEM_COLUMNS` (rows as text)."""
    records = []
    for p in problems:
        rec = asdict(p)
        rec["rows"] = p.rows_text()
        records.append(rec)
    return pd.DataFrame.from_records(records, columns=list(PROBLEM_COLUMNS))


def problems_from_frame(frame: pd.DataFrame) -> list[Problem]:
    """Return problems read back from a table written by :func:`problems_frame`.

    Only the listed rows come back (the first :data:`MAX_ROWS_LISTED`); ``count`` keeps the
    total.
    """
    problems = []
    for rec in frame.to_dict(orient="records"):
        listed = str(rec.get("rows") or "").split(" and ")[0]
        count = rec.get("count")
        problems.append(
            Problem(
                kind=str(rec.get("kind") or ""),
                message=str(rec.get("message") or ""),
                action=str(rec.get("action") or ""),
                source=str(rec.get("source") or ""),
                layer=str(rec.get("layer") or ""),
                value=str(rec.get("value") or ""),
                count=int(count) if count == count and count is not None else 0,
                rows=tuple(int(r) for r in re.findall(r"-?\d+", listed)),
            )
        )
    return problems
