"""The catalogue browser dock: loads the catalogue, filters, shows a card, follows links."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from qgis.PyQt.QtCore import QUrl

from .conftest import REPO, open_dock, save_widget_png

SHIPPED = REPO / "natuurbouwstenen" / "bouwstenen"


@pytest.fixture
def dock(plugin):
    return open_dock(plugin, "catalogue", 460, 860)


def _choose(combo, value) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def _listed(dock) -> list[str]:
    return [dock.bouwsteenList.item(i).data(0x0100) for i in range(dock.bouwsteenList.count())]


def test_opens_with_the_shipped_catalogue(dock):
    assert dock.catalogue is not None and len(dock.catalogue) == 38
    assert dock.countLabel.text() == "38 of 38 bouwstenen"
    assert dock.bouwsteenList.count() == 38
    assert dock.current_id() == "bloemrijke_berm"  # the first by id
    assert "Flower-rich verge" in dock.detailCard.toPlainText()


def test_filters_give_the_right_counts(dock):
    _choose(dock.groupCombo, "water_en_oever")
    assert dock.countLabel.text() == "9 of 38 bouwstenen"
    nine = _listed(dock)
    assert nine[0] == "ecologisch_slootbeheer" and len(nine) == 9
    _choose(dock.soilCombo, "zand")
    _choose(dock.wetnessCombo, "nat")
    assert 0 < len(_listed(dock)) < 9 and set(_listed(dock)) <= set(nine)
    for bid in _listed(dock):
        b = dock.catalogue.get(bid)
        assert "zand" in b.soils and "nat" in b.wetness and b.group.value == "water_en_oever"
    _choose(dock.positionCombo, "kade")
    assert _listed(dock) == [] and dock.countLabel.text() == "0 of 38 bouwstenen"
    assert "No bouwsteen matches" in dock.detailCard.toPlainText()
    dock.resetButton.click()
    assert dock.bouwsteenList.count() == 38
    dock.searchText.setText("poel")
    assert _listed(dock) == ["erfpoel", "poel"]


def test_card_follows_the_selection(dock):
    dock.select("elzensingel")
    text = dock.detailCard.toPlainText()
    for part in ("Alder strip", "Management (beheer)", "20 Hakhoutbeheer", "Combines well with"):
        assert part in text


def test_combination_link_jumps_even_when_filtered_out(dock):
    _choose(dock.groupCombo, "houtig")
    dock.select("elzensingel")
    assert "rietzoom" not in _listed(dock)
    dock.follow_link(QUrl("bouwsteen:rietzoom"))
    assert dock.current_id() == "rietzoom"
    assert dock.groupCombo.currentData() is None and dock.bouwsteenList.count() == 38
    assert "Reed fringe" in dock.detailCard.toPlainText() or "rietzoom" in dock.detailCard.toHtml()


def test_province_edition_and_a_broken_folder(dock, tmp_path: Path):
    folder = tmp_path / "provincie"
    shutil.copytree(SHIPPED, folder)
    poel = folder / "poel.toml"
    poel.write_text(poel.read_text("utf-8").replace('name_en = "', 'name_en = "Provincial '))
    dock.catalogueFolder.setFilePath(str(folder))
    assert dock.load()
    assert dock.catalogue.source == str(folder)
    dock.select("poel")
    assert "Provincial " in dock.detailCard.toPlainText()

    (folder / "poel.toml").write_text('id = "poel"\n', encoding="utf-8")
    assert not dock.load()
    message = dock.statusLabel.text()
    assert "poel.toml" in message and "\n" not in message and "Traceback" not in message
    assert dock.catalogue.source == str(folder)  # the last good catalogue stays
    dock.catalogueFolder.setFilePath(str(tmp_path / "missing"))
    assert not dock.load() and "not a folder" in dock.statusLabel.text()


def test_card_in_dutch_when_qgis_runs_in_dutch(dutch_qgis, plugin):
    dock = open_dock(plugin, "catalogue", 460, 860)
    dock.select("elzensingel")
    b = dock.catalogue.get("elzensingel")
    text = dock.detailCard.toPlainText()
    assert b.description in text and b.description_en not in text
    assert dock.bouwsteenList.currentItem().text() == "Elzensingel"


def test_render_catalogue_dock_png(dock, artifacts: Path):
    dock.show()
    _choose(dock.groupCombo, "water_en_oever")
    dock.select("poel")
    save_widget_png(dock, artifacts / "catalogue_dock.png")
