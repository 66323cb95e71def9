"""The refusals of a run's first box said the frame 0-based without a word ("frame 3", "'seq' frame 0"), also in
the window that shows frames from 1, where the plugin errors say "'seq' frame index N (0-based)" (83ddfe5,
``loops.frame_at``): a start without a groundtruth box, an initial box outside the frame or over ten times it,
and ``workbench run``'s --init under a tracker's smallest (its Plugin's, checked before any tracker is made) say the
frame as frame_at does."""
from __future__ import annotations

import pytest

from workbench.core.boxes import Box
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import demo_sequence, write_demo
from workbench.core.errors import WorkbenchError
from workbench.core.loops import iter_track
from workbench.core.methods import TrackOutput
from workbench.core.registry import Plugin, Registry


class _Still:
    name = "still"
    modalities = ("gray", "rgb", "ir16")

    def initialize(self, frame, box):
        self.box = Box(*box)

    def track(self, frame):
        return TrackOutput(self.box, 1.0)


def test_a_start_without_groundtruth_names_the_file_line_and_the_frame_index(tmp_path):
    path = write_demo(tmp_path / "data", frames=6, width=48, height=40)
    (gt,) = [p for p in path.rglob("*.txt") if "groundtruth" in p.name]
    lines = gt.read_text().splitlines()
    lines[3] = "NaN,NaN,NaN,NaN"
    gt.write_text("\n".join(lines) + "\n")
    seq = open_sequence(path)
    with pytest.raises(WorkbenchError) as err:
        next(iter_track(_Still(), seq, start_frame=3))
    said = str(err.value)
    assert said.startswith(f"{gt}, line 4: no groundtruth box (absent / NaN) for '{seq.name}' frame index 3 "
                           "(0-based): give --init or --start 0"), said  # was "...: no groundtruth box for frame 3"


@pytest.mark.parametrize("box, what", [(Box(500, 5, 4, 4), "lies outside the 64x48 frame"),
                                       (Box(1, 1, 1e9, 4), "is over ten times the 64x48 frame")])
def test_an_initial_box_that_cannot_be_tracked_names_the_frame_index(box, what):
    seq = demo_sequence(frames=4, width=64, height=48)
    with pytest.raises(WorkbenchError) as err:
        next(iter_track(_Still(), seq, init=box, start_frame=2))
    # was "initial box ... lies outside the 64x48 frame 2 of 'seq'"
    assert str(err.value) == f"{seq.name!r} frame index 2 (0-based): initial box {box.to_text()} {what}"


def test_run_init_under_the_smallest_names_the_frame_index(tmp_path, monkeypatch, capsys):
    """``workbench run --init`` under the smallest the tracker's Plugin declares: refused before any tracker is made
    (the check that says it to the user), the frame named as frame_at names it."""
    from workbench.cli import main

    made = []
    reg = Registry()
    reg.add(Plugin("still", "tracker", lambda cfg, device: made.append(1) or _Still(), title="Still",
                   smallest_user_box=2.0, smallest_user_box_why="the reason"))
    monkeypatch.setattr("workbench.core.registry.default_registry", lambda reload=False: reg)
    path = write_demo(tmp_path / "data", frames=5, width=48, height=40)
    assert main(["run", "--tracker", "still", "--sequence", str(path), "--init", "20,20,1,1", "--start", "2",
                 "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    # was "... on 'demo_thermal' frame 2 is under 2 px", 0-based without a word
    assert ("still: the first box 20,20,1,1 (x,y,w,h) on 'demo_thermal' frame index 2 (0-based) is under 2 px on a "
            "side: the reason") in err, err
    assert not made and not list((tmp_path / "out").rglob("*.txt"))
