"""The register's record rules as QGIS expressions, built from the core's own tables.

:mod:`gbda_core.register.model` says which statuses exist, which dates each status needs
(``REQUIRED_DATES``) and cannot have yet (``LATER_DATES``), and that the dates never go back in
the order ``DATE_FIELDS``. The attribute form of a register layer shows these rules as field
constraints; this module writes them as QGIS expressions so the form and the core judge a
record alike (``tests/plugin/test_register_layers.py`` checks that on random records). No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable

from gbda_core.register import Status
from gbda_core.register.model import DATE_FIELDS, LATER_DATES, REQUIRED_DATES


def quote_field(name: str) -> str:
    """A field name as a QGIS expression quotes it."""
    return '"' + name.replace('"', '""') + '"'


def quote_values(values: Iterable[str]) -> str:
    """``('a', 'b')``: text values for an expression's IN (...)."""
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def one_of(field: str, values: Iterable[str]) -> str:
    """The field is empty or one of ``values`` (emptiness is the not-null constraint's job)."""
    return f"{quote_field(field)} IS NULL OR {quote_field(field)} IN {quote_values(values)}"


def statuses() -> tuple[str, ...]:
    """The status values, in the order an element goes through them."""
    return tuple(s.value for s in Status)


def needs(date_field: str) -> tuple[str, ...]:
    """Statuses that need ``date_field``."""
    return tuple(s.value for s in Status if date_field in REQUIRED_DATES[s])


def excludes(date_field: str) -> tuple[str, ...]:
    """Statuses that cannot have ``date_field`` yet."""
    return tuple(s.value for s in Status if date_field in LATER_DATES[s])


def date_expression(date_field: str) -> str:
    """The rules for one date as a QGIS expression (true: the date is allowed).

    The date is not before any earlier date that is set, it is set when the status needs it,
    and it is empty when the status comes before it.
    """
    f, status = quote_field(date_field), quote_field("status")
    earlier = DATE_FIELDS[: DATE_FIELDS.index(date_field)]
    parts = [f"({quote_field(e)} IS NULL OR {f} >= {quote_field(e)})" for e in earlier]
    order = f"({f} IS NULL OR ({' AND '.join(parts)}))" if parts else ""
    rules = [order] if order else []
    if needs(date_field):
        rules.append(f"NOT ({status} IN {quote_values(needs(date_field))} AND {f} IS NULL)")
    if excludes(date_field):
        rules.append(f"NOT ({status} IN {quote_values(excludes(date_field))} AND {f} IS NOT NULL)")
    return " AND ".join(rules) if rules else "TRUE"
