"""``vot.open`` reads a sequence's groundtruth file once for its regions, masks and boxes (it read it two or three
times: ``read_regions``, ``read_boxes`` in it, ``file_regions``; then a box file twice, ``groundtruth.read_boxes``
taking only a path: its parser is ``groundtruth.parse_boxes`` now, given the text read)."""
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
    (["1,1,5,5", "1,1,4,1,4,4,1,4", "0"], 1),  # boxes and a polygon: the same one read
])
def test_open_reads_the_groundtruth_file_once(tmp_path, monkeypatch, lines, reads_wanted):
    root = _sequence(tmp_path / "seq", lines)
    reads = _gt_reads(monkeypatch)
    seq = vot.open(root)
    assert len(reads) == reads_wanted
    assert len(seq.groundtruth) == N and len(seq.regions) == N
    if lines[0].startswith("m"):
        assert seq.groundtruth[0] == pytest.approx([1, 1, 3, 3]) and seq.masks.read(0).sum() == 9
    else:
        assert seq.groundtruth[1] == pytest.approx([1, 1, 3, 3]) and np.isnan(seq.groundtruth[2]).all()
        assert seq.regions[2] is None and seq.regions[1] is not None


def test_open_names_a_groundtruth_file_that_is_not_text_or_is_gone(tmp_path):
    """The one read is ``groundtruth.read_text``'s: its messages, not a raw OSError or a silently replaced byte."""
    from workbench.core.errors import DataError

    root = _sequence(tmp_path / "seq", ["1,1,5,5"] * N)
    (root / "groundtruth.txt").write_bytes(b"1,1,5,5\n\xff\xfe,1,5,5\n1,1,5,5\n")
    with pytest.raises(DataError, match="not a text file") as e:
        vot.open(root)
    assert e.value.path == root / "groundtruth.txt"
    (root / "groundtruth.txt").unlink()
    with pytest.raises(DataError, match="groundtruth file is missing"):
        vot.open(root)
