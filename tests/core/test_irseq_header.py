"""DAUB anno_xy.txt with a header line ('x<TAB>y', 'x,y'): read as labels.csv's header is, skipped; the first
line only (tiny files in tmp_path)."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.errors import DataError


@pytest.mark.parametrize("header", ["x\ty", "x,y", "X Y"])
def test_a_header_line_is_skipped(tmp_path, header):
    """It was refused as "not a number in 'x\\ty'"; its points are the same frames' as without it."""
    from workbench.core.data.irseq import read_daub

    body = "3\t4\n\n5,6\n"
    plain, with_head = tmp_path / "plain.txt", tmp_path / "anno_xy.txt"
    plain.write_text(body)
    with_head.write_text(header + "\n" + body)
    w0, u0, w1, u1 = [], [], [], []
    a = read_daub(plain, 4, 3.0, w0, u0)
    b = read_daub(with_head, 4, 3.0, w1, u1)
    assert [[(lab.frame, lab.cx, lab.cy) for lab in f] for f in b] == [[(0, 3.0, 4.0)], [], [(2, 5.0, 6.0)], []]
    assert a == b and u0 == u1 == [3]
    # the file's line numbers, frames counted after the header
    assert any("3 label lines for 4 frames" in w for w in w1)
    assert any("blank line(s) inside the list (first: line 3)" in w for w in w1)


def test_only_the_first_line_is_a_header(tmp_path):
    from workbench.core.data.irseq import read_daub

    f = tmp_path / "anno_xy.txt"
    f.write_text("x\ty\n1\t2\nx\ty\n")
    with pytest.raises(DataError, match=r"line 3: not a number in 'x\\ty'"):
        read_daub(f, 5)
    f.write_text("1\tz\n")  # a number in it: a label line with a typo, not a header
    with pytest.raises(DataError, match=r"line 1: not a number"):
        read_daub(f, 5)
    f.write_text("nan\tnan\n1\t2\n")  # a frame without target, not a header
    assert [len(x) for x in read_daub(f, 2)] == [0, 1]
    f.write_text("x\ty\n1\t2\n3\t4\n")  # more label lines than frames: counted without the header
    with pytest.raises(DataError, match=r"line 3: 2 label lines for 1 frames"):
        read_daub(f, 1)


def test_a_sequence_folder_with_a_header(tmp_path):
    from workbench.core.data.images import write_image
    from workbench.core.data.irseq import open_irseq

    for i in range(3):
        write_image(tmp_path / "s" / "frames" / f"{i + 1:04d}.png", np.full((8, 8), 10 * i, np.uint8))
    (tmp_path / "s" / "anno_xy.txt").write_text("x,y\n1,2\n3,4\n5,6\n")
    seq = open_irseq(tmp_path / "s")
    assert seq.labelled and [(lab.cx, lab.cy) for f in seq.labels for lab in f] == [(1, 2), (3, 4), (5, 6)]
    assert not seq.meta["warnings"] and not seq.meta["unlabelled_frames"]
