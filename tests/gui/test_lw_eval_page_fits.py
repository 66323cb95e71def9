"""LW-IRSTNet's Evaluate tab at laptop sizes. After an evaluation on images the shipped weights were
trained on, the "Seen in training: N of M images. Not a held-out score." warning (two or three wrapped
lines under the metrics table) made the page taller than the dock at 1366x768: the page scrolled, the
warning and the plot's axis title were cut. It sits under the status line now, the per-image list giving
up the room. And Evaluate with the Dataset field empty said ".: not a SIRST-style dataset" (the empty
field read as the current folder): it asks for the dataset."""
from __future__ import annotations

import pytest

from tests.gui.conftest import shown_window, spin


@pytest.fixture(scope="module")
def registry():
    from workbench.core.registry import Registry

    reg = Registry().load_entry_points()
    if "lw_irstnet" not in reg.plugins:
        pytest.skip("lw_irstnet not installed")
    return reg


def _eval_page(qtbot, registry, size):
    gen = shown_window(qtbot, registry, size)
    w = next(gen)
    assert w.methods.select("lw_irstnet")
    assert spin(lambda: not w.methods.panel_loading(), 60)
    panel = w.methods.panel("lw_irstnet")
    dock = w.workflow_docks["lw_irstnet"]
    dock.show()
    dock.raise_()
    panel.setCurrentIndex(2)  # Evaluate (built when first opened)
    return w, gen, panel


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_the_seen_in_training_warning_does_not_make_the_page_scroll(qtbot, registry, messages, size):
    w, gen, panel = _eval_page(qtbot, registry, size)
    # what _on_eval_done shows after scoring 12 SIRST v1 images
    panel.ev_status.setText("12 images, 14 targets; warnings: 0")
    panel.ev_seen.setText("Seen in training: 12 of 12 images. Not a held-out score.")
    panel.ev_seen.setVisible(True)
    for _ in range(3):
        spin(lambda: False, 0.05)
    scroll = panel.widget(2)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() == 0, (size, bar.maximum())  # the page fits the dock: nothing scrolled away
    seen = panel.ev_seen
    top_left = seen.mapTo(scroll.viewport(), seen.rect().topLeft())
    assert seen.isVisible() and scroll.viewport().rect().contains(top_left)
    assert top_left.y() + seen.height() <= scroll.viewport().height()
    for _ in gen:
        pass


def test_evaluate_with_no_dataset_asks_for_it(qtbot, registry, messages):
    w, gen, panel = _eval_page(qtbot, registry, (1366, 768))
    panel.ev_root.setText("")
    assert panel.start_eval() is False and not panel.eval_job.running
    assert "Set the dataset" in panel.ev_status.text() and ".:" not in panel.ev_status.text()
    for _ in gen:
        pass
