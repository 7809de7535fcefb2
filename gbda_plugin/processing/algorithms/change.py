"""``gbda:change``: gained and lost landscape elements between two snapshots, per area and type
(gbda_core.change.compute_change)."""

from __future__ import annotations

from qgis.core import QgsProcessing as P
from qgis.core import QgsProcessingParameterFeatureSink as Sink
from qgis.core import QgsProcessingParameterField as Field
from qgis.core import QgsProcessingParameterMultipleLayers as Layers
from qgis.core import QgsProcessingParameterNumber as Number
from qgis.core import QgsProcessingParameterString as String

from ... import core_options as core
from ...translation import tr, tr_noop
from ..base import GbdaAlgorithm
from ..element_inputs import add_mapping_input

#: The two snapshots: parameter key, label.
SNAPSHOTS = (
    ("OLD", tr_noop("Earlier elements (one or more layers)")),
    ("NEW", tr_noop("Later elements (one or more layers)")),
)


class ChangeAlgorithm(GbdaAlgorithm):
    """Gained, lost and unchanged elements (ha, km) per area and type between two snapshots."""

    ALG_ID, GROUP_ID = "change", "register"
    DISPLAY_NAME = tr_noop("Change between snapshots")
    HELP = tr_noop(
        "Compares two snapshots of landscape elements (e.g. two BGT downloads, imported with "
        "Import BGT) per area and element type: ha and km gained, lost, unchanged and net. "
        "Lines count as strips of their width, points with their type's area. A shift of an "
        "outline up to the tolerance (m) is no change; a type change is a loss of the old type "
        "and a gain of the new one. Outputs: the summary per area and type, and the gained and "
        "lost pieces as polygons (green and red)."
    )

    def initAlgorithm(self, config=None):
        """Declare both snapshots, the areas, the tolerance and the outputs."""
        for key, label in SNAPSHOTS:
            self.add(Layers(key, tr(label), P.TypeVectorAnyGeometry))
            self.add(String(f"{key}_TYPE", tr("Type field"), "element_type"))
        width = String("WIDTH", tr("Width field (m), where a layer has it"), optional=True)
        self.add(width)
        add_mapping_input(self)
        self.add_source("AREAS", tr("Areas"), P.TypeVectorPolygon, optional=False)
        self.add(Field("AREA_ID", tr("Area id field"), parentLayerParameterName="AREAS"))
        tolerance = tr("Tolerance (m)")
        self.add(
            Number("TOLERANCE", tolerance, Number.Double, core.TOLERANCE_M, False, 0.0),
            tr_noop("The largest digitising shift that is not a change."),
        )
        self.add_crs()
        self.add(Sink("OUTPUT", tr("Change per area and element type"), P.TypeVector))
        self.add(Sink("GAINED", tr("Gained elements"), P.TypeVectorPolygon, optional=True))
        self.add(Sink("LOST", tr("Lost elements"), P.TypeVectorPolygon, optional=True))
        self.add_problems_output()

    def process(self, parameters, context, feedback):
        """Read both snapshots and the areas, compare them, write the outputs."""
        from functools import partial

        from gbda_core.change import compute_change
        from gbda_core.vocabulary import load_vocabulary

        from ...feedback import QgisFeedback
        from ...share_job import ElementInput, element_layers
        from ...styling import apply_single_style

        def text(key):
            return self.parameterAsString(parameters, key, context) or None

        vocabulary = load_vocabulary()
        width = text("WIDTH")
        snapshots = []
        for key, _ in SNAPSHOTS:
            type_field = text(f"{key}_TYPE") or "element_type"
            frames = self.read_layers(parameters, key, context, feedback, [type_field, width])
            inputs = [ElementInput(f, type_field, width if width in f else None) for f in frames]
            snapshots.append(element_layers(inputs, text("MAPPING"), vocabulary))
        id_field = text("AREA_ID") or ""
        result = compute_change(
            *snapshots,
            self.read_frame(parameters, "AREAS", context, feedback, [id_field]),
            id_field=id_field,
            tolerance=self.parameterAsDouble(parameters, "TOLERANCE", context),
            vocabulary=vocabulary,
            crs=self.working_crs(parameters, context),
            feedback=QgisFeedback(feedback),
        )
        outputs = {"OUTPUT": self.write_frame(parameters, "OUTPUT", context, result.summary)}
        for key, frame, style in (
            ("GAINED", result.gained, "change_gained"),
            ("LOST", result.lost, "change_lost"),
        ):
            outputs[key] = self.write_frame(parameters, key, context, frame, "polygon")
            self.style_on_load(context, outputs[key], partial(apply_single_style, name=style))
        outputs["PROBLEMS"] = self.write_problems(parameters, context, feedback, result.problems)
        return outputs
