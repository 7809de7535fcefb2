"""Months of a management period, read from the catalogue's Dutch season text.

The season texts are free Dutch (``"1 oktober - 15 maart (buiten het broedseizoen)"``,
``"september-november"``, ``"inzaaien voorjaar; maaien augustus-september"``). Ranges, single
months and the four seasons are read; a text that names a rest period, a "not before", an
"after" or "outside" gives no months (None), because marking months there would say the
opposite of what is meant. Remarks in brackets do not change the period.
"""

from __future__ import annotations

import re

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
#: Meteorological seasons (first and last month).
SEASONS = {
    "voorjaar": (3, 5),
    "lente": (3, 5),
    "zomer": (6, 8),
    "najaar": (9, 11),
    "herfst": (9, 11),
    "winter": (12, 2),
}
#: Words that turn a period around or make it conditional: no months are marked.
CAUTION = re.compile(r"\b(rust\w*|niet|na|voor|vanaf|blijft|buiten)\b")

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?:\d{1,2}\s+|half\s+|eind\s+|begin\s+|medio\s+)?"
_RANGE = re.compile(rf"{_DAY}\b({_MONTH})\b\s*(?:-|–|tot)\s*{_DAY}\b({_MONTH})\b")
_SINGLE = re.compile(rf"\b({_MONTH}|{'|'.join(SEASONS)})\b")


def month_span(first: int, last: int) -> set[int]:
    """Months from ``first`` to ``last`` (1-12), across the new year when ``last < first``."""
    if last >= first:
        return set(range(first, last + 1))
    return set(range(first, 13)) | set(range(1, last + 1))


def season_months(season: str) -> frozenset[int] | None:
    """Months (1-12) the period in ``season`` touches, or None when it cannot be read safely."""
    text = re.sub(r"\([^)]*\)", " ", season.lower())
    if CAUTION.search(text):
        return None
    months: set[int] = set()
    for match in _RANGE.finditer(text):
        months |= month_span(MONTHS[match.group(1)], MONTHS[match.group(2)])
    rest = _RANGE.sub(" ", text)
    for match in _SINGLE.finditer(rest):
        word = match.group(1)
        months |= month_span(*SEASONS[word]) if word in SEASONS else {MONTHS[word]}
    return frozenset(months) if months else None
