"""The Train tab at 1280x720 after a cross-validation: its results table (a <pre> label under the buttons)
grew the page, which scrolled both ways while the loss plot shrank to its legend. The figures sit under the
plot in a splitter now, each metric's mean ± std first in a narrow block, the per-fold table under it (scrolling
inside its own area): the page does not scroll and the plot keeps a usable size."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.gui.conftest import spin

pytest.importorskip("torch")


def _cv_result(k: int = 5) -> dict:
    folds = [{"fold": i, "val_images": 68, "train_images": 273, "miou": 0.61 + i / 100, "niou": 0.6,
              "f1": 0.75, "pd": 0.9412, "fa_e6": 12.3456} for i in range(k)]
    mean = {m: 0.6 for m in ("miou", "niou", "f1", "pd")} | {"fa_e6": 12.34}
    std = {m: 0.0123 for m in ("miou", "niou", "f1", "pd")} | {"fa_e6": 1.23}
    return {"folds": folds, "mean": mean, "std": std, "complete": True}


def test_train_tab_after_cross_validation_fits_1280x720(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from workbench.gui import style
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    style.apply(QApplication.instance())
    panel = Panel(PLUGIN, None)
    qtbot.addWidget(panel)
    panel.resize(945, 238)  # its size in its dock of a 1280x720 window
    panel.show()
    qtbot.waitExposed(panel)
    panel.setCurrentIndex(1)
    spin(lambda: False, 0.2)
    plot_before = panel.tr_plot.height()
    panel._train_out = tmp_path / "cv"
    panel._on_cv_done(_cv_result())
    spin(lambda: False, 0.3)
    shots = os.environ.get("G4_SHOTS")  # where to save the panel's picture (looked at by hand)
    if shots:
        panel.grab().save(str(Path(shots) / "lw_train_cv_1280x720.png"))
    page = panel.currentWidget()
    assert not page.verticalScrollBar().isVisible() and not page.horizontalScrollBar().isVisible(), (
        page.widget().minimumSizeHint(), page.viewport().size())
    assert panel.tr_plot.height() >= 100 and panel.tr_plot.width() >= 250, (panel.tr_plot.size(), plot_before)
    assert panel.cv_scroll.isVisible() and panel.tr_side.isAncestorOf(panel.cv_scroll)
    shown = panel.cv_result_label.text()
    assert "mean ± std" in shown and "mIoU" in shown and "0.600 ± 0.012" in shown, shown
    # the compact block (six lines: the folds' mean ± std and range) is seen without scrolling
    line = panel.cv_result_label.fontMetrics().lineSpacing()
    assert panel.cv_scroll.viewport().height() >= 6 * line, (panel.cv_scroll.viewport().height(), line)
