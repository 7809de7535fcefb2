"""``gbda catalogue list|show|validate``: browse and check the natuurbouwstenen catalogue."""

from __future__ import annotations
