"""The frame view's legend with many runs (two trackers run three times: seven entries with the
groundtruth) in a laptop window: it was scaled to a third of the view's height, 0.45 at 1264x640, its
text 5 px high. Now it keeps a readable scale: beside the frame, in the empty band left of it, it may
be as tall as the view; over the frame it shows the rows that fit and "… N more (Layers dock)"."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF

from workbench.gui.viewer import FrameView

NAMES = ["kcf", "siamfcpp", "kcf/default-run2", "siamfcpp/default-run2", "kcf/default-run3",
         "siamfcpp/default-run3", "nas_tir"]


def _view(qtbot, w, h):
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(w, h)
    view.show()
    qtbot.waitExposed(view)
    view.set_image(np.zeros((512, 640), np.uint8), levels=(0, 255))
    view.fit()
    view.set_show_gt_in_legend(True)
    view.set_results({n: None for n in NAMES}, {n: "#3399ff" for n in NAMES})
    return view


def _texts(view):
    return [label.text for _sample, label in view.legend.items]


def test_legend_over_the_frame_keeps_a_readable_scale(qtbot):
    view = _view(qtbot, 420, 330)  # the frame fills the view: the legend lies over it
    qtbot.waitUntil(lambda: view.legend.isVisible())
    view._fit_legend()
    lg = view.legend
    assert lg.scale() >= 0.8, lg.scale()
    texts = _texts(view)
    assert texts[0] == "groundtruth" and texts[-1].startswith("… ") and texts[-1].endswith("more (Layers dock)")
    assert len(texts) - 1 + int(texts[-1].split()[1]) == len(NAMES) + 1  # every entry shown or counted
    vb = view.vb.sceneBoundingRect()
    assert lg.sceneBoundingRect().height() <= 0.31 * vb.height() + 1
    assert lg.sceneBoundingRect().width() <= 0.46 * vb.width() + 1
    view.resize(1000, 900)  # room again: every entry back
    qtbot.waitUntil(lambda: len(_texts(view)) == len(NAMES) + 1)
    assert not any("more" in t for t in _texts(view))


def test_legend_beside_the_frame_shows_every_run(qtbot):
    view = _view(qtbot, 820, 220)  # a wide, short view: an empty band left of the frame
    qtbot.waitUntil(lambda: view.legend.isVisible())
    view._fit_legend()
    lg = view.legend
    assert lg.scale() >= 0.8, lg.scale()
    assert _texts(view) == ["groundtruth", *NAMES]
    image_left = view.vb.mapFromView(QPointF(0, 0)).x()  # the frame's left edge in the view box
    assert lg.mapRectToItem(view.vb, lg.boundingRect()).right() <= image_left + 1  # not over the frame
