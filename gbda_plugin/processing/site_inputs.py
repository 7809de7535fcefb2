"""Site inputs shared by ``gbda:suggest`` and ``gbda:plan``: the parcels, what lies around them,
soil and wetness, and the natuurbouwstenen catalogue (see gbda_core.site.build_site)."""

from __future__ import annotations

from qgis.core import QgsProcessing as P
from qgis.core import QgsProcessingParameterFeatureSource as Source
from qgis.core import QgsProcessingParameterField as Field
from qgis.core import QgsProcessingParameterFile as File

from .. import core_options as core
from ..labels import CONTEXT_LABELS, SOIL_LABELS, WETNESS_LABELS
from ..translation import tr, tr_noop
from .element_inputs import add_element_inputs, read_element_inputs

#: Soil or wetness: choices ("" = from the layer, else unknown), their labels, the labels of
#: the choice and of the layer.
CLASSES = {
    "SOIL": (("", *core.SOILS), SOIL_LABELS, tr_noop("Soil"), tr_noop("Soil layer")),
    "WETNESS": (
        ("", *core.WETNESS),
        WETNESS_LABELS,
        tr_noop("Wetness"),
        tr_noop("Wetness layer (e.g. grondwatertrappen)"),
    ),
}
CONTEXT_HELP = tr_noop(
    "Lines count as 1 m wide. Each edge of the site is judged by what it borders."
)


def add_site_inputs(algorithm) -> None:
    """Declare the site, its context layers, existing elements, soil, wetness and catalogue."""
    algorithm.add_source("SITE", tr("Site: parcels or a farm polygon"), P.TypeVectorPolygon, False)
    algorithm.add(Field("SITE_ID", tr("Parcel id field"), None, "SITE", optional=True))
    for kind in core.SITE_GEOMETRY_KINDS:
        geometries = [P.TypeVectorPolygon, P.TypeVectorLine]
        source = Source(kind.upper(), tr(CONTEXT_LABELS[kind]), geometries, optional=True)
        algorithm.add(source, CONTEXT_HELP)
    add_element_inputs(algorithm)
    for key, (names, labels, label, layer_label) in CLASSES.items():
        algorithm.add_enum(key, tr(label), names, labels)
        algorithm.add_source(f"{key}_LAYER", tr(layer_label), P.TypeVectorPolygon)
        algorithm.add(
            Field(f"{key}_FIELD", tr("Class field"), None, f"{key}_LAYER", optional=True),
            tr_noop("Default: the field whose values name the classes."),
        )
    algorithm.add(
        File("CATALOGUE", tr("Catalogue folder"), behavior=File.Folder, optional=True),
        tr_noop("A province's own edition of the natuurbouwstenen (default: the shipped one)."),
    )
    algorithm.add_crs()


def read_catalogue(algorithm, parameters, context):
    """The natuurbouwstenen catalogue: the folder given, else the shipped one."""
    from natuurbouwstenen import load_catalogue

    return load_catalogue(algorithm.parameterAsFile(parameters, "CATALOGUE", context) or None)


def read_site(algorithm, parameters, context, feedback, vocabulary):
    """Read the site's layers and derive its context with ``gbda_core.site.build_site``."""
    from gbda_core.site import build_site

    from ..feedback import QgisFeedback
    from ..share_job import element_layers

    def text(key):
        return algorithm.parameterAsString(parameters, key, context) or None

    def frame(key, fields=()):
        return algorithm.read_frame(parameters, key, context, feedback, list(fields))

    id_field = text("SITE_ID")
    parcels = frame("SITE", [id_field] if id_field else [])
    layers = {kind: frame(kind.upper()) for kind in core.SITE_GEOMETRY_KINDS}
    classes = {}
    for key, (names, *_) in CLASSES.items():
        field = text(f"{key}_FIELD")
        fields = [field] if field else algorithm.field_names(parameters, f"{key}_LAYER", context)
        layers[key.lower()] = frame(f"{key}_LAYER", fields)
        classes[key.lower()] = (names[algorithm.parameterAsEnum(parameters, key, context)], field)
    elements = read_element_inputs(algorithm, parameters, context, feedback)
    return build_site(
        parcels,
        id_field=id_field,
        context={kind: [f] for kind, f in layers.items() if f is not None},
        elements=element_layers(elements, text("MAPPING"), vocabulary),
        soil=classes["soil"][0] or None,
        wetness=classes["wetness"][0] or None,
        soil_field=classes["soil"][1],
        wetness_field=classes["wetness"][1],
        vocabulary=vocabulary,
        crs=algorithm.working_crs(parameters, context),
        feedback=QgisFeedback(feedback),
    )
