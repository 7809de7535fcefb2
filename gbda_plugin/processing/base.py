"""The base class of every GBDA algorithm: names, help, errors, reading and writing layers."""

from __future__ import annotations

from qgis.core import (
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingParameterCrs,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
)
from qgis.PyQt.QtCore import QVariant

from gbda_core.errors import GbdaError
from gbda_core.feedback import Cancelled

from ..core_options import DEFAULT_CRS
from ..resources import icon
from ..threads import pin_thread_state
from ..translation import tr, tr_noop

#: Group id -> group name.
GROUPS = {
    "share": tr_noop("Share"),
    "import": tr_noop("Import"),
    "planning": tr_noop("Planning"),
    "register": tr_noop("Register and progress"),
}


class GbdaAlgorithm(QgsProcessingAlgorithm):
    """A Processing algorithm that calls one core function.

    Subclasses set ``ALG_ID`` (fixed, lowercase), ``DISPLAY_NAME``, ``GROUP_ID`` and ``HELP``
    (marked with ``tr_noop``), declare parameters in ``initAlgorithm`` with :meth:`add` and
    implement :meth:`process`. A core ``GbdaError`` becomes a one-line ``QgsProcessingException``;
    Cancel stops the run with "Cancelled by the user."
    """

    ALG_ID = ""
    DISPLAY_NAME = ""
    GROUP_ID = ""
    HELP = ""

    def name(self) -> str:
        """Fixed algorithm name: ``gbda:<name>``."""
        return self.ALG_ID

    def displayName(self) -> str:
        """Translated name in the toolbox."""
        return tr(self.DISPLAY_NAME)

    def group(self) -> str:
        """Translated group name."""
        return tr(GROUPS[self.GROUP_ID])

    def groupId(self) -> str:
        """Fixed group id."""
        return self.GROUP_ID

    def shortHelpString(self) -> str:
        """Translated help shown beside the parameters."""
        return tr(self.HELP)

    def icon(self):
        """The plugin icon."""
        return icon()

    def createInstance(self):
        """A new instance of the same algorithm."""
        return self.__class__()

    def add(self, parameter, help_text: str = "", advanced: bool = False):
        """Add a parameter with its (translated) help; return it."""
        if help_text:
            parameter.setHelp(tr(help_text))
        if advanced:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(parameter)
        return parameter

    def add_source(self, key: str, label: str, geometry, optional: bool = True):
        """Add a vector input of one geometry type (any layer, selected features allowed)."""
        return self.add(
            QgsProcessingParameterFeatureSource(key, label, [geometry], optional=optional)
        )

    def add_enum(self, key: str, label: str, names, labels: dict[str, str]):
        """Add a choice among core option ``names``, shown with their translated labels."""
        options = [tr(labels[name]) for name in names]
        return self.add(QgsProcessingParameterEnum(key, label, options, defaultValue=0))

    def add_crs(self) -> None:
        """Add the optional, advanced working-CRS parameter (default the core's)."""
        crs = QgsProcessingParameterCrs(
            "CRS", tr("Working CRS (projected, metres)"), DEFAULT_CRS, optional=True
        )
        self.add(crs, tr_noop("Areas and lengths are measured in this CRS."), advanced=True)

    def working_crs(self, parameters, context) -> str | None:
        """The working CRS for the core (None: the core's default)."""
        from ..bridge import crs_to_pyproj

        return crs_to_pyproj(self.parameterAsCrs(parameters, "CRS", context))

    def processAlgorithm(self, parameters, context, feedback):
        """Run :meth:`process`; core errors become one-line Processing errors."""
        pin_thread_state()
        try:
            return self.process(parameters, context, feedback)
        except Cancelled:
            message = tr("Cancelled by the user.")
        except GbdaError as exc:
            message = str(exc)
        # Raised outside the handler, so the core's exception (and through its traceback every
        # frame and layer of the run) is not kept as this one's context: QGIS holds on to the
        # Processing exception, and a layer freed only after QGIS has exited crashes Python.
        raise QgsProcessingException(message)

    def process(self, parameters, context, feedback) -> dict:
        """Do the work; return the outputs by name."""
        raise NotImplementedError

    def read_frame(self, parameters, name: str, context, feedback, fields: list[str]):
        """Read a feature-source parameter into a GeoDataFrame; None when it is not given.

        Selected-features-only and feature filters are honoured (Processing's source does it).
        Invalid geometries are passed on as they are: the core repairs and reports them.
        """
        from ..bridge import describe_layer

        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            return None
        layer = self.parameterAsVectorLayer(parameters, name, context)
        label, sublayer = describe_layer(layer) if layer else (source.sourceName(), "")
        return _read(source, label, sublayer, fields, feedback)

    def field_names(self, parameters, name: str, context) -> list[str]:
        """All attribute fields of a feature-source parameter but ``fid`` (the feature id)."""
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            return []
        return [field for field in source.fields().names() if field.lower() != "fid"]

    def read_layers(self, parameters, name: str, context, feedback, fields: list[str]) -> list:
        """Read every vector layer of a multiple-layer parameter into a GeoDataFrame.

        Of ``fields``, each layer gives those it has (the core names the ones it misses).
        """
        from ..bridge import describe_layer

        frames = []
        for layer in self.parameterAsLayerList(parameters, name, context):
            have = set(layer.fields().names())
            frames.append(
                _read(layer, *describe_layer(layer), [f for f in fields if f in have], feedback)
            )
        return frames

    def write_frame(self, parameters, name: str, context, frame, kind: str | None = None):
        """Write a (Geo)DataFrame to a sink parameter; return its id (None when not wanted)."""
        from ..bridge import crs_from_frame, features_of, qgs_fields, wkb_type

        fields = qgs_fields(frame)
        wkb = wkb_type(frame, kind)
        crs = crs_from_frame(frame)
        sink, dest_id = self.parameterAsSink(parameters, name, context, fields, wkb, crs)
        if sink is None:
            return None
        for feature in features_of(frame, fields, wkb):
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.writeFeatureError(sink, parameters, name))
        return dest_id

    def report_problems(self, problems, feedback) -> None:
        """Show the core's data problems as warnings in the Processing log."""
        for problem in problems:
            feedback.pushWarning(problem.one_line())

    def add_problems_output(self) -> None:
        """Add the optional *Data problems* table output."""
        self.add(
            QgsProcessingParameterFeatureSink(
                "PROBLEMS", tr("Data problems"), QgsProcessing.TypeVector, optional=True
            )
        )

    def write_problems(self, parameters, context, feedback, problems):
        """Show the core's data problems as warnings and write them to *Data problems*."""
        from gbda_core.problems import problems_frame

        self.report_problems(problems, feedback)
        return self.write_frame(parameters, "PROBLEMS", context, problems_frame(problems))

    def style_on_load(self, context, dest_id, apply) -> None:
        """Call ``apply(layer)`` on an output layer when Processing loads it into the project."""
        from ..styling import StyleOnLoad

        if dest_id is not None and context.willLoadLayerOnCompletion(dest_id):
            details = context.layerToLoadOnCompletionDetails(dest_id)
            details.setPostProcessor(StyleOnLoad.create(apply))

    def optional_number(self, parameters, name: str, context) -> float | None:
        """The value of an optional number parameter; None when it is not given."""
        if not given(parameters, name):
            return None
        return self.parameterAsDouble(parameters, name, context)


def given(parameters, name: str) -> bool:
    """True when a parameter has a value (not missing, None, NULL or empty text)."""
    value = parameters.get(name)
    if isinstance(value, QVariant):
        return not value.isNull()
    return value not in (None, "")


def _read(source, label: str, sublayer: str, fields: list[str], feedback):
    """Read a Processing feature source or a vector layer into a GeoDataFrame."""
    from ..bridge import frame_from_features

    wanted = [f for f in dict.fromkeys(fields) if f]
    request = QgsFeatureRequest().setSubsetOfAttributes(wanted, source.fields())
    if isinstance(source, QgsProcessingFeatureSource):
        flags = QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks
        features = source.getFeatures(request, flags)
    else:  # a layer checks no geometry unless asked to
        features = source.getFeatures(request)
    return frame_from_features(
        features,
        wanted,
        source.sourceCrs(),
        source=label,
        layer=sublayer,
        count=source.featureCount(),
        feedback=feedback,
    )
