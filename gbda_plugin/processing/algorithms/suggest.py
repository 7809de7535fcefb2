"""``gbda:suggest``: which natuurbouwstenen fit a site, and why (gbda_core.suggest.suggest)."""

from __future__ import annotations

from qgis.core import QgsProcessing as P
from qgis.core import QgsProcessingParameterFeatureSink as Sink

from ...translation import tr, tr_noop
from ..base import GbdaAlgorithm
from ..site_inputs import add_site_inputs, read_catalogue, read_site


class SuggestAlgorithm(GbdaAlgorithm):
    """Ranks every bouwsteen of the catalogue for a site, with reasons in Dutch and English."""

    ALG_ID, GROUP_ID, DISPLAY_NAME = "suggest", "planning", tr_noop("Suggest natuurbouwstenen")
    HELP = tr_noop(
        "Ranks every natuurbouwsteen of the catalogue for a site (parcels or a farm polygon) "
        "with a fit score from 0 to 100 and the reasons, in Dutch and in English. A bouwsteen "
        "is excluded when no land of the site has a soil or wetness it needs, or when none of "
        "its positions (ditch bank, field edge, corner, middle of a parcel, farmyard) is on the "
        "site or large enough. Positions whose context layer is not given are not checked. "
        "Give soil and wetness for the whole site, or layers to take them from."
    )

    def initAlgorithm(self, config=None):
        """Declare the site inputs and the ranking table."""
        add_site_inputs(self)
        self.add(Sink("OUTPUT", tr("Natuurbouwstenen for this site"), P.TypeVector))
        self.add_problems_output()

    def process(self, parameters, context, feedback):
        """Read the site, rank the catalogue, write the ranking."""
        from gbda_core.plan_report import ranking_frame
        from gbda_core.suggest import suggest
        from gbda_core.vocabulary import load_vocabulary

        vocabulary = load_vocabulary()
        catalogue = read_catalogue(self, parameters, context)
        site = read_site(self, parameters, context, feedback, vocabulary)
        ranking = suggest(site, catalogue, vocabulary)
        message = tr("{n} of {total} natuurbouwstenen fit this site.")
        feedback.pushInfo(message.format(n=sum(s.fits for s in ranking), total=len(ranking)))
        return {
            "OUTPUT": self.write_frame(parameters, "OUTPUT", context, ranking_frame(ranking)),
            "PROBLEMS": self.write_problems(parameters, context, feedback, site.problems),
        }
