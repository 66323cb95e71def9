"""seq_irst's decode kept centres in -0.5 ... W - 0.5 while the labels were read in 0 ... W (``irseq._outside``): a
YOLO label's centre (continuous, x + w / 2) in the last pixel's outer half was a target whose detection was always
dropped (a sure miss), and a point at -0.4 was called outside while its detection was kept. One rule now
(``irseq.in_frame``, -0.5 ... W): a label is outside exactly where its detection would be dropped."""
from __future__ import annotations

import numpy as np
import pytest

W, H, STRIDE = 40, 32, 4


def _raw(x_centre: float, y_cell: int = 3):
    """A network output (7, H / stride, W / stride) with one confident target centred at ``x_centre``."""
    gx = int(np.clip(np.floor(x_centre / STRIDE), 0, W // STRIDE - 1))
    out = np.zeros((7, H // STRIDE, W // STRIDE), np.float32)
    out[4] = -10.0
    out[4, y_cell, gx] = 10.0
    out[5, y_cell, gx], out[6, y_cell, gx] = 10.0, -10.0
    out[0, y_cell, gx] = x_centre / STRIDE - gx - 0.5
    return out


@pytest.mark.parametrize("x, inside", [(-0.8, False), (-0.4, True), (0.0, True), (20.0, True), (39.4, True),
                                       (39.68, True), (39.99, True), (40.0, False), (40.4, False)])
def test_a_label_is_outside_exactly_where_its_detection_is_dropped(x, inside):
    from workbench.core.data.irseq import _outside
    from workbench_seq_irst.model import decode

    kept = decode(_raw(x), STRIDE, 0.5, size=(W, H))
    assert _outside(x, 14.0, (W, H)) is (not inside)
    assert len(kept) == int(inside), (x, [d.cx for d in kept])
    if kept:
        assert abs(kept[0].cx - x) < 1e-3


def test_a_yolo_box_in_the_last_pixel_is_a_label_inside_the_frame(tmp_path):
    """A 1 px box on the last column (x 39 ... 40: centre 39.5, continuous) and one whose centre is 39.7: labels
    inside the frame (they were before too) whose detections decoding now keeps (it dropped centres >= 39.5)."""
    from workbench.core.data.irseq import outside_warning
    from workbench.core.data.yolo import frame_labels
    from workbench_seq_irst.model import decode

    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "f0.txt").write_text(f"0 {39.5 / W} 0.5 {1 / W} {1 / H}\n0 {39.7 / W} 0.25 {0.6 / W} "
                                               f"{1 / H}\n")
    labels, _boxes, missing = frame_labels(tmp_path, [tmp_path / "f0.png"], W, H)
    assert missing == [] and [round(lab.cx, 3) for lab in labels[0]] == [39.5, 39.7]
    assert outside_warning(labels, tmp_path / "labels", (W, H)) is None
    for lab in labels[0]:  # a label counted inside is one its detection can match: not dropped as padding
        kept = decode(_raw(lab.cx), STRIDE, 0.5, size=(W, H))
        assert [round(d.cx, 3) for d in kept] == [round(lab.cx, 3)], lab.cx
