"""`workbench detect` stopped by SIGTERM / Ctrl-C keeps the frames it did with a ``partial`` record in the
manifest. Opened in the window, the Layers entry said "partial: interrupted (SIGTERM) before frame 4" but the
Targets dock, on a frame the run never reached, said "the run was cancelled before frame 6": the read-back run
(``DetResults``) had no stop reason. It carries the manifest's record now and the dock says what stopped it."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def _save_interrupted(results, frames_done: int) -> None:
    """A detect run of synth_a a command kept when SIGTERM stopped it after ``frames_done`` of its 8 frames."""
    from workbench.core.methods import DetectOutput
    from workbench.core.results import RunInfo, update_manifest, write_detections

    folder = RunInfo("pacedet", kind="detector", variant="default", dataset="irdata").folder(results)
    out = DetectOutput(np.array([[10.0, 12.0]]), np.array([0.9]))
    write_detections(folder / "synth_a.csv", [(i, out) for i in range(frames_done)])
    update_manifest(folder, {"method": "pacedet", "kind": "detector", "variant": "default"}, "synth_a", {
        "frames": 8, "start_frame": 0, "frames_done": frames_done, "completed": False, "finished": "t",
        "partial": {"reason": "interrupted", "frame": frames_done, "error": "interrupted (SIGTERM)"}})


def test_the_targets_dock_says_a_detect_run_was_interrupted_as_the_layers_entry_does(qtbot, method_window,
                                                                                    tmp_path):
    w = method_window
    path = save_irseq(make_sequence(seed=3, frames=8, width=64, height=48), tmp_path / "irdata" / "synth_a")
    _save_interrupted(tmp_path / "workspace" / "results", 3)
    assert w.open_path(path)
    qtbot.waitUntil(lambda: w.detections is not None, timeout=10000)
    assert sorted(w.detections.outputs) == [0, 1, 2]
    det = w.layers.method_runs["detection"]
    tip = det.itemData(det.currentIndex(), 3) or ""  # the entry's tooltip (Qt.ToolTipRole)
    assert "partial: interrupted (SIGTERM) before frame 4" in tip, tip
    w.set_frame(5)
    w.refresh_overlays()
    said = w.targets.summary.text()
    assert "interrupted (SIGTERM) before frame 4" in said and "frame 6" in said, said
    assert "cancelled" not in said, said
