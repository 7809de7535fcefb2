"""Words for suggestions and plans, in Dutch and English: numbers, classes, positions.

Dutch numbers use a point for thousands and a comma for decimals ("1.240 m", "2,1 ha"), English
ones the other way round.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Lang = Literal["nl", "en"]

SOIL = {"nl": {"veen": "veen", "klei": "klei", "zand": "zand"}, "en": {
    "veen": "peat", "klei": "clay", "zand": "sand"}}  # fmt: skip
#: Wetness as an adjective before "grond" / "soil".
WET_ADJ = {"nl": {"nat": "natte", "vochtig": "vochtige", "droog": "droge"}, "en": {
    "nat": "wet", "vochtig": "moist", "droog": "dry"}}  # fmt: skip
WET = {"nl": {"nat": "nat", "vochtig": "vochtig", "droog": "droog"}, "en": WET_ADJ["en"]}

CATEGORY_EN = {"houtig": "woody", "nat": "wet", "kruidig": "herbaceous"}

POSITION = {
    "nl": {
        "slootkant": "een slootkant",
        "perceelsrand": "een perceelsrand",
        "kopakker": "een kopakker",
        "erf": "een erf",
        "berm": "een wegberm",
        "kade": "een kade",
        "hoek": "een perceelshoek",
        "midden_perceel": "ruimte midden in een perceel",
    },
    "en": {
        "slootkant": "a ditch bank",
        "perceelsrand": "a field edge",
        "kopakker": "a headland",
        "erf": "a farmyard",
        "berm": "a road verge",
        "kade": "a kade (embankment)",
        "hoek": "a field corner",
        "midden_perceel": "room in the middle of a parcel",
    },
}
#: What the site lacks when no place for a position was found.
MISSING = {
    "nl": {
        "slootkant": "er ligt geen vrije slootkant langs",
        "perceelsrand": "er is geen vrije perceelsrand",
        "kopakker": "er is geen vrije kopakker",
        "erf": "er ligt geen erf in of langs",
        "berm": "er ligt geen weg langs",
        "kade": "er ligt geen kade langs",
        "hoek": "er is geen geschikte perceelshoek",
        "midden_perceel": "er is geen geschikt perceel",
    },
    "en": {
        "slootkant": "no free ditch bank borders the site",
        "perceelsrand": "there is no free field edge",
        "kopakker": "there is no free headland",
        "erf": "no farmyard lies in or beside the site",
        "berm": "no road borders the site",
        "kade": "no kade borders the site",
        "hoek": "there is no suitable field corner",
        "midden_perceel": "there is no suitable parcel",
    },
}
#: The context layer that would let a position be judged.
LAYER = {
    "nl": {"water": "waterlaag", "road": "wegenlaag", "kade": "kadelaag", "erf": "erflaag"},
    "en": {"water": "water layer", "road": "road layer", "kade": "kade layer", "erf": "erf layer"},
}


def number(value: float, lang: Lang, decimals: int = 0) -> str:
    """Format a number with the language's separators."""
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def metres(value: float, lang: Lang) -> str:
    """Format a length: "320 m", "1.240 m"."""
    return f"{number(value, lang)} m"


def area(value_m2: float, lang: Lang) -> str:
    """Format an area: m² below a hectare ("450 m²"), else ha with one decimal ("2,1 ha")."""
    if value_m2 < 10_000:
        return f"{number(value_m2, lang)} m²"
    return f"{number(value_m2 / 10_000, lang, 1)} ha"


def percent(fraction: float, lang: Lang) -> str:
    """Format a fraction 0-1 as a whole percentage: "40 %"."""
    return f"{number(100 * fraction, lang)} %"


def euro(value: float, lang: Lang) -> str:
    """Format an amount in euro: "€ 1.250" / "€1,250"."""
    return f"€ {number(value, lang)}" if lang == "nl" else f"€{number(value, lang)}"


def join(items: Sequence[str], lang: Lang, word: Literal["or", "and"] = "or") -> str:
    """Join words: "veen, klei of zand" / "peat, clay or sand"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    last = {"nl": {"or": "of", "and": "en"}, "en": {"or": "or", "and": "and"}}[lang][word]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def classes_text(
    fractions: dict[str, float], names: dict[str, str], lang: Lang, known_only: bool = True
) -> str:
    """Describe a mix of classes: "veen" or "veen (60 %) en klei (40 %)"."""
    known = {k: v for k, v in fractions.items() if k != "?" or not known_only}
    if len(known) == 1:
        return names.get(next(iter(known)), "?")
    parts = [
        f"{names.get(k, '?' if lang == 'en' else 'onbekend')} ({percent(v, lang)})"
        for k, v in sorted(known.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return join(parts, lang, "and")
