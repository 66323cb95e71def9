"""A method's settings as the Methods dock's form sets them (``make_config(config_values(name))``, None without
settings) were read by a copy of one line in each place that asks: Run's readiness check (``not_ready``) and the
detector's start (the segmenter's and the trackers' too, in files another change holds). One
``MethodsDock.config_of`` now: given a stand-in for it, both follow what it says."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.registry import Plugin
from workbench.gui.methods_dock import MethodsDock

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@dataclass
class _Weights:
    weights: str = field(default="", metadata={"path": "file"})


@pytest.fixture
def method_window(qtbot, messages):
    reg = paced_registry(Pace())
    reg.add(Plugin("g55_checked", "detector", lambda cfg, device: None, title="checked", config=_Weights))
    yield from shown_window(qtbot, reg)


def test_the_detectors_start_and_runs_check_read_the_form_through_config_of(qtbot, method_window, messages,
                                                                          tmp_path, monkeypatch):
    w = method_window
    assert w.open_path(save_irseq(make_sequence(seed=3, frames=4, width=48, height=32), tmp_path / "d" / "s"))
    assert w.methods.config_of("pacedet") is not None and w.methods.config_of("g55_checked").weights == ""
    asked = []

    def stand_in(self, name, plugin=None):
        asked.append(name)
        if name == "pacedet":
            raise ValueError("g55: the stand-in refuses it")
        return _Weights(weights=str(tmp_path / "g55_missing.pt"))

    monkeypatch.setattr(MethodsDock, "config_of", stand_in)
    assert w.detection.run("pacedet") is False
    assert ("critical", "Settings of pacedet", "g55: the stand-in refuses it") in messages
    assert asked == ["pacedet"]
    asked.clear()
    said = w.methods.not_ready(["g55_checked"])  # the stand-in's path is looked for, not the form's ""
    assert asked == ["g55_checked"]
    qtbot.waitUntil(lambda: bool(w.methods.not_ready(["g55_checked"])), timeout=5000)
    assert "g55_missing.pt" in w.methods.not_ready(["g55_checked"]), said
