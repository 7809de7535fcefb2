"""Translatable labels for the core's option names (mark with tr_noop, show with tr)."""

from __future__ import annotations

from .translation import tr_noop

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
#: Site context kind (``gbda_core.site.GEOMETRY_KINDS``) -> label of its layer input.
CONTEXT_LABELS = {
    "water": tr_noop("Water (ditches)"),
    "road": tr_noop("Roads and verges"),
    "building": tr_noop("Buildings"),
    "erf": tr_noop("Farmyards (erven)"),
    "kade": tr_noop("Kades and dikes"),
}
#: Planner objective (``gbda_core.optimise.Objective``) -> label.
OBJECTIVE_LABELS = {
    "cost": tr_noop("least cost: aanleg + years of beheer"),
    "land": tr_noop("least productive land taken"),
}
