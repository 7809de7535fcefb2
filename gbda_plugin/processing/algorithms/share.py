"""``gbda:share``: share of landscape elements per area (gbda_core.share.compute_share)."""

from __future__ import annotations

from qgis.core import QgsProcessing as P
from qgis.core import QgsProcessingParameterFeatureSink as Sink
from qgis.core import QgsProcessingParameterField as Field
from qgis.core import QgsProcessingParameterFile as File
from qgis.core import QgsProcessingParameterNumber as Number
from qgis.core import QgsProcessingParameterString as String

from ... import core_options as core
from ...labels import EXCLUSION_LABELS, MODE_LABELS, PROFILE_LABELS, READING_LABELS
from ...translation import tr, tr_noop
from ..base import GbdaAlgorithm

#: Element inputs: parameter key, label, geometry filter.
ELEMENTS = (
    ("LINES", tr_noop("Line elements (hedges, tree rows, banks)"), P.TypeVectorLine),
    ("POLYGONS", tr_noop("Polygon elements (ponds, copses, reed plots)"), P.TypeVectorPolygon),
    ("POINTS", tr_noop("Point elements (single trees, small ponds)"), P.TypeVectorPoint),
)
PROFILES = (*core.PROFILES, "custom")
MAPPING_FILTER = " (*.toml *.yaml *.yml *.csv)"


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
        for key, label, geometry in ELEMENTS:
            self.add_source(key, tr(label), geometry)
            self.add(Field(f"{key}_TYPE", tr("Type field"), "element_type", key, optional=True))
        numeric = Field.Numeric
        self.add(Field("LINES_WIDTH", tr("Width field (m)"), None, "LINES", numeric, optional=True))
        mapping = tr("Type mapping") + MAPPING_FILTER
        self.add(File("MAPPING", tr("Type mapping file"), optional=True, fileFilter=mapping))
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
        self.add(Sink("PROBLEMS", tr("Data problems"), P.TypeVector, optional=True))

    def process(self, parameters, context, feedback):
        """Read the layers, compute the share, write the three outputs."""
        from gbda_core.problems import problems_frame

        from ...feedback import QgisFeedback
        from ...share_job import ElementInput, ShareJob
        from ...styling import ShareStyler

        def text(key):
            return self.parameterAsString(parameters, key, context) or None

        def frame(key, *fields):
            return self.read_frame(parameters, key, context, feedback, [f for f in fields if f])

        def choice(key, names):
            return names[self.parameterAsEnum(parameters, key, context)]

        elements = []
        for key, _, _ in ELEMENTS:
            type_field, width = text(f"{key}_TYPE"), text("LINES_WIDTH") if key == "LINES" else None
            if (features := frame(key, type_field, width)) is not None:
                elements.append(ElementInput(features, type_field or "element_type", width))
        exclusions = {kind: frame(f"EXCLUDE_{kind.upper()}") for kind in core.EXCLUSION_KINDS}
        profile = choice("PROFILE", PROFILES)
        job = ShareJob(
            areas=frame("AREAS", text("AREA_ID")),
            id_field=text("AREA_ID") or "",
            elements=elements,
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
        self.report_problems(result.problems, feedback)
        output = self.write_frame(parameters, "OUTPUT", context, result.areas, "polygon")
        if context.willLoadLayerOnCompletion(output):
            styler = ShareStyler.create(job.target_2030, job.target_2050)
            context.layerToLoadOnCompletionDetails(output).setPostProcessor(styler)
        problems = problems_frame(result.problems)
        return {
            "OUTPUT": output,
            "BREAKDOWN": self.write_frame(parameters, "BREAKDOWN", context, result.breakdown),
            "PROBLEMS": self.write_frame(parameters, "PROBLEMS", context, problems),
        }
