"""``gbda:progress``: km realised against the programme target, pace and forecast
(gbda_core.progress.progress_report), with a breakdown table."""

from __future__ import annotations

from qgis.core import QgsProcessing as P
from qgis.core import QgsProcessingOutputNumber, QgsProcessingOutputString
from qgis.core import QgsProcessingParameterDateTime as DateTime
from qgis.core import QgsProcessingParameterFeatureSink as Sink
from qgis.core import QgsProcessingParameterNumber as Number
from qgis.core import QgsProcessingParameterString as String
from qgis.PyQt.QtCore import QDate

from ... import core_options as core
from ...labels import PROGRESS_BY_LABELS
from ...translation import tr, tr_noop
from ..base import GbdaAlgorithm
from ..register_inputs import add_store_inputs, open_store_input

#: Figures given as outputs: name (as in ProgressReport), label, number or text.
FIGURES = (
    ("target_km", tr_noop("Target (km)"), True),
    ("realised_km", tr_noop("Realised (km)"), True),
    ("remaining_km", tr_noop("Remaining (km)"), True),
    ("pace_km_per_year", tr_noop("Pace so far (km per year)"), True),
    ("needed_km_per_year", tr_noop("Pace needed (km per year)"), True),
    ("planned_km", tr_noop("Planned (km)"), True),
    ("removed_km", tr_noop("Removed (km)"), True),
    ("realised_ha", tr_noop("Realised (ha)"), True),
    ("forecast_date", tr_noop("Forecast date of the target"), False),
    ("forecast_reason", tr_noop("Why there is no forecast"), False),
)
DATE = DateTime.Date


class ProgressAlgorithm(GbdaAlgorithm):
    """Progress of the km programme at a date, from the register."""

    ALG_ID, GROUP_ID, DISPLAY_NAME = "progress", "register", tr_noop("Progress report")
    HELP = tr_noop(
        "Km of landscape elements realised in the register against the programme target: "
        "realised km (planted by the date and not removed), remaining km, the pace so far and "
        "the pace needed to the deadline (km per year), and the date the target will be "
        "reached at the pace of the last years. Only linear element types count km. The "
        "breakdown table gives km per year, region, collectief, element type or status."
    )

    def initAlgorithm(self, config=None):
        """Declare the store, target, dates, breakdown and the outputs."""
        add_store_inputs(self, create=False)
        target = Number("TARGET", tr("Target (km)"), Number.Double, core.TARGET_KM, False, 0.001)
        self.add(target)
        deadline = QDate.fromString(core.DEADLINE, "yyyy-MM-dd")
        self.add(DateTime("DEADLINE", tr("Deadline"), DATE, deadline))
        self.add(DateTime("AT", tr("Report at (default: today)"), DATE, optional=True))
        self.add_enum("BY", tr("Breakdown by"), core.PROGRESS_BY, PROGRESS_BY_LABELS)
        programme = String("PROGRAMME", tr("Programme"), core.DEFAULT_PROGRAMME, optional=True)
        self.add(programme, tr_noop("Only elements of this programme; empty: all programmes."))
        start = DateTime("START", tr("Programme start"), DATE, optional=True)
        self.add(start, tr_noop("Default: 1 January of the first planting year."), advanced=True)
        self.add(Sink("BREAKDOWN", tr("Progress breakdown"), P.TypeVector))
        self.add_problems_output()
        for name, label, number in FIGURES:
            kind = QgsProcessingOutputNumber if number else QgsProcessingOutputString
            self.addOutput(kind(name, tr(label)))

    def process(self, parameters, context, feedback):
        """Read the register, report progress, write the breakdown."""
        from gbda_core.progress import (
            breakdown,
            check_register_frame,
            progress_report,
            select_programme,
            yearly,
        )

        def day(key):
            value = self.parameterAsDateTime(parameters, key, context)
            return value.date().toPyDate() if value.isValid() else None

        with open_store_input(self, parameters, context) as register:
            frame = register.current()
        programme = self.parameterAsString(parameters, "PROGRAMME", context) or None
        report = progress_report(
            frame,
            programme=programme,
            at=day("AT"),
            target_km=self.parameterAsDouble(parameters, "TARGET", context),
            deadline=day("DEADLINE"),
            start=day("START"),
        )
        by = core.PROGRESS_BY[self.parameterAsEnum(parameters, "BY", context)]
        checked = check_register_frame(select_programme(frame, programme))
        table = yearly(checked, report.at) if by == "year" else breakdown(checked, by, report.at)
        figures = {name: getattr(report, name, None) for name, _, number in FIGURES if number}
        figures["forecast_date"] = report.to_dict()["forecast_date"]
        figures["forecast_reason"] = report.reasons.get("forecast_date", "")
        for name, label, _ in FIGURES:
            feedback.pushInfo(f"{tr(label)}: {'-' if figures[name] is None else figures[name]}")
        for name, reason in report.reasons.items():
            feedback.pushInfo(f"{name}: {reason}")
        return {
            **{name: figures[name] for name, _, _ in FIGURES},
            "BREAKDOWN": self.write_frame(parameters, "BREAKDOWN", context, table),
            "PROBLEMS": self.write_problems(parameters, context, feedback, report.problems),
        }
