"""A DAUB point label is the target pixel's index ((100, 90): pixel 100 of row 90), and core boxes count pixel i as
i ... i + 1 (``core.boxes``): the groundtruth box ``IRSequence.to_sequence`` made of it was (98.5, 88.5, 3, 3), half a
pixel up and left of the pixel's 3 x 3 box (99, 89, 3, 3), so a tracker on the target scored IoU 0.53. A pixel-index
point now gives the box centred on p + 0.5; a YOLO box's centre (x + w / 2, continuous) gives the box it came from, as
before; the points the detector is scored against are unchanged."""
from __future__ import annotations

import numpy as np

from tests.helpers import shared
from workbench.core.boxes import iou
from workbench.core.data import open_sequence
from workbench.core.data.images import write_image
from workbench.core.data.irseq import open_irseq


def _frames(folder, n=3, size=(128, 160)):
    for i in range(n):
        f = np.zeros(size, np.uint8)
        f[89 + i:92 + i, 99:102] = 255  # the target: pixels 99..101 x 89+i..91+i, centre pixel (100, 90 + i)
        write_image(folder / f"{i + 1:04d}.png", f)


def test_a_daub_point_gives_its_pixels_box(tmp_path):
    seq = tmp_path / "daub1"
    _frames(seq / "frames")
    (seq / "anno_xy.txt").write_text("".join(f"100\t{90 + i}\n" for i in range(3)))
    gt = open_irseq(seq).to_sequence().groundtruth
    np.testing.assert_allclose(gt, [[99, 89 + i, 3, 3] for i in range(3)])
    on_target = np.array([[99.0, 89 + i, 3, 3] for i in range(3)])  # a perfect tracker's boxes
    assert np.allclose(iou(on_target, gt), 1.0)
    opened = open_sequence(seq)  # the window's and eval's sequence (pointseq)
    np.testing.assert_allclose(opened.groundtruth, gt)
    # what the detector is scored against: the label's pixel, as it was
    assert [p[:2] for p in opened.meta["point_labels"][0]] == [(100.0, 90.0)]


def test_a_labels_csv_point_too(tmp_path):
    seq = tmp_path / "ours"
    _frames(seq / "frames", n=1)
    (seq / "labels.csv").write_text("frame,cx,cy,w,h,class\n0,100,90,3,3,target\n")
    np.testing.assert_allclose(open_irseq(seq).to_sequence().groundtruth, [[99, 89, 3, 3]])


def test_a_yolo_box_gives_the_box_it_came_from(tmp_path):
    root = tmp_path / "set"
    _frames(root / "images", n=1)
    (root / "labels").mkdir()
    W, H = 160, 128
    (root / "labels" / "0001.txt").write_text(f"0 {100.5 / W:.8f} {90.5 / H:.8f} {3 / W:.8f} {3 / H:.8f}\n")
    seq = open_sequence(root)
    np.testing.assert_allclose(seq.groundtruth, [[99, 89, 3, 3]], atol=1e-4)


def test_daub_sequence1_boxes_centred_on_the_labelled_pixels():
    root = shared("irst/daub/sequence1")
    pts = np.array([[float(v) for v in line.split()[:2]] for line in
                    (root / "anno_xy.txt").read_text().splitlines()[:5]])
    gt = open_sequence(root).groundtruth[:5]
    np.testing.assert_allclose(gt[:, :2] + gt[:, 2:] / 2, pts + 0.5)
