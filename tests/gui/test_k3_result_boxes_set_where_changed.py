"""K3: each overlay refresh (11 while a sequence with 25 saved runs opens) set every run's box item's pen,
rectangle and visibility again, unchanged: 75 Qt calls, each waiting for the interpreter lock while a worker
held it (2-19 ms a refresh under load). Only what changed is set; the boxes drawn are the same."""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QGraphicsRectItem

from workbench.gui.viewer import FrameView


def test_result_boxes_set_only_where_they_changed(qtbot, monkeypatch):
    view = FrameView()
    qtbot.addWidget(view)
    view.set_image(np.zeros((40, 60), np.uint8), levels=(0, 255))
    colors = {"a": "#ff0000", "b": "#00ff00", "c": "#0000ff"}
    boxes = {"a": (1, 2, 3, 4), "b": None, "c": (5, 6, 7, 8)}
    view.set_results(boxes, colors)
    calls = []
    for name in ("setPen", "setRect", "show", "hide"):
        orig = getattr(QGraphicsRectItem, name)
        monkeypatch.setattr(QGraphicsRectItem, name, lambda self, *a, _n=name, _o=orig: (calls.append(_n), _o(self, *a))[1])
    view.set_results(dict(boxes), dict(colors))  # the same frame again
    assert calls == []
    view.set_results({"a": (2, 2, 3, 4), "b": (1, 1, 1, 1), "c": None}, {**colors, "c": "#ffffff"})
    assert sorted(calls) == sorted(["setRect", "show", "setRect", "show", "setPen", "hide"])
    items = view._result_items
    assert items["a"].rect().getRect() == (2, 2, 3, 4) and items["a"].isVisible()
    assert items["b"].rect().getRect() == (1, 1, 1, 1) and items["b"].isVisible()
    assert not items["c"].isVisible() and items["c"].pen().color().name() == "#ffffff"
    assert items["a"].pen().color().name() == "#ff0000" and items["a"].pen().widthF() == 2.0
    view.set_results({"a": (2, 2, 3, 4)}, colors)  # runs gone: their items too
    assert list(view._result_items) == ["a"]
