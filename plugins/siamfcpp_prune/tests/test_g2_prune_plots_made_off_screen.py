"""Opening the pruning inspector made each rank histogram (a pyqtgraph plot, ~25-55 ms), drew it and put it on
screen in one event-loop turn, its first paint right after: 0.07-0.08 s of GUI thread a plot, seven times. A
plot is now made off screen on one turn, its cut drawn on the next and put in its place on a third, so no turn
both makes a plot and shows one; all of them come, each with its cut."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_histograms_made_drawn_and_placed_on_turns_of_their_own(qtbot, small_model, monkeypatch):
    from workbench.gui.config_form import ConfigForm
    from workbench_siamfcpp_prune import PSSiamFCppConfig, SiamFCppConfig, figures, inspector

    forms = {"siamfcpp": ConfigForm(SiamFCppConfig), "ps_siamfcpp": ConfigForm(PSSiamFCppConfig)}
    host = type("Host", (), {"sequence": None, "frame_index": 0,
                             "methods": type("Methods", (), {"form": lambda self, n: forms[n]})()})()
    monkeypatch.setattr(figures, "default_model_and_ranks", lambda: (*small_model, "shipped test ranks"))
    made = []

    class Plot(inspector.pg.PlotWidget):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            made.append(self)

    monkeypatch.setattr(inspector.pg, "PlotWidget", Plot)
    dock = inspector.PruningInspector(host)
    qtbot.addWidget(dock)
    dock.x_size = 199  # short FLOPs passes for the table
    turns = []  # (plots made, plots on screen) in each turn of the build
    build = dock._build_next_plot

    def one_turn():
        n_made, n_shown = len(made), len(dock.plots)
        build()
        turns.append((len(made) - n_made, len(dock.plots) - n_shown))

    monkeypatch.setattr(dock, "_build_next_plot", one_turn)
    dock.resize(900, 500)
    dock.show()
    qtbot.waitUntil(lambda: dock.model is not None and not dock.loading, timeout=10000)
    n = len(dock.cuts())
    qtbot.waitUntil(lambda: len(dock.plots) == n and not dock._pending_plots, timeout=10000)
    assert n >= 2 and turns
    assert all(not (m and s) for m, s in turns), turns  # never made and shown in the same turn
    assert all(p.isVisible() for p in dock.plots)
    for c, p in zip(dock.cuts(), dock.plots):  # each with its own cut
        assert p._drawn_cut is not None and p._drawn_cut[0][0] == c.name
