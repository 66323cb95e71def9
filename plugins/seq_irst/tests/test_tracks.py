"""Trajectory confirmation (tracks.py): a target that moves smoothly is kept and its misses filled,
detections no trajectory carries are dropped; the detector applies it when a run ends."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.errors import WorkbenchError
from workbench_seq_irst.model import Detection
from workbench_seq_irst.tracks import TrackRule, confirm


def _frames(n=12, miss=(5,), alarms=((3, 80.0, 10.0), (7, 15.0, 70.0)), score=0.6):
    """A target moving 2 px a frame from (20, 30), missed in ``miss``; one strong false alarm in each
    frame of ``alarms`` (frame, x, y), each somewhere else."""
    per = [[] for _ in range(n)]
    for f in range(n):
        if f not in miss:
            per[f].append(Detection(20.0 + 2 * f, 30.0 + f, 3.0, 3.0, score, 0, f))
    for f, x, y in alarms:
        per[f].append(Detection(x, y, 3.0, 3.0, 0.95, 0, f))
    return per


def test_confirm_keeps_the_trajectory_fills_its_miss_and_drops_lone_alarms():
    out = confirm(_frames(), TrackRule(floor=0.1, min_len=4, min_score=0.5, max_step=4.0, max_gap=2, fill=True))
    assert [len(ds) for ds in out] == [1] * 12  # the alarms are gone, frame 5 is filled
    assert all(abs(ds[0].cx - (20.0 + 2 * f)) < 1e-6 and abs(ds[0].cy - (30.0 + f)) < 1e-6 for f, ds in enumerate(out))
    assert out[5][0].score == pytest.approx(0.6 * 0.99)
    no_fill = confirm(_frames(), TrackRule(floor=0.1, min_len=4, min_score=0.5, max_step=4.0, max_gap=2, fill=False))
    assert len(no_fill[5]) == 0 and sum(map(len, no_fill)) == 11


def test_confirm_thresholds_on_length_mean_score_and_floor():
    per = _frames(score=0.3)
    assert sum(map(len, confirm(per, TrackRule(floor=0.1, min_len=4, min_score=0.5)))) == 0  # too weak on average
    assert sum(map(len, confirm(per, TrackRule(floor=0.4, min_len=1, min_score=0.0)))) == 2  # below the floor: the alarms alone
    assert sum(map(len, confirm(per, TrackRule(floor=0.1, min_len=13, min_score=0.0)))) == 0  # too short
    fast = [[Detection(10.0 + 20 * f, 10.0, 3.0, 3.0, 0.9, 0, f)] for f in range(10)]  # 20 px a frame
    assert sum(map(len, confirm(fast, TrackRule(min_len=3, max_step=8.0)))) == 0
    assert sum(map(len, confirm(fast, TrackRule(min_len=3, max_step=25.0)))) == 10
    other = [[Detection(10.0, 10.0, 3.0, 3.0, 0.9, 1, f)] for f in range(10)]  # interference class
    assert sum(map(len, confirm(other, TrackRule(min_len=1, min_score=0.0)))) == 0


def test_track_rule_refuses_nonsense():
    for kw in ({"floor": 1.5}, {"min_score": -0.1}, {"min_len": 0}, {"max_gap": -1}, {"max_step": 0.0}):
        with pytest.raises(WorkbenchError, match="track rule"):
            TrackRule(**kw)


def test_detector_confirms_when_a_run_ends_and_shows_the_per_frame_rule_until_then():
    """The shipped detector with and without its track rule on a generated sequence: frame by frame both
    give the per-frame rule's detections; ``finish`` (run / evaluate) gives ``confirm`` over the candidates."""
    from workbench.core.data.irseq_synth import make_sequence
    from workbench.core.loops import iter_detect
    from workbench_seq_irst import SeqIRSTConfig
    from workbench_seq_irst.detector import detections_of, evaluate, make_detector

    seq = make_sequence(seed=2, frames=16, width=96, height=80)
    on = make_detector(SeqIRSTConfig(track_min_len=3), "cpu")
    off = make_detector(SeqIRSTConfig(tracks=False), "cpu")
    assert on.tracks is not None and off.tracks is None
    live_on = [(i, o) for i, o in iter_detect(on, seq)]
    live_off = [(i, o) for i, o in iter_detect(off, seq)]
    for (i, a), (_j, b) in zip(live_on, live_off):
        assert np.allclose(a.points, b.points) and np.allclose(a.scores, b.scores)
    cands = [on.candidates[i] for i in range(len(seq))]
    assert sum(map(len, cands)) >= sum(len(o) for _i, o in live_off)  # candidates go down to the floor
    want = confirm(cands, on.tracks, on.relative, on.max_targets)
    got = on.finish(live_on)
    assert on.candidates == {}
    for (i, out), ds in zip(got, want):
        tg = [d for d in detections_of(out, i) if d.cls == 0]
        assert [(round(d.cx, 3), round(d.cy, 3)) for d in tg] == [(round(d.cx, 3), round(d.cy, 3)) for d in ds]
    per_run = on.run(seq)
    rep, dets = evaluate(on, [seq])
    assert [[(d.cx, d.cy) for d in ds] for ds in per_run] == [[(d.cx, d.cy) for d in ds] for ds in dets[seq.name]]
    assert off.finish(live_off) is live_off  # no rule: unchanged
    short = list(iter_detect(on, seq, frames=range(on.tracks.min_len - 1)))  # too few frames for a trajectory
    assert on.finish(short) is short


def test_detect_command_detects_unlabelled_frames_and_scores_the_labelled(tmp_path, capsys):
    """``workbench detect`` on a folder of frames without labels (an analyst's own recording): detections
    written, nothing scored; beside a labelled sequence only that one is scored."""
    import json

    from workbench.core.data.images import write_image
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence
    from workbench.core.results import read_detections
    from workbench_seq_irst.detector import main

    seq = make_sequence(seed=4, frames=12, width=96, height=80)
    plain = tmp_path / "mine"
    for i in range(len(seq)):
        write_image(plain / f"{i + 1:04d}.png", seq.frame(i))
    labelled = save_irseq(seq, tmp_path / "lab" / "synth")
    assert main(["--sequence", str(plain), "--out", str(tmp_path / "out"), "--json", str(tmp_path / "d.json"),
                 "--device", "cpu"]) == 0
    text = capsys.readouterr().out
    assert "not scored" in text and "no labelled sequence: nothing scored" in text
    rep = json.loads((tmp_path / "d.json").read_text())
    assert not rep["scored"] and rep["unlabelled"]["mine"]["frames"] == 12 and rep["per_sequence"] == {}
    csv = next((tmp_path / "out").rglob("mine.csv"))
    assert sum(len(d) for d in read_detections(csv, 12).values()) == rep["unlabelled"]["mine"]["detections"] > 0
    assert main(["--sequence", str(plain), "--sequence", str(labelled), "--json", str(tmp_path / "e.json"),
                 "--device", "cpu"]) == 0
    both = json.loads((tmp_path / "e.json").read_text())
    assert both["scored"] and set(both["per_sequence"]) == {"synth"} and set(both["unlabelled"]) == {"mine"}
    with pytest.raises(WorkbenchError, match="no such file or folder"):
        main(["--sequence", str(tmp_path / "nope")])


def test_invert_setting_makes_black_hot_frames_detect_as_white_hot():
    """A black-hot recording (the frames inverted) with ``invert`` gives the white-hot recording's detections."""
    import dataclasses

    from workbench.core.data.irseq_synth import make_sequence
    from workbench.core.data.sequence import ArrayFrames
    from workbench_seq_irst import SeqIRSTConfig
    from workbench_seq_irst.detector import make_detector

    seq = make_sequence(seed=5, frames=10, width=96, height=80)
    top = max(int(seq.frame(i).max()) for i in range(len(seq)))
    black = dataclasses.replace(seq, frames=ArrayFrames(len(seq), lambda i: (top - seq.frame(i).astype(np.int32))
                                                       .astype(seq.frame(i).dtype)))
    white = make_detector(SeqIRSTConfig(), "cpu").run(seq)
    fixed = make_detector(SeqIRSTConfig(invert=True), "cpu").run(black)
    as_is = make_detector(SeqIRSTConfig(), "cpu").run(black)
    pts = lambda per: [[(round(d.cx, 3), round(d.cy, 3)) for d in ds] for ds in per]  # noqa: E731
    assert pts(fixed) == pts(white) and sum(map(len, white)) > 0
    assert pts(as_is) != pts(white)  # without the setting the polarity matters
