"""Last read: NUDT-MIRSDT's split files (``train.txt`` / ``test.txt``, which tag each sequence with its split) were
read as UTF-8 only, where every other split file is decoded as box files are (UTF-16 with its BOM, a UTF-8 BOM):
a Notepad-saved ``test.txt`` tagged nothing; and ``lstrip("./")`` took a name's own leading dots."""
from __future__ import annotations

from workbench.core.data import mirsdt_dirs


def test_utf16_and_bom_split_files_tag_their_sequences(tmp_path):
    (tmp_path / "test.txt").write_text("Sequence10/Mix/00001.mat\nSequence10/Mix/00002.mat\n", encoding="utf-16")
    (tmp_path / "train.txt").write_bytes("\ufeff./Sequence2/Mix/00001.mat\n..odd/Mix/00001.mat\n".encode("utf-8"))
    got = mirsdt_dirs.splits_of(tmp_path)
    assert got == {"Sequence10": "test", "Sequence2": "train", "..odd": "train"}
