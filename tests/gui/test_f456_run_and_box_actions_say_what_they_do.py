"""The window's Run action (Ctrl+R, the toolbar) always said "Run the checked (or selected) trackers", also with a
segmenter or detector selected (it then segments the frame / detects): it says what a press does, as the Methods
dock's Run button. With groundtruth at the start frame the frame's hint said "Drag on the frame to draw the initial
box" while Run said the groundtruth box is used: it says both. "Clear box" was enabled with no box to clear (and
did nothing); "Draw box" read checked with no sequence open: each is greyed then, saying why. "Start from this
frame" on a frame without groundtruth left no box and greyed Clear box (and Run): the user could not get back to the
first frame with groundtruth; Clear box takes them back."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import SegOutput
from workbench.core.registry import Plugin


class _Seg:
    name = "p_seg"
    modalities = ("gray", "ir16")

    def predict(self, frame):
        mask = np.zeros(frame.shape[:2], bool)
        return SegOutput(mask.astype(np.float32), mask, [])


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("p_seg", "segmenter", lambda cfg, device: _Seg(), title="Seg"))
    return reg


def _base(action) -> str:
    """The action's tooltip after what it waits for (greyed: "Open a sequence first ...\n\n<its own>")."""
    return action.toolTip().split("\n\n")[-1]


def test_run_and_box_actions_say_what_they_do(window, tmp_path):
    """The four checks one after another in one window (a window each cost more than the checks): the greyed
    box actions first (nothing open yet), each check its own sequences in its own folder."""
    w = window
    w.quiet_errors = True
    _clear_box_and_draw_box_greyed_when_they_can_do_nothing(w, tmp_path / "greyed")
    w.act_draw.setChecked(True)  # the user's Draw box off (the check above) back on, as a new window has it
    _run_action_says_what_it_will_do(w, tmp_path / "run")
    _hint_says_the_groundtruth_box_is_used_unless_one_is_drawn(w, tmp_path / "hint")
    _clear_box_gets_back_from_a_start_frame_without_groundtruth(w, tmp_path / "back")


def _run_action_says_what_it_will_do(w, tmp_path):
    assert w.open_path(write_demo(tmp_path / "d", frames=4, width=64, height=48, seed=1, name="d")), w.last_error
    w.methods.select("fake")
    assert _base(w.act_run).startswith("Track with Fake from the initial box"), w.act_run.toolTip()
    w.methods.select("p_seg")
    tip = _base(w.act_run)
    assert tip.startswith("Run Seg on the frame on screen") and "tracker" not in tip, tip
    assert tip.endswith("(Ctrl+R)") and w.act_run.statusTip() == "Run Seg on the frame on screen"
    w.methods.select("fake")
    assert "tracker" not in _base(w.act_run) and "Fake" in _base(w.act_run), w.act_run.toolTip()


def _hint_says_the_groundtruth_box_is_used_unless_one_is_drawn(w, tmp_path):
    assert w.open_path(write_demo(tmp_path / "d", frames=4, width=64, height=48, seed=1, name="d")), w.last_error
    w.methods.select("fake")
    w.update_hint()
    assert w.sequence.gt_box(w.start_frame) is not None
    hint = w.view.hint.text()
    assert "draw your own initial box; the groundtruth's is used otherwise" in hint, hint
    # frames without groundtruth: the box must be drawn, said as before
    folder = tmp_path / "plain"
    folder.mkdir()
    for i in range(2):
        cv2.imwrite(str(folder / f"{i + 1:04d}.png"), np.full((24, 32), 30 + i, np.uint8))
    assert w.open_path(folder), w.last_error
    w.methods.select("fake")
    w.update_hint()
    hint = w.view.hint.text()
    assert "to draw the initial box ·" in hint and "groundtruth" not in hint, hint


def _clear_box_and_draw_box_greyed_when_they_can_do_nothing(w, tmp_path):
    assert w.sequence is None
    assert not w.act_draw.isEnabled() and not w.act_draw.isChecked(), "Draw box read checked with no sequence"
    assert w.act_draw.toolTip().startswith("Open a sequence first"), w.act_draw.toolTip()
    assert not w.act_clear_box.isEnabled()
    assert w.open_path(write_demo(tmp_path / "d", frames=4, width=64, height=48, seed=1, name="d")), w.last_error
    assert w.act_draw.isEnabled() and w.act_draw.isChecked()  # drawing on once a sequence is open
    assert w.init_box is None
    assert not w.act_clear_box.isEnabled(), "Clear box enabled with no box to clear"
    assert w.act_clear_box.toolTip().startswith("Nothing to clear: no initial box is set"), w.act_clear_box.toolTip()
    w.sequences.set_init((10, 10, 12, 8))
    assert w.init_box is not None and w.act_clear_box.isEnabled()
    assert w.act_clear_box.toolTip().startswith("Use the groundtruth box instead"), w.act_clear_box.toolTip()
    w.act_clear_box.trigger()
    assert w.init_box is None and not w.act_clear_box.isEnabled()
    # a user's Draw box off stays off as another sequence opens
    w.act_draw.setChecked(False)
    assert w.open_path(write_demo(tmp_path / "e", frames=4, width=64, height=48, seed=2, name="e")), w.last_error
    assert w.act_draw.isEnabled() and not w.act_draw.isChecked()


def _clear_box_gets_back_from_a_start_frame_without_groundtruth(w, tmp_path):
    seq = write_demo(tmp_path / "d", frames=6, width=64, height=48, seed=1, name="d")
    gt = seq / "groundtruth_rect.txt"
    lines = gt.read_text().splitlines()
    lines[3] = "NaN,NaN,NaN,NaN" if "," in lines[3] else "NaN NaN NaN NaN"
    gt.write_text("\n".join(lines) + "\n")
    assert w.open_path(seq), w.last_error
    w.methods.select("fake")
    assert w.start_frame == 0 and not w.act_clear_box.isEnabled() and w.act_run.isEnabled()
    w.sequences.set_frame(3)
    w.act_start_here.trigger()
    assert w.start_frame == 3 and w.init_box is None and not w.act_run.isEnabled()  # no box to start from
    assert w.act_clear_box.isEnabled(), "Clear box greyed: no way back to the first frame with groundtruth"
    assert w.act_clear_box.toolTip().startswith("Use the groundtruth box instead, from the first frame"), \
        w.act_clear_box.toolTip()
    w.act_clear_box.trigger()
    assert w.start_frame == 0 and w.act_run.isEnabled() and not w.act_clear_box.isEnabled()
