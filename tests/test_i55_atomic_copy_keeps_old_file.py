"""atomic.atomic_copy: a copy that fails mid-write (a full disk) leaves the file already at the target as it was,
no half file and no hidden temporary file, and says the target's name; shutil.copyfile straight onto the target
(how seq_irst kept its EMA weights as best_weights.pt) truncated the old file first and left half of the new one."""
from __future__ import annotations

import pytest

from tests.helpers import full_disk


def test_failed_copy_keeps_the_old_file_and_names_it(tmp_path, monkeypatch):
    from workbench.core.atomic import atomic_copy
    from workbench.core.errors import WorkbenchError

    src, dst = tmp_path / "ema_weights.pt", tmp_path / "best_weights.pt"
    src.write_bytes(b"N" * 1000)
    dst.write_bytes(b"OLD" * 100)
    full_disk(monkeypatch, tmp_path, room=500)  # half the copy goes in, then the disk is full
    with pytest.raises(WorkbenchError) as e:
        atomic_copy(src, dst)
    assert str(dst) in str(e.value) and "No space left" in str(e.value)
    assert dst.read_bytes() == b"OLD" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["best_weights.pt", "ema_weights.pt"]


def test_copy_replaces_whole_and_a_missing_source_names_the_source(tmp_path):
    from workbench.core.atomic import atomic_copy

    src, dst = tmp_path / "a.bin", tmp_path / "sub" / "b.bin"
    src.write_bytes(bytes(range(256)) * 4)
    assert atomic_copy(src, dst) == dst and dst.read_bytes() == src.read_bytes()
    with pytest.raises(OSError) as e:
        atomic_copy(tmp_path / "gone.bin", dst)
    assert "gone.bin" in str(e.value)
    assert dst.read_bytes() == src.read_bytes()
    assert sorted(p.name for p in dst.parent.iterdir()) == ["b.bin"]
