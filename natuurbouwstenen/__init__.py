"""The natuurbouwstenen catalogue: one validated file per bouwsteen.

``load_catalogue()`` reads the catalogue shipped in ``natuurbouwstenen/bouwstenen/``;
``load_catalogue(folder)`` reads a province's own edition in the same format (TOML or YAML) and
``validate_catalogue(folder)`` lists every broken file. The shipped catalogue is compiled from
public sources as a stand-in for a province's own edition; see ``natuurbouwstenen/README.md``.
"""

from __future__ import annotations

from natuurbouwstenen.catalogue import (
    Catalogue,
    CatalogueCheck,
    load_catalogue,
    validate_catalogue,
)
from natuurbouwstenen.files import read_bouwsteen
from natuurbouwstenen.schema import Bouwsteen, Geometry, Group

__all__ = [
    "Bouwsteen",
    "Catalogue",
    "CatalogueCheck",
    "Geometry",
    "Group",
    "load_catalogue",
    "read_bouwsteen",
    "validate_catalogue",
]
