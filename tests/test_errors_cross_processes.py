"""The user's errors pickle as themselves: a search or training in a child process sends its error to the
window (a DataError arrived as ``TypeError: __init__() missing 'problem'``, its message lost)."""
from __future__ import annotations

import pickle

from workbench.core.data.sirst import SplitNotFound
from workbench.core.errors import DataError, TrackerLost
from workbench.core.options import OptionError
from workbench.core.training.checkpoints import CheckpointError, with_hint


def test_every_user_error_survives_pickling_with_its_message_and_fields():
    cases = [DataError("/data/a.png", "not an image", line=3), DataError(None, "no sequences"),
             CheckpointError("/w/x.pt", "needs pickle"), SplitNotFound("/d", "no split 'x'"),
             TrackerLost("lost on frame 7", 7), OptionError("--epochs", 0, "must be at least 1")]
    for err in cases:
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err)
        for field in ("path", "problem", "line", "frame", "flag", "value"):
            assert getattr(back, field, None) == getattr(err, field, None), field


def test_what_was_added_to_an_error_after_it_was_made_crosses_too():
    hinted = with_hint(CheckpointError("/w/last.pt", "another network's checkpoint"), "give --init instead")
    framed = DataError("/d/0003.png", "truncated image")
    framed.frame = 2  # as loops.read_frame marks the frame that stopped a run
    for err in (hinted, framed):
        back = pickle.loads(pickle.dumps(err))
        assert str(back) == str(err) and getattr(back, "frame", None) == getattr(err, "frame", None)
    assert str(pickle.loads(pickle.dumps(hinted))).endswith("; give --init instead")
    assert pickle.loads(pickle.dumps(framed)).frame == 2
