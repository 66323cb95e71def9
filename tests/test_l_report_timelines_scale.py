"""The report's per-frame IoU timelines stay cheap for big roots: one artist per shaded kind per plot (not one per
stretch of flagged frames), and the figure drawn once (``tight_layout`` drew all of it once more to measure it:
a 300-sequence report took minutes there)."""
import numpy as np
from matplotlib.figure import Figure

RUNS = 60


def _drawn(monkeypatch):
    figs, draws = [], []
    real_savefig, real_draw = Figure.savefig, Figure.draw

    def savefig(self, *a, **k):
        figs.append(self)
        return real_savefig(self, *a, **k)

    def draw(self, *a, **k):
        draws.append(self)
        return real_draw(self, *a, **k)

    monkeypatch.setattr(Figure, "savefig", savefig)
    monkeypatch.setattr(Figure, "draw", draw)
    return figs, draws


def test_flickering_flags_are_one_artist_and_the_figure_is_drawn_once(monkeypatch):
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.core.evaluation.report import timeline_png

    n = 4 * RUNS
    gt = np.tile([10.0, 10, 20, 20], (n, 1))
    gt[::4] = np.nan  # a target absent every 4th frame: RUNS stretches
    occ = (np.arange(n) % 4) == 2  # occluded every 4th frame: RUNS more
    results = {"a": gt + 1, "b": gt - 1}
    r = evaluate_tracker("t", results, {"a": gt, "b": gt})
    figs, draws = _drawn(monkeypatch)
    png = timeline_png([r], {"t": results}, {}, {"a": gt, "b": gt}, {"a": {"occlusion": occ}})
    assert png.startswith("data:image/png;base64,")
    (fig,) = figs
    per_plot = [len(ax.patches) + len(ax.collections) for ax in fig.axes]
    assert per_plot == [2, 1], per_plot  # a: no target + occlusion; b: no target
    assert len(draws) == 1
    ax = fig.axes[0]
    shaded = [c for c in ax.collections]
    # the shades cover exactly the flagged frames (1-based on the axis: frame k spans k - 0.5 .. k + 0.5)
    xs = sorted({round(float(x), 1) for c in shaded for p in c.get_paths() for x in p.vertices[:, 0]})
    assert xs[:4] == [0.5, 1.5, 2.5, 3.5] and xs[-1] == n - 0.5
