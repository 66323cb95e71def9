"""The exported frame's and video's legend drew the groundtruth's swatch as a solid line, a tracker's line,
while its box is dashed (the window's legend shows it dashed): the swatch is dashed as its box is."""
from __future__ import annotations

import numpy as np

from workbench.core.video import draw_frame


def _swatch_gaps(img, y: int) -> int:
    """Columns of the swatch (x 12-30, rows y-1..y+1) left dark: the gaps between dashes."""
    band = img[y - 1:y + 2, 12:31].max(axis=(0, 2))
    return int((band < 100).sum())


def test_the_groundtruth_swatch_is_dashed_a_trackers_solid():
    frame = np.zeros((120, 240, 3), np.uint8)
    out = draw_frame(frame, {"kcf": ((150, 60, 30, 30), "#1f77b4")}, gt=(40, 60, 30, 30))
    gt_y, kcf_y = 6 + 18 - 5, 6 + 36 - 5  # the first and second legend rows' swatches
    assert _swatch_gaps(out, gt_y) >= 2, "the groundtruth's swatch is drawn solid"
    assert _swatch_gaps(out, kcf_y) == 0
    captioned = draw_frame(frame, {}, gt=(40, 60, 30, 30), caption="seq #1")
    assert _swatch_gaps(captioned, 6 + 36 - 5) >= 2  # under the caption's row
