"""`workbench segment --model tophat|mpcm --plots`: the Pd-Fa figure marked the peers' operating point as
"threshold 0.5" and the note said "the operating threshold 0.5", and pd_fa.csv / roc.csv gave the sigmoid of the
logit as the threshold. The peers' logit is z - k of a z-scored map (``classic_irst``): what they were scored at is
logit 0, mean + k std, and a probability means nothing there. The mark, the note and a threshold column in the
method's own units (k) come from the segmenter (``operating_point``); LW-IRSTNet's stay probabilities."""
from __future__ import annotations

from pathlib import Path

import numpy as np


NAMES = ["Misc_21", "Misc_22"]  # SIRST's (tests.helpers.sirst_mask_set)


def _rows(path: Path) -> tuple[list[str], list[list[float]]]:
    head, *rows = path.read_text().splitlines()
    return head.split(","), [[float(v) for v in r.split(",")] for r in rows]


def tophat_curves_say_logit_0_and_k_not_a_probability(plots: Path):
    """The CSVs of ``segment --model tophat --set k=8 --plots``: asked of the run that
    test_n52_segment_json_thresholds_in_units makes (the same command with --json; a run of its own here repeated
    it)."""
    head, rows = _rows(plots / "pd_fa.csv")
    assert head == ["k", "logit", "pd", "fa", "fa_e6"]
    by_logit = {round(r[1], 6): r[0] for r in rows}
    assert by_logit[0.0] == 8.0 and by_logit[30.0] == 38.0 and by_logit[-30.0] == -22.0  # k = logit + 8
    head, rows = _rows(plots / "roc.csv")
    assert head == ["k", "fpr", "tpr"]
    ks = [r[0] for r in rows]
    assert ks[0] == np.inf and ks[-1] == -np.inf and all(a >= b for a, b in zip(ks, ks[1:]))
    assert any(1.0 < k < 8.0 for k in ks)  # in a z-score's units, not 0..1


def test_the_figure_marks_the_methods_operating_point(tmp_path):
    from workbench.baselines.classic_irst import MPCMConfig, make_mpcm
    from workbench.core.evaluation.irst_curves import PDFA_NOTE, pd_fa_figure, pd_fa_table
    from workbench.core.evaluation.segmentation import PDFA_LOGITS, sigmoid

    rep = type("R", (), dict(pdfa_thresholds=sigmoid(PDFA_LOGITS), pdfa_pd=np.linspace(0.2, 0.9, len(PDFA_LOGITS)),
                             pdfa_fa=np.geomspace(1e-7, 1e-4, len(PDFA_LOGITS)), pd=0.6, fa=2e-6, fa_e6=2.0))()
    op = make_mpcm(MPCMConfig(k=12.0)).operating_point
    fig = pd_fa_figure(rep, "MPCM (peer)", op=op)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    note = " ".join(t.get_text() for t in fig.texts)
    assert any(t.startswith("logit 0 (k = 12): Pd 0.600") for t in legend), legend
    assert "0.5" not in " ".join(legend) and "threshold 0.5" not in note and "k = 12" in note, note
    assert pd_fa_table(rep, op).splitlines()[0] == "k,logit,pd,fa,fa_e6"
    # LW-IRSTNet's (a network's logits): the probability, as before
    lw = pd_fa_figure(rep)
    assert any(t.get_text().startswith("threshold 0.5: Pd") for t in lw.axes[0].get_legend().get_texts())
    assert PDFA_NOTE.endswith("the marked point is the operating threshold 0.5")
    head, *rows = pd_fa_table(rep).splitlines()
    assert head == "threshold,logit,pd,fa,fa_e6"
    assert [r.split(",")[0] for r in rows if r.split(",")[1] == "0"] == ["0.5"]  # logit 0 is probability 0.5
