"""Opening a UAV123 frame folder split into sub-sequences: the message says so first and names the
annotation file to open relative to the root, so a long root path does not cut it (it was cut at the
one-line limit inside the example's full path)."""
import numpy as np
import pytest

from workbench.core.data import open_sequence
from workbench.core.errors import DataError


def test_subsequence_message_is_whole_under_a_long_root(tmp_path):
    import cv2

    root = tmp_path / ("a_long_folder_name_as_datasets_get_" * 3) / "UAV123"
    (root / "anno" / "UAV123").mkdir(parents=True)
    for k in (1, 2, 3):
        (root / "anno" / "UAV123" / f"bird1_{k}.txt").write_text("10,20,30,40\n" * 3)
    folder = root / "data_seq" / "UAV123" / "bird1"
    folder.mkdir(parents=True)
    for i in range(1, 10):
        cv2.imwrite(str(folder / f"{i:06d}.jpg"), np.zeros((16, 16, 3), np.uint8))
    with pytest.raises(DataError) as e:
        open_sequence(folder)
    text = str(e.value)
    assert "\n" not in text and "…" not in text, text
    assert "sub-sequences bird1_1" in e.value.problem and "anno/UAV123/bird1_1.txt" in e.value.problem, text
