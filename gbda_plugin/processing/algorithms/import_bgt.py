"""``gbda:import_bgt``: a PDOK BGT download into elements and rural area (read_bgt)."""

from __future__ import annotations

from qgis.core import QgsProcessing, QgsProcessingParameterFile

from ...translation import tr, tr_noop
from ..base import GbdaAlgorithm
from ..import_outputs import add_import_outputs, write_import_outputs


class ImportBgtAlgorithm(GbdaAlgorithm):
    """Landscape elements (by geometry), rural area and excluded land from a BGT zip."""

    ALG_ID, GROUP_ID, DISPLAY_NAME = "import_bgt", "import", tr_noop("Import BGT")
    HELP = tr_noop(
        "Reads a BGT download from PDOK (zip with bgt_*.gml files in CityGML/IMGeo format) into "
        "landscape elements with an element_type field, split into line, polygon and point "
        "layers, the rural area, and excluded land (large water, forest, nature). Only current "
        "objects are read. A class mapping file (TOML) replaces the shipped BGT class mapping."
    )

    def initAlgorithm(self, config=None):
        """Declare the zip, the optional class mapping, the CRS and the outputs."""
        self.add(
            QgsProcessingParameterFile("INPUT", tr("BGT download (zip)"), extension="zip"),
            tr_noop("The zip as downloaded from PDOK, in CityGML (IMGeo) format."),
        )
        self.add(
            QgsProcessingParameterFile(
                "CLASSES", tr("BGT class mapping (TOML)"), extension="toml", optional=True
            ),
            advanced=True,
        )
        self.add_crs()
        add_import_outputs(self, excluded=QgsProcessing.TypeVectorPolygon)

    def process(self, parameters, context, feedback):
        """Read the zip with the core and write the layers."""
        from gbda_core.readers.bgt import read_bgt

        from ...feedback import QgisFeedback

        result = read_bgt(
            self.parameterAsFile(parameters, "INPUT", context),
            classes=self.parameterAsFile(parameters, "CLASSES", context) or None,
            crs=self.working_crs(parameters, context),
            feedback=QgisFeedback(feedback),
        )
        return write_import_outputs(self, result, parameters, context, feedback)
