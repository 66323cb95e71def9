"""A saved segmenter run whose read-back failed (its folder deleted since the runs were listed) had the
sequence's runs listed again on the GUI thread (``find_saved``: a walk of the workspace's manifests, every
run folder) to drop it from the Layers dock. They are listed on a worker now
(``SegmentationController._relist``); the run gone leaves the list once listed, as before."""
from __future__ import annotations

import shutil
import threading

import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry
from .test_saved_method_runs import _save_masks


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def test_runs_are_listed_again_on_a_worker_after_a_failed_read_back(qtbot, method_window, tmp_path, monkeypatch):
    from workbench.core import results as results_mod

    w = method_window
    path = save_irseq(make_sequence(seed=3, frames=4, width=64, height=48), tmp_path / "irdata" / "synth_a")
    results = tmp_path / "workspace" / "results"
    _save_masks(results, "default", 1, "2026-01-01T11:00:00")
    _save_masks(results, "default-run2", 3, "2026-01-02T11:00:00")
    assert w.open_path(path)
    qtbot.waitUntil(lambda: w.seg is not None and not w.segmentation.loading, timeout=10000)
    seg = w.layers.method_runs["segmentation"]
    assert [seg.itemText(k) for k in range(seg.count())] == ["paceseg", "paceseg/default-run2"]

    walks, real = [], results_mod.find_method_runs

    def recorded(*a, **k):
        walks.append(threading.current_thread() is threading.main_thread())
        return real(*a, **k)

    monkeypatch.setattr(results_mod, "find_method_runs", recorded)
    shutil.rmtree(next(f for label, f, _m, _e in w.segmentation.saved if label == "paceseg"))
    seg.setCurrentIndex(0)
    seg.activated.emit(0)
    qtbot.waitUntil(lambda: not w.segmentation.loading, timeout=10000)
    assert walks == [False], walks  # listed once, on a worker
    assert w.seg is None and "masks folder is gone" in w.statusBar().currentMessage()
    assert [seg.itemText(k) for k in range(seg.count())] == ["paceseg/default-run2"]  # the run gone left the list
    assert [r[0] for r in w.segmentation.saved] == ["paceseg/default-run2"]
