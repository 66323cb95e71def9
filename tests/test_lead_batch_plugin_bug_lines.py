"""A plugin's bug in a run's task was said as 'MethodRaised: ValueError: ...' (the wrapper's type before the
plugin's own, R3), and a one-task run printed the whole chained traceback through the loops and the batch; the task
line starts with the plugin's exception, the detail is the plugin's traceback and its one line."""
from workbench.core.batch import TaskOutcome, _failed
from workbench.core.methods import MethodRaised, call_method


class Bad:
    def track(self, frame):
        raise ValueError("plugin bug")


def test_a_plugin_bug_is_said_once_with_its_own_traceback():
    out = TaskOutcome(None)
    try:
        call_method(Bad(), "tracker", "track", None, where="'s' frame 2")
    except MethodRaised as exc:
        _failed(out, exc)
    assert out.error.startswith("ValueError: plugin bug (tracker 'Bad' track(), 's' frame 2")
    assert not out.user_error
    assert "in track" in out.detail and "call_method" not in out.detail and "_failed" not in out.detail
    assert out.detail.rstrip().endswith(f"workbench: error: {out.error}")
