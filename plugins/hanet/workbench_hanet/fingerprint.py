"""What a training's videos hold, as one SHA-256: the ``--resume`` check of ``train hanet``.

A resumed training given other ``--data`` / ``--corpus`` videos continued on them and finished with exit 0 (the
checkpoint recorded how many videos, never compared). The checkpoint now records ``extra["data"]``: the
fingerprint of the given videos (names, groundtruth and the bytes of their files as they are on disk, not decoded
cubes) and the names of the videos generated into ``--out`` (written by the run itself, they are the same files on
a resume: named, not read again). Hashed and compared by ``workbench.core.training.fingerprint``; files unchanged
since they were last read (path, size, mtime, ctime, inode) are not read again (a user cache of the record).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from workbench.core.training.fingerprint import DataHash, listed, same_data


def _files(seq) -> list[Path]:
    """The files a sequence's frames come from: one per frame, or its video / cube file (an ENVI header with its
    data file: every file of its stem beside it), or every file under its folder."""
    paths = getattr(seq.frames, "paths", None)
    if paths is not None:
        return [Path(p) for p in paths]
    if seq.path is None:
        return []
    p = Path(seq.path)
    if p.is_file():
        return sorted(f for f in p.parent.glob(p.stem + ".*") if f.is_file()) or [p]
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file())
    return []


def _plan(seqs) -> tuple[list, list[str]]:
    """What the fingerprint reads, in its order: ("labels", (name, frames, groundtruth)), ("name", text) and
    ("file", path) steps (a file holding several videos once); and the sequences' sources, which a refusal names."""
    plan, sources, seen = [], [], set()
    for s in seqs:
        plan.append(("labels", (s.name, len(s), s.groundtruth)))
        base = Path(s.path) if s.path is not None else None
        for f in _files(s):
            plan.append(("name", f.relative_to(base).as_posix() if base is not None and base in f.parents else f.name))
            if f.resolve() in seen:  # a file holding several videos: read once
                continue
            seen.add(f.resolve())
            plan.append(("file", f))
        sources.append(str(Path(s.path).resolve()) if s.path is not None else s.name)
    return plan, sources


def _hashed(plan, file, h: DataHash | None = None) -> DataHash:
    """``plan`` into ``h`` (a new ``DataHash``), each file step through ``file(h, path)``."""
    h = h if h is not None else DataHash()
    for step, what in plan:
        if step == "labels":
            h.labels(*what)
        elif step == "name":
            h.name(what)
        else:
            file(h, what)
    return h


# --- the cache: unchanged files are not read again at each start ---------------------------------------------
#: the user cache's folder (``results.cache_dir``): one small JSON per state of a data set, safe to delete
CACHE_KIND = "hanet-fingerprints"
CACHE_KEEP = 256  # entries kept (the oldest dropped beyond it)
#: a file changed this recently when the hash began is not cached: a rewrite of the same size within the file
#: system's timestamp resolution would leave its stat as it was ("racy" entries, as git's index calls them)
RACY_NS = 2 * 10**9
_VERSION = "hanet videos_fingerprint 1"  # a change of what the record hashes makes every cached entry miss


def _stat_key(plan) -> tuple[str, int]:
    """SHA-256 of the plan with each file's resolved path, size, mtime, ctime, inode and device in place of its
    bytes (the labels and names as they are), and the newest mtime among the files (ns). A file rewritten with its
    mtime put back still changes its ctime. OSError: a file gone or unreadable (the hash says which)."""
    newest = 0

    def stat(h, path):
        nonlocal newest
        st = Path(path).stat()
        newest = max(newest, st.st_mtime_ns)
        h.name(f"{Path(path).resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\0{st.st_dev}")

    h = DataHash()
    h.name(_VERSION)
    return _hashed(plan, stat, h).sha256, newest


def _cached(path: Path) -> dict | None:
    try:
        rec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(rec, dict):
        return None
    sha, n = rec.get("sha256"), rec.get("bytes")
    ok = isinstance(sha, str) and len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)
    return {"sha256": sha, "bytes": n} if ok and isinstance(n, int) and n >= 0 else None


def _keep(folder: Path, key: str, rec: dict) -> None:
    """Write the entry (atomically) and drop the oldest beyond ``CACHE_KEEP``; a cache that cannot be written
    is no cache (the next start reads the files again), never an error."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.results import atomic_write_text

    try:
        atomic_write_text(folder / f"{key}.json", json.dumps(rec) + "\n")
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:max(len(entries) - CACHE_KEEP, 0)]:
            old.unlink()
    except (OSError, WorkbenchError):
        pass


def videos_fingerprint(seqs, cache: bool = True) -> dict:
    """Name, frame count, groundtruth and file bytes of every sequence, in order, in one SHA-256; with the counts
    and the sequences' paths, which a refusal names.

    ``cache``: the SHA-256 and byte count of files whose stat (``_stat_key``) is as it was when they were last read
    are taken from the user cache (``results.cache_dir(CACHE_KIND)``) instead of reading every byte again (seconds
    to minutes on a HOT2020-sized corpus at each start); the record is the same either way."""
    from workbench.core.results import cache_dir

    plan, sources = _plan(seqs)
    folder = cache_dir(CACHE_KIND) if cache else None
    key = None
    if folder is not None:
        began = time.time_ns()
        try:
            key, newest = _stat_key(plan)
        except OSError:
            key = None  # a file gone or unreadable: reading it below says which
        if key is not None:
            rec = _cached(folder / f"{key}.json")
            if rec is not None:
                return {"videos": len(seqs), "bytes": rec["bytes"], "sha256": rec["sha256"], "sources": sources}
            if newest > began - RACY_NS:
                key = None
    h = _hashed(plan, lambda h, p: h.file(p))
    if key is not None:
        try:
            unchanged = _stat_key(plan)[0] == key  # not written to while it was read
        except OSError:
            unchanged = False
        if unchanged:
            _keep(folder, key, {"sha256": h.sha256, "bytes": h.bytes, "version": _VERSION})
    return {"videos": len(seqs), "bytes": h.bytes, "sha256": h.sha256, "sources": sources}


def described(rec: dict) -> str:
    """'A, B (and 3 more): 5 given videos, 2 generated' for a refusal."""
    given = rec.get("given") or {}
    src = list(given.get("sources") or [])
    said = f"{listed(src)}: " if src else ""
    return f"{said}{given.get('videos', 0)} given videos, {len(rec.get('generated') or [])} generated"


def same_videos(before: dict | None, now: dict) -> bool | None:
    """True / False: the recorded ``before`` is / is not ``now`` (the given videos and the names generated); None:
    nothing recorded (an older checkpoint)."""
    same = same_data(before.get("given") if isinstance(before, dict) else None, now["given"])
    if same is None:
        return None
    return same and list(before.get("generated") or []) == list(now["generated"])
