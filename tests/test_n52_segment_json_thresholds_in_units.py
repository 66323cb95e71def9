"""`workbench segment --model tophat|mpcm --json` wrote ``pd_fa.thresholds`` as probabilities (the sigmoid of the
logit) while the figures and pd_fa.csv give the peers' operating point in their own units (k: logit 0 is mean + k std,
53c6644). The JSON gives them too: ``pd_fa.k`` and ``pd_fa.logit`` beside the thresholds, the same as pd_fa.csv,
and ``operating_point`` names the marked point; LW-IRSTNet's units stay the probability (no ``k``)."""
from __future__ import annotations

import json

import numpy as np

from workbench.baselines import classic_irst
from workbench.core.evaluation.irst_curves import PROBABILITY, pd_fa_json

from tests.helpers import sirst_mask_set

from .test_l52_peer_curves_operating_point import NAMES, _rows, tophat_curves_say_logit_0_and_k_not_a_probability
from .test_t3s57_peer_plots_drawn_once import counted, figures_drawn_once_and_saved_whole


def test_tophat_json_thresholds_in_k_as_the_csv(tmp_path, monkeypatch):
    root, plots, js = sirst_mask_set(tmp_path / "set", NAMES, seed=3, step=15), tmp_path / "plots", tmp_path / "r.json"
    roc, pdfa = counted(monkeypatch, "roc_figure"), counted(monkeypatch, "pd_fa_figure")
    assert classic_irst.segment_tophat(["--dataset", str(root), "--set", "k=8", "--plots", str(plots),
                                        "--json", str(js)]) == 0
    figures_drawn_once_and_saved_whole(roc, pdfa, plots)  # test_t3s57's check, of this same run
    c = json.loads(js.read_text())["pd_fa"]
    assert c["operating_point"] == "logit 0 (k = 8)"
    assert len(c["k"]) == len(c["logit"]) == len(c["thresholds"]) == len(c["pd"])
    by_logit = dict(zip(c["logit"], c["k"]))
    assert by_logit[0.0] == 8.0 and by_logit[30.0] == 38.0 and by_logit[-30.0] == -22.0  # k = logit + 8
    head, rows = _rows(plots / "pd_fa.csv")
    assert head[:2] == ["k", "logit"] and [r[0] for r in rows] == c["k"]  # the CSV's column, value for value
    assert all(0.0 < t < 1.0 for t in c["thresholds"])  # the probabilities are kept for their readers
    # and the curves' CSVs in the peer's units (test_l52's checks, of this same run)
    tophat_curves_say_logit_0_and_k_not_a_probability(plots)


def test_mpcm_json_has_its_k(tmp_path):
    root, js = sirst_mask_set(tmp_path / "set", NAMES, seed=3, step=15), tmp_path / "m.json"
    assert classic_irst.segment_mpcm(["--dataset", str(root), "--set", "k=5", "--json", str(js)]) == 0
    c = json.loads(js.read_text())["pd_fa"]
    assert dict(zip(c["logit"], c["k"]))[0.0] == 5.0 and c["operating_point"] == "logit 0 (k = 5)"


def test_a_network_keeps_the_probability():
    c = pd_fa_json({"thresholds": [0.5, 1 / (1 + np.exp(-2.0))], "pd": [1.0, 0.5], "fa": [0.0, 0.0]}, PROBABILITY)
    assert "k" not in c and "threshold" not in c and c["logit"] == [0.0, 2.0]
    assert c["operating_point"] == "threshold 0.5"
