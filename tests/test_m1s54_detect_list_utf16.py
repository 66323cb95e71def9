"""A GOT-10k / VOT ``list.txt`` saved as UTF-16 (Windows Notepad's "Unicode") was read as UTF-8 with errors
replaced: its names garbled, no listed folder found, and the split listed as holding no sequence. It is read as the
box files are (``groundtruth.decode_text``: UTF-8, or UTF-16 with its BOM). Found in session 54's review."""
from __future__ import annotations

import pytest

from tests.test_f2s54_detect_list_comments import _got_split


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_a_utf16_list_txt_lists_its_sequences(tmp_path, encoding):
    from workbench.core.data import open_dataset

    split = _got_split(tmp_path, ["GOT-10k_Val_000001", "GOT-10k_Val_000002", "GOT-10k_Val_000003"])
    (split / "list.txt").write_text("GOT-10k_Val_000003\nGOT-10k_Val_000001\n", encoding=encoding)
    entries = open_dataset(tmp_path, errors="collect")  # the root above val/: its list.txt says what val/ holds
    assert sorted(e.name for e in entries) == ["GOT-10k_Val_000001", "GOT-10k_Val_000003"]  # 000002 is not listed
    assert [e.error for e in entries] == [None, None]
