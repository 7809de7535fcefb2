"""Option names of the core, for forms and Processing parameters, importable without geopandas.

The plugin builds its parameter lists when QGIS starts. Importing the core's own modules then
would load geopandas, scipy and shapely (about a second). These are copies of the core's names
and defaults; ``tests/plugin/test_core_options.py`` fails when they drift from the core.
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
