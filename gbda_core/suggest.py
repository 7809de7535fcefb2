"""Which natuurbouwstenen fit a site, how well, and why: a ranking with reasons in nl and en.

Every bouwsteen of the catalogue gets a fit score from 0 to 100 (0 when a hard rule excludes
it) and reasons that say what fits, what does not and what could not be checked.

Hard rules (the bouwsteen *valt af*):

- **soil**: no land of the site has a soil in the bouwsteen's ``soils`` (unknown soil never
  excludes);
- **wetness**: likewise for ``wetness``;
- **place**: none of its ``positions`` is on the site (e.g. ``slootkant`` but no ditch borders
  it), or none is large enough for its minimum length or area. Positions whose context layer
  was not given are *not checked* rather than excluded.

Score of a bouwsteen that passes (weights in :data:`WEIGHTS`)::

    score = 25 × soil_fit + 25 × wetness_fit + 40 × room_fit + 5 × counts + 5 × network

- ``soil_fit`` = (share of the land with a suitable soil + ½ × share with unknown soil) ×
  (0.8 + 0.2 × specificity), specificity = (3 − number of soils) / 2: a bouwsteen made for
  veen fits a veen parcel better than one that grows anywhere. ``wetness_fit`` likewise.
- ``room_fit``: the best position's room against the typical size: free edge length / typical
  length (lines), free edge length × strip width / typical area (areas along an edge), 1 for a
  usable corner or spot, largest placeable parcel area / typical area (middle of a parcel);
  capped at 1; ½ when only unchecked positions are left.
- ``counts``: 1 when the bouwsteen counts as a GBDA element type (``counts_as``).
- ``network``: 1 when the site already has elements of that type, ½ of that category.

The ranking is deterministic: suitable bouwstenen by score (rounded to 0.1), ties by id; the
excluded ones after them, by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import shapely

from gbda_core import wording as w
from gbda_core.positions import (
    EDGE_POSITIONS,
    NEEDS,
    corner_mask,
    is_woody,
    middle_mask,
    min_run_length,
    parcel_fits,
    run_mask,
    strip_width,
)
from gbda_core.site import SiteContext
from gbda_core.vocabulary import Vocabulary, load_vocabulary
from natuurbouwstenen import Catalogue
from natuurbouwstenen.schema import Bouwsteen, Geometry

WEIGHTS = {"soil": 25.0, "wetness": 25.0, "room": 40.0, "counts": 5.0, "network": 5.0}

ReasonKind = Literal["fits", "against", "excludes", "unchecked"]


@dataclass(frozen=True)
class Reason:
    """One reason, in Dutch and English. ``kind``: fits, against, excludes or unchecked."""

    kind: ReasonKind
    nl: str
    en: str

    def text(self, lang: w.Lang = "nl") -> str:
        """Return the reason with its verdict in front ("past: ...", "valt af: ...")."""
        label = {
            "nl": {"fits": "past", "against": "minder", "excludes": "valt af",
                   "unchecked": "niet getoetst"},
            "en": {"fits": "fits", "against": "less so", "excludes": "excluded",
                   "unchecked": "not checked"},
        }[lang][self.kind]  # fmt: skip
        return f"{label}: {self.nl if lang == 'nl' else self.en}"


@dataclass(frozen=True)
class Suggestion:
    """A bouwsteen's fit on a site.

    Attributes
    ----------
    bouwsteen
        The bouwsteen.
    score
        Fit score 0-100 (0 when excluded), rounded to 0.1.
    fits
        False when a hard rule excludes it.
    reasons
        Why, in nl and en, in the order soil, wetness, place, GBDA, network.
    room
        Room per position found on the site: m of free edge (edge positions), number of
        corners (``hoek``), m² of the largest placeable parcel (``midden_perceel``).
    rank
        1 = best.
    """

    bouwsteen: Bouwsteen
    score: float
    fits: bool
    reasons: tuple[Reason, ...]
    room: dict[str, float] = field(default_factory=dict)
    rank: int = 0

    def as_dict(self, lang: w.Lang | None = None) -> dict[str, Any]:
        """Plain data for JSON: id, names, score, status and reasons (both languages)."""
        b = self.bouwsteen
        return {
            "rank": self.rank,
            "id": b.id,
            "name": b.name,
            "name_en": b.name_en,
            "group": str(b.group),
            "geometry": str(b.geometry),
            "counts_as": b.counts_as,
            "score": self.score,
            "fits": self.fits,
            "status": "past" if self.fits else "valt_af",
            "room": {k: round(v, 1) for k, v in self.room.items()},
            "reasons": [
                {"kind": r.kind, "nl": r.text("nl"), "en": r.text("en")} for r in self.reasons
            ],
        }


def suggest(
    site: SiteContext, catalogue: Catalogue, vocabulary: Vocabulary | None = None
) -> list[Suggestion]:
    """Rank every bouwsteen of the catalogue for the site.

    Parameters
    ----------
    site
        From :func:`gbda_core.site.build_site`.
    catalogue
        The natuurbouwstenen (any valid catalogue).
    vocabulary
        Element vocabulary ``counts_as`` refers to (default: the shipped one).

    Returns
    -------
    list of Suggestion
        Best first; ``rank`` set.
    """
    vocabulary = vocabulary or load_vocabulary()
    existing = _existing_in_site(site)
    scored = [_judge(site, b, vocabulary, existing) for b in catalogue]
    scored.sort(key=lambda s: (not s.fits, -s.score if s.fits else 0.0, s.bouwsteen.id))
    return [
        Suggestion(s.bouwsteen, s.score, s.fits, s.reasons, s.room, rank=i + 1)
        for i, s in enumerate(scored)
    ]


def _existing_in_site(site: SiteContext) -> dict[str, int]:
    """Count the existing elements per type that lie (partly) in the site."""
    if not len(site.footprints):
        return {}
    inside = shapely.intersects(site.footprints, site.area)
    codes, counts = np.unique(site.footprint_types[inside], return_counts=True)
    return {str(c): int(n) for c, n in zip(codes, counts, strict=True)}


def _judge(
    site: SiteContext, b: Bouwsteen, vocabulary: Vocabulary, existing: dict[str, int]
) -> Suggestion:
    reasons: list[Reason] = []
    # Judge soil and wetness on the land the bouwsteen can go on: erven for erf-only ones.
    is_erf = site.parcels["is_erf"].to_numpy(dtype=bool)
    if set(b.positions) == {"erf"}:
        usable = is_erf
    elif "erf" in b.positions:
        usable = np.ones(len(is_erf), dtype=bool)
    else:
        usable = ~is_erf
    if not usable.any():  # no erf parcel (or only erven): judge on all the land
        usable = np.ones(len(is_erf), dtype=bool)
    n_parcels = int(usable.sum())
    soil_fit = _class_fit(site, b, "soil", b.soils, n_parcels, reasons, usable)
    wet_fit = _class_fit(site, b, "wetness", b.wetness, n_parcels, reasons, usable)
    if soil_fit is None or wet_fit is None:
        return Suggestion(b, 0.0, False, tuple(reasons))
    room, room_fit = _room(site, b, is_woody(b, vocabulary), reasons)
    if room_fit is None:
        return Suggestion(b, 0.0, False, tuple(reasons), room)
    counts, network = _gbda(b, vocabulary, existing, reasons)
    score = (
        WEIGHTS["soil"] * soil_fit
        + WEIGHTS["wetness"] * wet_fit
        + WEIGHTS["room"] * room_fit
        + WEIGHTS["counts"] * counts
        + WEIGHTS["network"] * network
    )
    return Suggestion(b, round(score, 1), True, tuple(reasons), room)


def _class_fit(
    site: SiteContext,
    b: Bouwsteen,
    attribute: str,
    wanted: tuple[str, ...],
    n_parcels: int,
    reasons: list[Reason],
    parcels: npt.NDArray[np.bool_],
) -> float | None:
    """Fit 0-1 for soil or wetness on some parcels; None when no land suits (excluded)."""
    fractions = site.fractions(attribute, parcels)
    unknown = fractions.get("?", 0.0)
    suitable = sum(v for k, v in fractions.items() if k in wanted)
    specific = 0.8 + 0.2 * (3 - len(wanted)) / 2
    names = {lang: w.SOIL[lang] if attribute == "soil" else w.WET[lang] for lang in ("nl", "en")}
    if unknown >= 1.0 or not fractions:
        what = {"soil": ("bodem", "soil"), "wetness": ("vochttoestand", "wetness")}[attribute]
        flag = "--soil" if attribute == "soil" else "--wetness"
        if attribute in site.given:  # known for the fields, not for the erf
            nl = (
                f"{what[0]} van het erf onbekend ({flag} geldt voor de percelen; geef een "
                f"{what[0]}laag)"
            )
            en = (
                f"{what[1]} of the farmyard unknown ({flag} is for the fields; give a "
                f"{what[1]} layer)"
            )
        else:
            nl = f"{what[0]} onbekend (geef {flag} of een {what[0]}laag)"
            en = f"{what[1]} unknown (give {flag} or a {what[1]} layer)"
        reasons.append(Reason("unchecked", nl, en))
        return 0.5 * specific
    have = {
        "nl": w.classes_text(fractions, names["nl"], "nl"),
        "en": w.classes_text(fractions, names["en"], "en"),
    }
    need_nl, need_en = _need_text(attribute, wanted)
    subject_nl = "het perceel is" if n_parcels == 1 else "de percelen zijn"
    subject_en = "the parcel is" if n_parcels == 1 else "the parcels are"
    if attribute == "soil":
        subject_nl, subject_en = "de bodem is", "the soil is"
    if suitable <= 0 and unknown <= 0:
        reasons.append(
            Reason(
                "excludes",
                f"vraagt {need_nl}, {subject_nl} {have['nl']}",
                f"needs {need_en}; {subject_en} {have['en']}",
            )
        )
        return None
    if suitable + unknown >= 1.0 - 1e-9:
        reasons.append(
            Reason(
                "fits",
                f"{subject_nl} {have['nl']} (geschikt: {need_nl})",
                f"{subject_en} {have['en']} (suits {need_en})",
            )
        )
    else:
        reasons.append(
            Reason(
                "against",
                f"{subject_nl} {have['nl']}; alleen {w.percent(suitable, 'nl')} is geschikt "
                f"(vraagt {need_nl})",
                f"{subject_en} {have['en']}; only {w.percent(suitable, 'en')} suits "
                f"(needs {need_en})",
            )
        )
    return (suitable + 0.5 * unknown) * specific


def _need_text(attribute: str, wanted: tuple[str, ...]) -> tuple[str, str]:
    if attribute == "soil":
        return (
            w.join([w.SOIL["nl"][s] for s in wanted], "nl"),
            w.join([w.SOIL["en"][s] for s in wanted], "en") + " soil",
        )
    return (
        w.join([w.WET_ADJ["nl"][x] for x in wanted], "nl") + " grond",
        w.join([w.WET_ADJ["en"][x] for x in wanted], "en") + " soil",
    )


def _room(
    site: SiteContext, b: Bouwsteen, woody: bool, reasons: list[Reason]
) -> tuple[dict[str, float], float | None]:
    """Room per position and the best room fit (0-1); None when nothing is large enough."""
    fits = parcel_fits(site, b)
    e = site.edges
    d = b.dimensions
    given = site.given | ({"erf"} if "building" in site.given else set())
    placeable = shapely.area(site.placeable_woody if woody else site.placeable)
    room: dict[str, float] = {}
    fit_by_pos: dict[str, float] = {}
    too_small: list[tuple[str, str, str]] = []
    unchecked: list[str] = []
    for pos in b.positions:
        needed_kind = NEEDS.get(pos)
        if pos in EDGE_POSITIONS:
            lengths = e.run_length[run_mask(site, b, pos, fits)]
            usable = lengths[lengths >= min_run_length(b) - 1e-9]
            if needed_kind and needed_kind not in given and not len(lengths):
                unchecked.append(pos)
                continue
            room[pos] = float(usable.sum())
            if len(lengths) and not len(usable):
                too_small.append(_too_short(b, pos, float(lengths.max())))
            if b.geometry is Geometry.LINE:
                assert d.length_m is not None
                fit_by_pos[pos] = min(1.0, room[pos] / d.length_m.typical)
            elif b.geometry is Geometry.AREA:
                assert d.area_m2 is not None
                fit_by_pos[pos] = min(1.0, room[pos] * strip_width(b) / d.area_m2.typical)
            else:
                fit_by_pos[pos] = 1.0 if room[pos] > 0 else 0.0
        elif pos == "hoek":
            need = d.area_m2.min if d.area_m2 is not None and b.geometry is not Geometry.LINE else 0
            corners = corner_mask(site, fits) & (placeable[e.corner_parcel] >= need)
            room[pos] = float(corners.sum()) if b.geometry is not Geometry.LINE else 0.0
            fit_by_pos[pos] = 1.0 if room[pos] > 0 else 0.0
        else:  # midden_perceel
            middle = middle_mask(site, fits)
            largest = float(placeable[middle].max()) if middle.any() else 0.0
            need = d.area_m2.min if d.area_m2 is not None else 0.0
            typical = d.area_m2.typical if d.area_m2 is not None else largest or 1.0
            if b.geometry is Geometry.LINE:
                assert d.length_m is not None
                width = d.width_m.typical if d.width_m else 1.0
                need, typical = d.length_m.min * width, d.length_m.typical * width
            room[pos] = largest if largest >= need else 0.0
            if middle.any() and largest < need:
                too_small.append(_too_small_area(need, largest))
            fit_by_pos[pos] = min(1.0, room[pos] / typical) if typical > 0 else 0.0
    usable_pos = [p for p in b.positions if fit_by_pos.get(p, 0.0) > 0]
    for pos in usable_pos:
        reasons.append(_room_reason(pos, room[pos], b))
    if not usable_pos:
        if unchecked:
            for name in unchecked:
                layer = {lang: w.LAYER[lang][NEEDS[name]] for lang in ("nl", "en")}
                reasons.append(
                    Reason(
                        "unchecked",
                        f"vraagt {w.POSITION['nl'][name]}; geen {layer['nl']} gegeven",
                        f"needs {w.POSITION['en'][name]}; no {layer['en']} given",
                    )
                )
            return room, 0.5
        if too_small:
            nl, en = too_small[0][1], too_small[0][2]
            reasons.append(Reason("excludes", nl, en))
        else:
            missing = list(b.positions)
            reasons.append(
                Reason(
                    "excludes",
                    f"vraagt {w.join([w.POSITION['nl'][p] for p in missing], 'nl')}; "
                    + "; ".join(w.MISSING["nl"][p] for p in missing),
                    f"needs {w.join([w.POSITION['en'][p] for p in missing], 'en')}; "
                    + "; ".join(w.MISSING["en"][p] for p in missing),
                )
            )
        return room, None
    return room, max(fit_by_pos[p] for p in usable_pos)


def _too_short(b: Bouwsteen, pos: str, longest: float) -> tuple[str, str, str]:
    need = min_run_length(b)
    return (
        pos,
        f"vraagt minstens {w.metres(need, 'nl')} aan {w.POSITION['nl'][pos]}, "
        f"de langste vrije is {w.metres(longest, 'nl')}",
        f"needs at least {w.metres(need, 'en')} of {w.POSITION['en'][pos]}; "
        f"the longest free one is {w.metres(longest, 'en')}",
    )


def _too_small_area(need: float, largest: float) -> tuple[str, str, str]:
    return (
        "midden_perceel",
        f"vraagt minstens {w.area(need, 'nl')}, het grootste vrije perceel heeft "
        f"{w.area(largest, 'nl')}",
        f"needs at least {w.area(need, 'en')}; the largest free parcel has {w.area(largest, 'en')}",
    )


def _room_reason(pos: str, room: float, b: Bouwsteen) -> Reason:
    if pos == "hoek":
        n = int(room)
        return Reason(
            "fits",
            f"{n} {'perceelshoek' if n == 1 else 'perceelshoeken'} beschikbaar",
            f"{n} field {'corner' if n == 1 else 'corners'} available",
        )
    if pos == "midden_perceel":
        return Reason(
            "fits",
            f"ruimte midden in een perceel (tot {w.area(room, 'nl')})",
            f"room in the middle of a parcel (up to {w.area(room, 'en')})",
        )
    phrase = {
        "slootkant": (
            "ligt langs een sloot ({} slootkant)",
            "runs along a ditch ({} of ditch bank)",
        ),
        "berm": ("ligt langs een weg ({} wegkant)", "runs along a road ({} of roadside)"),
        "kade": ("ligt langs een kade ({})", "runs along a kade ({})"),
        "erf": ("bij het erf ({} erfrand)", "by the farmyard ({} of yard edge)"),
        "kopakker": ("{} vrije kopakker", "{} of free headland"),
        "perceelsrand": ("{} vrije perceelsrand", "{} of free field edge"),
    }[pos]
    return Reason("fits", phrase[0].format(w.metres(room, "nl")), phrase[1].format(
        w.metres(room, "en")))  # fmt: skip


def _gbda(
    b: Bouwsteen, vocabulary: Vocabulary, existing: dict[str, int], reasons: list[Reason]
) -> tuple[float, float]:
    """Return the (counts, network) terms and add their reasons."""
    if b.counts_as == "none":
        reasons.append(
            Reason(
                "against",
                "telt niet mee voor het GBDA-aandeel",
                "does not count towards the GBDA share",
            )
        )
        return 0.0, 0.0
    et = vocabulary.get(b.counts_as)
    if b.on_existing_feature:
        # Managing a ditch or kade differently makes it count, but it lies beside the parcels:
        # the plan gains no new area from it and gives up no farmland for it.
        reasons.append(
            Reason(
                "against",
                f"beheer van wat er al ligt: telt als {et.name.lower()} waar het binnen het gebied "
                "ligt, maar voegt op de percelen geen nieuw oppervlak toe (en kost geen grond)",
                f"management of what is already there: counts as {et.name_en.lower()} where it "
                "lies inside the area, but adds no new area on the parcels (and takes no land)",
            )
        )
        return 0.5, 0.0
    reasons.append(
        Reason(
            "fits",
            f"telt mee voor GBDA als {et.name.lower()} ({et.category})",
            f"counts towards GBDA as {et.name_en.lower()} ({w.CATEGORY_EN[str(et.category)]})",
        )
    )
    same = existing.get(b.counts_as, 0)
    if same:
        reasons.append(
            Reason(
                "fits",
                f"sluit aan bij wat er ligt ({same} × {et.name.lower()})",
                f"links up with what is there ({same} × {et.name_en.lower()})",
            )
        )
        return 1.0, 1.0
    same_cat = sum(
        n for code, n in existing.items() if vocabulary.get(code).category == et.category
    )
    return 1.0, 0.5 if same_cat else 0.0
