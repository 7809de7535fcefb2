"""Docks and forms of the plugin (one widget per module, forms in ``ui/``)."""
