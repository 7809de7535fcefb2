"""Dutch wording of the data problems, for reports in Dutch.

The core reports problems with a stable English code (``kind``), an English message and an
``action`` code; scripts rely on those, so they stay as they are. A Dutch report shows instead
a Dutch name and explanation for every kind the core produces, and the action in Dutch. The
specifics (value, count, rows) are in their own columns, so nothing is lost. A kind missing
here falls back to the English message; a test checks that every kind the core uses is here.
"""

from __future__ import annotations

#: kind -> (Dutch name, Dutch explanation).
PROBLEM_KINDS_NL: dict[str, tuple[str, str]] = {
    "repaired_geometry": (
        "geometrie hersteld",
        "ongeldige geometrie, hersteld met make_valid en zo meegeteld",
    ),
    "null_geometry": ("geen geometrie", "object zonder (bruikbare) geometrie; weggelaten"),
    "degenerate_geometry": ("lege vorm", "geometrie zonder lengte of oppervlak; weggelaten"),
    "wrong_geometry": (
        "verkeerde geometrie",
        "een regel voor landelijk gebied trof een object dat geen vlak is; weggelaten",
    ),
    "not_a_polygon": ("geen vlak", "perceel van het plangebied is geen vlak; weggelaten"),
    "no_default_size": (
        "geen standaardmaat",
        "dit type heeft geen standaardbreedte of -oppervlak voor deze geometrie; geef een "
        "breedteveld op",
    ),
    "bad_width": (
        "ongeldige breedte",
        "de breedte is geen positief aantal meters; de standaardbreedte van het type is gebruikt",
    ),
    "unmapped_type": (
        "onbekend type",
        "waarde staat niet in de woordenlijst of de koppeltabel; niet meegeteld (voeg haar toe "
        "aan een koppeltabel)",
    ),
    "ignored_type": ("genegeerd type", "in de koppeltabel aan niets gekoppeld; niet meegeteld"),
    "missing_type": ("type ontbreekt", "het typeveld is leeg; niet meegeteld"),
    "in_onderzoek": (
        "in onderzoek",
        "de bronhouder heeft dit object 'in onderzoek': klasse of geometrie kan nog "
        "veranderen; wel meegeteld",
    ),
    "outside_areas": ("buiten de gebieden", "element ligt buiten elk gebied; niet meegeteld"),
    "excluded_land": (
        "in uitgesloten grond",
        "element ligt geheel in grond die het profiel uitsluit (of buiten het landelijk "
        "gebied); niet meegeteld",
    ),
    "no_efa_factor": (
        "geen EFA-factor",
        "dit type heeft geen EU EFA-factor; het telt 0 in de efa-telling",
    ),
    "exclusion_not_in_profile": (
        "uitsluitlaag niet gebruikt",
        "een uitsluitlaag van deze soort hoort niet bij het gekozen noemerprofiel",
    ),
    "exclusion_missing": (
        "uitsluitlaag ontbreekt",
        "het noemerprofiel sluit deze soort grond uit, maar die laag is niet opgegeven; die "
        "grond telt nog als landelijk gebied",
    ),
    "raster_nodata": (
        "geen rastergegevens",
        "gebieden met land zonder rasterwaarde (nodata of buiten het raster); dat land blijft "
        "buiten rural_ha",
    ),
    "planted_missing": (
        "aanlegdatum ontbreekt",
        "aangelegd element zonder aanlegdatum; niet meegeteld",
    ),
    "removed_missing": (
        "verdwijndatum ontbreekt",
        "verdwenen element zonder datum van verdwijnen; niet meegeteld",
    ),
    "removed_before_planted": (
        "data in verkeerde volgorde",
        "datum van verdwijnen ligt voor de aanlegdatum; niet meegeteld",
    ),
    "unknown_soil": (
        "bodem onbekend",
        "waarde van de bodemkaart niet herkend; die grond geldt als onbekende bodem",
    ),
    "unknown_wetness": (
        "vochttoestand onbekend",
        "waarde van de vochtkaart niet herkend; die grond geldt als onbekend",
    ),
    "no_soil": (
        "buiten de bodemkaart",
        "perceel valt buiten de bodemkaart; de bodem is onbekend",
    ),
    "no_wetness": (
        "buiten de vochtkaart",
        "perceel valt buiten de vochtkaart; de vochttoestand is onbekend",
    ),
}

#: action -> Dutch.
ACTIONS_NL: dict[str, str] = {
    "skipped": "weggelaten",
    "repaired": "hersteld",
    "counted": "meegeteld",
    "not_counted": "niet meegeteld",
    "default_used": "standaard gebruikt",
    "not_used": "niet gebruikt",
    "warning": "waarschuwing",
}
