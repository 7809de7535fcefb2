"""Shipped layer styles (``styles/*.qml``), fitted to the targets of the run."""

from __future__ import annotations

from qgis.core import QgsGraduatedSymbolRenderer, QgsProcessingLayerPostProcessorInterface

from .resources import style_path
from .translation import tr

#: The share style's classes, top down: 2050 target met, 2030 target met, below 2030.
SHARE_STYLE = "share_result"


def apply_share_style(layer, target_2030: float, target_2050: float) -> None:
    """Style a share result layer: graduated colours on ``share_pct`` with class breaks at the
    2030 and 2050 targets (5 % and 10 % by default), labels with the area and its share.

    Raises
    ------
    RuntimeError
        When the style file cannot be loaded or is not the expected graduated renderer.
    """
    message, ok = layer.loadNamedStyle(str(style_path(SHARE_STYLE)))
    renderer = layer.renderer()
    if not ok or not isinstance(renderer, QgsGraduatedSymbolRenderer):
        raise RuntimeError(f"cannot load the share style: {message}")
    if len(renderer.ranges()) != 3:
        raise RuntimeError("the share style must have three classes")
    t30, t50 = f"{target_2030:g}", f"{target_2050:g}"
    bounds = ((target_2050, 100.0), (target_2030, target_2050), (0.0, target_2030))
    labels = (
        tr("{t} % or more: 2050 target met").format(t=t50),
        tr("{a} to {b} %: 2030 target met").format(a=t30, b=t50),
        tr("under {t} %: below the 2030 target").format(t=t30),
    )
    for i, ((lower, upper), label) in enumerate(zip(bounds, labels, strict=True)):
        renderer.updateRangeLowerValue(i, lower)
        renderer.updateRangeUpperValue(i, upper)
        renderer.updateRangeLabel(i, label)
    layer.triggerRepaint()


def class_breaks(layer) -> list[float]:
    """The class limits of a graduated layer, sorted (for checks and the chart)."""
    renderer = layer.renderer()
    values = {r.lowerValue() for r in renderer.ranges()} | {
        r.upperValue() for r in renderer.ranges()
    }
    return sorted(values)


class ShareStyler(QgsProcessingLayerPostProcessorInterface):
    """Styles the share output when Processing loads it into the project."""

    #: Processing keeps only a C++ pointer: the Python object must stay referenced.
    instance = None

    def __init__(self, target_2030: float, target_2050: float) -> None:
        super().__init__()
        self.targets = (target_2030, target_2050)

    def postProcessLayer(self, layer, context, feedback):
        """Apply the share style to the loaded layer."""
        apply_share_style(layer, *self.targets)

    @classmethod
    def create(cls, target_2030: float, target_2050: float) -> ShareStyler:
        """Make the styler and keep a reference to it."""
        cls.instance = cls(target_2030, target_2050)
        return cls.instance
