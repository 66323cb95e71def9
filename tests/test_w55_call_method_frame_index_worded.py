"""A plugin's error (its own WorkbenchError, since 042e54a, and a bug's one line) was said with "'seq' frame N",
N the 0-based index the command line counts --start in, also in the window's dialogs, where the same frame is shown
as N + 1. The sequence and frame the loops hand call_method and the output checks now say the index as such:
"'seq' frame index N (0-based)", right in both."""
from __future__ import annotations

import pytest

from workbench.core.boxes import Box
from workbench.core.data.detect import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import WorkbenchError
from workbench.core.loops import iter_segment, iter_track
from workbench.core.methods import MethodError


@pytest.fixture
def seq(tmp_path):
    return open_sequence(write_demo(tmp_path, frames=4, width=48, height=40, name="seq"))


def test_a_trackers_own_refusal_names_the_frame_index(seq):
    class Refusing:
        modalities = ("gray", "rgb", "ir16")

        def initialize(self, frame, box):
            raise WorkbenchError("refuser: cannot start here")

        def track(self, frame):
            raise AssertionError("not reached")

    with pytest.raises(WorkbenchError) as err:
        list(iter_track(Refusing(), seq, Box(10, 10, 6, 6), start_frame=2))
    assert str(err.value) == "refuser: cannot start here ('seq' frame index 2 (0-based))"  # was "'seq' frame 2"


def test_a_segmenters_bug_names_the_frame_index(seq):
    class Buggy:
        modalities = ("gray", "rgb", "ir16")

        def predict(self, frame):
            raise ValueError("bad")

    with pytest.raises(MethodError) as err:
        list(iter_segment(Buggy(), seq, [3]))
    text = str(err.value)
    assert text.startswith("ValueError: bad (") and "'seq' frame index 3 (0-based)" in text, text
    assert "frame 3" not in text.replace("frame index 3", ""), text
