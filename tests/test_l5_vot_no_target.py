"""VOT supervised measures on frames whose groundtruth shows no target, as vot-toolkit-python scores them
(``vot/analysis/supervised.py`` ``compute_accuracy`` / ``EAOCurve``, ``vot/region/raster.py``): the overlap of a
tracked box with an empty groundtruth region is 0 and the accuracy mask is made from the trajectory's codes
alone, so such frames count as zeros in accuracy and in EAO; a coded frame is an empty region (1 against an
empty groundtruth). Values below worked out by hand from those rules."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.evaluation import vot


def _run(n):
    codes = np.full(n, vot.TRACKED, np.int8)
    codes[0] = vot.INIT
    return np.tile([0.0, 0.0, 10.0, 10.0], (n, 1)), codes


def test_frames_without_a_target_count_zero_in_accuracy_and_eao():
    gt = np.tile([0.0, 0.0, 10.0, 10.0], (15, 1))
    gt[12:14] = np.nan  # no target on frames 12 and 13; the tracker keeps its (perfect elsewhere) box
    rep = vot.evaluate_tracker("t", {"s": _run(15)}, {"s": gt}, {"s": (64, 64)}, eao_range=(1, 14))
    # burn-in 10: frames 10..14 averaged, overlaps 1, 1, 0, 0, 1 (the old scoring left 12, 13 out: 1.0)
    assert rep.sequences["s"].accuracy == pytest.approx(3 / 5)
    assert rep.sequences["s"].accuracy_frames == 5
    # one segment to the end: curve(j) = mean of frames 1..j
    expected = (11 * 1.0 + 11 / 12 + 11 / 13 + 12 / 14) / 14
    assert rep.eao == pytest.approx(expected)


def test_a_sequence_without_any_target_counts_zeros():
    """The open question 'a VOT sequence without target counts zeros in EAO': the toolkit does exactly that (every
    tracked box against an empty region is 0), and in accuracy too; its initialisation frame, an empty region
    against an empty groundtruth, has overlap 1 (the curve's length-0 point only)."""
    gt = np.full((12, 4), np.nan)
    rep = vot.evaluate_tracker("t", {"s": _run(12)}, {"s": gt}, {"s": (64, 64)}, eao_range=(1, 11))
    seq = rep.sequences["s"]
    assert seq.accuracy == 0.0 and seq.accuracy_frames == 2  # frames 10, 11 (was NaN over 0 frames)
    assert rep.accuracy == 0.0 and rep.eao == 0.0
    assert rep.curve[0] == 1.0 and np.all(rep.curve[1:] == 0.0)
