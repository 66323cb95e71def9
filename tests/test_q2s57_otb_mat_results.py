"""Published trackers' results as the OTB toolkit (tracker_benchmark_v1.0) and its kin (UAV123, DTB70, PTB-TIR ...)
hand them out, ``results/results_OPE/<seq>_<tracker>.mat`` (a cell ``results`` of structs: ``res``, ``type``,
``len``, ``startFrame``, ``annoBegin`` ...), were no result files at all to ``eval`` / ``report`` / the window. Now
each tracker of such a folder is a run named from the file names, its boxes read 1-based as the toolkit holds them,
from ``startFrame``; a type it cannot convert and a MAT-file it cannot read are errors naming the file.

The .mat files here are written by the small MAT v5 writer below (no scipy), and v7.3 ones with h5py in MATLAB's
layout (``MATLAB_class`` attributes, cells as object references)."""
from __future__ import annotations

import struct
import zlib

import cv2
import h5py
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data.matfile import read_mat_value
from workbench.core.errors import DataError
from workbench.core.otb_mat import ope_boxes, split_names, tracker_files
from workbench.core.results import find_runs, find_runs_in, match_names


# --- a MAT v5 writer (what MATLAB's ``save`` writes by default, the layout scipy.io.savemat writes) -------------

def _tag(typ: int, data: bytes, order: str = "<") -> bytes:
    return struct.pack(order + "II", typ, len(data)) + data + b"\0" * (-len(data) % 8)


def _small(typ: int, data: bytes, order: str = "<") -> bytes:  # a "small" element: 4 bytes of data or fewer
    return struct.pack(order + "I", (len(data) << 16) | typ) + data.ljust(4, b"\0")


def _matrix(value, name: str = "", order: str = "<") -> bytes:
    if isinstance(value, str):
        cls, dims = 4, (1, len(value))
        data = _tag(4, value.encode("utf-16-le" if order == "<" else "utf-16-be"), order)
    elif isinstance(value, list):
        cls, dims = 1, (1, len(value))
        data = b"".join(_matrix(v, "", order) for v in value)
    elif isinstance(value, dict):
        cls, dims = 2, (1, 1)
        width = 32  # as MATLAB writes it: each field name NUL-padded to 32 bytes
        names = b"".join(k.encode() + b"\0" * (width - len(k)) for k in value)
        data = _small(5, struct.pack(order + "i", width), order) + _tag(1, names, order) \
            + b"".join(_matrix(v, "", order) for v in value.values())
    else:
        arr = np.atleast_2d(np.asarray(value, dtype=float))
        cls, dims = 6, arr.shape
        data = _tag(9, arr.astype(order + "f8").tobytes(order="F"), order)
    body = (_tag(6, struct.pack(order + "II", cls, 0), order) + _tag(5, struct.pack(order + f"{len(dims)}i", *dims), order)
            + _tag(1, name.encode(), order) + data)
    return _tag(14, body, order)


def write_mat(path, variables: dict, compress: bool = False, order: str = "<"):
    head = b"MATLAB 5.0 MAT-file, written by the workbench's tests".ljust(116) + b"\0" * 8
    head += struct.pack(order + "H", 0x0100) + (b"IM" if order == "<" else b"MI")
    out = [head]
    for name, value in variables.items():
        element = _matrix(value, name, order)
        packed = zlib.compress(element)  # (a compressed element is not padded to 8 bytes)
        out.append(struct.pack(order + "II", 15, len(packed)) + packed if compress else element)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(out))
    return path


def write_mat73(path, runs: list[dict]):
    """``results`` as MATLAB's ``save -v7.3`` stores a cell of structs: a 512-byte user block, the cell a dataset of
    object references into ``#refs#``, each struct a group, char arrays uint16 with ``MATLAB_class`` 'char'."""
    with h5py.File(path, "w", userblock_size=512) as f:
        refs = f.create_group("#refs#")
        cell_refs = []
        for i, run in enumerate(runs):
            g = refs.create_group(f"r{i}")
            g.attrs["MATLAB_class"] = np.bytes_("struct")
            for k, v in run.items():
                if isinstance(v, str):
                    d = g.create_dataset(k, data=np.array([[ord(c)] for c in v], np.uint16))
                    d.attrs["MATLAB_class"] = np.bytes_("char")
                else:
                    d = g.create_dataset(k, data=np.atleast_2d(np.asarray(v, float)).T)
                    d.attrs["MATLAB_class"] = np.bytes_("double")
            cell_refs.append(g.ref)
        ds = f.create_dataset("results", data=np.array(cell_refs, dtype=h5py.ref_dtype).reshape(len(runs), 1))
        ds.attrs["MATLAB_class"] = np.bytes_("cell")
    raw = bytearray(path.read_bytes())
    raw[:128] = (b"MATLAB 7.3 MAT-file".ljust(116) + b"\0" * 8 + b"\0\x02IM")
    path.write_bytes(bytes(raw))
    return path


def _run(res, kind="rect", start=1, begin=1, fps=12.5):
    res = np.asarray(res, float)
    n = len(res) // 2 if kind == "4corner" else len(res)
    return {"res": res, "type": kind, "fps": fps, "len": float(n), "annoBegin": float(begin),
            "startFrame": float(start)}


# --- tests ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("compress,order", [(False, "<"), (True, "<"), (False, ">")])
def test_cells_structs_and_chars_read(tmp_path, compress, order):
    res = np.array([[1.0, 2, 3, 4], [5, 6, 7, 8]])
    path = write_mat(tmp_path / "a.mat", {"other": np.eye(2), "results": [_run(res), [], "text"]}, compress, order)
    value = read_mat_value(path, "results")
    assert isinstance(value, list) and len(value) == 3
    np.testing.assert_array_equal(value[0]["res"], res)
    assert value[0]["type"] == "rect" and value[0]["fps"].item() == 12.5
    assert value[1] == [] and value[2] == "text"
    with pytest.raises(DataError, match="holds no variable 'nope'.*other, results"):
        read_mat_value(path, "nope")


def test_v73_cell_of_structs_read(tmp_path):
    res = np.array([[10.0, 20, 30, 40], [11, 21, 31, 41], [12, 22, 32, 42]])
    path = write_mat73(tmp_path / "Seq_T.mat", [_run(res)])
    np.testing.assert_array_equal(ope_boxes(path), res)


def test_a_mat_v4_file_and_an_affine_type_are_said(tmp_path):
    v4 = tmp_path / "Seq_T.mat"  # a MAT v4 double 1 x 4 'results': no text header
    v4.write_bytes(struct.pack("<5i", 0, 1, 4, 0, 8) + b"results\0" + np.arange(4.0).tobytes())
    with pytest.raises(DataError, match="MAT v4") as err:
        ope_boxes(v4)
    assert str(v4) in str(err.value)
    aff = write_mat(tmp_path / "Seq_IVT.mat", {"results": [_run(np.zeros((3, 6)), "ivtAff")]})
    with pytest.raises(DataError, match=r"results\{1\}.type is 'ivtAff'.*template size.*'rect'") as err:
        ope_boxes(aff)
    assert str(aff) in str(err.value)
    odd = write_mat(tmp_path / "Seq_X.mat", {"results": [_run(np.zeros((3, 4)), "polygon")]})
    with pytest.raises(DataError, match="'polygon', not a type the OTB toolkit reads"):
        ope_boxes(odd)


def test_4corner_made_boxes_as_corner2rect_and_start_frame_kept(tmp_path):
    corners = np.array([[10.4, 30.5, 30.5, 10.4], [20, 20, 35, 35],   # frame 1: x row, y row
                        [11, 31, 31, 11], [21.5, 21.5, 36, 36]])
    path = write_mat(tmp_path / "Seq_T.mat", {"results": [_run(corners, "4corner", start=6, begin=1)]})
    boxes = ope_boxes(path)
    # 5 groundtruth rows before the run's first image (startFrame 6, annoBegin 1), then round(l, t, r-l+1, b-t+1)
    assert boxes.shape == (7, 4) and np.isnan(boxes[:5]).all()
    np.testing.assert_array_equal(boxes[5:], [[10, 20, 21, 16], [11, 22, 21, 16]])  # 21.1 -> 21; 21.5 -> 22


def test_names_split_where_both_parts_recur():
    stems = [f"{s}_{t}" for s in ("bird1_1", "bird1_2", "car1_s") for t in ("ASLA", "KCF_GaussHog")]
    got = split_names(stems)
    assert got["bird1_1_ASLA"] == ("bird1_1", "ASLA")
    assert got["bird1_2_KCF_GaussHog"] == ("bird1_2", "KCF_GaussHog")
    assert got["car1_s_KCF_GaussHog"] == ("car1_s", "KCF_GaussHog")
    assert split_names(["Basketball_Struck", "nounderscore"]) == {"Basketball_Struck": ("Basketball", "Struck")}


def _dataset(root, names, frames=8):
    gts = {}
    for k, name in enumerate(names):
        seq = root / name
        (seq / "img").mkdir(parents=True)
        for i in range(frames):
            cv2.imwrite(str(seq / "img" / f"{i + 1:04d}.png"), np.zeros((40, 60), np.uint8))
        gt = np.array([[5.0 + i + k, 6.0 + i, 12, 10] for i in range(frames)])
        np.savetxt(seq / "groundtruth_rect.txt", gt, fmt="%.0f", delimiter=",")
        gts[name] = gt
    return gts


def test_eval_scores_a_results_ope_folder_as_the_same_boxes_in_text(tmp_path, capsys):
    data, res = tmp_path / "data", tmp_path / "res"
    gts = _dataset(data, ["Basketball", "Jogging-1"])
    ope = tmp_path / "toolkit" / "results" / "results_OPE"
    shifted = {s: g + np.array([2.0, 1.0, 0.0, 0.0]) for s, g in gts.items()}
    # OTB-2013's own names: lower case, the toolkit's list's; one tracker's name holds an underscore
    for name, seq in (("basketball", "Basketball"), ("jogging-1", "Jogging-1")):
        write_mat(ope / f"{name}_KCF_GaussHog.mat", {"results": [_run(shifted[seq])]}, compress=True)
        write_mat(ope / f"{name}_Struck.mat", {"results": [_run(gts[seq])]})
        for t, boxes in (("KCF_GaussHog", shifted[seq]), ("Struck", gts[seq])):  # the same, pysot-toolkit's way
            (res / t).mkdir(parents=True, exist_ok=True)
            np.savetxt(res / t / f"{seq}.txt", boxes, fmt="%.0f", delimiter=",")
        (res / t / "manifest.json").write_text('{"boxes": "dataset file"}', encoding="utf-8")
    (res / "KCF_GaussHog" / "manifest.json").write_text('{"boxes": "dataset file"}', encoding="utf-8")
    # a run started on the third image (startFrame 3, annoBegin 1): its rows are frames 3.., the first two untracked
    write_mat(ope / "basketball_Late.mat", {"results": [_run(gts["Basketball"][2:], start=3)]})
    (ope.parent / "results_TRE").mkdir()
    write_mat(ope.parent / "results_TRE" / "basketball_Struck.mat", {"results": [_run(gts["Basketball"])] * 2})

    runs = {r.label: r for r in find_runs(ope.parent)}
    assert set(runs) == {"KCF_GaussHog", "Struck", "Late"}  # results_OPE read from results/, results_TRE not
    assert runs["Struck"].layout == "otb-mat" and runs["Struck"].box_offset("Basketball", 1) == 1
    assert {r.label for r in find_runs(tmp_path / "toolkit")} == set(runs)  # the toolkit's: its results/results_OPE
    assert set(match_names(runs["Struck"].files, gts)) == {"Basketball", "Jogging-1"}
    assert {r.label for r in find_runs_in([ope, res])} == {"results_OPE:KCF_GaussHog", "results_OPE:Struck", "Late",
                                                           "res:KCF_GaussHog", "res:Struck"}
    outs = []
    for folder in (ope, res):
        assert main(["eval", str(folder), "--dataset", str(data), "--json", str(tmp_path / f"{folder.name}.json")]) == 0
        outs.append((tmp_path / f"{folder.name}.json").read_text())
    capsys.readouterr()
    import json

    mat, txt = (json.loads(o) for o in outs)
    for t in ("KCF_GaussHog", "Struck"):
        assert mat[t]["_all"]["success_auc"] == pytest.approx(txt[t]["_all"]["success_auc"])
        assert mat[t]["_all"]["precision_20"] == pytest.approx(txt[t]["_all"]["precision_20"])
    # 1-based boxes met the 1-based groundtruth: IoU 1 a frame, above 20 of the 21 thresholds (counted with >)
    assert mat["Struck"]["_all"]["success_auc"] == pytest.approx(20 / 21)
    assert mat["KCF_GaussHog"]["_all"]["success_auc"] < 0.95
    late = mat["Late"]["Basketball"]
    assert late["frames"] == 6 and late["success_auc"] == pytest.approx(20 / 21), late  # frames 1-2 left out


def test_tiger1_from_image_6_as_the_otb_reader_opens_it(tmp_path, capsys):
    data = tmp_path / "data"
    gt = _dataset(data, ["Tiger1"], 12)["Tiger1"]  # the reader opens it from image 6 (initOmit): 7 frames
    ope = tmp_path / "toolkit" / "results" / "results_OPE_all"  # LSOTB-TIR's toolkit's name, its folder given
    (tmp_path / "toolkit" / "anno").mkdir(parents=True)  # the toolkit's groundtruth: no tracker's boxes
    np.savetxt(tmp_path / "toolkit" / "anno" / "Tiger1.txt", gt, fmt="%.0f", delimiter=",")
    write_mat(ope / "tiger1_T.mat", {"results": [_run(gt[5:], start=6, begin=1)]})  # the toolkit's OPE run
    write_mat(ope / "tiger1_Whole.mat", {"results": [_run(gt + [3, 0, 0, 0])]})  # a run of all 12 images
    assert main(["eval", str(ope.parent.parent), "--dataset", str(data), "--json", str(tmp_path / "t.json")]) == 0
    capsys.readouterr()
    import json

    got = json.loads((tmp_path / "t.json").read_text())
    assert got["T"]["Tiger1"]["frames"] == 7 and got["T"]["Tiger1"]["success_auc"] == pytest.approx(20 / 21)
    assert got["Whole"]["Tiger1"]["frames"] == 7 and got["Whole"]["Tiger1"]["success_auc"] < 0.9
    assert "anno" not in got  # the toolkit's anno/ is not a tracker's folder


def test_only_sre_folders_said_so(tmp_path, capsys):
    """(A results_TRE* alone is read one-pass from its results{1}, as the OTB-2013 toolkit reads OPE:
    test_f4s57_otb_mat_layouts.)"""
    data = tmp_path / "data"
    gts = _dataset(data, ["Basketball"], 4)
    write_mat(tmp_path / "results" / "results_SRE" / "Basketball_Struck.mat", {"results": [_run(gts["Basketball"])]})
    assert tracker_files(tmp_path / "results" / "results_SRE") == {}
    assert main(["eval", str(tmp_path / "results"), "--dataset", str(data)]) != 0
    err = capsys.readouterr().err
    assert "results_SRE" in err and "TRE / SRE" in err and "not one-pass" in err, err
    assert "results_OPE/<seq>_<tracker>.mat" in err, err  # what eval reads, said with the layouts


def test_the_windows_dataset_scope_scores_them(tmp_path):
    """The window's dataset scores (``scoring.score_dataset``) looked for the files' names among the dataset's
    as they are: OTB-2013's lower-case ``basketball_Struck.mat`` (and a GOT-10k ``Jogging.1``) found nothing."""
    from workbench.core.data import open_dataset
    from workbench.core.jobs import JobContext
    from workbench.gui.controllers.scoring import score_dataset

    data = tmp_path / "data"
    gts = _dataset(data, ["Basketball", "Jogging-1"], 4)
    ope = tmp_path / "results_OPE"
    for name, seq in (("basketball", "Basketball"), ("jogging-1", "Jogging-1")):
        write_mat(ope / f"{name}_Struck.mat", {"results": [_run(gts[seq])]})
    got = score_dataset(ope, "data", data, open_dataset(data, opened=False), {}, None, JobContext())
    assert got.scores is not None, got.problems
    (report,) = got.scores.reports
    assert report.tracker == "Struck" and set(report.sequences) == {"Basketball", "Jogging-1"}


def test_tre_and_sre_files_scored_by_their_protocols(tmp_path, capsys):
    """results_TRE / results_SRE hold a run a start / perturbation in one file: ``eval --protocol tre|sre`` pools
    them as the toolkit's genPerfMat does, each run from its startFrame, its first frame scored with the
    groundtruth box; one-pass eval reads results{1} of the TRE file (the OTB-2013 toolkit's OPE), never SRE."""
    import json

    data = tmp_path / "data"
    gt = _dataset(data, ["Basketball"], 8)["Basketball"]
    off = gt + [100.0, 0, 0, 0]  # no overlap
    tre = [_run(gt, start=1), _run(off[2:], start=3), _run(gt[4:], start=5)]  # 8 + 6 + 4 frames
    write_mat(tmp_path / "results" / "results_TRE" / "basketball_T.mat", {"results": tre})
    write_mat(tmp_path / "results" / "results_SRE" / "basketball_T.mat", {"results": [_run(gt), _run(off)]})
    assert main(["eval", str(tmp_path / "results"), "--dataset", str(data), "--json", str(tmp_path / "o.json")]) == 0
    assert json.loads((tmp_path / "o.json").read_text())["T"]["Basketball"]["success_auc"] == pytest.approx(20 / 21)
    for protocol, frames, hits in (("tre", 18, 8 + 1 + 4), ("sre", 16, 8 + 1)):
        out = tmp_path / f"{protocol}.json"
        assert main(["eval", str(tmp_path / "results"), "--dataset", str(data), "--protocol", protocol,
                     "--json", str(out)]) == 0
        got = json.loads(out.read_text())["T"]["Basketball"]
        # each run's first frame is its groundtruth box (calcSeqErrRobust): the off run scores that frame alone
        assert got["frames"] == frames and got["success_auc"] == pytest.approx(hits / frames * 20 / 21), got
    capsys.readouterr()


@pytest.mark.parametrize("compress", [False, True])
def test_damaged_files_are_data_errors_naming_them(tmp_path, compress):
    """Cut short or with bytes changed, a results file is a DataError naming it (sizes that do not fit were a
    ValueError / IndexError / struct.error from the parser's depths), never another exception."""
    import random

    from workbench.core.otb_mat import read_runs

    raw = write_mat(tmp_path / "src.mat", {"results": [_run(np.arange(40.0).reshape(10, 4)), _run(np.ones((4, 4)))]},
                    compress).read_bytes()
    rng, path = random.Random(7), tmp_path / "Seq_T.mat"
    for _ in range(300):
        b = bytearray(raw)
        if rng.randrange(3) == 0:
            b = b[:rng.randrange(len(b))]
        else:
            for _ in range(rng.randint(1, 4)):
                b[rng.randrange(128, len(b))] = rng.randrange(256)
        path.write_bytes(bytes(b))
        try:
            read_runs(path)
        except DataError as exc:
            assert str(path) in str(exc)
