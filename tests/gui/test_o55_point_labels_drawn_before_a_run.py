"""A point-labelled sequence (DAUB) showed its labelled target only as a 3 x 3 dashed box, invisible at fit
zoom, until a detector had run (its "+" crosses were drawn only beside a run's points), while the legend
named the groundtruth all the same: the crosses are drawn from the start, frame by frame."""
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


def _crosses(w) -> np.ndarray:
    data = w.view.label_points.data
    return np.array([[float(p["x"]), float(p["y"])] for p in data]).reshape(-1, 2)


def test_point_labels_drawn_as_crosses_before_any_run(qtbot, window, tmp_path):
    w = window
    assert w.open_path(_labelled(tmp_path))
    labels = w.sequence.meta["point_labels"]
    assert labels is not None and w.detections is None  # nothing has run
    qtbot.waitUntil(lambda: len(_crosses(w)) == len(labels[0]))
    # a pixel-index point p is drawn on its pixel's centre p + 0.5, the groundtruth box's centre (c953999)
    assert np.allclose(_crosses(w), [(p[0] + 0.5, p[1] + 0.5) for p in labels[0]])
    gt = w.sequence.gt_box(0)
    assert np.isclose(_crosses(w), (gt.x + gt.w / 2, gt.y + gt.h / 2)).all(axis=1).any()
    w.set_frame(5)  # follows the frame
    assert np.allclose(_crosses(w), [(p[0] + 0.5, p[1] + 0.5) for p in labels[5]])
    # named in the legend as drawn: the crosses' entry, not the dashed box's line
    qtbot.waitUntil(lambda: [label.text for _s, label in w.view.legend.items][:1] == ["groundtruth"])
    assert w.view._drawn["points"]
    w.layers.show_gt.setChecked(False)  # the groundtruth layer off: no crosses
    qtbot.waitUntil(lambda: len(_crosses(w)) == 0)
