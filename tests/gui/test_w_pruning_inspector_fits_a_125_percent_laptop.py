"""The pruning inspector's second row held its actions, the progress bar and Cancel side by side: 779 px that
could not shrink. Beside the Methods column (227 px and a separator) the window's minimum width was 1018 px
with it open, past the 1008 px a 1280x800 screen at 125 % scaling (1024 logical px) leaves the window: Run and
the Methods dock's buttons went off the screen's edge. The progress bar and Cancel have a row of their own."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")

METHODS_COLUMN = 227 + 4  # the Methods dock's minimum width and the dock separator at the default font
WINDOW_ON_1024 = 1008  # workbench.gui.main_window.initial_size() on a 1024 px wide screen


def test_the_inspector_fits_beside_the_methods_column_on_1024_logical_pixels(qtbot):
    from PySide6.QtWidgets import QApplication

    from workbench.gui import style
    from workbench.gui.config_form import ConfigForm
    from workbench_siamfcpp_prune import PSSiamFCppConfig, SiamFCppConfig
    from workbench_siamfcpp_prune.inspector import PruningInspector

    style.apply(QApplication.instance())  # the window's look: its buttons' padding is part of the width
    forms = {"siamfcpp": ConfigForm(SiamFCppConfig), "ps_siamfcpp": ConfigForm(PSSiamFCppConfig)}
    host = type("Host", (), {"sequence": None, "frame_index": 0,
                             "methods": type("Methods", (), {"form": lambda self, n: forms[n]})()})()
    dock = PruningInspector(host)  # not shown: no model is loaded
    qtbot.addWidget(dock)
    need = dock.minimumSizeHint().width()
    assert need + METHODS_COLUMN <= WINDOW_ON_1024, need
    # what moved is still there, beside each other
    assert dock.progress.parentWidget() is dock.cancel_button.parentWidget()
