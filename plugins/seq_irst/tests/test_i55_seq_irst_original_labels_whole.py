"""A sequence's first edited labels keep its labels file as ``<name>.original.csv`` (the labels to go back to).
That copy was shutil.copyfile straight onto the name: a full disk mid-copy left half a file there, and as the
original is only written while none exists, the half file stayed the 'original' for good. Now the copy is whole
or not at all (atomic.atomic_copy), the error names the file, and the next save writes the original whole."""
from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import full_disk

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


def test_original_labels_copy_is_whole_or_absent(tmp_path, monkeypatch):
    from workbench.core.errors import WorkbenchError
    from workbench_seq_irst.project import Project

    pr = Project.create(tmp_path / "proj")
    name = pr.add_sequences(_labelled_folder(tmp_path / "seq"), "train")[0]
    orig = pr.root / "labels" / f"{name}.original.csv"
    current = pr.root / "labels" / f"{name}.csv"
    orig.unlink()  # a project whose original went (an older layout, removed by hand): it is copied at the next edit
    before = current.read_bytes()
    labels = pr.sequence(name).labels
    edited = [[] for _ in labels]

    disk = full_disk(monkeypatch, orig.parent, room=20)  # the copy's writes fill the disk after 20 bytes
    with pytest.raises(WorkbenchError) as e:
        pr.set_labels(name, edited)
    assert str(orig) in str(e.value) and "No space left" in str(e.value)
    assert not orig.exists()  # no half 'original' kept for good
    assert current.read_bytes() == before  # the labels as they were
    assert not [p.name for p in current.parent.iterdir() if p.name.endswith(".tmp")]

    disk.room = 10**9  # the disk has room again: the next save writes the original whole
    pr.set_labels(name, edited)
    assert orig.read_bytes() == before
    assert Project.open(pr.root).original_labels(name) == labels
