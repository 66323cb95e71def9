"""GOT-10k's side files saved as UTF-16 (Notepad's "Unicode"), as the box and flag files are read: a UTF-16
meta_info.ini gave no key (its object / motion class tags dropped without a word) and a UTF-16 cover.label was
refused as "'\\ufffd\\ufffd8' is not a whole number". Found by the session-54 reader fuzzer."""
from __future__ import annotations

import cv2
import numpy as np


def _got(root):
    s = root / "GOT-10k_Val_000001"
    s.mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(s / f"{i + 1:08d}.jpg"), np.full((16, 20, 3), 40 + i, np.uint8))
    (s / "groundtruth.txt").write_text("2,3,5,4\n3,3,5,4\n4,3,5,4\n")
    (s / "absence.label").write_text("0\n0\n0\n")
    return s


def test_utf16_meta_info_and_cover_read_as_utf8(tmp_path):
    from workbench.core.data import open_sequence

    s = _got(tmp_path)
    (s / "meta_info.ini").write_text("[METAINFO]\nobject_class: bird\nmotion_class: flying\n", encoding="utf-16")
    (s / "cover.label").write_text("8\n0\n4\n", encoding="utf-16")
    seq = open_sequence(s)
    assert "object_class: bird" in seq.tags() and "motion_class: flying" in seq.tags()
    assert "full_occlusion" in seq.tags()  # cover 0 on frame 1
    utf8 = open_sequence(_got(tmp_path / "b"))
    assert "object_class: bird" not in utf8.tags()  # no meta_info there: the tag came from the UTF-16 file
