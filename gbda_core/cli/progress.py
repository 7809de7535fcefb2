"""``gbda progress`` and ``gbda change``: 400 km programme progress, change between snapshots."""

from __future__ import annotations
