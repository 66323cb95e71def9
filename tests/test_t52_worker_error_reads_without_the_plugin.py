"""An error sent back from a worker process (``jobs.in_process``'s child, a Dask task) where tblib's reducers were
installed (``import distributed`` installs them for every exception class) held the plugin's own exception: tblib
pickles an exception's ``__cause__``, ``__context__`` and ``__traceback__`` as they are, beside what its
``__reduce__`` gives, so a ``MethodRaised`` (whose ``__reduce__`` gives a ``RaisedCause``, b7039c9) still carried the
original, and the process reading it had to import the plugin's module (ModuleNotFoundError otherwise). What leaves
a worker is made ``methods.sendable`` first: the cause a ``RaisedCause``, no context, no traceback objects."""
from __future__ import annotations

import copyreg
import json
import pickle
import subprocess
import sys
from pathlib import Path
from types import TracebackType

import pytest

ROOT = Path(__file__).resolve().parents[1]
# a process that cannot import the plugin's module (tests.jobfns: _BuggyTracker, TwoPartError) reads the error
_READER = """
import json, pickle, sys
sys.path.insert(0, {root!r})
sys.modules["tests.jobfns"] = None
from workbench.core.methods import plugin_traceback
try:
    {read}
except BaseException as exc:
    cause = exc.__cause__
    print(json.dumps({{"type": type(exc).__name__, "text": str(exc), "cause": type(cause).__name__,
                      "context": type(exc.__context__).__name__, "traceback": plugin_traceback(exc)}}))
"""


def _read_elsewhere(read: str, data: bytes = b"") -> dict:
    code = _READER.format(root=str(ROOT), read=read)
    r = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, cwd=ROOT, timeout=60)
    out = r.stdout.decode().strip().splitlines()
    assert r.returncode == 0 and out, r.stderr.decode()[-2000:]
    return json.loads(out[-1])


def method_bug_under_tblib(ctx=None):
    """A child whose process installed tblib's reducers (as ``import distributed`` does), then a tracker's
    ``track`` raises inside ``call_method``."""
    from tblib import pickling_support

    from tests import jobfns
    from workbench.core.methods import MethodRaised

    pickling_support.install()  # for the exception classes defined by then
    assert copyreg.dispatch_table[MethodRaised] is pickling_support.pickle_exception
    yield from jobfns.method_bug(ctx)


def test_a_method_raised_from_a_child_with_tblib_reads_where_the_plugin_does_not_import():
    pytest.importorskip("tblib.pickling_support", reason="tblib comes with the 'cluster' extra")
    got = _read_elsewhere("from workbench.core.jobs import in_process\n"
                          "    from tests.test_t52_worker_error_reads_without_the_plugin import method_bug_under_tblib\n"
                          "    gen = in_process(method_bug_under_tblib)\n"
                          "    assert next(gen) == 'started'\n"
                          "    next(gen)")
    # before: ModuleNotFoundError: import of tests.jobfns halted (the queue's read of the child's error)
    assert got["type"] == "MethodRaised" and got["cause"] == "RaisedCause", got
    assert "TwoPartError: threshold: min_pixels < 0 (tracker 'buggy' track(), sequence s1, frame 4" in got["text"]
    assert 'raise TwoPartError("threshold", "min_pixels < 0")' in got["traceback"]


def test_what_leaves_a_dask_task_reads_where_the_plugin_does_not_import(monkeypatch):
    """Ctrl-C in a task (the one error ``run_task`` lets out) while a plugin's exception was being handled: its
    context was the plugin's exception, pickled by tblib as it was."""
    pickling_support = pytest.importorskip("tblib.pickling_support", reason="tblib comes with the 'cluster' extra")
    from tests import jobfns
    from workbench.core import batch

    def interrupted(task, progress=None):
        try:
            raise jobfns.TwoPartError("threshold", "min_pixels < 0")
        except jobfns.TwoPartError:
            raise KeyboardInterrupt("s1: interrupted")

    monkeypatch.setattr(batch, "run_task", interrupted)
    with pytest.raises(KeyboardInterrupt) as info:
        batch.worker_task(object())
    exc = info.value
    assert exc.__context__ is None and exc.__cause__ is None
    # what tblib.pickling_support.install() registers, for these classes only and undone after the test
    for cls in (KeyboardInterrupt, jobfns.TwoPartError):
        monkeypatch.setitem(copyreg.dispatch_table, cls, pickling_support.pickle_exception)
    monkeypatch.setitem(copyreg.dispatch_table, TracebackType, pickling_support.pickle_traceback)
    got = _read_elsewhere("raise pickle.loads(sys.stdin.buffer.read())", pickle.dumps(exc))
    assert got["type"] == "KeyboardInterrupt" and got["text"] == "s1: interrupted" and got["context"] == "NoneType"


def test_sendable_keeps_the_plugin_traceback_and_drops_the_rest():
    from tests import jobfns
    from workbench.core.methods import MethodRaised, RaisedCause, call_method, plugin_traceback, sendable

    with pytest.raises(MethodRaised) as info:
        try:
            raise ValueError("while another was handled")
        except ValueError:
            call_method(jobfns._BuggyTracker(), "tracker", "track", None, where="sequence s1, frame 4")
    exc = info.value
    text = plugin_traceback(exc)
    assert exc.__context__ is not None and exc.__traceback__ is not None
    assert sendable(exc) is exc
    assert isinstance(exc.__cause__, RaisedCause) and exc.__cause__.type_name == "TwoPartError"
    assert exc.__context__ is None and exc.__traceback__ is None and plugin_traceback(exc) == text
    assert 'raise TwoPartError("threshold", "min_pixels < 0")' in text
