"""Option names of the core, for forms and Processing parameters, importable without geopandas.

The plugin builds its parameter lists when QGIS starts. Importing the core's own modules then
would load geopandas, scipy and shapely (about a second). These are copies of the core's names
and defaults; ``tests/plugin/test_code_layout.py`` fails when they drift from the core.
"""

from __future__ import annotations

#: Denominator profiles (``gbda_core.denominator.PROFILES``); "custom" takes a list of kinds.
PROFILES = ("aanvalsplan", "strict")
#: Exclusion kinds with their own layer (``gbda_core.denominator.EXCLUSION_KINDS``).
EXCLUSION_KINDS = ("bebouwde_kom", "nnn", "natura2000", "large_water", "forest", "other")
#: Counting modes (``gbda_core.share.Mode``).
MODES = ("footprint", "efa")
#: Readings of the 2030 target (``gbda_core.targets.Targets.reading_2030``).
READINGS_2030 = ("absolute", "gap")
#: Default targets in % of the rural area (``gbda_core.targets.Targets``).
TARGET_2030_PCT = 5.0
TARGET_2050_PCT = 10.0
#: Default working CRS (``gbda_core.readers.ogr.DEFAULT_CRS``).
DEFAULT_CRS = "EPSG:28992"

#: Soil and wetness classes of a site (``gbda_core.soilwater.SOILS`` / ``WETNESS``).
SOILS = ("veen", "klei", "zand")
WETNESS = ("nat", "vochtig", "droog")
#: Context layer kinds of a site with a geometry only (``gbda_core.site.GEOMETRY_KINDS``).
SITE_GEOMETRY_KINDS = ("water", "road", "building", "erf", "kade")
#: Planner settings (``gbda_core.optimise.Objective`` / ``Method``; ``plan_layout`` defaults).
OBJECTIVES = ("cost", "land")
METHODS = ("auto", "exact", "heuristic")
BEHEER_YEARS = 6.0
TIME_LIMIT_S = 60.0
#: Register statuses (``gbda_core.register.Status``) and the default programme of new rows.
REGISTER_STATUSES = ("gepland", "aangelegd", "gecontroleerd", "verdwenen")
DEFAULT_PROGRAMME = "400 km"
#: Register fields an import reads (``gbda_core.register.importer.IMPORT_FIELDS``).
REGISTER_IMPORT_FIELDS = (
    "id",
    "element_type",
    "status",
    "planned",
    "planted",
    "checked",
    "removed",
    "programme",
    "region",
    "collectief",
    "funding",
    "note",
)
#: Progress breakdowns: by year, or ``gbda_core.progress.GROUPINGS``.
PROGRESS_BY = ("year", "region", "collectief", "element_type", "status")
#: Programme target (km) and deadline (``gbda_core.progress`` defaults).
TARGET_KM = 400.0
DEADLINE = "2030-12-31"
#: Largest digitising shift that is not a change, m (``gbda_core.change.DEFAULT_TOLERANCE_M``).
TOLERANCE_M = 1.0
