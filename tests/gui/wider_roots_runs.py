"""The set-up of the window tests of runs made over a wider root (``run --dataset ROOT/data``) holding a sequence
opened alone: the sequence's own root and another dataset's root of the same generic name (data/) holding a
same-named sequence, kcf run over each."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def sequence(d: Path, n: int = 6) -> Path:
    """A ``n``-frame sequence at ``d``: a bright 16x16 block moving right, its groundtruth beside it."""
    d.mkdir(parents=True)
    rows = []
    for i in range(n):
        img = np.full((48, 64), 20, np.uint8)
        x = 10 + i
        img[16:32, x:x + 16] = 220
        cv2.imwrite(str(d / f"{i + 1:08d}.jpg"), img)
        rows.append(f"{x},16,16,16")
    (d / "groundtruth.txt").write_text("\n".join(rows) + "\n")
    return d


def runs_over_two_data_roots(tmp_path: Path, results: Path) -> Path:
    """``tmp_path/a/data/grp/seqA`` (returned) and another dataset's ``tmp_path/b/data/grp/seqA``, kcf run over
    each root into ``results``: a's with its defaults, b's with padding=2, both stored under ``data``."""
    from workbench.cli import main

    mine = sequence(tmp_path / "a" / "data" / "grp" / "seqA")
    sequence(tmp_path / "b" / "data" / "grp" / "seqA")
    assert main(["run", "--dataset", str(tmp_path / "a" / "data"), "--tracker", "kcf", "--out", str(results)]) == 0
    assert main(["run", "--dataset", str(tmp_path / "b" / "data"), "--tracker", "kcf", "--set", "padding=2",
                 "--out", str(results)]) == 0
    return mine
