"""``gbda report`` and ``--report`` on share, plan, progress and demo, run as users run them."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from gbda_core.register import open_register

SAMPLE = Path(__file__).resolve().parents[3] / "sample_data"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("report_cli")
    gpd.GeoDataFrame({"code": ["west", "oost"]},
                     geometry=[shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)],
                     crs=28992).to_file(d / "areas.gpkg")  # fmt: skip
    gpd.GeoDataFrame({"element_type": ["houtwal", "poel"]},
                     geometry=[shapely.box(10, 10, 20, 70), shapely.box(150, 50, 160, 60)],
                     crs=28992).to_file(d / "elements.gpkg")  # fmt: skip
    return d


def share_args(d, out, *extra):
    return ["share", "--areas", d / "areas.gpkg", "--id-field", "code", "--elements",
            d / "elements.gpkg", "--out", out, *extra]  # fmt: skip


def test_share_with_report_in_english(cli, inputs, tmp_path):
    folder = tmp_path / "report"
    proc = cli.ok(*share_args(inputs, tmp_path / "share.gpkg", "--report", folder, "--lang", "en"))
    page = folder / "share_report.html"
    assert f"report written to {page}" in proc.stderr
    html = page.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and ">west<" in html and ">oost<" in html
    assert sorted(p.name for p in folder.iterdir()) == [
        "share_bars.png", "share_bars.svg", "share_map.png", "share_report.html"]  # fmt: skip


def test_report_from_a_share_geopackage_matches_the_run(cli, inputs, tmp_path):
    cli.ok(*share_args(inputs, tmp_path / "share.gpkg", "--report", tmp_path / "direct"))
    proc = cli.ok("report", tmp_path / "share.gpkg", "--out", tmp_path / "later")
    assert "report written to" in proc.stderr
    direct = (tmp_path / "direct" / "share_report.html").read_text(encoding="utf-8")
    later = (tmp_path / "later" / "share_report.html").read_text(encoding="utf-8")
    table = slice(direct.index('<table id="table-ranked"'), direct.index("</table>",
                  direct.index('<table id="table-ranked"')))  # fmt: skip
    assert direct[table] == later[table]  # same rows, same numbers, same classes


def test_bad_report_options_are_refused_before_any_work(cli, inputs, tmp_path):
    out = tmp_path / "share.gpkg"
    cli.refused(*share_args(inputs, out, "--report", tmp_path / "r", "--lang", "de"),
            message="unknown language 'de'")  # fmt: skip
    cli.refused(*share_args(inputs, out, "--report", tmp_path / "missing" / "r"),
            message="the report folder's parent does not exist")  # fmt: skip
    (tmp_path / "taken").write_text("x")
    cli.refused(*share_args(inputs, out, "--report", tmp_path / "taken"),
            message="the report folder is a file")  # fmt: skip
    assert not out.exists()


def test_report_refuses_what_it_cannot_read(cli, inputs, tmp_path):
    cli.refused("report", inputs / "areas.gpkg", "--out", tmp_path / "r",
            message="not a gbda share result or plan")  # fmt: skip
    cli.refused("report", tmp_path / "none.gpkg", "--out", tmp_path / "r",
            message="no such GeoPackage")  # fmt: skip
    register = tmp_path / "register.gpkg"
    with open_register(register) as reg:
        reg.init()
    cli.refused("report", register, "--out", tmp_path / "r",
            message=f"use: gbda progress --store {register} --report")  # fmt: skip
    assert not (tmp_path / "r").exists()


def test_demo_writes_its_report_unless_told_not_to(cli, tmp_path):
    proc = cli.ok("demo", "--out", tmp_path / "demo")
    page = tmp_path / "demo" / "report" / "share_report.html"
    assert f"written: {page}" in proc.stdout
    assert "GBDA-aandeel per gebied" in page.read_text(encoding="utf-8")
    cli.ok("demo", "--out", tmp_path / "plain", "--no-report")
    assert not (tmp_path / "plain" / "report").exists()


def test_progress_with_report(cli, tmp_path):
    store = tmp_path / "register.gpkg"
    hedges = gpd.GeoDataFrame(
        {"element_type": ["heg", "houtwal", "heg"],
         "planted": ["2021-05-01", "2022-03-01", "2023-11-01"], "region": ["a", "b", "b"]},
        geometry=[shapely.LineString([(0, y), (km * 1000, y)])
                  for y, km in ((0, 10), (50, 20), (100, 30))],
        crs=28992,
    )  # fmt: skip
    with open_register(store) as reg:
        reg.init()
        reg.import_layer(hedges)
    folder = tmp_path / "voortgang"
    proc = cli.ok("progress", "--store", store, "--at", "2023-12-31", "--report", folder)
    assert "Progress of programme 400 km at" in proc.stdout  # the table is still printed
    html = (folder / "progress_report.html").read_text(encoding="utf-8")
    assert "60,0 km" in html and "Voortgang: 400 km landschapselementen" in html
    assert (folder / "progress_change_map.png").is_file()


def test_plan_with_report_and_from_its_geopackage(cli, polder_farm, tmp_path):
    opts = polder_farm["options"]
    context = [a for c in opts["context"] for a in ("--context", c)]
    out = tmp_path / "plan.gpkg"
    proc = cli.ok("plan", "--site", polder_farm["site"], "--id-field", opts["id_field"], "--soil",
              opts["soil"], "--wetness", opts["wetness"], *context, "--type-field",
              opts["type_field"], "--width-field", opts["width_field"], "--mapping",
              opts["mapping"], "--target-share", "8", "--out", out, "--report",
              tmp_path / "plan_report", "--lang", "en")  # fmt: skip
    assert "report written to" in proc.stderr
    direct = (tmp_path / "plan_report" / "plan_report.html").read_text(encoding="utf-8")
    assert "Layout plan" in direct and "Management calendar" in direct
    cli.ok("report", out, "--out", tmp_path / "later", "--lang", "en")
    later = (tmp_path / "later" / "plan_report.html").read_text(encoding="utf-8")
    start = direct.index('<table id="table-costs"')
    end = direct.index("</table>", start)
    assert direct[start:end] == later[later.index('<table id="table-costs"') :][: end - start]


def test_share_raster_with_report(cli, tmp_path, write_raster):
    """A raster result reports like a vector one; the method names the raster and its pixels."""
    import numpy as np

    grid = np.array([[1, 1, 0, 0], [1, 5, 0, 0], [0, 0, 0, 3], [0, 0, 0, 0]], dtype=np.uint8)
    write_raster(tmp_path / "land.tif", grid, nodata=9)
    gpd.GeoDataFrame({"code": ["noord", "zuid"]},
                     geometry=[shapely.box(0, 20, 40, 40), shapely.box(0, 0, 40, 20)],
                     crs=28992).to_file(tmp_path / "zones.gpkg")  # fmt: skip
    out, folder = tmp_path / "raster.gpkg", tmp_path / "rapport"
    cli.ok("share-raster", "--zones", tmp_path / "zones.gpkg", "--id-field", "code",
           "--raster", tmp_path / "land.tif", "--classes", "1,3=houtig;5=nat", "--out", out,
           "--report", folder, "--lang", "en")  # fmt: skip
    html = (folder / "share_report.html").read_text(encoding="utf-8")
    assert "counting: raster" in html and "(10.0 m pixels)" in html
    # noord: 4 of 8 pixels are elements (3 woody, 1 wet); zuid: 1 of 8.
    assert '<td class="num" data-sort="50.0">50.00</td>' in html
    assert '<td class="num" data-sort="12.5">12.50</td>' in html
    cli.ok("report", out, "--out", tmp_path / "later", "--lang", "en")
    assert "counting: raster" in (tmp_path / "later" / "share_report.html").read_text()
