"""The segmenter's start read a method's settings from the Methods dock's form by its own copy of one line
(``make_config(config_values(name))``) while Run's readiness check and the detector's start take
``MethodsDock.config_of``: it takes that one reading too, so a stand-in for it is what the segmenter follows."""
from __future__ import annotations

import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.gui.methods_dock import MethodsDock

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def seg_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def test_the_segmenters_start_reads_the_form_through_config_of(qtbot, seg_window, messages, tmp_path, monkeypatch):
    w = seg_window
    assert w.open_path(save_irseq(make_sequence(seed=3, frames=4, width=48, height=32), tmp_path / "d" / "s"))
    asked = []

    def stand_in(self, name, plugin=None):
        asked.append((name, plugin is w.registry.plugins[name]))
        raise ValueError("j55: the stand-in refuses it")

    monkeypatch.setattr(MethodsDock, "config_of", stand_in)
    plugin, config, ok = w.segmentation._config("paceseg", lambda: None)
    assert (plugin, config, ok) == (w.registry.plugins["paceseg"], None, False)
    assert asked == [("paceseg", True)]  # the old code read the form itself: never asked
    assert ("critical", "Settings of paceseg", "j55: the stand-in refuses it") in messages
