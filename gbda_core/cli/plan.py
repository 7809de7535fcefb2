"""``gbda suggest`` and ``gbda plan``: which natuurbouwstenen fit a site, and a layout for it."""

from __future__ import annotations
