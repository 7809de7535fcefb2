"""``gbda:plan``: a layout of natuurbouwstenen that reaches goals on a site (plan_layout)."""

from __future__ import annotations

from qgis.core import QgsProcessing as P
from qgis.core import QgsProcessingException, QgsProcessingOutputString
from qgis.core import QgsProcessingParameterFeatureSink as Sink
from qgis.core import QgsProcessingParameterNumber as Number
from qgis.core import QgsProcessingParameterString as String

from ... import core_options as core
from ...labels import METHOD_LABELS, OBJECTIVE_LABELS
from ...translation import tr, tr_noop
from ..base import GbdaAlgorithm
from ..site_inputs import add_site_inputs, read_catalogue, read_site

#: Goal parameters: key, core goal kind, label, largest value.
GOALS = (
    ("TARGET_SHARE", "share", tr_noop("Goal: GBDA share of the site (%, 0 = none)"), 100.0),
    ("TARGET_WOODY", "woody_share", tr_noop("Goal: woody share of the elements (%, 0 = none)"),
     100.0),
    ("TARGET_HEDGE_M", "hedge_m", tr_noop("Goal: metres of new hedge (0 = none)"), 1e7),
)  # fmt: skip


class PlanAlgorithm(GbdaAlgorithm):
    """Places natuurbouwstenen on a site to reach share, woody-share or hedge goals."""

    ALG_ID, GROUP_ID, DISPLAY_NAME = "plan", "planning", tr_noop("Plan a layout")
    HELP = tr_noop(
        "Plans where new natuurbouwstenen go on a site to reach the goals (GBDA share in % of "
        "the site's rural area, woody share in % of the element area, metres of new hedge; "
        "0 = not set) at the least cost (aanleg + beheer over the years, EUR) or the least "
        "productive land, within an optional aanleg budget. The share before and after comes "
        "from the share engine. Outputs: the layout (one polygon per element, styled by "
        "group), a summary and the goals; the verdict is shown in the log."
    )

    def initAlgorithm(self, config=None):
        """Declare the site inputs, goals, settings and the outputs."""
        add_site_inputs(self)
        for key, _, label, largest in GOALS:
            self.add(Number(key, tr(label), Number.Double, 0.0, False, 0.0, largest))
        self.add_enum("OBJECTIVE", tr("Objective"), core.OBJECTIVES, OBJECTIVE_LABELS)
        budget = Number("BUDGET", tr("Budget for aanleg (EUR)"), Number.Double, None, True, 0.0)
        self.add(budget, tr_noop("Largest aanleg cost; empty: no budget."))
        years = tr("Years of beheer counted in the cost")
        self.add(Number("BEHEER_YEARS", years, Number.Double, core.BEHEER_YEARS, False, 0.0))
        self.add_enum("METHOD", tr("Solver"), core.METHODS, METHOD_LABELS)
        limit = Number("TIME_LIMIT", tr("Time limit of the exact solver (s)"), Number.Double,
                       core.TIME_LIMIT_S, False, 1.0)  # fmt: skip
        self.add(limit, advanced=True)
        only = tr("Only these bouwstenen (ids, comma-separated)")
        self.add(String("BOUWSTENEN", only, optional=True), advanced=True)
        self.add(Sink("OUTPUT", tr("Planned layout"), P.TypeVectorPolygon))
        self.add(Sink("SUMMARY", tr("Plan summary"), P.TypeVector, optional=True))
        self.add(Sink("GOALS", tr("Plan goals"), P.TypeVector, optional=True))
        self.add_problems_output()
        self.addOutput(QgsProcessingOutputString("MESSAGE", tr("Verdict")))

    def process(self, parameters, context, feedback):
        """Check the settings, read the site, plan, write the outputs and say the verdict."""
        import pandas as pd

        from gbda_core.optimise import Goal, check_settings
        from gbda_core.plan import plan_layout
        from gbda_core.plan_report import goal_values, plan_summary
        from gbda_core.vocabulary import load_vocabulary

        from ...feedback import QgisFeedback
        from ...styling import apply_layout_style
        from ...translation import core_language

        def number(key):
            return self.parameterAsDouble(parameters, key, context)

        goals = [Goal(kind, number(key)) for key, kind, _, _ in GOALS if number(key) > 0]
        if not goals:
            raise QgsProcessingException(tr("Give a goal: a share, a woody share or hedge metres."))
        objective = core.OBJECTIVES[self.parameterAsEnum(parameters, "OBJECTIVE", context)]
        method = core.METHODS[self.parameterAsEnum(parameters, "METHOD", context)]
        budget = self.optional_number(parameters, "BUDGET", context)
        check_settings(goals, objective, budget, method)  # before the (slow) reading
        only = self.parameterAsString(parameters, "BOUWSTENEN", context)
        vocabulary = load_vocabulary()
        catalogue = read_catalogue(self, parameters, context)
        site = read_site(self, parameters, context, feedback, vocabulary)
        plan = plan_layout(
            site,
            goals,
            catalogue=catalogue,
            vocabulary=vocabulary,
            objective=objective,
            budget=budget,
            beheer_years=number("BEHEER_YEARS"),
            bouwstenen=[b.strip() for b in only.split(",") if b.strip()] or None,
            method=method,
            time_limit=number("TIME_LIMIT"),
            feedback=QgisFeedback(feedback),
        )
        summary = plan_summary(plan)
        message = summary[f"message_{core_language()}"]
        feedback.pushInfo(message)
        layout = self.write_frame(parameters, "OUTPUT", context, plan.layout, "polygon")
        self.style_on_load(context, layout, apply_layout_style)
        return {
            "OUTPUT": layout,
            "SUMMARY": self.write_frame(parameters, "SUMMARY", context, pd.DataFrame([summary])),
            "GOALS": self.write_frame(parameters, "GOALS", context, goal_values(plan)),
            "PROBLEMS": self.write_problems(parameters, context, feedback, plan.problems),
            "MESSAGE": message,
        }
