"""The panel's Save of a review on a full disk (or a project gone read-only): the write's error escaped the button's
slot (the window's 'Unexpected error' and a traceback on the console). Now the panel says it naming the labels
file, the labels file is as it was, and the review's decisions stay in the queue: the next Save writes them."""
from __future__ import annotations

import errno

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")


def _labelled_folder(root, n=4, w=32, h=24):
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    for k in range(n):
        img = np.full((h, w), 50, np.uint8)
        img[10:13, 8 + k:11 + k] = 250
        cv2.imwrite(str(root / "images" / f"{k + 1:06d}.png"), img)
        (root / "labels" / f"{k + 1:06d}.txt").write_text(f"0 {(9.5 + k) / w:.6f} {11.5 / h:.6f} "
                                                           f"{3 / w:.6f} {3 / h:.6f}\n")
    return root


def test_review_saved_on_a_full_disk_is_said_and_kept(qtbot, tmp_path, monkeypatch):
    from workbench.core import atomic
    from workbench_seq_irst.panel import SeqIRSTPanel
    from workbench_seq_irst.project import Project
    from workbench_seq_irst.refine import ReviewItem, ReviewQueue

    pr = Project.create(tmp_path / "proj")
    name = pr.add_sequences(_labelled_folder(tmp_path / "seq"), "train")[0]
    labels = pr.sequence(name).labels
    labels_file = pr.root / "labels" / f"{name}.csv"
    before = labels_file.read_bytes()

    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    panel.project = pr
    q = ReviewQueue([ReviewItem(name, 0, "label", labels[0][0])], {name: labels})
    panel._set_queue(q, "iter_1_refine")
    q.decide(0, "delete")

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "open", full, raising=False)  # every whole-file write of the project fails
    panel.save_review()  # raised out of the button's slot before
    assert str(labels_file) in panel.last_error and "No space left" in panel.last_error
    assert "Save again" in panel.status.text()
    assert labels_file.read_bytes() == before
    assert q.changed == {name}  # the decision is kept

    monkeypatch.delattr(atomic, "open")  # room again: the same Save writes the decision
    panel.save_review()
    assert Project.open(pr.root).sequence(name).labels[0] == []
    assert q.changed == set()
