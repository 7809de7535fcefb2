"""``gbda:share``: share of landscape elements per area (gbda_core.share.compute_share)."""

from __future__ import annotations

from qgis.core import QgsProcessing as P
from qgis.core import QgsProcessingParameterFeatureSink as Sink
from qgis.core import QgsProcessingParameterField as Field
from qgis.core import QgsProcessingParameterNumber as Number
from qgis.core import QgsProcessingParameterString as String

from ... import core_options as core
from ...labels import EXCLUSION_LABELS, MODE_LABELS, PROFILE_LABELS, READING_LABELS
from ...translation import tr, tr_noop
from ..base import GbdaAlgorithm
from ..element_inputs import add_element_inputs, read_element_inputs

PROFILES = (*core.PROFILES, "custom")


class ShareAlgorithm(GbdaAlgorithm):
    """Share per area, with the gap to the 2030 and 2050 targets."""

    ALG_ID, GROUP_ID, DISPLAY_NAME = "share", "share", tr_noop("Share per area")
    HELP = tr_noop(
        "Share of landscape elements in the rural area of each area (%), against the 2030 and "
        "2050 targets, with the gap in ha. Lines count as strips of their width (width field, "
        "else the type's default), points with the type's default area; overlaps count once. "
        "Types are vocabulary codes or Dutch names, or mapped by a mapping file. Areas and "
        "lengths are measured in the working CRS (EPSG:28992 by default)."
    )

    def initAlgorithm(self, config=None):
        """Declare the inputs, settings and the three outputs."""
        self.add_source("AREAS", tr("Areas"), P.TypeVectorPolygon, optional=False)
        self.add(Field("AREA_ID", tr("Area id field"), parentLayerParameterName="AREAS"))
        add_element_inputs(self)
        for kind in core.EXCLUSION_KINDS:
            self.add_source(
                f"EXCLUDE_{kind.upper()}", tr(EXCLUSION_LABELS[kind]), P.TypeVectorPolygon
            )
        self.add_source("RURAL", tr("Rural area (instead of the whole area)"), P.TypeVectorPolygon)
        self.add_enum("PROFILE", tr("Denominator profile"), PROFILES, PROFILE_LABELS)
        kinds = String("CUSTOM_KINDS", tr("Custom profile: kinds to leave out"), optional=True)
        self.add(kinds, advanced=True)
        self.add_enum("MODE", tr("Counting mode"), core.MODES, MODE_LABELS)
        for key, label, default in (
            ("TARGET_2030", tr("2030 target (%)"), core.TARGET_2030_PCT),
            ("TARGET_2050", tr("2050 target (%)"), core.TARGET_2050_PCT),
        ):
            self.add(Number(key, label, Number.Double, default, False, 0, 100))
        self.add_enum("READING_2030", tr("2030 reading"), core.READINGS_2030, READING_LABELS)
        self.add_crs()
        self.add(Sink("OUTPUT", tr("Share per area"), P.TypeVectorPolygon))
        self.add(Sink("BREAKDOWN", tr("Breakdown per element type"), P.TypeVector, optional=True))
        self.add_problems_output()

    def process(self, parameters, context, feedback):
        """Read the layers, compute the share, write the three outputs."""
        from functools import partial

        from ...feedback import QgisFeedback
        from ...share_job import ShareJob
        from ...styling import apply_share_style

        def text(key):
            return self.parameterAsString(parameters, key, context) or None

        def frame(key, *fields):
            return self.read_frame(parameters, key, context, feedback, [f for f in fields if f])

        def choice(key, names):
            return names[self.parameterAsEnum(parameters, key, context)]

        exclusions = {kind: frame(f"EXCLUDE_{kind.upper()}") for kind in core.EXCLUSION_KINDS}
        profile = choice("PROFILE", PROFILES)
        job = ShareJob(
            areas=frame("AREAS", text("AREA_ID")),
            id_field=text("AREA_ID") or "",
            elements=read_element_inputs(self, parameters, context, feedback),
            mapping=text("MAPPING"),
            exclusions={kind: f for kind, f in exclusions.items() if f is not None},
            rural=frame("RURAL"),
            profile=f"custom:{text('CUSTOM_KINDS') or ''}" if profile == "custom" else profile,
            mode=choice("MODE", core.MODES),
            target_2030=self.parameterAsDouble(parameters, "TARGET_2030", context),
            target_2050=self.parameterAsDouble(parameters, "TARGET_2050", context),
            reading_2030=choice("READING_2030", core.READINGS_2030),
            crs=self.working_crs(parameters, context),
        )
        result = job.run(QgisFeedback(feedback))
        output = self.write_frame(parameters, "OUTPUT", context, result.areas, "polygon")
        targets = {"target_2030": job.target_2030, "target_2050": job.target_2050}
        self.style_on_load(context, output, partial(apply_share_style, **targets))
        return {
            "OUTPUT": output,
            "BREAKDOWN": self.write_frame(parameters, "BREAKDOWN", context, result.breakdown),
            "PROBLEMS": self.write_problems(parameters, context, feedback, result.problems),
        }
