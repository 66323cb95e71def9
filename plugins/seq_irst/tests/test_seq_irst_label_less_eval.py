"""Evaluation sequences without labels (no label file, or labels covering none of the scored frames: an empty
anno_xy.txt) in training's scoring (``detector.evaluate`` without ``unlabelled``, ``train``'s validation, the LOSO
folds): left out of the score with a note naming them, not counted as P / R / F1 0 over 0 frames; when no
evaluation sequence has labels, an error naming them."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from seq_irst_standins import StrideOneNet  # noqa: E402

from workbench.core.data.irseq import IRSequence, TARGET, Label  # noqa: E402
from workbench.core.data.irseq_synth import make_sequence  # noqa: E402
from workbench.core.errors import WorkbenchError  # noqa: E402
from workbench_seq_irst.detector import SeqIRSTDetector, evaluate  # noqa: E402


class FireAtTarget(StrideOneNet):
    """One confident `target` detection at cell (30, 30) of every input: on the labelled target."""

    def forward(self, x):
        b, _, h, w = x.shape
        out = torch.zeros(b, 7, h, w)
        out[:, 0:2] = -0.5
        out[:, 4] = -10.0
        out[:, 4, 30, 30] = 10.0
        out[:, 5] = 10.0
        out[:, 6] = -10.0
        return out


def _seqs():
    base = make_sequence(5, width=64, height=64, frames=8)
    n = len(base)
    labelled = IRSequence("labelled", base.frames, [[Label(i, 30.0, 30.0, 3.0, 3.0, TARGET)] for i in range(n)])
    none = IRSequence("no_labels", base.frames, [[] for _ in range(n)], labelled=False)
    empty = IRSequence("empty_anno", base.frames, [[] for _ in range(n)],
                       meta={"unlabelled_frames": list(range(n))})  # an empty anno_xy.txt
    return labelled, none, empty


def test_label_less_sequences_are_skipped_and_named():
    labelled, none, empty = _seqs()
    det = SeqIRSTDetector(FireAtTarget(), "cpu", 0.5)
    rep, dets = evaluate(det, [labelled, none, empty])
    assert list(rep["per_sequence"]) == ["labelled"]  # not 'empty_anno' at 0 frames
    assert rep["f1"] == 1.0 and rep["frames"] == 8
    assert set(rep["skipped"]) == {"no_labels", "empty_anno"}
    assert "no labels" in rep["skipped"]["no_labels"] and "none of its 8 frames" in rep["skipped"]["empty_anno"]
    assert set(dets) == {"labelled"}  # nothing to score against: not run either


def test_no_labelled_evaluation_sequence_is_an_error_naming_them():
    _, none, empty = _seqs()
    det = SeqIRSTDetector(FireAtTarget(), "cpu", 0.5)
    with pytest.raises(WorkbenchError, match="no evaluation sequence has labels") as err:
        evaluate(det, [empty])  # was P / R / F1 0.000 over 0 frames
    assert "empty_anno" in str(err.value)
    with pytest.raises(WorkbenchError, match="no_labels.*empty_anno"):
        evaluate(det, [none, empty])


def test_training_notes_the_skipped_validation_sequence(tmp_path):
    from workbench_seq_irst.train import TrainSettings, train

    labelled, none, empty = _seqs()
    data = [(make_sequence(7, width=64, height=48, frames=6), None)]
    st = TrainSettings(crop=16, epochs=1, batch_size=16)
    logged = []
    res, _, _ = train(None, data, [labelled, none], st, tmp_path / "a", log=logged.append)
    assert [m for m in logged if "no_labels" in m and m.startswith("note:")]
    assert res.history[0]["f1"] >= 0.0
    logged.clear()
    with pytest.raises(WorkbenchError, match="no_labels.*empty_anno"):
        train(None, data, [none, empty], st, tmp_path / "b", log=logged.append)
    assert not any("crop set" in m for m in logged)  # said before any training work
