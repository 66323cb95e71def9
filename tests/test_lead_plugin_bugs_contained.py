"""Since a bug inside a plugin's call is a ``MethodRaised`` (not a ``WorkbenchError``: exit 1 with its traceback),
two places that skipped the one failing tracker and carried on let it end everything (R3): ``workbench demo
--trackers kcf,bad`` printed no scores for kcf, and ``bench generalisation`` wrote no figures for any tracker. Both
skip the tracker with its traceback and go on (the demo exits 1 at the end). A GPU running out of memory inside a
call is the machine's limit, not the plugin's bug: one line saying what to do. The plugin's traceback starts in the
plugin, not in the workbench's ``call_method``."""
import sys
from pathlib import Path

import numpy as np
import pytest

from workbench.core import registry
from workbench.core.errors import WorkbenchError
from workbench.core.methods import MethodRaised, call_method, plugin_traceback
from workbench.core.registry import Plugin, Registry


class Bad:
    def initialize(self, frame, box):
        pass

    def track(self, frame):
        raise ValueError("plugin bug")


def test_demo_scores_the_others_and_says_the_bug(tmp_path, monkeypatch, capsys):
    from workbench import cli

    reg = Registry()
    for p in registry.default_registry().plugins.values():
        reg.add(p)
    reg.add(Plugin(name="badtrk", kind="tracker", factory=lambda c, d: Bad()))
    monkeypatch.setattr(registry, "_DEFAULT", reg)
    monkeypatch.setattr(cli, "_write_outputs", lambda *a, **k: [])  # (the plots: not the question, seconds)
    rc = cli.main(["demo", "--out", str(tmp_path / "out"), "--frames", "6", "--trackers", "kcf,badtrk"])
    out, err = capsys.readouterr()
    assert rc == 1
    assert "kcf" in out and "AUC" in out  # kcf scored and tabled
    assert "ValueError: plugin bug" in err and "skipped badtrk" in err and "in track" in err  # with its traceback


def test_generalisation_bench_records_a_bug_and_goes_on(monkeypatch):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import generalisation as G
    finally:
        sys.path.pop(0)
    from workbench.core.data.synthetic import demo_sequence

    reg = Registry()
    reg.add(Plugin(name="badtrk", kind="tracker", factory=lambda c, d: Bad()))
    reg.add(registry.default_registry().plugins["kcf"])
    monkeypatch.setattr(registry, "_DEFAULT", reg)
    said = []
    out = G.track_all(["badtrk", "kcf"], [demo_sequence(frames=5, width=48, height=48)], log=said.append)
    assert "plugin bug" in out["badtrk"]["error"]
    assert any("in track" in line for line in said)  # its traceback, where in the plugin
    assert out["kcf"] and "error" not in out["kcf"]


def test_gpu_memory_is_one_line_and_the_traceback_starts_in_the_plugin():
    OOM = type("OutOfMemoryError", (RuntimeError,), {"__module__": "torch.cuda"})

    class Greedy:
        def track(self, frame):
            raise OOM("CUDA out of memory. Tried to allocate 2.00 GiB")

    with pytest.raises(WorkbenchError, match="ran out of GPU memory.*--device cpu"):
        call_method(Greedy(), "tracker", "track", np.zeros(4), where="'s' frame 3")
    with pytest.raises(MethodRaised) as info:
        call_method(Bad(), "tracker", "track", np.zeros(4))
    tb = plugin_traceback(info.value)
    assert "in track" in tb and "call_method" not in tb
