"""Fixtures for the report tests: results on the sample polder and a headless Chromium.

The browser is Debian's ``chromium`` (scripts/bootstrap.sh installs it), driven by playwright
without any browser download. A missing browser or playwright is a failure, never a skip.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "sample_data"
POLDER = SAMPLE / "polder.gpkg"
#: Screenshots of the rendered reports (git-ignored; docs/img has copies).
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
#: The flags the browser starts with: headless, no sandbox (root in CI), nothing that phones home.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Reporting date and target of the sample register.
REGISTER_AT = dt.date(2025, 6, 30)
REGISTER_TARGET_KM = 60.0


@pytest.fixture(scope="session")
def sample_share_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """The demo's share result on the sample polder, and the GeoPackage it wrote."""
    from gbda_core.demo import run_demo

    out = tmp_path_factory.mktemp("sample_share")
    _, result = run_demo(out, report=False)
    return result, out / "gbda_share.gpkg"


@pytest.fixture(scope="session")
def sample_share(sample_share_run: tuple[Any, Path]) -> Any:
    """The demo's share result on the sample polder."""
    return sample_share_run[0]


@pytest.fixture(scope="session")
def sample_plan(polder_farm: dict[str, Any]) -> Any:
    """A plan for the farm on the sample polder: 10 % share and 200 m of woody lines."""
    from gbda_core.optimise import Goal
    from gbda_core.plan import plan_layout
    from gbda_core.site_io import site_from_files

    site = site_from_files(polder_farm["site"], **polder_farm["options"])
    return plan_layout(site, [Goal("share", 10.0), Goal("hedge_m", 200.0)])


def sample_register_frame() -> gpd.GeoDataFrame:
    """The sample polder's element lines as a register with made-up, fixed dates.

    Line *i* was planted in 2019 + (i mod 7), month 1 + (5 i mod 12); every 11th is still
    gepland (no date), every 17th planted before 2024 was removed on 1 June 2024. The region
    is the deelgebied holding the line's midpoint.
    """
    lines = gpd.read_file(POLDER, layer="elementen_lijnen")
    parts = gpd.read_file(POLDER, layer="gebieden")
    parts = parts[parts["gebied_id"] != "polder"]
    middle = lines.geometry.interpolate(0.5, normalized=True)
    region = np.array([None] * len(lines), dtype=object)
    for gid, geom in zip(parts["gebied_id"], parts.geometry, strict=True):
        region[middle.within(geom).to_numpy()] = gid
    types = lines["type"].replace({"knotwilgen": "knotbomenrij"})
    planted, removed = [], []
    for i in range(len(lines)):
        day = None if i % 11 == 0 else f"{2019 + i % 7}-{1 + (5 * i) % 12:02d}-15"
        planted.append(day)
        removed.append("2024-06-01" if i % 17 == 5 and day and day < "2024" else None)
    return gpd.GeoDataFrame(
        {"element_type": types, "planted": planted, "removed": removed, "region": region},
        geometry=lines.geometry,
        crs=lines.crs,
    )


@pytest.fixture(scope="session")
def sample_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A GeoPackage register holding :func:`sample_register_frame`."""
    from gbda_core.register import open_register

    path = tmp_path_factory.mktemp("sample_register") / "register.gpkg"
    with open_register(path) as register:
        register.init()
        report = register.import_layer(sample_register_frame())
    assert not report.rejected
    return path


@pytest.fixture(scope="session")
def sample_progress(sample_register: Path) -> tuple[gpd.GeoDataFrame, Any]:
    """The sample register's elements and their progress on 30 June 2025 against 60 km."""
    from gbda_core.progress import progress_report
    from gbda_core.register import open_register

    with open_register(sample_register) as register:
        frame = register.current()
    return frame, progress_report(frame, at=REGISTER_AT, target_km=REGISTER_TARGET_KM)


@dataclass
class PageCheck:
    """What the browser saw of a page."""

    url: str
    requests: list[str]
    images: list[dict[str, Any]]
    tables: dict[str, int]
    text_length: int
    errors: list[str]
    screenshot: Path
    full_screenshot: Path
    sorted_column: list[str] = field(default_factory=list)


class Browser:
    """Headless Chromium that opens local pages and records every request they make."""

    def __init__(self, context: Any) -> None:
        self.context = context

    def check(self, html: Path, name: str, sort_table: str | None = None) -> PageCheck:
        """Open ``html``, record requests and errors, screenshot it, read images and tables."""
        page = self.context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        # The DevTools protocol also reports data: URLs, which playwright's events leave out.
        cdp = self.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", lambda e: requests.append(e["request"]["url"]))
        url = html.resolve().as_uri()
        page.goto(url, wait_until="load")
        page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=30_000)
        images = page.evaluate(
            """() => [...document.images].map(i => ({
                alt: i.alt, complete: i.complete, width: i.naturalWidth,
                height: i.naturalHeight, data: i.src.startsWith('data:image/png;base64,')}))"""
        )
        tables = page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('table')].map(
                t => [t.id.replace(/^table-/, ''), t.tBodies[0] ? t.tBodies[0].rows.length : 0]))"""
        )
        text_length = page.evaluate("() => document.body.innerText.trim().length")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{name}.png"
        full = ARTIFACTS / f"{name}_full.png"
        page.screenshot(path=str(shot))
        page.screenshot(path=str(full), full_page=True)
        sorted_column: list[str] = []
        if sort_table:
            page.click(f"#table-{sort_table} thead th:nth-child(2) button")
            sorted_column = page.evaluate(
                f"""() => [...document.querySelectorAll('#table-{sort_table} tbody tr')]
                    .map(r => r.cells[1].textContent.trim())"""
            )
        page.close()
        return PageCheck(
            url, requests, images, tables, text_length, errors, shot, full, sorted_column
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, with a fresh profile; non-local requests are aborted."""
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} missing: run scripts/bootstrap.sh"
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="gbda-chromium-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_FLAGS,
                viewport={"width": 1280, "height": 1400},
                device_scale_factor=1,
            )
            # Whatever a page might ask for beyond its own file never leaves the machine.
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(("file:", "data:"))
                    else route.abort()
                ),
            )
            try:
                yield Browser(context)
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class _Tables(HTMLParser):
    """Collect every table's body rows as lists of cells: text, data-sort, class, link."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list[Any]]] = {}
        self._table: str | None = None
        self._part = ""
        self._cell: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = str(a.get("id", "")).removeprefix("table-")
            self.tables[self._table] = {"head": [], "body": [], "foot": []}
        elif tag in ("thead", "tbody", "tfoot"):
            self._part = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr" and self._table is not None:
            self.tables[self._table][self._part].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = {"text": "", "sort": a.get("data-sort"), "class": a.get("class") or "",
                          "href": None}  # fmt: skip
        elif tag == "a" and self._cell is not None:
            self._cell["href"] = a.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._cell["text"] = " ".join(self._cell["text"].split())
            self.tables[self._table][self._part][-1].append(self._cell)
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data


def parse_tables(html: str) -> dict[str, dict[str, list[Any]]]:
    """Return ``{table id: {"head": rows, "body": rows, "foot": rows}}`` of a report page."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


@pytest.fixture(scope="session")
def tables_of() -> Any:
    """Function: the tables of a page, by id (see :func:`parse_tables`)."""
    return parse_tables
