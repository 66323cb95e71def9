"""Scores of detector / segmenter runs as frames come in (``evaluation.running``) agree with the batch
scorers, and image folders with label masks (``masks`` layout) open as labelled sequences."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core.data.detect import open_sequence
from workbench.core.data.masks import mask_files, read_frame_mask
from workbench.core.evaluation.detection import score_detections
from workbench.core.evaluation.running import RunningDetection, RunningSegmentation
from workbench.core.evaluation.segmentation import SegmentationMetrics
from workbench.core.errors import DataError

from tests.helpers import shared


def _det_frames(seed=0, n=30):
    rng = np.random.default_rng(seed)
    frames = []
    for _ in range(n):
        labels = [(float(x), float(y), int(c)) for x, y, c in zip(rng.uniform(0, 60, 2), rng.uniform(0, 60, 2),
                                                                  rng.choice([0, 0, 1], 2))][:rng.integers(0, 3)]
        pts = [(x + rng.normal(0, 2), y + rng.normal(0, 2)) for x, y, _c in labels if rng.random() < 0.7]
        pts += [tuple(rng.uniform(0, 60, 2)) for _ in range(rng.integers(0, 2))]
        frames.append((np.array(pts, float).reshape(-1, 2), rng.random(len(pts)), labels))
    return frames


def test_running_detection_equals_the_batch_scorer_at_every_prefix():
    frames = _det_frames()
    run = RunningDetection(len(frames), [f[2] for f in frames])
    for i, (pts, sc, _labs) in enumerate(frames):
        run.add(i, pts, sc)
        batch = score_detections(frames[:i + 1])
        s = run.series()
        assert run.counts().tp == batch.tp and run.counts().fp == batch.fp and run.counts().fn == batch.fn
        assert s["f1"][i] == pytest.approx(batch.f1) and s["precision"][i] == pytest.approx(batch.precision)
        assert s["recall"][i] == pytest.approx(batch.recall)
        assert np.isnan(s["f1"][i + 1:]).all()
    assert run.summary()["f1"] == pytest.approx(score_detections(frames).f1)
    assert s["count"].tolist() == [len(f[1]) for f in frames]
    assert s["labelled"].tolist() == [sum(1 for lab in f[2] if lab[2] == 0) for f in frames]


def test_running_detection_without_labels_counts_only():
    run = RunningDetection(3, None)
    run.add(1, [(1, 2), (3, 4)], [0.5, 0.6])
    s = run.series()
    assert set(s) == {"count"} and s["count"][1] == 2 and np.isnan(s["count"][0])
    assert run.summary() is None
    with pytest.raises(IndexError):
        run.add(3, [], [])


def _masks(seed=1, n=8, shape=(40, 50)):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        gt = np.zeros(shape, np.uint8)
        pred = np.zeros(shape, np.uint8)
        for _t in range(rng.integers(0, 3)):
            c = (int(rng.integers(5, shape[1] - 5)), int(rng.integers(5, shape[0] - 5)))
            cv2.circle(gt, c, int(rng.integers(1, 4)), 1, -1)
            if rng.random() < 0.7:
                cv2.circle(pred, (c[0] + int(rng.integers(-2, 3)), c[1]), int(rng.integers(1, 4)), 1, -1)
        if rng.random() < 0.4:
            cv2.circle(pred, (int(rng.integers(0, shape[1])), int(rng.integers(0, shape[0]))), 2, 1, -1)
        out.append((pred.astype(bool), gt.astype(bool)))
    return out


def test_running_segmentation_equals_the_batch_metrics():
    pairs = _masks()
    run = RunningSegmentation(len(pairs) + 2)  # two frames never done
    batch = SegmentationMetrics()
    for i, (pred, gt) in enumerate(pairs):
        f = SegmentationMetrics(bins=2).update(pred.astype(np.float32), gt, probabilities=True)
        batch.update(pred.astype(np.float32), gt, probabilities=True)
        run.add(i, int(cv2.connectedComponents(pred.astype(np.uint8), connectivity=8)[0] - 1), f, gt.size)
    rep, s = batch.report(), run.summary()
    assert s["miou"] == pytest.approx(rep.miou) and s["niou"] == pytest.approx(rep.niou)
    assert s["pd"] == pytest.approx(rep.pd) and s["fa"] == pytest.approx(rep.fa)
    assert s["images"] == len(pairs) and s["targets"] == rep.targets
    series = run.series()
    last = len(pairs) - 1
    assert series["miou"][last] == pytest.approx(rep.miou) and series["pd"][last] == pytest.approx(rep.pd)
    assert series["fa_e6"][last] == pytest.approx(rep.fa * 1e6)
    assert np.isnan(series["miou"][last + 1:]).all() and np.isnan(series["count"][last + 1:]).all()


def test_running_segmentation_without_masks_has_counts_only():
    run = RunningSegmentation(4)
    run.add(0, 3)
    assert run.summary() is None and set(run.series()) == {"count"}


def _write_masks_folder(root, n=4, missing=()):
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    for i in range(n):
        img = np.full((30 + i, 40), 20, np.uint8)
        img[10, 10 + i] = 255
        cv2.imwrite(str(root / "images" / f"im{i}.png"), img)
        if i not in missing:
            m = np.zeros_like(img)
            m[10, 10 + i] = 255
            cv2.imwrite(str(root / "masks" / f"im{i}_pixels0.png"), m)
    return root


def test_masks_layout_opens_images_with_their_label_masks(tmp_path):
    root = _write_masks_folder(tmp_path / "mine", missing=(2,))
    for p in (root, root / "images"):
        seq = open_sequence(p)
        assert seq.meta["layout"] == "masks" and seq.name == "mine" and len(seq) == 4
        m = mask_files(seq)
        assert [x is None for x in m] == [False, False, True, False]
        assert "no mask for 1 of 4 images" in seq.meta["warnings"][0]
        gt = read_frame_mask(m[1], seq.frame(1).shape[:2])
        assert gt.shape == seq.frame(1).shape[:2] and gt.sum() == 1 and gt[10, 11]
    assert read_frame_mask(m[0], (60, 80)).shape == (60, 80)  # resized to the frame's size


def test_a_folder_whose_first_image_has_no_mask_is_not_a_masks_sequence(tmp_path):
    root = _write_masks_folder(tmp_path / "x", missing=(0,))
    assert open_sequence(root).meta["layout"] != "masks"


def test_corrupt_label_mask_names_the_file(tmp_path):
    root = _write_masks_folder(tmp_path / "bad")
    (root / "masks" / "im1_pixels0.png").write_bytes(b"not a png")
    seq = open_sequence(root)
    with pytest.raises(DataError, match="im1_pixels0.png"):
        read_frame_mask(mask_files(seq)[1], (31, 40))


def test_real_sirst_opens_with_a_mask_per_image():
    seq = open_sequence(shared("irst/sirst"))
    m = mask_files(seq)
    assert seq.meta["layout"] == "masks" and len(seq) == len(m) >= 300 and all(p is not None for p in m)
    gt = read_frame_mask(m[0], seq.frame(0).shape[:2])
    assert 0 < gt.sum() < gt.size // 50  # small targets


def test_detection_count_says_how_many_are_of_the_target_class():
    """Detections of another class (interference) are counted but not scored: the scorer keeps the target-class
    count beside the total, so the window's row does not show '114 detections' next to TP 99 / FP 0."""
    from workbench.core.data.irseq import TARGET

    rd = RunningDetection(2, labels=[[(10.0, 10.0, TARGET)], [(10.0, 10.0, TARGET)]])
    rd.add(0, [(10.0, 10.0), (40.0, 40.0)], [0.9, 0.8], [True, False])
    rd.add(1, [(10.0, 11.0)], [0.9], [True])
    c = rd.counts()
    assert (c.tp, c.fp) == (2, 0)
    assert np.nansum(rd.count) == 3 and np.nansum(rd.target_count) == 2 == c.tp + c.fp
