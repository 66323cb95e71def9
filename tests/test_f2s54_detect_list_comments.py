"""A GOT-10k / VOT ``list.txt`` kept by hand: a ``# comment`` line was listed as a sequence folder that is missing
(an entry whose opening fails), and a list.txt the system refuses to read came out of ``open_dataset`` as the
system's PermissionError, not a DataError naming it. Published lists hold one sequence name a line, none
beginning with '#'. Found by the session-54 fuzzer."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core.errors import DataError


def _got_split(root: Path, names) -> Path:
    split = root / "val"
    for name in names:
        s = split / name
        s.mkdir(parents=True)
        for i in range(3):
            cv2.imwrite(str(s / f"{i + 1:08d}.jpg"), np.full((16, 20, 3), 40 + i, np.uint8))
        (s / "groundtruth.txt").write_text("2,3,5,4\n3,3,5,4\n4,3,5,4\n")
    return split


def test_comment_lines_of_list_txt_are_no_sequences(tmp_path):
    from workbench.core.data import open_dataset

    split = _got_split(tmp_path, ["GOT-10k_Val_000001", "GOT-10k_Val_000002"])
    (split / "list.txt").write_text("# GOT-10k val, two of them\nGOT-10k_Val_000001\n  # the next added later\n"
                                    "GOT-10k_Val_000002\n")
    entries = open_dataset(split, errors="collect")
    assert [e.name for e in entries] == ["GOT-10k_Val_000001", "GOT-10k_Val_000002"]
    assert [e.error for e in entries] == [None, None]


def test_an_unreadable_list_txt_is_a_data_error_naming_it(tmp_path, monkeypatch):
    from workbench.core.data import open_dataset

    split = _got_split(tmp_path, ["GOT-10k_Val_000001"])
    listed = split / "list.txt"
    listed.write_text("GOT-10k_Val_000001\n")
    real = Path.read_bytes

    def refused(self, *a, **k):  # what the system says to a user without read permission (root reads any file)
        if self == listed:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "read_bytes", refused)  # (list.txt is read as bytes, then decoded)
    with pytest.raises(DataError) as err:
        open_dataset(split)
    assert "list.txt" in str(err.value) and "Permission denied" in str(err.value)
