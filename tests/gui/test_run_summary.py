"""The Methods dock's run status after a run of several trackers names every tracker of the run, the
failed ones first with their reason: it named only the last tracker ("siamfcpp: 21 frames, 12 fps on
CPU; saved to ..."), and a tracker that failed before it was left only in the transient status bar.
The line is kept to a few lines of the dock (cut with "…"), each tracker's end in full in its tooltip."""
from __future__ import annotations

import pytest

from tests.gui.conftest import FakeConfig, FakeTracker, make_registry, near_the_end, shown_window

LONG = "the tracker's weights are missing: " + "see the plugin's README for where to get them; " * 12


class LongFailure(FakeTracker):
    def track(self, frame):
        raise RuntimeError(LONG)


@pytest.fixture
def window(qtbot, messages):
    from workbench.core.registry import Plugin

    reg = make_registry()
    reg.add(Plugin("longboom", "tracker", lambda cfg, device: LongFailure("longboom", cfg), title="Long boom",
                   config=FakeConfig))
    yield from shown_window(qtbot, reg, size=(1366, 768))


def _run(qtbot, w, names):
    w.methods.set_checked(names)
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=30000)
    qtbot.waitUntil(lambda: w.methods.run_status.text() != "", timeout=5000)


def _lines(label) -> int:
    """How many lines the label's text takes in the label, word-wrapped to its width."""
    n = round(label.heightForWidth(label.width()) / label.fontMetrics().lineSpacing())
    assert n > 0, label.heightForWidth(label.width())
    return n


def test_final_status_names_every_tracker_of_the_run(qtbot, window):
    w = window
    w.open_demo()
    near_the_end(w)
    _run(qtbot, w, ["fake", "boom", "fake_b"])
    assert [w.runner.runs[k].status for k in ("fake", "boom", "fake_b")] == ["done", "error", "done"]
    text, tip = w.methods.run_status.text(), w.methods.run_status.toolTip()
    # the failure first, with its reason; the trackers that finished after it are named too
    assert text.startswith("boom failed: RuntimeError: fake tracker exploded on purpose"), text
    assert "fake, fake_b done" in text, text
    assert _lines(w.methods.run_status) <= 3
    # the tooltip: each tracker's end in full (frames, fps, device, folder; the error)
    assert tip.splitlines()[0] == "Last run, 3 trackers:"
    assert any(t.startswith("fake: ") and "saved to" in t for t in tip.splitlines()), tip
    assert any(t.startswith("fake_b: ") and "saved to" in t for t in tip.splitlines()), tip
    assert "boom: failed — RuntimeError: fake tracker exploded on purpose" in tip


def test_cancelled_run_names_the_tracker_cancelled_and_those_not_run(qtbot, window):
    w = window
    w.open_demo()
    w.methods.set_checked(["fake", "fake_slow", "longboom"])
    assert w.run_selected()
    assert w.runner.planned == ["fake", "fake_slow", "longboom"]  # the Methods list's order
    qtbot.waitUntil(lambda: "fake_slow" in w.runner.runs and w.runner.runs["fake_slow"].last >= 3, timeout=20000)
    w.cancel_run()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    text, tip = w.methods.run_status.text(), w.methods.run_status.toolTip()
    assert text.startswith("fake_slow cancelled after ") and "(partial, saved)" in text, text
    assert text.endswith(" · fake done · longboom not run"), text
    assert "longboom: not run" in tip and "fake_slow: cancelled after" in tip


def test_long_failure_is_cut_to_the_dock_and_whole_in_the_tooltip(qtbot, window):
    w = window
    w.open_demo()
    near_the_end(w)
    _run(qtbot, w, ["fake", "longboom", "fake_b"])
    label = w.methods.run_status
    text = label.text()
    assert text.startswith("longboom failed: RuntimeError: the tracker's weights are missing"), text
    assert "fake, fake_b done" in text, text  # the reason is cut, not the other trackers
    assert len(text) < 200 and _lines(label) <= 3
    assert LONG.strip() in label.toolTip()
    # one tracker: its end as before (frames, fps, device, folder) in a few more lines, the whole of it
    # in the tooltip if cut
    _run(qtbot, w, ["longboom"])
    assert label.text().startswith("longboom #2: failed — RuntimeError: the tracker's weights")
    assert label.text().endswith("…") and 3 < _lines(label) <= 6
    assert LONG.strip() in label.toolTip()
    _run(qtbot, w, ["fake"])
    assert label.text().startswith("fake/default-run2: ") and "saved to" in label.text() and label.toolTip() == ""


def test_status_refits_when_the_dock_is_resized(qtbot, window):
    w = window
    w.open_demo()
    near_the_end(w)
    _run(qtbot, w, ["longboom"])
    label = w.methods.run_status
    before = label.text()
    assert before.endswith("…")
    w.methods.setFloating(True)
    w.methods.resize(1000, w.methods.height())
    qtbot.waitUntil(lambda: label.text() != before, timeout=5000)
    assert len(label.text()) > len(before) and _lines(label) <= 6  # more of it where there is room
    wide = label.text()
    w.methods.resize(260, w.methods.height())
    qtbot.waitUntil(lambda: label.text() != wide, timeout=5000)
    assert len(label.text()) < len(before) and _lines(label) <= 6
    assert LONG.strip() in label.toolTip()
    # another kind of text in the label (a detector's, a new sequence's) is not cut, nor given our tooltip
    label.setText("something else entirely")
    w.methods.resize(500, w.methods.height())
    qtbot.wait(50)
    assert label.text() == "something else entirely"
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(label, QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 2), label.mapToGlobal(QPoint(2, 2))))
    assert label.toolTip() == ""
