"""A small bar chart of the share per area against the targets, drawn with QPainter.

No plotting library: QGIS installs do not all ship matplotlib, and a bar per area with two
target lines needs none. Bar colours come from the result layer's style, so map and chart agree.
"""

from __future__ import annotations

from collections.abc import Callable

from qgis.PyQt.QtCore import QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QPainter, QPen
from qgis.PyQt.QtWidgets import QSizePolicy, QWidget

from ..translation import tr

BAR_HEIGHT = 22
LEFT, RIGHT, TOP, BOTTOM = 90, 56, 8, 52


class ShareChart(QWidget):
    """Horizontal bars of ``share_pct`` per area with dashed lines at the two targets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gbdaShareChart")
        self.rows: list[tuple[str, float | None]] = []
        self.targets = (5.0, 10.0)
        self.color_of: Callable[[float], QColor] = lambda _value: QColor("#888888")
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)

    def set_data(
        self,
        rows: list[tuple[str, float | None]],
        targets: tuple[float, float],
        color_of: Callable[[float], QColor],
    ) -> None:
        """Show ``(area id, share %)`` rows, highest share first; None = no rural area."""
        self.rows = sorted(rows, key=lambda r: -1.0 if r[1] is None else r[1], reverse=True)
        self.targets = targets
        self.color_of = color_of
        self.setMinimumHeight(TOP + BOTTOM + BAR_HEIGHT * max(len(self.rows), 1))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        """Room for every bar."""
        return QSize(360, TOP + BOTTOM + BAR_HEIGHT * max(len(self.rows), 1))

    def paintEvent(self, event) -> None:
        """Draw bars, axis and target lines."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.rows:
            painter.drawText(self.rect(), Qt.AlignCenter, tr("No result yet."))
            return
        shares = [s for _, s in self.rows if s is not None]
        top = max([*shares, self.targets[1]]) * 1.1
        width = max(self.width() - LEFT - RIGHT, 10)

        def x_of(value: float) -> float:
            return LEFT + width * value / top

        for i, (area, share) in enumerate(self.rows):
            y = TOP + i * BAR_HEIGHT
            painter.setPen(QColor("#222222"))
            label_box = QRectF(0, y, LEFT - 6, BAR_HEIGHT)
            painter.drawText(label_box, Qt.AlignRight | Qt.AlignVCenter, str(area))
            if share is None:
                painter.drawText(QRectF(LEFT + 4, y, width, BAR_HEIGHT), Qt.AlignVCenter, "–")
                continue
            bar = QRectF(LEFT, y + 3, x_of(share) - LEFT, BAR_HEIGHT - 6)
            painter.fillRect(bar, self.color_of(share))
            painter.drawText(
                QRectF(bar.right() + 4, y, 60, BAR_HEIGHT), Qt.AlignVCenter, f"{share:.1f} %"
            )
        bottom = TOP + len(self.rows) * BAR_HEIGHT
        painter.setPen(QPen(QColor("#555555"), 1))
        painter.drawLine(LEFT, TOP, LEFT, bottom)
        painter.drawLine(LEFT, bottom, LEFT + width, bottom)
        for target, year in zip(self.targets, ("2030", "2050"), strict=True):
            x = x_of(target)
            painter.setPen(QPen(QColor("#b2182b"), 1.5, Qt.DashLine))
            painter.drawLine(int(x), TOP, int(x), bottom + 4)
            painter.setPen(QColor("#b2182b"))
            box = QRectF(x - 50, bottom + 4, 100, BOTTOM - 6)
            painter.drawText(box, Qt.AlignHCenter | Qt.AlignTop, f"{year}\n{target:g} %")
        painter.end()
