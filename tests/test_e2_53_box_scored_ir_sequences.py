"""``workbench segment`` on the box- and point-labelled IR small-target sequence layouts the readers know (ITSDT-15K's
``images/<seq>/`` + COCO ``instances_*.json``, Anti-UAV's ``<split>/<seq>/`` + ``IR_label.json``, ``labels.csv``
sequences): they were segmented as plain unlabelled images ("no masks to score against: nothing scored"), the root
and one sequence folder alike. Now box-scored by the YOLO sets' rule (``BOX_CONVENTION``, unchanged), the layout's
reading said with it. A mask-per-frame set (IRDST) stays mask-scored. Tiny generated mimics, hand-checked counts:
a 3 x 3 blob of 200 on 40 a target, the segmenter a threshold at 150 (9 px a find)."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

H, W = 24, 32


def _frame(*blobs) -> np.ndarray:
    f = np.full((H, W), 40, np.uint8)
    for x, y in blobs:
        f[y - 1:y + 2, x - 1:x + 2] = 200
    return f


def _itsdt(root: Path) -> Path:
    """Sequence 1 (train): 5 frames, a blob and its box each (5 hits). Sequence 58 (test): frame 0 a hit; 1 its box
    away from its blob (a miss and 9 false pixels); 2 listed without a box, a blob (9 false pixels); 3 listed
    without a box, nothing; 4 in no file, a blob (not scored)."""
    sets = {"train": ([], []), "test": ([], [])}
    plan = {"1": [((6 + 4 * k, 8), [5 + 4 * k, 7, 3, 3]) for k in range(5)],
            "58": [((10, 8), [9, 7, 3, 3]), ((10, 8), [25, 15, 3, 3]), ((20, 12), None), (None, None),
                   ((5, 5), "unlisted")]}
    for seq, split in (("1", "train"), ("58", "test")):
        (root / "images" / seq).mkdir(parents=True)
        for k, (blob, box) in enumerate(plan[seq]):
            cv2.imwrite(str(root / "images" / seq / f"{k}.bmp"), _frame(*([blob] if blob else [])))
            if box == "unlisted":
                continue
            ims, anns = sets[split]
            ims.append({"id": len(ims) + 1, "file_name": f"{seq}/{k}.bmp", "width": W, "height": H})
            if box is not None:
                anns.append({"id": len(anns) + 1, "image_id": len(ims), "category_id": 1, "bbox": box})
    for split, (ims, anns) in sets.items():
        (root / f"instances_{split}2017.json").write_text(json.dumps(
            {"images": ims, "annotations": anns, "categories": [{"id": 1, "name": "target"}]}))
    return root


def _antiuav(root: Path) -> Path:
    """test/02_x: frame 1 a hit, 2 a hit, 3 absent with a blob (9 false pixels), 4 absent, nothing; val/03_y: one
    frame, its box 10 px from its blob (a miss, 9 false pixels)."""
    for split, seq, frames, rects in (
            ("test", "02_x", [(5, 5), (12, 9), (20, 20), None], [[4, 4, 3, 3], [11, 8, 3, 3], [], []]),
            ("val", "03_y", [(5, 5)], [[15, 15, 3, 3]])):
        d = root / split / seq
        d.mkdir(parents=True)
        for i, blob in enumerate(frames):
            cv2.imwrite(str(d / f"{i + 1:06d}.jpg"), _frame(*([blob] if blob else [])))
        (d / "IR_label.json").write_text(json.dumps({"exist": [1 if r else 0 for r in rects], "gt_rect": rects}))
    return root


def _labels_csv(root: Path) -> Path:
    """3 frames: frame 0 a target (hit); frame 1 a target and an interference object, both found (1 hit, 9 false
    pixels); frame 2 no label, nothing."""
    d = root / "seq_a"
    d.mkdir(parents=True)
    for i, blobs in enumerate([[(8, 8)], [(8, 8), (24, 16)], []]):
        cv2.imwrite(str(d / f"{i:04d}.png"), _frame(*blobs))
    (d / "labels.csv").write_text("frame,cx,cy,w,h,class\n0,8,8,3,3,target\n1,8,8,3,3,target\n"
                                  "1,24,16,3,3,interference\n")
    return d


def _threshold(monkeypatch, name="thr"):
    """``workbench segment --model thr``: a gray segmenter whose saliency is 1 where the frame is over 150."""
    from workbench.core import registry as registry_mod
    from workbench.core.methods import SegOutput
    from workbench.core.registry import Plugin, Registry

    class _Thr:
        modalities = ("gray",)

        def predict(self, frame):
            g = frame if frame.ndim == 2 else frame[..., 0]
            sal = (g > 150).astype(np.float32)
            return SegOutput(sal, sal > 0.5)

    reg = Registry()
    plugin = Plugin(name=name, kind="segmenter", factory=lambda c, d: _Thr())
    reg.add(plugin)
    monkeypatch.setattr(registry_mod, "_DEFAULT", reg)
    return registry_mod.resolve(plugin.commands["segment"])


def _run(monkeypatch, tmp_path, capsys, dataset, *more):
    cmd = _threshold(monkeypatch)
    out = tmp_path / f"r{len(list(tmp_path.glob('r*.json')))}.json"
    assert cmd(["--dataset", str(dataset), "--json", str(out), *more]) == 0
    return json.loads(out.read_text()), capsys.readouterr().out


@pytest.mark.parametrize("split, images, targets, matched, false_px", [
    (None, 9, 7, 6, 18),  # train 5 of 5, test 1 of 2; frame 58/4 (in no file) left out
    ("test", 4, 2, 1, 18),  # instances_test2017.json's frames only
])
def test_itsdt_coco_sequences_are_box_scored(monkeypatch, tmp_path, capsys, split, images, targets, matched, false_px):
    res, printed = _run(monkeypatch, tmp_path, capsys, _itsdt(tmp_path / "ITSDT-15K"),
                        *(["--split", split] if split else []))
    assert (res["images"], res["targets"], res["matched"]) == (images, targets, matched)
    assert res["pd"] == pytest.approx(matched / targets)
    assert res["fa"] == pytest.approx(false_px / (images * H * W))
    assert "58/4" not in [r["name"] for r in res["per_image"]]
    assert "COCO instances_*.json (ITSDT-15K, cocoseq)" in res["convention"] and "box-scored" in printed
    assert "nothing scored" not in printed


def test_one_itsdt_sequence_folder_is_scored_against_its_boxes(monkeypatch, tmp_path, capsys):
    root = _itsdt(tmp_path / "ITSDT-15K")
    res, printed = _run(monkeypatch, tmp_path, capsys, root / "images" / "58")
    assert (res["images"], res["targets"], res["matched"]) == (4, 2, 1)
    assert [r["name"] for r in res["per_image"]] == ["0", "1", "2", "3"]
    assert [r["false_pixels"] for r in res["per_image"]] == [0, 9, 9, 0]


@pytest.mark.parametrize("sub, split, images, targets, matched, false_px", [
    ("", None, 5, 3, 2, 18),  # both splits: test 2 of 2, val 0 of 1
    ("", "test", 4, 2, 2, 9),
    ("test", None, 4, 2, 2, 9),  # the split folder
    ("test/02_x", None, 4, 2, 2, 9),  # one sequence
])
def test_anti_uav_sequences_are_box_scored_absent_frames_their_false_alarms(monkeypatch, tmp_path, capsys, sub, split,
                                                                           images, targets, matched, false_px):
    root = _antiuav(tmp_path / "AntiUAV410")
    res, printed = _run(monkeypatch, tmp_path, capsys, root / sub if sub else root,
                        *(["--split", split] if split else []))
    assert (res["images"], res["targets"], res["matched"]) == (images, targets, matched)
    assert res["fa"] == pytest.approx(false_px / (images * H * W))
    assert "IR_label.json (Anti-UAV)" in res["convention"]


def test_a_labels_csv_sequence_is_point_scored_interference_no_target(monkeypatch, tmp_path, capsys):
    res, _ = _run(monkeypatch, tmp_path, capsys, _labels_csv(tmp_path / "own"))
    assert (res["images"], res["targets"], res["matched"]) == (3, 2, 2)
    assert res["fa"] == pytest.approx(9 / (3 * H * W))
    assert "labels.csv" in res["convention"]


def test_a_yolo_set_is_scored_as_before(monkeypatch, tmp_path, capsys):
    from workbench.core.evaluation.irst_boxes import BOX_CONVENTION

    root = tmp_path / "ista"
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    cv2.imwrite(str(root / "images" / "a.png"), _frame((8, 8), (24, 16)))
    (root / "labels" / "a.txt").write_text(f"0 {8.5 / W} {8.5 / H} {3 / W} {3 / H}\n")
    res, _ = _run(monkeypatch, tmp_path, capsys, root)
    assert (res["images"], res["targets"], res["matched"], res["convention"]) == (1, 1, 1, BOX_CONVENTION)
    assert res["fa"] == pytest.approx(9 / (H * W))


def test_a_mask_per_frame_set_stays_mask_scored(monkeypatch, tmp_path, capsys):
    root = tmp_path / "IRDST"
    for seq in ("1", "2"):
        for d in ("images", "masks"):
            (root / d / seq).mkdir(parents=True)
        for i in range(3):
            cv2.imwrite(str(root / "images" / seq / f"{i + 1}.png"), _frame((8 + 4 * i, 8)))
            m = np.zeros((H, W), np.uint8)
            m[7:10, 7 + 4 * i:10 + 4 * i] = 255
            cv2.imwrite(str(root / "masks" / seq / f"{i + 1}.png"), m)
    res, _ = _run(monkeypatch, tmp_path, capsys, root)
    assert res["images"] == 6 and res["targets"] == 6 and res["pd"] == 1.0 and res["miou"] == pytest.approx(1.0)


def test_lw_irstnet_segment_says_how_the_coco_boxes_were_read(tmp_path, capsys):
    pytest.importorskip("torch")
    from workbench_lw_irstnet.config import default_weights
    from workbench_lw_irstnet.evaluate import main

    if not Path(default_weights()).is_file():
        pytest.skip(f"no shipped LW-IRSTNet weights ({default_weights()})")
    root = _itsdt(tmp_path / "ITSDT-15K")
    js, out = tmp_path / "lw.json", tmp_path / "runs"
    assert main(["--dataset", str(root / "images" / "58"), "--json", str(js), "--out", str(out), "--device", "cpu"]) == 0
    printed = capsys.readouterr().out
    res = json.loads(js.read_text())
    assert (res["images"], res["targets"]) == (4, 2)
    assert "1 sequence(s), 4 labelled frames: boxes of the COCO instances_*.json (ITSDT-15K, cocoseq)" in printed
    assert len(list(out.rglob("*.png"))) == 4  # the scored masks, named as the frames


def test_a_split_file_of_frames_and_an_unknown_split_of_a_coco_set(monkeypatch, tmp_path, capsys):
    from workbench.core.errors import DataError

    root = _itsdt(tmp_path / "ITSDT-15K")
    (root / "splits").mkdir()
    (root / "splits" / "mine.txt").write_text("58/1\n58/2\n")
    res, _ = _run(monkeypatch, tmp_path, capsys, root, "--split", "mine")
    assert [r["name"] for r in res["per_image"]] == ["58/1", "58/2"] and (res["targets"], res["matched"]) == (1, 0)
    with pytest.raises(DataError, match=r"split 'val' is not a COCO file's split \(test, train\)"):
        _run(monkeypatch, tmp_path, capsys, root, "--split", "val")


def test_a_labelled_video_in_a_folder_is_box_scored_one_without_labels_is_not(monkeypatch, tmp_path, capsys):
    d = tmp_path / "clips"
    d.mkdir()
    vw = cv2.VideoWriter(str(d / "run1.avi"), cv2.VideoWriter_fourcc(*"MJPG"), 10, (W, H), False)
    for i in range(3):  # frames 0 and 1 a target on its label; frame 2 a blob, no label (a false alarm)
        vw.write(_frame((8 + 8 * i, 12)))
    vw.release()
    (d / "run1.labels.csv").write_text("frame,cx,cy,w,h,class\n0,8,12,3,3,target\n1,16,12,3,3,target\n")
    res, _ = _run(monkeypatch, tmp_path, capsys, d)
    assert [r["name"] for r in res["per_image"]] == ["run1/000000", "run1/000001", "run1/000002"]
    assert (res["targets"], res["matched"]) == (2, 2) and res["fa"] == pytest.approx(9 / (3 * H * W), rel=0.5)
    from workbench.core.evaluation.irst_boxes import is_box_dataset

    (d / "run1.labels.csv").unlink()
    assert not is_box_dataset(d)  # a clip without labels: not scored, as before


def test_real_daub_sequences_are_box_scored_on_their_points():
    """The shared DAUB sequences (frames/ + anno_xy.txt, 0-based x<TAB>y): each frame's target a 3 x 3 box centred
    on its point, every frame scored."""
    from tests.helpers import SHARED_DATA
    from workbench.core.evaluation.irst_boxes import BoxSet, is_box_dataset

    root = SHARED_DATA / "irst" / "daub"
    if not (root / "sequence1" / "anno_xy.txt").is_file():
        pytest.skip(f"real DAUB sequences not present under {SHARED_DATA}")
    x, y = (float(v) for v in (root / "sequence1" / "anno_xy.txt").read_text().split()[:2])
    assert is_box_dataset(root) and is_box_dataset(root / "sequence1")
    bs = BoxSet(root)
    assert len(bs) == 400 and bs.names[0] == "sequence1/0001"
    assert np.allclose(bs.boxes(0, (256, 256)), [[x - 1.5, y - 1.5, 3, 3]])
    assert "anno_xy.txt (DAUB)" in bs.convention


@pytest.mark.parametrize("given, views", [("test/02_x", "test/02_x"), ("", "test"), ("test", "test/02_x")])
def test_views_into_a_sequence_folder_are_refused(tmp_path, given, views):
    """A sequence's own folder was refused for --views while it was segmented as plain images; scored, it must be
    still: a picture per frame (000001.png) would join its frames (000001.jpg)."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.evaluation.irst_boxes import check_box_views

    root = _antiuav(tmp_path / "AntiUAV410")
    with pytest.raises(WorkbenchError, match="--views .* reads its frames from"):
        check_box_views(root / given, root / views)
    check_box_views(root / given, tmp_path)  # elsewhere: fine
