"""Date fields of a source layer as the text the file holds, so that impossible dates are refused.

GDAL types a field as a date when the format says so (a GeoPackage ``DATE`` column, a Shapefile
``D`` field) or when its values look like dates (GeoJSON). Read through Arrow, such a field
turns an impossible day into a real one without a word: ``2024-02-30`` arrives as 2024-03-01.
Read as text (OGR SQL ``CAST(field AS character)``), the value stays what the file says, and
the importer refuses it with the row's feature id and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError, FieldError

from gbda_core.errors import InputError
from gbda_core.readers.ogr import LayerSpec
from gbda_core.readers.sql import q

#: OGR field types GDAL converts to dates itself.
_TYPED = ("OFTDate", "OFTDateTime")


def dates_as_text(spec: LayerSpec, layer: str, fields: Sequence[str]) -> dict[str, pd.Series]:
    """Return the date-typed ``fields`` of a layer as ``YYYY-MM-DD`` text, by feature id.

    Fields GDAL reads as text already are left out (they reach the date check as written).
    GDAL writes a date as ``YYYY/MM/DD``, a GeoPackage stores ``YYYY-MM-DD`` (a date-time adds
    the time); only the day is kept, as the register keeps days.
    """
    try:
        info = pyogrio.read_info(spec.path, layer=layer)
        types = dict(zip(info["fields"], info["ogr_types"], strict=True))
        typed = [f for f in dict.fromkeys(fields) if types.get(f) in _TYPED]
        if not typed:
            return {}
        # A GeoPackage answers in its own SQL with the text as stored (GDAL would first parse
        # it and drop what it cannot); other formats through OGR SQL, as GDAL holds the date.
        native = info.get("driver") == "GPKG" and bool(info.get("fid_column"))
        kind = "TEXT" if native else "character(64)"
        casts = ", ".join(f"CAST({q(f)} AS {kind}) AS {q(f)}" for f in typed)
        if native:  # named, the key column comes back as the feature ids
            casts = f"{q(info['fid_column'])}, {casts}"
        text = pyogrio.read_dataframe(
            spec.path,
            sql=f"SELECT {casts} FROM {q(layer)}",
            sql_dialect=None if native else "OGRSQL",
            read_geometry=False,
            fid_as_index=True,
        )
    except (DataSourceError, DataLayerError, FieldError, OSError) as exc:
        raise InputError(f"cannot read the date fields: {exc}", source=str(spec.path)) from None
    return {f: text[f].astype("string").str.slice(0, 10).str.replace("/", "-") for f in typed}
