"""One atomic writer (``workbench.core.atomic``) for every file written whole or not at all. ``images.write_image``
hand-rolled its own (mkstemp + os.replace) and left each written frame / mask with mkstemp's private 0600 mode
(other users of a shared results folder could not read them); it also replaced a symbolic link with a file."""
import errno
import os
import stat

import numpy as np
import pytest

from workbench.core import atomic
from workbench.core.errors import WorkbenchError


def _umask_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def test_a_written_image_gets_the_users_permissions(tmp_path):
    from workbench.core.data.images import write_image

    path = tmp_path / "m" / "000001.png"
    write_image(path, np.zeros((8, 8), np.uint8))
    assert stat.S_IMODE(path.stat().st_mode) == _umask_mode() == atomic.FILE_MODE
    assert [p.name for p in path.parent.iterdir()] == ["000001.png"]


def test_a_written_image_keeps_a_link(tmp_path):
    from workbench.core.data.images import read_image, write_image

    real = tmp_path / "real.png"
    write_image(real, np.zeros((4, 4), np.uint8))
    link = tmp_path / "link.png"
    link.symlink_to(real)
    write_image(link, np.full((4, 4), 7, np.uint8))
    assert link.is_symlink() and int(read_image(real).max()) == 7


def test_a_writer_by_name_is_whole_or_nothing(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"old")
    with atomic.atomic_path(path) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".x.bin.")
        tmp.write_bytes(b"new")
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == _umask_mode()
    with pytest.raises(WorkbenchError) as err, atomic.atomic_path(path, kept="the old x is kept") as tmp:
        tmp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert str(err.value).startswith(f"{path}: could not be written ({os.strerror(errno.ENOSPC)}: the disk is full")
    assert "the old x is kept" in str(err.value)
    assert path.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["x.bin"]
