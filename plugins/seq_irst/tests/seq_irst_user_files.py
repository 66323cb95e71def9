"""A user's own files for the seq_irst tests: a video without labels beside it, a small labelled sequence
folder (tiny, generated)."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest


def unlabelled_video(path: Path, n=5, size=(16, 16)) -> Path:
    """An MJPG AVI of ``n`` flat grey frames, with no label file (the test is skipped where OpenCV cannot write it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    vw = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, size, False)
    if not vw.isOpened():
        pytest.skip("OpenCV cannot write MJPG AVI here")
    for i in range(n):
        vw.write(np.full((size[1], size[0]), 40 + 10 * i, np.uint8))
    vw.release()
    return path


def labelled_sequence(path: Path, seed=1) -> Path:
    """A 4-frame 16x16 synthetic sequence saved as frames/ + labels.csv."""
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence

    return save_irseq(make_sequence(seed, width=16, height=16, frames=4, flicker_rate=0), path)
