"""The per-frame rule chosen by leave-one-recording-out: keep detections near the frame's best score."""
from __future__ import annotations

from workbench_seq_irst import SeqIRSTConfig
from workbench_seq_irst.detector import keep_strongest
from workbench_seq_irst.model import Detection


def _d(score, x=0.0):
    return Detection(x, 0.0, 2.0, 2.0, score, 0, 0)


def test_relative_rule_and_cap():
    dets = [_d(0.3, 1), _d(0.95, 2), _d(0.9, 3), _d(0.5, 4)]
    assert [d.score for d in keep_strongest(dets, 0.9, 0)] == [0.95, 0.9]  # 0.9 >= 0.9 x 0.95
    assert [d.score for d in keep_strongest(dets, 0.0, 0)] == [0.3, 0.95, 0.9, 0.5]  # off: untouched
    assert [d.score for d in keep_strongest(dets, 0.0, 1)] == [0.95]
    assert [d.score for d in keep_strongest(dets, 0.5, 2)] == [0.95, 0.9]
    assert keep_strongest([], 0.9, 1) == []


def test_shipped_settings_are_the_selected_ones():
    import json

    from workbench_seq_irst import weights_dir

    cfg = SeqIRSTConfig()
    rep = json.loads((weights_dir() / "loso.json").read_text())
    assert (cfg.threshold, cfg.relative, cfg.max_targets) == (rep["recipe"]["score_threshold"],
                                                              rep["recipe"]["relative"], rep["recipe"]["max_targets"])
    # the figures the window shows are those of the shipped settings, and better than without the rule
    assert rep["summary"]["mean_f1"] > rep["without_postprocess"]["summary"]["mean_f1"]


def test_shipped_track_rule_is_the_selected_one():
    """The window's and the command's default trajectory confirmation is the setting the shipped LOSO sweep
    chose (weights/loso.json), and its nested figure beats the per-frame rule's."""
    import json

    from workbench_seq_irst import weights_dir
    from workbench_seq_irst.detector import track_rule

    cfg = SeqIRSTConfig()
    rep = json.loads((weights_dir() / "loso.json").read_text())
    rule = rep["tracks"]["rule"]
    tr = track_rule(cfg)
    assert cfg.tracks and tr is not None
    assert (tr.floor, tr.min_len, tr.min_score, tr.max_step, tr.max_gap, tr.fill) == (
        rule["floor"], rule["min_len"], rule["min_score"], rule["max_step"], rule["max_gap"], rule["fill"])
    assert cfg.relative == rule["relative"]
    assert rep["tracks"]["nested_seed_mean"] > rep["tracks"]["per_frame_rule_nested_mean_f1"]
    assert set(rep["tracks"]["nested_seeds"]) == set(rep["tracks"]["per_frame_rule_nested_seeds"])  # same runs
    assert track_rule(SeqIRSTConfig(tracks=False)) is None
