"""The "GBDA" Processing provider: lists the algorithms, nothing else."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider

from ..resources import icon
from ..translation import tr


class GbdaProvider(QgsProcessingProvider):
    """Provider ``gbda``; without its Python packages it has no algorithms and says why."""

    def __init__(self, problem: str = "") -> None:
        super().__init__()
        self.problem = problem

    def id(self) -> str:
        """Fixed id, the prefix of the algorithm ids (``gbda:share``)."""
        return "gbda"

    def name(self) -> str:
        """Name shown in the toolbox."""
        return "GBDA"

    def longName(self) -> str:
        """Longer name shown in the toolbox tooltip."""
        return tr("GBDA planner: groenblauwe dooradering")

    def icon(self):
        """The plugin icon."""
        return icon()

    def warningMessage(self) -> str:
        """The missing-dependency message, shown in the toolbox; empty when all is well."""
        return self.problem

    def loadAlgorithms(self) -> None:
        """Add the algorithms, unless a package they need is missing."""
        if self.problem:
            return
        from .algorithms.change import ChangeAlgorithm
        from .algorithms.import_bgt import ImportBgtAlgorithm
        from .algorithms.import_brp import ImportBrpAlgorithm
        from .algorithms.plan import PlanAlgorithm
        from .algorithms.progress import ProgressAlgorithm
        from .algorithms.register_import import RegisterImportAlgorithm
        from .algorithms.share import ShareAlgorithm
        from .algorithms.suggest import SuggestAlgorithm

        share = (ShareAlgorithm, ImportBgtAlgorithm, ImportBrpAlgorithm)
        planning = (SuggestAlgorithm, PlanAlgorithm)
        register = (RegisterImportAlgorithm, ProgressAlgorithm, ChangeAlgorithm)
        for algorithm in (*share, *planning, *register):
            self.addAlgorithm(algorithm())
