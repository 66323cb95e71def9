"""Found in the G pass: the key a sequence's saved runs' scores are kept under (``scoring.sequence_score_key``:
its groundtruth and attributes hashed) was worked out on the GUI thread once per sequence opened, while the
runs' own keys (``saved_file_id``) were already worked out on the opener's worker. Both are worked out
there now (``tracking.read_saved_runs``); the key is the same as before."""
from __future__ import annotations

import threading

import numpy as np

from workbench.core.data.synthetic import write_demo
from workbench.core.results import write_boxes
from workbench.gui import settings as wsettings
from workbench.gui.controllers import scoring


def test_sequence_key_hashed_off_the_gui_thread(qtbot, window, tmp_path, monkeypatch):
    seq = write_demo(tmp_path, frames=6, width=48, height=40, name="keyed")
    gt = np.loadtxt(seq / "groundtruth_rect.txt", delimiter=",")
    write_boxes(wsettings.results_dir() / "old" / "keyed.txt", gt + [1.0, 0.0, 0.0, 0.0])
    keyed = []  # on the GUI thread?
    real = scoring.sequence_score_key
    monkeypatch.setattr(scoring, "sequence_score_key", lambda s: (
        keyed.append(threading.current_thread() is threading.main_thread()), real(s))[1])
    w = window
    w.plots.show()
    assert w.open_path(seq)
    qtbot.waitUntil(lambda: not w.scoring.running and len(w.plots.legend_texts()) >= 1, timeout=5000)
    assert sorted(w.live) == ["old"]
    assert keyed and not any(keyed), keyed  # worked out, and only on the worker
    assert w.scoring._seq_key[0] is w.sequence and w.scoring._seq_key[1] == real(w.sequence)  # the same key
    # the sequence opened again (another object): its kept reports are forgotten as before, its runs scored again
    assert w.open_path(seq)
    qtbot.waitUntil(lambda: not w.scoring.running and len(w.plots.legend_texts()) >= 1, timeout=5000)
    assert not any(keyed) and w.scoring._seq_key[0] is w.sequence
