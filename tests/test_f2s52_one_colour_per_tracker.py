"""A tracker's colour in one figure set (F, session 52): the curves were coloured by the tracker's place among the
curves drawn, so a tracker without a scored frame (left out of the curves) moved every later one to the next colour:
kcf_dsst orange in a report's curves and green in its timelines; the EAO plot coloured by EAO rank. Now every figure
of the set draws a tracker as ``plots.tracker_styles`` of the whole set says (its place in the set's order)."""
from __future__ import annotations

import numpy as np

from workbench.core.evaluation import plots
from workbench.core.evaluation.ope import evaluate_tracker


def _drawn(fig) -> dict[str, tuple[str, str]]:
    """{legend label's first word: (colour, line style)} of the lines of every plot in ``fig``."""
    from matplotlib.colors import to_hex

    return {line.get_label().split()[0]: (to_hex(line.get_color()), line.get_linestyle())
            for ax in fig.axes for line in ax.get_lines() if not line.get_label().startswith("_")}


def _captured(monkeypatch) -> list:
    figs = []
    monkeypatch.setattr(plots, "save_figure", lambda fig, path: figs.append(fig) or path)
    return figs


def test_a_tracker_without_scored_frames_does_not_shift_the_others(monkeypatch, tmp_path):
    from workbench.core.evaluation import report

    gt = np.tile([10.0, 10, 20, 20], (12, 1))
    runs = {"a": {}, "b": {"s": gt + 0.5}, "c": {"s": gt + 2.0}}  # a: no result file for the sequence
    reports = [evaluate_tracker(n, res, {"s": gt}) for n, res in runs.items()]
    assert reports[0].overall.frames == 0
    figs = _captured(monkeypatch)
    plots.export_plots(reports, tmp_path, formats=("png",))
    timelines = _drawn(report.timeline_figure(reports, runs, {}, {"s": gt}, {}))
    want = {n: (plots.color_for(k).lower(), "-") for k, n in enumerate(("a", "b", "c"))}  # the set's order
    assert len(figs) == 3
    for fig in figs:  # success, precision, normalised precision: b and c as in the timelines
        drawn = _drawn(fig)
        assert set(drawn) == {"b", "c"}
        assert drawn["b"] == timelines["b"] == want["b"], (drawn, timelines)
        assert drawn["c"] == timelines["c"] == want["c"], (drawn, timelines)


def test_eao_plot_colours_by_the_set_not_by_rank(monkeypatch, tmp_path):
    from workbench.core.evaluation.vot import VotReport, export_eao_plot

    low = VotReport("a", {}, np.full(6, 0.2), eao_range=(1, 4))
    high = VotReport("b", {}, np.full(6, 0.7), eao_range=(1, 4))
    figs = _captured(monkeypatch)
    export_eao_plot([low, high], tmp_path, formats=("png",))
    drawn = _drawn(figs[0])
    assert drawn["a"] == (plots.color_for(0).lower(), "-") and drawn["b"] == (plots.color_for(1).lower(), "-"), drawn
    ax = figs[0].axes[0]
    assert [t.get_text().split()[0] for t in ax.get_legend().get_texts()][:2] == ["b", "a"]  # legend by EAO


def test_ninth_tracker_of_a_set_is_dashed_in_every_figure():
    names = [f"t{k}" for k in range(9)]
    looks = plots.tracker_styles(names)
    assert len(set(looks.values())) == 9
    assert looks["t8"] == (looks["t0"][0], "--")
    assert plots.tracker_styles(["x", "y", "x"]) == plots.tracker_styles(["x", "y"])  # a label once
