"""File > Export > Current frame drew a point-labelled sequence's labels (the "+" crosses) only beside a
detector's run, as the viewer did; the viewer draws them from the start now (0f16040), and the exported frame,
which draws the frame as shown, does too."""
from __future__ import annotations

from pathlib import Path

import numpy as np

DAUB = Path("/work/shared/data/irst/daub/sequence1")


def _labelled(tmp_path) -> Path:
    """DAUB's sequence1 where the shared data is there, else a synthetic sequence saved in DAUB's layout."""
    if (DAUB / "anno_xy.txt").is_file():
        return DAUB
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence

    return save_irseq(make_sequence(seed=3, frames=12, width=96, height=80), tmp_path / "irdata" / "synth_a")


def test_exported_frame_has_the_labelled_points_before_any_run(window, tmp_path):
    w = window
    assert w.open_path(_labelled(tmp_path))
    labels = w.sequence.meta["point_labels"]
    assert w.detections is None  # nothing has run
    w.set_frame(3)
    marks = w.exporter.frame_scene().marks
    assert marks is not None and marks.labels is not None
    assert np.allclose(marks.labels, [(p[0], p[1]) for p in labels[3]])
    w.layers.show_gt.setChecked(False)  # the groundtruth layer off: none, as on screen
    marks = w.exporter.frame_scene().marks
    assert marks is None or marks.labels is None
