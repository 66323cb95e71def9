"""``vot.open`` reads a sequence's groundtruth file once for its regions, masks and boxes (it read it two or three
times: ``read_regions``, ``read_boxes`` in it, ``file_regions``). A box file is read once more by
``groundtruth.read_boxes``, whose parser takes only a path."""
from __future__ import annotations

import builtins
import io
import os

import cv2
import numpy as np
import pytest

from workbench.core.data import vot

N = 3


def _sequence(root, lines):
    (root / "color").mkdir(parents=True)
    for i in range(N):
        cv2.imwrite(str(root / "color" / f"{i + 1:08d}.jpg"), np.full((16, 16, 3), 40 * i, np.uint8))
    (root / "groundtruth.txt").write_text("\n".join(lines) + "\n")
    return root


def _gt_reads(monkeypatch):
    """Every opening of a ``groundtruth.txt`` (``Path.read_text`` / ``open`` go through ``io.open``)."""
    reads, orig = [], io.open

    def counted(file, *a, **kw):
        if isinstance(file, (str, os.PathLike)) and os.fspath(file).endswith(vot.GT_FILE):
            reads.append(file)
        return orig(file, *a, **kw)

    monkeypatch.setattr(io, "open", counted)
    monkeypatch.setattr(builtins, "open", counted)
    return reads


@pytest.mark.parametrize("lines, reads_wanted", [
    (["m1,1,3,3,0,9"] * N, 1),  # masks: one read serves the masks, boxes and regions
    (["1,1,5,5", "1,1,4,1,4,4,1,4", "0"], 2),  # boxes and a polygon: + read_boxes' own read
])
def test_open_reads_the_groundtruth_file_once(tmp_path, monkeypatch, lines, reads_wanted):
    root = _sequence(tmp_path / "seq", lines)
    reads = _gt_reads(monkeypatch)
    seq = vot.open(root)
    assert len(reads) == reads_wanted
    assert len(seq.groundtruth) == N and len(seq.regions) == N
    if reads_wanted == 1:
        assert seq.groundtruth[0] == pytest.approx([1, 1, 3, 3]) and seq.masks.read(0).sum() == 9
    else:
        assert seq.groundtruth[1] == pytest.approx([1, 1, 3, 3]) and np.isnan(seq.groundtruth[2]).all()
        assert seq.regions[2] is None and seq.regions[1] is not None
