"""The pages are self-contained (nothing to fetch), escaped, and written atomically."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from gbda_core.errors import InputError
from gbda_core.report.html import Report, check_report_folder, write_report
from gbda_core.report.plan import plan_report
from gbda_core.report.progress import progress_report_page
from gbda_core.report.share import share_report
from gbda_core.share import compute_share


class Resources(HTMLParser):
    """Every tag with its attributes, and the text of <style> and <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.inline: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in:
            self.inline.append(data)


def resource_problems(html: str) -> list[str]:
    """Anything in the page that would make a browser fetch something."""
    page = Resources()
    page.feed(html)
    found = []
    for tag, attrs in page.tags:
        if tag == "link":
            found.append(f"<link {attrs}>")
        if tag == "script" and "src" in attrs:
            found.append(f"<script src={attrs['src']}>")
        if tag == "img" and not attrs.get("src", "").startswith("data:image/png;base64,"):
            found.append(f"<img src={attrs.get('src', '')[:40]}>")
        for name, value in attrs.items():
            if (tag, name) == ("a", "href"):
                continue  # a link to a source document is read, never loaded by the page
            if "http:" in value.lower() or "https:" in value.lower() or "url(" in value:
                found.append(f"<{tag} {name}={value[:60]}>")
    for text in page.inline:
        for bad in ("http:", "https:", "url(", "@import", "fetch(", "XMLHttpRequest"):
            if bad in text:
                found.append(f"inline {bad}")
    return found


def test_the_check_catches_what_it_should():
    bad = (
        '<html><head><link rel="stylesheet" href="x.css"><style>a{background:url(y.png)}'
        '</style><script src="https://cdn.example/x.js"></script></head><body>'
        '<img src="http://example.org/a.png"><a href="https://ok.example">ok</a></body></html>'
    )
    assert resource_problems(bad) == [
        "<link {'rel': 'stylesheet', 'href': 'x.css'}>",
        "<script src=https://cdn.example/x.js>",
        "<script src=https://cdn.example/x.js>",  # also as an attribute naming http(s)
        "<img src=http://example.org/a.png>",
        "<img src=http://example.org/a.png>",
        "inline url(",
    ]  # the link to ok.example is fine


def test_every_report_is_self_contained(sample_share, sample_plan, sample_progress):
    frame, progress = sample_progress
    pages = [share_report(sample_share, lang) for lang in ("nl", "en")]
    pages += [plan_report(sample_plan, "nl"), progress_report_page(frame, progress, "en")]
    for page in pages:
        assert resource_problems(page.html) == [], page.stem
    # The sources are plain links the reader may follow, nothing more.
    assert '<a href="https://www.samenvoorbiodiversiteit.nl/' in pages[0].html


def test_values_from_the_data_are_escaped():
    areas = gpd.GeoDataFrame({"id": ["<script>alert(1)</script>", "b&b"]},
                             geometry=[shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)],
                             crs=28992)  # fmt: skip
    elements = gpd.GeoDataFrame({"element_type": ["heg"]},
                                geometry=[shapely.box(0, 0, 10, 10)], crs=28992)  # fmt: skip
    html = share_report(compute_share(areas, elements, id_field="id"), "nl").html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "b&amp;b" in html
    page = Resources()
    page.feed(html)
    assert [tag for tag, _ in page.tags].count("script") == 1  # only our sorting script


def report_of(stem: str = "x_report") -> Report:
    return Report(stem, "<html>new</html>")


def test_a_new_folder_appears_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "rapport"
    real = Path.write_bytes
    calls = []

    def failing(self, data):
        calls.append(self.name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(self, data)

    from gbda_core.report.figures import FigureFile

    report = Report("x_report", "<html/>", [FigureFile("a", b"png", "<svg/>", "alt")])
    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OSError, match="disk full"):
        write_report(report, target)
    monkeypatch.undo()
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder left behind
    page = write_report(report, target)
    assert sorted(p.name for p in target.iterdir()) == ["a.png", "a.svg", "x_report.html"]
    assert page.read_text() == "<html/>"
    assert oct(target.stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_an_existing_folder_keeps_the_old_page_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "rapport"
    write_report(Report("x_report", "<html>old</html>"), target)
    (target / "notes.txt").write_text("mine")
    real = os.replace

    def failing(src, dst):
        if str(dst).endswith(".html"):
            raise OSError("interrupted")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="interrupted"):
        write_report(Report("x_report", "<html>new</html>"), target)
    monkeypatch.undo()
    assert (target / "x_report.html").read_text() == "<html>old</html>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport"]
    write_report(Report("x_report", "<html>new</html>"), target)
    assert (target / "x_report.html").read_text() == "<html>new</html>"
    assert (target / "notes.txt").read_text() == "mine"  # other files are left alone


def test_report_folder_checks(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="the report folder is a file"):
        check_report_folder(tmp_path / "file")
    with pytest.raises(InputError, match="parent does not exist"):
        check_report_folder(tmp_path / "missing" / "rapport")
    assert check_report_folder(tmp_path / "new") == tmp_path / "new"
