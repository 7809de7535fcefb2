"""Suggestions: hard rules, scores computed by hand, reasons in Dutch and English, ranking."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gbda_core.plan_report import RANKING_COLUMNS, ranking_frame
from gbda_core.share import ElementLayer
from gbda_core.site import build_site
from gbda_core.site_io import site_from_files
from gbda_core.suggest import suggest
from natuurbouwstenen import load_catalogue

CRS = 28992


def frame(*geoms, **columns):
    return gpd.GeoDataFrame(columns or None, geometry=list(geoms), crs=CRS)


@pytest.fixture
def wet_catalogue(bouwsteen, catalogue_of):
    return catalogue_of(
        bouwsteen("natuurvriendelijke_oever", positions=("slootkant",), wetness=("nat", "vochtig"),
                  counts_as="natuurvriendelijke_oever", length=(25, 100)),
        bouwsteen("rietzoom", positions=("slootkant",), wetness=("nat",), counts_as="rietzoom",
                  length=(25, 100)),
        bouwsteen("poel", "area", positions=("hoek", "perceelsrand"), wetness=("nat", "vochtig"),
                  counts_as="poel", area=(50, 175, 300)),
        bouwsteen("hoogstamboomgaard", "area", positions=("perceelsrand",), soils=("klei", "zand"),
                  wetness=("vochtig", "droog"), counts_as="hoogstamboomgaard",
                  area=(500, 2500, 10000)),
    )  # fmt: skip


@pytest.fixture
def ditch_field():
    """A 300 x 60 m field with a ditch along its 300 m south side."""
    return frame(shapely.box(0, 0, 300, 60)), frame(shapely.box(-5, -4, 305, 0))


def by_id(ranking):
    return {s.bouwsteen.id: s for s in ranking}


def texts(s, lang="nl"):
    return [r.text(lang) for r in s.reasons]


def test_wet_peat_along_a_ditch_ranks_bank_reed_and_pond_above_the_orchard(
    wet_catalogue, ditch_field
):
    field, ditch = ditch_field
    site = build_site(field, context={"water": [ditch]}, soil="veen", wetness="nat")
    ranking = suggest(site, wet_catalogue)
    assert [s.bouwsteen.id for s in ranking] == [
        "rietzoom", "natuurvriendelijke_oever", "poel", "hoogstamboomgaard"
    ]  # fmt: skip
    assert [s.rank for s in ranking] == [1, 2, 3, 4]
    s = by_id(ranking)
    # By hand: soil 25 x 0.8 (fits every soil), wetness 25 x 1.0 (nat only) or 25 x 0.9
    # (two classes), room 40 x 1 (300 m of ditch bank against 100 m typical), counts 5.
    assert s["rietzoom"].score == 90.0
    assert s["natuurvriendelijke_oever"].score == 87.5
    assert s["poel"].score == 87.5  # tie with the oever: broken by id
    orchard = s["hoogstamboomgaard"]
    assert not orchard.fits and orchard.score == 0.0
    assert texts(orchard) == [
        "valt af: vraagt klei of zand, de bodem is veen",
        "valt af: vraagt vochtige of droge grond, het perceel is nat",
    ]
    assert texts(orchard, "en")[1] == "excluded: needs moist or dry soil; the parcel is wet"
    oever = texts(s["natuurvriendelijke_oever"])
    assert "past: ligt langs een sloot (300 m slootkant)" in oever
    assert "past: het perceel is nat (geschikt: natte of vochtige grond)" in oever
    assert "past: telt mee voor GBDA als natuurvriendelijke oever (nat)" in oever
    assert "fits: runs along a ditch (300 m of ditch bank)" in texts(
        s["natuurvriendelijke_oever"], "en"
    )
    assert "past: 4 perceelshoeken beschikbaar" in texts(s["poel"])
    assert s["natuurvriendelijke_oever"].room == {"slootkant": 300.0}


def test_the_ranking_as_a_table(wet_catalogue, ditch_field):
    field, ditch = ditch_field
    site = build_site(field, context={"water": [ditch]}, soil="veen", wetness="nat")
    table = ranking_frame(suggest(site, wet_catalogue))
    assert list(table.columns) == list(RANKING_COLUMNS)
    assert table["bouwsteen_id"].tolist() == [
        "rietzoom", "natuurvriendelijke_oever", "poel", "hoogstamboomgaard"
    ]  # fmt: skip
    assert table["rank"].tolist() == [1, 2, 3, 4]
    assert table["score"].tolist() == [90.0, 87.5, 87.5, 0.0]
    assert table["fits"].tolist() == [True, True, True, False]
    assert table["status"].tolist() == ["past", "past", "past", "valt_af"]
    orchard = table.iloc[3]
    assert orchard["reasons_nl"] == (
        "valt af: vraagt klei of zand, de bodem is veen | "
        "valt af: vraagt vochtige of droge grond, het perceel is nat"
    )
    assert orchard["reasons_en"].endswith("excluded: needs moist or dry soil; the parcel is wet")
    assert (orchard["name"], orchard["name_en"]) == ("Hoogstamboomgaard", "hoogstamboomgaard (en)")
    assert ranking_frame([]).columns.tolist() == list(RANKING_COLUMNS)


def test_dry_sandy_field_edge_ranks_the_other_way(wet_catalogue, bouwsteen, catalogue_of):
    field = frame(shapely.box(0, 0, 200, 100))
    pond = frame(shapely.box(400, 400, 420, 420))  # a water layer, but no ditch near the field
    catalogue = catalogue_of(
        *wet_catalogue,
        bouwsteen("droge_oever", positions=("slootkant",), counts_as="natuurvriendelijke_oever"),
    )
    site = build_site(field, context={"water": [pond]}, soil="zand", wetness="droog")
    ranking = suggest(site, catalogue)
    assert ranking[0].bouwsteen.id == "hoogstamboomgaard" and ranking[0].fits
    s = by_id(ranking)
    assert not s["natuurvriendelijke_oever"].fits
    assert "valt af: vraagt natte of vochtige grond, het perceel is droog" in texts(
        s["natuurvriendelijke_oever"]
    )
    assert texts(s["droge_oever"])[-1] == (
        "valt af: vraagt een slootkant; er ligt geen vrije slootkant langs"
    )
    # Excluded ones come last, by id.
    assert [x.bouwsteen.id for x in ranking if not x.fits] == [
        "droge_oever", "natuurvriendelijke_oever", "poel", "rietzoom"
    ]  # fmt: skip


def test_too_short_an_edge_excludes_with_the_numbers(bouwsteen, catalogue_of, ditch_field):
    field, ditch = ditch_field
    long_bank = bouwsteen("lange_oever", positions=("slootkant",), length=(500, 800))
    site = build_site(field, context={"water": [ditch]})
    (s,) = suggest(site, catalogue_of(long_bank))
    assert not s.fits
    assert texts(s)[-1] == (
        "valt af: vraagt minstens 500 m aan een slootkant, de langste vrije is 300 m"
    )


def test_positions_without_their_layer_are_not_checked(wet_catalogue, ditch_field):
    field, _ = ditch_field
    site = build_site(field, wetness="nat")
    s = by_id(suggest(site, wet_catalogue))
    oever = s["natuurvriendelijke_oever"]
    assert oever.fits
    assert "niet getoetst: vraagt een slootkant; geen waterlaag gegeven" in texts(oever)
    assert "niet getoetst: bodem onbekend (geef --soil of een bodemlaag)" in texts(oever)
    # Soil unknown: half of 25 x 0.8; wetness 25 x 0.9; room unchecked: half of 40; counts 5.
    assert oever.score == 10.0 + 22.5 + 20.0 + 5.0


def test_mixed_soils_fit_in_part(bouwsteen, catalogue_of):
    field = frame(shapely.box(0, 0, 100, 100))
    soil = frame(shapely.box(0, 0, 60, 100), shapely.box(60, 0, 100, 100), grond=["veen", "klei"])
    klei_only = bouwsteen("kleihaag", soils=("klei",), counts_as="heg")
    site = build_site(field, context={"soil": [soil]}, soil_field="grond")
    (s,) = suggest(site, catalogue_of(klei_only))
    # One parcel: its majority soil is veen, so the site reads as veen (100 %).
    assert not s.fits
    two = frame(shapely.box(0, 0, 60, 100), shapely.box(60, 0, 100, 100))
    site = build_site(two, context={"soil": [soil]}, soil_field="grond")
    (s,) = suggest(site, catalogue_of(klei_only))
    assert s.fits
    assert texts(s)[0] == (
        "minder: de bodem is veen (60 %) en klei (40 %); alleen 40 % is geschikt (vraagt klei)"
    )
    # Soil 25 x 0.4 x (0.8 + 0.2 x 1); unknown wetness 25 x 0.8 / 2; room 40; counts 5.
    assert s.score == pytest.approx(10.0 + 10.0 + 40.0 + 5.0)


def test_existing_elements_of_the_same_type_add_to_the_score(wet_catalogue, ditch_field):
    field, ditch = ditch_field
    oever = frame(
        shapely.LineString([(0, 59), (300, 59)]), element_type=["natuurvriendelijke_oever"]
    )
    site = build_site(field, context={"water": [ditch]}, elements=[ElementLayer(oever)],
                      soil="veen", wetness="nat")  # fmt: skip
    s = by_id(suggest(site, wet_catalogue))
    assert s["natuurvriendelijke_oever"].score == 92.5
    assert "past: sluit aan bij wat er ligt (1 × natuurvriendelijke oever)" in texts(
        s["natuurvriendelijke_oever"]
    )
    assert s["rietzoom"].score == 92.5  # same category (nat): half the network term


def test_elements_that_do_not_count_say_so(bouwsteen, catalogue_of, ditch_field):
    field, _ = ditch_field
    nest = bouwsteen("nestkast", "point", positions=("perceelsrand",), counts_as="none",
                     aanleg=(50.0, "eur_per_piece"), beheer=(5.0, "eur_per_piece"))  # fmt: skip
    (s,) = suggest(build_site(field), catalogue_of(nest))
    assert s.fits
    assert texts(s)[-1] == "minder: telt niet mee voor het GBDA-aandeel"
    assert s.as_dict()["reasons"][-1]["en"] == "less so: does not count towards the GBDA share"


@settings(max_examples=20, deadline=None)
@given(order=st.permutations(range(5)))
def test_the_ranking_is_the_same_in_any_catalogue_order(order, bouwsteen):
    from natuurbouwstenen import Catalogue

    field, ditch = frame(shapely.box(0, 0, 300, 60)), frame(shapely.box(-5, -4, 305, 0))
    pool = [bouwsteen(f"twin_{c}", positions=("slootkant",), counts_as="rietzoom") for c in "edcba"]
    site = build_site(field, context={"water": [ditch]}, soil="klei", wetness="vochtig")
    ranking = suggest(site, Catalogue(tuple(pool[i] for i in order), "shuffled"))
    assert [s.bouwsteen.id for s in ranking] == ["twin_a", "twin_b", "twin_c", "twin_d", "twin_e"]
    again = suggest(site, Catalogue(tuple(pool), "plain"))
    assert [s.as_dict() for s in ranking] == [s.as_dict() for s in again]


# --- shipped catalogue, real and sample data ------------------------------------------------


def test_sample_polder_farm_with_the_shipped_catalogue(polder_farm):
    site = site_from_files(polder_farm["site"], **polder_farm["options"])
    ranking = by_id(suggest(site, load_catalogue()))
    orchard = ranking["hoogstamboomgaard"]
    assert not orchard.fits
    for wet in ("natuurvriendelijke_oever", "rietzoom", "poel"):
        assert ranking[wet].fits and ranking[wet].rank < orchard.rank
    assert any(t.startswith("past: ligt langs een sloot (") for t in texts(ranking["rietzoom"]))


def test_otterlo_farmland_with_the_shipped_catalogue(otterlo_farm):
    site = site_from_files(otterlo_farm["site"], **otterlo_farm["options"])
    ranking = by_id(suggest(site, load_catalogue()))
    oever = ranking["natuurvriendelijke_oever"]
    assert not oever.fits
    assert "valt af: vraagt natte of vochtige grond, de percelen zijn droog" in texts(oever)
    for dry in ("hoogstamboomgaard", "struweelhaag", "knip_of_scheerheg"):
        assert ranking[dry].fits and ranking[dry].rank < oever.rank


def test_a_site_wide_wetness_describes_the_fields_not_the_erf(bouwsteen, catalogue_of):
    """Erven lie higher than their fields: --wetness nat does not exclude erfbeplanting there."""
    field = frame(shapely.box(0, 0, 200, 100))
    erf = frame(shapely.box(0, 60, 40, 100))  # a farmyard in the field's north-west corner
    planting = bouwsteen("erfbeplanting", positions=("erf",), wetness=("vochtig", "droog"),
                         counts_as="houtwal", length=(20, 40))  # fmt: skip
    reed = bouwsteen("rietzoom", positions=("perceelsrand",), wetness=("nat",),
                     counts_as="rietzoom", length=(25, 100))  # fmt: skip
    site = build_site(field, context={"erf": [erf]}, soil="veen", wetness="nat")
    assert site.parcels.loc[site.parcels["is_erf"], "wetness"].isna().all()
    assert (site.parcels.loc[~site.parcels["is_erf"], "wetness"] == "nat").all()
    s = by_id(suggest(site, catalogue_of(planting, reed)))
    assert s["erfbeplanting"].fits, texts(s["erfbeplanting"])
    assert (
        "niet getoetst: vochttoestand van het erf onbekend (--wetness geldt voor de percelen; "
        "geef een vochttoestandlaag)" in texts(s["erfbeplanting"])
    )
    assert s["rietzoom"].fits  # judged on the fields, which are wet
    assert any(t.startswith("past: het perceel is nat") for t in texts(s["rietzoom"]))
