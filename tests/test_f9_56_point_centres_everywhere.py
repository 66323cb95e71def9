"""c953999 centred a pixel-index point label p (DAUB, labels.csv) on p + 0.5 and left box centres (YOLO, COCO,
Anti-UAV) where they are, but partners stayed on the old rule: a seq_irst YOLO run recorded no centres, so its
groundtruth moved half a pixel off the file's box (340, 248 -> 340.5, 248.5); save_irseq and a seq_irst project wrote a
box-centred sequence's labels.csv without a word, read back as pixel indices (99, 89, 3, 3 -> 99.5, 89.5, 3, 3); the
flat export's result check said 'groundtruth file has no boxes' of a result file."""
from __future__ import annotations

import json

import numpy as np

W, H = 160, 128
BOX = (99.0, 89.0, 3.0, 3.0)  # the target's 3 x 3 pixels 99..101, 89..91 in core boxes (pixel i spans i ... i + 1)


def _yolo(root, n=3):
    """A YOLO folder (images/ + labels/) of one run whose target box is ``BOX`` in every frame."""
    from workbench.core.data.images import write_image

    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    for i in range(n):
        f = np.zeros((H, W), np.uint8)
        f[89:92, 99:102] = 255
        write_image(root / "images" / f"{i + 1:06d}.png", f)
        (root / "labels" / f"{i + 1:06d}.txt").write_text(
            f"0 {100.5 / W:.8f} {90.5 / H:.8f} {3 / W:.8f} {3 / H:.8f}\n")
    return root


def _antiuav(root, n=4):
    import cv2

    seq = root / "test" / "01_a"
    seq.mkdir(parents=True)
    for i in range(n):
        cv2.imwrite(str(seq / f"{i + 1:06d}.png"), np.full((H, W), 50, np.uint8))
    (seq / "IR_label.json").write_text(json.dumps({"exist": [1] * n, "gt_rect": [list(BOX)] * n}))
    return seq


def _daub(root, n=3):
    """A labels.csv sequence whose target pixel (index) is (100, 90): its box is ``BOX``."""
    from workbench.core.data.images import write_image

    for i in range(n):
        write_image(root / "frames" / f"{i + 1:04d}.png", np.zeros((H, W), np.uint8))
    (root / "labels.csv").write_text("frame,cx,cy,w,h,class\n" + "".join(
        f"{i},100,90,3,3,target\n" for i in range(n)))
    return root


def _gt0(irs):
    return tuple(float(v) for v in irs.to_sequence().groundtruth[0])


def test_a_yolo_run_is_the_files_box(tmp_path):
    from workbench_seq_irst.runs import open_runs

    from workbench.core.data.irseq import CONTINUOUS, centres_of

    run = open_runs(_yolo(tmp_path / "y"))[0]
    assert centres_of(run.meta) == CONTINUOUS
    assert np.allclose(_gt0(run), BOX)  # was (99.5, 89.5, 3, 3)


def test_save_irseq_reads_back_the_same_boxes_in_both_conventions(tmp_path):
    from workbench_seq_irst.runs import open_runs

    from workbench.core.data.irseq import CONTINUOUS, PIXEL_INDEX, centres_of, open_irseq, save_irseq

    run = open_runs(_yolo(tmp_path / "y"))[0]  # box centres
    back = open_irseq(save_irseq(run, tmp_path / "saved_y"))
    assert centres_of(back.meta) == CONTINUOUS and np.allclose(_gt0(back), BOX)  # was (99.5, 89.5, 3, 3)
    assert [(lab.cx, lab.cy) for lab in back.labels[0]] == [(100.5, 90.5)]  # the labels as they were
    daub = open_irseq(_daub(tmp_path / "d"))  # pixel indices
    assert np.allclose(_gt0(daub), BOX)
    out = save_irseq(daub, tmp_path / "saved_d")
    assert "point_centres" not in (out / "labels.csv").read_text()  # a DAUB-style file as it was
    back = open_irseq(out)
    assert centres_of(back.meta) == PIXEL_INDEX and np.allclose(_gt0(back), BOX)


def test_a_project_keeps_its_sources_boxes(tmp_path):
    """A project counts its labels as pixel indices (the review's clicks, the proposals, the crops do): a box-centred
    source's labels are converted as it is added, its boxes the same (F13: edits under the source's note were saved
    half a pixel off)."""
    from workbench_seq_irst.project import Project

    from workbench.core.data.irseq import PIXEL_INDEX, Label, centres_of, open_irseq

    pr = Project.create(tmp_path / "p")
    au = _antiuav(tmp_path / "AntiUAV")
    assert np.allclose(_gt0(open_irseq(au)), BOX)
    (name,) = pr.add_sequences(au)
    (run,) = pr.add_sequences(_yolo(tmp_path / "y"))
    (dname,) = pr.add_sequences(_daub(tmp_path / "d"))
    for nm in (name, run):
        seq = pr.sequence(nm)  # open_irseq(path, labels=<project csv>) / the run with its labels
        assert centres_of(seq.meta) == PIXEL_INDEX and np.allclose(_gt0(seq), BOX), nm  # was (99.5, 89.5, 3, 3)
        assert [(lab.cx, lab.cy) for lab in seq.labels[0]] == [(100.0, 90.0)], nm
    assert np.allclose(_gt0(pr.sequence(dname)), BOX)
    # an edit in pixel indices: the target moved one pixel right is that box
    labs = [[Label(i, 101.0, 90.0, 3.0, 3.0, 0)] for i in range(4)]
    pr.set_labels(name, labs)
    assert np.allclose(_gt0(pr.sequence(name)), (100.0, 89.0, 3.0, 3.0))


def test_labels_csv_note_is_read_after_the_header_by_any_reader(tmp_path):
    from workbench.core.data.irseq import CONTINUOUS, Label, labels_centres, read_labels, write_labels

    p = write_labels(tmp_path / "l.csv", [[Label(0, 1.5, 2.5, 3.0, 3.0, 0)]], CONTINUOUS)
    assert p.read_text().splitlines()[0] == "frame,cx,cy,w,h,class"
    assert labels_centres(p) == CONTINUOUS
    assert [(lab.cx, lab.cy) for lab in read_labels(p, 1)[0]] == [(1.5, 2.5)]


def test_the_flat_exports_check_names_a_result_file(tmp_path, monkeypatch):
    """Its boxes are read as a result file: any refusal of parse_boxes that names the file's kind ('... has no
    boxes') says 'result file', not 'groundtruth file' (the reader's default)."""
    from types import SimpleNamespace

    from workbench.core.data import groundtruth
    from workbench.core.rgbt_export import _as_staged

    told = []
    real = groundtruth.parse_boxes

    def parse(*a, **k):
        told.append(k.get("what", "groundtruth file"))
        return real(*a, **k)

    monkeypatch.setattr(groundtruth, "parse_boxes", parse)
    plan = SimpleNamespace(folder=tmp_path / "kcf", plans=[("seq1", np.array([[1.0, 2.0, 3.0, 4.0]]), None)])
    (name, boxes), = _as_staged(plan)
    assert name == "seq1" and np.allclose(boxes, [[1, 2, 3, 4]])
    assert told == ["result file"]
