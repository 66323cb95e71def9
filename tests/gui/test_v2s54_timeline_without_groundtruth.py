"""On a sequence without groundtruth (a video, a plain folder, a cube without a box file) the Timeline showed
"IoU with groundtruth" with the hint "No run on this sequence has IoU with groundtruth yet: a method's run draws
it here", still said after a tracker's run had finished (that run has no IoU to draw, ever): the timeline is told
whether the sequence has groundtruth and, without, says IoU and centre error cannot be drawn and where the
tracker's score is."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.gui.conftest import make_registry, shown_window


@pytest.fixture
def w(qtbot):
    yield from shown_window(qtbot, make_registry(), (1366, 768))


def _hint(w) -> str:
    return w.timeline.none_hint.text() if w.timeline.none_hint.isVisibleTo(w.timeline) else ""


def test_a_video_says_it_has_no_groundtruth_before_and_after_a_run_and_the_demo_waits_for_one(w, qtbot, tmp_path):
    from workbench.gui.runner import LiveRun

    vid = tmp_path / "v.avi"
    out = cv2.VideoWriter(str(vid), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for i in range(6):
        out.write(np.full((48, 64, 3), 20 * i, np.uint8))
    out.release()
    assert w.open_path(vid)
    qtbot.waitUntil(lambda: w.n_frames == 6, timeout=4000)
    assert not w.sequence.has_groundtruth
    w.timeline.show()
    w.timeline.raise_()
    assert w.timeline.shown() == ("tracking", "iou")
    assert _hint(w).startswith("No groundtruth here") and "Tracker score" in _hint(w), _hint(w)

    run = LiveRun("kcf", w.sequence.name, w.n_frames, 0)  # a tracker's run, finished
    run.boxes[:] = [10, 10, 10, 10]
    run.scores[:] = 0.5
    run.last, run.status = w.n_frames - 1, "done"
    w.tracking.live["kcf"] = run
    w.tracking.runs_changed()
    qtbot.waitUntil(lambda: "kcf" in w.timeline._by_kind.get("tracking", ({},))[0], timeout=3000)
    w.timeline._redraw()
    assert "No run" not in _hint(w) and _hint(w).startswith("No groundtruth here"), _hint(w)
    assert w.timeline.show_metric("tracking", "error")
    assert _hint(w).startswith("No groundtruth here"), _hint(w)
    assert w.timeline.show_metric("tracking", "score")  # the score is drawn: no word over it
    assert _hint(w) == ""
    # then a sequence with groundtruth, in this window (a window of its own cost more than the check)
    _with_groundtruth_the_hint_waits_for_a_run(w, qtbot)


def _with_groundtruth_the_hint_waits_for_a_run(w, qtbot):
    assert w.open_demo()
    assert "kcf" not in w.tracking.live  # the video's run is not the demo's
    qtbot.waitUntil(lambda: w.n_frames > 1, timeout=4000)
    assert w.sequence.has_groundtruth
    w.timeline.show()
    w.timeline.raise_()
    w.timeline.show_metric("tracking", "iou")
    w.timeline._redraw()
    assert _hint(w).startswith("No run on this sequence has IoU"), _hint(w)
