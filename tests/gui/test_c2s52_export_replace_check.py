"""File > Export of masks (and the other folder exports: plots, result boxes) asked whether any file it would write is
there already by looking at each on the GUI thread: a masks export names a file a segmented frame (20000 frames: ~0.2 s
of stats on a local disk, a round trip to the server each on a network one, the window held meanwhile). They are
looked for on a worker now; the question (default No) is asked on the GUI thread once it answers, and the export
starts only then, with what was chosen."""
from __future__ import annotations

import os
import threading
from pathlib import Path


def _looks_under(monkeypatch, folder) -> list:
    """The GUI thread's looks (Path.exists / is_file / stat, os.stat) at files under ``folder``."""
    looks, gui, base = [], threading.main_thread(), str(folder) + os.sep
    for name in ("exists", "is_file", "stat"):
        real = getattr(Path, name)

        def counted(self, *a, _real=real, _name=name, **k):
            if threading.current_thread() is gui and str(self).startswith(base):
                looks.append((_name, str(self)))
            return _real(self, *a, **k)
        monkeypatch.setattr(Path, name, counted)
    real_stat = os.stat

    def os_stat(p, *a, **k):
        if threading.current_thread() is gui and str(p).startswith(base):
            looks.append(("os.stat", str(p)))
        return real_stat(p, *a, **k)
    monkeypatch.setattr(os, "stat", os_stat)
    return looks


def test_masks_export_looks_for_its_files_off_the_gui_thread(qtbot, window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    import workbench.gui.controllers.export as export

    w = window
    w.open_demo()
    seq = w.sequences.sequence
    frames = {i: object() for i in range(len(seq))}  # a segmentation of every frame
    monkeypatch.setattr(w.exporter, "_seg_frames", lambda: frames)
    written = []

    def fake_write(folder, sequence, got, names=None, bom=False):
        written.append((Path(folder), sequence, len(got), dict(names)))
        return export.Written([Path(folder) / f"{sequence}_targets.csv"])

    monkeypatch.setattr(export, "write_segmentation", fake_write)
    out = tmp_path / "out"
    (out / seq.name / "masks").mkdir(parents=True)
    (out / seq.name / "masks" / "000004.png").write_bytes(b"an earlier export's")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    asked, answer = [], [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text) or answer[0])
    looks = _looks_under(monkeypatch, out)

    w.exporter.export_dialog("masks")
    assert w.exporter.running  # looking for its files: a close asks, a script's wait() waits
    assert w.exporter.wait(10)
    assert looks == [], f"{len(looks)} looks on the GUI thread, e.g. {looks[:3]}"
    assert asked == [f"{out / seq.name / 'masks' / '000004.png'} already exists. Replace it?"]
    assert written == []  # No: nothing written

    answer[0] = QMessageBox.StandardButton.Yes
    w.exporter.export_dialog("masks")
    assert w.exporter.wait(10)
    assert len(asked) == 2 and looks == []
    assert written == [(out, seq.name, len(seq), {i: f"{i + 1:06d}" for i in range(len(seq))})]


def test_window_closed_while_looking_starts_nothing(qtbot, window, monkeypatch, tmp_path):
    """The look answered after quitting (``stop``): no question, no export."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    import workbench.gui.controllers.export as export

    w = window
    w.open_demo()
    monkeypatch.setattr(w.exporter, "_seg_frames", lambda: {0: object()})
    gate, looked, written, asked = threading.Event(), threading.Event(), [], []
    real = export.existing_files

    def held(paths):
        gate.wait(10)
        there = real(paths)
        looked.set()
        return there

    monkeypatch.setattr(export, "existing_files", held)
    monkeypatch.setattr(export, "write_segmentation", lambda *a, **k: written.append(a) or [])
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    (out / f"{w.sequences.sequence.name}_targets.csv").write_text("frame\n")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    w.exporter.export_dialog("masks")
    assert w.exporter.running
    w.exporter.stop()
    gate.set()
    assert w.exporter.wait(10)
    qtbot.waitUntil(looked.is_set, timeout=10000)
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(300, loop.quit)  # the worker's answer delivered meanwhile
    loop.exec()
    assert asked == [] and written == []
    assert len(list(out.iterdir())) == 1  # the targets CSV there before, alone
