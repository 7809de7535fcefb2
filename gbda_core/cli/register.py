"""``gbda register ...``: the register of planned and realised elements (GeoPackage or PostGIS)."""

from __future__ import annotations
