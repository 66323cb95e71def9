"""Session 51 leftovers (T1): labels.csv read like the other box files; segment's results of a video named by
its stem; eval's malformed result file said once, as skipped, not also as missing."""
from __future__ import annotations

import pytest

from workbench.core.data.irseq import TARGET, Label, read_labels, write_labels
from workbench.core.errors import DataError


def test_utf16_labels_csv_is_read_and_bad_bytes_are_named(tmp_path):
    labs = [[Label(0, 10.5, 12.25, 3, 3, TARGET)], []]
    utf8 = write_labels(tmp_path / "labels.csv", labs)
    utf16 = tmp_path / "labels16.csv"
    utf16.write_bytes(utf8.read_text(encoding="utf-8").encode("utf-16"))  # Notepad's "Unicode", with its BOM
    assert read_labels(utf16, 2) == labs
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"# caf\xe9\n0,1,2,3,3,target\n")
    with pytest.raises(DataError, match="UTF-8") as exc:
        read_labels(latin, 2)
    assert "latin.csv" in str(exc.value)
