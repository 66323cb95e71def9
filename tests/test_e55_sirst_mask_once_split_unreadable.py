"""``sirst.find_mask`` searched twice (a stat of each pattern's name, then ``MaskFinder``'s listing where none was
there): once, the listing. A split file the system will not read (no permission) came out of ``read_split`` /
``split_lines`` as a PermissionError traceback: a DataError naming the file."""
import os
from pathlib import Path

import pytest

from workbench.core.data import sirst
from workbench.core.data.sirst import find_mask, read_split, split_lines
from workbench.core.errors import DataError


def test_find_mask_lists_the_folder_once_and_stats_no_name(tmp_path, monkeypatch):
    for name in ("a_pixels0.png", "b.png", "c_pixels0.Png"):
        (tmp_path / name).write_bytes(b"")
    scans, stats = [], []
    real_scandir, real_is_file = os.scandir, Path.is_file
    monkeypatch.setattr(sirst.os, "scandir", lambda p: scans.append(p) or real_scandir(p))
    monkeypatch.setattr(Path, "is_file", lambda self: stats.append(self) or real_is_file(self))
    for name, want in (("a", "a_pixels0.png"), ("b", "b.png"), ("c", "c_pixels0.Png"), ("d", None)):
        scans.clear()
        stats.clear()
        got = find_mask(tmp_path, name)
        assert (got.name if got else None) == want, name
        assert len(scans) == 1 and not stats, (name, scans, stats)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its permissions")
def test_an_unreadable_split_file_is_a_data_error_naming_it(tmp_path):
    split = tmp_path / "train.txt"
    split.write_text("a\nb\n")
    split.chmod(0)
    try:
        for read in (read_split, split_lines):
            with pytest.raises(DataError, match="cannot be read") as e:
                read(split)
            assert str(split) in str(e.value)
    finally:
        split.chmod(0o644)


def test_a_split_file_refused_by_the_system_is_a_data_error_naming_it(tmp_path, monkeypatch):
    split = tmp_path / "train.txt"
    split.write_text("a\nb\n")
    real = Path.read_bytes

    def refuse(self):
        if self == split:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    for read in (read_split, split_lines):
        with pytest.raises(DataError, match="cannot be read: Permission denied") as e:
            read(split)
        assert str(split) in str(e.value)
