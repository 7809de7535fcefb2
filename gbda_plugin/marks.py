"""Marking strings for translation where Qt is not wanted (modules testable without QGIS).

``build.py --update-ts`` collects every literal passed to ``tr_noop``; the code that shows the
string translates it with :func:`gbda_plugin.translation.tr`.
"""

from __future__ import annotations


def tr_noop(text: str) -> str:
    """Mark ``text`` for translation where it is defined; translate it later with ``tr``."""
    return text
