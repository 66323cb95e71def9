"""During a run on a one-frame sequence (an image, a cube) Play, stepping, First / Last and the slider, greyed for
the one frame, said "A run is going" (the run's reason first), as if they came back when it ends: the one-frame
reason is said first; on a sequence of several frames a run going still greys Play saying so."""
from __future__ import annotations

import unittest.mock as mock

import cv2
import numpy as np


def test_one_frame_said_before_the_run(window, tmp_path):
    w = window
    transport = (w.act_play, w.btn_play, w.act_next, w.act_prev, w.act_home, w.act_end, w.btn_first, w.btn_prev,
                 w.btn_next, w.btn_last, w.slider)
    img = tmp_path / "one.png"
    cv2.imwrite(str(img), np.full((40, 48), 90, np.uint8))
    assert w.open_path(img) and w.n_frames == 1
    with mock.patch.object(type(w), "busy", new_callable=mock.PropertyMock, return_value=True):  # a run going
        w.update_enabled()
        assert not any(a.isEnabled() for a in transport)
        for a in transport:
            assert a.toolTip().startswith("One frame: nothing to play or step through"), (a, a.toolTip())

    assert w.open_demo() and w.n_frames > 1
    with mock.patch.object(type(w), "busy", new_callable=mock.PropertyMock, return_value=True):
        w.update_enabled()
        assert not w.btn_play.isEnabled() and w.btn_next.isEnabled()
        assert w.btn_play.toolTip().startswith(w.RUN_GOING), w.btn_play.toolTip()
    w.update_enabled()
