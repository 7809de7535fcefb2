"""The progress panel: km realised against the programme target, pace, forecast and a chart."""

from __future__ import annotations

import datetime as dt

from qgis.PyQt import uic
from qgis.PyQt.QtCore import QDate
from qgis.PyQt.QtWidgets import QDockWidget

from gbda_core import wording
from gbda_core.progress import (
    DEFAULT_DEADLINE,
    DEFAULT_TARGET_KM,
    check_register_frame,
    progress_report,
    select_programme,
    yearly,
)
from gbda_core.register import DEFAULT_PROGRAMME
from gbda_core.register.model import today

from .. import progress_view
from ..register_store import open_store
from ..resources import ui_path
from ..translation import core_language, tr
from .progress_chart import ProgressChart
from .store_inputs import chosen_store, setup_store_widgets, store_problem
from .tasks import CoreTask, TaskRunner, log_problems

FORM_CLASS, _ = uic.loadUiType(str(ui_path("progress_dock")))
RESULT_TAB = 1
#: Resolution of the km bar (it takes whole numbers).
BAR_STEPS = 1000


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ProgressDock(QDockWidget, FORM_CLASS):
    """Reads a register in the background and shows :func:`gbda_core.progress.progress_report`:
    realised km against the target, the pace achieved and needed, the forecast (or why there is
    none) and the cumulative km per year against the target line."""

    def __init__(self, iface, parent=None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("GbdaProgressDock")
        self.iface = iface
        self.lang = core_language()
        self.report = None
        self.table = None
        setup_store_widgets(self)
        self.all_label = tr("(all)")
        self.programmeCombo.addItems([self.all_label, DEFAULT_PROGRAMME])
        self.programmeCombo.setCurrentText(DEFAULT_PROGRAMME)
        self.targetKm.setValue(DEFAULT_TARGET_KM)
        self.deadline.setDate(_qdate(DEFAULT_DEADLINE))
        self.atDate.setDate(_qdate(today()))
        self.chart = ProgressChart()
        self.chartLayout.addWidget(self.chart)
        self.kmBar.setRange(0, BAR_STEPS)
        self.kmBar.setFormat("")
        self.runner = TaskRunner(
            iface, self.progressBar, self.statusLabel, [self.showButton], self.cancelButton
        )
        self.showButton.clicked.connect(self.show_progress)

    @property
    def task(self):
        """The running task (None when idle)."""
        return self.runner.task

    def programme(self) -> str | None:
        """The programme to count (None: every element)."""
        text = self.programmeCombo.currentText().strip()
        return None if text in ("", self.all_label) else text

    def settings(self) -> dict:
        """The report's settings, as :func:`gbda_core.progress.progress_report` takes them."""
        return {
            "at": self.atDate.date().toPyDate(),
            "target_km": self.targetKm.value(),
            "deadline": self.deadline.date().toPyDate(),
        }

    def show_progress(self) -> None:
        """Read the register and compute the report in the background."""
        if problem := store_problem(self):
            self.runner.refuse(problem)
            return
        path, connection, schema = chosen_store(self)
        programme, settings = self.programme(), self.settings()

        def work(task: CoreTask):
            task.stepChanged.emit(tr("reading the register"))
            with open_store(path, connection, schema) as register:
                frame = register.current()
            # Every programme of the register, for the choice (the report names only its own).
            programmes = sorted(str(p) for p in frame["programme"].dropna().unique())
            task.stepChanged.emit(tr("computing the progress"))
            report = progress_report(frame, programme=programme, **settings)
            chosen = check_register_frame(select_programme(frame, programme))
            return report, yearly(chosen, report.at), programmes

        self.runner.start(CoreTask(tr("GBDA programme progress"), work), self.on_report)

    def on_report(self, result) -> None:
        """Show the numbers, the km bar and the chart."""
        report, table, programmes = result
        self.report, self.table = report, table
        current = self.programmeCombo.currentText()
        self.programmeCombo.clear()
        self.programmeCombo.addItems([self.all_label, *programmes])
        self.programmeCombo.setCurrentText(current)
        done = min(report.realised_km / report.target_km, 1.0)
        self.kmBar.setValue(round(done * BAR_STEPS))
        self.kmBar.setFormat(
            tr("{done} of {target} km ({pct} %)").format(
                done=wording.number(report.realised_km, self.lang, 1),
                target=wording.number(report.target_km, self.lang, 0),
                pct=wording.number(100 * report.realised_km / report.target_km, self.lang, 1),
            )
        )
        self.numbersLabel.setText(progress_view.progress_html(report, self.lang, tr))
        self.tabs.setCurrentIndex(RESULT_TAB)
        years = [
            (int(y), float(km)) for y, km in zip(table["year"], table["cumulative_km"], strict=True)
        ]
        self.chart.set_data(
            years, report.target_km, report.deadline, (report.at, report.realised_km)
        )
        text = tr("{km} km realised.").format(km=wording.number(report.realised_km, self.lang, 2))
        text += log_problems(report.problems)
        self.statusLabel.setText(text)

    def shutdown(self) -> None:
        """Stop a running task before the plugin unloads."""
        self.runner.shutdown()
