"""Files written whole or not at all, with the user's normal permissions.

A file is written under a hidden temporary name beside its final one (``.<name>.<random>.tmp``) and renamed over it
when complete: a reader sees the old file or the new one, never half of one, and a failure (a full disk, Ctrl-C)
leaves the old file as it was and no temporary file. The new file gets the permissions a plain ``open()`` would
give it under the user's umask (``-rw-r--r--`` under umask 022), not mkstemp's private 0600.

    atomic_write_text(path, text) / atomic_write_bytes(path, data)    data in memory
    with atomic_path(path) as tmp: writer(tmp)                       a writer that needs a file name (h5py, numpy,
                                                                     torch.onnx.export)

A leaf module (it imports ``errors`` only): the image writers below ``results`` use it as ``results`` does.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from workbench.core.errors import WorkbenchError, write_error

KEPT = "nothing was replaced (a file already there is as it was)"


def _read_umask() -> int:
    """The process umask, read once. ``os.umask`` can only be read by setting it, so it is set and
    restored at once, here at import (before any writer thread), never while files are written."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
FILE_MODE = 0o666 & ~_UMASK  # what open() would give a new file: mkstemp makes it 0600
DIR_MODE = 0o777 & ~_UMASK  # what mkdir() would give a new folder: mkdtemp makes it 0700


def is_stream(path: str | Path) -> bool:
    """``path`` is a device, a named pipe or a socket (``/dev/null``, ``/dev/stdout``, a FIFO), or any path under
    ``/dev`` or ``/proc``: written into as it is, never replaced by a file (renaming a file over ``/dev/null``
    as root would replace the device)."""
    path = Path(path)
    parts = path.absolute().parts
    return (len(parts) > 1 and parts[1] in ("dev", "proc")) or (path.exists() and not path.is_file()
                                                                and not path.is_dir())


def _link_target(path: Path) -> Path:
    """Where writing ``path`` goes: a symbolic link to a file is kept and its target written; any other path
    (a dangling link, a loop of links) is replaced as any path would be."""
    try:
        target = path.resolve() if path.is_symlink() else None
    except (OSError, RuntimeError):  # a loop of links
        target = None
    return target if target is not None and target.is_file() else path


def _temp_beside(path: Path, shown: Path) -> str:
    """A new empty hidden file in ``path``'s folder (made if missing); ``shown`` is the name errors give."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except (FileExistsError, NotADirectoryError):
        above = next((p for p in (path.parent, *path.parent.parents) if p.exists() and not p.is_dir()), path.parent)
        raise WorkbenchError(f"{shown}: cannot write here: {above} is a file, not a folder") from None
    except OSError as exc:  # no permission, a read-only or full file system
        raise WorkbenchError(f"{shown}: cannot write here: {exc.strerror or exc}") from None
    os.close(fd)
    return tmp


@contextmanager
def atomic_path(path: str | Path, kept: str = KEPT, todo: str = "", shown: str | Path | None = None):
    """``with atomic_path(path) as tmp:`` for a writer that needs a file name: it writes ``tmp`` (a hidden file
    beside ``path``), which gets the user's permissions and is renamed over ``path`` when the block ends; if the
    block fails, ``tmp`` is removed and ``path`` is as it was. An OSError (a full disk, a quota) becomes
    ``write_error`` naming ``shown`` (default ``path``: the write's own error names no file), with ``kept`` and
    ``todo`` said. A symbolic link to a file is kept (its target is written); a device or pipe is written into."""
    path = Path(path)
    shown = Path(shown) if shown is not None else path
    if path.is_dir():
        raise WorkbenchError(f"{shown}: is a folder; give a file name")
    if is_stream(path):
        try:
            yield path
        except OSError as exc:
            raise WorkbenchError(f"{shown}: cannot write here: {exc.strerror or exc}") from None
        return
    target = _link_target(path)
    tmp = _temp_beside(target, shown)
    try:
        yield Path(tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):  # "File too large: [Errno 27] File too large" was all a command said
            raise write_error(shown, exc, kept, todo) from None
        raise


def _atomic_write(path: str | Path, data, mode: str) -> Path:
    """``data`` written to ``path`` whole or not at all (``atomic_path``); ``mode`` "w" (text, UTF-8, ``\\n``
    line ends) or "wb"."""
    text_kw = {"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {}
    with atomic_path(path) as tmp:
        with open(tmp, mode, **text_kw) as f:
            f.write(data)
    return Path(path)


def atomic_write_text(path: str | Path, text: str) -> Path:
    return _atomic_write(path, text, "w")


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    return _atomic_write(path, data, "wb")
