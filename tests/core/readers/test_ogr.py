"""The generic OGR reader: layer specs, error messages, CRS rules."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from pyproj import Transformer
from shapely.geometry import Polygon, box

from gbda_core.errors import ConfigError, InputError
from gbda_core.readers.ogr import LayerSpec, parse_layer_spec, read_layer, working_crs

X, Y = 180000.0, 456000.0


def _frame(crs: str | None = "EPSG:28992", **extra: object) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"type": ["heg"], **{k: [v] for k, v in extra.items()}},
        geometry=[box(X, Y, X + 100, Y + 10)],
        crs=crs,
    )


def _gpkg(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> Path:
    for name, frame in layers.items():
        frame.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
    return path


def _one_line(exc: pytest.ExceptionInfo[BaseException]) -> str:
    text = str(exc.value)
    assert "\n" not in text
    return text


def test_parse_plain_path() -> None:
    assert parse_layer_spec("a/b.gpkg") == LayerSpec(Path("a/b.gpkg"), None)


def test_parse_qgis_layername_form() -> None:
    assert parse_layer_spec("a/b.gpkg|layername=hagen") == LayerSpec(Path("a/b.gpkg"), "hagen")


def test_parse_explicit_layer_wins() -> None:
    assert parse_layer_spec("b.gpkg|layername=x", layer="y").layer == "y"
    assert parse_layer_spec(LayerSpec(Path("b.gpkg"), "x")).layer == "x"
    assert str(LayerSpec(Path("b.gpkg"), "x")) == "b.gpkg|layername=x"


def test_parse_unknown_option() -> None:
    with pytest.raises(InputError) as exc:
        parse_layer_spec("b.gpkg|subset=foo")
    assert "layername" in _one_line(exc)


def test_read_by_layername(tmp_path: Path) -> None:
    path = _gpkg(tmp_path / "two.gpkg", {"a": _frame(), "b": _frame(type2="x")})
    frame = read_layer(f"{path}|layername=b")
    assert "type2" in frame.columns
    assert frame.index.name == "fid"
    assert frame.area.sum() == pytest.approx(1000.0)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_layer(tmp_path / "nope.gpkg")
    text = _one_line(exc)
    assert "nope.gpkg" in text and "file not found" in text


def test_missing_layer(tmp_path: Path) -> None:
    path = _gpkg(tmp_path / "one.gpkg", {"hagen": _frame()})
    with pytest.raises(InputError) as exc:
        read_layer(f"{path}|layername=poelen")
    text = _one_line(exc)
    assert "poelen" in text and "hagen" in text


def test_several_layers_without_name(tmp_path: Path) -> None:
    path = _gpkg(tmp_path / "two.gpkg", {"a": _frame(), "b": _frame()})
    with pytest.raises(InputError) as exc:
        read_layer(path, what="elements layer")
    text = _one_line(exc)
    assert "2 layers" in text and "layername=" in text and "elements layer" in text


def test_missing_field(tmp_path: Path) -> None:
    path = _gpkg(tmp_path / "one.gpkg", {"hagen": _frame()})
    with pytest.raises(InputError) as exc:
        read_layer(path, columns=["type", "breedte"])
    text = _one_line(exc)
    assert "'breedte'" in text and "one.gpkg" in text and "type" in text


def test_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "garbage.gpkg"
    path.write_bytes(b"\x00\x01this is not a geopackage\xff" * 100)
    with pytest.raises(InputError) as exc:
        read_layer(path)
    assert "garbage.gpkg" in _one_line(exc)


@pytest.mark.filterwarnings("ignore:.crs. was not provided:UserWarning")
def test_no_crs_refused_unless_assumed(tmp_path: Path) -> None:
    path = _gpkg(tmp_path / "nocrs.gpkg", {"a": _frame(crs=None)})
    with pytest.raises(InputError) as exc:
        read_layer(path)
    assert "no CRS" in _one_line(exc)
    frame = read_layer(path, assume_crs="EPSG:28992")
    assert frame.crs.to_epsg() == 28992
    assert frame.area.sum() == pytest.approx(1000.0)


def test_geographic_working_crs_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as exc:
        working_crs("EPSG:4326")
    assert "metres" in _one_line(exc)
    path = _gpkg(tmp_path / "one.gpkg", {"a": _frame()})
    with pytest.raises(ConfigError):
        read_layer(path, crs="EPSG:4326")
    with pytest.raises(ConfigError):
        working_crs("EPSG:999999")


def test_reprojection_from_wgs84_keeps_area(tmp_path: Path) -> None:
    # A 1 km x 1 km square in RD New, stored in EPSG:4326, read back in RD New: 100 ha.
    to_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    corners = [(X, Y), (X + 1000, Y), (X + 1000, Y + 1000), (X, Y + 1000)]
    square = Polygon([to_wgs84.transform(x, y) for x, y in corners])
    frame = gpd.GeoDataFrame({"type": ["akker"]}, geometry=[square], crs="EPSG:4326")
    path = _gpkg(tmp_path / "wgs84.gpkg", {"a": frame})
    back = read_layer(path)
    assert back.crs.to_epsg() == 28992
    assert back.area.sum() == pytest.approx(1_000_000.0, rel=1e-6)
    assert back.total_bounds == pytest.approx([X, Y, X + 1000, Y + 1000], abs=0.001)


def test_read_column_reads_one_field_without_geometry(tmp_path: Path) -> None:
    from gbda_core.readers.ogr import read_column

    path = _gpkg(tmp_path / "two.gpkg", {"a": _frame(breedte=3.5), "b": _frame()})
    values = read_column(f"{path}|layername=a", "breedte", "element layer")
    assert values.tolist() == [3.5]
    with pytest.raises(InputError) as err:
        read_column(path, "breedte", "element layer")
    assert "has 2 layers; say which one holds the element layer" in _one_line(err)
    with pytest.raises(InputError) as err:
        read_column(f"{path}|layername=b", "breedte", "element layer")
    assert "element layer has no field 'breedte'" in _one_line(err)
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"not a geopackage at all")
    with pytest.raises(InputError) as err:
        read_column(broken, "breedte", "element layer")
    assert str(broken) in _one_line(err)
