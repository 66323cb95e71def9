"""The OTB toolkit's .mat results as its folders really hold them, and what is not its results (R3's review of the
session's .mat reading):

- a first-level folder with a stray ``x_y.mat`` beside its own runs (a pytracking method, a dataset level of ours,
  a GOT-10k toolkit tracker) was read as a folder of .mat results and its runs were lost; MATLAB files that are not
  results (filter profiles, ``<seq>_gt.mat``) became trackers and made eval exit 2;
- OTB-2013's toolkit (``tracker_benchmark_v1.0``) holds ``results/results_TRE_CVPR13`` (its OPE is ``results{1}``
  there) and ``results_SRE_CVPR13``: its folder gave its ``anno/`` as a tracker and --protocol tre|sre found nothing;
- a results folder holding the toolkit's ``results/results_OPE`` lost its own runs beside it;
- the toolkit's ``calcSeqErrRobust`` carries the previous box over an all-NaN or zero-size ``rect`` row and scores
  an empty ``results`` 0; it converts ``affine`` as ``4corner``, over all of a frame's corners;
- a v7.3 field name that is no UTF-8 came back as bytes: a TypeError, not a DataError naming the file."""
from __future__ import annotations

import json

import h5py
import numpy as np
import pytest

from tests.test_q2s57_otb_mat_results import _dataset, _run, write_mat, write_mat73
from workbench.cli import main
from workbench.core.errors import DataError
from workbench.core.otb_mat import ope_boxes, read_runs
from workbench.core.results import find_runs


def _txt(folder, gts, shift=0.0):
    folder.mkdir(parents=True, exist_ok=True)
    for s, g in gts.items():
        np.savetxt(folder / f"{s}.txt", g + [shift, 0, 0, 0], fmt="%.0f", delimiter=",")


def test_stray_and_other_matlab_files_hide_no_runs_and_are_no_trackers(tmp_path, capsys):
    data, res = tmp_path / "data", tmp_path / "res"
    gts = _dataset(data, ["Seq000", "Seq001"], 6)
    _txt(res / "dimp" / "dimp50", gts)  # pytracking: <method>/<variant>/<seq>.txt
    _txt(res / "otb" / "kcf" / "default", gts)  # ours: <dataset>/<method>/<variant>/ with a manifest
    (res / "otb" / "kcf" / "default" / "manifest.json").write_text('{"method": "kcf", "variant": "default"}')
    for s, g in gts.items():  # the GOT-10k toolkit: <tracker>/<seq>/<seq>_001.txt
        _txt(res / "SiamFC" / s, {f"{s}_001": g})
    _txt(res / "CSRT", gts)
    (res / "CSRT" / "manifest.json").write_text('{"boxes": "dataset file"}')
    # stray MATLAB files: a note beside pytracking's runs, a summary beside a dataset level and a GOT-10k tracker,
    # filter profiles, a groundtruth export <seq>_gt.mat: none holds a variable 'results'
    write_mat(res / "dimp" / "dimp_notes.mat", {"notes": np.eye(2)})
    write_mat(res / "otb" / "otb_summary.mat", {"x": np.eye(2)})
    write_mat(res / "SiamFC" / "perf_summary.mat", {"x": np.eye(2)}, compress=True)
    write_mat(res / "filters" / "Xemia_25.mat", {"filters": np.ones((5, 25))}, compress=True)
    for s, g in gts.items():
        write_mat(res / "matlab" / f"{s}_gt.mat", {"gt": g})
    got = sorted((r.label, r.layout) for r in find_runs(res))
    assert got == [("CSRT", "flat"), ("SiamFC", "got10k"), ("dimp/dimp50", "pytracking"), ("kcf", "ours")], got
    assert main(["eval", str(res / "CSRT"), str(res / "filters"), str(res / "matlab"), "--dataset", str(data)]) != 0
    assert main(["eval", str(res), "--dataset", str(data), "--trackers", "CSRT"]) == 0
    capsys.readouterr()
    # a folder of the toolkit's results named as a tracker's is read (its first file holds 'results')
    write_mat(res / "published" / "Seq000_Struck.mat", {"results": [_run(gts["Seq000"])]})
    assert ("Struck", "otb-mat") in [(r.label, r.layout) for r in find_runs(res)]


def test_otb2013_toolkit_reads_ope_and_tre_from_results_tre_cvpr13(tmp_path, capsys):
    data = tmp_path / "data"
    gts = _dataset(data, ["Basketball", "Jogging-1"], 8)
    tk = tmp_path / "tracker_benchmark_v1.0"
    _txt(tk / "anno", gts)  # the toolkit's groundtruth: no tracker's boxes
    for s, g in gts.items():
        off = g + [100.0, 0, 0, 0]
        # TRE: results{1} the run from the first frame (the toolkit's OPE), then one from image 3 (no overlap)
        write_mat(tk / "results" / "results_TRE_CVPR13" / f"{s.lower()}_Struck.mat",
                  {"results": [_run(g), _run(off[2:], start=3)]})
        write_mat(tk / "results" / "results_SRE_CVPR13" / f"{s.lower()}_Struck.mat", {"results": [_run(g), _run(off)]})
    for root in (tk, tk / "results"):
        assert [(r.label, r.folder.name) for r in find_runs(root)] == [("Struck", "results_TRE_CVPR13")]
        out = tmp_path / f"{root.name}.json"
        assert main(["eval", str(root), "--dataset", str(data), "--json", str(out)]) == 0
        got = json.loads(out.read_text())
        assert set(got) == {"Struck"} and got["Struck"]["_all"]["success_auc"] == pytest.approx(20 / 21)
        for protocol, frames, hits in (("tre", 8 + 6, 8 + 1), ("sre", 16, 8 + 1)):
            out = tmp_path / f"{root.name}_{protocol}.json"
            assert main(["eval", str(root), "--dataset", str(data), "--protocol", protocol, "--json", str(out)]) == 0
            seq = json.loads(out.read_text())["Struck"]["Basketball"]
            assert seq["frames"] == frames and seq["success_auc"] == pytest.approx(hits / frames * 20 / 21), seq
    # results_OPE beside it: one-pass reads that, not results{1} of TRE
    for s, g in gts.items():
        write_mat(tk / "results" / "results_OPE" / f"{s}_Struck.mat", {"results": [_run(g + [100.0, 0, 0, 0])]})
    assert [r.folder.name for r in find_runs(tk)] == ["results_OPE"]
    capsys.readouterr()


def test_a_results_folder_with_the_toolkits_results_keeps_its_own_runs(tmp_path):
    data, res = tmp_path / "data", tmp_path / "ws"
    gts = _dataset(data, ["Seq000"], 4)
    _txt(res / "kcf", gts)
    _txt(res / "anno", gts)  # beside the toolkit's results/: its groundtruth, no tracker's
    write_mat(res / "results" / "results_OPE" / "Seq000_Struck.mat", {"results": [_run(gts["Seq000"])]})
    assert sorted((r.label, r.folder.name) for r in find_runs(res)) == [("Struck", "results_OPE"), ("kcf", "kcf")]


def test_lost_rows_carried_forward_and_an_empty_results_scores_0(tmp_path, capsys):
    data = tmp_path / "data"
    gts = _dataset(data, ["Basketball", "Jogging-1"], 10)
    gt = gts["Basketball"]
    res = gt.copy()
    res[4:6] = np.nan  # lost rows (TLD)
    res[7, 2] = 0  # a zero-width row
    res[8, 0] = np.nan  # one value NaN: not carried (calcSeqErrRobust carries a row whose 4 values all fail)
    ope = tmp_path / "results_OPE"
    write_mat(ope / "Basketball_TLD.mat", {"results": [_run(res)]})
    want = res.copy()
    want[4:6], want[7] = gt[3], gt[6]
    np.testing.assert_array_equal(ope_boxes(ope / "Basketball_TLD.mat"), want)
    write_mat(ope / "Jogging-1_TLD.mat", {"results": []})  # a file of no run: the toolkit scores it 0
    assert len(ope_boxes(ope / "Jogging-1_TLD.mat")) == 0
    assert main(["eval", str(ope), "--dataset", str(data), "--json", str(tmp_path / "o.json")]) == 0
    got = json.loads((tmp_path / "o.json").read_text())["TLD"]
    assert got["Jogging-1"]["success_auc"] == 0 and got["Jogging-1"]["frames"] == 10
    # gt moves 1 px a frame right and down: a box carried one frame has IoU 99/141 (above 15 of the 21 thresholds),
    # two frames 0.5 (above 10); the NaN-x row fails
    assert got["Basketball"]["success_auc"] == pytest.approx((6 * 20 + 2 * 15 + 10) / 210)
    # the toolkit's own TRE files: a run after an empty one is not scored (genPerfMat breaks), no run scores 0
    tre = tmp_path / "results" / "results_TRE"
    write_mat(tre / "basketball_TLD.mat", {"results": [_run(gt), {**_run(gt[2:], start=3), "res": []},
                                                       _run(gt[4:] + [100, 0, 0, 0], start=5)]})
    write_mat(tre / "jogging-1_TLD.mat", {"results": []})
    assert main(["eval", str(tre.parent), "--dataset", str(data), "--protocol", "tre", "--json",
                 str(tmp_path / "t.json")]) == 0
    got = json.loads((tmp_path / "t.json").read_text())["TLD"]
    assert got["Basketball"]["frames"] == 10 and got["Basketball"]["success_auc"] == pytest.approx(20 / 21)
    assert got["Jogging-1"]["success_auc"] == 0
    # text results are scored as they were: a NaN row a failure
    txt = tmp_path / "txt" / "TLD"
    _txt(txt, {"Basketball": res})
    (txt / "manifest.json").write_text('{"boxes": "dataset file"}')
    assert main(["eval", str(txt.parent), "--dataset", str(data), "--json", str(tmp_path / "x.json")]) == 0
    assert json.loads((tmp_path / "x.json").read_text())["TLD"]["Basketball"]["success_auc"] == pytest.approx(
        6 * 20 / 210)
    capsys.readouterr()


def test_affine_and_many_corners_made_boxes_as_corner2rect(tmp_path):
    corners = np.array([[10.4, 30.5, 30.5, 10.4, 20, 20], [20, 20, 35, 35, 18, 40]])  # 6 corners, one frame
    for kind in ("affine", "4corner"):
        path = write_mat(tmp_path / f"Seq_{kind}.mat", {"results": [_run(corners, kind)]})
        np.testing.assert_array_equal(ope_boxes(path), [[10, 18, 21, 23]])  # round(l, t, r-l+1, b-t+1) of all 6


def test_a_v73_field_name_that_is_no_utf8_is_a_data_error(tmp_path):
    path = write_mat73(tmp_path / "Seq_T.mat", [{"type": "rect"}])
    with h5py.File(path, "r+") as f:
        f["#refs#"]["r0"].create_dataset(b"r\xffs", data=np.zeros((4, 2)))
    with pytest.raises(DataError, match=r"results\{1\} has no field 'res' \(fields: .*r.s") as err:
        read_runs(path)
    assert str(path) in str(err.value)


def test_the_windows_note_of_an_unreadable_result_names_its_file_once(tmp_path):
    from workbench.core.data.detect import open_sequence
    from workbench.gui.controllers.tracking import read_saved_runs

    data = tmp_path / "data"
    gt = _dataset(data, ["Seq000"], 4)["Seq000"]
    bad = write_mat(tmp_path / "res" / "results_OPE" / "Seq000_IVT.mat", {"results": [_run(np.zeros((4, 6)), "ivtAff")]})
    write_mat(tmp_path / "res" / "results_OPE" / "Seq000_Struck.mat", {"results": [_run(gt)]})
    saved = read_saved_runs(open_sequence(data / "Seq000"), tmp_path / "res", "data")
    assert [r.label for r in saved.records] == ["Struck"]
    (note,) = saved.notes
    assert note.startswith(f"skipped unreadable result {bad}: results{{1}}.type is 'ivtAff'"), note
    assert note.count(str(bad)) == 1, note


# --- R5's second review (F6) ------------------------------------------------------------------------------------

def test_tre_file_of_no_run_scores_0_on_its_frames_in_the_dataset_mean_with_a_note(tmp_path, capsys):
    # a TRE file of no run was one run of 0 frames, which the dataset's mean dropped: ALL 0.952, not 0.476
    data = tmp_path / "data"
    gts = _dataset(data, ["Basketball", "Jogging-1"], 10)
    tre = tmp_path / "results" / "results_TRE"
    write_mat(tre / "Basketball_TLD.mat", {"results": [_run(gts["Basketball"])]})
    empty = write_mat(tre / "Jogging-1_TLD.mat", {"results": [{**_run(gts["Jogging-1"]), "res": []}]})
    out = tmp_path / "t.json"
    assert main(["eval", str(tmp_path), "--dataset", str(data), "--protocol", "tre", "--json", str(out)]) == 0
    got = json.loads(out.read_text())["TLD"]
    assert got["Jogging-1"]["frames"] == 10 and got["Jogging-1"]["success_auc"] == 0
    assert got["_all"]["success_auc"] == pytest.approx(0.5 * 20 / 21) and got["_all"]["frames"] == 20
    err = capsys.readouterr().err
    assert f"{empty}: no run in it ('results' or its results{{1}}.res empty): every frame a failure" in err, err


def test_our_runs_in_a_folder_named_as_a_toolkit_folder_are_kept_beside_its_results(tmp_path):
    data, ws = tmp_path / "tmp", tmp_path / "ws"
    gts = _dataset(data, ["Seq000"], 4)
    _txt(ws / "tmp" / "kcf" / "default", gts)  # ours, run on a dataset folder named tmp: <dataset>/<method>/<variant>
    (ws / "tmp" / "kcf" / "default" / "manifest.json").write_text('{"method": "kcf", "variant": "default"}')
    _txt(ws / "util", gts)  # ours, flat with its manifest
    (ws / "util" / "manifest.json").write_text('{"boxes": "dataset file"}')
    _txt(ws / "anno", gts)  # the toolkit's groundtruth: no manifest, no tracker's
    write_mat(ws / "results" / "results_OPE" / "Seq000_Struck.mat", {"results": [_run(gts["Seq000"])]})
    got = sorted((r.label, r.folder.relative_to(ws).as_posix()) for r in find_runs(ws))
    assert got == [("Struck", "results/results_OPE"), ("kcf", "tmp/kcf/default"), ("util", "util")], got


def test_export_of_a_file_of_no_run_says_eval_scores_it_0(tmp_path, capsys):
    data = tmp_path / "data"
    gts = _dataset(data, ["Basketball", "Jogging-1"], 6)
    ope = tmp_path / "results_OPE"
    write_mat(ope / "Basketball_TLD.mat", {"results": [_run(gts["Basketball"])]})
    empty = write_mat(ope / "Jogging-1_TLD.mat", {"results": []})
    for k, dataset in enumerate((["--dataset", str(data)], [])):
        out = tmp_path / f"ex{k}"
        assert main(["export-results", str(ope), *dataset, "--toolkit", "pysot", "--out", str(out)]) == 0
        err = capsys.readouterr().err
        assert f"{empty}: no run in it: not exported (`workbench eval` scores it 0" in err, err
        assert "leaves it out of the scores" not in err, err
        assert sorted(p.name for p in (out / "TLD").glob("*.txt")) == ["Basketball.txt"]
