"""Right / Left over a sequence with a damaged frame file: the first press says the frame cannot be read
and keeps the frame before on screen; the next press goes on past it (it tried the same damaged file again
at every press, so Right never got beyond it and only End or the slider reached the later frames)."""
from __future__ import annotations

from tests.core.test_mixed_sizes import SIZES, plain_folder


def test_right_goes_on_past_a_damaged_frame_and_left_comes_back(qtbot, window, messages, tmp_path):
    root = plain_folder(tmp_path / "set", sizes=[SIZES[0]] * 6)
    (root / "0003.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # frame index 2 is damaged
    assert window.open_path(root)
    window.set_frame(1)
    window.act_next.trigger()  # onto the damaged frame: told, frame 1 stays
    assert window.frame_index == 1 and "0003.png" in window.last_error
    window.act_next.trigger()  # on past it
    assert window.frame_index == 3
    window.act_prev.trigger()  # back onto it: told again on the status bar, frame 3 stays
    assert window.frame_index == 3 and "0003.png" in window.statusBar().currentMessage()
    window.act_prev.trigger()
    assert window.frame_index == 1
    window.act_next.trigger()
    window.act_next.trigger()
    window.act_next.trigger()  # a readable frame clears the damaged one's hold: one frame a press again
    assert window.frame_index == 4
    assert len([m for m in messages if m[0] == "critical"]) == 1  # one box for the sequence, as before
