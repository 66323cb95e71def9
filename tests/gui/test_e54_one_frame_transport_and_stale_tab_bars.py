"""
Found by clicking every control: on a one-frame sequence (an ENVI cube, a single image) Play, the step buttons,
First / Last and the slider were enabled and did nothing, saying nothing; and View › Compact layout off then
on, with the inspectors and a workflow dock open, left the wide layout's plots tab bar painted over the bottom
bar ("NAS alphas alphas")."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar

from .conftest import shown_window, spin
from .layout_settle import layout_settled


def test_one_frame_greys_play_and_stepping_saying_why(qtbot, registry, messages, tmp_path):
    import cv2

    img = tmp_path / "one.png"
    cv2.imwrite(str(img), np.full((40, 48), 90, np.uint8))
    gen = shown_window(qtbot, registry, (1366, 768))
    w = next(gen)
    assert w.open_path(img) and w.n_frames == 1
    transport = (w.act_play, w.btn_play, w.act_next, w.act_prev, w.act_home, w.act_end, w.btn_first, w.btn_prev,
                 w.btn_next, w.btn_last, w.slider)
    assert not any(a.isEnabled() for a in transport)
    assert w.btn_play.toolTip().startswith("One frame")
    w.open_demo()
    assert all(a.isEnabled() for a in transport)
    gen.close()


def test_compact_again_leaves_no_stale_tab_bar(qtbot, registry, messages):
    from PySide6.QtWidgets import QLabel

    gen = shown_window(qtbot, registry, (1280, 720))
    w = next(gen)
    w.open_demo()
    for name in ("one", "two"):  # two workflow docks, as LW-IRSTNet's and the detector's (``dock_panel``)
        w.dock_panel(name, QLabel(name), f"{name.title()} workflow")
    w.spectrum.show()
    w.act_compact.trigger()  # off
    assert layout_settled(w)
    w.act_compact.trigger()  # on again

    def overlapping():
        bars = [b for b in w.findChildren(QTabBar, "", Qt.FindChildOption.FindDirectChildrenOnly) if b.isVisible()]
        return [(a, b) for i, a in enumerate(bars) for b in bars[i + 1:] if a.geometry().intersects(b.geometry())]

    assert spin(lambda: not overlapping(), 2)
    gen.close()
