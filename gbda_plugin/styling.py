"""Shipped layer styles (``styles/*.qml``), fitted to the targets of the run."""

from __future__ import annotations

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsGraduatedSymbolRenderer,
    QgsProcessingLayerPostProcessorInterface,
    QgsSymbol,
    QgsVectorLayer,
)

from .resources import style_path
from .translation import tr, tr_noop

#: The share style's classes, top down: 2050 target met, 2030 target met, below 2030.
SHARE_STYLE = "share_result"
#: The layout style: categories on ``category`` (the GBDA category of the element type).
LAYOUT_STYLE = "layout"
LAYOUT_LEGEND = {
    "houtig": tr_noop("woody (houtig)"),
    "nat": tr_noop("wet (nat)"),
    "kruidig": tr_noop("herbaceous (kruidig)"),
    "": tr_noop("no GBDA element type"),
}
#: The register style: categories on ``status``.
REGISTER_STYLE = "register"


def load_style(layer, name: str, renderer_class):
    """Load ``styles/<name>.qml`` into ``layer``; return its renderer.

    Raises
    ------
    RuntimeError
        When the style file cannot be loaded or its renderer is not a ``renderer_class``.
    """
    message, ok = layer.loadNamedStyle(str(style_path(name)))
    renderer = layer.renderer()
    if not ok or not isinstance(renderer, renderer_class):
        raise RuntimeError(f"cannot load the {name} style: {message}")
    return renderer


def apply_share_style(layer, target_2030: float, target_2050: float) -> None:
    """Style a share result layer: graduated colours on ``share_pct`` with class breaks at the
    2030 and 2050 targets (5 % and 10 % by default), labels with the area and its share.

    Raises
    ------
    RuntimeError
        When the style file cannot be loaded or is not the expected graduated renderer.
    """
    renderer = load_style(layer, SHARE_STYLE, QgsGraduatedSymbolRenderer)
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


def apply_layout_style(layer) -> None:
    """Style a layout layer: a colour per GBDA category (woody, wet, herbaceous, none) and
    labels with the bouwsteen's name."""
    renderer = load_style(layer, LAYOUT_STYLE, QgsCategorizedSymbolRenderer)
    for i, category in enumerate(renderer.categories()):
        label = LAYOUT_LEGEND.get(str(category.value()))
        if label is not None:
            renderer.updateCategoryLabel(i, tr(label))
    layer.triggerRepaint()


def apply_register_style(layer) -> None:
    """Style a register layer by ``status``; the style's colours on the layer's geometry type.

    ``styles/register.qml`` holds line symbols (most register elements are hedges and rows).
    QGIS loads a style only into a layer of its geometry type, so it is read through a line
    layer; point and polygon layers get the default symbol of their type in the same colour.
    """
    template = QgsVectorLayer("LineString?field=status:string", "register style", "memory")
    renderer = load_style(template, REGISTER_STYLE, QgsCategorizedSymbolRenderer).clone()
    fitting = QgsSymbol.defaultSymbol(layer.geometryType())
    for i, category in enumerate(renderer.categories()):
        if category.symbol().type() != fitting.type():
            symbol = fitting.clone()
            symbol.setColor(category.symbol().color())
            renderer.updateCategorySymbol(i, symbol)
    layer.setRenderer(renderer)
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
