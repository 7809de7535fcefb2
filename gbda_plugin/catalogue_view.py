"""What the catalogue browser shows: filters, labels and a bouwsteen's detail card as HTML.

No Qt here: the card is plain HTML built from the :class:`~natuurbouwstenen.schema.Bouwsteen`
model, so it can be tested without QGIS. Labels are marked with ``tr_noop`` and translated by
the ``tr`` the caller passes (the plugin's :func:`~gbda_plugin.translation.tr`).
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable
from html import escape

from gbda_core import wording
from gbda_core.vocabulary import Vocabulary, load_vocabulary
from natuurbouwstenen import Bouwsteen, Catalogue, Group
from natuurbouwstenen.schema import Cost, Dimension, Position, Soil, Wetness

from . import labels as option_labels
from .labels import GROUP_LABELS
from .marks import tr_noop

Translate = Callable[[str], str]

#: Filter values, in the catalogue schema's order.
GROUPS = tuple(g.value for g in Group)
SOILS: tuple[str, ...] = typing.get_args(Soil)
WETNESS: tuple[str, ...] = typing.get_args(Wetness)
POSITIONS: tuple[str, ...] = typing.get_args(Position)

SOIL_LABELS = {soil: option_labels.SOIL_LABELS[soil] for soil in SOILS}
WETNESS_LABELS = {wetness: option_labels.WETNESS_LABELS[wetness] for wetness in WETNESS}
POSITION_LABELS = {
    "slootkant": tr_noop("ditch bank"),
    "perceelsrand": tr_noop("field edge"),
    "kopakker": tr_noop("headland"),
    "erf": tr_noop("farmyard"),
    "berm": tr_noop("road verge"),
    "kade": tr_noop("kade (embankment)"),
    "hoek": tr_noop("field corner"),
    "midden_perceel": tr_noop("middle of a parcel"),
}
GEOMETRY_LABELS = {"line": tr_noop("line"), "area": tr_noop("area"), "point": tr_noop("point")}
LEVEL_LABELS = {
    "high": tr_noop("high"),
    "medium": tr_noop("medium"),
    "low": tr_noop("low"),
    "none": tr_noop("none"),
    "unknown": tr_noop("unknown"),
}
CLIMATE_LABELS = {
    "water_retention": tr_noop("Water retention"),
    "cooling": tr_noop("Cooling"),
    "carbon": tr_noop("Carbon storage"),
    "erosion": tr_noop("Erosion control"),
}
DIMENSION_LABELS = {
    "width_m": (tr_noop("Width"), "m"),
    "length_m": (tr_noop("Length"), "m"),
    "area_m2": (tr_noop("Area"), "m²"),
    "spacing_m": (tr_noop("Spacing"), "m"),
}
UNIT_LABELS = {
    "eur_per_m": tr_noop("per m"),
    "eur_per_m2": tr_noop("per m²"),
    "eur_per_ha": tr_noop("per ha"),
    "eur_per_piece": tr_noop("per piece"),
}
CATEGORY_LABELS = {
    "houtig": tr_noop("woody"),
    "nat": tr_noop("wet"),
    "kruidig": tr_noop("herbaceous"),
}


def filter_bouwstenen(
    catalogue: Iterable[Bouwsteen],
    *,
    group: str | None = None,
    soil: str | None = None,
    wetness: str | None = None,
    position: str | None = None,
    text: str = "",
) -> list[Bouwsteen]:
    """The bouwstenen of ``group`` that suit ``soil``, ``wetness`` and ``position``.

    A filter left at None lets everything through. ``text`` keeps bouwstenen whose id, Dutch or
    English name contains it (any case).
    """
    needle = text.strip().casefold()
    return [
        b
        for b in catalogue
        if (group is None or b.group.value == group)
        and (soil is None or soil in b.soils)
        and (wetness is None or wetness in b.wetness)
        and (position is None or position in b.positions)
        and (not needle or any(needle in s.casefold() for s in (b.id, b.name, b.name_en)))
    ]


def display_name(b: Bouwsteen, lang: wording.Lang) -> str:
    """The bouwsteen's name in the user's language."""
    return b.name if lang == "nl" else b.name_en


def bouwsteen_html(
    b: Bouwsteen,
    catalogue: Catalogue | None = None,
    *,
    tr: Translate = str,
    lang: wording.Lang = "en",
    vocabulary: Vocabulary | None = None,
) -> str:
    """The detail card of a bouwsteen as an HTML fragment (for a ``QTextBrowser``).

    Sections: description, facts (group, geometry, GBDA element type, soils, wetness,
    positions), dimensions, ecological value, climate contribution, management (beheer), costs,
    combinations and sources. Combinations link to ``bouwsteen:<id>``; sources that are URLs
    link to themselves. ``catalogue`` names the combinations (their ids without it).
    """
    vocabulary = vocabulary or load_vocabulary()
    names = {x.id: display_name(x, lang) for x in catalogue} if catalogue is not None else {}
    other = b.name_en if lang == "nl" else b.name
    parts = [
        f"<h2>{escape(display_name(b, lang))}</h2>",
        f"<p><i>{escape(other)}</i> · <code>{escape(b.id)}</code></p>",
        f"<p>{escape(b.description if lang == 'nl' else b.description_en)}</p>",
    ]
    facts = [
        (tr("Group"), escape(tr(GROUP_LABELS[b.group.value]))),
        (tr("Geometry"), escape(tr(GEOMETRY_LABELS[b.geometry.value]))),
        (tr("Counts as"), _counts_as(b, vocabulary, tr, lang)),
        (tr("Soils"), _words(b.soils, SOIL_LABELS, tr)),
        (tr("Wetness"), _words(b.wetness, WETNESS_LABELS, tr)),
        (tr("Positions"), _words(b.positions, POSITION_LABELS, tr)),
    ]
    parts.append(_table(facts))
    dims = [
        (tr(label), _dimension(dimension, unit, lang))
        for name, (label, unit) in DIMENSION_LABELS.items()
        if (dimension := getattr(b.dimensions, name)) is not None
    ]
    parts += [f"<h3>{escape(tr('Dimensions'))}</h3>", _table(dims)]
    parts += [
        f"<h3>{escape(tr('Ecological value'))}</h3>",
        f"<p>{escape(b.ecology.value)}</p>",
        _table([(tr("Target species"), escape(", ".join(b.ecology.target_species)))]),
        f"<h3>{escape(tr('Climate contribution'))}</h3>",
    ]
    climate = []
    for aspect, label in CLIMATE_LABELS.items():
        effect = getattr(b.climate, aspect)
        level = escape(tr(LEVEL_LABELS[effect.level]))
        climate.append((tr(label), f"<b>{level}</b>: {escape(effect.note)}"))
    parts.append(_table(climate))
    m = b.management
    parts += [
        f"<h3>{escape(tr('Management (beheer)'))}</h3>",
        _table(
            [
                (tr("Actions"), "<br>".join(escape(a) for a in m.actions)),
                (tr("Cycle"), escape(m.cycle)),
                (tr("Season"), escape(m.season)),
                (tr("ANLb package"), escape(m.anlb_package)),
            ]
        ),
        f"<h3>{escape(tr('Costs'))}</h3>",
        _table(
            [
                (tr("Construction (aanleg)"), _cost(b.costs.aanleg, tr, lang)),
                (tr("Management per year (beheer)"), _cost(b.costs.beheer_per_year, tr, lang)),
            ]
        ),
        f"<h3>{escape(tr('Combines well with'))}</h3>",
    ]
    links = [
        f'<a href="bouwsteen:{escape(other_id)}">{escape(names.get(other_id, other_id))}</a>'
        for other_id in b.combinations
    ]
    parts.append(f"<p>{', '.join(links) or escape(tr('none'))}</p>")
    parts.append(f"<h3>{escape(tr('Sources'))}</h3>")
    parts.append("<ul>" + "".join(f"<li>{_source(s)}</li>" for s in b.sources) + "</ul>")
    return "\n".join(parts)


def _table(rows: list[tuple[str, str]]) -> str:
    """Label/value rows; values are HTML already, labels are escaped here."""
    body = "".join(
        f'<tr><td style="padding-right:8px" valign="top"><b>{escape(label)}</b></td>'
        f"<td>{value}</td></tr>"
        for label, value in rows
    )
    return f"<table>{body}</table>"


def _words(values: Iterable[str], labels: dict[str, str], tr: Translate) -> str:
    return escape(", ".join(tr(labels.get(v, v)) for v in values))


def _counts_as(b: Bouwsteen, vocabulary: Vocabulary, tr: Translate, lang: wording.Lang) -> str:
    if b.counts_as == "none":
        return escape(tr("adds no GBDA area"))
    et = vocabulary.get(b.counts_as)
    name = et.name if lang == "nl" else et.name_en
    text = tr("{name} (GBDA category: {category})").format(
        name=name, category=tr(CATEGORY_LABELS[str(et.category)])
    )
    if b.on_existing_feature:
        text += "; " + tr("manages a feature that is already there: adds no new area")
    return escape(text)


def _dimension(d: Dimension, unit: str, lang: wording.Lang) -> str:
    sizes = [f"{wording.number(d.min, lang, _decimals(d.min))}"]
    sizes.append(f"<b>{wording.number(d.typical, lang, _decimals(d.typical))}</b>")
    if d.max is not None:
        sizes.append(wording.number(d.max, lang, _decimals(d.max)))
    return f"{' – '.join(sizes)} {unit}<br><small>{_source(d.source)}</small>"


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() else 2


def _cost(cost: Cost, tr: Translate, lang: wording.Lang) -> str:
    unit = tr(UNIT_LABELS[cost.unit])
    if cost.unknown or cost.amount is None:
        head = escape(tr("unknown"))
    else:
        amount = f"€ {wording.number(cost.amount, lang, 2)}"
        kind = tr("estimate") if cost.estimate else tr("sourced")
        head = f"<b>{escape(amount)}</b> {escape(unit)} ({escape(kind)})"
    return f"{head}<br><small>{_source(cost.source)}</small>"


def _source(text: str) -> str:
    """Escape a source text; a URL in it becomes a link."""
    words = []
    for word in text.split(" "):
        url = word.rstrip(".,;)")
        if url.startswith(("http://", "https://")):
            tail = word[len(url) :]
            words.append(f'<a href="{escape(url)}">{escape(url)}</a>{escape(tail)}')
        else:
            words.append(escape(word))
    return " ".join(words)
