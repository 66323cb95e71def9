"""DAUB sequences as users hold them (session 51, helper L): a ``frames/`` folder where the BMP originals were
converted to PNG in place (each frame under two files), and an ``anno_xy.txt`` saved by Notepad as "Unicode"."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from workbench.core.data.images import write_image
from workbench.core.data.irseq import open_irseq

N = 7
REAL_DAUB = Path("/work/shared/data/irst/daub/sequence1")


def _points(n: int = N) -> list[tuple[int, int]]:
    return [(3 + 2 * i, 20 - i) for i in range(n)]


def _daub(root: Path, suffixes=(".png",), encoding: str = "utf-8") -> Path:
    """A DAUB folder of N 32x24 frames, each frame's target a bright pixel at its anno_xy.txt point; every frame
    also written under each of ``suffixes`` (the same pixels), as a folder converted in place holds it."""
    (root / "frames").mkdir(parents=True)
    for i, (x, y) in enumerate(_points()):
        img = np.full((24, 32), 10, np.uint8)
        img[y, x] = 250
        for suf in suffixes:
            write_image(root / "frames" / f"{i + 1:04d}{suf}", img)
    text = "".join(f"{x}\t{y}\n" for x, y in _points())
    (root / "anno_xy.txt").write_bytes(text.encode(encoding))
    return root


def _centres(seq) -> list[tuple[float, float]]:
    return [(labs[0].cx, labs[0].cy) for labs in seq.labels]


def test_frames_under_two_suffixes_read_once_and_the_file_named(tmp_path):
    seq = open_irseq(_daub(tmp_path / "seq", (".bmp", ".png")))
    assert len(seq) == N  # was 2N: 0001.bmp, 0001.png, 0002.bmp ... each a frame
    assert _centres(seq) == [(float(x), float(y)) for x, y in _points()]
    for i, (x, y) in enumerate(_points()):  # each label lies on its own frame's target
        assert seq.frame(i)[y, x] == 250
    warned = " ".join(seq.meta["warnings"])
    assert "0001.png" in warned and "0001.bmp" in warned and "each read once" in warned
    assert "missing frame" not in warned and "label lines for" not in warned


def test_frames_under_one_suffix_say_nothing(tmp_path):
    seq = open_irseq(_daub(tmp_path / "seq"))
    assert len(seq) == N and seq.meta["warnings"] == []


def test_utf16_anno_xy_read_as_its_utf8_twin(tmp_path):
    twin = open_irseq(_daub(tmp_path / "utf8"))
    seq = open_irseq(_daub(tmp_path / "utf16", encoding="utf-16"))  # BOM first, as Notepad's "Unicode"
    assert seq.labelled and _centres(seq) == _centres(twin)
    assert seq.meta["warnings"] == []


@pytest.mark.skipif(not REAL_DAUB.is_dir(), reason=f"real DAUB sequence not here ({REAL_DAUB})")
def test_real_daub_converted_in_place_keeps_its_labels(tmp_path):
    import cv2

    seq_dir = tmp_path / "sequence1"
    (seq_dir / "frames").mkdir(parents=True)
    pngs = sorted((REAL_DAUB / "frames").glob("*.png"))[:19]
    for p in pngs:
        shutil.copy(p, seq_dir / "frames" / p.name)
        cv2.imwrite(str(seq_dir / "frames" / f"{p.stem}.bmp"), cv2.imread(str(p), cv2.IMREAD_GRAYSCALE))
    lines = (REAL_DAUB / "anno_xy.txt").read_text().splitlines(keepends=True)[:19]
    (seq_dir / "anno_xy.txt").write_text("".join(lines))
    both = open_irseq(seq_dir)
    for p in pngs:
        (seq_dir / "frames" / f"{p.stem}.bmp").unlink()
    alone = open_irseq(seq_dir)
    assert len(both) == len(alone) == 19
    assert _centres(both) == _centres(alone)
