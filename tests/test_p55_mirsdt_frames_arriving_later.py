"""``mirsdt_dirs.sequence_paths`` kept its answer while the root's mtime stayed, but whether a folder is a sequence
(``probe``) turns on its ``images/`` two levels down: a sequence whose frames arrived after the first listing (a copy
still going) stayed missing for the whole window session. Its folders are probed again when one of them changes."""
import os

import cv2
import numpy as np

from workbench.core.data import mirsdt_dirs


def _sequence(root, name, n=2):
    for sub in ("images", "masks", "masks_centroid"):
        (root / name / sub).mkdir(parents=True)
        for k in range(1, n + 1):
            cv2.imwrite(str(root / name / sub / f"{k:05d}.png"), np.full((16, 16), 30, np.uint8))


def _touch(folder):  # a coarse clock: the folder's new version said outright
    st = folder.stat()
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


def test_a_sequence_whose_frames_arrive_later_is_found(tmp_path, monkeypatch):
    root = tmp_path / "NUDT-MIRSDT"
    _sequence(root, "Sequence1")
    _sequence(root, "Sequence2", n=0)  # its folders made, no frame yet
    scans = []
    real = mirsdt_dirs.subfolders
    monkeypatch.setattr(mirsdt_dirs, "subfolders", lambda p: scans.append(p) or real(p))
    assert [p.name for p in mirsdt_dirs.sequence_paths(root)] == ["Sequence1"]
    root_version = root.stat().st_mtime_ns
    cv2.imwrite(str(root / "Sequence2" / "images" / "00001.png"), np.full((16, 16), 30, np.uint8))
    _touch(root / "Sequence2" / "images")
    assert root.stat().st_mtime_ns == root_version  # (the root itself did not change)
    assert [p.name for p in mirsdt_dirs.sequence_paths(root)] == ["Sequence1", "Sequence2"]  # the old code: Sequence1
    assert scans.count(root) == 1  # the root's listing is still read once a version of it
    assert [p.name for p in mirsdt_dirs.sequence_paths(root)] == ["Sequence1", "Sequence2"]
