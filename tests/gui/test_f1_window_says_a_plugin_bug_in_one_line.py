"""A plugin's exception reaches the window's status line as its own one line (type, message, call, frame and the
plugin's file and line, not numpy's where its bug raised), not with the workbench's methods.py appended as where it
was raised."""
from __future__ import annotations

import inspect

import numpy as np
import pytest

from workbench.core.data.synthetic import demo_sequence
from workbench.core.loops import iter_track
from workbench.core.methods import MethodError
from workbench.gui.worker import describe


class _Boom:
    name = "p_boom"
    modalities = ("gray", "rgb", "ir16")

    def initialize(self, frame, box):
        pass

    def track(self, frame):
        np.reshape(frame, (7, 7))  # the plugin's bug, raised inside numpy


def test_describe_says_a_plugins_exception_as_its_one_line():
    with pytest.raises(MethodError) as err:
        list(iter_track(_Boom(), demo_sequence(frames=2, width=32, height=32)))
    text = describe(err.value)
    assert text == str(err.value) and text.startswith("ValueError: cannot reshape array")
    line = inspect.getsourcelines(_Boom.track)[1] + 1  # the plugin's line, not numpy's
    assert text.endswith(f"at {__file__}:{line})") and "methods.py" not in text
