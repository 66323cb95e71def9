"""A run's end line decided "no frame tracked after the first box" on a non-finite speed, so frames tracked in
times summing to 0 (nan fps) were said untracked; it decides on the frames done (the first box's alone: none
tracked) and says such a speed could not be timed."""
from types import SimpleNamespace

from workbench.gui.controllers.tracking import TrackingController


def _line(done, fps):
    run = SimpleNamespace(label="fake", fps=fps, frames_done=done, info=None, status="done", saved_to=None)
    return TrackingController._end_line(TrackingController, run)


def test_end_line_decides_on_frames_done():
    assert _line(3, float("nan")) == "fake: 3 frames, too fast to time; saved to the workspace."
    assert _line(1, float("nan")) == "fake: 1 frame, no frame tracked after the first box; saved to the workspace."
    assert _line(5, 42.4) == "fake: 5 frames, 42 fps; saved to the workspace."
