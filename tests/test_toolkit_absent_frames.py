"""Frames without a target scored as each toolkit scores them (``workbench eval --absent``), on a real UAV123
sequence with NaN rows put into its groundtruth and the same frames as a LaSOT sequence with
``full_occlusion`` / ``out_of_view`` flags.

The references are written here from the toolkits' definitions (none of them is installed):

- pysot-toolkit on OTB / UAV123 (``success_overlap`` / ``success_error``): every frame of the sequence in the
  denominator; a frame whose groundtruth has no positive width and height gets IoU -1 (a failure at every
  threshold) and one whose groundtruth centre is not positive gets centre error -1 (a hit at every threshold);
  its IoU with the +1 pixel convention, its centres ``x + (w - 1) / 2``, normalized centres divided by the
  groundtruth's ``w, h`` (+1e-16). The MATLAB OTB toolkit counts the same way.
- the LaSOT toolkit (``calc_seq_err_robust`` / ``eval_tracker``): flagged frames removed, the counts divided by
  the number of all frames (so those frames are failures everywhere); pysot-toolkit's LaSOT benchmark does the
  same.
- the default, ``exclude``: the flagged / NaN frames left out of every count (GOT-10k's rule).
"""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from tests.helpers import shared
from workbench.cli import main

SEQ = "wakeboard7"
GONE = list(range(20, 32)) + [40]  # frames (0-based) where the target is made absent


def _load(path):
    return np.array([[float(v) for v in line.replace("\t", ",").split(",")]
                     for line in path.read_text().splitlines() if line.strip()])


def _pysot_iou(a, b):
    left, right = np.maximum(a[:, 0], b[:, 0]), np.minimum(a[:, 0] + a[:, 2] - 1, b[:, 0] + b[:, 2] - 1)
    top, bottom = np.maximum(a[:, 1], b[:, 1]), np.minimum(a[:, 1] + a[:, 3] - 1, b[:, 1] + b[:, 3] - 1)
    inter = np.maximum(0, right - left + 1) * np.maximum(0, bottom - top + 1)
    return np.clip(inter / (a[:, 2] * a[:, 3] + b[:, 2] * b[:, 3] - inter), 0, 1)


def _centre(b):
    return np.column_stack([b[:, 0] + (b[:, 2] - 1) / 2, b[:, 1] + (b[:, 3] - 1) / 2])


def _pysot_otb(gt, res):
    """(success curve, precision curve, normalized precision curve) as pysot-toolkit's OPE benchmark."""
    n = len(gt)
    iou = -np.ones(n)
    with np.errstate(invalid="ignore"):
        m = np.sum(gt[:, 2:] > 0, axis=1) == 2
    iou[m] = _pysot_iou(gt[m], res[m])
    succ = np.array([np.sum(iou > t) / n for t in np.arange(0, 1.05, 0.05)])

    def dist(gc, rc):
        d = -np.ones(n)
        with np.errstate(invalid="ignore"):
            mm = np.sum(gc > 0, axis=1) == 2
        d[mm] = np.sqrt(np.sum((gc[mm] - rc[mm]) ** 2, axis=1))
        return d

    d = dist(_centre(gt), _centre(res))
    dn = dist(_centre(gt) / (gt[:, 2:] + 1e-16), _centre(res) / (gt[:, 2:] + 1e-16))
    prec = np.array([np.sum(d <= t) / n for t in np.arange(0, 51)])
    nprec = np.array([np.sum(dn <= t) / n for t in np.arange(0, 51) / 100])
    return succ, prec, nprec


def _lasot(gt, res, absent):
    """LaSOT toolkit: invalid results repeat the previous box, frame 1 is the groundtruth, flagged frames
    removed, counts over all frames."""
    res = res.copy()
    for i in range(1, len(res)):
        if np.any(np.isnan(res[i])) or res[i, 2] <= 0 or res[i, 3] <= 0:
            res[i] = res[i - 1]
    res[0] = gt[0]
    keep = ~absent
    g, r = gt[keep], res[keep]
    iou = _pysot_iou(g, r)
    d = np.sqrt(np.sum((_centre(g) - _centre(r)) ** 2, axis=1))
    dn = np.sqrt(np.sum((_centre(g) / g[:, 2:] - _centre(r) / g[:, 2:]) ** 2, axis=1))
    n = len(gt)
    succ = np.array([np.sum(iou > t) for t in np.arange(0, 1.05, 0.05)]) / n
    prec = np.array([np.sum(d <= t) for t in np.arange(0, 51)]) / n
    nprec = np.array([np.sum(dn <= t) for t in np.arange(0, 51) / 100]) / n
    return succ, prec, nprec


def _check(ours, succ, prec, nprec):
    np.testing.assert_allclose(ours["success_curve"], succ, atol=1e-12)
    np.testing.assert_allclose(ours["precision_curve"], prec, atol=1e-12)
    np.testing.assert_allclose(ours["norm_precision_curve"], nprec, atol=1e-12)
    assert ours["success_auc"] == pytest.approx(succ.mean(), abs=1e-12)
    assert ours["precision_20"] == pytest.approx(prec[20], abs=1e-12)
    assert ours["norm_precision_at_0.2"] == pytest.approx(nprec[20], abs=1e-12)


def _eval(tmp_path, res, root, absent, name):
    js = tmp_path / f"{name}.json"
    assert main(["eval", str(res), "--dataset", str(root), "--json", str(js)]
                + (["--absent", absent] if absent else [])) == 0
    return json.loads(js.read_text())["kcf"]["_all"]


@pytest.fixture(scope="module")
def uav(tmp_path_factory):
    real = shared("tracking/UAV123_10fps")
    tmp = tmp_path_factory.mktemp("absent")
    root = tmp / "uav"
    (root / "data_seq" / "UAV123_10fps").mkdir(parents=True)
    os.symlink(real / "data_seq" / "UAV123_10fps" / SEQ, root / "data_seq" / "UAV123_10fps" / SEQ)
    gt = _load(real / "anno" / "UAV123_10fps" / f"{SEQ}.txt")
    gt[GONE] = np.nan
    (root / "anno" / "UAV123_10fps").mkdir(parents=True)
    (root / "anno" / "UAV123_10fps" / f"{SEQ}.txt").write_text(
        "\n".join(",".join("NaN" if np.isnan(v) else f"{v:g}" for v in row) for row in gt) + "\n")
    res = tmp / "res"
    assert main(["run", "--tracker", "kcf", "--dataset", str(root), "--out", str(res)]) == 0
    (result,) = res.rglob(f"{SEQ}.txt")
    return tmp, root, res, gt, _load(result)


def test_uav123_nan_frames_otb_rule_is_pysot_toolkits(uav, tmp_path):
    tmp, root, res, gt, boxes = uav
    ours = _eval(tmp_path, res, root, "otb", "otb")
    succ, prec, nprec = _pysot_otb(gt, boxes)
    _check(ours, succ, prec, nprec)
    assert ours["frames"] == len(gt)
    assert "OTB toolkit" in ours["convention"]
    # the report scores and says the same
    assert main(["report", str(res), "--dataset", str(root), "--out", str(tmp_path / "rep"), "--absent", "otb"]) == 0
    assert f"{succ.mean():.3f}" in (tmp_path / "rep" / "report.tex").read_text()
    assert "OTB toolkit" in (tmp_path / "rep" / "report.html").read_text()


def test_uav123_nan_frames_failure_rule_and_default(uav, tmp_path):
    tmp, root, res, gt, boxes = uav
    absent = np.isnan(gt[:, 0])
    _check(_eval(tmp_path, res, root, "failure", "failure"), *_lasot(gt, boxes, absent))
    ours = _eval(tmp_path, res, root, None, "default")  # exclude: the same counts over the present frames
    n, kept = len(gt), int((~absent).sum())
    for key, (ref) in zip(("success_curve", "precision_curve", "norm_precision_curve"), _lasot(gt, boxes, absent)):
        np.testing.assert_allclose(ours[key], ref * n / kept, atol=1e-12)
    assert ours["frames"] == kept and "absent-target frames excluded" in ours["convention"]


def test_lasot_flagged_frames_as_the_lasot_toolkit_counts_them(uav, tmp_path):
    tmp, _, _, gt_nan, _ = uav
    real = shared("tracking/UAV123_10fps")
    gt = _load(real / "anno" / "UAV123_10fps" / f"{SEQ}.txt")  # LaSOT keeps boxes, flags the frames
    seq = tmp_path / "lasot" / "wakeboard" / "wakeboard-7"
    seq.mkdir(parents=True)
    os.symlink(real / "data_seq" / "UAV123_10fps" / SEQ, seq / "img")
    (seq / "groundtruth.txt").write_text((real / "anno" / "UAV123_10fps" / f"{SEQ}.txt").read_text())
    occl, oov = np.zeros(len(gt), int), np.zeros(len(gt), int)
    occl[GONE[:6]], oov[GONE[6:]] = 1, 1
    (seq / "full_occlusion.txt").write_text(",".join(map(str, occl)) + "\n")
    (seq / "out_of_view.txt").write_text(",".join(map(str, oov)) + "\n")
    (seq / "nlp.txt").write_text("a wakeboarder\n")
    res = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--dataset", str(tmp_path / "lasot"), "--out", str(res)]) == 0
    (result,) = res.rglob("wakeboard-7.txt")
    boxes = _load(result)
    absent = (occl | oov).astype(bool)
    _check(_eval(tmp_path, res, tmp_path / "lasot", "failure", "lasot"), *_lasot(gt, boxes, absent))
    # default: the flagged frames are left out although their boxes are in the file
    ours = _eval(tmp_path, res, tmp_path / "lasot", None, "lasot_default")
    assert ours["frames"] == len(gt) - absent.sum()


def test_uav123_nan_frames_default_is_the_got10k_toolkits_uav123_experiment(uav, tmp_path, monkeypatch):
    """The GOT-10k toolkit's ExperimentUAV123 drops NaN groundtruth rows (its ``_calc_metrics``): our default."""
    import importlib.util

    if importlib.util.find_spec("got10k") is None:
        pytest.skip("the GOT-10k toolkit is not installed")
    from tests.test_got10k_toolkit import _toolkit

    _toolkit(monkeypatch)
    from got10k.experiments.uav123 import ExperimentUAV123

    tmp, root, res, gt, boxes = uav
    exp = ExperimentUAV123.__new__(ExperimentUAV123)
    exp.nbins_iou, exp.nbins_ce = 21, 51
    boxes = boxes.copy()
    boxes[0] = gt[0]  # the experiment's run writes the first box itself
    succ, prec = exp._calc_curves(*exp._calc_metrics(boxes, gt))
    ours = _eval(tmp_path, res, root, None, "default_got10k")
    np.testing.assert_allclose(ours["success_curve"], succ, atol=1e-12)
    np.testing.assert_allclose(ours["precision_curve"], prec, atol=1e-12)
