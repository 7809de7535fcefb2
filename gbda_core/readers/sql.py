"""SQL text for sources read or written through SQLite or OGR SQL."""

from __future__ import annotations


def q(name: str) -> str:
    """Quote an SQL identifier (SQLite and OGR SQL quote alike)."""
    return '"' + name.replace('"', '""') + '"'
