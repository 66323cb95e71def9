"""A seq_irst project's review counted every label centre as a pixel index (a click on pixel (100, 90) is
``offset + x / ZOOM - 0.5`` = 100.0, the detector's proposals and the crops alike), but 4081c5c wrote a YOLO / Anti-UAV
source's labels as box centres under the 'continuous' note and set_labels kept the note: a click on the target's pixel
of the Anti-UAV box (99, 89, 3, 3) saved (98.5, 88.5, 3, 3), half a pixel off. Now the project converts a source's box
centres to pixel indices once, as it adds the sequence, and its labels are pixel indices throughout; a project file of
box centres written before is converted as it is read."""
from __future__ import annotations

import json

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

W, H = 160, 128
BOX = (99.0, 89.0, 3.0, 3.0)  # the target's pixels 99..101 x 89..91 (core boxes: pixel i spans i ... i + 1)


def _antiuav(root, n=3):
    seq = root / "test" / "01_a"
    seq.mkdir(parents=True)
    for i in range(n):
        cv2.imwrite(str(seq / f"{i + 1:06d}.png"), np.full((H, W), 50, np.uint8))
    (seq / "IR_label.json").write_text(json.dumps({"exist": [1] * n, "gt_rect": [list(BOX)] * n}))
    return seq


def _yolo(root, n=3):
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    for i in range(n):
        cv2.imwrite(str(root / "images" / f"{i + 1:06d}.png"), np.full((H, W), 50, np.uint8))
        (root / "labels" / f"{i + 1:06d}.txt").write_text(f"0 {100.5 / W:.8f} {90.5 / H:.8f} {3 / W:.8f} {3 / H:.8f}\n")
    return root


def _daub(root, n=3):
    (root / "frames").mkdir(parents=True)
    for i in range(n):
        cv2.imwrite(str(root / "frames" / f"{i + 1:04d}.png"), np.full((H, W), 50, np.uint8))
    (root / "labels.csv").write_text("frame,cx,cy,w,h,class\n" + "".join(f"{i},100,90,3,3,target\n" for i in range(n)))
    return root


def _gt0(seq):
    return tuple(float(v) for v in seq.to_sequence().groundtruth[0])


@pytest.mark.parametrize("source", [_antiuav, _yolo])
def test_a_click_on_the_targets_pixel_saves_the_sources_box(tmp_path, source):
    from workbench_seq_irst.project import Project
    from workbench_seq_irst.refine import ReviewItem, ReviewQueue

    pr = Project.create(tmp_path / "p")
    (name,) = pr.add_sequences(source(tmp_path / "src"))
    seq = pr.sequence(name)
    assert np.allclose(_gt0(seq), BOX)
    assert [(lab.cx, lab.cy) for lab in seq.labels[0]] == [(100.0, 90.0)]  # the target's pixel, as a click counts
    q = ReviewQueue([ReviewItem(name, 0, "label", seq.labels[0][0])], {name: seq.labels})
    q.move(0, cx=100.0, cy=90.0)  # the panel's click on the centre of pixel (100, 90)
    q.save(pr)
    back = Project.open(pr.root).sequence(name)
    assert np.allclose(_gt0(back), BOX), _gt0(back)  # was (98.5, 88.5, 3, 3) for Anti-UAV, (99.5, 89.5) for YOLO


@pytest.mark.parametrize("source", [_antiuav, _daub])
def test_labels_saved_as_read_come_back_unchanged(tmp_path, source):
    from workbench_seq_irst.project import Project

    pr = Project.create(tmp_path / "p")
    (name,) = pr.add_sequences(source(tmp_path / "src"))
    before = pr.sequence(name).labels
    pr.set_labels(name, before)
    back = Project.open(pr.root)
    assert back.sequence(name).labels == before and np.allclose(_gt0(back.sequence(name)), BOX)
    assert back.original_labels(name) == before


def test_a_project_file_of_box_centres_written_before_is_read_as_pixels(tmp_path):
    """Projects made since 4081c5c hold an Anti-UAV source's labels as box centres under the note: read as the
    same boxes, counted as the pixels the review clicks."""
    from workbench_seq_irst.project import Project

    from workbench.core.data.irseq import CONTINUOUS, Label, write_labels

    pr = Project.create(tmp_path / "p")
    (name,) = pr.add_sequences(_antiuav(tmp_path / "src"))
    boxes = [[Label(i, 100.5, 90.5, 3.0, 3.0, 0)] for i in range(3)]
    for f in (f"{name}.csv", f"{name}.original.csv"):
        write_labels(pr.root / "labels" / f, boxes, CONTINUOUS)
    seq = pr.sequence(name)
    assert [(lab.cx, lab.cy) for lab in seq.labels[0]] == [(100.0, 90.0)] and np.allclose(_gt0(seq), BOX)
    assert pr.original_labels(name) == seq.labels
    pr.set_labels(name, seq.labels)  # saved as pixel indices, read back as the same boxes
    assert np.allclose(_gt0(Project.open(pr.root).sequence(name)), BOX)


def test_the_headless_oracles_truth_of_a_real_source_counts_as_the_project(tmp_path):
    """The workflow's oracle moves review items onto its truth: an Anti-UAV source's own box centres would move
    them half a pixel off the project's pixel indices."""
    from workbench_seq_irst.workflow import setup_real_project

    pr, truth = setup_real_project(tmp_path / "p", [_antiuav(tmp_path / "src")], None, None)
    assert sorted(truth) == sorted(pr.names()) and len(truth) == 2
    for name in pr.names():
        assert truth[name] == pr.sequence(name).labels, name  # was (100.5, 90.5) against (100, 90)
        assert [(lab.cx, lab.cy) for lab in truth[name][0]] == [(100.0, 90.0)]
