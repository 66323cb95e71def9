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


def _sirst(root, names, size=(40, 32)):
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    for k, n in enumerate(names):
        img = np.full((size[1], size[0]), 30, np.uint8)
        img[10:13, 10 + k % 5:13 + k % 5] = 250
        cv2.imwrite(str(root / "images" / f"{n}.png"), img)
        cv2.imwrite(str(root / "masks" / f"{n}.png"), np.where(img > 200, 255, 0).astype(np.uint8))


def test_split_names_of_dnanet_and_basicirstd_layouts_are_found(tmp_path):
    from workbench.core.data.sirst import open_sirst, resolve_split
    from workbench.core.errors import DataError
    import pytest

    nudt = tmp_path / "NUDT-SIRST"  # DNANet: 50_50/train.txt, 50_50/test.txt
    _sirst(nudt, [f"{k:06d}" for k in range(1, 7)])
    (nudt / "50_50").mkdir()
    (nudt / "50_50" / "train.txt").write_text("000001\n000002\n000003\n000004\n")
    (nudt / "50_50" / "test.txt").write_text("000005\n000006\n")
    assert open_sirst(nudt, "test").names == ["000005", "000006"]
    assert open_sirst(nudt, "50_50/train").names == ["000001", "000002", "000003", "000004"]
    basic = tmp_path / "NUAA-SIRST"  # BasicIRSTD: img_idx/test_NUAA-SIRST.txt
    _sirst(basic, ["Misc_1", "Misc_2", "Misc_3"])
    (basic / "img_idx").mkdir()
    (basic / "img_idx" / "test_NUAA-SIRST.txt").write_text("Misc_3\n")
    (basic / "img_idx" / "train_NUAA-SIRST.txt").write_text("Misc_1\nMisc_2\n")
    assert open_sirst(basic, "test").names == ["Misc_3"]
    assert open_sirst(basic, "train").names == ["Misc_1", "Misc_2"]
    two = tmp_path / "two"  # DNANet's NUAA-SIRST ships idx_320/ and idx_427/: which one is the user's to say
    _sirst(two, ["a", "b"])
    for d in ("idx_320", "idx_427"):
        (two / d).mkdir()
        (two / d / "test.txt").write_text("a\n")
    with pytest.raises(DataError, match="idx_320/test.txt, idx_427/test.txt"):
        resolve_split(two, "test")
