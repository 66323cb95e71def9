"""Found by clicking every control at 1366x768 and 1280x720 (compact layout, Layers a tab of the 330 px right
column): once a segmenter had run, the Layers tab's "Segmentation  [ ] Saliency [x] Mask [x] Target boxes" row
needed 343 px, so the tab scrolled sideways and read "Target boxe", its sliders' "35 %" cut at the edge. The
three check boxes go under their label when the row does not fit beside it."""
from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QTabBar

from .conftest import shown_window, spin


def test_segmentation_overlays_fit_the_compact_right_column(qtbot, registry, messages):
    gen = shown_window(qtbot, registry, (1366, 768))
    w = next(gen)
    assert w.compact
    # the right column laid out: Methods and Layers tabs of one group
    assert spin(lambda: any("Layers" in [b.tabText(i) for i in range(b.count())] for b in w.findChildren(QTabBar)), 5)
    w.layers.seg_box.setVisible(True)  # as after a segmenter's run (controllers/segmentation.py)
    for kind in w.layers.method_runs:
        w.layers.set_method_runs(kind, [("seq_irst/default-run3", "")], "seq_irst/default-run3")
    w.layers.raise_()
    scroll = w.layers.findChild(QScrollArea)
    assert spin(lambda: not w.layers.visibleRegion().isEmpty() and scroll.viewport().width() > 250, 5)
    assert scroll.viewport().width() <= 340  # the compact right column
    assert w.layers.body.minimumSizeHint().width() <= scroll.viewport().width()
    assert spin(lambda: not scroll.horizontalScrollBar().isVisible(), 2)
    box = w.layers.show_targets
    assert box.visibleRegion().boundingRect().width() >= box.sizeHint().width()  # "Target boxes" whole
    gen.close()
