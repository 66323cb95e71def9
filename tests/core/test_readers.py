"""Dataset readers: every layout on tiny generated data, and on the real data in ../shared/data."""
from __future__ import annotations

import os
import re
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.helpers import shared
from workbench.core.data import detect_layout, open_dataset, open_sequence
from workbench.core.data import cube, folder, got10k, lasot, otb, uav123, video, vot
from workbench.core.data.groundtruth import read_boxes, read_flags
from workbench.core.errors import DataError

SHARED = Path(os.environ.get("WORKBENCH_SHARED_DATA",
                           Path(__file__).resolve().parents[2].parent / "shared" / "data"))
HORSE = SHARED / "tracking" / "vottir2016_horse"
CROSSING = SHARED / "tracking" / "otb_crossing"
JASPER = SHARED / "hsi" / "jasper_ridge" / "jasperRidge2_R198.hdr"

H, W = 24, 32


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"real data not present: {path} (expected ../shared/data beside the repository)")
    return path


def write_frames(d: Path, n: int, fmt: str = "{:04d}.png", start: int = 1, color: bool = False) -> list[Path]:
    """Frame k (1-based file number) has every pixel = 10 * k, so a test can tell frames apart."""
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(start, start + n):
        img = np.full((H, W, 3) if color else (H, W), 10 * k % 256, np.uint8)
        p = d / fmt.format(k)
        cv2.imwrite(str(p), img)
        out.append(p)
    return out


def boxes(n: int, base: float = 5.0) -> np.ndarray:
    return np.array([[base + i, base + 2 * i, 8.0, 6.0] for i in range(n)])


def write_boxes(p: Path, b: np.ndarray, sep: str = ",") -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("\n".join(sep.join("NaN" if np.isnan(v) else f"{v:g}" for v in row) for row in b) + "\n")
    return p


def frame_number(img: np.ndarray) -> int:
    return int(round(float(img.mean()) / 10))


# --- groundtruth text files -----------------------------------------------------------------
@pytest.mark.parametrize("sep", [",", "\t", " ", ", ", " \t"])
def test_read_boxes_separators(tmp_path, sep):
    b = boxes(3)
    got = read_boxes(write_boxes(tmp_path / "gt.txt", b, sep))
    np.testing.assert_allclose(got, b)


def test_read_boxes_nan_rows_and_absent_zero(tmp_path):
    p = tmp_path / "gt.txt"
    p.write_text("1,2,3,4\nNaN,NaN,NaN,NaN\nnan,nan,nan,nan\n0\n5,6,7,8\n\n")
    got = read_boxes(p)
    assert got.shape == (5, 4)
    assert np.isnan(got[1:4]).all() and np.isfinite(got[[0, 4]]).all()


def test_groundtruth_with_infinite_or_absurd_rows_is_warned_cleanly(tmp_path):
    """inf and 1e308 rows: a warning naming the file and line each, and no numpy overflow warning."""
    import warnings

    from workbench.core.data.groundtruth import check_boxes

    p = tmp_path / "gt.txt"
    p.write_text("inf,10,20,20\n1,2,3,4\n1e308,1e308,1e308,1e308\n-1e308,5,1e308,1e308\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        msgs = check_boxes(read_boxes(p), p, width=W, height=H)
    assert msgs == [f"{p}, line 1: infinite value in the box, treated as absent",
                    f"{p}, line 3: box lies entirely outside the {W}x{H} image",
                    f"{p}, line 4: box lies entirely outside the {W}x{H} image"]


def test_read_boxes_polygon_reduced(tmp_path):
    p = tmp_path / "gt.txt"
    p.write_text("10,20,30,20,30,40,10,40\n")
    np.testing.assert_allclose(read_boxes(p), [[10, 20, 20, 20]])


def test_read_boxes_malformed_line_names_file_and_line(tmp_path):
    p = tmp_path / "gt.txt"
    p.write_text("1,2,3,4\n1,2,x,4\n")
    with pytest.raises(DataError) as e:
        read_boxes(p)
    assert e.value.line == 2 and e.value.path == p and "gt.txt, line 2" in str(e.value)
    p.write_text("1,2,3,4\n1,2,3\n")
    with pytest.raises(DataError, match="line 2"):
        read_boxes(p)


def test_read_boxes_wrong_row_count(tmp_path):
    p = write_boxes(tmp_path / "gt.txt", boxes(3))
    with pytest.raises(DataError, match="has 3 boxes but the sequence has 4 frames"):
        read_boxes(p, expect_rows=4)


def test_read_flags_one_per_line_and_one_line(tmp_path):
    a = tmp_path / "a.label"
    a.write_text("0\n1\n1\n0\n")
    b = tmp_path / "b.txt"
    b.write_text("0,1,1,0")
    np.testing.assert_array_equal(read_flags(a), [False, True, True, False])
    np.testing.assert_array_equal(read_flags(b, expect_rows=4), [False, True, True, False])
    with pytest.raises(DataError, match="b.txt"):
        read_flags(b, expect_rows=5)


# --- plain folder -------------------------------------------------------------------------------
def test_folder_with_space_separated_boxes(tmp_path):
    seq = tmp_path / "walk"
    write_frames(seq, 4, "frame_{}.png")  # natural order: frame_2 before frame_10
    write_boxes(seq / "groundtruth.txt", boxes(4), " ")
    assert detect_layout(seq) == "folder"
    s = open_sequence(seq)
    assert len(s) == 4 and s.modality == "gray" and s.frame(0).shape == (H, W)
    np.testing.assert_allclose(s.groundtruth, boxes(4))  # no shift for plain folders
    assert [frame_number(s.frame(i)) for i in range(4)] == [1, 2, 3, 4]


def test_folder_without_boxes_and_with_label_files(tmp_path):
    seq = tmp_path / "plain"
    write_frames(seq / "img", 3, color=True)
    (seq / "occlusion.label").write_text("0\n1\n0\n")
    s = open_sequence(seq)
    assert s.groundtruth is None and s.modality == "rgb"
    np.testing.assert_array_equal(s.attributes["occlusion"], [False, True, False])


def test_corrupt_and_missing_image(tmp_path):
    seq = tmp_path / "bad"
    frames = write_frames(seq, 3)
    frames[1].write_bytes(b"not a png at all")
    s = folder.open(seq)
    with pytest.raises(DataError) as e:
        s.frame(1)
    assert e.value.path == frames[1] and "corrupt" in str(e.value)
    frames[2].unlink()
    with pytest.raises(DataError, match="missing") as e:
        s.frame(2)
    assert e.value.path == frames[2]


def test_empty_folder_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="no images"):
        open_sequence(tmp_path / "empty")
    with pytest.raises(DataError, match="no such"):
        open_sequence(tmp_path / "nowhere")


# --- OTB ----------------------------------------------------------------------------------
def test_otb_tiny_shifts_to_zero_based(tmp_path):
    seq = tmp_path / "Crossing"
    write_frames(seq / "img", 5, "{:04d}.jpg", color=True)
    write_boxes(seq / "groundtruth_rect.txt", boxes(5), "\t")
    assert detect_layout(seq) == "otb"
    s = open_sequence(seq)
    np.testing.assert_allclose(s.groundtruth[:, :2], boxes(5)[:, :2] - 1)
    np.testing.assert_allclose(s.groundtruth[:, 2:], boxes(5)[:, 2:])
    assert s.modality == "rgb"


def test_otb_row_count_mismatch(tmp_path):
    seq = tmp_path / "Short"
    write_frames(seq / "img", 5)
    gt = write_boxes(seq / "groundtruth_rect.txt", boxes(4))
    with pytest.raises(DataError) as e:
        otb.open(seq)
    assert e.value.path == gt and "4 boxes" in str(e.value)


def test_otb_real_crossing():
    s = open_sequence(need(CROSSING))
    assert s.meta["layout"] == "otb" and len(s) == 120
    f = s.frame(0)
    assert f.shape == (240, 360, 3) and f.dtype == np.uint8 and s.modality == "rgb"
    first = np.loadtxt(CROSSING / "groundtruth_rect.txt", delimiter=",")[0]
    np.testing.assert_allclose(s.groundtruth[0], [first[0] - 1, first[1] - 1, first[2], first[3]])
    np.testing.assert_allclose(s.groundtruth[0], [204, 150, 17, 50])
    assert s.frame(119).shape == f.shape


# --- VOT ----------------------------------------------------------------------------------
def _polys(b: np.ndarray) -> str:
    lines = []
    for x, y, w, h in b:
        lines.append(",".join(f"{v:g}" for v in (x, y + h, x, y, x + w, y, x + w, y + h)))
    return "\n".join(lines) + "\n"


def test_vot_tiny_polygons_color_dir_and_tags(tmp_path):
    seq = tmp_path / "vot" / "ball"
    write_frames(seq / "color", 6, "{:08d}.jpg", color=True)
    (seq / "groundtruth.txt").write_text(_polys(boxes(6)))
    (seq / "occlusion.tag").write_text("0\n0\n1\n1\n0\n0\n")
    (seq / "camera_motion.tag").write_text("1\n1\n")  # short tag file: padded, reported
    (seq / "sequence").write_text("channels.color=color/%08d.jpg\nfps=30\n")
    assert detect_layout(seq) == "vot"
    s = open_sequence(seq)
    assert len(s) == 6 and s.modality == "rgb"
    np.testing.assert_allclose(s.groundtruth, boxes(6))  # 0-based already: no shift
    np.testing.assert_array_equal(s.attributes["occlusion"], [0, 0, 1, 1, 0, 0])
    np.testing.assert_array_equal(s.attributes["camera_motion"], [1, 1, 0, 0, 0, 0])
    assert any("camera_motion.tag" in w for w in s.meta["warnings"])
    assert s.meta["vot_sequence"]["fps"] == "30"


def test_vot_mask_lines_and_absent(tmp_path):
    seq = tmp_path / "masked"
    write_frames(seq, 3)
    # a 4x3 patch at (10, 5): row 0 empty, row 1 cols 1-2 set, row 2 cols 0-3 set
    rle = [5, 2, 1, 4]
    (seq / "groundtruth.txt").write_text("m10,5,4,3," + ",".join(map(str, rle)) + "\n0\n1,2,3,4\n")
    s = vot.open(seq)
    np.testing.assert_allclose(s.groundtruth[0], [10, 6, 4, 2])
    assert np.isnan(s.groundtruth[1]).all()
    m = s.masks.read(0)
    assert m.shape == (H, W) and m.sum() == 6 and m[6, 11] == 1 and m[5, 10] == 0
    assert s.masks.read(1).sum() == 0


def test_vot_bad_groundtruth_and_list_root(tmp_path):
    root = tmp_path / "vot2016"
    for name in ("a", "b"):
        write_frames(root / name, 3)
        (root / name / "groundtruth.txt").write_text(_polys(boxes(3)))
    (root / "list.txt").write_text("a\nb\nc\n")
    entries = open_dataset(root)
    assert [e.name for e in entries] == ["a", "b", "c"]
    assert all(e.layout == "vot" for e in entries)
    with pytest.raises(DataError, match="listed in list.txt"):
        entries[2].open()
    (root / "b" / "groundtruth.txt").write_text(_polys(boxes(2)))
    with pytest.raises(DataError, match="groundtruth.txt.*2 boxes"):
        entries[1].open()
    (root / "b" / "groundtruth.txt").write_text("1,2,3,4,5,6,7,8\n1,2,3\n1,2,3,4,5,6,7,8\n")
    with pytest.raises(DataError, match="line 2"):
        entries[1].open()


def test_list_txt_lines_that_name_no_possible_folder(tmp_path):
    """A damaged list.txt (a 400-character line, a NUL byte) lists what it can, the damaged lines as entries
    whose opening says they are missing: no traceback from the name lookup (VOT root and GOT-10k split)."""
    root = tmp_path / "vot2016"
    write_frames(root / "a", 3)
    (root / "a" / "groundtruth.txt").write_text(_polys(boxes(3)))
    split = tmp_path / "GOT-10k" / "val"
    write_frames(split / "GOT-10k_Val_000001", 3, "{:08d}.jpg")
    write_boxes(split / "GOT-10k_Val_000001" / "groundtruth.txt", boxes(3))
    for base, first, layout in ((root, "a", "vot"), (split, "GOT-10k_Val_000001", "got10k")):
        (base / "list.txt").write_text(f"{first}\n" + "9" * 400 + "\nb\x00c\n")
        entries = open_dataset(base)
        assert sorted(e.name for e in entries) == sorted([first, "9" * 400, "b\x00c"]) and {e.layout for e in entries} == {layout}
        assert len(next(e for e in entries if e.name == first).open()) == 3
        for e in entries:
            if e.name != first:
                with pytest.raises(DataError, match="listed in list.txt"):
                    e.open()


def test_vot_real_horse():
    s = open_sequence(need(HORSE))
    assert s.meta["layout"] == "vot" and len(s) == 348
    f = s.frame(0)
    assert f.shape == (256, 324) and f.dtype == np.uint8 and s.modality == "gray"
    labels = {"camera_motion", "dynamics_change", "motion_change", "occlusion", "size_change"}
    assert labels <= set(s.frame_attributes())
    assert all(len(s.attributes[k]) == 348 for k in labels)
    first = [float(v) for v in (HORSE / "groundtruth.txt").read_text().splitlines()[0].split(",")]
    xs, ys = first[0::2], first[1::2]
    np.testing.assert_allclose(s.groundtruth[0], [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)])
    assert s.frame(347).shape == f.shape


# --- UAV123 -------------------------------------------------------------------------------
CONFIG = """function seqs = configSeqs
seqUAV123 = {struct('name','bird1_1','path','D:\\\\data_seq\\\\UAV123\\\\bird1\\\\','startFrame',1,'endFrame',3,'nz',6,'ext','jpg','init_rect',[0,0,0,0]),...
struct('name','bird1_2','path','D:\\\\data_seq\\\\UAV123\\\\bird1\\\\','startFrame',5,'endFrame',7,'nz',6,'ext','jpg','init_rect',[0,0,0,0]),...
struct('name','car1','path','D:\\\\data_seq\\\\UAV123\\\\car1\\\\','startFrame',1,'endFrame',4,'nz',6,'ext','jpg','init_rect',[0,0,0,0])};
"""


def make_uav123(root: Path, config: bool) -> Path:
    write_frames(root / "data_seq" / "UAV123" / "car1", 4, "{:06d}.jpg", color=True)
    write_frames(root / "data_seq" / "UAV123" / "bird1", 8, "{:06d}.jpg", color=True)
    b = boxes(4)
    b[2] = np.nan
    write_boxes(root / "anno" / "UAV123" / "car1.txt", b)
    write_boxes(root / "anno" / "UAV123" / "bird1_1.txt", boxes(3))
    write_boxes(root / "anno" / "UAV123" / "bird1_2.txt", boxes(3, 9))
    (root / "anno" / "UAV123" / "att").mkdir()
    (root / "anno" / "UAV123" / "att" / "car1.txt").write_text("1,0,0,0,0,0,0,0,0,0,1,0\n")
    if config:
        (root / "configSeqs.m").write_text(CONFIG)
    return root


def test_uav123_whole_sequence_nan_shift_attributes(tmp_path):
    root = make_uav123(tmp_path / "UAV123", config=False)
    s = open_sequence(root / "data_seq" / "UAV123" / "car1")  # anno found two levels up
    assert s.meta["layout"] == "uav123" and len(s) == 4
    assert np.isnan(s.groundtruth[2]).all()
    np.testing.assert_allclose(s.groundtruth[0], [4, 4, 8, 6])
    assert s.attributes == {"Scale Variation": True, "Camera Motion": True}
    assert s.first_valid_frame() == 0 and s.gt_box(2) is None


def test_uav123_subsequences_need_config(tmp_path):
    root = make_uav123(tmp_path / "UAV123", config=False)
    entries = open_dataset(root)
    assert [e.name for e in entries] == ["bird1_1", "bird1_2", "car1"]
    assert entries[2].open().name == "car1"
    with pytest.raises(DataError, match="configSeqs.m") as e:
        entries[0].open()
    assert e.value.path.name == "bird1_1.txt"
    with pytest.raises(DataError, match="sub-sequences"):
        uav123.open(root / "data_seq" / "UAV123" / "bird1")


def test_uav123_root_with_uav20l_names_its_groups_apart(tmp_path):
    """The official download holds UAV123 and UAV20L, which share sequence names (UAV20L's frames are
    UAV123's folders): results are kept by name, so each group's sequences get their own."""
    root = make_uav123(tmp_path / "UAV123", config=False)
    write_boxes(root / "anno" / "UAV20L" / "car1.txt", boxes(4))
    entries = {e.name: e for e in open_dataset(root)}
    assert {"UAV123_car1", "UAV20L_car1"} <= set(entries)
    assert entries["UAV20L_car1"].open().name == "UAV20L_car1" and entries["UAV123_car1"].open().name == "UAV123_car1"


@pytest.mark.parametrize("config", [False, True])
def test_uav123_sequence_opened_by_path_is_named_as_its_root_lists_it(tmp_path, config):
    """A sequence of a UAV123 + UAV20L root opened by its own path (annotation file or frame folder) used
    to be named ``bike1`` where the root's listing names it ``UAV20L_bike1``: results are kept by name,
    so the two were different sequences. The root is two / three levels up; the group is its folder."""
    root = make_uav123(tmp_path / "UAV123", config=config)
    write_frames(root / "data_seq" / "UAV123" / "bike1", 4, "{:06d}.jpg", color=True)
    write_boxes(root / "anno" / "UAV20L" / "car1.txt", boxes(4))
    write_boxes(root / "anno" / "UAV20L" / "bike1.txt", boxes(4))  # UAV20L only: the folder's UAV123 has none
    listed = {e.name for e in open_dataset(root)}
    cases = {root / "anno" / "UAV20L" / "car1.txt": "UAV20L_car1", root / "anno" / "UAV123" / "car1.txt": "UAV123_car1",
             root / "data_seq" / "UAV123" / "car1": "UAV123_car1",  # annotated by both: its folder's group
             root / "data_seq" / "UAV123" / "bike1": "UAV20L_bike1", root / "anno" / "UAV20L" / "bike1.txt": "UAV20L_bike1"}
    if config:
        cases[root / "anno" / "UAV123" / "bird1_2.txt"] = "UAV123_bird1_2"
        assert [e.name for e in open_dataset(root / "data_seq" / "UAV123" / "bird1")] == ["UAV123_bird1_1",
                                                                                            "UAV123_bird1_2"]
    for path, name in cases.items():
        s = open_sequence(path)
        assert s.name == name and name in listed and s.meta["group"] == name.split("_")[0], (path, s.name)
        assert [e.name for e in open_dataset(path)] == [name] and open_dataset(path)[0].open().name == name
    # a root of one group keeps the bare names, listed or opened by path
    one = make_uav123(tmp_path / "one", config=config)
    assert open_sequence(one / "data_seq" / "UAV123" / "car1").name == "car1"
    assert open_sequence(one / "anno" / "UAV123" / "car1.txt").name == "car1"


@pytest.mark.parametrize("config", [False, True])
def test_uav123_frame_folder_without_annotation_is_listed_without_groundtruth(tmp_path, config):
    """A frame folder no annotation names is a sequence without groundtruth, with a warning naming the
    folder and the missing file (an OTB folder without groundtruth is listed the same way); it used to
    be dropped without a word. Folders split into annotated sub-sequences are not such folders."""
    root = make_uav123(tmp_path / "UAV123", config=config)
    write_frames(root / "data_seq" / "UAV123" / "boat5", 3, "{:06d}.jpg", color=True)
    entries = {e.name: e for e in open_dataset(root)}
    assert sorted(entries) == ["bird1_1", "bird1_2", "boat5", "car1"]
    s = entries["boat5"].open()
    assert len(s) == 3 and s.groundtruth is None and s.meta["layout"] == "uav123"
    (w,) = s.meta["warnings"]
    assert str(root / "data_seq" / "UAV123" / "boat5") in w and str(root / "anno" / "UAV123" / "boat5.txt") in w
    assert entries["car1"].open().groundtruth is not None


def test_uav123_real_root_has_no_unannotated_folder():
    entries = open_dataset(shared("tracking/UAV123_10fps"))
    assert sorted(e.name for e in entries) == ["boat5", "car14", "person11", "wakeboard7"]
    assert all(e.path.suffix == ".txt" for e in entries)


def test_uav123_subsequences_with_config(tmp_path):
    root = make_uav123(tmp_path / "UAV123", config=True)
    entries = {e.name: e for e in open_dataset(root)}
    b2 = entries["bird1_2"].open()
    assert len(b2) == 3 and [frame_number(b2.frame(i)) for i in range(3)] == [5, 6, 7]
    np.testing.assert_allclose(b2.groundtruth[0], [8, 8, 8, 6])
    b1 = open_sequence(root / "anno" / "UAV123" / "bird1_1.txt")
    assert [frame_number(b1.frame(i)) for i in range(3)] == [1, 2, 3]
    # pointing at the split frame folder lists its sub-sequences
    assert [e.name for e in open_dataset(root / "data_seq" / "UAV123" / "bird1")] == ["bird1_1", "bird1_2"]


def test_uav123_config_naming_no_possible_folder_is_a_clear_error(tmp_path):
    """A configSeqs.m whose frame folder is a name the system cannot look up (too long): opening that
    sequence is a DataError naming the path, the others still open (no OSError traceback)."""
    root = make_uav123(tmp_path / "UAV123", config=True)
    (root / "configSeqs.m").write_text(CONFIG.replace("\\\\bird1\\\\", "\\\\" + "9" * 400 + "\\\\"))
    entries = {e.name: e for e in open_dataset(root)}
    assert len(entries["car1"].open()) == 4
    with pytest.raises(DataError, match="cannot read it") as e:
        entries["bird1_1"].open()
    assert "9" * 400 in str(e.value.path)
    assert entries["bird1_2"].try_open() is None and "cannot read it" in entries["bird1_2"].error
    with pytest.raises(DataError, match="cannot read it"):  # a path given by the user, too long to look up
        open_sequence(tmp_path / ("9" * 400))


# --- UAVDT --------------------------------------------------------------------------------
def test_uavdt(tmp_path):
    root = tmp_path / "UAVDT"
    write_frames(root / "UAV-benchmark-S" / "S0101", 4, "img{:06d}.jpg", color=True)
    write_frames(root / "UAV-benchmark-S" / "S0102", 2, "img{:06d}.jpg", color=True)
    anno = root / "UAV-benchmark-SOT_v1.0" / "anno"
    write_boxes(anno / "S0101_gt.txt", boxes(4))
    write_boxes(anno / "S0102_gt.txt", boxes(3))  # wrong row count
    (anno / "att").mkdir()
    (anno / "att" / "S0101_att.txt").write_text("1,0,0,1,0,0,0,0\n")
    entries = open_dataset(root)
    assert [(e.name, e.layout) for e in entries] == [("S0101", "uavdt"), ("S0102", "uavdt")]
    s = entries[0].open()
    np.testing.assert_allclose(s.groundtruth, boxes(4) - [1, 1, 0, 0])
    assert s.attributes == {"Background Clutter": True, "Small Object": True}
    with pytest.raises(DataError, match="S0102_gt.txt"):
        entries[1].open()
    assert detect_layout(root / "UAV-benchmark-S" / "S0101") == "uavdt"


# --- VisDrone -------------------------------------------------------------------------------
def test_visdrone(tmp_path):
    root = tmp_path / "VisDrone2019-SOT-val"
    write_frames(root / "sequences" / "uav0000024_00000_s", 4, "img{:07d}.jpg", color=True)
    write_frames(root / "sequences" / "uav0000030_00000_s", 3, "img{:07d}.jpg", color=True)
    write_boxes(root / "annotations" / "uav0000024_00000_s.txt", boxes(4))
    write_boxes(root / "annotations" / "uav0000030_00000_s.txt", boxes(1))  # first frame only
    (root / "attributes").mkdir()
    (root / "attributes" / "uav0000024_00000_s_attr.txt").write_text("0,1,0,0,0,0,0,0,0,0,0,1")
    entries = open_dataset(root)
    assert [e.layout for e in entries] == ["visdrone", "visdrone"]
    s = entries[0].open()
    np.testing.assert_allclose(s.groundtruth, boxes(4) - [1, 1, 0, 0])
    assert s.attributes == {"Aspect Ratio Change": True, "Similar Object": True}
    t = entries[1].open()
    assert np.isfinite(t.groundtruth[0]).all() and np.isnan(t.groundtruth[1:]).all()
    assert t.meta["warnings"]


# --- GOT-10k --------------------------------------------------------------------------------
def test_got10k_split_root(tmp_path):
    split = tmp_path / "GOT-10k" / "val"
    a = split / "GOT-10k_Val_000001"
    write_frames(a, 5, "{:08d}.jpg", color=True)
    write_boxes(a / "groundtruth.txt", boxes(5))
    (a / "absence.label").write_text("0\n0\n1\n0\n0\n")
    (a / "cover.label").write_text("8\n6\n0\n8\n8\n")
    (a / "cut_by_image.label").write_text("0\n1\n0\n0\n0\n")
    (a / "meta_info.ini").write_text("[METAINFO]\nurl: https://example.org/x\nobject_class: ant\n"
                                     "motion_class: walking\nresolution: (1280, 720)\n")
    t = split / "GOT-10k_Val_000002"
    write_frames(t, 3, "{:08d}.jpg", color=True)
    write_boxes(t / "groundtruth.txt", boxes(1))  # test split style: first frame only
    (split / "list.txt").write_text("GOT-10k_Val_000001\nGOT-10k_Val_000002\n")
    assert detect_layout(a) == "got10k" and detect_layout(t) == "got10k"
    entries = open_dataset(tmp_path / "GOT-10k")  # the root above the split
    assert [(e.name, e.layout) for e in entries] == [("GOT-10k_Val_000001", "got10k"),
                                                     ("GOT-10k_Val_000002", "got10k")]
    s = entries[0].open()
    assert np.isnan(s.groundtruth[2]).all() and np.isfinite(s.groundtruth[[0, 1, 3, 4]]).all()
    np.testing.assert_allclose(s.groundtruth[0], boxes(1)[0])  # 0-based: no shift
    np.testing.assert_array_equal(s.attributes["absence"], [0, 0, 1, 0, 0])
    np.testing.assert_array_equal(s.attributes["cut_by_image"], [0, 1, 0, 0, 0])
    np.testing.assert_array_equal(s.attributes["occlusion"], [0, 1, 1, 0, 0])
    np.testing.assert_allclose(s.meta["visible_ratio"], [1, 0.75, 0, 1, 1])
    assert "cover" not in s.attributes
    assert s.meta["object_class"] == "ant" and s.attributes["object_class: ant"] is True
    assert s.meta["meta_info"]["resolution"] == "(1280, 720)"
    test = entries[1].open()
    assert np.isfinite(test.groundtruth[0]).all() and np.isnan(test.groundtruth[1:]).all()
    (a / "absence.label").write_text("0\n0\n1\n")
    with pytest.raises(DataError, match="absence.label"):
        got10k.open(a)


# --- LaSOT --------------------------------------------------------------------------------
def test_lasot(tmp_path):
    root = tmp_path / "LaSOT"
    seq = root / "airplane" / "airplane-1"
    write_frames(seq / "img", 5, "{:08d}.jpg", color=True)
    write_boxes(seq / "groundtruth.txt", boxes(5))
    (seq / "full_occlusion.txt").write_text("0,0,1,0,0")
    (seq / "out_of_view.txt").write_text("0,0,0,1,0\n")
    (seq / "nlp.txt").write_text("white airplane flying in the sky\n")
    write_frames(root / "airplane" / "airplane-2" / "img", 2, "{:08d}.jpg")
    write_boxes(root / "airplane" / "airplane-2" / "groundtruth.txt", boxes(2))
    (root / "airplane" / "airplane-2" / "full_occlusion.txt").write_text("0,0")
    entries = open_dataset(root)
    assert [(e.name, e.layout) for e in entries] == [("airplane-1", "lasot"), ("airplane-2", "lasot")]
    s = entries[0].open()
    np.testing.assert_allclose(s.groundtruth, boxes(5) - [1, 1, 0, 0])  # flagged boxes are kept
    np.testing.assert_array_equal(s.attributes["full_occlusion"], [0, 0, 1, 0, 0])
    np.testing.assert_array_equal(s.attributes["absent"], [0, 0, 1, 1, 0])
    assert s.meta["nlp"] == "white airplane flying in the sky" and s.meta["object_class"] == "airplane"
    assert [e.name for e in open_dataset(root / "airplane")] == ["airplane-1", "airplane-2"]
    (seq / "out_of_view.txt").write_text("0,0,0,1")
    with pytest.raises(DataError, match="out_of_view.txt"):
        lasot.open(seq)


# --- video --------------------------------------------------------------------------------
def write_video(p: Path, n: int = 12, fourcc: str = "MJPG") -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    w = cv2.VideoWriter(str(p), cv2.VideoWriter_fourcc(*fourcc), 10, (W, H))
    assert w.isOpened()
    for k in range(1, n + 1):
        img = np.zeros((H, W, 3), np.uint8)
        img[:] = (10 * k, 0, 200)  # BGR: blue channel carries the frame number, red is 200
        w.write(img)
    w.release()
    return p


def test_video_sequential_and_random_reads(tmp_path):
    p = write_video(tmp_path / "clip.avi")
    write_boxes(tmp_path / "clip_gt.txt", boxes(12))
    assert detect_layout(p) == "video"
    s = open_sequence(p)
    assert len(s) == 12 and s.modality == "rgb" and s.meta["layout"] == "video"
    f = s.frame(0)
    assert f.shape == (H, W, 3) and f.dtype == np.uint8
    assert f[..., 0].mean() > 150 and f[..., 2].mean() < 40  # RGB order: red first
    seq_numbers = [round(float(s.frame(i)[..., 2].mean()) / 10) for i in range(12)]
    assert seq_numbers == list(range(1, 13))
    rand = [round(float(s.frame(i)[..., 2].mean()) / 10) for i in (7, 2, 11, 0, 5)]
    assert rand == [8, 3, 12, 1, 6]
    np.testing.assert_allclose(s.groundtruth, boxes(12))


def test_video_mp4_groundtruth_beside_and_bad_files(tmp_path):
    p = write_video(tmp_path / "one" / "walk.mp4", n=6, fourcc="mp4v")
    write_boxes(tmp_path / "one" / "groundtruth.txt", boxes(6))
    s = video.open(p)
    assert len(s) == 6 and s.groundtruth is not None
    write_boxes(tmp_path / "one" / "groundtruth.txt", boxes(5))
    with pytest.raises(DataError, match="groundtruth.txt"):
        video.open(p)
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00\x01garbage" * 50)
    with pytest.raises(DataError) as e:
        open_sequence(bad)
    assert e.value.path == bad


def test_truncated_video_with_groundtruth_blames_the_video(tmp_path):
    """The container claims 20 frames, fewer decode: with a 20-row groundtruth beside it the error names
    the video and both counts (it used to blame the intact groundtruth); without one, or with one that
    fits the decodable frames, the video opens with the reader's warning."""
    p = tmp_path / "clip.avi"
    w = cv2.VideoWriter(str(p), cv2.VideoWriter_fourcc(*"MJPG"), 10, (W, H))
    rng = np.random.default_rng(0)
    for _ in range(20):
        w.write(rng.integers(0, 255, (H, W, 3), np.uint8))
    w.release()
    p.write_bytes(p.read_bytes()[:p.stat().st_size // 2])
    s = open_sequence(p)
    n = len(s)
    assert 0 < n < 20 and s.meta["warnings"] == [f"{p}: the container claims 20 frames, {n} could be decoded; "
                                                 f"using {n}"]
    write_boxes(tmp_path / "clip.txt", boxes(20))
    with pytest.raises(DataError, match=f"claims 20 frames, {n} could be decoded, but clip.txt has 20 boxes") as e:
        open_sequence(p)
    assert e.value.path == p
    write_boxes(tmp_path / "clip.txt", boxes(n))
    s = open_sequence(p)
    assert len(s.groundtruth) == n and "could be decoded" in s.meta["warnings"][0]


def _noisy_video(p: Path, n: int = 12, fourcc: str = "MJPG") -> Path:
    w = cv2.VideoWriter(str(p), cv2.VideoWriter_fourcc(*fourcc), 10, (W, H))
    rng = np.random.default_rng(0)
    for _ in range(n):
        w.write(rng.integers(0, 255, (H, W, 3), np.uint8))
    w.release()
    return p


def test_video_decoder_complaints_name_the_file_and_frame(tmp_path, capfd):
    """FFmpeg writes its complaints to stderr naming no file ("[mjpeg @ 0x55e0cb4e8d00] mjpeg_decode_dc:
    bad vlc: 0", "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x...] moov atom not found"), and a damaged frame that still
    decoded gave no word of the workbench's own. They are taken from stderr and said by the reader:
    in the error naming the file (and frame), or as a warning naming the file and frame."""
    import warnings

    ffmpeg_line = re.compile(r"\[[\w,]+ @ 0x[0-9a-f]+\]")
    # an mp4 cut in half: its index (moov, written last) is gone
    mp4 = _noisy_video(tmp_path / "cut.mp4", fourcc="mp4v")
    mp4.write_bytes(mp4.read_bytes()[:mp4.stat().st_size // 2])
    with pytest.raises(DataError, match="not a readable video") as e:
        open_sequence(mp4)
    assert e.value.path == mp4 and str(mp4) in str(e.value)
    # an AVI whose 5th JPEG is damaged in the middle of its data: it decodes, with FFmpeg's complaints
    avi = _noisy_video(tmp_path / "hit.avi")
    data = bytearray(avi.read_bytes())
    soi = [m.start() for m in re.finditer(b"\xff\xd8\xff", bytes(data))]
    assert len(soi) == 12
    mid = (soi[4] + soi[5]) // 2
    data[mid:mid + 64] = bytes(64)
    avi.write_bytes(bytes(data))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = open_sequence(avi)
        read = []
        for i in range(len(s)):
            try:
                s.frame(i)
                read.append(i)
            except DataError as exc:  # a frame lost: the error names the file and the frame
                assert exc.path == avi and f"frame {i} could not be decoded" in str(exc)
    said = [str(w.message) for w in caught] + s.meta["warnings"]
    assert said and all(str(avi) in m and "the decoder said" in m for m in said), said
    assert any(re.search(rf"{re.escape(str(avi))}, frame \d+: the decoder said", m) for m in said), said
    assert len(read) >= 10
    err = capfd.readouterr().err
    assert not ffmpeg_line.search(err), err  # no line of FFmpeg's own left without the file's name
    # a sound video: not a word
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = open_sequence(_noisy_video(tmp_path / "fine.avi"))
        assert all(s.frame(i).shape == (H, W, 3) for i in range(len(s)))
    assert not caught and not s.meta["warnings"] and not capfd.readouterr().err


def test_video_with_every_frame_damaged_reads_in_linear_time(tmp_path, monkeypatch):
    """A video whose every frame comes with the decoder's complaints (some h264 streams: 'mmco: unref short
    failure' each frame): the frames met so far were looked up in a list, quadratic (50,000 frames: 8 s of
    bookkeeping alone); still the first 3 are named, each once."""
    import time
    import warnings

    s = open_sequence(_noisy_video(tmp_path / "fine.avi", n=2))
    src = s.frames
    n = 60000

    class Complaining:  # every frame decoded with a complaint
        def __enter__(self):
            self.lines = ["h264: mmco: unref short failure"]
            return self

        def __exit__(self, *exc):
            return None

        def said(self):
            return f"the decoder said '{self.lines[0]}'"

    monkeypatch.setattr(video, "_DecoderLines", Complaining)
    frame = np.zeros((2, 2, 3), np.uint8)
    monkeypatch.setattr(src, "_decode", lambda i: frame)
    src._n = n
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t0 = time.perf_counter()
        for i in range(n):
            src.read(i)
        src.read(0)
        dt = time.perf_counter() - t0
    assert len(src.damaged) == n and len(caught) == 3
    assert [re.search(r"frame (\d+):", str(w.message))[1] for w in caught] == ["0", "1", "2"]
    assert dt < 5.0, f"{n} damaged frames read in {dt:.1f} s"

def test_video_stderr_capture_gives_fd2_back_on_every_way_out(capfd, monkeypatch):
    """The decoder's lines are taken by pointing fd 2 (the process's stderr) at a temp file under a lock:
    an interrupt while it is set up, or a replaced stderr that cannot flush, left fd 2 taken and the lock
    held (every later video read hung); an "[ERROR] ..." line of another thread's was taken for the
    decoder's (and named as the video's damage)."""
    import sys

    from workbench.core.data import stderr_capture

    def fd2_is_stderr():
        os.write(2, b"still stderr\n")
        return "still stderr" in capfd.readouterr().err

    with pytest.raises(KeyboardInterrupt):
        with video._DecoderLines():
            raise KeyboardInterrupt
    assert not stderr_capture._LOCK.locked() and fd2_is_stderr()

    real_dup2 = os.dup2
    calls = []

    def interrupted_dup2(a, b, *args):  # the interrupt lands while fd 2 is being taken
        calls.append(b)
        real_dup2(a, b, *args)
        if len(calls) == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "dup2", interrupted_dup2)
    with pytest.raises(KeyboardInterrupt):
        with video._DecoderLines():
            pass
    monkeypatch.setattr(os, "dup2", real_dup2)
    assert not stderr_capture._LOCK.locked() and fd2_is_stderr()

    class NoFlush:  # a stderr replaced by something without flush()
        def write(self, s):
            return len(s)

    monkeypatch.setattr(sys, "stderr", NoFlush())
    with video._DecoderLines() as dec:
        os.write(2, b"[h264 @ 0x55e0cb4e8d00] no frame!\n")
    monkeypatch.undo()
    assert dec.lines == ["h264: no frame!"] and not stderr_capture._LOCK.locked() and fd2_is_stderr()

    with video._DecoderLines() as dec:
        os.write(2, b"[ERROR] a tool's own log line\n[ WARN:0@0.03] global cap.cpp:1 opencv's\n")
    assert dec.lines == ["global cap.cpp:1 opencv's"]
    assert capfd.readouterr().err == "[ERROR] a tool's own log line\n"


def test_video_stderr_capture_passes_other_output_on_whole(capfdbinary):
    """Another thread's output written while a frame decodes is passed on as written: all of it (it was
    cut at 1 MiB) and byte for byte (it was decoded as UTF-8 with replacement and re-encoded)."""
    other = b"".join(b"another thread's line %06d \xe9t\xe9" % k + b"\n" for k in range(40000))  # 1.4 MB, latin-1
    with video._DecoderLines() as dec:
        os.write(2, b"[mjpeg @ 0x55e0cb4e8d00] bad vlc\n")
        os.write(2, other)
        os.write(2, b"no newline at the end")
    assert dec.lines == ["mjpeg: bad vlc"]
    assert capfdbinary.readouterr().err == other + b"no newline at the end"


def test_video_stderr_capture_without_fd2():
    """With fd 2 closed (a windowed app) nothing is captured and the temp file does not become fd 2
    (it kept everything written to stderr between reads, read and written back at each one)."""
    import subprocess
    import sys

    code = ("import os, sys; sys.stderr = None; os.close(2)\n"
            "from workbench.core.data import stderr_capture, video\n"
            "with video._DecoderLines() as d: pass\n"
            "print(stderr_capture._SINK is None, stderr_capture._LOCK.locked())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.split() == ["True", "False"], out


# --- hyperspectral cubes ------------------------------------------------------------------------
def write_envi(tmp_path: Path, interleave: str, name: str = "cube") -> tuple[Path, np.ndarray]:
    import spectral.io.envi as envi

    rng = np.random.default_rng(0)
    data = rng.integers(0, 4000, size=(6, 5, 7)).astype(np.int16)  # lines, samples, bands
    hdr = tmp_path / f"{name}.hdr"
    envi.save_image(str(hdr), data, interleave=interleave, ext=".img", force=True,
                    metadata={"wavelength": [400 + 10 * k for k in range(7)], "wavelength units": "Nanometers",
                              "reflectance scale factor": 10000})
    return hdr, data


@pytest.mark.parametrize("interleave", ["bil", "bip", "bsq"])
def test_envi_interleaves(tmp_path, interleave):
    hdr, data = write_envi(tmp_path, interleave)
    assert detect_layout(hdr) == "cube"
    s = open_sequence(hdr)
    assert len(s) == 1 and s.modality == "hsi" and s.meta["interleave"] == interleave
    f = s.frame(0)
    assert f.dtype == np.int16 and f.shape == (6, 5, 7)
    np.testing.assert_array_equal(f, data)
    np.testing.assert_allclose(s.meta["wavelengths"], [400 + 10 * k for k in range(7)])
    assert s.meta["scale_factor"] == 10000 and s.meta["wavelength_units"] == "Nanometers"


def _smooth_scene(lines=40, samples=48, bands=24) -> np.ndarray:
    """A smooth int16 cube with dark water on its left, whose noise crosses 0 (as Jasper Ridge's does)."""
    yy, xx, bb = np.mgrid[0:lines, 0:samples, 0:bands]
    img = np.sin(xx / 5.0 + bb / 7.0) * np.cos(yy / 4.0) * 800 + bb * 30 + 1000
    img[:, :20] = 0
    return (img + np.random.default_rng(4).normal(0, 5, img.shape)).astype(np.int16)


@pytest.mark.filterwarnings("ignore::workbench.core.errors.DataWarning")  # swapped floats: NaN frames repaired
@pytest.mark.parametrize("stored, header, field", [
    ("<i2", "data type = 2\nbyte order = 0", None),
    (">i2", "data type = 2\nbyte order = 1", None),
    ("<f4", "data type = 4\nbyte order = 0", None),
    ("<i2", "data type = 2\nbyte order = 1", "byte order = 1 looks wrong.*with byte order = 0"),
    (">i2", "data type = 2\nbyte order = 0", "byte order = 0 looks wrong.*with byte order = 1"),
    (">f4", "data type = 4\nbyte order = 0", "byte order = 0 looks wrong.*with byte order = 1"),
    ("<i2", "data type = 12\nbyte order = 0", r"data type = 12 \(uint16\) looks wrong.*data type = 2 \(int16\)"),
    ("<i2", "data type = 12\nbyte order = 1",
     r"byte order = 1, data type = 12 \(uint16\) look wrong.*byte order = 0, data type = 2 \(int16\)"),
])
def test_envi_byte_order_and_signedness_doubt(tmp_path, stored, header, field):
    """A header whose byte order or signedness reads the cube as noise, when the other reads it as an
    image, gets a warning naming the file and the field; the cube still reads as the header says."""
    cube_ = _smooth_scene()
    if "f" in stored:  # reflectance: integer-valued floats swapped read as tiny numbers that still correlate
        cube_ = (cube_ / 1e4).astype(np.float32)
    lines, samples, bands = cube_.shape
    (tmp_path / "c.img").write_bytes(np.ascontiguousarray(cube_.transpose(0, 2, 1)).astype(stored).tobytes())
    (tmp_path / "c.hdr").write_text(f"ENVI\nsamples = {samples}\nlines = {lines}\nbands = {bands}\nheader offset = 0\n"
                                    f"file type = ENVI Standard\ninterleave = bil\n{header}\n")
    s = open_sequence(tmp_path / "c.hdr")
    warnings = s.meta.get("warnings", [])
    if field is None:
        assert not warnings
        np.testing.assert_array_equal(s.frame(0), cube_)
        return
    (w,) = warnings
    assert w.startswith(f"{tmp_path / 'c.hdr'}: ")
    assert re.search(field, w), w
    declared = np.dtype({"2": "i2", "4": "f4", "12": "u2"}[header.split()[3]]).newbyteorder(
        ">" if header.endswith("1") else "<")
    raw = np.frombuffer((tmp_path / "c.img").read_bytes(), declared).reshape(lines, bands, samples)
    ok = np.isfinite(raw.transpose(0, 2, 1))  # swapped floats may be NaN, which the reader repairs
    np.testing.assert_array_equal(s.frame(0)[ok], raw.transpose(0, 2, 1)[ok])  # read as the header says


def test_envi_real_jasper_ridge_doubts(tmp_path):
    """Jasper Ridge as it is: no doubt; with its byte order or signedness flipped in the header: a warning."""
    jasper = shared("hsi/jasper_ridge/jasperRidge2_R198.hdr")
    assert not open_sequence(jasper).meta.get("warnings")
    text = jasper.read_text()
    (tmp_path / "jr.img").symlink_to(jasper.with_suffix(".img"))
    for old, new in (("byte order = 0", "byte order = 1"), ("data type = 2", "data type = 12")):
        assert old in text
        (tmp_path / "jr.hdr").write_text(text.replace(old, new))
        (w,) = open_sequence(tmp_path / "jr.hdr").meta["warnings"]
        assert w.startswith(f"{tmp_path / 'jr.hdr'}: {new} ") and "looks wrong" in w, w


def test_envi_bad_headers(tmp_path):
    hdr, _ = write_envi(tmp_path, "bil")
    text = hdr.read_text()
    hdr.write_text("\n".join(ln for ln in text.splitlines() if not ln.startswith("bands")) + "\n")
    with pytest.raises(DataError, match="lacks bands") as e:
        cube.open(hdr)
    assert e.value.path == hdr
    hdr.write_text(text.replace("lines = 6", "lines = 7"))
    with pytest.raises(DataError, match="bytes") as e:
        cube.open(hdr)
    assert e.value.path.name == "cube.img"
    hdr.write_text("not an envi header\n")
    with pytest.raises(DataError, match="not an ENVI header"):
        cube.open(hdr)
    hdr2, _ = write_envi(tmp_path, "bsq", "lonely")
    (tmp_path / "lonely.img").unlink()
    with pytest.raises(DataError, match="no ENVI data file"):
        cube.open(hdr2)


def test_envi_unclosed_brace_names_file_field_and_line(tmp_path):
    """A '{' list never closed used to give spectral's bare "Failed to parse ENVI header file"."""
    hdr, _ = write_envi(tmp_path, "bil")
    text = re.sub(r"wavelength = \{[^}]*\}\n", "", hdr.read_text())
    hdr.write_text(text + "wavelength = { 400, 410,\n 420, 430\n")
    line = len(text.splitlines()) + 1
    with pytest.raises(DataError, match=rf"ENVI header: the '\{{' of field 'wavelength' \(line {line}\) is never "
                                        r"closed \(no '\}' before the end of the file\)") as e:
        cube.open(hdr)
    assert e.value.path == hdr and str(hdr) in str(e.value)


@pytest.mark.parametrize("code, stored", [(3, "<i4"), (13, "<u4"), (14, "<i8"), (15, ">u8")])
def test_envi_32_and_64_bit_integers_read_as_float32(tmp_path, code, stored):
    """int32 / uint32 / int64 / uint64 ENVI cubes used to open in their own type and then fail in the
    tracker's crop (cv2.error: ... ifunc != 0 in function 'remap'); their frames read as float32."""
    from workbench.core import preprocess

    video = _smooth_scene(12, 10, 5).astype(np.int64) + 1000  # 2 frames of 6 lines, positive for unsigned
    (tmp_path / "v.img").write_bytes(video.astype(stored).tobytes())  # bip
    (tmp_path / "v.hdr").write_text(f"ENVI\nsamples = 10\nlines = 12\nbands = 5\nheader offset = 0\n"
                                    f"data type = {code}\ninterleave = bip\nbyte order = {int(stored[0] == '>')}\n"
                                    f"frames = 2\n")
    s = open_sequence(tmp_path / "v.hdr")
    for t in range(2):
        f = s.frame(t)
        c = preprocess.crop(f, 5.0, 3.0, 4.0, 8, fill=preprocess.REPLICATE, grid="edge")  # the trackers' crop
        assert c.shape == (8, 8, 5) and f.dtype == np.float32 and f.shape == (6, 10, 5)
        np.testing.assert_array_equal(f, video[6 * t:6 * (t + 1)])
    assert len(s) == 2 and s.meta["file_dtype"] == np.dtype(stored).name and not s.meta.get("warnings")


def test_envi_complex_cube_is_refused_on_open(tmp_path):
    (tmp_path / "c.img").write_bytes(np.ones((4, 3, 2), np.complex64).tobytes())
    (tmp_path / "c.hdr").write_text("ENVI\nsamples = 3\nlines = 4\nbands = 2\ndata type = 6\ninterleave = bip\n")
    with pytest.raises(DataError, match=r"data type = 6 \(complex64\) holds complex numbers") as e:
        open_sequence(tmp_path / "c.hdr")
    assert e.value.path == tmp_path / "c.hdr"


def test_envi_scale_factor_and_wavelength_messages_name_file_and_field(tmp_path, capfd):
    """A scale factor that is text, 0 or negative is refused naming the field (it used to be spectral's
    "could not convert string to float", or 0 silently taken as 1); text wavelengths are a warning
    naming the file and field, and spectral's own unnamed log line is not printed."""
    hdr, data = write_envi(tmp_path, "bil")
    text = hdr.read_text()
    assert "reflectance scale factor = 10000" in text
    for bad in ("abc", "0", "-2", "nan"):
        hdr.write_text(text.replace("reflectance scale factor = 10000", f"reflectance scale factor = {bad}"))
        with pytest.raises(DataError, match=f"reflectance scale factor = '{bad}' is not a positive number") as e:
            cube.open(hdr)
        assert e.value.path == hdr
    hdr.write_text(re.sub(r"wavelength = \{[^}]*\}", "wavelength = {a, b, c}", text))
    s = cube.open(hdr)
    np.testing.assert_array_equal(s.frame(0), data)
    assert s.meta["wavelengths"] is None and s.meta["warnings"] == [
        f"{hdr}: ENVI header: wavelength is not a list of numbers (['a', 'b', 'c']); ignored"]
    assert "Unable to parse" not in capfd.readouterr().err


def test_hdf5_cube_and_video(tmp_path):
    import h5py

    video_data = np.arange(3 * 4 * 5 * 6, dtype=np.uint16).reshape(3, 4, 5, 6)
    with h5py.File(tmp_path / "vid.h5", "w") as f:
        d = f.create_dataset("frames", data=video_data)
        d.attrs["wavelengths"] = np.linspace(470, 620, 6)
        f.create_dataset("groundtruth", data=boxes(3))
    s = open_sequence(tmp_path / "vid.h5")
    assert len(s) == 3 and s.modality == "hsi" and s.frame(2).dtype == np.uint16
    np.testing.assert_array_equal(s.frame(1), video_data[1])
    np.testing.assert_allclose(s.groundtruth, boxes(3))
    np.testing.assert_allclose(s.meta["wavelengths"], np.linspace(470, 620, 6))
    with h5py.File(tmp_path / "one.hdf5", "w") as f:
        f.create_dataset("reflectance", data=video_data[0].astype(np.float32))
        f.create_dataset("wavelengths", data=np.arange(6.0))
    c = cube.open(tmp_path / "one.hdf5")
    assert len(c) == 1 and c.frame(0).shape == (4, 5, 6) and c.groundtruth is None
    with h5py.File(tmp_path / "badgt.h5", "w") as f:
        f.create_dataset("cube", data=video_data)
        f.create_dataset("groundtruth", data=boxes(2))
    with pytest.raises(DataError, match="2 boxes"):
        cube.open(tmp_path / "badgt.h5")
    (tmp_path / "junk.h5").write_bytes(b"junk")
    with pytest.raises(DataError, match="HDF5") as e:
        cube.open(tmp_path / "junk.h5")
    assert e.value.path.name == "junk.h5"


@pytest.mark.parametrize("dtype", ["bool", "int8"])
def test_hdf5_of_a_pixel_type_the_trackers_cannot_crop_is_refused(tmp_path, dtype):
    """bool, int8 (and float16, read as float32 now) used to open and then fail deep in OpenCV in the tracker's crop (32- and
    64-bit integers are read as float32 now: the next test); complex numbers are no image values."""
    import h5py

    with h5py.File(tmp_path / "odd.h5", "w") as f:
        f.create_dataset("frames", data=np.ones((2, 4, 5, 3), dtype))
    with pytest.raises(DataError, match=f"dataset '/frames' holds {dtype} values") as e:
        open_sequence(tmp_path / "odd.h5")
    assert e.value.path.name == "odd.h5" and "uint16" in str(e.value)
    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("frames", data=np.ones((2, 4, 5, 3), np.complex64))
    with pytest.raises(DataError, match="dataset '/frames' holds complex numbers, not image values") as e:
        open_sequence(tmp_path / "c.h5")
    assert e.value.path.name == "c.h5"
    for ok in cube.PIXEL_DTYPES:  # every type the reader gives frames in can be cropped
        img = np.ones((6, 7, 3), ok)
        assert cv2.warpAffine(img, np.float32([[1, 0, 0.5], [0, 1, 0.5]]), (4, 4)).dtype == img.dtype


@pytest.mark.parametrize("dtype", ["int32", "<u4", ">i8", "uint64"])
def test_hdf5_32_and_64_bit_integers_read_as_float32(tmp_path, dtype):
    """int32 / uint32 / int64 / uint64 HDF5 cubes used to be refused on open ("dataset '/frames' holds
    int32 values, which the trackers cannot crop") while the same ENVI cube read as float32; their
    frames read as float32 too, for a video and a single cube."""
    import h5py

    from workbench.core import preprocess

    video = _smooth_scene(12, 10, 5).astype(np.int64) + 1000  # 2 frames of 6 lines, positive for unsigned
    with h5py.File(tmp_path / "v.h5", "w") as f:
        f.create_dataset("frames", data=video.reshape(2, 6, 10, 5).astype(dtype))
        f.create_dataset("groundtruth", data=np.array([[3.0, 1, 4, 3], [4, 2, 4, 3]]))
    with h5py.File(tmp_path / "one.h5", "w") as f:
        f.create_dataset("cube", data=video[:6].astype(dtype))
    s, one = open_sequence(tmp_path / "v.h5"), open_sequence(tmp_path / "one.h5")
    for t in range(2):
        f = s.frame(t)
        c = preprocess.crop(f, 5.0, 3.0, 4.0, 8, fill=preprocess.REPLICATE, grid="edge")  # the trackers' crop
        assert c.shape == (8, 8, 5) and f.dtype == np.float32 and f.shape == (6, 10, 5)
        np.testing.assert_array_equal(f, video[6 * t:6 * (t + 1)])
    assert len(s) == 2 and s.meta["file_dtype"] == np.dtype(dtype).name and not s.meta.get("warnings")
    assert len(one) == 1 and one.frame(0).dtype == np.float32 and one.meta["file_dtype"] == np.dtype(dtype).name
    np.testing.assert_array_equal(one.frame(0), video[:6])


def test_envi_real_jasper_ridge():
    s = open_sequence(need(JASPER))
    assert len(s) == 1 and s.modality == "hsi"
    f = s.frame(0)
    assert f.shape == (100, 100, 198) and f.dtype == np.int16
    assert s.meta["interleave"] == "bil" and s.meta["scale_factor"] == 10000
    wl = s.meta["wavelengths"]
    assert len(wl) == 198 and wl[0] == pytest.approx(399.37, abs=0.01) and wl[-1] == pytest.approx(2457, abs=1)
    raw = np.fromfile(JASPER.with_suffix(".img"), dtype="<i2").reshape(100, 198, 100)  # BIL: line, band, sample
    np.testing.assert_array_equal(f[7, 11, :], raw[7, :, 11])


# --- mixed roots and detection ------------------------------------------------------------------
def test_open_dataset_mixed_root(tmp_path):
    root = tmp_path / "mixed"
    o = root / "Crossing"
    write_frames(o / "img", 3, "{:04d}.jpg", color=True)
    write_boxes(o / "groundtruth_rect.txt", boxes(3))
    v = root / "horse"
    write_frames(v, 3)
    (v / "groundtruth.txt").write_text(_polys(boxes(3)))
    (v / "occlusion.label").write_text("0\n0\n1\n")
    write_video(root / "clip.avi", n=4)
    write_frames(root / "loose", 2)
    hdr, _ = write_envi(root, "bip", "scene")
    (root / "notes.txt").write_text("not a sequence\n")
    entries = open_dataset(root)
    got = {(e.name, e.layout) for e in entries}
    assert got == {("Crossing", "otb"), ("horse", "vot"), ("clip", "video"), ("loose", "folder"),
                   ("scene", "cube")}
    for e in entries:
        assert len(e.open()) >= 1


def test_open_dataset_single_sequence_root(tmp_path):
    seq = tmp_path / "solo"
    write_frames(seq / "img", 3)
    entries = open_dataset(seq)  # the img/ subfolder is not a second sequence
    assert [(e.name, e.layout) for e in entries] == [("solo", "folder")]
    with pytest.raises(DataError, match="no sequences"):
        (tmp_path / "nothing").mkdir()
        open_dataset(tmp_path / "nothing")


def test_open_dataset_real_tracking_folder():
    root = need(SHARED / "tracking")
    got = {(e.name, e.layout) for e in open_dataset(root)}
    assert {("otb_crossing", "otb"), ("vottir2016_horse", "vot")} <= got


def test_single_image_file_is_a_one_frame_sequence(tmp_path):
    import cv2

    img = np.zeros((24, 32), np.uint16)
    img[5:9, 10:14] = 4000
    p = tmp_path / "shot.png"
    cv2.imwrite(str(p), img)
    seq = open_sequence(p)
    assert len(seq) == 1 and seq.modality == "ir16" and seq.groundtruth is None
    assert seq.frame(0)[6, 11] == 4000
    (tmp_path / "shot.txt").write_text("10,5,4,4\n")
    assert open_sequence(p).gt_box(0) == (10, 5, 4, 4)
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8 not really")
    with pytest.raises(DataError, match="broken.jpg"):
        open_sequence(bad)


def test_corrupt_png_message_is_the_codecs_words_not_opencvs_log_line(tmp_path):
    """OpenCV's codec log lines ("[ERROR:0@0.02] global grfmt_png.cpp:296 readHeader ...") are turned into
    the decoder's words ("PNG decoder: IHDR chunk shall be first ...") in the error that names the file."""
    from workbench.core.data.images import read_image
    from workbench.core.errors import DataError

    p = tmp_path / "0001.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n garbage garbage")
    with pytest.raises(DataError) as e:
        read_image(p)
    msg = str(e.value)
    assert str(p) in msg and "PNG decoder:" in msg
    assert "grfmt_" not in msg and "[ERROR" not in msg and "global " not in msg


def test_image_and_video_decoders_share_one_stderr_capture():
    """Both readers point fd 2 at a scratch file while they decode: with a lock each, an image decode on one
    thread and a video decode on another could restore each other's descriptor and leave stderr pointed at
    the scratch file. One capture (``stderr_capture``) and one lock for both."""
    from workbench.core.data import images, stderr_capture

    with images.decoder_messages():
        assert stderr_capture._LOCK.locked()
    with video._DecoderLines():
        assert stderr_capture._LOCK.locked()
    assert not stderr_capture._LOCK.locked()
    assert issubclass(video._DecoderLines, stderr_capture.Fd2Capture)


def test_a_dataset_root_opened_as_one_sequence_says_it_is_a_dataset(tmp_path):
    """``run --sequence UAV123_ROOT`` said "no images, video or known dataset layout found in this folder"
    of a root ``--dataset`` opens: the refusal now names it a dataset, its sequences and the option."""
    root = make_uav123(tmp_path / "UAV123", config=False)
    with pytest.raises(DataError, match=r"a dataset \(--dataset\) of 3 sequences, not one: bird1_1"):
        open_sequence(root)
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="no images, video or known dataset layout"):
        open_sequence(tmp_path / "empty")


def test_a_folder_holding_one_sequence_names_it(tmp_path):
    """A folder whose only content is one sequence is not called "a dataset of 1 sequences": the refusal
    names the sequence and where it is."""
    seq = tmp_path / "wrap" / "Crossing"
    write_frames(seq / "img", 3)
    write_boxes(seq / "groundtruth_rect.txt", boxes(3))
    with pytest.raises(DataError, match="holds one sequence, Crossing, in .*Crossing: open that"):
        open_sequence(tmp_path / "wrap")
    assert open_sequence(seq / "img").name == "Crossing"  # its frames folder opens the sequence
