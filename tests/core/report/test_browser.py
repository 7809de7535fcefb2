"""The reports for the sample data open in a real browser (headless Chromium) and render.

Each page is opened from its file with every non-local request aborted and recorded; the test
checks that the page rendered (not blank), that every image decoded, that the tables have rows,
that the sorting script works, and that no request left the machine. Screenshots go to
tests/artifacts/ (docs/img has copies for the README and docs/report.md).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gbda_core.report.plan import write_plan_report
from gbda_core.report.progress import write_progress_report


@pytest.fixture(scope="module")
def pages(tmp_path_factory, sample_plan, sample_progress):
    """The three reports on the sample data: the demo's share report (as ``gbda demo`` writes
    it, in Dutch and in English), the farm plan and the sample register's progress."""
    out = tmp_path_factory.mktemp("browser")
    for lang in ("nl", "en"):
        proc = subprocess.run(
            [sys.executable, "-m", "gbda_core", "demo", "--out", str(out / f"demo_{lang}"),
             "--lang", lang], capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
    frame, report = sample_progress
    return {
        "share": out / "demo_nl" / "report" / "share_report.html",
        "share_en": out / "demo_en" / "report" / "share_report.html",
        "plan": write_plan_report(sample_plan, out / "plan"),
        "progress": write_progress_report(frame, report, out / "progress", window=5),
    }


def not_blank(png: Path) -> tuple[float, float]:
    """Grey-level spread and the share of pixels that are not (near) white."""
    grey = np.asarray(Image.open(png).convert("L"), dtype=float)
    return float(grey.std()), float((grey < 240).mean())


def check_page(check, html: Path, n_images: int) -> None:
    assert check.errors == [], check.errors
    # Every request is the page itself or an embedded data: image; nothing else was asked for.
    assert check.url in check.requests
    outside = [u for u in check.requests if not (u == check.url or u.startswith("data:"))]
    assert outside == []
    assert len(check.images) == n_images
    for image in check.images:
        assert image["complete"] and image["width"] > 100 and image["height"] > 100, image
        assert image["data"], image
    spread, ink = not_blank(check.screenshot)
    assert spread > 20 and ink > 0.05, (spread, ink)
    assert check.text_length > 500


def test_share_report_renders(browser, pages):
    check = browser.check(pages["share"], "report_share", sort_table="ranked")
    check_page(check, pages["share"], n_images=2)
    assert check.tables["ranked"] == 4 and check.tables["sources"] >= 2
    assert check.tables["furthest"] == 3  # polder, midden and zuid are below 5 %
    # A click on "gebied" sorts the table by name.
    assert check.sorted_column == ["midden", "noord", "polder", "zuid"]
    assert any(u.startswith("data:image/png") for u in check.requests)  # the recorder sees them


def test_share_report_in_english_renders(browser, pages):
    check = browser.check(pages["share_en"], "report_share_en")
    check_page(check, pages["share_en"], n_images=2)
    assert "GBDA share per area" in pages["share_en"].read_text(encoding="utf-8")


def test_plan_report_renders(browser, pages, sample_plan):
    check = browser.check(pages["plan"], "report_plan", sort_table="elements")
    check_page(check, pages["plan"], n_images=2)
    assert check.tables["elements"] == len(sample_plan.layout)
    assert check.tables["calendar"] == sample_plan.layout["bouwsteen_id"].nunique()
    assert check.tables["suggestions"] > 0 and check.tables["goals"] == 2
    assert check.sorted_column == sorted(check.sorted_column)


def test_progress_report_renders(browser, pages):
    check = browser.check(pages["progress"], "report_progress")
    check_page(check, pages["progress"], n_images=5)
    assert check.tables["yearly"] == 7  # 2019 to 2025
    assert check.tables["by-region"] == 3


def test_the_recorder_sees_a_request_that_would_leave(browser, tmp_path):
    """Negative control: a page that asks for outside resources is caught (and aborted)."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<html><body><p>x</p><img src="http://127.0.0.1:9/x.png">'
        '<script src="https://example.invalid/a.js"></script></body></html>'
    )
    check = browser.check(page, "negative_control")
    outside = [u for u in check.requests if not (u == check.url or u.startswith("data:"))]
    assert "http://127.0.0.1:9/x.png" in outside
    assert "https://example.invalid/a.js" in outside
    assert check.images == [
        {"alt": "", "complete": True, "width": 0, "height": 0, "data": False}
    ]  # the image did not load
