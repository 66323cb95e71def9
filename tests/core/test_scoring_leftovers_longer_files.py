"""A result file longer than its sequence under the robustness and VOT protocols.

TRE / SRE run files are cut to the sequence's frames with ``results.fit_to_frames``'s note, as one-pass scoring
cuts them (the OTB toolkit's ``calcSeqErrRobust`` scores a run's first ``results.len`` rows); a VOT trajectory
longer than its sequence is still refused, as the VOT toolkit refuses it (``calculate_overlaps``: "List not of
the same size"), with a message naming the file, both counts and the fix."""
from __future__ import annotations

import json

import numpy as np
import pytest

from workbench.core.errors import DataError
from workbench.core.evaluation import vot
from workbench.core.evaluation.robustness import score_robustness_folder

N = 30
GT = np.array([[10.0 + i, 10.0, 8.0, 8.0] for i in range(N)])


def _robustness_run(root, protocol, extra):
    folder = root / "trk" / protocol
    (folder / "s").mkdir(parents=True)
    starts = [0, 10] if protocol == "tre" else [0, 0]
    (folder / "manifest.json").write_text(json.dumps(
        {"protocol": protocol, "sequences": {"s": {"runs": [{"start_frame": st} for st in starts]}}}))
    for k, st in enumerate(starts):
        rows = GT.copy()
        rows[:st] = np.nan
        rows = np.vstack([rows, np.tile([500.0, 500.0, 8.0, 8.0], (extra if k == 0 else 0, 1))])
        np.savetxt(folder / "s" / f"s_{k + 1:03d}.txt", rows, fmt="%.2f", delimiter=",")
    return folder


@pytest.mark.parametrize("protocol", ["tre", "sre"])
def test_a_longer_robustness_run_file_is_cut_with_the_one_pass_note(tmp_path, protocol):
    folder = _robustness_run(tmp_path / "long", protocol, extra=3)
    notes = []
    (r,) = score_robustness_folder(tmp_path / "long", protocol, {"s": GT}, notes=notes)
    (same,) = score_robustness_folder(_robustness_run(tmp_path / "exact", protocol, extra=0).parents[1],
                                      protocol, {"s": GT})
    assert r.overall.success_auc == pytest.approx(same.overall.success_auc)
    assert r.overall.success_auc > 0.9
    (note,) = notes
    assert str(folder / "s" / "s_001.txt") in note and "3 row(s) after the 30 frames of 's' dropped" in note


def test_a_shorter_robustness_run_file_is_still_refused(tmp_path):
    folder = _robustness_run(tmp_path, "tre", extra=0)
    (folder / "s" / "s_001.txt").write_text("1,2,3,4\n" * (N - 1))
    with pytest.raises(DataError, match=f"has {N - 1} boxes but sequence 's' has {N} frames"):
        score_robustness_folder(tmp_path, "tre", {"s": GT})


def test_a_longer_vot_trajectory_is_refused_naming_file_counts_and_fix(tmp_path):
    d = tmp_path / "trk" / "baseline" / "s"
    d.mkdir(parents=True)
    f = d / "s_001.txt"
    f.write_text("\n".join(["1"] + ["10,10,8,8"] * (N + 1)) + "\n")
    with pytest.raises(DataError) as err:
        vot.score_vot_folder(tmp_path, {"s": GT})
    msg = str(err.value)
    assert str(f) in msg and f"has {N + 2} lines but sequence 's' has {N} frames" in msg
    assert "VOT toolkit" in msg and "last 2 line(s)" in msg
