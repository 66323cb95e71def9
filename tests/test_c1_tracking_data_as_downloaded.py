"""Tracking data as real downloads come (helper C1, session 51): cube files one folder down in a dataset root,
a frame lost in the middle of an OTB img/ folder, CR CR LF box files, and a benchmark row said absent with why."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.helpers import shared, write_envi
from workbench.core.data.detect import open_dataset, open_sequence
from workbench.core.errors import DataError


def _h5_video(path, n=6):
    h5py = pytest.importorskip("h5py")
    frames = np.full((n, 20, 24, 4), 100, np.uint16)
    with h5py.File(path, "w") as f:
        f["frames"] = frames
        f["groundtruth"] = np.array([[5.0, 5.0, 6.0, 6.0]] * n)
    return path


def test_cube_files_one_folder_down_are_listed(tmp_path):
    """A dataset root holding folders of cube files (what `generate hsi-video --format h5 / envi` writes into
    --out): each cube is a sequence, as the videos one folder down are; they were left out without a word."""
    (tmp_path / "h5s").mkdir()
    _h5_video(tmp_path / "h5s" / "ball.h5")
    (tmp_path / "envis").mkdir()
    write_envi(tmp_path / "envis", np.full((20, 24, 4), 7, np.uint16), name="kite")
    (tmp_path / "envis" / "kite_groundtruth.txt").write_text("5,5,6,6\n")
    found = {e.name: e.layout for e in open_dataset(tmp_path)}
    assert found == {"ball": "cube", "kite": "cube"}, found


def test_real_cube_one_folder_down_is_listed(tmp_path):
    hsi = shared("hsi")  # jasper_ridge/jasperRidge2_R198.hdr beside two folders of other files
    names = [e.name for e in open_dataset(hsi)]
    assert "jasperRidge2_R198" in names, names


def _otb(seq, n, drop=None):
    (seq / "img").mkdir(parents=True)
    for i in range(n):
        if i + 1 != drop:
            cv2.imwrite(str(seq / "img" / f"{i + 1:04d}.jpg"), np.full((16, 20, 3), 30 + 9 * i, np.uint8))
    (seq / "groundtruth_rect.txt").write_text("".join(f"{3 + i},4,6,5\n" for i in range(n)))


def test_a_frame_lost_in_the_middle_is_named_not_the_last_line(tmp_path):
    """One frame missing from img/: the refusal named the file's last line and said to cut the file to fit,
    which would put every box after the lost frame on the wrong frame."""
    _otb(tmp_path / "Walk", 8, drop=4)
    with pytest.raises(DataError) as err:
        open_sequence(tmp_path / "Walk")
    text = str(err.value)
    assert "0003.jpg to 0005.jpg" in text and "put the missing frame back" in text, text
    assert "cut the file" not in text, text


def test_extra_lines_with_frames_numbered_evenly_still_say_cut(tmp_path):
    _otb(tmp_path / "Walk", 5)
    (tmp_path / "Walk" / "groundtruth_rect.txt").write_text("3,4,6,5\n" * 7)
    with pytest.raises(DataError, match="lines 6..7 have no frame .* cut the file to its first 5 lines"):
        open_sequence(tmp_path / "Walk")


def test_real_otb_sequence_with_a_frame_removed(tmp_path):
    import shutil

    src = shared("tracking/otb_crossing")
    seq = tmp_path / "Crossing"
    shutil.copytree(src, seq)
    (seq / "img" / "0050.jpg").unlink()
    with pytest.raises(DataError, match="0049.jpg to 0051.jpg"):
        open_sequence(seq)


def test_vot_and_hot_frame_lost_in_the_middle_is_named(tmp_path):
    """The VOT and HOT readers (frames beside the box file / in HSI/) said the same cut-the-file advice."""
    vot = tmp_path / "crowd"
    vot.mkdir()
    for i in (1, 2, 4, 5):
        cv2.imwrite(str(vot / f"{i:08d}.png"), np.full((16, 20), 30 * i, np.uint8))
    (vot / "groundtruth.txt").write_text("3,4,9,4,9,9,3,9\n" * 5)
    (vot / "occlusion.label").write_text("0\n" * 5)
    hot = tmp_path / "car" / "HSI"
    hot.mkdir(parents=True)
    for i in (1, 2, 3, 5, 6):
        cv2.imwrite(str(hot / f"{i:04d}.png"), np.full((32, 40), 500 * i, np.uint16))
    (hot / "groundtruth_rect.txt").write_text("3\t4\t6\t5\n" * 6)
    for seq, said in ((vot, "00000002.png to 00000004.png"), (tmp_path / "car", "0003.png to 0005.png")):
        with pytest.raises(DataError) as err:
            open_sequence(seq)
        assert said in str(err.value) and "cut the file" not in str(err.value), str(err.value)


def test_real_uav123_and_vot_sequences_with_a_frame_removed(tmp_path):
    import shutil

    uav = shutil.copytree(shared("tracking/UAV123_10fps"), tmp_path / "uav")
    (uav / "data_seq" / "UAV123_10fps" / "boat5" / "000020.jpg").unlink()
    crowd = shutil.copytree(shared("tracking/vottir2016_crowd"), tmp_path / "crowd")
    (crowd / "00000030.png").unlink()
    for seq, said in ((uav / "data_seq" / "UAV123_10fps" / "boat5", "000019.jpg to 000021.jpg"),
                      (crowd, "00000029.png to 00000031.png")):
        with pytest.raises(DataError, match=said):
            open_sequence(seq)


def test_box_file_with_cr_cr_lf_line_ends_reads_each_line_once(tmp_path):
    """A CRLF file converted to CRLF again (CR CR LF) read as a blank line after every box: refused at line 2."""
    from workbench.core.data.groundtruth import parse_boxes

    boxes = parse_boxes("1,2,3,4\r\r\n5,6,7,8\r\r\n", tmp_path / "groundtruth.txt", expect_rows=2)
    assert boxes.tolist() == [[1, 2, 3, 4], [5, 6, 7, 8]]
    with pytest.raises(DataError, match="line 2: blank line"):  # a blank line between boxes is still one
        parse_boxes("1,2,3,4\r\r\n\r\r\n5,6,7,8\r\r\n", tmp_path / "groundtruth.txt")


def test_bench_trackers_says_why_a_tracker_is_absent(tmp_path, monkeypatch, capsys):
    from workbench.core.bench import load

    bench = load("trackers")
    monkeypatch.setattr(bench, "TRACKERS", [("nanotrack", "NanoTrack (OpenCV)")])
    monkeypatch.setattr(bench, "demo_sequence", lambda frames, width, height: _tiny_demo())
    monkeypatch.setenv("WORKBENCH_NANOTRACK_DIR", str(tmp_path))  # no ONNX files there
    result = bench.run(quick=True)
    (row,) = result["rows"]
    out = capsys.readouterr().out
    assert row["status"] == "absent" and row["note"] in out and "nanotrack_backbone_sim.onnx" in out, out


def _tiny_demo():
    from workbench.core.data.synthetic import demo_sequence

    return demo_sequence(frames=3, width=32, height=24)


def test_hdf5_boxes_under_another_name_are_said(tmp_path):
    """An HDF5 video whose boxes are in 'gt' (not 'groundtruth') opened with no groundtruth and no word."""
    import h5py

    path = _h5_video(tmp_path / "v.h5")
    with h5py.File(path, "r+") as f:
        f.move("groundtruth", "gt")
    seq = open_sequence(path)
    assert seq.groundtruth is None
    said = seq.meta.get("warnings") or []
    assert any("'gt'" in w and "'groundtruth'" in w for w in said), said
    assert not (open_sequence(_h5_video(tmp_path / "w.h5")).meta.get("warnings") or [])  # named right: nothing said


def _envi_frames(folder, n=4, skip=None):
    folder.mkdir(parents=True)
    for i in range(1, n + 1):
        if i != skip:
            write_envi(folder, np.full((12, 16, 3), 10 * i, np.uint16), name=f"frame{i:04d}")
    (folder / "groundtruth_rect.txt").write_text("2,2,5,5\n" * n)
    return folder


def test_envi_frames_with_one_damaged_header_stay_one_video(tmp_path):
    """One frame header of a video saying another band count listed the video as 4 one-frame cubes without
    boxes (each run then asked for --init); it is one video whose error names that header."""
    seq = _envi_frames(tmp_path / "root" / "clip")
    hdr = seq / "frame0003.hdr"
    hdr.write_text(hdr.read_text().replace("bands = 3", "bands = 2"))
    (entry,) = open_dataset(tmp_path / "root", errors="collect")
    assert entry.name == "clip" and "frame0003.hdr" in entry.error and "12x16x2" in entry.error, entry.error
    (seq / "groundtruth_rect.txt").unlink()  # no boxes: numbered cubes of several sizes are scenes, as before
    assert sorted(e.name for e in open_dataset(tmp_path / "root")) == [f"frame{i:04d}" for i in range(1, 5)]


def test_envi_frames_with_a_frame_lost_in_the_middle(tmp_path):
    seq = _envi_frames(tmp_path / "clip", n=5, skip=3)
    with pytest.raises(DataError, match="frame0002.hdr to frame0004.hdr"):
        open_sequence(seq)


@pytest.mark.slow  # hanet's two runs: 5-10 s on 2 busy cores
def test_two_hdf5_videos_of_one_inner_name_are_told_where_the_name_is(tmp_path, capsys):
    """Two HDF5 videos whose 'name' attribute is the same clash however their files are named: the refusal said
    'rename one', and renaming the file changed nothing."""
    import h5py

    from workbench.cli import main

    (tmp_path / "data").mkdir()
    for stem in ("a", "b"):
        with h5py.File(_h5_video(tmp_path / "data" / f"{stem}.h5"), "r+") as f:
            f.attrs["name"] = "same"
    assert main(["run", "--tracker", "hanet", "--device", "cpu", "--dataset", str(tmp_path / "data"),
                 "--out", str(tmp_path / "res")]) == 2
    err = capsys.readouterr().err
    assert "not saved" in err and "'name' attribute" in err and "rename one" not in err, err
