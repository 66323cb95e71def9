"""A `detect seq_irst --out` stopped by Ctrl-C / SIGTERM keeps the interrupted sequence's CSV with ``completed:
false`` and a ``partial`` record in its manifest (4a14f14). The window reads such a run back as partial: scored on
the frames it did (not as a whole sequence, its missing frames counted as missed targets), shown as stopped, and
its Layers entry says why it stopped: it said 'cancelled', as for a run cancelled in the window."""
from pathlib import Path

import numpy as np

from workbench.core.data import open_sequence
from workbench.core.data.images import write_image
from workbench.core.methods import DetectOutput
from workbench.core.results import read_manifest, update_manifest, write_detections
from workbench.gui.controllers.detection import read_saved_detections
from workbench.gui.controllers.method_runs import saved_run_entries


def test_an_interrupted_detect_run_is_read_back_as_partial(tmp_path):
    root = tmp_path / "data" / "seqB"
    for i in range(4):
        x = np.full((16, 16), 40, np.uint8)
        x[5 + i, 6] = 220
        write_image(root / "frames" / f"{i + 1:04d}.png", x)
    (root / "anno_xy.txt").write_text("".join(f"6\t{5 + i}\n" for i in range(4)))
    seq = open_sequence(root)
    folder = tmp_path / "results" / "data" / "seq_irst" / "default"
    hit = [(i, DetectOutput(np.array([[6.0, 5.0 + i]]), np.array([0.9]))) for i in range(2)]
    write_detections(folder / "seqB.csv", hit)
    update_manifest(folder, {"method": "seq_irst", "kind": "detector", "variant": "default"}, "seqB", {
        "frames": 4, "start_frame": 0, "frames_done": 2, "completed": False,
        "partial": {"reason": "interrupted", "frame": 2, "error": "interrupted (SIGTERM)"}, "finished": "t"})
    manifest = read_manifest(folder)
    entry = manifest["sequences"]["seqB"]
    r, score, _ = read_saved_detections(seq, ("seq_irst", folder, manifest, entry))
    assert r.status == "cancelled" and sorted(r.outputs) == [0, 1]  # shown as stopped, its frames only
    s = score.summary()
    assert (s["tp"], s["fp"], s["fn"]) == (2, 0, 0), s  # frames 2 and 3 were never detected: not missed targets
    (label, tip), = saved_run_entries([("seq_irst", folder, manifest, entry)], Path(folder), "seq_irst")[0]
    assert "2 / 4 frames, partial: interrupted (SIGTERM) before frame 3" in tip, tip
