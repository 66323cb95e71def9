"""A NUDT-MIRSDT root's sequence folders were scanned (and every one probed) by each reader one command asks (the
dataset listing, the SIRST-style reader, the mask / box scorers' tests): once a version of the root now, found again
when a sequence folder is added."""
import os

import cv2
import numpy as np

from workbench.core.data import mirsdt, mirsdt_dirs
from workbench.core.data.sirst import mirsdt_sequences, open_sirst
from workbench.core.evaluation.irst_boxes import box_sequences


def _sequence(root, name, n=2):
    for sub in ("images", "masks", "masks_centroid"):
        (root / name / sub).mkdir(parents=True)
        for k in range(1, n + 1):
            a = np.full((16, 16), 30, np.uint8) if sub == "images" else np.zeros((16, 16), np.uint8)
            a[5:8, 5:8] = 255
            cv2.imwrite(str(root / name / sub / f"{k:05d}.png"), a)


def test_the_root_is_scanned_once_by_every_reader_until_it_changes(tmp_path, monkeypatch):
    root = tmp_path / "NUDT-MIRSDT"
    for name in ("Sequence1", "Sequence2"):
        _sequence(root, name)
    scans = []
    real = mirsdt_dirs.subfolders
    monkeypatch.setattr(mirsdt_dirs, "subfolders", lambda p: scans.append(p) or real(p))
    assert [p.name for p in mirsdt_sequences(root)] == ["Sequence1", "Sequence2"]
    assert box_sequences(root) == []  # (mask-scored)
    assert [e.name for e in mirsdt.list_root(root)] == ["Sequence1", "Sequence2"]
    assert len(open_sirst(root)) == 4
    assert [p.name for p in mirsdt_sequences(root)] == ["Sequence1", "Sequence2"]
    assert scans.count(root) == 1, scans
    _sequence(root, "Sequence3")
    st = root.stat()
    os.utime(root, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # (a coarse clock: the folder's new version)
    assert [e.name for e in mirsdt.list_root(root)] == ["Sequence1", "Sequence2", "Sequence3"]
    assert scans.count(root) == 2
