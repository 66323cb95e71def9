"""A ``MethodRaised`` (a plugin's bug inside one of its calls) sent back from a worker process was pickled, which
keeps an exception's args and nothing else: its ``__cause__`` (the plugin's own exception, with its traceback) and
its ``at`` were lost, and the CLI printed the wrapper's line without the plugin's traceback. The cause now travels as
its type's name, message and traceback text."""
from __future__ import annotations

import pickle

import pytest

from tests import jobfns
from workbench.core.methods import MethodRaised, RaisedCause, call_method, plugin_traceback


def _raised() -> MethodRaised:
    with pytest.raises(MethodRaised) as info:
        call_method(jobfns._BuggyTracker(), "tracker", "track", None, where="sequence s1, frame 4")
    return info.value


def test_a_pickled_method_raised_keeps_its_cause_and_where():
    exc = _raised()
    copy = pickle.loads(pickle.dumps(exc))
    assert type(copy) is MethodRaised and str(copy) == str(exc)
    assert copy.at == exc.at and copy.at.startswith(jobfns.__file__.rstrip("c"))
    cause = copy.__cause__
    assert isinstance(cause, RaisedCause)
    assert cause.type_name == "TwoPartError" and cause.message == "threshold: min_pixels < 0"
    text = plugin_traceback(copy)
    assert text == plugin_traceback(exc) and text  # the traceback made in the worker, word for word
    assert 'raise TwoPartError("threshold", "min_pixels < 0")' in text  # the plugin's own line
    assert text.rstrip().endswith("TwoPartError: threshold: min_pixels < 0")
    # read back twice (a result handed on again) it is still the same
    again = pickle.loads(pickle.dumps(copy))
    assert plugin_traceback(again) == text and again.at == exc.at


def test_a_method_raised_in_a_child_process_arrives_with_its_cause():
    from workbench.core.jobs import in_process

    gen = in_process(jobfns.method_bug)
    assert next(gen) == "started"
    with pytest.raises(MethodRaised) as info:
        next(gen)
    exc = info.value
    assert "TwoPartError: threshold: min_pixels < 0 (tracker 'buggy' track(), sequence s1, frame 4, at " in str(exc)
    assert 'raise TwoPartError("threshold", "min_pixels < 0")' in plugin_traceback(exc)


def test_the_cli_prints_the_plugin_traceback_of_a_copy(monkeypatch, capsys):
    from workbench import cli

    copy = pickle.loads(pickle.dumps(_raised()))

    def fails(args):
        raise copy

    monkeypatch.setattr(cli, "cmd_list", fails)
    assert cli.main(["list"]) == 1
    err = capsys.readouterr().err
    assert 'raise TwoPartError("threshold", "min_pixels < 0")' in err
    assert "TwoPartError: threshold: min_pixels < 0\n" in err  # the traceback's last line
    assert err.rstrip().splitlines()[-1].startswith("workbench: error: TwoPartError: threshold: min_pixels < 0 (")


def test_the_window_says_the_cause_of_a_copy():
    pytest.importorskip("PySide6")
    from workbench.gui.worker import describe

    copy = pickle.loads(pickle.dumps(_raised()))
    line = describe(copy)
    assert line.startswith("TwoPartError: threshold: min_pixels < 0 (tracker 'buggy' track()")
    assert "MethodRaised" not in line


def test_an_exception_that_does_not_unpickle_arrives_as_its_text():
    # it pickled in the child, so it was sent as it was; the parent's queue failed to read it back and raised
    # TypeError: __init__() missing 1 required positional argument, which named neither the error nor the job
    from workbench.core.jobs import in_process

    gen = in_process(jobfns.raises_two_part)
    assert next(gen) == "started"
    with pytest.raises(RuntimeError, match=r"^TwoPartError: threshold: min_pixels < 0$"):
        next(gen)
