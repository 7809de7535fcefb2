"""Landscape-element inputs shared by algorithms: line, polygon and point layers with their type
fields, the lines' width field and a type mapping file."""

from __future__ import annotations

from qgis.core import QgsProcessing as P
from qgis.core import QgsProcessingParameterField as Field
from qgis.core import QgsProcessingParameterFile as File

from ..translation import tr, tr_noop

#: Element inputs: parameter key, label, geometry filter.
ELEMENTS = (
    ("LINES", tr_noop("Line elements (hedges, tree rows, banks)"), P.TypeVectorLine),
    ("POLYGONS", tr_noop("Polygon elements (ponds, copses, reed plots)"), P.TypeVectorPolygon),
    ("POINTS", tr_noop("Point elements (single trees, small ponds)"), P.TypeVectorPoint),
)
#: The file types a type mapping can be (see gbda_core.mapping).
MAPPING_FILTER = " (*.toml *.yaml *.yml *.csv)"


def add_mapping_input(algorithm) -> None:
    """Declare the optional type mapping file (``MAPPING``)."""
    mapping = tr("Type mapping") + MAPPING_FILTER
    algorithm.add(
        File("MAPPING", tr("Type mapping file"), optional=True, fileFilter=mapping),
        tr_noop("Translates your own type values into element types (see type_mapping.toml)."),
    )


def add_element_inputs(algorithm) -> None:
    """Declare the line, polygon and point element inputs (each optional), their type fields
    (default ``element_type``), the lines' width field (m) and the type mapping file."""
    for key, label, geometry in ELEMENTS:
        algorithm.add_source(key, tr(label), geometry)
        algorithm.add(Field(f"{key}_TYPE", tr("Type field"), "element_type", key, optional=True))
    numeric = Field.Numeric
    algorithm.add(
        Field("LINES_WIDTH", tr("Width field (m)"), None, "LINES", numeric, optional=True)
    )
    add_mapping_input(algorithm)


def read_element_inputs(algorithm, parameters, context, feedback) -> list:
    """The given element layers as :class:`~gbda_plugin.share_job.ElementInput`."""
    from ..share_job import ElementInput

    def text(key):
        return algorithm.parameterAsString(parameters, key, context) or None

    elements = []
    for key, _, _ in ELEMENTS:
        type_field, width = text(f"{key}_TYPE"), text("LINES_WIDTH") if key == "LINES" else None
        fields = [f for f in (type_field, width) if f]
        if (frame := algorithm.read_frame(parameters, key, context, feedback, fields)) is not None:
            elements.append(ElementInput(frame, type_field or "element_type", width))
    return elements
