"""RGB-T results scored as the RGB-T toolkits score them (``evaluation.rgbt``): one result against the visible and the
thermal boxes, the better of the two per frame (MPR / MSR), each benchmark's thresholds, frame rules and averaging;
``workbench eval`` / ``report`` and the window's scoring use the rule of the benchmark the reader recognised, and
say which. Expected numbers are worked out by hand in the comments."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core.data import open_dataset, open_sequence
from workbench.core.evaluation import rgbt
from workbench.core.evaluation.rgbt import RULES, RgbtTruth, evaluate_sequence, frame_errors

VIS = np.array([[10, 10, 10, 10]] * 3, float)
TH = np.array([[12, 10, 10, 10], [30, 30, 10, 10], [10, 10, 10, 10]], float)
PRED = np.array([[12, 10, 10, 10], [31, 30, 10, 10], [50, 50, 10, 10]], float)


def test_rgbt234_takes_the_better_groundtruth_per_frame():
    ious, ces, _nces, scored = frame_errors(PRED, RgbtTruth(RULES["rgbt234"], (VIS, TH)))
    # frame 1 is the thermal box itself; frame 2 overlaps the thermal box 9 x 10 of 110 px (centre 1 px off);
    # frame 3 misses both: its nearer centre is (55, 55) to (15, 15)
    np.testing.assert_allclose(ious, [1.0, 90 / 110, 0.0])
    np.testing.assert_allclose(ces, [0.0, 1.0, np.hypot(40, 40)])
    assert scored.all()
    c = evaluate_sequence(PRED, RgbtTruth(RULES["rgbt234"], (VIS, TH)))
    # MSR: IoU > t over t = 0, 0.05 .. 1: frame 1 at 20 thresholds, frame 2 (0.818) at 17, frame 3 at none
    assert c.success_auc == pytest.approx(37 / 63)
    assert c.precision_headline == pytest.approx(2 / 3) and c.scores()["mpr"] == pytest.approx(2 / 3)
    one = evaluate_sequence(PRED, RgbtTruth(RULES["rgbt234"], (VIS,)))  # the visible boxes alone: frame 1
    assert one.success_auc == pytest.approx(14 / 63)  # overlaps 8 x 10 of 120 px (above 14 thresholds), frame 2 none


def test_gtot_strict_5px_area_and_pooled_frames():
    gt = np.array([[0, 0, 10, 10]] * 4, float)
    pred = gt + [[5, 0, 0, 0], [4, 0, 0, 0], [0, 0, 0, 0], [30, 0, 0, 0]]  # centre errors 5, 4, 0, 30
    t = RgbtTruth(RULES["gtot"], (gt, gt))
    c = evaluate_sequence(pred, t)
    assert c.precision_headline == pytest.approx(2 / 4)  # 5 px is not < 5
    lax = evaluate_sequence(pred, RgbtTruth(RULES["rgbt234"], (gt, gt)))
    assert lax.toolkit_precision[5] == pytest.approx(3 / 4)  # RGBT234's <= counts it at 5 px
    # IoUs 50/150, 60/140, 1, 0; success rates over 0, 0.05 .. 1 (21, the Python toolkit's MSR_GTOT); GTOT's MSR is
    # their area (trapezoids)
    ious = np.array([50 / 150, 60 / 140, 1.0, 0.0])
    x = np.linspace(0, 1, 21)
    rates = (ious[:, None] > x[None, :]).mean(axis=0)
    area = sum((rates[k] + rates[k + 1]) / 2 * 0.05 for k in range(20))
    assert c.success_auc == pytest.approx(area) and c.success_auc != pytest.approx(rates.mean())
    # two sequences, 4 frames and 1 frame: GTOT pools the frames (3 hits of 5), RGBT234 averages the sequences
    short = np.array([[0, 0, 10, 10]], float)
    a, b = evaluate_sequence(pred, t), evaluate_sequence(short, RgbtTruth(RULES["gtot"], (short, short)))
    assert rgbt.aggregate([a, b], RULES["gtot"]).precision_headline == pytest.approx(3 / 5)
    a2, b2 = (evaluate_sequence(p, RgbtTruth(RULES["rgbt234"], (g, g))) for p, g in ((pred, gt), (short, short)))
    assert rgbt.aggregate([a2, b2], RULES["rgbt234"]).toolkit_precision[5] == pytest.approx((3 / 4 + 1) / 2)


def test_lasher_first_frame_held_boxes_and_invalid_groundtruth():
    gt = np.array([[10, 10, 10, 10], [10, 10, 10, 10], [0, 10, 10, 10], [10, 10, 10, 10]], float)
    pred = np.array([[90, 90, 5, 5], [10, 10, 10, 10], [70, 70, 0, 10], [10, 10, -1, 10]], float)
    ious, ces, nces, scored = frame_errors(pred, RgbtTruth(RULES["lasher"], (gt,)))
    # frame 1: scored with the groundtruth box; frame 3: groundtruth x = 0 (<= 0): IoU -1, errors -1 whatever the
    # box; frame 4: width -1, the box of frame 3 is held (itself width 0: frame 2's), which is the groundtruth
    np.testing.assert_allclose(ious, [1, 1, -1, 1])
    np.testing.assert_allclose(ces, [0, 0, -1, 0])
    np.testing.assert_allclose(nces, [0, 0, -1, 0])
    assert scored.all()
    c = evaluate_sequence(pred, RgbtTruth(RULES["lasher"], (gt,)))
    assert c.precision_headline == 1.0  # -1 is within every distance
    assert c.success_auc == pytest.approx(3 * 20 / (4 * 21))  # -1 is above no overlap threshold
    assert c.scores()["npr"] == 1.0 and c.scores()["pr"] == 1.0


def test_vtuav_boxes_not_rounded_and_scored_on_annotated_frames():
    gt = np.array([[10, 10, 10, 10], [np.nan] * 4, [20, 20, 10, 10]], float)
    pred = np.array([[10.5, 10, 10, 10], [0, 0, 5, 5], [21.5, 20, 10, 10]], float)
    ious, ces, _n, scored = frame_errors(pred, RgbtTruth(RULES["vtuav"], (gt, gt)))
    np.testing.assert_array_equal(scored, [True, False, True])  # no box between VTUAV's boxes
    # VTUAV's calcPlotErr_TPR takes x,y,w,h rows as they are (its 'rect' type): no rounding
    np.testing.assert_allclose(ces[[0, 2]], [0.5, 1.5])
    c = evaluate_sequence(pred, RgbtTruth(RULES["vtuav"], (gt, gt)))
    assert c.frames == 2


def test_integer_boxes_score_as_the_toolkits_inclusive_pixel_formulas():
    """The Python rgbt toolkit's IoU counts pixels from left to right = x + w - 1 (overlap max(0, r - l + 1)),
    areas w * h, and its centres are x + (w - 1) / 2: on whole-pixel boxes both give our IoU and centre error."""
    rng = np.random.default_rng(5)
    a = rng.integers(0, 40, (200, 4)).astype(float)
    b = rng.integers(0, 40, (200, 4)).astype(float)
    a[:, 2:] += 1
    b[:, 2:] += 1

    def inclusive_iou(p, g):
        ow = np.maximum(0, np.minimum(p[:, 0] + p[:, 2] - 1, g[:, 0] + g[:, 2] - 1) - np.maximum(p[:, 0], g[:, 0]) + 1)
        oh = np.maximum(0, np.minimum(p[:, 1] + p[:, 3] - 1, g[:, 1] + g[:, 3] - 1) - np.maximum(p[:, 1], g[:, 1]) + 1)
        return ow * oh / (p[:, 2] * p[:, 3] + g[:, 2] * g[:, 3] - ow * oh)

    def centres(r):
        return np.stack([r[:, 0] + (r[:, 2] - 1) / 2, r[:, 1] + (r[:, 3] - 1) / 2], axis=1)

    ious, ces, _n, _s = frame_errors(a, RgbtTruth(RULES["rgbt234"], (b,)))
    np.testing.assert_allclose(ious, inclusive_iou(a, b), atol=1e-12)
    np.testing.assert_allclose(ces, np.linalg.norm(centres(a) - centres(b), axis=1), atol=1e-12)


# --- the reader tells the benchmark, the commands use its rule ------------------------------------------------

H, W = 40, 60


def _frames(folder: Path, names: list[str], thermal: bool) -> None:
    folder.mkdir(parents=True)
    for i, name in enumerate(names):
        g = np.full((H, W), 40 + 10 * i, np.uint8)
        cv2.imwrite(str(folder / name), np.dstack([g, g, g]) if thermal else np.dstack([g, g // 2, 255 - g]))


def _write(path: Path, rows, sep=",") -> None:
    path.write_text("".join(sep.join(str(v) for v in r) + "\n" for r in rows))


def _rgbt234(seq: Path, lasher: bool = False, init_only: bool = False) -> None:
    n = len(VIS)
    _frames(seq / "infrared", [f"i{i:03d}.jpg" if lasher else f"{i + 1:05d}i.jpg" for i in range(n)], True)
    _frames(seq / "visible", [f"v{i:03d}.jpg" if lasher else f"{i + 1:05d}v.jpg" for i in range(n)], False)
    if init_only:
        _write(seq / "init.txt", TH.astype(int))
    else:
        _write(seq / "visible.txt", VIS.astype(int))
        _write(seq / "infrared.txt", TH.astype(int))


def test_reader_names_the_benchmark_and_gives_both_streams(tmp_path):
    _rgbt234(tmp_path / "a" / "afterrain")
    _rgbt234(tmp_path / "b" / "2girl", lasher=True)
    _rgbt234(tmp_path / "c" / "baby", init_only=True)
    g = tmp_path / "g" / "BlackCar"
    _frames(g / "i", ["00001_i.png", "00002_i.png"], True)
    _frames(g / "v", ["00001_v.png", "00002_v.png"], False)
    _write(g / "groundTruth_i.txt", [(10, 20, 14, 26), (11, 20, 15, 27)], " ")
    _write(g / "groundTruth_v.txt", [(9, 19, 13, 25), (10, 19, 14, 26)], " ")
    got = {k: open_dataset(tmp_path / k)[0].open() for k in "abcg"}
    assert {k: s.meta["rgbt"].benchmark for k, s in got.items()} == {
        "a": "RGBT234", "b": "LasHeR", "c": "RGBT210", "g": "GTOT"}
    pair = got["a"].meta["rgbt"]
    np.testing.assert_array_equal(pair.visible, VIS)
    np.testing.assert_array_equal(pair.thermal, TH)
    np.testing.assert_array_equal(got["g"].meta["rgbt"].visible, [[9, 19, 4, 6], [10, 19, 4, 7]])
    vis = open_sequence(tmp_path / "a" / "afterrain" / "visible")
    assert vis.meta["rgbt"].stream == "visible"
    t = rgbt.truth_of(vis)
    assert t.rule.key == "rgbt234" and len(t.boxes) == 2  # the visible stream's run is scored on both too
    assert rgbt.truth_of(got["b"]).rule.key == "lasher" and len(rgbt.truth_of(got["b"]).boxes) == 1
    assert rgbt.truth_of(got["a"], "off") is None


def _results(root: Path, boxes=PRED, seq: str = "afterrain") -> Path:
    folder = root / "trk"
    folder.mkdir(parents=True)
    _write(folder / f"{seq}.txt", boxes)
    return root


def test_eval_scores_rgbt_data_by_its_toolkit_and_says_so(tmp_path, capsys):
    from workbench.cli import main

    _rgbt234(tmp_path / "data" / "afterrain")
    res = _results(tmp_path / "res")
    assert main(["eval", str(res), "--dataset", str(tmp_path / "data"), "--json", str(tmp_path / "o.json"),
                 "--csv", str(tmp_path / "o.csv")]) == 0
    out = capsys.readouterr().out
    assert "MSR" in out and "MPR@20" in out and "RGB-T · RGBT234" in out
    row = next(line for line in out.splitlines() if line.startswith("trk"))
    assert row.split()[2:4] == [f"{37 / 63:.3f}", f"{2 / 3:.3f}"]
    js = json.loads((tmp_path / "o.json").read_text())["trk"]["_all"]
    assert js["msr"] == pytest.approx(37 / 63) and js["convention"].startswith("RGB-T RGBT234")
    assert "mpr" in (tmp_path / "o.csv").read_text().splitlines()[0].split(",")
    assert main(["eval", str(res), "--dataset", str(tmp_path / "data"), "--rgbt", "off"]) == 0
    assert "OPE" in capsys.readouterr().out  # one-pass on the thermal boxes when asked
    assert main(["eval", str(res), "--dataset", str(tmp_path / "data"), "--rgbt", "gtot"]) == 0
    assert "MPR@5" in capsys.readouterr().out  # a rule named explicitly
    assert main(["eval", str(res), "--dataset", str(tmp_path / "data"), "--pooled"]) != 0
    assert "decides the frames and the averaging" in capsys.readouterr().err


def test_report_carries_the_rules_columns():
    from workbench.core.evaluation.report import latex_table, render_html

    gt = TH.copy()
    gt[1, 0] = 0  # a LasHeR groundtruth row with x = 0: IoU -1, centre errors -1
    rep = rgbt.evaluate_tracker("trk", {"2girl": PRED}, {"2girl": RgbtTruth(RULES["lasher"], (gt,))})
    page = render_html([rep], [], "", "t")
    assert "<th>SR</th><th>PR@20</th><th>NPR@0.2</th>" in page and "RGB-T LasHeR" in page
    # frame 1 scored with the groundtruth box, frame 2 a hit in precision, frame 3 a miss (55 px): PR 2 / 3
    assert f"<td>{2 / 3:.3f}</td>" in page
    assert "PR@20" in latex_table([rep])


def test_window_scoring_uses_the_rule(tmp_path):
    from workbench.gui.controllers import scoring

    _rgbt234(tmp_path / "data" / "afterrain")
    seq = open_dataset(tmp_path / "data")[0].open()
    truth = rgbt.truth_of(seq)
    rep = scoring.score_run("trk", seq.name, PRED, seq.groundtruth, seq.attributes, 0, truth)
    assert rep.overall.success_auc == pytest.approx(37 / 63) and rgbt.rgbt_convention([rep])[1].startswith("RGB-T")
    going = scoring.score_run("trk", seq.name, PRED, seq.groundtruth, seq.attributes, 0, truth, last=1)
    assert going.overall.frames == 2  # a run still going: the frames tracked so far
    gt, _attrs, _off, truths = scoring.entry_truths(open_dataset(tmp_path / "data")[0])
    got = scoring.rule_truth(truths)
    assert got is not None and got.rule.key == "rgbt234"
