"""Picking a sequence's frames folder (OTB / LaSOT ``img/``, VOT ``color/``) in the folder dialog, one
level too deep, opens that sequence with its groundtruth: it opened as a sequence named "img" without
groundtruth (nothing scored, its runs saved as "img")."""
from __future__ import annotations

import numpy as np

from workbench.core.data.detect import open_sequence


def _otb(root, name="walker", frames=6):
    import cv2

    d = root / name
    (d / "img").mkdir(parents=True)
    for i in range(frames):
        cv2.imwrite(str(d / "img" / f"{i + 1:04d}.jpg"), np.full((48, 64), 40 + 10 * i, np.uint8))
    (d / "groundtruth_rect.txt").write_text("\n".join(["11,11,10,10"] * frames))
    return d


def _vot(root, name="book", frames=5):
    import cv2

    d = root / name
    (d / "color").mkdir(parents=True)
    for i in range(frames):
        cv2.imwrite(str(d / "color" / f"{i + 1:08d}.jpg"), np.full((40, 50, 3), 60 + 5 * i, np.uint8))
    (d / "groundtruth.txt").write_text("\n".join(["10,10,20,10,20,20,10,20"] * frames))
    return d


def test_frames_folder_opens_its_sequence(tmp_path):
    otb, vot = _otb(tmp_path), _vot(tmp_path)
    for seq_dir, sub, name in ((otb, "img", "walker"), (vot, "color", "book")):
        seq = open_sequence(seq_dir / sub)
        assert seq.name == name and seq.has_groundtruth and len(seq) == len(list((seq_dir / sub).iterdir()))
        assert seq.meta["opened_as"] == str(seq_dir / sub)
    # a plain folder of frames without a labelled parent stays itself
    plain = tmp_path / "plain" / "img"
    plain.mkdir(parents=True)
    import cv2

    for i in range(3):
        cv2.imwrite(str(plain / f"{i}.png"), np.zeros((8, 8), np.uint8))
    seq = open_sequence(plain)
    assert seq.name == "img" and not seq.has_groundtruth


def test_window_opening_img_folder_scores_the_sequence(qtbot, window, messages, tmp_path):
    d = _otb(tmp_path / "data")
    assert window.open_path(d / "img"), window.last_error
    assert window.sequence.name == "walker" and window.sequence.has_groundtruth
    assert window.seq_path == d  # its runs belong to the sequence (dataset "data"), not to "walker"
    assert "frames folder" in window.statusBar().currentMessage()
    assert window.run_selected(["fake"])
    qtbot.waitUntil(lambda: not window.runner.running, timeout=20000)
    assert [r.tracker for r in window.scoring.reports] == ["fake"]
    assert not [m for m in messages if m[0] == "critical"], messages
