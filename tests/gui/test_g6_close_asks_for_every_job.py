"""Found closing the window during jobs (G6): a segmenter's All frames, a detector run, a video export and a
plugin panel's training (a 20-minute one) were stopped without a word; only a tracker run and an export asked.
Closing now asks once, naming every job that runs and what is kept of it; No keeps the window and the jobs."""
from __future__ import annotations

import threading
import time

import cv2
import numpy as np
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.gui.worker import Job


class _SlowSegmenter:
    modalities = ("gray",)

    def predict(self, frame):
        from workbench.core.methods import SegOutput, Target

        time.sleep(0.05)
        f = np.asarray(frame, np.float32)
        mask = f >= f.max()
        y, x = np.argwhere(mask)[0]
        return SegOutput(f / max(f.max(), 1), mask, [Target((float(x), float(y)), 1, 1.0, (x, y, 1.0, 1.0), 1.0)])


def _training(started: threading.Event, ctx, limit_s: float = 15.0) -> str:
    """A panel's training: epochs until cancelled (or ``limit_s``, so a failing test ends)."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit_s:
        ctx.check()
        ctx.progress(0.3, "epoch 3 of 20")
        started.set()
        time.sleep(0.01)
    return "ran to its end"


def test_close_names_every_job_and_no_keeps_them(qtbot, window, tmp_path, monkeypatch):
    from workbench.core.registry import Plugin

    w = window
    w.registry.add(Plugin("slow_seg", "segmenter", lambda cfg, dev: _SlowSegmenter(), title="Slow seg"))
    w.methods.populate()
    folder = tmp_path / "seq"
    folder.mkdir()
    for i in range(80):
        img = np.zeros((24, 32), np.uint8)
        img[10, 4 + i % 20] = 255
        cv2.imwrite(str(folder / f"{i:04d}.png"), img)
    assert w.open_path(folder), w.last_error
    asked, answers = [], [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a, **k: (asked.append((title, text)), answers.pop(0))[1])
    w.methods.select("slow_seg")
    w.methods.run_all_button.click()
    panel = QWidget(w.methods)  # a plugin panel's widget: no controller owns its job
    job = Job(panel)
    ended = []
    job.errored.connect(ended.append)
    started = threading.Event()
    job.start(_training, started, pass_context=True)
    qtbot.waitUntil(lambda: bool(started.is_set() and job.last_message and w.seg is not None
                                 and len(w.seg.frames) >= 2), timeout=10000)  # (pytest-qt refuses a '' returned)

    assert not w.close()  # No: the window and both jobs stay
    assert len(asked) == 1
    title, text = asked[0]
    assert title == "2 jobs are in progress", title
    assert "Segmentation of all frames (slow_seg): the frames already segmented are saved." in text, text
    assert "epoch 3 of 20" in text and "last checkpoint" in text, text
    assert "No keeps the window open" in text
    assert w.isVisible() and job.running and w.segmentation.running

    assert w.close()  # Yes: both stop
    qtbot.waitUntil(lambda: not job.running and not w.busy, timeout=10000)
    assert len(ended) == 1 and type(ended[0]).__name__ == "Cancelled"
    assert 2 <= len(w.seg.frames) < 80
