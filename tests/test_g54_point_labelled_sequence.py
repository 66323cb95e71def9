"""``sequence.point_labelled``: the shared end of cocoseq's and maskseq's ``open`` (a sequence named as its folder,
labelled by points, its split in ``meta`` only where the set names one)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.core.data.sequence import ArrayFrames, Sequence, point_labelled


class Sub(Sequence):
    pass


def test_point_labelled_names_marks_and_splits():
    frames = ArrayFrames(2, lambda i: np.zeros((4, 5), np.uint8))
    gt = np.full((2, 4), np.nan)
    meta = {"layout": "x", "point_labels": [[], []]}
    seq = point_labelled(Sub, Path("/sets/a/images/seq7"), frames, "gray", gt, meta, "test")
    assert type(seq) is Sub and seq.name == "seq7" and seq.path == Path("/sets/a/images/seq7")
    assert seq.frames is frames and seq.modality == "gray" and seq.groundtruth is gt
    assert seq.meta is meta and meta["split"] == "test" and seq.attributes == {"points": True}
    assert "points" in seq.tags()
    plain = point_labelled(Sequence, Path("b"), frames, "rgb", None, {}, None)
    assert "split" not in plain.meta and plain.groundtruth is None and plain.modality == "rgb"
    assert point_labelled(Sequence, Path("b"), frames, "gray", None, {}, "").meta == {}  # no split named
