"""What the window says belongs to what it is about (QA walk, F2):

- after a detector run that failed, a segmenter selected and its Segment frame: the Targets dock listed
  "<detector>: frame 3 not detected" (as if the detector had looked) in place of the segmenter's targets,
  and the Run panel's bar still read the detector's "failed" under the segmenter's fresh line;
- another method selected kept the last method's bar and line ("cancelled — partial results kept" under a
  detector), and a new run kept the last run's end line in the status bar ("Run cancelled: …");
- a long method title widened the Methods column (the frame view jumped), and the bottom dock tabs were
  cut to "Time…", "Tar…" at 1280x720;
- Run was enabled for a tracker without its initial box (a modal "No initial box" when clicked)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTabBar

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.registry import Plugin

from .conftest import FakeConfig, FakeTracker, shown_window
from .test_rerun_keeps_earlier import Pace, PaceConfig, paced_registry


class BrokenDetector:
    modalities = ("gray", "ir16")

    def window(self, index, n):
        return [index]

    def detect_frames(self, frames, index):
        raise RuntimeError("this detector breaks on purpose")


class PacedTracker(FakeTracker):
    """The fake tracker, each frame paced: a run held at a frame is cancelled while it surely still goes (a run of
    6 frames at 0.03 s each could end before the cancel landed on a loaded machine: 'done', not 'cancelled')."""

    def __init__(self, name, cfg, pace: Pace):
        super().__init__(name, cfg)
        self.pace = pace

    def track(self, frame):
        self.pace.step()
        return super().track(frame)


@pytest.fixture
def pace():
    return Pace()


@pytest.fixture
def f2_window(qtbot, messages, pace):
    reg = paced_registry(pace)
    reg.add(Plugin("fake_slow", "tracker", lambda cfg, device: PacedTracker("fake_slow", cfg, pace), title="Fake slow",
                   config=FakeConfig))
    reg.add(Plugin("brokendet", "detector", lambda cfg, device: BrokenDetector(),
                   title="A detector whose title is long enough to widen the dock", config=PaceConfig))
    yield from shown_window(qtbot, reg, (1280, 720))


@pytest.fixture
def seq_path(tmp_path):
    return save_irseq(make_sequence(seed=3, frames=6, width=64, height=48), tmp_path / "seq")


def test_each_method_shows_its_own_run_state(qtbot, f2_window, pace, seq_path, messages):
    w = f2_window
    assert w.open_path(seq_path)
    w.methods.select("brokendet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy and w.methods.progress.format() == "failed", timeout=20000)
    assert w.statusBar().currentMessage().startswith("Run failed: brokendet")
    assert any(m[1] == "brokendet failed" for m in messages)

    w.methods.select("paceseg")  # its own state: it never ran; the detector's end line leaves the status bar
    assert (w.methods.progress.format(), w.methods.run_status.text()) == ("idle", "")
    assert w.statusBar().currentMessage() == ""
    w.set_frame(1)
    assert w.run_selected()  # Segment frame
    assert w.methods.progress.format() == "frame 2 segmented"
    assert w.methods.run_status.text().startswith("paceseg: frame 2 in")
    assert w.targets.summary.text().endswith("paceseg, frame 2") and w.targets.table.rowCount() == 1
    w.set_frame(2)  # the segmenter's, not the failed detector's "frame 3 not detected"
    assert w.targets.summary.text() == "paceseg: frame 3 not segmented."

    w.methods.select("brokendet")  # back: the detector's own state, and a failed run is said failed
    assert w.methods.progress.format() == "failed"
    assert w.methods.run_status.text().startswith("brokendet: failed — ")
    assert w.targets.summary.text() == "brokendet: the run failed before its first frame; nothing was detected."
    w.methods.select("paceseg")
    assert w.methods.progress.format() == "frame 2 segmented"

    w.methods.select("fake_slow")  # a tracker run cancelled, then another method, then a new run
    w.set_init((20.0, 15.0, 8.0, 8.0), start=0)
    pace.hold(2)  # frame 1 tracked, the run waits at the next until the cancel is given
    try:
        assert w.run_selected(["fake_slow"])
        qtbot.waitUntil(lambda: pace.held.is_set() and w.live.get("fake_slow") is not None
                        and w.live["fake_slow"].last >= 1, timeout=20000)
        w.cancel_run()
    finally:
        pace.release()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert w.methods.progress.format() == "cancelled — partial results kept"
    assert w.statusBar().currentMessage().startswith("Run cancelled: ")
    w.methods.select("pacedet")
    assert (w.methods.progress.format(), w.methods.run_status.text()) == ("idle", "")
    w.methods.select("fake_slow")
    assert w.methods.progress.format() == "cancelled — partial results kept"
    assert w.run_selected(["fake_slow"])
    assert not w.statusBar().currentMessage().startswith("Run cancelled")  # not this run's
    w.cancel_run()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)


def test_the_methods_column_keeps_its_width_tabs_keep_their_titles_and_run_needs_a_box(qtbot, f2_window, seq_path):
    w = f2_window
    assert w.open_path(seq_path)
    w.methods.select("fake")
    qtbot.waitUntil(lambda: w.methods.width() > 0)
    before = w.methods.width()
    w.methods.select("brokendet")
    run = w.methods.run_button
    assert run.text() == "Run A detector whose title is long enough to widen the dock"
    qtbot.waitUntil(lambda: run.shown_text() != run.text())  # cut to the room it has, said whole in its tooltip
    assert w.methods.minimumSizeHint().width() <= before and w.methods.width() == before
    from PySide6.QtWidgets import QPushButton

    assert QPushButton.toolTip(run).splitlines()[0] == run.text()  # on screen: the label whole, then the tip
    assert run.toolTip().startswith("Detect with A detector")
    bars = [b for b in w.findChildren(QTabBar) if b.parent() is w and b.isVisible()]
    assert bars and all(b.elideMode().name == "ElideNone" and b.usesScrollButtons() for b in bars)
    _run_greyed_without_the_initial_box(w)


def _run_greyed_without_the_initial_box(w):
    """(In the window of the test above, its sequence open: a window each cost more than the checks.)"""
    w.methods.select("fake")
    if w.sequence.gt_box(w.start_frame) is not None:  # a sequence without a box to start from
        import dataclasses

        w.set_sequence(dataclasses.replace(w.sequence, groundtruth=None))
    assert not w.methods.run_button.isEnabled() and not w.act_run.isEnabled()
    assert w.methods.run_button.toolTip().startswith("Draw the initial box on frame 1")
    w.set_init((20.0, 15.0, 8.0, 8.0))
    assert w.methods.run_button.isEnabled()
