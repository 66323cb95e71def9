"""A user's own data in `workbench train seq_irst`: LOSO's sequences follow train's rule for videos without
labels, and a damaged --init is said before the crop set is cut (tiny generated files)."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core.errors import DataWarning, WorkbenchError


def _video(path: Path, n=5, size=(16, 16)):
    path.parent.mkdir(parents=True, exist_ok=True)
    vw = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, size, False)
    if not vw.isOpened():
        pytest.skip("OpenCV cannot write MJPG AVI here")
    for i in range(n):
        vw.write(np.full((size[1], size[0]), 40 + 10 * i, np.uint8))
    vw.release()
    return path


def _labelled(path: Path, seed=1):
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence

    return save_irseq(make_sequence(seed, width=16, height=16, frames=4, flicker_rate=0), path)


def test_loso_leaves_out_videos_without_labels(tmp_path):
    """`train seq_irst --loso --root R` listed a video without labels as a sequence of its group: trained on as
    frames without any target, or held out and scored with nothing. Now the rule of `train --data`: left out
    with a warning beside labelled sequences, a root of such videos alone refused naming the video."""
    from workbench_seq_irst.loso import discover

    a, b = tmp_path / "a", tmp_path / "b"
    _labelled(a / "seq1")
    _video(a / "clip.avi")
    _labelled(b / "seq2", seed=2)
    with pytest.warns(DataWarning, match=r"left out, clip\.avi has no labels"):
        groups = discover([a, b])
    assert groups == {"a": [a / "seq1"], "b": [b / "seq2"]}

    only = tmp_path / "c"
    _video(only / "other.avi")
    with pytest.raises(WorkbenchError, match=r"no labelled sequence here: other\.avi has no labels"):
        discover([b, only])
