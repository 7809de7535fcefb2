"""``gbda:import_brp``: BRP gewaspercelen into elements and rural area (read_brp)."""

from __future__ import annotations

from qgis.core import QgsProcessing
from qgis.core import QgsProcessingParameterFeatureSource as Source

from ...translation import tr, tr_noop
from ..base import GbdaAlgorithm
from ..import_outputs import add_import_outputs, write_import_outputs


class ImportBrpAlgorithm(GbdaAlgorithm):
    """Landscape-element parcels (by gewascode) and rural area from BRP gewaspercelen."""

    ALG_ID, GROUP_ID, DISPLAY_NAME = "import_brp", "import", tr_noop("Import BRP")
    HELP = tr_noop(
        "Reads BRP gewaspercelen (PDOK layout, fields category, gewas and gewascode) into "
        "landscape elements with an element_type field (category Landschapselement, typed by "
        "gewascode, else by gewas name) and the rural area (Grasland and Bouwland, and the "
        "element parcels). Codes the vocabulary does not know are listed as problems."
    )

    def initAlgorithm(self, config=None):
        """Declare the parcels layer, the CRS and the outputs."""
        self.add(
            Source("INPUT", tr("BRP gewaspercelen"), [QgsProcessing.TypeVectorPolygon]),
            tr_noop("Any polygon layer with the fields category, gewas and gewascode."),
        )
        self.add_crs()
        add_import_outputs(self)

    def process(self, parameters, context, feedback):
        """Hand the parcels to the core (through a temporary GeoPackage) and write the layers."""
        from gbda_core.readers.brp import read_brp

        from ...bridge import as_gpkg, renamed_problems

        source = self.parameterAsSource(parameters, "INPUT", context)
        fields = self.field_names(parameters, "INPUT", context)
        frame = self.read_frame(parameters, "INPUT", context, feedback, fields)
        path, layer = as_gpkg(frame, source.sourceName())
        result = read_brp(
            f"{path}|layername={layer}",
            crs=self.working_crs(parameters, context),
        )
        result.problems = renamed_problems(result.problems, str(path), source.sourceName())
        return write_import_outputs(self, result, parameters, context, feedback)
