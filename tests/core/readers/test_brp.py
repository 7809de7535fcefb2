"""BRP reader on a small synthetic GeoPackage in the PDOK gewaspercelen layout."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from gbda_core.errors import InputError
from gbda_core.readers.brp import read_brp

X, Y = 180000.0, 456000.0

# (category, gewascode, gewas, geometry); areas by hand in the comments.
PARCELS = [
    # 100 m x 10 m = 1000 m² = 0.1 ha houtwal, by code 2621.
    ("Landschapselement", 2621, "Houtwal en houtsingel", box(X, Y, X + 100, Y + 10)),
    # 50 m x 2 m = 100 m², an unknown code but a known name: heg.
    ("Landschapselement", 9999, "Knip- of scheerheg", box(X, Y + 20, X + 50, Y + 22)),
    # Two parcels (20 m x 20 m each) of a code and name the vocabulary does not know.
    ("Landschapselement", 2699, "Landschapselement overig", box(X, Y + 30, X + 20, Y + 50)),
    ("Landschapselement", 2699, "Landschapselement overig", box(X + 30, Y + 30, X + 50, Y + 50)),
    # 200 m x 100 m = 2 ha grass and 100 m x 100 m = 1 ha arable: rural area.
    ("Grasland", 265, "Grasland, blijvend", box(X, Y + 100, X + 200, Y + 200)),
    ("Bouwland", 233, "Tarwe, winter-", box(X, Y + 200, X + 100, Y + 300)),
    # Nature: ignored.
    ("Natuurterrein", 335, "Natuurterreinen", box(X, Y + 300, X + 100, Y + 400)),
]


def _write(path: Path, *, drop: str | None = None, crs: str | None = "EPSG:28992") -> Path:
    cat, code, gewas, geom = zip(*PARCELS, strict=True)
    frame = gpd.GeoDataFrame(
        {"category": cat, "gewas": gewas, "gewascode": code, "jaar": 2023},
        geometry=list(geom),
        crs=crs,
    )
    if drop:
        frame = frame.drop(columns=drop)
    frame.to_file(path, layer="brpgewaspercelen", driver="GPKG", engine="pyogrio")
    return path


@pytest.fixture
def brp(tmp_path: Path) -> Path:
    return _write(tmp_path / "brp.gpkg")


def test_elements_by_code_and_by_name(brp: Path) -> None:
    result = read_brp(brp)
    elements = result.elements.set_index("source_class")
    assert elements.loc["2621 Houtwal en houtsingel", "element_type"] == "houtwal"
    assert elements.loc["9999 Knip- of scheerheg", "element_type"] == "heg"
    assert len(elements) == 2
    areas = result.elements.set_index("element_type").area
    assert areas["houtwal"] / 1e4 == pytest.approx(0.1)
    assert areas["heg"] == pytest.approx(100.0)
    assert set(result.elements.source_layer) == {"brpgewaspercelen"}
    assert result.elements.crs.to_epsg() == 28992


def test_unknown_code_reported_with_count(brp: Path) -> None:
    [problem] = read_brp(brp).problems
    assert problem.kind == "unmapped_type"
    assert problem.value == "2699 Landschapselement overig"
    assert problem.count == 2
    assert problem.action == "skipped"
    assert "brp.gpkg" in problem.source


def test_grass_and_arable_are_rural_nature_ignored(brp: Path) -> None:
    rural = read_brp(brp).rural_area
    # 2 ha grass + 1 ha arable + the two known elements (1000 m² + 100 m²).
    assert rural.area.sum() == pytest.approx(20000 + 10000 + 1000 + 100)
    assert not rural.source_class.str.contains("Natuur").any()
    assert not rural.source_class.str.contains("2699").any()


def test_rural_categories_can_be_widened(brp: Path) -> None:
    rural = read_brp(brp, rural_categories=("Grasland", "Bouwland", "Natuurterrein")).rural_area
    assert rural.area.sum() == pytest.approx(20000 + 10000 + 10000 + 1000 + 100)


def test_layer_spec_form(brp: Path) -> None:
    result = read_brp(f"{brp}|layername=brpgewaspercelen")
    assert len(result.elements) == 2


@pytest.mark.parametrize("field", ["category", "gewas", "gewascode"])
def test_missing_field_names_field_and_file(tmp_path: Path, field: str) -> None:
    path = _write(tmp_path / "nofield.gpkg", drop=field)
    with pytest.raises(InputError) as exc:
        read_brp(path)
    text = str(exc.value)
    assert field in text
    assert "nofield.gpkg" in text
    assert "\n" not in text


@pytest.mark.filterwarnings("ignore:.crs. was not provided:UserWarning")
def test_no_crs_needs_assume_crs(tmp_path: Path) -> None:
    path = _write(tmp_path / "nocrs.gpkg", crs=None)
    with pytest.raises(InputError, match="no CRS"):
        read_brp(path)
    result = read_brp(path, assume_crs="EPSG:28992")
    assert result.elements.area.sum() == pytest.approx(1100.0)


def test_result_writes(brp: Path, tmp_path: Path) -> None:
    out = read_brp(brp).write(tmp_path / "out.gpkg")
    back = gpd.read_file(out, layer="rural_area", engine="pyogrio")
    assert len(back) == 4
    problems = gpd.read_file(out, layer="problems", engine="pyogrio")
    assert problems["count"].tolist() == [2]
