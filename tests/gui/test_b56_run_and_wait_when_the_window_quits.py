"""``Job.run_and_wait`` returned None when the application quit while its job ran (``QCoreApplication.exit`` ends every
event loop, its local one too): Segment frame's ``seg, out, dt = ...`` raised a TypeError (said as "p_b56 failed:
TypeError: cannot unpack..."), a live-filter move's pass for another frame took the frame's logits for held and
re-filtered on the GUI thread while the worker's predict still ran on the same segmenter, and an inspector's import
returned as done and was imported again on the GUI thread beside the worker's. No result now raises ``Cancelled``
(as a job let go does), after the job's own end is taken when it had already come (not lost), and the callers stop
there. Each scenario runs in the application's own loop (``qapp.exec``), which the quit ends: ``exit(0)``, as Qt's
quit ends once the windows have closed (``qapp.quit`` would close the test's window first, whose close lets a running
Segment frame go: the other way to no result, tested in test_p53_cancel_a_slow_segment_frame)."""
from __future__ import annotations

import sys
import threading

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QThreadPool, QTimer

from tests.gui.conftest import make_registry
from workbench.core.errors import Cancelled
from workbench.core.methods import SegOutput
from workbench.core.registry import Plugin
from workbench.gui.worker import Job

GATE: dict = {"event": None}


def _quit_during(qapp, qtbot, call, quit_ms: int = 300, before_quit=None) -> dict:
    """``call()`` run from the application's loop; the application quits ``quit_ms`` later (``before_quit()`` first,
    on the GUI thread). Returns {"out": what it returned} or {"exc": what it raised}."""
    outcome: dict = {}

    def go():
        try:
            outcome["out"] = call()
        except BaseException as exc:  # noqa: BLE001 - the test says it
            outcome["exc"] = exc

    def quit_now():
        if before_quit is not None:
            before_quit()
        qapp.exit(0)  # every event loop ends

    QTimer.singleShot(10, go)
    QTimer.singleShot(quit_ms, quit_now)
    qapp.exec()
    return outcome


class _Gated:
    """predict waits for the test's gate (a slow network); refilter notes whether it was called during a predict."""

    name = "p_b56"
    modalities = ("gray",)

    def __init__(self):
        self.logits = None
        self.predicting = False
        self.refilters_during_predict = 0

    def predict(self, frame):
        self.predicting = True
        try:
            gate = GATE["event"]
            if gate is not None:
                gate.wait(5)
            self.logits = np.asarray(frame, np.float32)
            m = self.logits > 100
            return SegOutput(self.logits, m)
        finally:
            self.predicting = False

    def refilter(self, threshold=None, **bounds):
        if self.predicting:
            self.refilters_during_predict += 1
        return SegOutput(self.logits, self.logits > (100 if threshold is None else threshold))


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("p_b56", "segmenter", lambda cfg, device: _Gated(), capabilities=("refilter",)))
    return reg


@pytest.fixture
def gate():
    GATE["event"] = event = threading.Event()
    yield event
    event.set()
    GATE["event"] = None
    Job.wait_all(10000)


def _open_two_frames(w, tmp_path) -> None:
    folder = tmp_path / "frames"
    folder.mkdir()
    for k in range(2):
        f = np.full((24, 32), 10, np.uint8)
        f[4:8, 4 + 4 * k:8 + 4 * k] = 200
        cv2.imwrite(str(folder / f"{k + 1:04d}.png"), f)
    assert w.open_path(folder), w.last_error
    w.methods.select("p_b56")


def test_run_and_wait_raises_cancelled_when_the_application_quits(qapp, qtbot, gate):
    job = Job()
    outcome = _quit_during(qapp, qtbot, lambda: job.run_and_wait(gate.wait, 5))
    assert isinstance(outcome.get("exc"), Cancelled), outcome
    assert job.running  # it runs on: its result is nobody's
    gate.set()
    qtbot.waitUntil(lambda: not job.running, timeout=5000)


def test_run_and_wait_takes_the_result_that_came_before_the_quit(qapp, qtbot, gate):
    """The job returned and its end was queued to the GUI thread in the loop's last pass: its result is returned."""
    job = Job()

    def returns_now():
        gate.set()
        QThreadPool.globalInstance().waitForDone(5000)  # its end queued to this thread, not taken yet

    outcome = _quit_during(qapp, qtbot, lambda: job.run_and_wait(lambda: (gate.wait(5), "the result")),
                           before_quit=returns_now)
    assert outcome == {"out": (True, "the result")}, outcome
    assert not job.running


def test_segment_frame_when_the_window_quits_says_no_error(window, qapp, qtbot, tmp_path, gate, messages):
    w = window
    w.quiet_errors = True
    _open_two_frames(w, tmp_path)
    w.last_error = None
    outcome = _quit_during(qapp, qtbot, lambda: w.segment_frame("p_b56"))
    assert outcome == {"out": None}, outcome
    assert w.last_error is None, w.last_error  # was "p_b56 failed: TypeError: cannot unpack non-iterable NoneType"
    assert not [m for m in messages if m[0] == "critical"], messages
    assert w.segmentation.seg is None or w.segmentation.seg.get(0) is None
    gate.set()
    qtbot.waitUntil(lambda: not w.busy, timeout=5000)


def test_a_filter_pass_the_quit_left_is_not_filtered(window, qapp, qtbot, tmp_path, gate):
    w = window
    w.quiet_errors = True
    _open_two_frames(w, tmp_path)
    gate.set()
    assert w.segment_frame("p_b56") is not None
    seg = w.segmentation.segmenter
    gate.clear()
    w.set_frame(1)
    outcome = _quit_during(qapp, qtbot, lambda: w.refilter_segmentation(50.0))
    assert outcome == {"out": None}, outcome
    assert seg.refilters_during_predict == 0, "re-filtered on the GUI thread while its predict ran on the worker"
    assert w.segmentation._index != 1  # the logits held are not frame 2's
    gate.set()
    qtbot.waitUntil(lambda: not w.busy, timeout=5000)


MODULE = '''
from tests.gui.test_b56_run_and_wait_when_the_window_quits import GATE
import threading

GATE["importers"].append(threading.current_thread())
GATE["event"].wait(5)
'''


def test_an_inspector_import_the_quit_left_is_not_imported_on_the_gui_thread(window, qapp, qtbot, tmp_path, gate,
                                                                              monkeypatch):
    w = window
    name = f"b56_inspector_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    GATE["importers"] = []
    try:
        outcome = _quit_during(qapp, qtbot, lambda: w._import_off_thread(name))
        assert outcome == {"out": False}, outcome  # was True: the caller then imported it itself (``resolve``)
        gate.set()
        Job.wait_all(10000)
        assert [t is threading.main_thread() for t in GATE["importers"]] == [False]
    finally:
        gate.set()
        Job.wait_all(10000)
        sys.modules.pop(name, None)
        GATE.pop("importers", None)
