"""``workbench detect --model seq_irst`` on the sequence layouts added in session 53 (ITSDT-15K's ``images/<seq>/`` +
COCO ``instances_*.json``, IRDST's ``images/<seq>/`` + ``masks/<seq>/``, Anti-UAV410's ``<split>/<seq>/`` +
``IR_label.json``): P / R / F1 checked by hand on tiny generated mimics. The network is a stand-in that finds every
3 x 3 blob of 200 in the frame itself (its centroid, score 1), so what is checked is the reading of the labels and the
scoring: a frame without a target (its find a false positive), a frame no label covers (not scored), a root of two
split-tagged sequences (both scored) and one sequence folder of it."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from seq_irst_standins import StrideOneNet  # noqa: E402

H, W = 24, 32


def _frame(*blobs) -> np.ndarray:
    f = np.full((H, W), 40, np.uint8)
    for x, y in blobs:
        f[y - 1:y + 2, x - 1:x + 2] = 200
    return f


def _blob_detector():
    from workbench_seq_irst.detector import SeqIRSTDetector, to_output
    from workbench_seq_irst.model import Detection

    class Blobs(SeqIRSTDetector):
        def detect_frames(self, frames, index):  # frames[0]: the frame scored (F1)
            n, _lab, _st, cents = cv2.connectedComponentsWithStats((frames[0] > 150).astype(np.uint8), connectivity=8)
            return to_output([Detection(float(cx), float(cy), 3.0, 3.0, 1.0, 0, index) for cx, cy in cents[1:]])

    return Blobs(StrideOneNet(), "cpu", 0.5)


def _detect(monkeypatch, tmp_path, capsys, *sequences) -> tuple[dict, str]:
    from workbench_seq_irst import detector

    monkeypatch.setattr(detector, "load_detector", lambda *a, **k: _blob_detector())
    weights = tmp_path / "stand-in.pt"
    weights.write_bytes(b"not read: load_detector is the stand-in")
    js = tmp_path / f"det{len(list(tmp_path.glob('det*.json')))}.json"
    argv = [a for s in sequences for a in ("--sequence", str(s))]
    assert detector.main([*argv, "--weights", str(weights), "--json", str(js), "--device", "cpu"]) == 0
    return json.loads(js.read_text()), capsys.readouterr().out


def _itsdt(root: Path) -> Path:
    """1 (train): 5 frames, a blob on its box's centre each (5 TP). 58 (test): frame 0 a TP; 1 its box 18 px from
    its blob (FN + FP); 2 listed without a box, a blob (FP); 3 listed without a box, nothing; 4 in no file, a blob
    (not scored)."""
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


def _counts(c) -> tuple:
    return c["tp"], c["fp"], c["fn"], c["frames"]


def test_itsdt_root_and_one_sequence_scored_by_hand(monkeypatch, tmp_path, capsys):
    root = _itsdt(tmp_path / "ITSDT-15K")
    rep, out = _detect(monkeypatch, tmp_path, capsys, root)
    per = rep["per_sequence"]
    assert _counts(per["1"]) == (5, 0, 0, 5) and per["1"]["f1"] == 1.0
    assert _counts(per["58"]) == (1, 2, 1, 4)  # frame 4 (in no COCO file) not scored
    assert per["58"]["precision"] == pytest.approx(1 / 3) and per["58"]["recall"] == pytest.approx(1 / 2)
    assert per["58"]["f1"] == pytest.approx(0.4)
    # both splits scored together: 6 TP, 2 FP, 1 FN
    assert (rep["precision"], rep["recall"], rep["f1"]) == pytest.approx((0.75, 6 / 7, 0.8))
    one, _ = _detect(monkeypatch, tmp_path, capsys, root / "images" / "58")  # the test split's sequence alone
    assert list(one["per_sequence"]) == ["58"] and (one["precision"], one["recall"]) == pytest.approx((1 / 3, 1 / 2))


def test_irdst_masks_frames_without_target_and_without_mask(monkeypatch, tmp_path, capsys):
    """Sequence 1 (named in val_new.txt): frames 1-3 a blob on its mask (TP), frame 4 an empty mask and a blob (FP),
    frame 5 no mask file and a blob (not scored); sequence 2: one frame, its mask 12 px from its blob (FN + FP)."""
    root = tmp_path / "IRDST"
    plan = {"1": [((6, 8), (6, 8)), ((10, 8), (10, 8)), ((14, 8), (14, 8)), ((20, 12), None), ((5, 5), "none")],
            "2": [((6, 8), (18, 8))]}
    for seq, frames in plan.items():
        for d in ("images", "masks"):
            (root / d / seq).mkdir(parents=True)
        for i, (blob, target) in enumerate(frames):
            cv2.imwrite(str(root / "images" / seq / f"{i + 1}.png"), _frame(blob))
            if target != "none":
                m = np.zeros((H, W), np.uint8)
                if target is not None:
                    m[target[1] - 1:target[1] + 2, target[0] - 1:target[0] + 2] = 255
                cv2.imwrite(str(root / "masks" / seq / f"{i + 1}.png"), m)
    (root / "val_new.txt").write_text("1\n")
    rep, _ = _detect(monkeypatch, tmp_path, capsys, root)
    assert _counts(rep["per_sequence"]["1"]) == (3, 1, 0, 4)
    assert _counts(rep["per_sequence"]["2"]) == (0, 1, 1, 1)
    assert (rep["precision"], rep["recall"], rep["f1"]) == pytest.approx((0.6, 0.75, 2 / 3))


def test_anti_uav_split_folder_absent_drone_frames_are_scored_without_target(monkeypatch, tmp_path, capsys):
    """test/02_x: frames 1-2 a blob on the box's centre (TP), 3 drone absent and a blob (FP), 4 absent, nothing."""
    d = tmp_path / "AntiUAV410" / "test" / "02_x"
    d.mkdir(parents=True)
    rects = [[4, 4, 3, 3], [11, 8, 3, 3], [], []]
    for i, blob in enumerate([(5, 5), (12, 9), (20, 20), None]):
        cv2.imwrite(str(d / f"{i + 1:06d}.jpg"), _frame(*([blob] if blob else [])))
    (d / "IR_label.json").write_text(json.dumps({"exist": [1, 1, 0, 0], "gt_rect": rects}))
    rep, _ = _detect(monkeypatch, tmp_path, capsys, d.parent)
    assert _counts(rep["per_sequence"]["02_x"]) == (2, 1, 0, 4)
    assert (rep["precision"], rep["recall"], rep["f1"]) == pytest.approx((2 / 3, 1.0, 0.8))
