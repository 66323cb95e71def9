"""What a training's data is, as one SHA-256 its checkpoint records (``extra["data"]``), and the ``--resume`` check
against that record. A resumed training given other data (another folder whose files have the same names, other
labels) continued on it and finished with exit 0: one history over two data sets.

Each plugin feeds ``DataHash`` its own list (names, labels, the files' bytes as they are on disk: nothing decoded),
in its own order: the hashes already on record in checkpoints and cross-validation records stay what they were.
``DataHash.cached(kind)`` (``CachedDataHash``) gives the same record without reading again the files unchanged
since they were last hashed (seconds to minutes of reading at each start on a big data set).
``check_same_data`` compares a record with the data given now: the same, none on record (an older checkpoint:
resumed, with a note), or other data (refused, naming both and what to do).
"""
from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import numpy as np

CHUNK = 1 << 20


class DataHash:
    """One SHA-256 over what is added to it, in order; ``bytes``: how many bytes of data (files, frames) it read."""

    def __init__(self):
        self._h = hashlib.sha256()
        self.bytes = 0

    def name(self, text: str) -> None:
        """A name, key or header, ended by a NUL (so that "ab" + "c" is not "a" + "bc")."""
        self._h.update(text.encode() + b"\0")

    def labels(self, name: str, length: int, groundtruth) -> None:
        """A sequence's name, frame count and groundtruth boxes (as float64; None: an empty table)."""
        gt = np.ascontiguousarray(groundtruth if groundtruth is not None else np.zeros((0, 4)), np.float64)
        self._h.update(f"{name}\0{length}\0".encode() + gt.tobytes())

    def data(self, raw: bytes) -> None:
        """Bytes that are no file's (a generated frame's pixels), counted in ``bytes``."""
        self._h.update(raw)
        self.bytes += len(raw)

    def file(self, path, sized: bool = False) -> None:
        """The bytes of the file ``path`` as they are on disk, read a block at a time. ``sized``: preceded by their
        count (8 bytes, little-endian), and ``path`` None then stands for an absent file (a count of 0)."""
        if sized:
            raw = Path(path).read_bytes() if path is not None else b""
            self._h.update(len(raw).to_bytes(8, "little"))
            self.data(raw)
            return
        with open(path, "rb") as f:
            while block := f.read(CHUNK):
                self.data(block)

    @property
    def sha256(self) -> str:
        return self._h.hexdigest()

    @staticmethod
    def cached(kind: str) -> "CachedDataHash":
        """A ``DataHash`` whose files are not read again while they are unchanged: ``CachedDataHash(kind)``, the
        same record (``sha256``, ``bytes``) as this class gives for the same calls."""
        return CachedDataHash(kind)


# --- the cache: files unchanged since they were last hashed are not read again ------------------------------
#: a file changed this recently when the hash began is not cached: a rewrite of the same size within the file
#: system's timestamp resolution would leave its stat as it was ("racy" entries, as git's index calls them)
RACY_NS = 2 * 10**9
#: the same for a file's ctime (a rewrite that puts the mtime back still moves it), at the kernel's timestamp tick
#: (a jiffy: 10 ms at most) rather than 2 s: files whose mtime was set back (copies, unpacked archives) have a
#: fresh ctime. A file whose ctime is this recent when its read ends is waited out (at most this long) before the
#: stat the entry is written under is taken, so a later rewrite falls in a later tick and shows; when the clock
#: does not pass it (a file system's clock ahead of this one), the entry is not written.
RACY_CTIME_NS = 20 * 10**6
CACHE_KEEP = 256  # entries kept per kind (the least recently used dropped beyond it: a hit touches its entry)
_KEY_VERSION = "workbench cached DataHash 1"  # a change of what the key holds makes every cached entry miss


class CachedDataHash:
    """``DataHash``'s calls (``name``, ``labels``, ``data``, ``file``) recorded in order and hashed when ``sha256``
    or ``bytes`` is first read: from the user cache (``results.cache_dir(kind)``, one small JSON per state of a
    data set, safe to delete) when every file's stat is as it was when they were last read, else by a
    ``DataHash`` fed the same calls (every file read), then cached. The record is the same either way: a training
    started before the cache resumes over the same data; a checkpoint's record stays comparable.

    The key: the calls with each file's resolved path, size, mtime, ctime, inode and device in place of its bytes
    (a file rewritten with its mtime put back still changes its ctime). Not cached: a file changed in the
    ``RACY_NS`` before the hash began (its ctime: in the ``RACY_CTIME_NS`` before its read ended, waited out),
    files changed while they were read, a set of calls that reads no file
    (nothing to save). ``data(raw)`` is kept until the hash is taken (generated frames: in memory already)."""

    def __init__(self, kind: str):
        self.kind = kind
        self._steps: list = []
        self._done: DataHash | None = None

    def _add(self, step) -> None:
        self._steps.append(step)
        self._done = None

    def name(self, text: str) -> None:
        self._add(("name", text))

    def labels(self, name: str, length: int, groundtruth) -> None:
        gt = None if groundtruth is None else np.array(groundtruth, np.float64)  # a copy: the caller's may change
        self._add(("labels", (name, length, gt)))

    def data(self, raw: bytes) -> None:
        self._add(("data", bytes(raw)))

    def file(self, path, sized: bool = False) -> None:
        self._add(("file", (path, bool(sized))))

    @property
    def sha256(self) -> str:
        return self._hashed().sha256

    @property
    def bytes(self) -> int:
        return self._hashed().bytes

    def _replay(self, h: DataHash) -> DataHash:
        for step, what in self._steps:
            if step in ("file", "labels"):
                getattr(h, step)(*what)
            else:
                getattr(h, step)(what)
        return h

    def _key(self) -> tuple[str, int, int]:
        """SHA-256 of the calls with the files' stat in place of their bytes, and the newest mtime and the newest
        ctime among them (ns). OSError: a file gone or unreadable (reading it says which)."""
        k, newest, newest_c = DataHash(), 0, 0
        k.name(_KEY_VERSION)
        for step, what in self._steps:
            k.name(step)
            if step == "file":
                path, sized = what
                if path is None:
                    k.name(f"absent\0{sized}")
                    continue
                st = Path(path).stat()
                newest, newest_c = max(newest, st.st_mtime_ns), max(newest_c, st.st_ctime_ns)
                k.name(f"{Path(path).resolve()}\0{sized}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0"
                       f"{st.st_ino}\0{st.st_dev}")
            elif step == "labels":
                k.labels(*what)
            elif step == "data":
                k.data(what)
            else:
                k.name(what)
        return k.sha256, newest, newest_c

    def _hashed(self) -> DataHash:
        if self._done is not None:
            return self._done
        from workbench.core.results import cache_dir

        folder = cache_dir(self.kind) if any(step == "file" for step, _ in self._steps) else None
        key = None
        if folder is not None:
            began = time.time_ns()
            try:
                key, newest, newest_c = self._key()
            except OSError:
                key = None  # a file gone or unreadable: reading it below says which
            if key is not None:
                entry = folder / f"{key}.json"
                rec = _cached_entry(entry)
                if rec is not None:
                    _touch(entry)
                    self._done = _Record(rec["sha256"], rec["bytes"])
                    return self._done
                if newest > began - RACY_NS:
                    key = None
        if key is not None:
            wait = newest_c + RACY_CTIME_NS - time.time_ns()
            if wait > 0:  # changed within the ctime tick: wait it out BEFORE reading (see RACY_CTIME_NS), so that a
                # rewrite after the read cannot share the key's ctime tick (R3: waited after the read, it could)
                time.sleep(min(wait, RACY_CTIME_NS) / 1e9)
                try:
                    key = key if self._key()[0] == key else None
                except OSError:
                    key = None
        h = self._replay(DataHash())
        if key is not None:
            try:
                unchanged = (newest_c <= time.time_ns() - RACY_CTIME_NS
                             and self._key()[0] == key)  # and not written to while it was read
            except OSError:
                unchanged = False
            if unchanged:
                _keep_entry(folder, key, {"sha256": h.sha256, "bytes": h.bytes, "version": _KEY_VERSION})
        self._done = h
        return h


class _Record:
    """A cached ``DataHash``'s result: ``sha256`` and ``bytes``."""

    def __init__(self, sha256: str, n: int):
        self.sha256, self.bytes = sha256, n


def _cached_entry(path: Path) -> dict | None:
    try:
        rec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(rec, dict):
        return None
    sha, n = rec.get("sha256"), rec.get("bytes")
    ok = isinstance(sha, str) and len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)
    return {"sha256": sha, "bytes": n} if ok and isinstance(n, int) and not isinstance(n, bool) and n >= 0 else None


def _touch(entry: Path) -> None:
    """A cache hit marks its entry used now (eviction drops the least recently used); best effort."""
    try:
        entry.touch()
    except OSError:
        pass


def _keep_entry(folder: Path, key: str, rec: dict) -> None:
    """Write the entry (atomically) and drop the least recently used (written or hit) beyond ``CACHE_KEEP``; a
    cache that cannot be written is no cache (the next start reads the files again), never an error."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.results import atomic_write_text

    try:
        atomic_write_text(folder / f"{key}.json", json.dumps(rec) + "\n")
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:max(len(entries) - CACHE_KEEP, 0)]:
            old.unlink(missing_ok=True)
    except (OSError, WorkbenchError):
        pass


def listed(items, shown: int = 2) -> str:
    """'A, B (and 3 more)': the first ``shown`` of ``items`` for a message."""
    items = [str(i) for i in items]
    return ", ".join(items[:shown]) + (f" (and {len(items) - shown} more)" if len(items) > shown else "")


def same_data(before: dict | None, now: dict) -> bool | None:
    """True / False: the recorded fingerprint ``before`` is / is not ``now``'s; None: nothing recorded (a
    checkpoint or record written before fingerprints)."""
    if not isinstance(before, dict) or not before.get("sha256"):
        return None
    return before["sha256"] == now["sha256"]


def check_same_data(path, before: dict | None, now: dict, *, kind: str, described, todo: str,
                    what: str = "this training", noun: str | None = None, log=None, same=same_data) -> bool | None:
    """A resume over other data than ``path`` records (``before``; ``now``: the data given), refused naming both
    (``described(fingerprint)``, ``kind``: "images", "videos" ...) and saying what to do (``todo``); True when it
    is the same data; None when nothing is on record, said in ``log`` (when given) as a note: the data given now
    is recorded from then on. ``same(before, now)``: the comparison (``same_data``)."""
    verdict = same(before, now)
    if verdict is False:
        from workbench.core.errors import WorkbenchError

        was, given = described(before), described(now)
        if was == given:  # the same names and counts: said twice, it read as no difference at all
            given = "the same names, other contents: frames or labels changed"
        raise WorkbenchError(f"{path}: {what} was started on other {kind} ({was}) than this run's ({given}): {todo}")
    if verdict is None and log is not None:
        log(f"note: {path} was written before {noun or 'training ' + kind} were fingerprinted: the {kind} given "
            "now are not checked against those it started on; they are recorded from here on")
    return verdict
