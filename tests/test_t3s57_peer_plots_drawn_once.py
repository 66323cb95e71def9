"""`segment --plots` drew the ROC and the Pd-Fa figures anew for each of PNG, SVG and PDF (their log-axis layout
was most of a small set's run, three times over): each figure is drawn once and saved in every format."""
from __future__ import annotations

import numpy as np

from tests.helpers import sirst_mask_set
from workbench.baselines import classic_irst
from workbench.core.evaluation import irst_curves
from workbench.core.evaluation.plots import PLOT_FORMATS


def _counted(monkeypatch, name):
    real, calls = getattr(irst_curves, name), []

    def counting(*a, **k):
        calls.append(name)
        return real(*a, **k)

    monkeypatch.setattr(irst_curves, name, counting)
    return calls


def test_segment_plots_draw_each_figure_once(tmp_path, monkeypatch):
    roc, pdfa = _counted(monkeypatch, "roc_figure"), _counted(monkeypatch, "pd_fa_figure")
    root, plots = sirst_mask_set(tmp_path / "set", ["Misc_21", "Misc_22"], seed=3, step=15), tmp_path / "plots"
    assert classic_irst.segment_tophat(["--dataset", str(root), "--plots", str(plots)]) == 0
    assert (len(roc), len(pdfa)) == (1, 1), f"figures drawn: roc {len(roc)}, pd_fa {len(pdfa)} (once each)"
    for stem in ("roc", "pd_fa"):
        for fmt in PLOT_FORMATS:
            f = plots / f"{stem}.{fmt}"
            assert f.is_file() and f.stat().st_size > 1000, f"{f.name}: not written whole"


def test_box_scored_pd_fa_drawn_once(tmp_path, monkeypatch):
    pdfa = _counted(monkeypatch, "pd_fa_figure")
    logits = np.arange(30.0, -31.0, -2.0)
    res = {"pd": 0.5, "fa": 2e-6, "fa_e6": 2.0,
           "pd_fa": {"thresholds": list(1 / (1 + np.exp(-logits))), "pd": list(np.linspace(0.1, 1.0, len(logits))),
                     "fa": list(np.geomspace(1e-8, 1e-4, len(logits)))}}
    files = irst_curves.export_box_pd_fa(res, tmp_path)
    assert len(pdfa) == 1, f"the box-scored Pd-Fa figure drawn {len(pdfa)} times (once)"
    assert sorted(f.name for f in files) == sorted([f"pd_fa.{fmt}" for fmt in PLOT_FORMATS] + ["pd_fa.csv"])
