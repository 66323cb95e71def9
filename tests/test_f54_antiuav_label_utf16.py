"""An Anti-UAV IR_label.json saved as UTF-16 (a Windows tool's "Unicode") was refused as "not a text file"; found by
the session-54 fuzzer's encodings. It is read as box files in UTF-16 are; bytes that are no text stay refused."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from workbench.core.errors import DataError


def _seq(root, encoding="utf-8", raw=None):
    seq = root / "test" / "02_6319_0-1499"
    seq.mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(seq / f"{i + 1:06d}.jpg"), np.full((24, 32), 50, np.uint8))
    text = json.dumps({"exist": [1, 0, 1], "gt_rect": [[2.0, 5.0, 4.0, 2.0], [], [4.0, 5.0, 4.0, 2.0]]})
    (seq / "IR_label.json").write_bytes(raw if raw is not None else text.encode(encoding))
    return seq


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_label_file_in_utf16_or_with_a_bom_reads(tmp_path, encoding):
    from workbench.core.data import open_sequence

    seq = open_sequence(_seq(tmp_path, encoding))
    assert seq.groundtruth[0].tolist() == [2.0, 5.0, 4.0, 2.0] and np.isnan(seq.groundtruth[1]).all()


def test_label_file_of_no_text_is_refused_naming_it(tmp_path):
    from workbench.core.data import open_sequence

    with pytest.raises(DataError) as err:
        open_sequence(_seq(tmp_path, raw=b'{"exist": [1], \xff\xfe\x00"gt_rect": []}'))
    assert "IR_label.json" in str(err.value)
