"""A disabled slider looked as an enabled one (the style sheet gave its handle the accent colour in
every state): the Spectrum dock's Band slider, off in the CIE and triplet colour modes, seemed
usable and did nothing. A disabled slider's handle and filled part are grey now."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QSlider

from workbench.gui import style


def _handle_colour(qtbot, enabled: bool) -> QColor:
    s = QSlider(Qt.Orientation.Horizontal)
    qtbot.addWidget(s)
    s.setRange(0, 10)
    s.setValue(5)
    s.setEnabled(enabled)
    s.resize(200, 24)
    s.show()
    qtbot.waitExposed(s)
    image = s.grab().toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2)  # the handle, at the middle


def test_disabled_slider_is_grey(qtbot):
    style.apply(QApplication.instance())
    on, off = _handle_colour(qtbot, True), _handle_colour(qtbot, False)
    assert on.blue() > on.red() + 60  # the accent
    assert abs(off.blue() - off.red()) < 30 and off != on  # grey: not the accent


def test_ticked_tracker_that_cannot_run_is_not_shown_in_the_accent(qtbot):
    """A tracker ticked on an earlier sequence and greyed on this one (HA-Net on a thermal sequence):
    its tick was drawn in the accent colour, as if it would run; it is grey now."""
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

    style.apply(QApplication.instance())
    tree = QTreeWidget()
    qtbot.addWidget(tree)
    tree.setHeaderHidden(True)
    colours = []
    for enabled in (True, False):
        item = QTreeWidgetItem([""])
        item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | (Qt.ItemFlag.ItemIsEnabled if enabled else Qt.ItemFlag.NoItemFlags))
        item.setCheckState(0, Qt.CheckState.Checked)
        tree.addTopLevelItem(item)
    tree.resize(200, 80)
    tree.show()
    qtbot.waitExposed(tree)
    image = tree.grab().toImage()
    for row in range(2):
        r = tree.visualItemRect(tree.topLevelItem(row))
        y = tree.viewport().mapTo(tree, r.center()).y()
        x0 = tree.viewport().mapTo(tree, r.topLeft()).x()
        # the indicator: the most saturated pixel at the start of the row
        colours.append(max((image.pixelColor(x, y) for x in range(x0, x0 + 30)), key=lambda c: c.hsvSaturation()))
    on, off = colours
    assert on.blue() > on.red() + 60  # the accent
    assert off.hsvSaturation() < 60, off.name()  # grey


def test_tick_of_the_selected_tracker_shows_on_its_highlight(qtbot):
    """The tracker selected in the Methods list (its row in the accent colour) showed no tick: a ticked
    box was drawn in the same accent colour, so Space (tick) seemed to do nothing. On a selected row the
    box is white: filled when ticked, outlined when not."""
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

    style.apply(QApplication.instance())
    tree = QTreeWidget()
    qtbot.addWidget(tree)
    tree.setHeaderHidden(True)
    item = QTreeWidgetItem([""])
    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setCheckState(0, Qt.CheckState.Checked)
    tree.addTopLevelItem(item)
    tree.setCurrentItem(item)
    tree.resize(200, 60)
    tree.show()
    qtbot.waitExposed(tree)
    image = tree.grab().toImage()
    r = tree.visualItemRect(item)
    y = tree.viewport().mapTo(tree, r.center()).y()
    x0 = tree.viewport().mapTo(tree, r.topLeft()).x()
    row = [image.pixelColor(x, y) for x in range(x0, x0 + 30)]
    assert any(c.lightness() > 230 and c.hsvSaturation() < 30 for c in row), [c.name() for c in row]  # the white tick
