"""A NUDT-MIRSDT sequence held only as ``Mix/<k>.mat`` stacks (what DTUM's loader reads) had no frame bytes in the
training-data fingerprint (its frame source has ``.mat`` files, not ``paths``): a ``--resume`` over other ``.mat``
stacks with the same masks was taken for the same data. Its ``.mat`` files are hashed as image frames are."""
from __future__ import annotations

import cv2
import h5py
import numpy as np

from workbench.core.data.irseq import open_irseq
from workbench_seq_irst.fingerprint import data_fingerprint


def _mix_sequence(root, n=4, level=100.0):
    seq = root / "Sequence5"
    stack = []
    for k in range(1, n + 1):
        img = np.full((24, 32), level)
        img[10:13, 2 + 3 * k:5 + 3 * k] = 250.0
        mask = np.zeros((24, 32), np.uint8)
        mask[10:13, 2 + 3 * k:5 + 3 * k] = 255
        stack.append(img)
        (seq / "masks").mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(seq / "masks" / f"{k:05d}.png"), mask)
        (seq / "Mix").mkdir(exist_ok=True)
        with h5py.File(seq / "Mix" / f"{k:05d}.mat", "w") as f:  # MAT v7.3: HDF5, axes reversed
            f["Mix"] = np.stack(stack[-3:]).T
    return seq


def test_mix_stacks_are_in_the_fingerprint(tmp_path):
    seq_dir = _mix_sequence(tmp_path)
    seq = open_irseq(seq_dir)
    assert type(seq.frames).__name__ == "MixFrames" and len(seq) == 4
    assert seq.frame(0)[11, 6] == 250
    before = data_fingerprint([(seq, None)])
    assert before["bytes"] >= sum(p.stat().st_size for p in (seq_dir / "Mix").iterdir())  # the files were read
    assert data_fingerprint([(open_irseq(seq_dir), None)])["sha256"] == before["sha256"]  # same files, same print

    _mix_sequence(tmp_path, level=90.0)  # other frames, the same masks (labels) and names
    after = data_fingerprint([(open_irseq(seq_dir), None)])
    assert after["sha256"] != before["sha256"]
