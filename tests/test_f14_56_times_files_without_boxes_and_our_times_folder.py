"""Two readings of a flat results folder (reviewer R11). Without a manifest (pytracking's, pysot's) a '<x>_time.txt'
with no '<x>.txt' beside it was taken as the boxes of a sequence '<x>_time' whatever it held: the times of a sequence
whose boxes are gone made `export-results --toolkit pysot` refuse the whole run ("b_time.txt, line 1: expected 4
values ... found 1"). It is boxes now only where its first line holding anything has four numbers or more.
And a flat folder of ours (a manifest) holding times/ (race's times beside a sequence race_time) was labelled the
GOT-10k toolkit's OTB-style folder ('got10k-otb', read in the dataset file's frame)."""
from __future__ import annotations

import numpy as np

from workbench.core.results import GOT10K_OTB, export_results, find_runs
from workbench.core.runs import RunResult


def _boxes(n):
    return "".join(f"{10 + k},20,8,9\n" for k in range(n))


def test_a_foreign_folder_times_without_boxes_are_no_sequence(tmp_path):
    flat = tmp_path / "res" / "T"
    flat.mkdir(parents=True)
    (flat / "a.txt").write_text(_boxes(5))
    (flat / "a_time.txt").write_text("0.01\n" * 5)
    (flat / "b_time.txt").write_text("\n0.01\n" + "0.02\n" * 4)  # b's times; b.txt is gone
    (flat / "c_time.txt").write_text("1\t2\t3\t4\n2\t2\t3\t4\n")  # a sequence c_time's boxes (tab, pytracking)
    (run,) = find_runs(tmp_path / "res")
    assert sorted(run.files) == ["a", "c_time"]  # the old code: b_time too, as boxes
    (done,) = export_results(tmp_path / "res", tmp_path / "pysot", "pysot", unmarked="dataset file",
                             offsets={"a": 1, "c_time": 1})
    assert sorted(f.name for f in done.folder.glob("*.txt")) == ["a.txt", "a_time.txt", "c_time.txt"]
    assert np.loadtxt(done.folder / "c_time.txt", delimiter=",", ndmin=2).shape == (2, 4)


def test_our_flat_folder_with_times_of_race_is_ours_not_got10k(tmp_path):
    res = tmp_path / "res"
    for name in ("race", "race_time"):  # info=None: saved to the flat OUT/<tracker>/ folder, with its manifest
        boxes = np.array([[10.0 + k, 20, 8, 9] for k in range(4)])
        RunResult("kcf", name, boxes, np.ones(4), np.full(4, 0.01), init_box=tuple(boxes[0]), init_given=False,
                  box_offset=0).save(res)
    folder = res / "kcf"
    assert (folder / "manifest.json").is_file() and (folder / "times" / "race_time.txt").is_file()
    (run,) = find_runs(res)
    assert sorted(run.files) == ["race", "race_time"]
    assert run.layout == "flat"  # the old code: 'got10k-otb'
    assert run.box_offset("race", 1) == 0  # as its manifest records it


def test_a_got10k_export_stays_the_toolkits_folder(tmp_path):
    res = tmp_path / "res"
    boxes = np.array([[10.0 + k, 20, 8, 9] for k in range(4)])
    RunResult("kcf", "s", boxes, np.ones(4), np.full(4, 0.01), init_box=tuple(boxes[0]), init_given=False,
              box_offset=0).save(res)
    (done,) = export_results(res, tmp_path / "got", "got10k")
    assert (done.folder / "manifest.json").is_file() and (done.folder / "times" / "s_time.txt").is_file()
    (run,) = find_runs(tmp_path / "got")
    assert run.layout == GOT10K_OTB
