"""Outputs shared by the import algorithms: elements by geometry, rural area, problems."""

from __future__ import annotations

from qgis.core import QgsProcessing, QgsProcessingException
from qgis.core import QgsProcessingParameterFeatureSink as Sink

from ..translation import tr

#: Element output key -> geometry kind and sink type.
ELEMENT_OUTPUTS = {
    "LINES": ("line", QgsProcessing.TypeVectorLine),
    "POLYGONS": ("polygon", QgsProcessing.TypeVectorPolygon),
    "POINTS": ("point", QgsProcessing.TypeVectorPoint),
}


def add_import_outputs(algorithm, excluded=None) -> None:
    """Declare the element, rural-area, (excluded) and problems sinks of an import."""
    labels = {
        "LINES": tr("Line elements"),
        "POLYGONS": tr("Polygon elements"),
        "POINTS": tr("Point elements"),
    }
    for key, (_, sink_type) in ELEMENT_OUTPUTS.items():
        algorithm.add(Sink(key, labels[key], sink_type))
    algorithm.add(Sink("RURAL_AREA", tr("Rural area"), QgsProcessing.TypeVectorPolygon))
    if excluded is not None:
        algorithm.add(Sink("EXCLUDED", tr("Excluded land"), excluded, optional=True))
    algorithm.add_problems_output()


def write_import_outputs(algorithm, result, parameters, context, feedback) -> dict:
    """Write an ImportResult: elements split by geometry kind, rural area, excluded, problems."""
    from ..bridge import split_by_kind

    parts = split_by_kind(result.elements)
    if len(parts[""]):
        raise QgsProcessingException(
            tr("{n} elements have no point, line or polygon geometry").format(n=len(parts[""]))
        )
    outputs = {}
    for key, (kind, _) in ELEMENT_OUTPUTS.items():
        outputs[key] = algorithm.write_frame(parameters, key, context, parts[kind], kind)
    outputs["RURAL_AREA"] = algorithm.write_frame(
        parameters, "RURAL_AREA", context, result.rural_area, "polygon"
    )
    if "EXCLUDED" in [p.name() for p in algorithm.parameterDefinitions()]:
        outputs["EXCLUDED"] = algorithm.write_frame(
            parameters, "EXCLUDED", context, result.excluded, "polygon"
        )
    outputs["PROBLEMS"] = algorithm.write_problems(parameters, context, feedback, result.problems)
    return outputs
