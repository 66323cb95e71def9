"""DAUB as its authors released it (``data<n>/<k>.bmp`` + ``data<n>/data<n>.txt`` of ``frame:<k> <count> object:1 <x>
<y>`` lines after a header line), on generated mimics: opened as point-labelled sequences, each line's points on the
frame file of its number; the folder layout read ``data<n>.txt`` as a box file and refused every sequence."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import detect
from workbench.core.data.irseq import open_irseq
from workbench.core.errors import DataError


def _release(folder, numbers, points, label_at=None, header=True, extra=""):
    """Frames ``<k>.bmp`` for k in ``numbers`` (each target a bright pixel at its point) and the label file
    (``label_at``: its path; default ``<folder>/<folder>.txt``) with one line per (k, [(x, y), ...]) of ``points``."""
    from workbench.core.data.images import write_image

    folder.mkdir(parents=True, exist_ok=True)
    pts = dict(points)
    for k in numbers:
        img = np.full((32, 40), 20, np.uint8)
        for x, y in pts.get(k, []):
            img[y, x] = 250
        write_image(folder / f"{k}.bmp", img)
    lines = [f"team7\t{folder.name}\t{len(points)}\t{len(points)}"] if header else []
    for k, objs in points:
        cells = "\t".join(f"object:{j + 1}\t{x}\t{y}" for j, (x, y) in enumerate(objs))
        lines.append(f"frame:{k}\t{len(objs)}" + (f"\t{cells}" if cells else ""))
    path = label_at or folder / f"{folder.name}.txt"
    path.write_text("\n".join(lines) + "\n" + extra)
    return path


def test_release_root_lists_point_labelled_sequences(tmp_path):
    _release(tmp_path / "data1", range(6), [(k, [(3 + 2 * k, 10)]) for k in range(6)])
    _release(tmp_path / "data2", range(4), [(k, [(5, 4 + k)]) for k in range(4)],
             label_at=tmp_path / "data2.txt")  # the label file beside the folder
    entries = detect.open_dataset(tmp_path)
    assert [(e.name, e.layout) for e in entries] == [("data1", "irseq"), ("data2", "irseq")]
    seq = detect.open_sequence(tmp_path / "data1")
    assert seq.meta["layout"] == "daub" and len(seq) == 6
    assert seq.meta["point_labels"][5] == [(13.0, 10.0, 0)]
    two = open_irseq(tmp_path / "data2")
    assert two.label_file == tmp_path / "data2.txt" and two.meta["daub_size"] == 3.0
    for i, labs in enumerate(two.labels):  # each label on its own frame's target
        assert two.frame(i)[int(labs[0].cy), int(labs[0].cx)] == 250


def test_labels_go_to_the_file_of_their_number_not_their_position(tmp_path):
    """Frames 1.bmp ... 5.bmp, lines frame:0 ... frame:4 (as the release's loader pairs them: file k, line k):
    frame:0 names no file and 5.bmp has no line, both said; no label slides onto a neighbour."""
    pts = [(k, [(2 + 3 * k, 7)]) for k in range(5)]
    _release(tmp_path / "data3", range(1, 6), pts)
    seq = open_irseq(tmp_path / "data3")
    assert [[(lab.cx, lab.cy) for lab in labs] for labs in seq.labels] == [
        [(5.0, 7.0)], [(8.0, 7.0)], [(11.0, 7.0)], [(14.0, 7.0)], []]
    assert seq.meta["unlabelled_frames"] == [4]
    said = " ".join(seq.meta["warnings"])
    assert "5.bmp" in said and "frame:0" in said


def test_several_objects_and_an_empty_frame(tmp_path):
    _release(tmp_path / "data4", range(3), [(0, [(4, 4), (20, 9)]), (1, []), (2, [(6, 6)])])
    seq = open_irseq(tmp_path / "data4")
    assert [len(labs) for labs in seq.labels] == [2, 0, 1]
    assert seq.meta["unlabelled_frames"] == [] and seq.meta["warnings"] == []


def test_malformed_line_names_the_file_and_line(tmp_path):
    path = _release(tmp_path / "data5", range(2), [(0, [(4, 4)]), (1, [(5, 5)])], extra="frame:2\t2\tobject:1\t7\t7\n")
    with pytest.raises(DataError) as err:
        open_irseq(tmp_path / "data5")
    assert f"{path}, line 4" in str(err.value) and "2 object(s) announced" in str(err.value)


def test_a_plain_box_file_named_as_its_folder_is_not_taken(tmp_path):
    from workbench.core.data.images import write_image
    from workbench.core.data.irseq import daub_release_file

    folder = tmp_path / "car"
    for k in range(3):
        write_image(folder / f"{k:04d}.png", np.zeros((8, 8), np.uint8))
    (folder / "car.txt").write_text("1,1,3,3\n1,1,3,3\n1,1,3,3\n")
    assert daub_release_file(folder) is None
    assert detect.detect_layout(folder) == "folder"
