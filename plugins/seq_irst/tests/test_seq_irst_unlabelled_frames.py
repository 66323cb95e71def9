"""Frames a sequence's labels do not cover (rows past a short ``anno_xy.txt``, images without a YOLO label file:
``meta["unlabelled_frames"]``) are neither scored nor used in training: no crop is cut from them (they are not
target-free frames) and hard-negative mining does not call their detections false alarms."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from seq_irst_standins import StrideOneNet  # noqa: E402

from workbench.core.data.irseq import IRSequence, TARGET, Label  # noqa: E402
from workbench.core.data.irseq_synth import make_sequence  # noqa: E402
from workbench_seq_irst.crops import build_crops  # noqa: E402
from workbench_seq_irst.detector import SeqIRSTDetector  # noqa: E402
from workbench_seq_irst.loso import hard_negatives  # noqa: E402

UNLABELLED = [4, 5, 6, 7]


class FireAtCorner(StrideOneNet):
    """One confident `target` detection at cell (2, 2) of every input: far from the labelled target."""

    def forward(self, x):
        b, _, h, w = x.shape
        out = torch.zeros(b, 7, h, w)
        out[:, 0:2] = -0.5
        out[:, 4] = -10.0
        out[:, 4, 2, 2] = 10.0
        out[:, 5] = 10.0
        out[:, 6] = -10.0
        return out


def _seq(unlabelled):
    base = make_sequence(5, width=64, height=64, frames=8)
    labels = [[Label(i, 30.0, 30.0, 3.0, 3.0, TARGET)] if i not in unlabelled else [] for i in range(len(base))]
    meta = {**(base.meta or {}), "unlabelled_frames": list(unlabelled)}
    return IRSequence(base.name, base.frames, labels, base.labelled, base.path, base.label_file, meta)


def test_crops_skip_frames_without_labels():
    seq = _seq(UNLABELLED)
    cs = build_crops([(seq, None)], 16, bg_ratio=1.0, seed=0)
    full = build_crops([(_seq([]), None)], 16, bg_ratio=1.0, seed=0)
    assert len(full) > len(cs) > 0
    # one target crop and one background crop per covered frame: 4 covered frames of 8
    assert len(cs) == len(full) // 2
    assert {o[1] for o in cs.origin} == {0, 1, 2, 3}
    # frames given explicitly are filtered the same way
    assert len(build_crops([(seq, list(range(8)))], 16, bg_ratio=1.0, seed=0)) == len(cs)


def test_mining_ignores_frames_without_labels():
    seq = _seq(UNLABELLED)
    det = SeqIRSTDetector(FireAtCorner(), "cpu", 0.5)  # a false alarm in every frame
    mined, n_fa, _ = hard_negatives(det, [(seq, None)])
    assert n_fa == 4  # one per covered frame
    for i in UNLABELLED:
        assert mined[0][0].labels[i] == []  # no interference label where nothing was labelled


def test_labels_covering_no_frame_are_not_scored():
    """An empty anno_xy.txt (every frame unlabelled): `detect` reports the sequence as not scored instead of
    P / R / F1 0.000 over 0 frames; a sequence with covered frames is scored as before."""
    from workbench_seq_irst.detector import evaluate

    det = SeqIRSTDetector(FireAtCorner(), "cpu", 0.5)
    part, e = _seq(UNLABELLED), _seq(range(8))
    empty = IRSequence("empty", e.frames, e.labels, True, e.path, e.label_file, e.meta)
    rep, _ = evaluate(det, [empty, part], unlabelled=True)
    assert list(rep["per_sequence"]) == [part.name] and rep["per_sequence"][part.name]["frames"] == 4
    assert rep["unlabelled"] == {empty.name: {"frames": 8, "detections": 8}}
    rep, _ = evaluate(det, [empty], unlabelled=True)
    assert not rep["scored"] and "unlabelled" in rep
