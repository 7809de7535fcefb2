"""Run QGIS's overlap analysis (``native:calculatevectoroverlaps``) headless.

Needs Debian's ``python3-qgis`` and ``qgis-providers`` (QGIS 3.22). ``python qgis_overlap.py toy``
runs the 3-feature toy case that shows how QGIS counts overlapping overlay features.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

# Headless: no X display on a server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (
    QgsApplication,
    QgsFeature,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

PLUGINS = "/usr/share/qgis/python/plugins"  # Debian's location of the processing plugin
_APP: QgsApplication | None = None


def start() -> None:
    """Start QGIS and Processing with the native algorithms (once per process)."""
    global _APP
    if _APP is not None:
        return
    _APP = QgsApplication([], False)
    _APP.initQgis()
    if PLUGINS not in sys.path:
        sys.path.append(PLUGINS)
    from processing.core.Processing import Processing
    from qgis.analysis import QgsNativeAlgorithms

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    if registry.providerById("native") is None:
        registry.addProvider(QgsNativeAlgorithms())


def overlap(areas: QgsVectorLayer, elements: QgsVectorLayer, id_field: str) -> dict[str, float]:
    """Overlap area (m²) of ``elements`` per area, keyed by ``id_field``."""
    import processing

    context = QgsProcessingContext()
    # Planar areas in the layer CRS (RD, m²), as gbda measures; an ellipsoid would differ.
    context.setEllipsoid("NONE")
    result = processing.run(
        "native:calculatevectoroverlaps",
        {"INPUT": areas, "LAYERS": [elements], "OUTPUT": "TEMPORARY_OUTPUT"},
        context=context,
        feedback=QgsProcessingFeedback(),
    )
    out = result["OUTPUT"]
    field = f"{elements.name()}_area"
    return {str(f[id_field]): float(f[field] or 0.0) for f in out.getFeatures()}


def overlap_files(
    areas_path: Path, elements_path: Path, id_field: str = "statcode"
) -> tuple[dict[str, float], float]:
    """Overlap per gemeente from the GeoPackages; returns the areas and the seconds it took.

    The time covers opening both layers and the algorithm (which reads every feature), not
    starting QGIS.
    """
    start()
    t0 = time.perf_counter()
    areas = QgsVectorLayer(f"{areas_path}|layername=gemeenten", "gemeenten", "ogr")
    elements = QgsVectorLayer(f"{elements_path}|layername=elements", "elements", "ogr")
    if not areas.isValid() or not elements.isValid():
        raise RuntimeError("QGIS cannot open the benchmark layers")
    result = overlap(areas, elements, id_field)
    return result, time.perf_counter() - t0


def _memory_layer(name: str, wkts: list[tuple[str, str]]) -> QgsVectorLayer:
    layer = QgsVectorLayer("Polygon?crs=EPSG:28992&field=id:string", name, "memory")
    feats = []
    for fid, wkt in wkts:
        feat = QgsFeature(layer.fields())
        feat.setAttributes([fid])
        feat.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    return layer


# One 100 x 100 m area; A and B (20 x 50 m each) overlap by 10 x 50 m; C sticks half outside.
TOY_AREA = [("T", "POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))")]
TOY_ELEMENTS = [
    ("A", "POLYGON((0 0, 20 0, 20 50, 0 50, 0 0))"),
    ("B", "POLYGON((10 0, 30 0, 30 50, 10 50, 10 0))"),
    ("C", "POLYGON((90 0, 110 0, 110 10, 90 10, 90 0))"),
]
TOY_SUM_M2 = 1000 + 1000 + 100  # each element's own area inside T
TOY_DISSOLVED_M2 = 1500 + 100  # A ∪ B counted once, plus C's part inside T


def toy() -> dict[str, float]:
    """Run the toy case; return QGIS's overlap and the two possible readings."""
    start()
    got = overlap(_memory_layer("areas", TOY_AREA), _memory_layer("el", TOY_ELEMENTS), "id")
    return {"qgis_m2": got["T"], "sum_m2": TOY_SUM_M2, "dissolved_m2": TOY_DISSOLVED_M2}


if __name__ == "__main__":
    if sys.argv[1:] == ["toy"]:
        print(toy())
    else:
        sys.exit(__doc__)
