"""Public datasets in their published layouts, pointed at the CLI (generated frames, tmp_path only)."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.cli import main


def _frames(folder, n, size=(64, 48), pattern="{:08d}.jpg", dtype=np.uint8):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        img = rng.integers(0, 60, (size[1], size[0])).astype(np.uint8)
        img[20:30, 20 + i:30 + i] = 220
        if dtype == np.uint16:
            img = img.astype(np.uint16) * 64 + 3000
        cv2.imwrite(str(folder / pattern.format(i + 1)), img)


def test_got10k_test_split_first_box_only_is_not_scored_as_a_perfect_run(tmp_path, capsys):
    split = tmp_path / "GOT-10k" / "test"
    for k in (1, 2):
        seq = split / f"GOT-10k_Test_{k:06d}"
        _frames(seq, 6)
        (seq / "groundtruth.txt").write_text("20.0,20.0,10.0,10.0\n")
    (split / "list.txt").write_text("GOT-10k_Test_000001\nGOT-10k_Test_000002\n")
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--dataset", str(split), "--out", str(out)]) == 0
    capsys.readouterr()
    # the only box is the one each run starts from: a score would be the initial box against itself
    assert main(["eval", str(out), "--dataset", str(split)]) == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert "no sequence with groundtruth" in last and "one frame only" in last and "GOT-10k_Test_000001" in last
    assert "AUC" not in err
