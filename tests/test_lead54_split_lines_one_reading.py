"""Last read: a mask-per-frame set's split lines were read by two rules: ``segment --split`` (``_frame_lines``) took
``images/252/10.png`` as ``252/10``, the sequence sets' and the box scorer's (``frame_line_key``) as ``images/10``;
one rule now: the sequence is the folder holding the frame, or the one above a frames folder (``Mix``, ``images``)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("line, key", [
    ("images/252/10.png", "252/10"), ("Sequence1/images/00001.png", "Sequence1/00001"),
    ("Sequence10/Mix/00001.mat", "Sequence10/00001"), ("a/b/c.png", "b/c"), ("252/10", "252/10"), ("252", "252")])
def test_one_reading_of_a_split_line(line, key):
    from workbench.core.data.sirst import frame_line_key

    assert frame_line_key(line) == key


def test_segment_splits_read_lines_by_it(tmp_path):
    from workbench.core.segment_plain import _frame_lines

    split = tmp_path / "test.txt"
    split.write_text("images/252/10.png\nSequence1/images/00001.png\n252/10\n")
    where = {"252/10": 0, "Sequence1/00001": 1}
    assert _frame_lines(split, where, {"252": [], "Sequence1": []}) == ["252/10", "Sequence1/00001"]
