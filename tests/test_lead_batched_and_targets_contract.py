"""The batched segment path (``predict_batch``, the GPU's) called the plugin outside the contract: a bug in it was a
raw traceback naming no plugin line, a wrong output count a user error (RV-A). And ``targets_from_mask`` found each
component's peak score with a full-frame comparison per component; one pass, the same peaks."""
import numpy as np
import pytest

from workbench.core.jobs import JobContext
from workbench.core.loops import _iter_segment_batched
from workbench.core.methods import MethodProtocolError, MethodRaised, targets_from_mask
from workbench.core.data.sequence import ArrayFrames, Sequence


class _Batch:
    def __init__(self, mode):
        self.mode = mode

    def predict_batch(self, frames):
        if self.mode == "raise":
            raise ValueError("batch bug")
        return []


def test_batched_segmenting_holds_the_contract():
    seq = Sequence("s", ArrayFrames(2, lambda i: np.zeros((6, 6), np.uint8)), modality="gray")
    with pytest.raises(MethodRaised, match="batch bug.*predict_batch"):
        list(_iter_segment_batched(_Batch("raise"), seq, [0, 1], JobContext(), 2))
    with pytest.raises(MethodProtocolError, match="returned 0 outputs for 2 frames"):
        list(_iter_segment_batched(_Batch("short"), seq, [0, 1], JobContext(), 2))


def test_targets_take_each_components_peak():
    mask = np.zeros((8, 8), bool)
    mask[1:3, 1:3] = True
    mask[5:8, 5:7] = True
    score = np.arange(64, dtype=float).reshape(8, 8)
    ts = targets_from_mask(mask, score)
    assert [t.pixels for t in ts] == [6, 4]
    assert [t.score for t in ts] == [score[5:8, 5:7].max(), score[1:3, 1:3].max()]
