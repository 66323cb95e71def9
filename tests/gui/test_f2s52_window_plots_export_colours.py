"""The window's Export… plots (F, session 52): the figures coloured the trackers by their place among the scores,
while the window's plots, boxes and timeline colour a run by the order it was first shown (``tracking.style``): a run
blue in the window was orange in the exported PDF. The export now draws each run as the window does, past the eighth
dashed as the figures' rule (``plots.tracker_styles``) says."""
from __future__ import annotations

import numpy as np

from workbench.core.evaluation import plots
from workbench.core.evaluation.ope import evaluate_tracker


def test_exported_plots_colour_runs_as_the_window(window, monkeypatch, tmp_path):
    from matplotlib.colors import to_hex

    w = window
    gt = np.tile([10.0, 10, 20, 20], (12, 1))
    shown = [f"r{k}" for k in range(9)][::-1]  # first shown: r8, r7 ... r0; scored in the label order
    for label in shown:
        w.tracking.color(label)
    w.scoring.reports = [evaluate_tracker(n, {"s": gt + 0.3 * k}, {"s": gt}) for k, n in enumerate(sorted(shown))]
    figs = []
    monkeypatch.setattr(plots, "save_figure", lambda fig, path: figs.append(fig) or path)
    assert w.exporter.export_plots(tmp_path, formats=("png",))
    assert len(figs) == 3
    for fig in figs:
        drawn = {line.get_label().split()[0]: (to_hex(line.get_color()), line.get_linestyle())
                 for line in fig.axes[0].get_lines()}
        assert drawn == {n: (plots.color_for(k).lower(), "--" if k >= 8 else "-") for k, n in enumerate(shown)}
    assert w.tracking.color("r8") == plots.color_for(0) and w.tracking.style("r0") == (plots.color_for(0), "--")
