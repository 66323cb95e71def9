"""A box file that does not pair with the frames is refused saying what to do: which lines have no frame
(or how many frames have no line) and how to view the frames without it; the refused folder then opens so."""
import shutil

import cv2
import numpy as np
import pytest

from workbench.core.data.detect import open_sequence
from workbench.core.errors import DataError


def _frames(folder, n):
    folder.mkdir(parents=True)
    for i in range(n):
        cv2.imwrite(str(folder / f"{i + 1:04d}.png"), np.full((12, 16), 40 * i % 255, np.uint8))


def _boxes(file, n):
    file.write_text("".join(f"{2 + i},3,5,4\n" for i in range(n)))


@pytest.mark.parametrize("rows, said", [(7, "lines 6..7 have no frame"), (6, "line 6 has no frame"),
                                        (3, "the last 2 frames have no line"), (4, "the last frame has no line")])
def test_otb_style_count_refusal_says_what_to_do_and_img_opens(tmp_path, rows, said):
    seq = tmp_path / "Walker"
    _frames(seq / "img", 5)
    _boxes(seq / "groundtruth_rect.txt", rows)
    with pytest.raises(DataError) as err:
        open_sequence(seq)
    text = str(err.value)
    assert "groundtruth_rect.txt" in text and f"has {rows} boxes" in text and said in text, text
    assert ("cut the file to its first 5 lines" in text) == (rows > 5), text
    assert f"open {seq / 'img'} itself" in text, text
    opened = open_sequence(seq / "img")  # the advice holds: the frames open without groundtruth
    assert len(opened) == 5 and opened.groundtruth is None


def test_frames_beside_the_box_file_say_move_it_aside(tmp_path):
    seq = tmp_path / "clip"
    _frames(seq, 4)
    _boxes(seq / "groundtruth.txt", 6)
    with pytest.raises(DataError) as err:
        open_sequence(seq)
    text = str(err.value)
    assert "has 6 boxes but the sequence has 4 frames" in text and "first 4 lines" in text, text
    assert "move the file aside" in text, text
    shutil.move(str(seq / "groundtruth.txt"), str(tmp_path / "groundtruth.txt"))
    assert len(open_sequence(seq)) == 4


def test_json_and_flag_files_say_what_to_do(tmp_path):
    import json

    from workbench.core.data.antiuav import read_label_json
    from workbench.core.data.groundtruth import read_flags

    label = tmp_path / "IR_label.json"
    label.write_text(json.dumps({"exist": [1, 1, 1], "gt_rect": [[1, 2, 3, 4]] * 3}))
    with pytest.raises(DataError, match=r"the last 2 frames have no gt_rect entry; add them \(\[\] where"):
        read_label_json(label, 5)
    flags = tmp_path / "occlusion.label"
    flags.write_text("0\n1\n0\n1\n")
    with pytest.raises(DataError, match="line 4 has no frame .*cut the file to its first 3 lines"):
        read_flags(flags, expect_rows=3)
