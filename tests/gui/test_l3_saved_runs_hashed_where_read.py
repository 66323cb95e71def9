"""Found in the L3 pass: the key a saved run's scores are kept under (``scoring.saved_score_key``) hashed the run's
boxes and read its file's time on the GUI thread, for every saved run of a sequence opened (a 20000-frame
sequence: 3.4 ms a run). Both are worked out where the file is read (``tracking.read_saved_runs``, on the
opener's worker) and carried by the run; the key is the same as before."""
from __future__ import annotations

import threading

import numpy as np

from workbench.core.data.synthetic import write_demo
from workbench.core.results import write_boxes
from workbench.gui import settings as wsettings
from workbench.gui.controllers import scoring


def test_saved_runs_boxes_are_hashed_off_the_gui_thread(qtbot, window, tmp_path, monkeypatch):
    seq = write_demo(tmp_path, frames=6, width=48, height=40, name="short")
    gt = np.loadtxt(seq / "groundtruth_rect.txt", delimiter=",")
    for k in range(3):
        write_boxes(wsettings.results_dir() / f"old{k}" / "short.txt", gt + [k + 1.0, 0.0, 0.0, 0.0])
    hashed = []  # (rows, on the GUI thread)
    real = scoring._digest
    monkeypatch.setattr(scoring, "_digest", lambda a: (
        hashed.append((len(np.asarray(a)), threading.current_thread() is threading.main_thread())), real(a))[1])
    w = window
    w.plots.show()
    assert w.open_path(seq)
    qtbot.waitUntil(lambda: not w.scoring.running and len(w.plots.legend_texts()) >= 3, timeout=5000)
    assert sorted(w.live) == ["old0", "old1", "old2"]
    on_gui = [rows for rows, main in hashed if main]
    # the groundtruth's and its attributes' (sequence_score_key), once; and the 3 runs' boxes before
    assert len(on_gui) <= 1 + len(w.sequence.attributes or {})
    assert sum(1 for _rows, main in hashed if not main) >= 3  # the runs' boxes, as they were read
    for name, r in w.live.items():  # the same key as worked out on the spot
        assert r.file_id == scoring.saved_file_id(r.saved_to, r.boxes)
