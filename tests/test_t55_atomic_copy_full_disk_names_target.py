"""atomic.atomic_copy on a full disk: shutil.copyfile copied by os.sendfile, whose error it names 'source -> temp',
so ``written_here`` took it for a read error and let it out as it was: "[Errno 28] No space left on device:
'.../ema_weights.pt' -> '.../.best_weights.pt.xxxx.tmp'", the source blamed and the hidden temporary name shown.
The copy reads and writes itself (``atomic.copy_bytes``): a failed write names the target, a failed read the
source. The disk is filled where the copy writes (os.sendfile / os.write fail), and for real by a file-size
limit (RLIMIT_FSIZE) in a child process."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import REPO, full_disk


def test_full_disk_names_the_target_not_the_source(tmp_path, monkeypatch):
    from workbench.core.atomic import atomic_copy
    from workbench.core.errors import WorkbenchError

    src, dst = tmp_path / "ema_weights.pt", tmp_path / "best_weights.pt"
    src.write_bytes(b"N" * 300_000)
    dst.write_bytes(b"OLD" * 100)
    disk = full_disk(monkeypatch, tmp_path, room=100_000)  # a part goes in, then the disk is full
    with pytest.raises(WorkbenchError) as e:
        atomic_copy(src, dst)
    msg = str(e.value)
    assert msg.startswith(f"{dst}:") and "No space left" in msg and "could not be written" in msg
    assert "ema_weights.pt" not in msg and ".tmp" not in msg
    assert dst.read_bytes() == b"OLD" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["best_weights.pt", "ema_weights.pt"]
    disk.room = 10**9  # room again: the copy is whole
    atomic_copy(src, dst)
    assert dst.read_bytes() == src.read_bytes()


def test_a_source_that_cannot_be_read_is_named(tmp_path):
    """A source refused at its opening (a folder) was named before too: that part guards it. A read that fails
    once the source is open (the kernel's EIO: /proc/self/mem at offset 0, unmapped) gave an error naming no file,
    which ``written_here`` took for the write's: "out.bin: could not be written (Input/output error)", the
    target blamed. ``copy_bytes`` names the source."""
    from workbench.core.atomic import atomic_copy
    from workbench.core.errors import WorkbenchError

    src, dst = tmp_path / "folder_not_file", tmp_path / "out.bin"
    src.mkdir()
    with pytest.raises(OSError) as e:
        atomic_copy(src, dst)
    assert "folder_not_file" in str(e.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder_not_file"]

    mem = "/proc/self/mem"
    try:
        with open(mem, "rb") as f:
            f.read(1)
        pytest.skip(f"{mem} read at offset 0 here: no read error to give")
    except FileNotFoundError:
        pytest.skip(f"no {mem} (not Linux): the read error is not given")
    except PermissionError:
        pytest.skip(f"{mem} cannot be opened here: the read error is not given")
    except OSError:
        pass  # EIO on the read, the file open: what a failing disk gives
    with pytest.raises(OSError) as e:
        atomic_copy(mem, dst)
    assert not isinstance(e.value, WorkbenchError), str(e.value)  # not said as the target's write
    assert mem in str(e.value) and "out.bin" not in str(e.value) and ".tmp" not in str(e.value), str(e.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder_not_file"]


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_a_real_write_refused_by_the_kernel_names_the_target(tmp_path):
    import resource
    import signal

    src, dst = tmp_path / "ema_weights.pt", tmp_path / "best_weights.pt"
    src.write_bytes(b"N" * 200_000)
    dst.write_bytes(b"OLD")
    code = ("from workbench.core.atomic import atomic_copy\n"
            "try:\n"
            f"    atomic_copy({str(src)!r}, {str(dst)!r})\n"
            "except Exception as e:\n"
            "    print(type(e).__name__, e)\n")

    def limit():  # files may grow to 64 KiB: the copy's write fails with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, resource.RLIM_INFINITY))

    p = subprocess.run([sys.executable, "-B", "-c", code], preexec_fn=limit, capture_output=True, text=True,
                       cwd=REPO, timeout=60)
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.startswith(f"WorkbenchError {dst}: could not be written"), p.stdout
    assert "ema_weights.pt" not in p.stdout and ".tmp" not in p.stdout
    assert dst.read_bytes() == b"OLD"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["best_weights.pt", "ema_weights.pt"]
