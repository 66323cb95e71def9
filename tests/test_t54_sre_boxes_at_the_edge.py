"""SRE on IR small targets at the image's edge, and TRE / SRE refusals that say why and name the sequence."""
import numpy as np
import pytest

from workbench.core.boxes import Box
from workbench.core.data.sequence import ArrayFrames, Sequence
from workbench.core.errors import DataError, WorkbenchError
from workbench.core.evaluation import robustness as rb
from workbench.core.methods import TrackOutput
from workbench.core.runs import run_robustness


def test_a_one_pixel_box_on_the_last_row_or_column_keeps_a_pixel_in_every_sre_box():
    # 0-based (31, 10, 1, 1) in a 32 x 16 image: 'right' moves it to x = 33 (1-based), past the last column; the
    # toolkit then cuts its width to 32 - 33 + 1 = 0, a first box every tracker refuses
    for box in [(31, 10, 1, 1), (10, 15, 1, 1), (31, 15, 1, 1), (2, 0, 3, 1)]:
        size = (32, 16) if box[1] != 0 else (33, 1)
        for name, (x, y, w, h) in rb.sre_boxes(box, size=size):
            assert w >= 1 and h >= 1, (box, name, (x, y, w, h))
            assert 0 <= x <= size[0] - 1 and 0 <= y <= size[1] - 1, (box, name, (x, y, w, h))
    right = dict(rb.sre_boxes((31, 10, 1, 1), size=(32, 16)))["right"]
    assert right == pytest.approx((31, 10, 1, 1))  # its last column's pixel


def test_a_sub_pixel_box_scaled_down_keeps_a_pixel():
    boxes = dict(rb.sre_boxes((10, 10, 0.5, 0.5)))
    assert boxes["scale 0.8"][2:] == pytest.approx((1, 1))  # round(0.4) = 0 in the toolkit
    # boxes of a pixel or more are the toolkit's, unchanged
    assert dict(rb.sre_boxes((100, 50, 40, 20)))["scale 0.8"] == pytest.approx((104, 52, 32, 16))


class _Still:
    name = "still"

    def initialize(self, frame, box):
        self.box = tuple(box)

    def track(self, frame):
        return TrackOutput(self.box, 1.0)


def _seq(gt, h=1, w=33, path=None):
    frames = np.full((len(gt), h, w), 30, np.uint8)
    return Sequence(name="row", frames=ArrayFrames.from_array(frames), modality="gray", groundtruth=np.asarray(gt, float), path=path,
                    meta={"groundtruth_file": str(path / "groundtruth.txt")} if path else {})


def test_sre_on_a_one_row_frame_runs_all_twelve_boxes():
    res = run_robustness(_Still, _seq([(2, 0, 3, 1)] * 4), "sre")
    assert len(res.runs) == 12 and all(r.completed for r in res.runs)
    assert all(Box(*r.init_box).is_valid() for r in res.runs)


def test_tre_and_sre_say_why_no_box_starts_a_run_and_name_the_box_file(tmp_path):
    seq = _seq([(-1, -1, 8, 8)] * 4, h=16, w=16, path=tmp_path)  # x, y 0 in the file's 1-based pixels
    for protocol in ("sre", "tre"):
        with pytest.raises(DataError) as err:
            run_robustness(_Still, seq, protocol)
        text = str(err.value)
        assert str(tmp_path / "groundtruth.txt") in text
        assert "x or y <= 0" in text and "frame 0's: -1, -1, 8, 8" in text
    with pytest.raises(WorkbenchError) as err:  # no box at all: said as before
        rb.plan("sre", np.full((3, 4), np.nan))
    assert str(err.value) == "SRE: no groundtruth box to perturb"
