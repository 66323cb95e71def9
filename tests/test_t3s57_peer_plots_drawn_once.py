"""`segment --plots` drew the ROC and the Pd-Fa figures anew for each of PNG, SVG and PDF (their log-axis layout
was most of a small set's run, three times over): each figure is drawn once and saved in every format.

The segment run is test_n52's (``test_tophat_json_thresholds_in_k_as_the_csv`` counts the figures of its run with
the helpers here, a run this file made again); here the box-scored Pd-Fa figure."""
from __future__ import annotations

import numpy as np

from workbench.core.evaluation import irst_curves
from workbench.core.evaluation.plots import PLOT_FORMATS


def counted(monkeypatch, name):
    """The calls of ``irst_curves.<name>`` (a figure maker) from here on, as a list that grows."""
    real, calls = getattr(irst_curves, name), []

    def counting(*a, **k):
        calls.append(name)
        return real(*a, **k)

    monkeypatch.setattr(irst_curves, name, counting)
    return calls


def figures_drawn_once_and_saved_whole(roc, pdfa, plots):
    """``counted`` ROC and Pd-Fa figures drawn once each, and each saved in every format into ``plots``."""
    assert (len(roc), len(pdfa)) == (1, 1), f"figures drawn: roc {len(roc)}, pd_fa {len(pdfa)} (once each)"
    for stem in ("roc", "pd_fa"):
        for fmt in PLOT_FORMATS:
            f = plots / f"{stem}.{fmt}"
            assert f.is_file() and f.stat().st_size > 1000, f"{f.name}: not written whole"


def test_box_scored_pd_fa_drawn_once(tmp_path, monkeypatch):
    pdfa = counted(monkeypatch, "pd_fa_figure")
    logits = np.arange(30.0, -31.0, -2.0)
    res = {"pd": 0.5, "fa": 2e-6, "fa_e6": 2.0,
           "pd_fa": {"thresholds": list(1 / (1 + np.exp(-logits))), "pd": list(np.linspace(0.1, 1.0, len(logits))),
                     "fa": list(np.geomspace(1e-8, 1e-4, len(logits)))}}
    files = irst_curves.export_box_pd_fa(res, tmp_path)
    assert len(pdfa) == 1, f"the box-scored Pd-Fa figure drawn {len(pdfa)} times (once)"
    assert sorted(f.name for f in files) == sorted([f"pd_fa.{fmt}" for fmt in PLOT_FORMATS] + ["pd_fa.csv"])
