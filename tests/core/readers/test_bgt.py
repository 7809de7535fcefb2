"""BGT reader: the real Otterlo download end to end, and small synthetic CityGML zips."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

from gbda_core.errors import ConfigError, InputError
from gbda_core.readers.bgt import read_bgt
from gbda_core.readers.bgt_classes import BgtRule, load_bgt_classes
from gbda_core.readers.result import ImportResult

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "bgt-otterlo"
AGRICULTURAL = ["grasland agrarisch", "bouwland", "fruitteelt", "boomteelt"]


# --- the real sample --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def otterlo_zip() -> Path:
    path = DATA / "otterlo_bgt_original.zip"
    assert path.is_file(), f"shared test data missing: {path}"
    return path


@pytest.fixture(scope="module")
def active_gpkg() -> Path:
    path = DATA / "bgt_otterlo_active.gpkg"
    assert path.is_file(), f"shared test data missing: {path}"
    return path


@pytest.fixture(scope="module")
def otterlo(otterlo_zip: Path) -> ImportResult:
    return read_bgt(otterlo_zip)


def _ha(frame: gpd.GeoDataFrame) -> float:
    return float(frame.area.sum()) / 1e4


def _of(result: ImportResult, element_type: str, source_class: str | None = None):
    e = result.elements
    sel = e[e.element_type == element_type]
    return sel if source_class is None else sel[sel.source_class == source_class]


def test_otterlo_numbers_from_source_md(otterlo: ImportResult) -> None:
    # Numbers from shared/data/bgt-otterlo/SOURCE.md (current objects only).
    assert round(_ha(_of(otterlo, "houtwal")), 2) == 2.88
    assert round(_ha(_of(otterlo, "sloot", "sloot")), 2) == 3.28
    assert round(_ha(_of(otterlo, "sloot", "greppel, droge sloot")), 2) == 0.24
    assert round(_ha(_of(otterlo, "slootkant")), 2) == 2.34
    hedges = _of(otterlo, "heg")
    assert round(float(hedges.length.sum()), 1) == 476.5
    assert set(hedges.geom_type) == {"LineString"}
    trees = _of(otterlo, "solitaire_boom")
    assert len(trees) == 2088
    assert set(trees.geom_type) == {"Point"}
    rural = otterlo.rural_area
    assert round(_ha(rural[rural.source_class.isin(AGRICULTURAL)]), 2) == 200.93


def test_otterlo_ponds_and_large_water_split_vijvers(otterlo: ImportResult) -> None:
    # SOURCE.md: vijver/plas 3.24 ha in all; up to 0.5 ha (per patch) is a poel.
    poel = _of(otterlo, "poel")
    large = otterlo.excluded[otterlo.excluded.exclusion == "large_water"]
    assert round(_ha(poel) + _ha(large), 2) == 3.24
    assert poel.area.max() <= 5000
    assert large.area.min() > 5000


def test_otterlo_matches_derived_gpkg(otterlo: ImportResult, active_gpkg: Path) -> None:
    begroeid = pyogrio.read_dataframe(active_gpkg, layer="begroeidterreindeel")
    houtwal = begroeid[begroeid["class"] == "houtwal"]
    ours = _of(otterlo, "houtwal")
    assert set(ours.source_id) == set(houtwal.lokaalID)
    assert ours.area.sum() == pytest.approx(houtwal.area.sum(), abs=0.01)
    water = pyogrio.read_dataframe(active_gpkg, layer="waterdeel")
    sloot = water[water["plus-type"] == "sloot"]
    assert set(_of(otterlo, "sloot", "sloot").source_id) == set(sloot.lokaalID)
    assert _of(otterlo, "sloot", "sloot").area.sum() == pytest.approx(sloot.area.sum(), abs=0.01)
    trees = pyogrio.read_dataframe(active_gpkg, layer="vegetatieobject_point")
    assert set(_of(otterlo, "solitaire_boom").source_id) == set(trees.lokaalID)
    agri = begroeid[begroeid["class"].isin(AGRICULTURAL)]
    ours_agri = otterlo.rural_area[otterlo.rural_area.source_class.isin(AGRICULTURAL)]
    assert set(ours_agri.source_id) == set(agri.lokaalID)
    assert ours_agri.area.sum() == pytest.approx(agri.area.sum(), abs=0.01)


def test_otterlo_geometries_are_linear_valid_2d(otterlo: ImportResult) -> None:
    for frame in (otterlo.elements, otterlo.rural_area, otterlo.excluded):
        assert frame.crs.to_epsg() == 28992
        assert frame.is_valid.all()
        assert not frame.has_z.any()
        assert set(frame.geom_type) <= {"Point", "LineString", "Polygon", "MultiPolygon"}
    assert set(otterlo.rural_area.geom_type) <= {"Polygon", "MultiPolygon"}
    # Two hedges are gml:Curve with gml:Arc segments: linearised into many vertices.
    hedges = _of(otterlo, "heg")
    assert shapely.get_num_coordinates(hedges.geometry.to_numpy()).max() > 10


def test_otterlo_rural_area_holds_polygon_elements(otterlo: ImportResult) -> None:
    polygons = otterlo.elements[otterlo.elements.geom_type.isin(["Polygon", "MultiPolygon"])]
    assert set(polygons.source_id) <= set(otterlo.rural_area.source_id)
    assert otterlo.problems == []  # every current Otterlo value has a rule


def test_otterlo_small_woods_are_bosje_large_are_forest(otterlo: ImportResult) -> None:
    bosje = _of(otterlo, "bosje")
    forest = otterlo.excluded[otterlo.excluded.exclusion == "forest"]
    assert len(bosje) > 0 and len(forest) > 0
    patches = shapely.get_parts(shapely.union_all(bosje.buffer(0.01).to_numpy()))
    assert shapely.area(patches).max() <= 15000 + 10  # the buffer adds a little


def test_otterlo_result_writes_mixed_geometry(otterlo: ImportResult, tmp_path: Path) -> None:
    out = otterlo.write(tmp_path / "otterlo.gpkg")
    layers = dict(pyogrio.list_layers(out))
    assert {"elements", "rural_area", "excluded"} <= set(layers)
    back = pyogrio.read_dataframe(out, layer="elements")
    assert len(back) == len(otterlo.elements)
    assert back.geom_type.value_counts().to_dict() == (
        otterlo.elements.geom_type.value_counts().to_dict()
    )
    assert back.length.sum() == pytest.approx(otterlo.elements.length.sum())
    assert back.crs.to_epsg() == 28992


def test_custom_classes_report_unmapped_values_with_counts(
    otterlo_zip: Path, tmp_path: Path
) -> None:
    classes = tmp_path / "classes.toml"
    classes.write_text(
        '[[rule]]\nlayer = "begroeidterreindeel"\nattribute = "class"\n'
        'value = "houtwal"\ntarget = "houtwal"\n',
        encoding="utf-8",
    )
    result = read_bgt(otterlo_zip, classes=classes)
    assert set(result.elements.element_type) == {"houtwal"}
    unmapped = {p.value: p.count for p in result.problems if p.kind == "unmapped_type"}
    assert unmapped["class=groenvoorziening (polygon)"] == 428  # SOURCE.md layer table
    assert "class=houtwal (polygon)" not in unmapped
    assert unmapped["class=bouwland (polygon)"] == 20


# --- synthetic CityGML -----------------------------------------------------------------------

X, Y = 180000.0, 456000.0
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<CityModel xmlns:gml="http://www.opengis.net/gml" '
    'xmlns:imgeo="http://www.geostandaarden.nl/imgeo/2.1" '
    'xmlns="http://www.opengis.net/citygml/2.0">\n'
)
LAYERS = {
    "begroeidterreindeel": ("PlantCover", "geometrie2dBegroeidTerreindeel"),
    "waterdeel": ("Waterdeel", "geometrie2dWaterdeel"),
    "ondersteunendwaterdeel": ("OndersteunendWaterdeel", "geometrie2dOndersteunendWaterdeel"),
    "vegetatieobject": ("SolitaryVegetationObject", "geometrie2dVegetatieObject"),
}


def _pos(coords: list[tuple[float, float]]) -> str:
    return " ".join(f"{X + x:.3f} {Y + y:.3f}" for x, y in coords)


def polygon(coords: list[tuple[float, float]]) -> str:
    return (
        '<gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing>'
        f'<gml:posList srsDimension="2">{_pos(coords)}</gml:posList>'
        "</gml:LinearRing></gml:exterior></gml:Polygon>"
    )


def square(x0: float, y0: float, size: float) -> str:
    c = [(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size), (x0, y0)]
    return polygon(c)


def member(
    layer: str,
    geometry: str,
    *,
    ident: str,
    cls: str = "",
    plus_type: str = "",
    ended: str = "",
    in_onderzoek: bool = False,
    extra: str = "",
) -> str:
    element, geom_element = LAYERS[layer]
    parts = [
        f'<cityObjectMember><{element} gml:id="b{ident}">',
        f"<imgeo:inOnderzoek>{'true' if in_onderzoek else 'false'}</imgeo:inOnderzoek>",
        f"<imgeo:eindRegistratie>{ended}</imgeo:eindRegistratie>" if ended else "",
        "<imgeo:identificatie><imgeo:NEN3610ID><imgeo:namespace>NL.IMGeo</imgeo:namespace>",
        f"<imgeo:lokaalID>T.{ident}</imgeo:lokaalID></imgeo:NEN3610ID></imgeo:identificatie>",
        "<imgeo:bgt-status>bestaand</imgeo:bgt-status>",
        "<imgeo:plus-status>geenWaarde</imgeo:plus-status>",
        f"<class>{cls}</class>" if cls else "",
        f"<imgeo:{geom_element}>{geometry}</imgeo:{geom_element}>",
        extra,
        f"<imgeo:plus-type>{plus_type}</imgeo:plus-type>" if plus_type else "",
        f"</{element}></cityObjectMember>\n",
    ]
    return "".join(parts)


def make_zip(path: Path, members: dict[str, list[str]], skip: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for layer in LAYERS:
            if layer not in skip:
                body = "".join(members.get(layer, []))
                zf.writestr(f"bgt_{layer}.gml", HEAD + body + "</CityModel>\n")
    return path


def test_synthetic_kruinlijn_history_and_onderzoek(tmp_path: Path) -> None:
    kruinlijn = (
        "<imgeo:kruinlijnBegroeidTerreindeel><gml:LineString><gml:posList>"
        f"{_pos([(0, 0), (100, 0), (100, 5)])}</gml:posList></gml:LineString>"
        "</imgeo:kruinlijnBegroeidTerreindeel>"
    )
    wall = polygon([(0, 0), (100, 0), (100, 5), (0, 5), (0, 0)])
    zip_path = make_zip(
        tmp_path / "bgt.zip",
        {
            "begroeidterreindeel": [
                member("begroeidterreindeel", wall, ident="1", cls="houtwal", extra=kruinlijn),
                member("begroeidterreindeel", wall, ident="2", cls="houtwal", ended="2019-01-01"),
                member("begroeidterreindeel", square(0, 10, 50), ident="3", cls="bouwland"),
                member(
                    "begroeidterreindeel",
                    square(0, 70, 10),
                    ident="4",
                    cls="grasland agrarisch",
                    in_onderzoek=True,
                ),
            ]
        },
    )
    result = read_bgt(zip_path)
    assert list(result.elements.source_id) == ["T.1"]  # T.2 is history
    assert result.elements.geom_type.tolist() == ["Polygon"]  # not the kruinlijn
    assert result.elements.area.sum() == pytest.approx(500.0)
    assert result.rural_area.area.sum() == pytest.approx(500.0 + 2500.0 + 100.0)
    [problem] = result.problems
    assert (problem.kind, problem.count, problem.rows) == ("in_onderzoek", 1, (3,))


def test_synthetic_arc_is_linearised(tmp_path: Path) -> None:
    # Half disc of radius 10 m: an arc from (0,0) over (10,10) to (20,0), closed by a line.
    ring = (
        '<gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:Ring>'
        "<gml:curveMember><gml:Curve><gml:segments>"
        f'<gml:Arc><gml:posList srsDimension="2">{_pos([(0, 0), (10, 10), (20, 0)])}'
        "</gml:posList></gml:Arc>"
        f'<gml:LineStringSegment><gml:posList srsDimension="2">{_pos([(20, 0), (0, 0)])}'
        "</gml:posList></gml:LineStringSegment>"
        "</gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:Polygon>"
    )
    zip_path = make_zip(
        tmp_path / "bgt.zip",
        {"waterdeel": [member("waterdeel", ring, ident="1", cls="watervlakte")]},
    )
    [geom] = read_bgt(zip_path).elements.geometry
    assert geom.geom_type == "Polygon"
    assert geom.is_valid
    assert geom.area == pytest.approx(math.pi * 100 / 2, rel=0.01)


def test_synthetic_vegetatieobject_split_by_geometry(tmp_path: Path) -> None:
    point = f"<gml:Point><gml:pos>{_pos([(1, 1)])}</gml:pos></gml:Point>"
    line = (
        '<gml:LineString srsName="urn:ogc:def:crs:EPSG::28992"><gml:posList>'
        f"{_pos([(0, 0), (30, 40)])}</gml:posList></gml:LineString>"
    )
    hedge_area = polygon([(0, 0), (20, 0), (20, 1), (0, 1), (0, 0)])
    members = [
        member("vegetatieobject", point, ident="1", cls="niet-bgt", plus_type="boom"),
        member("vegetatieobject", line, ident="2", cls="niet-bgt", plus_type="haag"),
        member("vegetatieobject", hedge_area, ident="3", cls="niet-bgt", plus_type="haag"),
        member("vegetatieobject", line, ident="4", cls="niet-bgt", plus_type="boom"),
    ]
    result = read_bgt(make_zip(tmp_path / "bgt.zip", {"vegetatieobject": members}))
    got = dict(zip(result.elements.source_id, result.elements.element_type, strict=True))
    assert got == {"T.1": "solitaire_boom", "T.2": "heg", "T.3": "heg"}
    assert result.elements.length.sum() == pytest.approx(50.0 + 42.0)
    [problem] = result.problems
    assert problem.kind == "unmapped_type"
    assert problem.value == "plus-type=boom (line)"
    assert problem.rows == (3,)
    # The GDAL setting used while reading is restored afterwards.
    assert pyogrio.get_gdal_config_option("GML_SRS_DIMENSION_IF_MISSING") is None


def test_synthetic_size_rule_measures_touching_patches(tmp_path: Path) -> None:
    members = [
        # Two touching 1 ha naaldbos squares: a 2 ha wood, forest.
        member("begroeidterreindeel", square(0, 0, 100), ident="1", cls="naaldbos"),
        member("begroeidterreindeel", square(100, 0, 100), ident="2", cls="naaldbos"),
        # A lone 1 ha loofbos: a bosje.
        member("begroeidterreindeel", square(0, 300, 100), ident="3", cls="loofbos"),
    ]
    result = read_bgt(make_zip(tmp_path / "bgt.zip", {"begroeidterreindeel": members}))
    assert result.elements.source_id.tolist() == ["T.3"]
    assert result.elements.element_type.tolist() == ["bosje"]
    assert sorted(result.excluded.source_id) == ["T.1", "T.2"]
    assert set(result.excluded.exclusion) == {"forest"}


def test_synthetic_invalid_and_3d_geometry(tmp_path: Path) -> None:
    bowtie = polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])
    cube = (
        '<gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing>'
        '<gml:posList srsDimension="3">'
        + " ".join(f"{X + x} {Y + y} 12.5" for x, y in [(0, 50), (5, 50), (5, 55), (0, 50)])
        + "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"
    )
    members = [
        member("begroeidterreindeel", bowtie, ident="1", cls="houtwal"),
        member("begroeidterreindeel", cube, ident="2", cls="houtwal"),
    ]
    result = read_bgt(make_zip(tmp_path / "bgt.zip", {"begroeidterreindeel": members}))
    assert result.elements.is_valid.all()
    assert not result.elements.has_z.any()
    assert result.elements.area.sum() == pytest.approx(50.0 + 12.5)
    [problem] = result.problems
    assert (problem.kind, problem.action, problem.rows) == ("repaired_geometry", "repaired", (0,))


def test_synthetic_other_working_crs(tmp_path: Path) -> None:
    members = [member("begroeidterreindeel", square(0, 0, 100), ident="1", cls="houtwal")]
    zip_path = make_zip(tmp_path / "bgt.zip", {"begroeidterreindeel": members})
    result = read_bgt(zip_path, crs="EPSG:3035")
    assert result.elements.crs.to_epsg() == 3035
    assert result.elements.area.sum() == pytest.approx(10000.0, rel=0.001)


# --- errors -----------------------------------------------------------------------------------


def _one_line(exc: pytest.ExceptionInfo[BaseException]) -> str:
    text = str(exc.value)
    assert "\n" not in text
    return text


def test_missing_zip(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_bgt(tmp_path / "nope.zip")
    assert "file not found" in _one_line(exc)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "bgt.zip"
    path.write_bytes(b"this is no zip at all")
    with pytest.raises(InputError) as exc:
        read_bgt(path)
    assert "not a readable zip" in _one_line(exc)


def test_member_missing_from_zip(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "bgt.zip", {}, skip=("waterdeel",))
    with pytest.raises(InputError) as exc:
        read_bgt(path)
    assert "bgt_waterdeel.gml" in _one_line(exc)


def test_corrupt_member(tmp_path: Path) -> None:
    path = tmp_path / "bgt.zip"
    make_zip(path, {})
    good = zipfile.ZipFile(path)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(broken, "w") as zf:
        for name in good.namelist():
            text = good.read(name).decode()
            if name == "bgt_begroeidterreindeel.gml":
                wall = square(0, 0, 10)
                text = HEAD + member("begroeidterreindeel", wall, ident="1", cls="houtwal")[:-80]
            zf.writestr(name, text)
    good.close()
    with pytest.raises(InputError) as exc:
        read_bgt(broken)
    assert "bgt_begroeidterreindeel.gml" in _one_line(exc)


def test_member_not_citygml(tmp_path: Path) -> None:
    path = tmp_path / "bgt.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for layer in LAYERS:
            zf.writestr(f"bgt_{layer}.gml", "<FeatureCollection></FeatureCollection>")
    with pytest.raises(InputError) as exc:
        read_bgt(path)
    assert "not an IMGeo CityGML file" in _one_line(exc)


# --- the class mapping ------------------------------------------------------------------------


def test_default_classes_cover_the_brief() -> None:
    rules: dict[tuple[str, str, str], BgtRule] = {}
    for rule in load_bgt_classes().rules:  # the first rule for a value wins
        rules.setdefault((rule.layer, rule.attribute, rule.value), rule)
    assert rules[("begroeidterreindeel", "class", "houtwal")].target == "houtwal"
    assert rules[("waterdeel", "plus-type", "sloot")].target == "sloot"
    assert rules[("ondersteunendwaterdeel", "class", "oever, slootkant")].target == "slootkant"
    assert rules[("begroeidterreindeel", "class", "grasland agrarisch")].target == "rural"
    assert rules[("waterdeel", "plus-type", "meer, plas, ven, vijver")].max_area_m2 == 5000
    assert rules[("begroeidterreindeel", "class", "loofbos")].max_area_m2 == 15000


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (
            '[[rule]]\nlayer = "waterdeel"\nattribute = "class"\nvalue = "x"\ntarget = "zzz"\n',
            "zzz",
        ),
        (
            '[[rule]]\nlayer = "waterdeel"\nattribute = "class"\nvalue = "x"\ntarget = "poel"\n'
            'colour = "red"\n',
            "colour",
        ),
        (
            '[[rule]]\nlayer = "waterdeel"\nattribute = "class"\nvalue = "x"\ntarget = "poel"\n'
            'exclusion = "forest"\n',
            "exclusion",
        ),
        ("[[rule]\n", "TOML"),
    ],
)
def test_bad_classes_file(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "classes.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_bgt_classes(path)
    assert needle in _one_line(exc)
    assert "classes.toml" in str(exc.value)


def test_missing_classes_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_bgt_classes(tmp_path / "nope.toml")
