"""gbda_core: share of groenblauwe dooradering (landscape elements) in the Dutch rural area."""

__version__ = "0.1.0"
