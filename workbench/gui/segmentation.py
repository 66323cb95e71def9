"""Segmenters in the window: a worker that segments a whole sequence (one event per frame, Cancel
between frames), the per-frame results kept for scrubbing, and the target table dock.

Knows segmenters only through the ``Segmenter`` protocol (``predict(frame) -> SegOutput``); a
segmenter that also has ``refilter(threshold=None, **bounds)`` can be re-filtered live by a panel."""
from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)
from superqt.utils import create_worker

from workbench.core.errors import Cancelled, WorkbenchError
from workbench.core.jobs import JobContext
from workbench.core.methods import SegOutput

SEG_BUDGET_BYTES = 512 * 2**20  # saliency maps kept for scrubbing back; beyond it only the latest frames


def compact(out: SegOutput) -> SegOutput:
    """A copy small enough to keep per frame: float16 saliency, bool mask."""
    return SegOutput(saliency=np.asarray(out.saliency, np.float16), mask=np.asarray(out.mask, bool),
                     targets=list(out.targets))


@dataclass
class SegResults:
    """Segmentation results of the open sequence by frame index (latest frames kept within a budget)."""

    label: str
    n: int
    frames: dict[int, SegOutput] = field(default_factory=dict)
    seconds: dict[int, float] = field(default_factory=dict)
    _bytes: int = 0

    def put(self, i: int, out: SegOutput, seconds: float | None = None) -> SegOutput:
        out = compact(out)
        size = out.saliency.nbytes + out.mask.nbytes
        old = self.frames.pop(i, None)
        if old is not None:
            self._bytes -= old.saliency.nbytes + old.mask.nbytes
        while self.frames and self._bytes + size > SEG_BUDGET_BYTES:
            k = min(self.frames)
            o = self.frames.pop(k)
            self._bytes -= o.saliency.nbytes + o.mask.nbytes
        self.frames[i] = out
        self._bytes += size
        if seconds is not None:
            self.seconds[i] = seconds
        return out

    def get(self, i: int) -> SegOutput | None:
        return self.frames.get(i)

    @property
    def fps(self) -> float:
        t = sum(self.seconds.values())
        return len(self.seconds) / t if t > 0 else float("nan")


def describe(exc: BaseException) -> str:
    if isinstance(exc, WorkbenchError):
        return str(exc)
    tb = traceback.extract_tb(exc.__traceback__)
    where = f" (in {Path(tb[-1].filename).name}:{tb[-1].lineno})" if tb else ""
    return f"{type(exc).__name__}: {exc}{where}"


def segment_events(plugin, config, device: str, frames, indices: list[int], ctx: JobContext):
    """The worker's generator: ``("ready", segmenter)``, then ``("frame", i, SegOutput, frame, seconds)``
    per frame; ``("cancelled", n_done)`` or ``("error", message)`` when it stops early."""
    try:
        seg = plugin.create(config, device)
    except Exception as exc:  # noqa: BLE001 - a plugin's bug must not end the app
        yield ("error", describe(exc))
        return
    yield ("ready", seg)
    done = 0
    try:
        for i in indices:
            ctx.check()
            frame = frames.read(i)
            t0 = time.perf_counter()
            out = seg.predict(frame)
            dt = time.perf_counter() - t0
            done += 1
            yield ("frame", i, compact(out), frame, dt)
            ctx.progress(done / max(len(indices), 1), f"{done} / {len(indices)}")
    except Cancelled:
        yield ("cancelled", done)
    except Exception as exc:  # noqa: BLE001
        yield ("error", describe(exc))


class SegRunner(QObject):
    """One segmentation worker at a time; signals arrive on the GUI thread."""

    sigReady = Signal(object)  # the worker's segmenter (adopted by the window when the run ends)
    sigFrame = Signal(int, object, object, float)  # index, SegOutput, frame, seconds
    sigEnded = Signal(str, str)  # status (done | cancelled | error), message

    def __init__(self, parent=None):
        super().__init__(parent)
        self.worker = None
        self.ctx: JobContext | None = None
        self.segmenter = None
        self._status = ("done", "")

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, plugin, config, device: str, frames, indices: list[int]) -> None:
        if self.worker is not None:
            raise RuntimeError("a segmentation is already running")
        self.ctx = JobContext()
        self.segmenter = None
        self._status = ("done", "")
        self.worker = create_worker(segment_events, plugin, config, device, frames, list(indices), self.ctx,
                                    _start_thread=False)
        self.worker.yielded.connect(self._on_event)
        self.worker.errored.connect(lambda exc: self._set_status("error", describe(exc)))
        self.worker.finished.connect(self._on_finished)
        self.worker.start()

    def cancel(self) -> None:
        if self.ctx is not None:
            self.ctx.cancel()

    def _set_status(self, status: str, msg: str) -> None:
        self._status = (status, msg)

    def _on_event(self, ev) -> None:
        kind = ev[0]
        if kind == "ready":
            self.segmenter = ev[1]
            self.sigReady.emit(ev[1])
        elif kind == "frame":
            _, i, out, frame, dt = ev
            self.sigFrame.emit(i, out, frame, dt)
        elif kind == "cancelled":
            self._set_status("cancelled", f"cancelled after {ev[1]} frames")
        elif kind == "error":
            self._set_status("error", ev[1])

    def _on_finished(self) -> None:
        self.worker = None
        status, msg = self._status
        self.sigEnded.emit(status, msg)


MAX_ROWS = 1000  # a threshold far too low makes thousands of noise components: list the first ones
COLUMNS = ("#", "x", "y", "pixels", "aspect", "box (x, y, w, h)", "score")


class TargetsDock(QDockWidget):
    """The clustered targets of the frame on screen: centroid, pixel size, aspect ratio, box, score.
    Clicking a row centres the view on that target."""

    sigCentre = Signal(float, float, object)  # x, y, box

    def __init__(self, parent=None):
        super().__init__("Targets", parent)
        self.setObjectName("targets_dock")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        self.summary = QLabel("No segmentation yet: select a segmenter in Methods and run it.")
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(True)
        self.table.cellClicked.connect(self._on_click)
        lay.addWidget(self.table, 1)
        self.setWidget(body)
        self.targets: list = []

    def set_targets(self, targets, note: str = "") -> None:
        self.targets = list(targets or [])
        shown = self.targets[:MAX_ROWS]
        self.table.setUpdatesEnabled(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # resizing per item is quadratic
        self.table.setRowCount(len(shown))
        for r, t in enumerate(shown):
            x, y = t.centroid
            bx = ", ".join(f"{v:.0f}" for v in t.box)
            vals = (str(r + 1), f"{x:.1f}", f"{y:.1f}", str(int(t.pixels)), f"{t.aspect_ratio:.2f}", bx,
                    f"{t.score:.3f}" if np.isfinite(t.score) else "–")
            for c, v in enumerate(vals):
                item = QTableWidgetItem(v)
                if c != 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        hh.setStretchLastSection(True)
        self.table.setUpdatesEnabled(True)
        n = len(self.targets)
        more = f" (table shows the first {MAX_ROWS})" if n > MAX_ROWS else ""
        self.summary.setText(f"<b>{n}</b> target{'s' if n != 1 else ''}{more}" + (f" · {note}" if note else ""))

    def clear(self, text: str = "") -> None:
        self.targets = []
        self.table.setRowCount(0)
        self.summary.setText(text or "No segmentation of this frame.")

    def _on_click(self, row: int, _col: int) -> None:
        if 0 <= row < len(self.targets):
            t = self.targets[row]
            self.sigCentre.emit(float(t.centroid[0]), float(t.centroid[1]), tuple(t.box))
