"""The Timeline's "Precision so far" of a detector run was 0 over the frames before its first detection, where the
batch scorer (``evaluation.detection``) has it undefined (None: no detections, 0 / 0). The running series is NaN
there (a gap in the curve, nothing in the readout) and agrees with the batch scorer at every frame."""
from __future__ import annotations

import numpy as np

from workbench.core.evaluation.detection import score_detections
from workbench.core.evaluation.running import RunningDetection

NONE = np.empty((0, 2))
FRAMES = [(NONE, [], [(5, 5, 0)]),  # a target, nothing detected: P undefined, R 0, F1 0
          (NONE, [], []),
          (np.array([[5.0, 6.0]]), [0.9], [(5, 5, 0)]),  # found
          (np.array([[30.0, 30.0]]), [0.8], [])]  # a false alarm


def test_precision_so_far_is_undefined_before_the_first_detection():
    run = RunningDetection(len(FRAMES), [f[2] for f in FRAMES])
    for i, (pts, sc, _labs) in enumerate(FRAMES):
        run.add(i, pts, sc)
    s = run.series()
    assert np.isnan(s["precision"][:2]).all() and s["recall"][0] == 0.0 and s["f1"][0] == 0.0
    for i in range(len(FRAMES)):
        batch = score_detections(FRAMES[:i + 1]).as_dict()
        for key in ("precision", "recall", "f1"):
            got = s[key][i]
            assert (np.isnan(got) if batch[key] is None else abs(got - batch[key]) < 1e-12), (i, key, got, batch)


def test_nothing_labelled_nothing_detected_has_no_scores_yet():
    run = RunningDetection(2, [[], []])
    run.add(0, NONE, [])
    s = run.series()
    assert np.isnan(s["precision"][0]) and np.isnan(s["recall"][0]) and np.isnan(s["f1"][0])
    assert run.summary()["f1"] is None
