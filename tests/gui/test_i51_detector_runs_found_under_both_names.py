"""A sequence in a subfolder of a dataset root (DAUB's daub/sequence1 opened from an irst/ root) keeps the
detector runs made with it opened alone under the folder holding it (results/daub/...). The listing made
as it opens read both names (7f5cf84), but ``detection.find_saved`` (the list read again after a run, a
failed read-back) read the root's name only: the run vanished from the list. Both read both names."""
from __future__ import annotations

import numpy as np

from workbench.core.data.synthetic import write_demo


def _save_detect_run(results, dataset: str, sequence: str) -> None:
    from workbench.core.methods import DetectOutput
    from workbench.core.results import RunInfo, update_manifest, write_detections

    folder = RunInfo("pacedet", kind="detector", variant="default", dataset=dataset).folder(results)
    out = DetectOutput(np.array([[10.0, 12.0]]), np.array([0.9]))
    write_detections(folder / f"{sequence}.csv", [(i, out) for i in range(6)])
    update_manifest(folder, {"method": "pacedet", "kind": "detector", "variant": "default"}, sequence, {
        "frames": 6, "start_frame": 0, "frames_done": 6, "completed": True, "finished": "t"})


def test_find_saved_reads_the_runs_stored_with_the_sequence_opened_alone(qtbot, window, tmp_path):
    from workbench.gui import settings as wsettings

    w = window
    root = tmp_path / "irst"
    write_demo(root / "daub", frames=6, width=48, height=32, seed=3, name="s1")
    write_demo(root / "other", frames=6, width=48, height=32, seed=4, name="s2")
    _save_detect_run(wsettings.results_dir(), "daub", "s1")  # as `detect --sequence irst/daub/s1` stores it
    assert w.open_path(root, as_dataset=True)
    w.sequences.open_entry(next(e for e in w.dataset.entries if e.name == "s1"))
    qtbot.waitUntil(lambda: w.sequence is not None and w.sequence.name == "s1" and w.sequences.opening is None,
                    timeout=10000)
    assert w.tracking.saved_names(w.sequence)[:2] == ("irst", "daub")  # the root's name first
    opened = [label for label, *_ in w.detection.saved]  # listed on the opener's worker
    assert opened == ["pacedet"]
    assert [label for label, *_ in w.detection.find_saved(w.sequence)] == opened
