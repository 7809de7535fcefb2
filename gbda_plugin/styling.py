"""Shipped layer styles (``styles/*.qml``): share result, plan layout, register, change."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from typing import ClassVar

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsGraduatedSymbolRenderer,
    QgsMapLayer,
    QgsProcessingLayerPostProcessorInterface,
    QgsSingleSymbolRenderer,
    QgsSymbol,
    QgsVectorLayer,
    QgsWkbTypes,
)

from .labels import REGISTER_STATUS_LABELS
from .resources import style_path
from .translation import tr, tr_noop

#: What a shipped style sets: symbols and labels, never the fields' widgets or constraints.
STYLE_PARTS = QgsMapLayer.Symbology | QgsMapLayer.Labeling

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
    """Give ``layer`` the symbols and labels of ``styles/<name>.qml``; return its renderer.

    QGIS 3.22's ``loadNamedStyle`` also clears the fields' constraints, even when asked for the
    symbology alone; so the style is read into a blank layer of the same geometry type and only
    its renderer and labels are copied (a register layer keeps its attribute form).

    Raises
    ------
    RuntimeError
        When the style file cannot be loaded or its renderer is not a ``renderer_class``.
    """
    kind = QgsWkbTypes.displayString(QgsWkbTypes.singleType(layer.wkbType())) or "None"
    template = QgsVectorLayer(kind, "style", "memory")
    message, ok = template.loadNamedStyle(str(style_path(name)), STYLE_PARTS)
    renderer = template.renderer()
    if not ok or not isinstance(renderer, renderer_class):
        raise RuntimeError(f"cannot load the {name} style: {message}")
    layer.setRenderer(renderer.clone())
    labeling = template.labeling()
    layer.setLabeling(labeling.clone() if labeling is not None else None)
    layer.setLabelsEnabled(template.labelsEnabled())
    return layer.renderer()


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


def class_breaks(layer) -> list[float]:
    """The class limits of a graduated layer, sorted (for checks and the chart)."""
    renderer = layer.renderer()
    values = {r.lowerValue() for r in renderer.ranges()} | {
        r.upperValue() for r in renderer.ranges()
    }
    return sorted(values)


def apply_category_style(layer, name: str, labels: Mapping[str, str]) -> None:
    """Style a layer with the categorised ``styles/<name>.qml``; legend labels from ``labels``
    (translated), symbols fitted to the layer's geometry (points, lines or polygons).

    Raises
    ------
    RuntimeError
        When the style file cannot be loaded or is not a categorised renderer.
    """
    renderer = load_style(layer, name, QgsCategorizedSymbolRenderer)
    for i, category in enumerate(renderer.categories()):
        value = str(category.value())
        renderer.updateCategoryLabel(i, tr(labels[value]) if value in labels else value)
        symbol = _fitted(category.symbol(), layer.geometryType())
        if symbol is not category.symbol():
            renderer.updateCategorySymbol(i, symbol)
    layer.triggerRepaint()


def apply_single_style(layer, name: str) -> None:
    """Style a layer with the single-symbol ``styles/<name>.qml``.

    Raises
    ------
    RuntimeError
        When the style file cannot be loaded or is not a single-symbol renderer.
    """
    load_style(layer, name, QgsSingleSymbolRenderer)
    layer.triggerRepaint()


def _fitted(symbol, geometry_type):
    """The symbol, or a default one of its colour when it does not suit the geometry type."""
    wanted = _SYMBOL_TYPES.get(geometry_type)
    if wanted is None or symbol.type() == wanted:
        return symbol
    fitted = QgsSymbol.defaultSymbol(geometry_type)
    fitted.setColor(symbol.color())
    return fitted


#: Layer geometry type -> the symbol type that draws it.
_SYMBOL_TYPES = {
    QgsWkbTypes.PointGeometry: QgsSymbol.Marker,
    QgsWkbTypes.LineGeometry: QgsSymbol.Line,
    QgsWkbTypes.PolygonGeometry: QgsSymbol.Fill,
}


def apply_layout_style(layer) -> None:
    """Style a plan layout: a colour per GBDA category (woody, wet, herbaceous, none), labels
    with the bouwsteen's name."""
    apply_category_style(layer, LAYOUT_STYLE, LAYOUT_LEGEND)


def apply_register_style(layer) -> None:
    """Style register elements by status: gepland, aangelegd, gecontroleerd, verdwenen."""
    apply_category_style(layer, REGISTER_STYLE, REGISTER_STATUS_LABELS)


class StyleOnLoad(QgsProcessingLayerPostProcessorInterface):
    """Styles an output layer when Processing loads it into the project."""

    #: Processing keeps only a C++ pointer: the Python objects must stay referenced.
    alive: ClassVar[deque[StyleOnLoad]] = deque(maxlen=64)

    def __init__(self, apply: Callable[..., None]) -> None:
        super().__init__()
        self.apply = apply

    def postProcessLayer(self, layer, context, feedback):
        """Apply the style to the loaded layer."""
        self.apply(layer)

    @classmethod
    def create(cls, apply: Callable[..., None]) -> StyleOnLoad:
        """Make a post-processor that calls ``apply(layer)`` and keep a reference to it."""
        styler = cls(apply)
        cls.alive.append(styler)
        return styler
