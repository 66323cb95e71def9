"""The example plugin's inspector (the template third-party authors copy) follows its plugin's runs under every
label the window gives them, and gets the runs made before its dock was built (``InspectorDock.catch_up``)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.core.boxes import Box
from workbench.core.loops import FrameResult
from workbench.core.registry import Plugin

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "workbench-example-plugin"


class _Run:
    def __init__(self, n):
        self.scores = np.linspace(0.5, 1.0, n)


class _Host:
    def __init__(self, runs):
        self._runs = runs
        self.sequence = _Seq()

    def runs(self):
        return self._runs


class _Seq:
    def __len__(self):
        return 4


def test_saved_run_labels_and_earlier_runs_reach_the_example_inspector(qtbot, monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLE))
    from workbench_example_plugin.inspectors import ScoreInspector

    plugin = Plugin(name="example_ncc", kind="tracker", factory="x:y")
    host = _Host({"kcf": _Run(4), "example_ncc/default-run2": _Run(4)})
    dock = ScoreInspector(host, plugin)
    qtbot.addWidget(dock)
    dock.on_sequence(host.sequence)  # what the window calls right after building the dock, a run already over
    dock.catch_up()  # ... and then, in the same pass, the runs it holds
    assert sorted(dock.scores) == [0, 1, 2, 3] and dock.scores[3] == 1.0  # then the runs (catch_up)
    dock.on_sequence(None)
    for i in range(10):
        dock.on_frame_result("example_ncc/search_scale=3", FrameResult(i, Box(0, 0, 1, 1), 0.25, 0.0))
    dock.on_frame_result("kcf/default-run2", FrameResult(10, Box(0, 0, 1, 1), 0.9, 0.0))
    assert sorted(dock.scores) == list(range(10))
