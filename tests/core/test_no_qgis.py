"""gbda_core must never import QGIS or Qt: it runs headless and on dask workers."""

from __future__ import annotations

import ast
from pathlib import Path

import gbda_core

FORBIDDEN = ("qgis", "PyQt5", "PyQt6", "processing", "osgeo")


def test_core_has_no_qgis_or_qt_imports():
    root = Path(gbda_core.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            offenders += [
                f"{path.relative_to(root)}: {n}" for n in names if n.split(".")[0] in FORBIDDEN
            ]
    assert offenders == []
    assert len(list(root.rglob("*.py"))) > 10  # the walk really saw the package
