"""Files written whole or not at all, with the user's normal permissions.

A file is written under a hidden temporary name beside its final one (``.<name>.<random>.tmp``) and renamed over it
when complete: a reader sees the old file or the new one, never half of one, and a failure (a full disk, Ctrl-C)
leaves the old file as it was and no temporary file. The new file gets the permissions a plain ``open()`` would
give it under the user's umask (``-rw-r--r--`` under umask 022), not mkstemp's private 0600.

    atomic_write_text(path, text) / atomic_write_bytes(path, data)    data in memory
    atomic_copy(source, path)                                        a file copied (weights kept as "best")
    copy_bytes(source, tmp)                                          a file copied into a temporary one (a read
                                                                     error names the source, a write error none)
    with atomic_path(path) as tmp: writer(tmp)                       a writer that needs a file name (h5py, numpy,
                                                                     torch.onnx.export)
    staging_folder(folder) / stale_stages(folder)                    a folder written whole (an export's, a video's)
                                                                     beside it, and what a killed one left
    with write_errors(shown, tmp): ...                               a write's OSError said as the write's error of
                                                                     ``shown`` (what the block reads: as it is)

A leaf module (it imports ``errors`` only): the image writers below ``results`` use it as ``results`` does.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
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


def written_here(exc: OSError, *ours: Path) -> bool:
    """Whether ``exc``, raised while a writer wrote ``ours`` (a temporary file, a staging folder), is the write's:
    it names no file (``write()`` on a full disk), or one of ``ours``, a path inside one, or a file named after one
    (``<tmp>.data`` beside it). An error naming another file is what the writer read (a source frame: EIO on a
    network disk): it was said as "<output>: could not be written (Input/output error) ... check the disk", the
    wrong file blamed. A read error that names no file (``read()`` of a file already open: EIO) cannot be told
    from the write's: a block that reads should name its source in it (``hsi_convert.convert``'s frames)."""
    names = [n for n in (exc.filename, exc.filename2) if isinstance(n, (str, bytes, os.PathLike))]
    if not names:
        return True
    mine = [os.path.abspath(p) for p in ours]
    for name in names:
        name = os.path.abspath(os.fsdecode(name))
        if not any(name == p or name.startswith(p + os.sep) or name.startswith(p + ".") for p in mine):
            return False
    return True


@contextmanager
def write_errors(shown: str | Path, *ours: Path, kept: str = KEPT, todo: str = ""):
    """``with write_errors(shown, tmp):`` around a block that writes ``ours`` (a temporary file, a staging folder):
    an OSError that is the write's (``written_here``: a full disk, a quota; "File too large: [Errno 27] File too
    large" was all a command said) becomes ``write_error`` naming ``shown``, with ``kept`` and ``todo`` said; one
    naming another file (what the block reads: a source frame on a failing disk) is raised as it is, naming its
    file. The one rule of ``atomic_path`` and of the folders written whole (``hsi_convert._staged``)."""
    try:
        yield
    except OSError as exc:
        if written_here(exc, *ours):
            raise write_error(shown, exc, kept, todo) from None
        raise


@contextmanager
def atomic_path(path: str | Path, kept: str = KEPT, todo: str = "", shown: str | Path | None = None):
    """``with atomic_path(path) as tmp:`` for a writer that needs a file name: it writes ``tmp`` (a hidden file
    beside ``path``), which gets the user's permissions and is renamed over ``path`` when the block ends; if the
    block fails, ``tmp`` is removed and ``path`` is as it was. An OSError of the write (a full disk, a quota:
    ``written_here``) becomes ``write_error`` naming ``shown`` (default ``path``: the write's own error names no
    file), with ``kept`` and ``todo`` said; one naming another file (what the block reads) is raised as it is.
    A symbolic link to a file is kept (its target is written); a device or pipe is written into."""
    path = Path(path)
    shown = Path(shown) if shown is not None else path
    if path.is_dir():
        raise WorkbenchError(f"{shown}: is a folder; give a file name")
    if is_stream(path):
        try:
            yield path
        except OSError as exc:
            if not written_here(exc, path):
                raise
            raise WorkbenchError(f"{shown}: cannot write here: {exc.strerror or exc}") from None
        return
    target = _link_target(path)
    tmp = _temp_beside(target, shown)
    try:
        with write_errors(shown, Path(tmp), kept=kept, todo=todo):
            yield Path(tmp)
        try:
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, target)
        except OSError as exc:
            raise write_error(shown, exc, kept, todo) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
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


COPY_CHUNK = 1 << 20


def copy_bytes(source: str | Path, tmp: str | Path) -> None:
    """``source``'s bytes written into the file ``tmp`` (made, or emptied first), by read and write: an error reading
    names ``source``; one writing names no file (a full disk: ``written_here`` takes it as the write's), so that
    ``write_errors`` / ``atomic_path`` say it naming the file being written. ``shutil.copyfile`` copies by
    ``os.sendfile``, whose errors it names ``source -> tmp``: a full disk was raised as it was, blaming the source
    and showing the hidden temporary name."""
    with open(source, "rb") as src:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            buf = bytearray(COPY_CHUNK)
            while True:
                try:
                    n = src.readinto(buf)
                except OSError as exc:  # read() names no file: the source's read, said as such
                    raise OSError(exc.errno, exc.strerror, os.fspath(source)) from None
                if not n:
                    break
                view = memoryview(buf)[:n]
                while view:
                    view = view[os.write(fd, view):]
        finally:
            os.close(fd)


def atomic_copy(source: str | Path, path: str | Path, kept: str = KEPT) -> Path:
    """``source`` copied to ``path`` whole or not at all (``atomic_path``): ``shutil.copyfile`` straight onto
    ``path`` truncated the file already there first, so a full disk or a kill mid-copy left half of it (half a
    weights file kept as the best one, half a sequence's original labels). A failed write names ``path``
    (``copy_bytes``); a failed read (``source`` gone, unreadable) names ``source``."""
    with atomic_path(path, kept=kept) as tmp:
        copy_bytes(source, tmp)
    return Path(path)


# --- folders written whole ------------------------------------------------------------------------------------
STAGE_SUFFIX = ".part"
_RANDOM = re.compile(r"[a-z0-9_]{8}")  # mkdtemp's random part


NAME_HEAD = 100  # bytes of the final name in a staging folder's: the whole name and the rest passed 255 bytes


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"


def _pid_space() -> str:
    """Which process ids this process sees: the boot (``boot_id``: a machine of the same host name sharing the
    disk differs) and the PID namespace (two containers of one host name: each sees its own processes), digested
    to 8 hex digits. Without both, a live writer in the other one looked gone (``os.kill``) and its folder was
    removed under it. Empty parts where the system has no such file (not Linux)."""
    parts = []
    for read in (lambda: Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip(),
                 lambda: str(os.stat("/proc/self/ns/pid").st_ino)):
        try:
            parts.append(read())
        except OSError:
            parts.append("")
    return hashlib.sha1("/".join(parts).encode()).hexdigest()[:8]


def _writer_id() -> str:
    """The machine part of a staging folder's name: ``<host>-<pid space>``."""
    return f"{_host()}-{_pid_space()}"


def _head(final: Path) -> str:
    """What a staging folder's name of ``final`` starts with: its first ``NAME_HEAD`` bytes (a name of 240
    characters, 120 of them two bytes, exported before the writer's machine and process went into the name)."""
    return "." + final.name.encode("utf-8", "surrogateescape")[:NAME_HEAD].decode("utf-8", "ignore") + "."


def staging_folder(final: str | Path) -> Path:
    """A new hidden folder beside ``final`` to write it in, renamed into place when whole:
    ``.<name>.<host>-<pid space>.<pid>.<random>.part`` (the name's first ``NAME_HEAD`` bytes). The writer's
    machine and process are in its name, so that a later write of ``final`` can tell a leftover of one that was
    killed (``stale_stages``). Made with the umask's permissions (mkdtemp's own are 0700)."""
    final = Path(final)
    stage = Path(tempfile.mkdtemp(dir=final.parent, prefix=f"{_head(final)}{_writer_id()}.{os.getpid()}.",
                                  suffix=STAGE_SUFFIX))
    os.chmod(stage, DIR_MODE)
    return stage


def _gone(pid: int) -> bool:
    """Whether no process ``pid`` runs on this machine (never guessed: on Windows ``os.kill`` would end it)."""
    if os.name == "nt" or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # another user's process: there
        return False
    return False


def stale_stages(final: str | Path) -> tuple[list[Path], list[Path]]:
    """The staging folders of earlier writes of ``final`` that a killed writer left beside it (SIGKILL, a crash, a
    power cut: nothing could remove them), as (removed, left). A folder of this machine, boot and PID namespace
    whose process is gone (SIGKILL) is removed; one of a process still running, of another machine (a shared disk),
    boot or PID namespace (a container of the same host name: ``_pid_space``) is left. So a folder left by a crash
    or a power cut (the machine restarted: another boot) is never removed here, only named at every write
    (``stale_note``) for the user to delete: it cannot be told from a live writer's on another machine of the same
    host name. One named as earlier versions named theirs (``.<name>.<random>.part``, ``.<name>.part``), whose
    writer cannot be told, is left too: those are for the caller to name.
    Nothing else is touched: another name, a file, a link. (A dead writer's folder of another name with the same
    first ``NAME_HEAD`` bytes is removed too: nothing reads it.)"""
    final = Path(final)
    head = _head(final)
    try:
        with os.scandir(final.parent) as it:
            cands = sorted(e.name for e in it if e.name.startswith(head) and e.name.endswith(STAGE_SUFFIX)
                           and e.is_dir(follow_symlinks=False))
    except OSError:  # no folder there yet
        return [], []
    removed, left, me, whole = [], [], _writer_id(), f".{final.name}."
    for name in cands:
        path = final.parent / name
        # an earlier version's name holds the whole name, however long
        writer = _stage_writer(name[len(whole if name.startswith(whole) else head):-len(STAGE_SUFFIX)])
        if writer is None:
            continue
        host, pid = writer
        if host == me and pid is not None and _gone(pid):
            shutil.rmtree(path, ignore_errors=True)
            (left if path.exists() else removed).append(path)
        else:
            left.append(path)
    return removed, left


def _stage_writer(rest: str) -> tuple[str | None, int | None] | None:
    """(host, pid) of a staging folder's name, less ``.<name>.`` and ``.part``: ``host.pid.random`` (ours; host is
    ``_writer_id``'s, an older one's without ``-<pid space>`` is another machine's), or
    (None, None) for the names of earlier versions (``random``, or nothing); None: not a staging folder's name."""
    parts = rest.split(".")
    if len(parts) == 3 and parts[1].isdigit() and _RANDOM.fullmatch(parts[2]):
        return parts[0], int(parts[1])
    if rest == "" or (len(parts) == 1 and _RANDOM.fullmatch(rest)):
        return None, None
    return None


def stale_note(removed: list[Path], left: list[Path], what: str) -> list[str]:
    """What ``stale_stages`` found, said: ``what`` names the write (\"an export of kcf\")."""
    notes = [f"{p}: removed: the hidden folder of {what} that was killed before it finished (its process is gone)"
             for p in removed]
    notes += [f"{p}: a hidden folder {what} left when it was stopped before it finished (before a restart, or on "
              "another machine sharing this disk), or one still writing: nothing reads it, and it is not removed "
              "for you: delete it once no such command runs" for p in left]
    return notes
