"""File > Export > Report drew the runs by their labels sorted (``plots.tracker_styles`` of the report's runs), while
Export > plots draws them as the window does (first shown first, 143cf35): one window's two exports gave a run two
colours. The report now takes the window's looks (``tracking.styles``) for its curves and its timelines."""
from __future__ import annotations

from matplotlib.colors import to_hex
from PySide6.QtWidgets import QFileDialog

from workbench.core.evaluation import plots, report

from tests.gui.conftest import near_the_end


def _drawn(fig) -> dict[str, str]:
    return {line.get_label().split()[0]: to_hex(line.get_color()) for ax in fig.axes for line in ax.get_lines()
            if line.get_label().startswith("fake")}


def test_report_draws_the_runs_as_the_window(window, messages, monkeypatch, tmp_path, qtbot):
    w = window
    out = tmp_path / "report"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    figs = []
    curve_figure, timeline_figure = plots.curve_figure, report.timeline_figure
    monkeypatch.setattr(plots, "curve_figure", lambda *a, **k: figs.append(curve_figure(*a, **k)) or figs[-1])
    monkeypatch.setattr(report, "timeline_figure", lambda *a, **k: figs.append(timeline_figure(*a, **k)) or figs[-1])
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake_b", "fake"])  # shown fake_b first; sorted, fake comes first
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    window_looks = {label: to_hex(w.tracking.color(label)) for label in ("fake_b", "fake")}
    assert window_looks == {"fake_b": to_hex(plots.color_for(0)), "fake": to_hex(plots.color_for(1))}
    w.exporter.act_report.trigger()
    assert w.exporter.wait(120) and (out / "report.html").is_file() and not messages, messages
    assert len(figs) == 4  # three curve plots and the timelines
    for fig in figs:
        assert _drawn(fig) == window_looks
