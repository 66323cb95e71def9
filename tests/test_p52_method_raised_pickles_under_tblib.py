"""A ``MethodRaised`` pickled after ``distributed`` (the Dask backend) was imported in the process came back with
the plugin's own exception as its ``__cause__`` instead of a ``RaisedCause``: importing ``distributed`` installs
tblib's reducers for every exception class (``copyreg``, which pickle asks before ``__reduce__``), and tblib's
reducer calls ``MethodRaised.__reduce__`` and then puts the original cause back on the copy. The copy holds the
``RaisedCause`` whoever pickles it. tblib's pickle still holds the original cause (and context and traceback) beside
it, so its reader must import the plugin's class: what leaves a worker is made ``methods.sendable`` first
(tests/test_t52_worker_error_reads_without_the_plugin.py)."""
from __future__ import annotations

import copyreg
import pickle
from types import TracebackType

import pytest

from tests import jobfns
from workbench.core.methods import MethodRaised, RaisedCause, call_method, plugin_traceback


def test_a_method_raised_pickled_by_tblibs_reducer_keeps_its_raised_cause(monkeypatch):
    pickling_support = pytest.importorskip("tblib.pickling_support", reason="tblib comes with the 'cluster' extra")
    with pytest.raises(MethodRaised) as info:
        call_method(jobfns._BuggyTracker(), "tracker", "track", None, where="sequence s1, frame 4")
    exc = info.value
    text = plugin_traceback(exc)
    # what tblib.pickling_support.install() registers, for these classes only and undone after the test
    for cls in (MethodRaised, type(exc.__cause__), RaisedCause):
        monkeypatch.setitem(copyreg.dispatch_table, cls, pickling_support.pickle_exception)
    monkeypatch.setitem(copyreg.dispatch_table, TracebackType, pickling_support.pickle_traceback)
    copy = pickle.loads(pickle.dumps(exc))
    assert type(copy) is MethodRaised and str(copy) == str(exc) and copy.at == exc.at
    cause = copy.__cause__
    assert isinstance(cause, RaisedCause), type(cause)
    assert cause.type_name == "TwoPartError" and cause.message == "threshold: min_pixels < 0"
    assert plugin_traceback(copy) == text and 'raise TwoPartError("threshold", "min_pixels < 0")' in text
    again = pickle.loads(pickle.dumps(copy))  # handed on again
    assert isinstance(again.__cause__, RaisedCause) and plugin_traceback(again) == text
