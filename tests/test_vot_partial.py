"""``score_vot_folder`` flags partial runs (a short trajectory file, or one of ours whose manifest says
the run stopped early) and scores their untracked frames as zero overlap instead of as a whole run."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.errors import DataError
from workbench.core.evaluation import vot

N = 40
GT = np.array([[0, 0, 10, 10]] * N, float)


def _write(root, lines, tracker="foreign", seq="s"):
    d = root / tracker / "baseline" / seq
    d.mkdir(parents=True)
    (d / f"{seq}_001.txt").write_text("\n".join(lines) + "\n")
    return root


def test_a_short_foreign_file_is_flagged_and_its_missing_frames_score_zero(tmp_path):
    whole = _write(tmp_path / "a", ["1"] + ["0,0,10,10"] * (N - 1), tracker="whole")
    short = _write(tmp_path / "b", ["1"] + ["0,0,10,10"] * 19, tracker="short")  # cancelled after 20 frames
    (w,) = vot.score_vot_folder(whole, {"s": GT}, sizes={"s": (64, 64)})
    (r,) = vot.score_vot_folder(short, {"s": GT}, sizes={"s": (64, 64)})
    assert w.partial == {} and w.accuracy == pytest.approx(1.0) and w.curve[30] == pytest.approx(1.0)
    assert r.partial == {"s": {"frame": 20, "reason": vot.STOP_SHORT}}
    # burn-in leaves out 0..9; 10..19 overlap 1, 20..39 untracked = 0
    assert r.sequences["s"].frames == N and r.accuracy == pytest.approx(10 / 30)
    assert r.failures == 0
    assert r.curve[30] == pytest.approx(19 / 30)  # mean overlap of frames 1..30: 19 ones, 11 zeros
    d = vot.report_dict([r])["short"]
    assert d["s"]["partial"] is True and d["s"]["partial_frame"] == 20 and d["s"]["partial_reason"] == "short file"
    assert d["_all"]["partial_sequences"] == ["s"] and "overlap 0" in d["_all"]["partial_convention"]
    assert vot.report_dict([w])["whole"]["s"]["partial"] is False
    table = vot.format_table([r, w])
    assert "short *" in table and "s from frame 20 (short file)" in table
    assert "whole *" not in table


def test_a_longer_file_is_still_refused(tmp_path):
    root = _write(tmp_path, ["1"] + ["0,0,10,10"] * N)
    with pytest.raises(DataError, match=f"has {N + 1} lines but sequence 's' has {N} frames"):
        vot.score_vot_folder(root, {"s": GT})


def test_manifest_marked_partial_run_is_not_scored_as_whole(tmp_path):
    """Our writer keeps a stopped run's file full length (``0`` after the stop): only the manifest
    says it stopped. Without the flag those frames would be 'skipped' and drop out of the score."""
    root = _write(tmp_path, ["1"] + ["0,0,10,10"] * 19 + ["0"] * 20, tracker="ours")
    (plain,) = vot.score_vot_folder(root, {"s": GT})
    assert plain.partial == {} and plain.accuracy == pytest.approx(1.0)  # what 'silently complete' scores
    (root / "ours" / "baseline" / "manifest.json").write_text(json.dumps(
        {"sequences": {"s": {"completed": False, "partial": {"frame": 20, "reason": "interrupted"}}}}))
    (r,) = vot.score_vot_folder(root, {"s": GT})
    assert r.partial == {"s": {"frame": 20, "reason": "interrupted"}}
    assert r.accuracy == pytest.approx(10 / 30)
    (root / "ours" / "baseline" / "manifest.json").write_text(json.dumps(
        {"sequences": {"s": {"completed": False, "tracked": 20}}}))  # a cancel in the window
    (r,) = vot.score_vot_folder(root, {"s": GT})
    assert r.partial == {"s": {"frame": 20, "reason": "cancelled"}}
    assert r.accuracy == pytest.approx(10 / 30)


def _otb_folder(root, n, bad):
    seq = root / "walker"
    (seq / "img").mkdir(parents=True)
    lines = []
    for i in range(n):
        img = np.full((60, 80), 20, np.uint8)
        x, y = 10 + i, 15
        img[y:y + 16, x:x + 12] = 230
        cv2.imwrite(str(seq / "img" / f"{i + 1:04d}.png"), img)
        lines.append(f"{x + 1},{y + 1},12,16")
    (seq / "img" / f"{bad + 1:04d}.png").write_bytes(b"not a png at all")
    (seq / "groundtruth_rect.txt").write_text("\n".join(lines) + "\n")
    return seq


def test_vot_run_stopped_by_an_unreadable_frame_is_flagged_in_eval(tmp_path, capsys):
    seq = _otb_folder(tmp_path / "data", n=30, bad=20)
    out, js = tmp_path / "res", tmp_path / "vot.json"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", "vot"]) == 2
    (traj,) = out.rglob("walker_001.txt")
    boxes, codes = vot.read_trajectory(traj)
    assert len(codes) == 30 and np.all(codes[20:] == vot.SKIPPED)
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(seq), "--protocol", "vot", "--json", str(js)]) == 0
    assert "* partial: kcf: walker from frame 20 (unreadable frame)" in capsys.readouterr().out
    d = json.loads(js.read_text())["kcf"]
    assert d["walker"]["partial"] is True and d["walker"]["partial_frame"] == 20
    assert d["_all"]["partial_sequences"] == ["walker"]
    # the same file scored as if whole: the 10 untracked frames drop out, so its accuracy is higher
    gt = np.loadtxt(seq / "groundtruth_rect.txt", delimiter=",") - [1, 1, 0, 0]
    whole = vot.sequence_measures(boxes - [1, 1, 0, 0], codes, gt, (80, 60))
    assert whole.accuracy > 0.3
    assert d["walker"]["accuracy"] == pytest.approx(whole.accuracy * whole.accuracy_frames /
                                                    (whole.accuracy_frames + 10))
