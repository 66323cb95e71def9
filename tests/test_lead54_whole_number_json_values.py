"""``groundtruth.whole_number`` is given JSON values too (COCO's ``category_id``): a list raised TypeError and an
integer too big for a float OverflowError out of it, where every other non-whole value is None; and ``read_text``
called a label or cover file that is a folder or a pipe "not a box file"."""
from __future__ import annotations

import pytest

from workbench.core.data.groundtruth import read_text, whole_number
from workbench.core.errors import DataError


@pytest.mark.parametrize("value", [[1, 2], 10 ** 400, {"a": 1}, None])
def test_json_values_that_are_no_whole_number_are_none(value):
    assert whole_number(value) is None


def test_whole_numbers_still_read():
    assert [whole_number(v) for v in ("3", "3.0", "1e2", 7, 7.0)] == [3, 3, 100, 7, 7]


def test_a_folder_given_as_a_label_file_is_named_so(tmp_path):
    (tmp_path / "data1.txt").mkdir()
    with pytest.raises(DataError) as got:
        read_text(tmp_path / "data1.txt", "label file")
    assert "is a folder, not a label file" in str(got.value)
