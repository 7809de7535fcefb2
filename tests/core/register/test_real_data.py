"""Real data: the PDOK BGT download of Otterlo, through the BGT reader, into each store."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gbda_core.readers.bgt import read_bgt


@pytest.fixture(scope="module")
def otterlo_elements(otterlo_zip, tmp_path_factory):
    """The BGT reader's elements layer of Otterlo, as a GeoPackage, and the frame itself."""
    result = read_bgt(otterlo_zip)
    path = tmp_path_factory.mktemp("otterlo") / "otterlo.gpkg"
    result.write(path)
    return path, result.elements


def test_otterlo_elements_go_in_once_with_their_measures(store, otterlo_elements):
    path, source = otterlo_elements
    report = store.import_layer(f"{path}|layername=elements")
    assert report.rows == len(source) == 2563
    assert len(report.added) + len(report.rejected) == report.rows

    # Every rejected row repeats an earlier feature: same type, same geometry on the key's 1 cm
    # grid (BGT holds a few trees twice, millimetres apart). Checked against the source itself:
    # snapping moves a vertex at most 0.5 cm x sqrt(2), so repeats lie within 1 cm x sqrt(2).
    frame = source.reset_index(drop=True)
    frame.index = frame.index + 1  # the GeoPackage feature ids
    for rejected in report.rejected:
        first = int(rejected.reason.split("repeats feature id ")[1].split(" ")[0])
        assert first < rejected.row
        assert frame.loc[first, "element_type"] == frame.loc[rejected.row, "element_type"]
        gap = shapely.hausdorff_distance(frame.geometry[first], frame.geometry[rejected.row])
        assert gap <= 0.01 * np.sqrt(2)
    kept = frame.drop(index=[r.row for r in report.rejected])

    state = store.current()
    assert len(state) == len(kept)
    assert (state.groupby("element_type").size() == kept.groupby("element_type").size()).all()
    lines = kept.geom_type == "LineString"
    polygons = kept.geom_type == "Polygon"
    state_kind = state.geom_type
    assert state.loc[state_kind == "LineString", "length_m"].sum() == pytest.approx(
        kept[lines].length.sum()
    )
    assert state.loc[state_kind == "Polygon", "area_m2"].sum() == pytest.approx(
        kept[polygons].area.sum()
    )
    # Solitary trees are points of 20 m² each (vocabulary default).
    trees = state[state["element_type"] == "solitaire_boom"]
    assert np.allclose(trees["area_m2"], 20.0) and (trees["length_m"] == 0).all()

    again = store.import_layer(f"{path}|layername=elements")
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], len(kept))
    assert len(store.history()) == len(kept)
