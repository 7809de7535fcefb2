"""``gbda suggest`` and ``gbda plan`` run as users run them: a subprocess, exit codes, stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

SAMPLE = Path(__file__).resolve().parents[3] / "sample_data"


def gbda(*args):
    return subprocess.run(
        [sys.executable, "-m", "gbda_core", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, bouwsteen, catalogue_folder):
    d = tmp_path_factory.mktemp("plan_cli")
    gpd.GeoDataFrame({"naam": ["akker"]}, geometry=[shapely.box(0, 0, 200, 100)],
                     crs=28992).to_file(d / "site.gpkg", layer="percelen")  # fmt: skip
    gpd.GeoDataFrame(geometry=[shapely.box(-5, -4, 205, 0)], crs=28992).to_file(d / "sloten.gpkg")
    catalogue_folder(
        d / "catalogus",
        bouwsteen("natuurvriendelijke_oever", positions=("slootkant",), wetness=("nat", "vochtig"),
                  counts_as="natuurvriendelijke_oever", width=(2, 3, 5), length=(25, 100)),
        bouwsteen("hoogstamboomgaard", "area", positions=("perceelsrand",), soils=("klei", "zand"),
                  wetness=("vochtig", "droog"), counts_as="hoogstamboomgaard",
                  area=(500, 2500, 10000), aanleg=(75.0, "eur_per_piece")),
    )  # fmt: skip
    return d


def site_args(d, *extra):
    return ["--site", d / "site.gpkg", "--context", d / "sloten.gpkg",
            "--catalogue", d / "catalogus", *extra]  # fmt: skip


def test_suggest_json_ranks_with_reasons(inputs):
    proc = gbda("suggest", *site_args(inputs, "--soil", "veen", "--wetness", "nat",
                                       "--format", "json"))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    assert payload["site"]["context"] == ["soil", "water", "wetness"]
    first, second = payload["suggestions"]
    assert (first["id"], first["status"], second["id"], second["status"]) == (
        "natuurvriendelijke_oever", "past", "hoogstamboomgaard", "valt_af"
    )  # fmt: skip
    assert "past: ligt langs een sloot (200 m slootkant)" in [r["nl"] for r in first["reasons"]]
    assert second["reasons"][-1]["en"] == "excluded: needs moist or dry soil; the parcel is wet"


def test_suggest_table_in_english(inputs):
    proc = gbda("suggest", *site_args(inputs, "--soil", "zand", "--wetness", "droog",
                                       "--lang", "en"))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "excluded" in proc.stdout and "fits" in proc.stdout
    assert proc.stdout.index("hoogstamboomgaard") < proc.stdout.index("natuurvriendelijke_oever")


def test_plan_writes_the_geopackage_and_says_what_it_adds(inputs):
    out = inputs / "plan.gpkg"
    proc = gbda("plan", *site_args(inputs, "--soil", "klei", "--wetness", "vochtig",
                                    "--target-share", "3", "--out", out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    # One orchard (75 € + 6 years x 50 m x 1 € beheer) is cheaper than 100 m of bank.
    assert "Doel gehaald: GBDA-aandeel 3 %: 0,0 % → 12,5 %. 1 element, 2.500 m²" in proc.stdout
    assert f"plan written to {out}" in proc.stderr
    layout = gpd.read_file(out, layer="layout")
    assert layout["bouwsteen_id"].tolist() == ["hoogstamboomgaard"]
    summary = pyogrio.read_dataframe(out, layer="summary")
    assert summary["share_after_pct"].iloc[0] >= 3.0


def test_plan_json_reports_an_unreachable_goal(inputs):
    out = inputs / "te_veel.gpkg"
    args = site_args(inputs, "--soil", "veen", "--wetness", "nat", "--target-share", "50")
    proc = gbda("plan", *args, "--format", "json", "--out", out)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["goal_reached"] is False
    assert summary["message_en"].startswith("Goal cannot be reached. Best plan: GBDA share 50 %")
    assert 0 < summary["share_after_pct"] < 50


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--out", "{d}/p.gpkg"], "no goal given"),
        (["--target-share", "5", "--out", "{d}/p.csv"], "end the name in .gpkg"),
        (["--target-share", "5", "--soil", "moeras", "--out", "{d}/p.gpkg"], "unknown soil"),
        (["--target-share", "5", "--bouwsteen", "heg", "--out", "{d}/p.gpkg"],
         "unknown bouwsteen 'heg'"),
        (["--target-share", "5", "--context", "{d}/rivier.gpkg", "--out", "{d}/p.gpkg"],
         "cannot tell what context layer 'rivier' holds"),
        (["--target-share", "5", "--objective", "fast", "--out", "{d}/p.gpkg"],
         "unknown objective"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(inputs, extra, message):
    args = [a.format(d=inputs) for a in extra]
    proc = gbda("plan", *site_args(inputs, *args))
    assert proc.returncode == 2
    assert message in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert not (inputs / "p.gpkg").exists()


def test_plan_on_the_sample_polder_with_the_shipped_catalogue(tmp_path):
    polder = SAMPLE / "polder.gpkg"
    parcels = gpd.read_file(polder, layer="percelen")
    parcels[parcels["perceel_id"].isin(["P006", "P007", "P008"])].to_file(tmp_path / "farm.gpkg")
    context = []
    for name in ("sloten", "wegen", "gebouwen", "erven", "elementen_lijnen", "elementen_vlakken"):
        context += ["--context", f"{polder}|layername={name}"]
    out = tmp_path / "plan.gpkg"
    proc = gbda(
        "plan", "--site", tmp_path / "farm.gpkg", "--id-field", "perceel_id", "--soil", "veen",
        "--wetness", "nat", *context, "--type-field", "type", "--width-field", "breedte_m",
        "--mapping", SAMPLE / "type_mapping.toml", "--target-share", "10",
        "--target-hedge-m", "200", "--out", out, "--format", "json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["goal_reached"] and summary["share_after_pct"] >= 10.0
    assert summary["hedge_m"] >= 200.0
    goals = pyogrio.read_dataframe(out, layer="goals")
    assert goals["goal"].tolist() == ["share", "hedge_m"] and goals["reached"].all()


def test_plan_woody_share_land_objective_budget_and_solver_options(inputs):
    base = site_args(inputs, "--soil", "klei", "--wetness", "vochtig", "--format", "json")
    out = inputs / "houtig.gpkg"
    goals = ["--target-share", "3", "--target-woody-share", "60"]
    solver = ["--objective", "land", "--method", "exact", "--time-limit", "5"]
    proc = gbda("plan", *base, *goals, *solver, "--out", out)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["goal_reached"] and summary["method"] == "exact"
    assert summary["objective"] == "land"
    goals = pyogrio.read_dataframe(out, layer="goals").set_index("goal")
    assert goals.loc["woody_share", "after"] >= 60.0 and goals.loc["share", "after"] >= 3.0
    # A budget below one orchard (75 €) leaves only the bank; the summary says the budget binds.
    proc = gbda("plan", *base, "--target-share", "3", "--budget", "50",
                "--out", inputs / "krap.gpkg")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    tight = json.loads(proc.stdout)
    assert tight["aanleg_eur"] <= 50 and tight["reachable_without_budget"] is True
    assert "budget" in tight["message_en"].lower()
    bad = gbda("plan", *base, "--target-share", "3", "--budget", "-5", "--out", inputs / "x.gpkg")
    assert bad.returncode == 2 and "the budget is negative" in bad.stderr
    assert "Traceback" not in bad.stderr
