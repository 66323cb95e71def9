"""A 1280x800 screen at 125 % leaves the window 1008x560 logical pixels. With a 12 pt system font the pruning
inspector could not be narrower than 767 px (its first row's "▼ ps_siamfcpp runs 0.40, …" and its actions'
whole labels), so beside the Methods column the window grew to 1056 px, past the screen. The tracker's note and
the actions' labels are cut with "…" where the dock is narrow (whole in their tooltips); the rho slider keeps a
length to move it along. Its histograms' axis labels follow the application's font too."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

pytest.importorskip("torch")

WINDOW = 1008  # a 1280x800 screen at 125 %, less the window's frame
METHODS_COLUMN_9PT = 227 + 4  # the Methods dock's least width and the dock separator at 9 pt


def _dock(qtbot):
    from workbench.gui.config_form import ConfigForm
    from workbench_siamfcpp_prune import PSSiamFCppConfig, SiamFCppConfig
    from workbench_siamfcpp_prune.inspector import PruningInspector

    forms = {"siamfcpp": ConfigForm(SiamFCppConfig), "ps_siamfcpp": ConfigForm(PSSiamFCppConfig)}
    forms["ps_siamfcpp"].set_values({"scope": "backbone", "align": 8})  # the long note: another cut than shown
    host = type("Host", (), {"sequence": None, "frame_index": 0,
                             "methods": type("Methods", (), {"form": lambda self, n: forms[n]})()})()
    dock = PruningInspector(host)  # not shown: no model is loaded
    qtbot.addWidget(dock)
    dock._forms_kept = forms
    return dock


@pytest.mark.parametrize("pt", [9.0, 12.0])
def test_the_inspector_fits_beside_the_methods_column(qtbot, pt):
    from workbench.gui import style

    app = QApplication.instance()
    style.apply(app)  # the window's look: its buttons' padding is part of the width
    normal = app.font()
    font = app.font()
    font.setPointSizeF(pt)
    try:
        app.setFont(font)
        dock = _dock(qtbot)
        assert "ps_siamfcpp runs" in dock.tracker_label.text()
        methods = METHODS_COLUMN_9PT * pt / 9  # (the column's least width grows with the font at most as much)
        need = dock.minimumSizeHint().width()
        assert need + methods <= WINDOW, (pt, need)
        # what is cut is whole in the tooltip; the slider keeps a length
        assert dock.tracker_label.toolTip().startswith(dock.tracker_label.text())
        assert dock.slider.minimumWidth() >= 10 * dock.slider.fontMetrics().averageCharWidth()
        assert dock.rank_button.text() == "Ranks on this sequence"
        # the histograms' axis labels a point under the application's font (they were "8pt" at any font)
        plot = dock._make_plot()
        qtbot.addWidget(plot)
        assert plot.getPlotItem().getAxis("bottom").labelStyle["font-size"] == f"{pt - 1:g}pt"
    finally:
        app.setFont(normal)
