"""Our result files scored by the GOT-10k toolkit itself (``pip install --no-deps got10k``, done by
.ci/run and the README's set-up command) agree with ``workbench eval --json`` number for number.

The toolkit is used as its OTB experiment uses it: the result file read with ``np.loadtxt``, its first
row replaced by the groundtruth's, ``rect_iou`` / ``center_error`` from ``got10k.utils.metrics`` and the
experiment's own ``_calc_curves`` (21 IoU bins, 51 centre-error bins), against the groundtruth file as
it is on disk (1-based for OTB, 0-based VOT). It has no normalized precision, so that one is not
compared. got10k imports shapely, six and wget at module level for code we do not call (polygon IoU,
downloads): when they are not installed, empty stand-ins are put in their place for the import only.
"""
from __future__ import annotations

import importlib.util
import json
import sys
import types

import numpy as np
import pytest

from tests.helpers import shared
from workbench.cli import main

pytestmark = pytest.mark.skipif(importlib.util.find_spec("got10k") is None,
                                reason="the GOT-10k toolkit is not installed: pip install --no-deps got10k "
                                       "(.ci/run and the README's set-up command do it)")


def _toolkit(monkeypatch):
    missing = {top for top in ("six", "wget", "shapely")
               if top not in sys.modules and importlib.util.find_spec(top) is None}
    for name in ("six", "wget", "shapely", "shapely.geometry"):
        if name.split(".")[0] in missing:
            mod = types.ModuleType(name)
            mod.box = mod.Polygon = None  # shapely.geometry names imported at module level, unused here
            mod.string_types = (str,)
            monkeypatch.setitem(sys.modules, name, mod)
    from got10k.datasets.vot import VOT
    from got10k.experiments.otb import ExperimentOTB
    from got10k.utils.metrics import center_error, rect_iou

    exp = ExperimentOTB.__new__(ExperimentOTB)  # no dataset download: only its scoring is used
    exp.nbins_iou, exp.nbins_ce = 21, 51
    return exp, rect_iou, center_error, VOT


def _load(path):
    text = path.read_text().replace("\t", ",").replace(" ", ",")
    return np.array([[float(v) for v in line.split(",") if v] for line in text.splitlines() if line.strip()])


def _compare(tmp_path, monkeypatch, seq_dir, gt_file, polygon):
    exp, rect_iou, center_error, VOT = _toolkit(monkeypatch)
    out, js = tmp_path / "res", tmp_path / "scores.json"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq_dir), "--out", str(out)]) == 0
    assert main(["eval", str(out), "--dataset", str(seq_dir), "--json", str(js)]) == 0
    ours = json.loads(js.read_text())["kcf"]["_all"]
    (result_file,) = out.rglob(f"{seq_dir.name}.txt")
    manifest = json.loads((result_file.parent / "manifest.json").read_text())
    anno = _load(gt_file)
    if polygon:  # an axis-aligned 8-value polygon: its bounding box, as our VOT reader reads it
        xs, ys = anno[:, 0::2], anno[:, 1::2]
        anno = np.column_stack([xs.min(1), ys.min(1), xs.max(1) - xs.min(1), ys.max(1) - ys.min(1)])
    boxes = np.loadtxt(result_file, delimiter=",")
    boxes[0] = anno[0]
    ious, ces = exp._calc_metrics(boxes, anno)
    assert np.allclose(ious, rect_iou(boxes, anno)) and np.allclose(ces, center_error(boxes, anno))
    succ, prec = exp._calc_curves(ious, ces)
    np.testing.assert_allclose(ours["success_curve"], succ, atol=1e-12)
    np.testing.assert_allclose(ours["precision_curve"], prec, atol=1e-12)
    assert ours["success_auc"] == pytest.approx(float(np.mean(succ)), abs=1e-12)
    assert ours["precision_20"] == pytest.approx(float(prec[20]), abs=1e-12)
    assert ours["success_50"] == pytest.approx(float(succ[10]), abs=1e-12)
    return ours, manifest["sequences"][seq_dir.name], float(np.mean(succ)), float(prec[20])


def test_otb_layout_scores_as_the_got10k_toolkit_scores_the_files(tmp_path, monkeypatch):
    seq = shared("tracking/otb_crossing")
    ours, entry, auc, p20 = _compare(tmp_path, monkeypatch, seq, seq / "groundtruth_rect.txt", polygon=False)
    assert entry["box_offset"] == 1  # written 1-based, as OTB's groundtruth file
    first = (next((tmp_path / "res").rglob("otb_crossing.txt"))).read_text().splitlines()[0]
    assert [float(v) for v in first.split(",")] == [float(v) for v in
                                                   (seq / "groundtruth_rect.txt").read_text().split()[0].split(",")]
    print(f"otb_crossing: toolkit AUC {auc:.6f} P@20 {p20:.6f} | ours AUC {ours['success_auc']:.6f} "
          f"P@20 {ours['precision_20']:.6f}")


def test_vot_layout_scores_as_the_got10k_toolkit_scores_the_files(tmp_path, monkeypatch):
    import os

    real = shared("tracking/vottir2016_horse")
    # the first 120 of its 348 frames (images linked, polygons cut), a third of the tracking: what is checked is
    # that both score the same file alike, frame by frame; the overlaps still spread over the thresholds (asserted)
    seq = tmp_path / "data" / "horse120"
    (seq / "img").mkdir(parents=True)
    for f in sorted((real / "img").iterdir())[:120]:
        os.symlink(f, seq / "img" / f.name)
    (seq / "groundtruth.txt").write_text("".join((real / "groundtruth.txt").read_text().splitlines(True)[:120]))
    ours, entry, auc, p20 = _compare(tmp_path, monkeypatch, seq, seq / "groundtruth.txt", polygon=True)
    assert entry["box_offset"] == 0  # VOT files are 0-based: results stay so
    assert 0.0 < auc < 1.0 and len(set(np.round(ours["success_curve"], 9))) >= 5, ours["success_curve"]
    print(f"vottir2016_horse (120 frames): toolkit AUC {auc:.6f} P@20 {p20:.6f} | ours AUC {ours['success_auc']:.6f} "
          f"P@20 {ours['precision_20']:.6f}")
