"""What readers said of odd files (R6 on C's reader commits): pasted Windows paths ("Copy as path" quotes, file:///C:,
UNC) found no path meant; a frame made a folder or a broken link was named by the OTB reader but not by VOT's (its
frames given as a list); VOT's .label/.tag, YOLO, Anti-UAV, COCO and LSOTB annotation files ending in the zero
bytes of a file never fully written were "'\\x00...' is not a number" and the like; a frames folder holding only a
.DS_Store was not said to be empty; a broken link's long target cut "which does not exist" off the message; an ENVI
header giving 'interleave = bil' and 'interleave = BIL' was refused as two values."""
from __future__ import annotations

import json
import ntpath
import os
from pathlib import Path, PureWindowsPath

import numpy as np
import pytest
from PIL import Image

from workbench.core.data import detect
from workbench.core.errors import DataError

TAIL = "ends in 64 zero bytes (NUL), a file not fully written"


@pytest.mark.parametrize("typed, meant", [
    ('"C:\\data\\seq"', "C:\\data\\seq"),  # Explorer's "Copy as path" pasted into a quoted argument
    ("'C:\\data\\seq'", "C:\\data\\seq"),
    ('"\\\\server\\share\\seq"', "\\\\server\\share\\seq"),  # a UNC path, quoted
    ("file:///C:/My%20Data/seq", "C:/My Data/seq"),  # a file manager's drag and drop
    ("file://server/share/seq", "//server/share/seq"),
])
def test_a_pasted_windows_path_names_the_one_meant(monkeypatch, typed, meant):
    real = os.path.exists
    there = {meant}
    monkeypatch.setattr(detect.os.path, "exists", lambda p: str(p) in there or real(p))
    # as given (--dataset, the window), and made absolute as open_sequence's Path.absolute() does on Windows (Python
    # 3.12's: the working folder joined to the path's text)
    for given in (typed, ntpath.join("C:\\Users\\me", str(PureWindowsPath(typed)))):
        said = detect.not_there(Path(given))
        assert said == f"no such file or folder; {meant} exists: give that", (given, said)  # old: the first part


def _vot(folder, n=4):
    (folder / "color").mkdir(parents=True)
    for k in range(1, n + 1):
        Image.fromarray(np.full((24, 32), 40 * k, np.uint8)).save(folder / "color" / f"{k:08d}.png")
    (folder / "groundtruth.txt").write_text("".join(f"{5 + k},6,8,8\n" for k in range(n)))
    return folder


@pytest.mark.parametrize("which", [2, 4])  # a frame in the middle (a gap in the numbers), the last frame
def test_a_vot_frame_made_a_folder_is_named(tmp_path, which):
    seq = _vot(tmp_path / "seq")
    frame = seq / "color" / f"{which:08d}.png"
    frame.unlink()
    frame.mkdir()
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    assert f"{frame.name} there is a folder, not an image" in str(err.value), str(err.value)  # old: no cause


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_broken_link_frame_says_so_before_its_long_target(tmp_path):
    seq = _vot(tmp_path / "seq")
    frame = seq / "color" / "00000002.png"
    frame.unlink()
    target = "/mnt/" + "a_long_folder_name/" * 6 + "00000002.png"
    os.symlink(target, frame)
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    assert "00000002.png there is a symbolic link leading nowhere" in str(err.value), str(err.value)


def test_vot_flags_ending_in_zero_bytes_are_said_so(tmp_path):
    seq = _vot(tmp_path / "seq")
    (seq / "occlusion.label").write_bytes(b"0\n1\n0\n0\n" + b"\0" * 64)
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    assert str(err.value).startswith(f"{seq / 'occlusion.label'}, line 5: {TAIL}"), str(err.value)


def test_yolo_label_ending_in_zero_bytes_is_said_so(tmp_path):
    from workbench.core.data.yolo import read_yolo

    lab = tmp_path / "0001.txt"
    lab.write_bytes(b"0 0.5 0.5 0.1 0.1\n" + b"\0" * 64)
    with pytest.raises(DataError) as err:
        read_yolo(lab, 32, 24)
    assert str(err.value).startswith(f"{lab}, line 2: {TAIL}"), str(err.value)


def test_antiuav_label_ending_in_zero_bytes_is_said_so(tmp_path):
    from workbench.core.data.antiuav import read_label_json

    lab = tmp_path / "IR_label.json"
    lab.write_bytes(json.dumps({"exist": [1], "gt_rect": [[1, 2, 3, 4]]}).encode() + b"\0" * 64)
    with pytest.raises(DataError) as err:
        read_label_json(lab, 1)
    assert str(err.value).startswith(f"{lab}, line 1: {TAIL}"), str(err.value)


def test_coco_file_ending_in_zero_bytes_is_said_so(tmp_path):
    from workbench.core.data.cocoseq import annotations

    f = tmp_path / "instances_train.json"
    f.write_bytes(json.dumps({"images": [], "annotations": []}).encode() + b"\n" + b"\0" * 64)
    with pytest.raises(DataError) as err:
        annotations(tmp_path, [f])
    assert str(err.value).startswith(f"{f}, line 2: {TAIL}"), str(err.value)


def test_lsotb_annotation_ending_in_zero_bytes_is_said_so(tmp_path):
    from workbench.core.data.lsotb import read_box

    f = tmp_path / "00000001.xml"
    f.write_bytes(b"<annotation>\n<object><trackid>0</trackid></object>\n</annotation>\n" + b"\0" * 64)
    with pytest.raises(DataError) as err:
        read_box(f)
    assert str(err.value).startswith(f"{f}, line 4: {TAIL}"), str(err.value)


def test_a_frames_folder_holding_only_dot_files_is_said_empty(tmp_path):
    seq = tmp_path / "book"
    (seq / "color").mkdir(parents=True)
    (seq / "color" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (seq / "groundtruth.txt").write_text("1,2,3,4\n")
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    assert "its color/ is empty" in str(err.value), str(err.value)


def test_an_envi_layout_value_given_twice_in_two_cases_is_one(tmp_path):
    hdr = tmp_path / "c.hdr"
    hdr.write_text("ENVI\nsamples = 4\nlines = 3\nbands = 2\ndata type = 1\ninterleave = bil\nbyte order = 0\n"
                   "interleave = BIL\n")
    (tmp_path / "c.img").write_bytes(bytes(range(4 * 3 * 2)))
    seq = detect.open_sequence(hdr)  # old: "interleave is given twice, bil (line 6) and BIL (line 8)"
    assert len(seq) == 1 and seq.frames.read(0).shape[:2] == (3, 4)
