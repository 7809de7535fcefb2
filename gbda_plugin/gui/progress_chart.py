"""A small chart of the km realised per year (cumulative) against the programme target.

Drawn with QPainter, like :mod:`gbda_plugin.gui.share_chart` (no plotting library needed):
a bar per year with the km realised at its end, a dashed line at the target, and a dotted line
from today's km to the target at the deadline, whose slope is the pace still needed.
"""

from __future__ import annotations

import datetime as dt
import math

from qgis.PyQt.QtCore import QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QPainter, QPen
from qgis.PyQt.QtWidgets import QSizePolicy, QWidget

from ..translation import tr

LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
BAR = QColor("#2f7d32")
TARGET = QColor("#b2182b")
NEEDED = QColor("#555555")


class ProgressChart(QWidget):
    """Cumulative km at each year end (and at the reporting date) against the target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gbdaProgressChart")
        self.years: list[tuple[int, float]] = []
        self.target_km = 0.0
        self.deadline: dt.date | None = None
        self.now: tuple[dt.date, float] | None = None
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def set_data(
        self,
        years: list[tuple[int, float]],
        target_km: float,
        deadline: dt.date,
        now: tuple[dt.date, float],
    ) -> None:
        """``(year, cumulative km)`` per year (from :func:`gbda_core.progress.yearly`), the
        target, the deadline and ``(reporting date, km realised then)``."""
        self.years, self.target_km, self.deadline, self.now = years, target_km, deadline, now
        self.update()

    def sizeHint(self) -> QSize:
        """A chart wider than tall."""
        return QSize(380, 240)

    def paintEvent(self, event) -> None:
        """Draw the bars, the target line, the needed path and the axes."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if self.deadline is None or self.now is None:
            painter.drawText(self.rect(), Qt.AlignCenter, tr("No report yet."))
            return
        first = min([y for y, _ in self.years] + [self.now[0].year])
        last = max(self.deadline.year, self.now[0].year)
        span = last - first + 1
        top_km = max([self.target_km, *(km for _, km in self.years)]) * 1.1 or 1.0
        width = max(self.width() - LEFT - RIGHT, 10)
        height = max(self.height() - TOP - BOTTOM, 10)
        slot = width / span

        def x_of(year: float) -> float:
            return LEFT + (year - first) * slot

        def y_of(km: float) -> float:
            return TOP + height * (1 - km / top_km)

        for year, km in self.years:
            bar = QRectF(x_of(year) + slot * 0.15, y_of(km), slot * 0.7, y_of(0) - y_of(km))
            painter.fillRect(bar, BAR)
        painter.setPen(QPen(QColor("#555555"), 1))
        painter.drawLine(QPointF(LEFT, TOP), QPointF(LEFT, y_of(0)))
        painter.drawLine(QPointF(LEFT, y_of(0)), QPointF(LEFT + width, y_of(0)))
        label_width = painter.fontMetrics().horizontalAdvance("2030") + 8
        step = max(1, math.ceil(label_width / slot))
        for year in range(first, last + 1, step):
            box = QRectF(x_of(year), y_of(0) + 4, slot * step, BOTTOM - 8)
            painter.drawText(box, Qt.AlignHCenter | Qt.AlignTop, str(year))
        for km in (0.0, self.target_km / 2, self.target_km):
            box = QRectF(0, y_of(km) - 10, LEFT - 6, 20)
            painter.drawText(box, Qt.AlignRight | Qt.AlignVCenter, f"{km:g}")
        painter.setPen(QPen(TARGET, 1.5, Qt.DashLine))
        painter.drawLine(
            QPointF(LEFT, y_of(self.target_km)), QPointF(LEFT + width, y_of(self.target_km))
        )
        painter.setPen(TARGET)
        label = tr("target {km} km").format(km=f"{self.target_km:g}")
        painter.drawText(
            QRectF(LEFT + 4, y_of(self.target_km) - 18, width, 16), Qt.AlignLeft, label
        )
        day, km_now = self.now
        if km_now < self.target_km and day < self.deadline:
            painter.setPen(QPen(NEEDED, 1.5, Qt.DotLine))
            start = QPointF(x_of(_year_fraction(day)), y_of(km_now))
            end = QPointF(x_of(_year_fraction(self.deadline)), y_of(self.target_km))
            painter.drawLine(start, end)
        painter.end()


def _year_fraction(day: dt.date) -> float:
    """A date as a position on the year axis (the end of the day)."""
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + ((day - start).days + 1) / length
