"""An IRDST-style set (images/<seq>/ + masks/<seq>/, a mask per frame) opened in the window as a dataset: one row a
sequence, its frames in natural order, its masks and its mask centroids as point labels for the detector. The root
was one image set the window could not open ("images/ holds no images")."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_e53_mask_sequences import N, _mimic


def test_the_window_lists_and_opens_each_sequence_of_a_mask_per_frame_set_and_an_itsdt_set(qtbot, window, tmp_path):
    """The IRDST-style set, then an ITSDT set, in one window (a window each cost more than the checks)."""
    from tests.test_e53_coco_sequences import _itsdt
    from workbench.gui.controllers.detection import point_labels

    w = window
    root = _mimic(tmp_path / "IRDST")
    assert w.open_path(root, as_dataset=True)
    qtbot.waitUntil(lambda: len(w.dataset_entries) == 2, timeout=10000)
    assert [(e.name, e.layout) for e in w.dataset_entries] == [("1", "maskseq"), ("3", "maskseq")]
    w.dataset._open_row(1)
    qtbot.waitUntil(lambda: w.sequence is not None and w.sequence.name == "3", timeout=10000)
    seq = w.sequence
    assert len(seq) == N and Path(seq.meta["mask_files"][9]).name == "10.png"
    assert point_labels(seq)[0] == [(4.0, 9.0, 0)]

    # an ITSDT-15K set: its boxes as points
    assert w.open_path(_itsdt(tmp_path / "ITSDT-15K"), as_dataset=True)
    qtbot.waitUntil(lambda: [e.name for e in w.dataset_entries] == ["1", "58"], timeout=10000)
    assert [(e.name, e.layout) for e in w.dataset_entries] == [("1", "cocoseq"), ("58", "cocoseq")]
    w.dataset._open_row(0)
    qtbot.waitUntil(lambda: w.sequence is not None and w.sequence.name == "1", timeout=10000)
    assert point_labels(w.sequence)[10] == [(25.0, 5.0, 0)] and w.sequence.has_groundtruth


@pytest.mark.parametrize("as_row", [True, False])
def test_a_mask_per_frame_sequence_s_masks_are_read_off_the_gui_thread(qtbot, window, tmp_path, monkeypatch, as_row):
    """Masks are read when first asked for (listing opens every row): the window's opener asks on its worker, so
    showing the frames and their groundtruth reads none on the GUI thread. A guard of the lazy read (E3)."""
    import threading

    import cv2

    w = window
    root = _mimic(tmp_path / "IRDST")
    where = []
    real = cv2.connectedComponentsWithStats
    monkeypatch.setattr(cv2, "connectedComponentsWithStats",
                        lambda *a, **k: where.append(threading.current_thread() is threading.main_thread())
                        or real(*a, **k))
    if as_row:  # a row of the Dataset dock, or the sequence's folder itself
        assert w.open_path(root, as_dataset=True)
        qtbot.waitUntil(lambda: len(w.dataset_entries) == 2, timeout=10000)
        w.dataset._open_row(0)
    else:
        assert w.open_path(root / "images" / "1")
    qtbot.waitUntil(lambda: w.sequence is not None and w.sequence.name == "1", timeout=10000)
    seq = w.sequence
    assert seq.gt_box(N - 1) is not None and seq.meta["point_labels"][N - 1]
    assert len(where) == N and not any(where)  # each mask once, on the opener's worker
