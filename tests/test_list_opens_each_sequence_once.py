"""`workbench list --dataset` opens each sequence once: the listing opened every entry, then opened it again
to print it, so every reader's per-frame checks on open (ENVI data files, HOT mosaic headers, frame
counts of 1500-frame LaSOT folders) were done twice."""
import cv2
import numpy as np

from workbench.cli import main


def test_each_sequence_opened_once(tmp_path, monkeypatch, capsys):
    from workbench.core.data import otb

    root = tmp_path / "OTB"
    for name in ("Basketball", "Bolt", "Car4"):
        (root / name / "img").mkdir(parents=True)
        for i in range(3):
            cv2.imwrite(str(root / name / "img" / f"{i + 1:04d}.jpg"), np.zeros((24, 32, 3), np.uint8))
        (root / name / "groundtruth_rect.txt").write_text("2,3,10,10\n" * 3)
    opened = []
    real = otb.open
    monkeypatch.setattr(otb, "open", lambda path, *a, **k: opened.append(path.name) or real(path, *a, **k))
    assert main(["list", "--dataset", str(root)]) == 0
    out = capsys.readouterr().out
    assert "3 sequence(s)" in out and "Car4" in out
    assert sorted(opened) == ["Basketball", "Bolt", "Car4"], opened
