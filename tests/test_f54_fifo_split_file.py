"""FIFOs where files are read (found by the session-54 fuzzer, hangs > 20 s on tiny inputs): one named as a
mask-per-frame set's split file (``train_new.txt``) held every opening of the set's sequences, reading it waits for a
writer that never comes; split files are files, the FIFO is passed over. A result file that is one held eval."""
from __future__ import annotations

import os
import signal

import cv2
import numpy as np
import pytest


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(signal, "SIGALRM"), reason="no FIFOs / alarms here")
def test_a_fifo_split_file_does_not_hold_the_opening(tmp_path):
    from workbench.core.data.detect import open_dataset

    for seq in ("1", "3"):
        for i in range(3):
            m = np.zeros((12, 16), np.uint8)
            m[4:6, 4 + i:6 + i] = 255
            for d, a in (("images", np.full((12, 16), 40 + i, np.uint8)), ("masks", m)):
                (tmp_path / d / seq).mkdir(parents=True, exist_ok=True)
                cv2.imwrite(str(tmp_path / d / seq / f"{i + 1}.png"), a)
    (tmp_path / "val_new.txt").write_text("3\n")
    os.mkfifo(tmp_path / "train_new.txt")

    class Hung(Exception):  # not an OSError: the readers pass over those
        pass

    def hung(*_):
        raise Hung("opening the set waited on the FIFO")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(5)
    try:
        seqs = {e.name: e.open() for e in open_dataset(tmp_path)}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert sorted(seqs) == ["1", "3"] and seqs["3"].meta.get("split") == "val_new"


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(signal, "SIGALRM"), reason="no FIFOs / alarms here")
def test_a_fifo_result_file_is_a_data_error_not_a_wait(tmp_path):
    """A results folder's <seq>.txt that is a FIFO held ``workbench eval`` (read_result_boxes waited on it)."""
    from workbench.core.errors import DataError
    from workbench.core.results import read_result_boxes

    os.mkfifo(tmp_path / "Crossing.txt")

    class Hung(Exception):
        pass

    def hung(*_):
        raise Hung("reading the result file waited on the FIFO")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(5)
    try:
        with pytest.raises(DataError) as err:
            read_result_boxes(tmp_path / "Crossing.txt")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert "Crossing.txt" in str(err.value) and "not a regular file" in str(err.value)
