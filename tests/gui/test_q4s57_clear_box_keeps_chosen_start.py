"""Clear box sent the start frame back to the first frame with groundtruth whatever set it: a box drawn on the
frame chosen with Start from this frame (its groundtruth off) and cleared lost the chosen frame too. It goes
back to that frame, on its groundtruth; a second press (no drawn box left), to the first frame with groundtruth."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo

from .conftest import spin


def test_clear_box_goes_back_to_the_frame_chosen(window, tmp_path):
    w = window
    assert w.open_path(write_demo(tmp_path, frames=12, width=64, height=48, name="chosen"))
    assert spin(lambda: not w.busy, 10)
    seq = w.sequence
    first = seq.first_valid_frame() or 0
    w.set_frame(7)
    w.start_from_here()
    assert w.start_frame == 7
    w.set_init((10.0, 12.0, 9.0, 8.0))  # drawn on frame 7, the groundtruth there not liked
    assert w.sequences.init_drawn_at == 7
    w.clear_init_box()
    assert w.start_frame == 7 and w.init_box == tuple(float(v) for v in seq.gt_box(7))
    assert w.act_clear_box.isEnabled()
    w.clear_init_box()  # again: the first frame with groundtruth
    assert w.start_frame == first and w.init_box is None
    # a start set by drawing alone goes back to the first frame with groundtruth, as before
    w.set_frame(4)
    w.set_init((10.0, 12.0, 9.0, 8.0))
    assert w.start_frame == 4
    w.clear_init_box()
    assert w.start_frame == first and w.init_box is None
