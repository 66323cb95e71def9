"""File > Export's Detections (CSV) and Targets table (CSV) wrote their file on the GUI thread (a whole run's
detections, a slow or network disk: the window held), while the other exports there are written on a worker.
They are taken as shown when asked for, written on a worker, and said in the status bar once written."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from workbench.core.methods import DetectOutput
from workbench.core.registry import Plugin

from .conftest import make_registry, shown_window


class _Detector:
    """A point at each frame's labelled target."""

    name = "o55det"
    modalities = ("gray", "ir16")

    def __init__(self, centres):
        self.centres = centres

    def window(self, index, n):
        return [index]

    def detect_frames(self, frames, index):
        cx, cy = self.centres[index]
        return DetectOutput(np.array([[cx, cy]]), np.array([0.9]), np.array([[cx - 1.5, cy - 1.5, 3.0, 3.0]]),
                            np.array([0]), ("target",))


@pytest.fixture
def labelled(tmp_path):
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence

    seq = make_sequence(seed=3, frames=8, width=64, height=48)
    return save_irseq(seq, tmp_path / "irdata" / "o55_seq"), seq


@pytest.fixture
def det_window(qtbot, messages, labelled):
    centres = labelled[1].centres()
    reg = make_registry()
    reg.add(Plugin("o55det", "detector", lambda cfg, device: _Detector(centres), title="O55 detector"))
    yield from shown_window(qtbot, reg)


def test_detections_and_targets_csv_written_on_a_worker(qtbot, det_window, labelled, tmp_path, monkeypatch, messages):
    from PySide6.QtWidgets import QFileDialog

    import workbench.core.csvtable as csvtable
    from workbench.core.results import read_detections

    w = det_window
    assert w.open_path(labelled[0]) and w.methods.select("o55det") and w.run_selected()
    qtbot.waitUntil(lambda: not w.busy and w.detections is not None and len(w.detections.outputs) == 8,
                    timeout=20000)
    on_gui = []
    real = csvtable.write_csv

    def write_csv(*a, **k):
        on_gui.append(threading.current_thread() is threading.main_thread())
        return real(*a, **k)

    monkeypatch.setattr(csvtable, "write_csv", write_csv)
    chosen = {}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(chosen["path"]), "")))
    chosen["path"] = tmp_path / "out" / "dets.csv"
    chosen["path"].parent.mkdir()
    w.exporter.export_dialog("detections")
    assert w.exporter.wait(20)
    assert on_gui == [False], on_gui  # written, on a worker
    assert len(read_detections(chosen["path"], 8)) == 8
    assert w.statusBar().currentMessage().startswith("Exported 1 file(s) to "), w.statusBar().currentMessage()

    w.set_frame(4)
    chosen["path"] = tmp_path / "out" / "targets.csv"
    w.exporter.export_dialog("targets")
    assert w.exporter.wait(20)
    assert on_gui == [False, False], on_gui
    rows = chosen["path"].read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 2, rows  # the header and the frame's one detection
    assert not [m for m in messages if m[0] == "critical"], messages
