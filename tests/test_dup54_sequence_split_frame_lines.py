"""A mask-per-frame sequence set's split (IRDST / TSIRMT: ``images/<seq>/`` + ``masks/<seq>/``) and NUDT-MIRSDT's
split were read by two rules (``sirst._sequence_split`` and ``frame_line_key``): the sequence set's now reads its
frame lines by ``frame_line_key``. DTUM's ``<seq>/<frame>`` lines, with or without an image suffix or a backslash,
and TSIRMT's sequence names give the names they gave; a ``.mat`` or ``<seq>/Mix/<frame>.mat`` line (NUDT-MIRSDT's
published split) names its frame as the MIRSDT reader names it. Tiny generated mimics, no real data."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def _set(root: Path, seqs=("252", "Sequence002"), n=3) -> Path:
    for seq in seqs:
        for i in range(1, n + 1):
            for d, v in (("images", 60), ("masks", 0)):
                (root / d / seq).mkdir(parents=True, exist_ok=True)
                img = np.full((12, 12), v, np.uint8)
                img[4 + i, 5] = 255
                cv2.imwrite(str(root / d / seq / f"{i}.png"), img)
    return root


def test_sequence_split_lines_read_as_frame_line_key(tmp_path):
    from workbench.core.data.sirst import _sequence_split, frame_line_key

    root = _set(tmp_path / "IRDST")
    split = tmp_path / "split.txt"
    lines = ["252/2", "252/3.png", "252\\1.PNG", "Sequence002", "Sequence002/2.png", "252/2.bmp", "252/1.5",
             "252/3.mat", "252/Mix/1.mat", "# a comment", ""]
    split.write_text("\n".join(lines) + "\n")
    names = _sequence_split(split, root / "images")
    # a sequence's name: its frames in natural order; every other line: the frame frame_line_key names
    assert names == ["252/2", "252/3", "252/1", "Sequence002/1", "Sequence002/2", "Sequence002/3", "252/1.5"]
    assert all(frame_line_key(ln.replace("\\", "/")) in names for ln in lines if "/" in ln or "\\" in ln)


def test_tsirmt_names_and_dtum_lines_open_the_same_frames(tmp_path):
    from workbench.core.data.sirst import open_sirst

    root = _set(tmp_path / "TSIRMT")
    (root / "ImageSets").mkdir()
    (root / "ImageSets" / "val_new.txt").write_text("Sequence002\n")
    assert open_sirst(root, "val_new").names == ["Sequence002/1", "Sequence002/2", "Sequence002/3"]
    (root / "img_idx").mkdir()
    (root / "img_idx" / "test_x.txt").write_text("252/2.png\r\n252\\3\r\nSequence002/Mix/1.mat\r\n")
    ds = open_sirst(root, "test_x")
    assert ds.names == ["252/2", "252/3", "Sequence002/1"]
    assert ds.items[0].mask_path == root / "masks" / "252" / "2.png" and ds.mask(0).sum() == 1
