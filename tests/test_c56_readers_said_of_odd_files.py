"""What a reader says of odd real-world folders: a symbolic link that loops or leads nowhere was 'no such file or
folder' (of a name the user sees listed); a dataset root holding a link back to itself (``self -> .``) listed each
sequence twice and ``run --dataset`` refused it ("two sequences are named 'seq1' ... rename one"); a frame made a folder
(``img/0005.jpg/``) was "a frame is missing" naming no cause; an empty ``img/`` was "has 1 boxes but its img/ has 0
frames: ... cut the file to its first 0 lines"; a box file ending in the zero bytes of a file never fully written
was "'\\x00\\x00...' is not a number"; a YOLO label of NaN was "not normalised to the image"."""
from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image

from workbench.core import batch
from workbench.core.data import detect
from workbench.core.errors import DataError

needs_links = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                 reason="symbolic links need privileges on Windows")


def _otb(folder, n=3):
    (folder / "img").mkdir(parents=True)
    for k in range(1, n + 1):
        Image.fromarray(np.full((24, 32), 40 * k, np.uint8)).save(folder / "img" / f"{k:04d}.png")
    (folder / "groundtruth_rect.txt").write_text("".join(f"{5 + k},6,8,8\n" for k in range(n)))
    return folder


@needs_links
def test_a_link_that_loops_or_leads_nowhere_is_said_so(tmp_path):
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    os.symlink("gone", tmp_path / "dangling")
    with pytest.raises(DataError) as loop:
        detect.open_sequence(tmp_path / "a")
    assert "symbolic link that loops" in str(loop.value) and str(tmp_path / "a") in str(loop.value)  # old: no such
    with pytest.raises(DataError) as gone:
        detect.open_dataset(tmp_path / "dangling")
    assert "a symbolic link leading nowhere (to gone)" in str(gone.value)
    with pytest.raises(DataError, match="no such file or folder"):
        detect.open_sequence(tmp_path / "never")
    with pytest.raises(DataError, match="it holds 3 symbolic links"):  # old: suffix-less files
        detect.open_dataset(tmp_path)


@needs_links
def test_a_link_back_to_the_root_lists_nothing_twice(tmp_path):
    root = tmp_path / "set"
    _otb(root / "seq1")
    os.symlink(str(root), root / "self")
    os.symlink("..", root / "seq1" / "up")
    assert [e.name for e in detect.open_dataset(root)] == ["seq1"]  # old: seq1 twice (seq1 and self/seq1)
    assert [r.name for r in batch.sequence_refs(dataset=root)] == ["seq1"]  # old: "two sequences are named 'seq1'"


def test_a_frame_made_a_folder_is_named(tmp_path):
    seq = _otb(tmp_path / "seq", 4)
    (seq / "img" / "0003.png").unlink()
    (seq / "img" / "0003.png").mkdir()
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    assert "0003.png there is a folder, not an image" in str(err.value), str(err.value)


def test_an_empty_frames_folder_is_said_so(tmp_path):
    seq = _otb(tmp_path / "seq", 1)
    (seq / "img" / "0001.png").unlink()
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    said = str(err.value)
    assert "has no frames" in said and "first 0" not in said and "open" not in said.split(": ", 1)[1], said


@needs_links
def test_a_frame_left_as_a_broken_link_is_named(tmp_path):
    seq = _otb(tmp_path / "seq", 4)
    (seq / "img" / "0003.png").unlink()
    os.symlink("/nowhere/0003.png", seq / "img" / "0003.png")
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    assert "0003.png there is a symbolic link leading nowhere (to /nowhere/0003.png)" in str(err.value)


def test_a_box_file_ending_in_zero_bytes_is_said_so(tmp_path):
    seq = _otb(tmp_path / "seq", 3)
    gt = seq / "groundtruth_rect.txt"
    gt.write_bytes(gt.read_bytes() + b"\0" * 512)  # a file whose writer died: its last block zeros
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    said = str(err.value)
    assert "line 4" in said and "512 zero bytes" in said and "x00" not in said, said  # old: '\x00\x00...' not a number
    gt.write_bytes("6,6,8,8\n7,6,8,8\n8,6,8,8\n".encode("utf-16-le"))  # UTF-16 without its byte-order mark
    with pytest.raises(DataError, match="line 1: holds zero bytes \\(NUL\\): binary data, or UTF-16 text without"):
        detect.open_sequence(seq)
    daub = tmp_path / "daub"
    (daub / "frames").mkdir(parents=True)
    for k in range(1, 4):
        Image.fromarray(np.zeros((16, 16), np.uint8)).save(daub / "frames" / f"{k:04d}.png")
    (daub / "anno_xy.txt").write_bytes(b"3\t4\n5\t6\n7\t8\n" + b"\0" * 100)
    with pytest.raises(DataError) as err:
        detect.open_sequence(daub)
    assert "anno_xy.txt" in str(err.value) and "100 zero bytes" in str(err.value), str(err.value)  # old: 'x<TAB>y'


def test_a_yolo_label_of_nan_is_said_so(tmp_path):
    from workbench.core.data.yolo import read_yolo

    label = tmp_path / "a.txt"
    label.write_text("0 0.5 0.5 0.1 0.1\n0 nan 0.5 0.1 0.1\n")
    with pytest.raises(DataError) as err:
        read_yolo(label, 64, 48)
    assert "line 2" in str(err.value) and "NaN" in str(err.value) and "normalised" not in str(err.value)


def test_a_sequence_whose_frames_folder_is_empty_says_which(tmp_path):
    seq = tmp_path / "book"
    (seq / "color").mkdir(parents=True)
    (seq / "groundtruth.txt").write_text("1,2,3,4\n")
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    assert "its color/ is empty" in str(err.value) and "1 .txt file" in str(err.value), str(err.value)  # old: no hint
    (tmp_path / "none").mkdir()
    with pytest.raises(DataError, match="in this folder; it is empty"):
        detect.open_sequence(tmp_path / "none")


@pytest.mark.parametrize("typed", ["{p} ", "file://{p}", '"{p}"'])
def test_a_pasted_path_gone_wrong_names_the_one_meant(tmp_path, typed):
    seq = _otb(tmp_path / "seq")
    with pytest.raises(DataError) as err:  # old: "no such file or folder" alone
        detect.open_sequence(typed.format(p=seq))
    assert str(err.value).endswith(f"no such file or folder; {seq} exists: give that"), str(err.value)


def test_an_envi_header_of_a_negative_offset_is_refused_naming_it(tmp_path):
    hdr = tmp_path / "c.hdr"  # its data 4 bytes short, as the offset says: memory-mapped, a traceback (OverflowError)
    hdr.write_text("ENVI\nsamples = 4\nlines = 3\nbands = 2\nheader offset = -4\ndata type = 1\ninterleave = bsq\n"
                   "byte order = 0\n")
    (tmp_path / "c.img").write_bytes(bytes(4 * 3 * 2 - 4))
    with pytest.raises(DataError) as err:
        detect.open_sequence(hdr)
    assert str(err.value).startswith(f"{hdr}: ENVI header: header offset = -4 is negative"), str(err.value)


@pytest.mark.parametrize("stray", ["overview.png", "0003 (copy).png"])
def test_an_image_not_numbered_as_the_frames_is_named_not_a_line_asked_for(tmp_path, stray):
    seq = _otb(tmp_path / "seq", 3)
    Image.fromarray(np.zeros((10, 10), np.uint8)).save(seq / "img" / stray)
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    said = str(err.value)  # the old code: "the last frame has no line; add it (NaN,NaN,NaN,NaN ...)"
    assert f"{stray} there is not numbered as the frames are" in said and "add it" not in said, said


def test_a_one_line_flag_file_short_of_values_is_told_to_add_them_to_its_line(tmp_path):
    from workbench.core.data.groundtruth import read_flags

    flags = tmp_path / "full_occlusion.txt"  # LaSOT's: every frame's flag on one comma-separated line
    flags.write_text("0,0,0,1,0,0,0\n")
    with pytest.raises(DataError) as err:
        read_flags(flags, expect_rows=10)
    said = str(err.value)  # the old code: "...; add them (one value a line)"
    assert "the last 3 frames have no value" in said and "one comma-separated line" in said, said
    flags.write_text("0\n0\n0\n")
    with pytest.raises(DataError, match="add them \\(one value a line\\)"):  # one a line: as before
        read_flags(flags, expect_rows=5)


def test_a_json_label_file_cut_short_is_said_so(tmp_path):
    import json

    from workbench.core.data import antiuav, cocoseq

    text = json.dumps({"exist": [1, 1], "gt_rect": [[1, 2, 3, 4], [1, 2, 3, 4]]})
    label = tmp_path / "IR_label.json"
    label.write_text(text[:len(text) // 2])  # the old code: "not valid JSON (Expecting ',' delimiter)"
    with pytest.raises(DataError, match="it ends before its brackets close"):
        antiuav.read_label_json(label, 2)
    coco = tmp_path / "instances_test2017.json"
    text = json.dumps({"images": [{"id": 1, "file_name": "a/0.bmp"}], "annotations": []})
    coco.write_text(text[:-5])  # the old code: "not a COCO instances file (JSONDecodeError: ...)"
    with pytest.raises(DataError, match="it ends before its brackets close"):
        cocoseq.annotations(tmp_path, [coco])
    coco.write_text(text.replace('"id": 1,', '"id" 1,'))
    with pytest.raises(DataError, match="not valid JSON \\(Expecting ':' delimiter"):
        cocoseq.annotations(tmp_path, [coco])


def test_an_annotation_xml_cut_short_is_said_so(tmp_path):
    from workbench.core.data.lsotb import read_box

    xml = tmp_path / "00000001.xml"
    text = ("<annotation><object><trackid>0</trackid><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>5</xmax>"
            "<ymax>6</ymax></bndbox></object></annotation>\n")
    xml.write_text(text)
    assert read_box(xml) == ([1.0, 2.0, 4.0, 4.0], 1)
    xml.write_text(text[:40])  # the old code: "not an annotation XML (unclosed token ...)"
    with pytest.raises(DataError, match="ends before its tags close"):
        read_box(xml)
    xml.write_text("<annotation><a></b></annotation>")
    with pytest.raises(DataError, match="not an annotation XML \\(mismatched tag"):
        read_box(xml)


def test_a_first_box_blanked_by_absence_label_names_that_file(tmp_path):
    from workbench.core.errors import WorkbenchError
    from workbench.core.loops import initial_box

    seq = tmp_path / "val" / "GOT-10k_Val_000001"
    seq.mkdir(parents=True)
    for k in range(1, 4):
        Image.fromarray(np.zeros((16, 16, 3), np.uint8)).save(seq / f"{k:08d}.jpg")
    (seq / "groundtruth.txt").write_text("1,2,5,5\n2,2,5,5\n3,2,5,5\n")
    (seq / "absence.label").write_text("1\n0\n0\n")
    opened = detect.open_sequence(seq)
    with pytest.raises(WorkbenchError) as err:
        initial_box(opened, 0, None)
    said = str(err.value)  # the old code: "groundtruth.txt, line 1: no groundtruth box", a line that holds one
    assert said.startswith(f"{seq / 'absence.label'}, line 1") and "--start 1" in said, said


def test_an_envi_layout_key_given_twice_is_refused_naming_both_lines(tmp_path):
    hdr = tmp_path / "c.hdr"  # an edit appended below the header: the later lines was read alone, unsaid
    hdr.write_text("ENVI\nsamples = 4\nlines = 3\nbands = 2\nheader offset = 0\ndata type = 1\ninterleave = bsq\n"
                   "byte order = 0\nlines = 6\n")
    (tmp_path / "c.img").write_bytes(bytes(4 * 6 * 2))
    with pytest.raises(DataError) as err:
        detect.open_sequence(hdr)
    assert "lines is given twice, 3 (line 3) and 6 (line 9)" in str(err.value), str(err.value)
    hdr.write_text(hdr.read_text().replace("lines = 6", "lines = 3"))  # the same value twice: read
    (tmp_path / "c.img").write_bytes(bytes(4 * 3 * 2))
    assert detect.open_sequence(hdr).frame(0).shape == (3, 4, 2)
