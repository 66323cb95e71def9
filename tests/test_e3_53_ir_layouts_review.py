"""The reviewer's findings on the IR sequence layouts of cc80283 / cfb1053 / 742cee7 (maskseq, cocoseq, Anti-UAV410
points), each checked on tiny generated data:

- a mask-per-frame set's listing probed every sequence against a fresh listing of all of them (quadratic), and
  opening a sequence decoded every mask (the Dataset dock and ``list`` open every row);
- masks were resized to frame 0's size (a frame of another size got its targets at the wrong place), and
  ``images/train`` + ``masks/train`` (a SIRST or YOLO-seg set split into folders) became "sequences";
- a YOLO split set with a COCO json at its root became COCO sequences; ``file_name`` was matched only as
  ``<seq>/<k>.bmp`` (``images/1/0.bmp`` and bare names: nothing scored, without an error);
- the detector's reader had its own copies of the layouts' readers (other warnings; Anti-UAV's own reader gave
  the window no point labels), and did not read the published Anti-UAV410 root;
- the groundtruth box was centroid +- size/2, and the first component in row-major order (the target switched
  between frames of a multi-target sequence)."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest


def _write(p: Path, a: np.ndarray) -> None:
    p.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(p), a)


def _seq(root: Path, seq: str, frames: int = 3, shape=(24, 32), blobs=((5, 6),)) -> None:
    for i in range(frames):
        f = np.full(shape, 40, np.uint8)
        m = np.zeros(shape, np.uint8)
        for x, y in blobs:
            m[y - 1:y + 2, x - 1:x + 2] = 255
        _write(root / "images" / seq / f"{i + 1}.png", f)
        _write(root / "masks" / seq / f"{i + 1}.png", m)


def test_probing_each_sequence_of_a_mask_per_frame_set_does_not_list_all_of_them(tmp_path, monkeypatch):
    from workbench.core.data import maskseq

    root = tmp_path / "IRDST"
    n = 60
    for s in range(n):
        _seq(root, str(s), frames=1, shape=(8, 8), blobs=((3, 3),))
    calls = {"n": 0}
    real = Path.is_dir

    def counted(self):
        calls["n"] += 1
        return real(self)

    monkeypatch.setattr(Path, "is_dir", counted)
    assert all(maskseq.probe(root / "images" / str(s)) for s in range(n))
    assert calls["n"] < 5 * n  # was every sequence folder's is_dir for each one probed: n * n


def test_opening_a_sequence_reads_no_mask_until_a_frame_s_targets_are_asked_for(tmp_path, monkeypatch):
    from workbench.core.data import maskseq
    from workbench.core.data.detect import open_dataset

    root = tmp_path / "IRDST"
    _seq(root, "1", frames=6)
    _seq(root, "2", frames=6)
    read = []
    real = cv2.connectedComponentsWithStats
    monkeypatch.setattr(cv2, "connectedComponentsWithStats", lambda *a, **k: read.append(1) or real(*a, **k))
    entries = open_dataset(root)
    seqs = [e.try_open() for e in entries]  # what the Dataset dock and `list --dataset` do
    assert [len(s) for s in seqs] == [6, 6] and seqs[0].has_groundtruth and read == []
    assert seqs[0].meta["point_labels"][2] == [(5.0, 6.0, 0)] and len(read) == 1
    assert seqs[0].meta["point_labels"][2] == [(5.0, 6.0, 0)] and len(read) == 1  # kept
    assert np.allclose(seqs[0].groundtruth[5], (4, 5, 3, 3)) and len(read) == 6
    assert isinstance(seqs[0], maskseq.MaskSequence)


def test_each_mask_is_read_at_its_own_frame_s_size(tmp_path):
    from workbench.core.data import maskseq

    root = tmp_path / "IRDST"
    _seq(root, "1", frames=1, shape=(32, 40), blobs=((10, 10),))
    f = np.full((64, 80), 40, np.uint8)
    m = np.zeros((64, 80), np.uint8)
    m[49:52, 69:72] = 255  # a target at (70, 50) in a 80x64 frame: was read at frame 0's 40x32, (35, 25)
    _write(root / "images" / "1" / "2.png", f)
    _write(root / "masks" / "1" / "2.png", m)
    seq = maskseq.open(root / "images" / "1")
    assert seq.meta["point_labels"][1] == [(70.0, 50.0, 0)]
    assert seq.meta["point_labels"][0] == [(10.0, 10.0, 0)]


@pytest.mark.parametrize("labels", [False, True])  # SIRST split in folders; YOLO-seg (labels/<split> too)
def test_a_set_split_into_train_and_test_folders_of_single_images_is_not_a_sequence_set(tmp_path, labels):
    from workbench.core.data import maskseq
    from workbench.core.data.detect import detect_layout, open_dataset

    root = tmp_path / "SIRST"
    for split in ("train", "test"):
        for k, shape in enumerate([(32, 40), (50, 60)]):
            _write(root / "images" / split / f"Misc_{k}.png", np.full(shape, 40, np.uint8))
            _write(root / "masks" / split / f"Misc_{k}.png", np.zeros(shape, np.uint8))
            if labels:
                (root / "labels" / split).mkdir(parents=True, exist_ok=True)
                (root / "labels" / split / f"Misc_{k}.txt").write_text("0 0.5 0.5 0.1 0.1\n")
    assert maskseq.dirs_of(root) is None and not maskseq.probe(root / "images" / "train")
    assert detect_layout(root / "images" / "train") != "maskseq"
    try:
        layouts = {e.layout for e in open_dataset(root)}
    except Exception:  # noqa: BLE001 - refused as before (the Ultralytics split layout): not listed as sequences
        layouts = set()
    assert "maskseq" not in layouts
    with pytest.raises(Exception, match="split"):
        maskseq.open(root / "images" / "train")


def test_the_groundtruth_is_the_largest_component_s_bounding_box_on_every_frame(tmp_path):
    from workbench.core.data import maskseq

    root = tmp_path / "TSIRMT"
    shape = (30, 40)
    for i in range(3):
        m = np.zeros(shape, np.uint8)
        m[2:4, 30 - i:32 - i] = 255  # a small target first in row-major order
        m[10:12, 5:8] = 255  # the large one, an L: its centroid is not its box's centre
        m[12:16, 5:6] = 255
        _write(root / "images" / "s1" / f"{i}.png", np.full(shape, 40, np.uint8))
        _write(root / "masks" / "s1" / f"{i}.png", m)
    seq = maskseq.open(root / "images" / "s1")
    assert np.allclose(seq.groundtruth, [(5, 10, 3, 6)] * 3)  # not the first (small) one, not centroid +- w/2
    pts = seq.meta["point_labels"][0]
    assert len(pts) == 2 and pts[0][1] > 10  # the largest first, then the other
    assert seq.meta["point_sizes"][0] == [(3.0, 6.0), (2.0, 2.0)]


def _coco(root: Path, names, seqs=("1",), labels_dirs=False) -> Path:
    ims, anns = [], []
    for seq in seqs:
        for k in range(3):
            _write(root / "images" / seq / f"{k}.bmp", np.full((16, 20), 40, np.uint8))
    for k, n in enumerate(names):
        ims.append({"id": k + 1, "file_name": n})
        anns.append({"id": k + 1, "image_id": k + 1, "category_id": 1, "bbox": [2.0 + k, 3.0, 4.0, 2.0]})
    (root / "instances_test2017.json").write_text(json.dumps({"images": ims, "annotations": anns}))
    if labels_dirs:
        for seq in seqs:
            (root / "labels" / seq).mkdir(parents=True)
            (root / "labels" / seq / "0.txt").write_text("0 0.5 0.5 0.1 0.1\n")
    return root


@pytest.mark.parametrize("form", ["images/1/{k}.bmp", "{k}.bmp", "./1/{k}.bmp"])
def test_coco_file_names_under_images_or_bare_are_matched(tmp_path, form):
    from workbench.core.data import cocoseq

    root = _coco(tmp_path / "ITSDT", [form.format(k=k) for k in range(3)])
    seq = cocoseq.open(root / "images" / "1")
    assert seq.meta["unlabelled_frames"] == [] and seq.meta["point_labels"][2] == [(6.0, 4.0, 0)]


def test_coco_file_names_naming_no_frame_are_an_error_naming_the_json(tmp_path):
    from workbench.core.data import cocoseq
    from workbench.core.errors import DataError

    root = _coco(tmp_path / "ITSDT", [f"video_{k}.jpg" for k in range(3)], seqs=("1", "2"))
    with pytest.raises(DataError, match=r"instances_test2017\.json.*'<seq>/<k>\.bmp'") as got:
        cocoseq.open(root / "images" / "2")
    assert got.value.path.name == "instances_test2017.json"


def test_a_sequence_no_coco_file_lists_in_a_set_they_match_is_unscored_not_an_error(tmp_path):
    from workbench.core.data import cocoseq

    root = _coco(tmp_path / "ITSDT", [f"images/1/{k}.bmp" for k in range(3)], seqs=("1", "2"))
    seq = cocoseq.open(root / "images" / "2")
    assert seq.meta["unlabelled_frames"] == [0, 1, 2] and any("not scored" in w for w in seq.meta["warnings"])


def test_a_yolo_split_set_with_a_coco_json_at_its_root_is_not_coco_sequences(tmp_path):
    from workbench.core.data import cocoseq
    from workbench.core.data.detect import detect_layout

    root = _coco(tmp_path / "yolo", [f"train/{k}.bmp" for k in range(3)], seqs=("train", "val"), labels_dirs=True)
    assert cocoseq.sequence_paths(root) == [] and not cocoseq.probe(root / "images" / "train")
    assert detect_layout(root / "images" / "train") != "cocoseq"


def test_the_detector_reads_each_layout_through_its_own_reader(tmp_path):
    from workbench.core.data import cocoseq
    from workbench.core.data.irseq import open_irseq

    root = _coco(tmp_path / "ITSDT", ["1/0.bmp", "1/1.bmp"])  # 2.bmp listed nowhere: unscored, said
    ir, own = open_irseq(root / "images" / "1"), cocoseq.open(root / "images" / "1")
    assert ir.meta["warnings"] == own.meta["warnings"] and ir.meta["unlabelled_frames"] == [2]
    assert [(lab.cx, lab.cy, lab.w, lab.h) for lab in ir.labels[1]] == [(5.0, 4.0, 4.0, 2.0)]


def _antiuav(root: Path, seq: str) -> Path:
    d = root / seq
    for i in range(3):
        _write(d / f"{i + 1:06d}.jpg", np.full((24, 32), 50, np.uint8))
    (d / "IR_label.json").write_text(json.dumps({"exist": [1, 0, 1], "gt_rect": [[2, 4, 6, 2], [], [3, 4, 6, 2]]}))
    return d


def test_anti_uav_sequences_give_the_window_point_labels(tmp_path):
    from workbench.core.data import antiuav

    seq = antiuav.open(_antiuav(tmp_path / "test", "02_6319_0-1499"))
    assert seq.meta["point_labels"] == [[(5.0, 5.0, 0)], [], [(6.0, 5.0, 0)]]
    assert seq.meta.get("unlabelled_frames") in (None, [])  # absent: scored, a frame without target


def test_the_published_anti_uav410_root_lists_its_split_folders_sequences(tmp_path):
    from workbench.core.data.irseq import list_irseq

    root = tmp_path / "Anti-UAV410"
    want = [_antiuav(root / "train", "a1"), _antiuav(root / "val", "b1"), _antiuav(root / "test", "c1"),
            _antiuav(root / "test", "c2")]
    assert list_irseq(root) == want
