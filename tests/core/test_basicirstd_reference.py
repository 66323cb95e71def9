"""The IR small-target metrics against BasicIRSTD's definitions (``metrics.py``: ``mIoU``, ``PD_FA``), written
here independently (scikit-image is not installed): components labelled 8-connected and numbered by their first
pixel in row-major order as ``skimage.measure.label`` numbers them, centroids as ``regionprops`` gives them; each
ground-truth component in that order takes the first still unmatched predicted component whose centroid is under
3 px away; Fa = pixels of the predicted components left unmatched / all pixels; mIoU = summed intersections /
summed unions; nIoU = mean of the per-image IoU (ACM / DNANet's ``SamplewiseSigmoidMetric``, eps in the
denominator)."""
from __future__ import annotations

from collections import deque

import numpy as np
import pytest

from workbench.core.evaluation.segmentation import SegmentationMetrics


def _label(mask):
    """Row-major numbered 8-connected components: a list of (area, (row, col) centroid, pixel list)."""
    h, w = mask.shape
    seen = np.zeros_like(mask, bool)
    comps = []
    for y in range(h):
        for x in range(w):
            if mask[y, x] and not seen[y, x]:
                seen[y, x] = True
                queue, pix = deque([(y, x)]), []
                while queue:
                    cy, cx = queue.popleft()
                    pix.append((cy, cx))
                    for dy in (-1, 0, 1):
                        for dx in (-1, 0, 1):
                            ny, nx = cy + dy, cx + dx
                            if 0 <= ny < h and 0 <= nx < w and mask[ny, nx] and not seen[ny, nx]:
                                seen[ny, nx] = True
                                queue.append((ny, nx))
                comps.append((len(pix), np.mean(np.array(pix, float), axis=0), pix))
    return comps


def _basicirstd(pairs):
    inter = union = 0
    nious, targets, detected, false, pixels = [], 0, 0, 0, 0
    for pred, gt in pairs:
        i, u = int(np.sum(pred & gt)), int(np.sum(pred | gt))
        inter, union = inter + i, union + u
        nious.append(i / (np.spacing(1) + u))
        p_comps, g_comps = _label(pred), _label(gt)
        targets += len(g_comps)
        true_img = np.zeros(pred.shape, int)
        for _, g_cent, _ in g_comps:
            for m, (_, p_cent, pix) in enumerate(p_comps):
                if np.linalg.norm(p_cent - g_cent) < 3:
                    detected += 1
                    for y, x in pix:
                        true_img[y, x] = 1
                    del p_comps[m]
                    break
        false += int((pred.astype(int) - true_img).sum())
        pixels += pred.size
    return inter / (np.spacing(1) + union), float(np.mean(nious)), detected / targets, false / pixels


def _ours(pairs):
    acc = SegmentationMetrics(bins=16)
    for pred, gt in pairs:
        acc.update(np.where(pred, 5.0, -5.0), gt)
    r = acc.report()
    return r.miou, r.niou, r.pd, r.fa


def test_a_target_between_two_close_predictions_takes_the_one_skimage_numbers_first():
    gt = np.zeros((6, 8), bool)
    gt[1, 2] = True
    pred = np.zeros((6, 8), bool)
    pred[1, 0] = True  # one pixel, 2 px from the target; OpenCV numbers it first (first in its 2x2 block scan)
    pred[0, 3:5] = True  # two pixels, 1.8 px away; first in row-major order, so BasicIRSTD matches this one
    ref = _basicirstd([(pred, gt)])
    assert ref[3] == pytest.approx(1 / 48)  # the one-pixel component is the false alarm
    assert _ours([(pred, gt)]) == pytest.approx(ref, abs=1e-12)


def _generated():
    rng = np.random.default_rng(3)
    pairs = []
    for _ in range(40):
        gt = np.zeros((24, 24), bool)
        pred = np.zeros((24, 24), bool)
        for _ in range(rng.integers(1, 4)):
            y, x, r = rng.integers(2, 22), rng.integers(2, 22), rng.integers(0, 2)
            gt[max(0, y - r):y + r + 1, max(0, x - r):x + r + 1] = True
            if rng.random() < 0.8:  # found, a pixel or two off
                dy, dx = rng.integers(-2, 3, size=2)
                pred[max(0, y + dy - r):y + dy + r + 1, max(0, x + dx - r):x + dx + r + 1] = True
        pred |= rng.random((24, 24)) < 0.03  # clutter: single pixels and small clusters near the targets
        pairs.append((pred, gt))
    return pairs


def test_generated_sets_score_as_basicirstd():
    pairs = _generated()
    assert _ours(pairs) == pytest.approx(_basicirstd(pairs), abs=1e-12)


def _dnanet_fa(pairs):
    """DNANet's (and BasicIRSTD's earlier) Fa: unmatched by AREA value, ``[x for x in image_area_total if x not in
    image_area_match]``."""
    false = pixels = 0
    for pred, gt in pairs:
        p_comps, g_comps = _label(pred), _label(gt)
        total = [a for a, _, _ in p_comps]
        matched = []
        for _, g_cent, _ in g_comps:
            for m, (area, p_cent, _) in enumerate(p_comps):
                if np.linalg.norm(p_cent - g_cent) < 3:
                    matched.append(area)
                    del p_comps[m]
                    break
        false += sum(a for a in total if a not in matched)
        pixels += pred.size
    return false / pixels


def test_dnanet_fa_rule_drops_unmatched_components_as_large_as_a_matched_one():
    gt = np.zeros((10, 10), bool)
    gt[2, 2] = True
    pred = np.zeros((10, 10), bool)
    pred[2, 2] = pred[7, 7] = True  # the target found, and a one-pixel false alarm of the same area
    pred[5, 0:2] = True  # a two-pixel false alarm
    acc = SegmentationMetrics(bins=16, fa_rule="areas")
    acc.update(np.where(pred, 5.0, -5.0), gt)
    assert acc.report().fa == pytest.approx(_dnanet_fa([(pred, gt)])) == pytest.approx(2 / 100)
    assert _ours([(pred, gt)])[3] == pytest.approx(3 / 100)  # BasicIRSTD's current rule counts both


def test_generated_sets_dnanet_fa():
    pairs = _generated()
    acc = SegmentationMetrics(bins=16, fa_rule="areas")
    for pred, gt in pairs:
        acc.update(np.where(pred, 5.0, -5.0), gt)
    assert acc.report().fa == pytest.approx(_dnanet_fa(pairs), abs=1e-15)
    assert acc.report().fa != pytest.approx(_ours(pairs)[3], abs=1e-9)  # the rules differ on this set


def test_dnanet_roc_as_its_rocmetric_computes_it():
    """DNANet's ``ROCMetric`` / ``cal_tp_pos_fp_neg``, written with torch as DNANet runs it."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    acc = SegmentationMetrics(bins=16, dnanet_bins=10)
    tp, fp, pos, neg = (np.zeros(11) for _ in range(4))
    for _ in range(6):
        gt = np.zeros((20, 24), bool)
        gt[5:9, 6:10] = True
        logits = rng.normal(0, 4, gt.shape).astype(np.float32) + 6 * gt
        acc.update(logits, gt)
        out, target = torch.from_numpy(logits), torch.from_numpy(gt.astype(np.float32))
        for k in range(11):
            predict = (torch.sigmoid(out) > k / 10).float()
            inter = predict * (predict == target).float()
            tp[k] += float(inter.sum())
            fp[k] += float((predict * (predict != target).float()).sum())
            t_n = float(((1 - predict) * (predict == target).float()).sum())
            f_n = float(((predict != target).float() * (1 - predict)).sum())
            pos[k] += float(inter.sum()) + f_n
            neg[k] += float((predict * (predict != target).float()).sum()) + t_n
    roc = acc.report().dnanet_roc
    np.testing.assert_allclose(roc["tpr"], tp / (pos + 0.001), atol=1e-12)
    np.testing.assert_allclose(roc["fpr"], fp / (neg + 0.001), atol=1e-12)
    assert "roc_dnanet" in acc.report().as_dict(curves=True)
