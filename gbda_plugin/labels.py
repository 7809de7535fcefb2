"""Translatable labels for the core's option names (mark with tr_noop, show with tr)."""

from __future__ import annotations

from .marks import tr_noop

#: Exclusion kind -> label of its layer input.
EXCLUSION_LABELS = {
    "bebouwde_kom": tr_noop("Bebouwde kom"),
    "nnn": tr_noop("Natuurnetwerk Nederland (NNN)"),
    "natura2000": tr_noop("Natura 2000"),
    "large_water": tr_noop("Large water"),
    "forest": tr_noop("Forest"),
    "other": tr_noop("Other land to leave out (always)"),
}
#: Denominator profile -> label.
PROFILE_LABELS = {
    "aanvalsplan": tr_noop("aanvalsplan: without bebouwde kom and NNN"),
    "strict": tr_noop("strict: also without Natura 2000, large water and forest"),
    "custom": tr_noop("custom: leave out the kinds listed"),
}
#: Counting mode -> label.
MODE_LABELS = {
    "footprint": tr_noop("footprint: real dissolved area"),
    "efa": tr_noop("efa: footprint plus EU EFA weighted area"),
}
#: 2030 reading -> label.
READING_LABELS = {
    "absolute": tr_noop("absolute: the 2030 target as given"),
    "gap": tr_noop("gap: current share + 50 % of the gap to the 2050 target"),
}
#: Status code (``status`` column) -> label.
STATUS_LABELS = {
    "meets_2050": tr_noop("meets the 2050 target"),
    "meets_2030": tr_noop("meets the 2030 target"),
    "below_2030": tr_noop("below the 2030 target"),
    "no_rural_area": tr_noop("no rural area"),
}
#: Result column -> header in the dock's table.
COLUMN_LABELS = {
    "area_id": tr_noop("Area"),
    "rural_ha": tr_noop("Rural (ha)"),
    "element_ha": tr_noop("Elements (ha)"),
    "share_pct": tr_noop("Share (%)"),
    "woody_share_pct": tr_noop("Woody (%)"),
    "gap_2030_ha": tr_noop("Gap 2030 (ha)"),
    "gap_2050_ha": tr_noop("Gap 2050 (ha)"),
    "status": tr_noop("Status"),
}
#: Soil class -> label, for a site's choice ("" = from the soil layer, else unknown), the
#: catalogue's filter and a bouwsteen's card alike.
SOIL_LABELS = {
    "": tr_noop("from the soil layer (else unknown)"),
    "veen": tr_noop("peat"),
    "klei": tr_noop("clay"),
    "zand": tr_noop("sand"),
}
#: Wetness class -> label, used as :data:`SOIL_LABELS` is.
WETNESS_LABELS = {
    "": tr_noop("from the wetness layer (else unknown)"),
    "nat": tr_noop("wet"),
    "vochtig": tr_noop("moist"),
    "droog": tr_noop("dry"),
}
#: Site context kind -> label of its layer input.
CONTEXT_LABELS = {
    "water": tr_noop("Water (ditches, watergangen)"),
    "road": tr_noop("Roads and verges"),
    "building": tr_noop("Buildings"),
    "erf": tr_noop("Erven (farmyards)"),
    "kade": tr_noop("Kades and dikes"),
}
#: Plan objective -> label.
OBJECTIVE_LABELS = {
    "cost": tr_noop("cost: least aanleg + beheer over the years"),
    "land": tr_noop("land: least productive land"),
}
#: Plan solver method -> label.
METHOD_LABELS = {
    "auto": tr_noop("auto: exact unless there are very many candidates"),
    "exact": tr_noop("exact (integer programme)"),
    "heuristic": tr_noop("heuristic (fast, not proven optimal)"),
}
#: Bouwsteen group -> legend label of the layout style.
GROUP_LABELS = {
    "water_en_oever": tr_noop("Water and banks"),
    "grasland": tr_noop("Grassland"),
    "akker_en_rand": tr_noop("Arable land and field margins"),
    "houtig": tr_noop("Woody elements"),
    "erf": tr_noop("Farmyard"),
    "faunavoorziening": tr_noop("Fauna provisions"),
}
#: Register status -> legend label of the register style and choice label.
REGISTER_STATUS_LABELS = {
    "gepland": tr_noop("gepland (planned)"),
    "aangelegd": tr_noop("aangelegd (planted)"),
    "gecontroleerd": tr_noop("gecontroleerd (checked)"),
    "verdwenen": tr_noop("verdwenen (gone)"),
}
#: Progress breakdown -> label.
PROGRESS_BY_LABELS = {
    "year": tr_noop("year"),
    "region": tr_noop("region"),
    "collectief": tr_noop("collectief"),
    "element_type": tr_noop("element type"),
    "status": tr_noop("status"),
}
