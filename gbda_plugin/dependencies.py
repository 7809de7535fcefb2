"""Check, without importing them, that the Python packages gbda_core needs are installed.

QGIS ships its own Python. On Windows (OSGeo4W) and on older Linux distributions it may lack
geopandas or pyogrio, or have shapely 1.x. The plugin then still loads: it shows one message
with the packages and the command to install them, and leaves out what needs them (the
Processing algorithms and the dock). The check only looks packages up, so QGIS starts fast.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from dataclasses import dataclass

from .translation import tr


@dataclass(frozen=True)
class Requirement:
    """A package the core needs: import name, pip name and lowest version that works."""

    module: str
    dist: str
    minimum: str = ""

    def pip_spec(self) -> str:
        """The argument for ``pip install``, e.g. ``shapely>=2.1``."""
        return f"{self.dist}>={self.minimum}" if self.minimum else self.dist


#: What gbda_core needs at run time in QGIS (pyproject's dependencies without the CLI's).
REQUIREMENTS = (
    Requirement("numpy", "numpy", "1.24"),
    Requirement("pandas", "pandas", "2.0"),
    Requirement("shapely", "shapely", "2.1"),
    Requirement("pyproj", "pyproj", "3.6"),
    Requirement("pyogrio", "pyogrio", "0.9"),
    Requirement("geopandas", "geopandas", "1.0"),
    Requirement("scipy", "scipy", "1.10"),
    Requirement("pydantic", "pydantic", "2.5"),
    Requirement("yaml", "pyyaml", "6.0"),
)

#: pyproject dependencies the plugin's tools do not import, and why.
NOT_CHECKED = {
    "typer": "command line only",
    "rich": "command line only",
    "pyarrow": "optional: faster reading when present",
    "psycopg": "the register algorithms and docks only; they say so when it is missing",
    "jinja2": "HTML reports (gbda report) only",
    "matplotlib": "HTML reports (gbda report) only",
    "rasterio": "raster engine (gbda share-raster) only",
    "exactextract": "raster engine (gbda share-raster) only",
    "dask": "dask engine (--engine dask) only",
    "dask-geopandas": "dask engine (--engine dask) only",
}

#: The bundled packages; missing only when the plugin was not installed from the built zip.
BUNDLED = ("gbda_core", "natuurbouwstenen")


@dataclass(frozen=True)
class Missing:
    """A requirement that is not met, and the version found (None: not installed)."""

    requirement: Requirement
    found: str | None = None

    def describe(self) -> str:
        """``name`` or ``name>=min (found x.y)``."""
        spec = self.requirement.pip_spec()
        return spec if self.found is None else f"{spec} ({tr('found')} {self.found})"


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        match = re.match(r"\d+", piece)
        if match is None:
            break
        parts.append(int(match.group()))
    return tuple(parts)


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def check_requirements(requirements: tuple[Requirement, ...] = REQUIREMENTS) -> list[Missing]:
    """Return the requirements that are missing or too old (empty when all is well)."""
    missing = []
    for req in requirements:
        if not _installed(req.module):
            missing.append(Missing(req))
            continue
        if not req.minimum:
            continue
        try:
            found = importlib.metadata.version(req.dist)
        except importlib.metadata.PackageNotFoundError:
            continue  # installed without metadata (e.g. a copy): trust it
        if _version_tuple(found) < _version_tuple(req.minimum):
            missing.append(Missing(req, found))
    return missing


def missing_bundled() -> list[str]:
    """Return the bundled packages that cannot be found (a broken or source install)."""
    return [name for name in BUNDLED if not _installed(name)]


def install_command(missing: list[Missing]) -> str:
    """The pip command that installs the missing packages into QGIS's Python."""
    specs = " ".join(f'"{m.requirement.pip_spec()}"' for m in missing)
    return f"python3 -m pip install {specs}"


def missing_message(missing: list[Missing], bundled: list[str] | None = None) -> str:
    """One message naming what is missing and how to install it; empty when nothing is."""
    texts = []
    if missing:
        texts.append(
            tr("Missing Python packages: {packages}.").format(
                packages=", ".join(m.describe() for m in missing)
            )
            + " "
            + tr(
                "Install them into the Python that QGIS uses (Windows: in the OSGeo4W Shell) "
                "with: {command} and restart QGIS."
            ).format(command=install_command(missing))
        )
    if bundled:
        texts.append(
            tr("The plugin's copy of {packages} is missing; reinstall the plugin zip.").format(
                packages=", ".join(bundled)
            )
        )
    if not texts:
        return ""
    return tr("GBDA tools are disabled.") + " " + " ".join(texts)
