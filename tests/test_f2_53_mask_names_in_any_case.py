"""A mask named in another case than the patterns (``x_pixels0.Png``): the mask-per-frame sequences found it in
their folder's listing, the SIRST-style reader and the ``masks`` layout did not (on Linux "no mask ... read as
unlabelled", or the image skipped). One lookup (``sirst.MaskFinder``) for all: exact names first, then any case,
one listing of each folder (no stat an image)."""
from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np

from workbench.core.data import masks, sirst
from workbench.core.data.maskseq import frame_masks
from workbench.core.data.sirst import MaskFinder, find_mask, open_sirst


def _set(root, names: dict[str, str]) -> None:
    """images/<stem>.png + masks/<mask name> for each {stem: mask name} (None: no mask)."""
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    for stem, mask_name in names.items():
        img = np.zeros((16, 16), np.uint8)
        img[4:7, 4:7] = 200
        cv2.imwrite(str(root / "images" / f"{stem}.png"), img)
        if mask_name:
            (root / "masks" / mask_name).write_bytes(cv2.imencode(".png", (img > 0).astype(np.uint8) * 255)[1])


def test_the_masks_layout_and_the_sirst_reader_find_a_mask_in_another_case(tmp_path):
    _set(tmp_path, {"w": "w_pixels0.png", "x": "x_pixels0.Png", "y": "y.PNG", "z": None})
    seq = masks.open(tmp_path)
    got = dict(zip([Path(p).stem for p in seq.frames.paths], seq.meta["mask_files"]))
    assert got["x"] == tmp_path / "masks" / "x_pixels0.Png", got
    assert got["y"] == tmp_path / "masks" / "y.PNG"
    assert got["z"] is None
    assert [w for w in seq.meta["warnings"] if "no mask for 1 of 4" in w], seq.meta["warnings"]

    ds = open_sirst(tmp_path)
    assert {it.name: it.mask_path.name for it in ds.items} == {"w": "w_pixels0.png", "x": "x_pixels0.Png",
                                                                    "y": "y.PNG"}
    assert ds.mask(ds.names.index("x")).sum() == 9
    assert find_mask(tmp_path / "masks", "x") == tmp_path / "masks" / "x_pixels0.Png"


def test_exact_names_come_first_and_a_folder_is_listed_once(tmp_path, monkeypatch):
    d = tmp_path / "masks"
    (d / "seq").mkdir(parents=True)
    for name in ("a.PNG", "a_mask.png", "b.Bmp", "seq/1.Png", "seq/2.png"):
        (d / name).write_bytes(b"")
    (d / "c.png").mkdir()  # a folder is no mask
    listed = []
    scandir = os.scandir

    def counted(path):
        listed.append(str(path))
        return scandir(path)

    monkeypatch.setattr(sirst.os, "scandir", counted)
    find = MaskFinder(d)
    # a.PNG: an upper-case suffix is one of the exact spellings, before the next pattern's a_mask.png
    assert [find(n) for n in ("a", "b", "c", "seq/1", "seq/2", "seq/3")] == [
        d / "a.PNG", d / "b.Bmp", None, d / "seq" / "1.Png", d / "seq" / "2.png", None]
    assert sorted(listed) == sorted([str(d), str(d / "seq")]), listed

    listed.clear()
    frames = [tmp_path / "images" / "seq" / f"{i}.png" for i in range(1, 4)]
    got, said = frame_masks(tmp_path / "images" / "seq", d / "seq", frames)
    assert got == [d / "seq" / "1.Png", d / "seq" / "2.png", None] and len(listed) == 1, (got, listed)
    assert said and "no mask for 1 of 3 frames (first 3.png)" in said[0]
