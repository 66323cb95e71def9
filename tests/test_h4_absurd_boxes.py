"""A result file's absurd box (1e308: a tracker that diverged, a file of another tool) is scored as a miss
without numpy's RuntimeWarning lines (file:line: overflow encountered) on the command's output."""
from __future__ import annotations

import warnings

import numpy as np

from workbench.core.boxes import center_error, iou, normalized_center_error


def test_absurd_boxes_score_as_misses_without_warnings():
    gt = np.array([[10.0, 10.0, 20.0, 20.0]] * 2)
    res = np.array([[1e308, 1e308, 1e308, 1e308], [-1e308, 1e308, 1e308, 1e308]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning fails the test
        assert iou(res, gt).tolist() == [0.0, 0.0]
        assert np.all(center_error(res, gt) > 1e300)
        assert np.all(normalized_center_error(res, gt) > 1e300)
