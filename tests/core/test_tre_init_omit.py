"""TRE on the OTB sequences the OTB toolkit ships an initOmit/<seq>.txt for: no segment starts in those frame
ranges (occlusion, out of view), as its splitSeqTRE leaves them out before spreading the 20 starts. The reference
below is splitSeqTRE written from the toolkit's MATLAB source (tracker_benchmark_v1.0), in its 1-based frames."""
from __future__ import annotations

import math

import cv2
import numpy as np

from workbench.core.data import open_dataset
from workbench.core.data.otb import TRE_INIT_OMIT
from workbench.core.evaluation import robustness as rb
from workbench.core.methods import TrackOutput
from workbench.core.runs import run_robustness


def split_seq_tre(rect_anno, seg_num, init_omit, start_frame=1):
    """splitSeqTRE.m: Idx = 1:len; Idx(omit ranges - startFrame + 1) = 0; boxes with a non-positive value dropped;
    endSegIdx = the last i with len - Idx(i) + 1 >= 20; startFrIdxOne = [floor(1:endSegIdx/(segNum-1):endSegIdx)
    endSegIdx]; the starts are Idx(startFrIdxOne) (1-based frames)."""
    n = len(rect_anno)
    idx = list(range(1, n + 1))
    for a, b in init_omit:
        for k in range(a - start_frame + 1, b - start_frame + 2):
            if 1 <= k <= n:
                idx[k - 1] = 0
    idx = [i for i in idx if i > 0 and min(rect_anno[i - 1]) > 0]
    end_seg_idx = next(i + 1 for i in reversed(range(len(idx))) if n - idx[i] + 1 >= 20)
    step = end_seg_idx / (seg_num - 1)
    ones = [math.floor(1 + k * step) for k in range(seg_num + 1) if 1 + k * step <= end_seg_idx + 1e-9]
    return [idx[p - 1] for p in ones + [end_seg_idx]]


def _otb(root, folder, n, files=("groundtruth_rect.txt",)):
    img = root / folder / "img"
    img.mkdir(parents=True)
    data = cv2.imencode(".jpg", np.full((48, 64), 90, np.uint8))[1].tobytes()
    for k in range(1, n + 1):
        (img / f"{k:04d}.jpg").write_bytes(data)
    rows = np.array([[3 + k % 9, 4 + k % 5, 10, 12] for k in range(n)], float)
    for f in files:
        (root / folder / f).write_text("".join(",".join(f"{v:g}" for v in r) + "\n" for r in rows))
    return rows


def test_tiger1_tre_starts_are_the_toolkits(tmp_path):
    anno = _otb(tmp_path, "Tiger1", 354)
    seq = open_dataset(tmp_path)[0].open()
    assert len(seq) == 349  # from frame 6 (initOmit 1..5), as the toolkit's OPE
    toolkit = split_seq_tre(anno, 20, TRE_INIT_OMIT["tiger1"])
    ours = [s for s, _, _ in rb.plan("tre", seq.groundtruth, omit=seq.meta["tre_init_omit"])]
    assert [s + 6 for s in ours] == sorted(set(toolkit))  # our frame 0 is the toolkit's frame 6
    for s in ours:
        assert not any(a <= s + 6 <= b for a, b in TRE_INIT_OMIT["tiger1"])
    assert ours != rb.tre_starts(seq.groundtruth)  # without the ranges the starts fall in occluded frames
    assert rb.plan("sre", seq.groundtruth, omit=seq.meta["tre_init_omit"])[0][0] == 0


def test_several_target_names_and_sequences_without_a_file(tmp_path):
    _otb(tmp_path, "Jogging", 120, ("groundtruth_rect.1.txt", "groundtruth_rect.2.txt"))
    _otb(tmp_path, "Crossing", 120)
    seqs = {e.name: e.open() for e in open_dataset(tmp_path)}
    assert seqs["Jogging-2"].meta["tre_init_omit"] == [[39, 62]]  # initOmit/jogging-2.txt: 40 63
    # the toolkit's initOmit/jogging.txt matches none of its names (jogging-1, jogging-2): never read
    assert "tre_init_omit" not in seqs["Jogging-1"].meta and "tre_init_omit" not in seqs["Crossing"].meta


class Frozen:
    name = "frozen"
    modality = ("gray", "rgb")

    def initialize(self, frame, box):
        self.box = box

    def track(self, frame):
        return TrackOutput(self.box, 1.0)


def test_run_and_score_tre_with_the_omitted_ranges(tmp_path):
    anno = _otb(tmp_path / "OTB", "Coke", 80)  # initOmit/coke.txt: 7..44, 71..78
    seq = open_dataset(tmp_path / "OTB")[0].open()
    res = run_robustness(Frozen, seq, "tre", segments=20)
    starts = [r.start_frame + 1 for r in res.runs]
    assert starts == sorted(set(split_seq_tre(anno, 20, TRE_INIT_OMIT["coke"])))
    assert not any(7 <= s <= 44 or 71 <= s <= 78 for s in starts)
    folder = res.save(tmp_path / "res")
    from workbench.core.results import read_manifest

    entry = read_manifest(folder.parent)["sequences"]["Coke"]
    assert entry["init_omit"] == [[6, 43], [70, 77]]
    gts = {"Coke": seq.groundtruth}
    (report,) = rb.score_robustness_folder(tmp_path / "res", "tre", gts, offsets={"Coke": 1})
    listed = split_seq_tre(anno, 20, TRE_INIT_OMIT["coke"])  # repeats included: each counted as listed
    assert report.sequences["Coke"].frames == sum(80 - s + 1 for s in listed)
