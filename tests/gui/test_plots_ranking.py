"""The Success / precision tab with five trackers in a 1366x768 window: the legends keep to about half
their plot, so they showed two entries and "… and 3 more (hover for all)"; the other trackers' AUC and
P@20 could be read only by hovering. A ranking table beside the plots shows every tracker's two scores;
what counts here is what is on screen (legend rows shown, table cells inside the table's view and wide
enough for their text), whichever widget shows it."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication, QTableWidget

GT = np.array([[10.0 + i, 10.0, 20.0, 20.0] for i in range(30)])
NAMES = ["kcf", "nanotrack", "siamfcpp", "ps_siamfcpp", "nas_tir"]


def _curves(names) -> dict:
    from workbench.core.evaluation.ope import evaluate_tracker

    return {n: evaluate_tracker("t", {"s": GT + [3 * k, k, 0, 0]}, {"s": GT}, {"s": {}}).overall
            for k, n in enumerate(names)}


def _on_screen(dock) -> list[str]:
    """The lines of text the curves view shows whole: the legends' shown rows, and each visible
    table's rows (the cells inside its view, each wide enough for its text and icon)."""
    lines = dock.success_legend.shown_texts() + dock.precision_legend.shown_texts()
    for table in dock.findChildren(QTableWidget):
        if not table.isVisible():
            continue
        view = table.viewport().rect()
        fm = table.fontMetrics()
        for r in range(table.rowCount()):
            cells = []
            for c in range(table.columnCount()):
                item = table.item(r, c)
                if item is None:
                    continue
                rect = table.visualItemRect(item)
                need = fm.horizontalAdvance(item.text()) + (table.iconSize().width() + 6 if not item.icon().isNull() else 0)
                if view.contains(rect) and need <= rect.width():
                    cells.append(item.text())
            lines.append(" ".join(cells))
    return lines


@pytest.fixture
def dock(qtbot):
    from workbench.gui import style
    from workbench.gui.plots_dock import PlotsDock

    style.apply(QApplication.instance())
    d = PlotsDock()
    qtbot.addWidget(d)
    return d


@pytest.mark.parametrize("width", [829, 1032])  # the tab's width at 1366x768, with and without the side docks
def test_every_trackers_auc_and_p20_readable_without_hovering(qtbot, dock, width):
    dock.resize(width, 281)
    dock.show()
    qtbot.waitExposed(dock)
    curves = _curves(NAMES)
    colors = dict(zip(NAMES, ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]))
    dock.set_curves(curves, colors, partial={"nas_tir": "running"})
    qtbot.waitUntil(lambda: dock.success_legend.isVisible(), timeout=3000)
    QApplication.processEvents()
    lines = _on_screen(dock)
    for name, c in curves.items():
        shown = f"{name}*" if name == "nas_tir" else name
        assert any(shown in line and f"{c.success_auc:.3f}" in line for line in lines), (name, lines)
        assert any(shown in line and f"{c.precision_20:.3f}" in line for line in lines), (name, lines)
    # the plots keep most of the width
    assert dock.glw.width() >= 0.6 * width


def test_ranking_is_sorted_updated_in_place_and_hidden_when_empty(qtbot, dock):
    dock.resize(1032, 281)
    dock.show()
    qtbot.waitExposed(dock)
    curves = _curves(NAMES)
    dock.set_curves(curves, {})
    t = dock.ranking
    by_auc = sorted(curves, key=lambda n: -curves[n].success_auc)
    assert [t.item(r, 0).text() for r in range(t.rowCount())] == by_auc
    items = [t.item(r, c) for r in range(t.rowCount()) for c in range(3)]
    dock.set_curves(curves, {})  # a live refresh: the same items, re-set
    assert [t.item(r, c) for r in range(t.rowCount()) for c in range(3)] == items
    t.sortItems(2)  # a click on P@20 (ascending): sorted by the value, not its text
    p20 = [float(t.item(r, 2).text()) for r in range(t.rowCount())]
    assert p20 == sorted(p20)
    dock.set_curves(_curves(NAMES[:2]), {})
    assert t.rowCount() == 2 and t.isVisible()
    dock.set_curves({}, {})
    assert not t.isVisible()
