"""Session 51 leftovers (T1): labels.csv read like the other box files; segment's results of a video named by
its stem; eval's malformed result file said once, as skipped, not also as missing."""
from __future__ import annotations

import pytest

from workbench.core.data.irseq import TARGET, Label, read_labels, write_labels
from workbench.core.errors import DataError


def test_utf16_labels_csv_is_read_and_bad_bytes_are_named(tmp_path):
    labs = [[Label(0, 10.5, 12.25, 3, 3, TARGET)], []]
    utf8 = write_labels(tmp_path / "labels.csv", labs)
    utf16 = tmp_path / "labels16.csv"
    utf16.write_bytes(utf8.read_text(encoding="utf-8").encode("utf-16"))  # Notepad's "Unicode", with its BOM
    assert read_labels(utf16, 2) == labs
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"# caf\xe9\n0,1,2,3,3,target\n")
    with pytest.raises(DataError, match="UTF-8") as exc:
        read_labels(latin, 2)
    assert "latin.csv" in str(exc.value)


def _sequence(folder, x0: int, n: int = 5) -> str:
    import cv2
    import numpy as np

    (folder / "img").mkdir(parents=True)
    for i in range(n):
        img = np.full((40, 48), 30, np.uint8)
        img[10:20, x0 + i:x0 + i + 10] = 220
        cv2.imwrite(str(folder / "img" / f"{i + 1:04d}.jpg"), img)
    gt = "".join(f"{x0 + i},10,10,10\n" for i in range(n))
    (folder / "groundtruth.txt").write_text(gt)
    return gt


def test_eval_says_a_malformed_file_once_as_skipped_not_as_missing(tmp_path, capsys):
    from workbench.cli import main
    from workbench.core import results as R

    root, out = tmp_path / "ds", tmp_path / "res"
    run = R.run_dir(out, "kcf", "default", "ds")
    run.mkdir(parents=True, exist_ok=True)
    for seq, x0 in (("s1", 5), ("s2", 12), ("s3", 20)):
        gt = _sequence(root / seq, x0)
        if seq != "s3":  # s3: no result file at all, still said as missing
            (run / f"{seq}.txt").write_text(gt if seq == "s1" else "x,y,w,h\n")
            R.update_manifest(run, {"method": "kcf", "variant": "default", "boxes": R.FILE_FRAME}, seq,
                              {"completed": True})
    assert main(["eval", str(out), "--dataset", str(root)]) == 0
    err = capsys.readouterr().err
    assert f"{run / 's2.txt'}" in err and "not scored" in err, err
    (missing,) = [ln for ln in err.splitlines() if "has no results for" in ln]
    assert "s3" in missing and "s2" not in missing, err
