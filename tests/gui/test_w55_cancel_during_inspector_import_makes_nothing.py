"""A Cancel pressed while a run's worker imported its inspector modules (torch and the model code: the slow part of
a start) still made the method (its weights loaded): no check between ``import_for_window`` and ``create`` in
the detector's, segmenter's and tracker's worker generators, and a segmenter run cancelled before its worker began
made its segmenter too. Each now says cancelled before anything is made."""
from __future__ import annotations

import pytest

import workbench.gui.controllers.detection as detection
import workbench.gui.controllers.segmentation as segmentation
import workbench.gui.runner as runner
from workbench.core.data.detect import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.jobs import JobContext
from workbench.core.registry import Plugin


@pytest.fixture
def seq(tmp_path):
    return open_sequence(write_demo(tmp_path, frames=3, width=48, height=40, name="seq"))


def _plugin(kind, made):
    def create(config, device):
        made.append("create")
        raise RuntimeError("made (weights loaded) after the run was cancelled")
    return Plugin(f"w55_{kind}", kind, create)


def _cancel_during_import(monkeypatch, ctx):
    def import_for_window(modules):
        assert list(modules) == ["w55_inspector"]
        ctx.cancel()  # Cancel pressed while the worker imports
    monkeypatch.setattr(runner, "import_for_window", import_for_window)  # (the segmenter's and detector's
    # workers import through runner.ready_to_make, the tracker's through track_events: one import_for_window)


def test_a_segmenter_cancelled_before_its_worker_is_not_made(seq):
    made, ctx = [], JobContext()
    ctx.cancel()
    events = list(segmentation.segment_events(_plugin("segmenter", made), None, "cpu", seq, [0, 1, 2], ctx))
    assert made == []
    assert events == [("cancelled", 0)]


def test_a_detector_cancelled_during_the_import_is_not_made(seq, monkeypatch):
    made, ctx = [], JobContext()
    _cancel_during_import(monkeypatch, ctx)
    events = list(detection.detect_events(_plugin("detector", made), None, "cpu", seq, ctx,
                                          imports=("w55_inspector",)))
    assert made == []
    assert events == [("cancelled", 0)]


def test_a_segmenter_cancelled_during_the_import_is_not_made(seq, monkeypatch):
    made, ctx = [], JobContext()
    _cancel_during_import(monkeypatch, ctx)
    events = list(segmentation.segment_events(_plugin("segmenter", made), None, "cpu", seq, [0], ctx,
                                              imports=("w55_inspector",)))
    assert made == []
    assert events == [("cancelled", 0)]


def test_a_tracker_cancelled_during_the_import_is_not_made(seq, monkeypatch):
    made, ctx = [], JobContext()
    _cancel_during_import(monkeypatch, ctx)
    spec = runner.TrackSpec("w55_t", _plugin("tracker", made), None, "cpu", imports=("w55_inspector",))
    events = [(kind, label) for kind, label, _ in runner.track_events([spec], seq, None, 0, ctx)]
    assert made == []
    assert events == [("start", "w55_t"), ("cancelled", "w55_t")]
