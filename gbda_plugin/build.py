"""Build the installable plugin zip: ``python3 gbda_plugin/build.py [--out dist/gbda_plugin.zip]``.

The zip has one top folder, ``gbda_plugin/``, which QGIS's "Install from ZIP" copies into the
profile's plugin folder. It holds:

- the plugin package (this folder, without ``build.py``, ``.ts`` sources and caches);
- ``metadata.txt``, copied from the top of the repository;
- ``i18n/gbda_plugin_<lang>.qm``, compiled from the committed ``.ts`` with Qt's ``lrelease``;
- ``vendor/gbda_core`` and ``vendor/natuurbouwstenen``, the core the plugin was built with;
  ``gbda_plugin/__init__.py`` puts ``vendor/`` first on ``sys.path``.

Standard library only, so it runs with any Python 3.11. Entries are sorted and dated from
``SOURCE_DATE_EPOCH`` (default 1980-01-01), so the same sources give the same zip.
"""

from __future__ import annotations

import argparse
import ast
import configparser
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

PLUGIN_DIR = Path(__file__).resolve().parent
REPO = PLUGIN_DIR.parent
PACKAGE = PLUGIN_DIR.name
VENDORED = ("gbda_core", "natuurbouwstenen")
#: Keys QGIS's plugin manager and repository require in metadata.txt.
REQUIRED_METADATA = (
    "name",
    "qgisMinimumVersion",
    "description",
    "about",
    "version",
    "author",
    "email",
    "repository",
)
SKIP_DIRS = {"__pycache__", "vendor", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
SKIP_SUFFIXES = {".pyc", ".pyo", ".ts", ".qm"}


class BuildError(Exception):
    """The zip cannot be built (missing metadata key, no lrelease, ...)."""


def read_metadata(path: Path = REPO / "metadata.txt") -> configparser.ConfigParser:
    """Parse metadata.txt as QGIS does and check the required keys."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are camelCase
    with path.open(encoding="utf-8") as handle:
        parser.read_file(handle)
    missing = [key for key in REQUIRED_METADATA if not parser.get("general", key, fallback="")]
    if missing:
        raise BuildError(f"{path}: [general] lacks {', '.join(missing)}")
    return parser


def compile_translations(out_dir: Path, lrelease: str = "lrelease") -> list[Path]:
    """Compile every ``i18n/*.ts`` to ``.qm`` in ``out_dir`` with Qt's lrelease."""
    tool = shutil.which(lrelease)
    if tool is None:
        raise BuildError(
            f"{lrelease} not found: install Qt's linguist tools (Debian: qttools5-dev-tools)"
        )
    compiled = []
    for ts in sorted((PLUGIN_DIR / "i18n").glob("*.ts")):
        qm = out_dir / f"{ts.stem}.qm"
        run = subprocess.run(
            [tool, "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True
        )
        if run.returncode != 0 or not qm.is_file():
            raise BuildError(f"lrelease failed on {ts.name}: {run.stderr.strip()}")
        compiled.append(qm)
    return compiled


#: Translation context of strings passed to tr()/tr_noop() (see translation.py).
TR_CONTEXT = "GBDA"
TR_FUNCTIONS = ("tr", "tr_noop")


def source_strings() -> dict[str, list[str]]:
    """Every translatable string of the plugin, by context, in order of appearance.

    Python: the literal first argument of ``tr(...)`` and ``tr_noop(...)`` (context ``GBDA``).
    Qt Designer forms: every ``<string>`` not marked ``notr`` (context: the form's class).
    Qt 5's lupdate cannot read Python, so this is what ``--update-ts`` and the tests use.
    """
    found: dict[str, list[str]] = {TR_CONTEXT: []}
    for path in _files(PLUGIN_DIR):
        if path.suffix == ".py" and path.name != "build.py":
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in TR_FUNCTIONS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found[TR_CONTEXT].append(node.args[0].value)
        elif path.suffix == ".ui":
            root = ET.parse(path).getroot()
            context = root.findtext("class") or path.stem
            texts = found.setdefault(context, [])
            for element in root.iter("string"):
                if element.text and element.get("notr") != "true":
                    texts.append(element.text)
    return {ctx: list(dict.fromkeys(texts)) for ctx, texts in found.items()}


def read_ts(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(context, source) -> (translation, type attribute) of a Qt Linguist file."""
    entries = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = translation.text if translation is not None else None
            kind = translation.get("type", "") if translation is not None else "unfinished"
            entries[(name, message.findtext("source") or "")] = (text or "", kind)
    return entries


def update_ts(path: Path) -> Path:
    """Write ``path`` with every source string; keep translations, mark new ones unfinished
    and vanished ones obsolete (as lupdate would)."""
    old = read_ts(path) if path.is_file() else {}
    language = ET.parse(path).getroot().get("language") if path.is_file() else path.stem[-2:]
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    strings = source_strings()
    for context, texts in strings.items():
        node = ET.SubElement(root, "context")
        ET.SubElement(node, "name").text = context
        stale = [src for (ctx, src) in old if ctx == context and src not in texts]
        for source in [*texts, *stale]:
            message = ET.SubElement(node, "message")
            ET.SubElement(message, "source").text = source
            text, kind = old.get((context, source), ("", "unfinished"))
            translation = ET.SubElement(message, "translation")
            translation.text = text
            if source not in texts:
                translation.set("type", "obsolete")
            elif kind == "unfinished" or not text:
                translation.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
    )
    return path


def _files(folder: Path) -> list[Path]:
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(names):
            path = Path(root) / name
            if path.suffix not in SKIP_SUFFIXES and not name.startswith("."):
                found.append(path)
    return found


def plugin_entries(qm_files: list[Path]) -> dict[str, Path]:
    """Archive name -> source file, for everything the zip holds."""
    entries = {}
    for path in _files(PLUGIN_DIR):
        if path != PLUGIN_DIR / "build.py":
            entries[f"{PACKAGE}/{path.relative_to(PLUGIN_DIR).as_posix()}"] = path
    entries[f"{PACKAGE}/metadata.txt"] = REPO / "metadata.txt"
    if (REPO / "LICENSE").is_file():  # the QGIS plugin repository asks for one
        entries[f"{PACKAGE}/LICENSE"] = REPO / "LICENSE"
    for qm in qm_files:
        entries[f"{PACKAGE}/i18n/{qm.name}"] = qm
    for name in VENDORED:
        for path in _files(REPO / name):
            entries[f"{PACKAGE}/vendor/{path.relative_to(REPO).as_posix()}"] = path
    return dict(sorted(entries.items()))


def build(out: Path, lrelease: str = "lrelease") -> Path:
    """Write the plugin zip to ``out`` (atomically) and return its path."""
    read_metadata()
    for name in VENDORED:
        if not (REPO / name / "__init__.py").is_file():
            raise BuildError(f"{REPO / name} is not a package")
    stamp = time.gmtime(max(int(os.environ.get("SOURCE_DATE_EPOCH", 315532800)), 315532800))
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gbda-plugin-") as tmp:
        entries = plugin_entries(compile_translations(Path(tmp), lrelease))
        partial = Path(tmp) / out.name
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for arcname, path in entries.items():
                info = zipfile.ZipInfo(arcname, date_time=stamp[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
        shutil.move(str(partial), out)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: build the zip and say where it went."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist" / "gbda_plugin.zip")
    parser.add_argument("--lrelease", default="lrelease", help="Qt's lrelease (default: on PATH)")
    parser.add_argument(
        "--update-ts", action="store_true", help="add new strings to i18n/*.ts and stop"
    )
    args = parser.parse_args(argv)
    if args.update_ts:
        for ts in sorted((PLUGIN_DIR / "i18n").glob("*.ts")):
            print(f"updated: {update_ts(ts)}")
        return 0
    try:
        path = build(args.out, args.lrelease)
    except (BuildError, OSError, configparser.Error) as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 2
    print(f"plugin zip written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
