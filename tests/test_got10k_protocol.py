"""``workbench eval --protocol got10k`` (AO, SR0.5, SR0.75) against the GOT-10k toolkit itself
(``got10k.experiments.ExperimentGOT10k``'s validation report: ``rect_iou(boxes[1:], anno[1:], bound=resolution)``,
frames with ``cover > 0``, ``_evaluate`` over the frames of all sequences pooled; SR0.75 = IoU > 0.75 as the
evaluation server reports it), on the real VOT2017 tiger frames laid out as a GOT-10k validation sequence (its
boxes near and across the image border, some frames made absent or fully covered)."""
from __future__ import annotations

import importlib.util
import json
import os

import numpy as np
import pytest

from tests.helpers import shared
from tests.test_got10k_toolkit import _toolkit
from workbench.cli import main

pytestmark = pytest.mark.skipif(importlib.util.find_spec("got10k") is None,
                                reason="the GOT-10k toolkit is not installed: pip install --no-deps got10k")


def _make(root, real, name, absent, covered):
    seq = root / "val" / name
    seq.mkdir(parents=True)
    frames = sorted((real / "color").glob("*.jpg")) if (real / "color").is_dir() else sorted(real.glob("*.png"))
    for i, f in enumerate(frames):
        os.symlink(f, seq / f"{i + 1:08d}{f.suffix}")
    poly = np.loadtxt(real / "groundtruth.txt", delimiter=",")
    xs, ys = poly[:, 0::2], poly[:, 1::2]
    gt = np.column_stack([xs.min(1), ys.min(1), xs.max(1) - xs.min(1), ys.max(1) - ys.min(1)])
    n = len(gt)
    cover = np.full(n, 8)
    cover[::7] = 5
    cover[absent] = 0
    cover[covered] = 0  # fully covered but not marked absent: the toolkit still leaves these out
    absence = np.zeros(n, int)
    absence[absent] = 1
    np.savetxt(seq / "groundtruth.txt", gt, fmt="%.4f", delimiter=",")
    np.savetxt(seq / "absence.label", absence, fmt="%d")
    np.savetxt(seq / "cover.label", cover, fmt="%d")
    import cv2
    h, w = cv2.imread(str(frames[0])).shape[:2]
    (seq / "meta_info.ini").write_text(f"[METAINFO]\nobject_class: toy\nmotion_class: moving\nresolution: ({w}, {h})\n")
    (root / "val" / "list.txt").open("a").write(name + "\n")
    return seq, gt, cover, (w, h)


def test_ao_sr_as_the_got10k_toolkit_reports_them(tmp_path, monkeypatch):
    _toolkit(monkeypatch)  # stand-ins for the toolkit's unused imports where missing
    from got10k.experiments.got10k import ExperimentGOT10k
    from got10k.utils.metrics import rect_iou

    root = tmp_path / "GOT-10k"
    made = [_make(root, shared("tracking/vot2017_tiger"), "GOT-10k_Val_000001", [30, 31, 32], [50, 51]),
            _make(root, shared("tracking/vottir2016_crowd"), "GOT-10k_Val_000002", [10], [20])]
    out, js = tmp_path / "res", tmp_path / "got.json"
    assert main(["run", "--tracker", "kcf", "--dataset", str(root / "val"), "--out", str(out)]) == 0
    assert main(["eval", str(out), "--dataset", str(root / "val"), "--protocol", "got10k", "--json", str(js)]) == 0
    ours = json.loads(js.read_text())["kcf"]
    exp = ExperimentGOT10k.__new__(ExperimentGOT10k)
    pooled = []
    for seq, gt, cover, bound in made:
        (result,) = out.rglob(f"{seq.name}.txt")
        boxes = np.loadtxt(result, delimiter=",")
        anno = np.loadtxt(seq / "groundtruth.txt", delimiter=",")
        ious = rect_iou(boxes[1:], anno[1:], bound=bound)[cover[1:] > 0]
        pooled.append(ious)
        ao, sr, _, _ = exp._evaluate(ious, np.zeros(0))
        got = ours[seq.name]
        assert got["ao"] == pytest.approx(ao, abs=1e-12) and got["sr_50"] == pytest.approx(sr, abs=1e-12)
        assert got["sr_75"] == pytest.approx(np.mean(ious > 0.75), abs=1e-12) and got["frames"] == len(ious)
    ious = np.concatenate(pooled)
    ao, sr, _, _ = exp._evaluate(ious, np.zeros(0))
    assert ours["_all"]["ao"] == pytest.approx(ao, abs=1e-12)
    assert ours["_all"]["sr_50"] == pytest.approx(sr, abs=1e-12)
    assert ours["_all"]["sr_75"] == pytest.approx(np.mean(ious > 0.75), abs=1e-12)
    assert "cover > 0" in ours["_all"]["convention"]
