"""The status bar's speed label ("kcf: 98 fps on CPU") named the last run's speed after another sequence was
opened (a cube opened after a tracking run still said "kcf: 98 fps"): it belongs to the sequence it ran on."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo


def test_opening_another_sequence_clears_the_speed_label(window, tmp_path):
    w = window
    assert w.open_path(write_demo(tmp_path / "a", frames=4, width=64, height=48, seed=1, name="a"))
    w.fps_label.setText("kcf: 98 fps on CPU")  # as a finished run leaves it
    assert w.open_path(write_demo(tmp_path / "b", frames=4, width=64, height=48, seed=2, name="b"))
    assert w.fps_label.text() == ""
