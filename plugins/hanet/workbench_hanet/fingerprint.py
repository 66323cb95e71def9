"""What a training's videos hold, as one SHA-256: the ``--resume`` check of ``train hanet``.

A resumed training given other ``--data`` / ``--corpus`` videos continued on them and finished with exit 0 (the
checkpoint recorded how many videos, never compared). The checkpoint now records ``extra["data"]``: the
fingerprint of the given videos (names, groundtruth and the bytes of their files as they are on disk, not decoded
cubes) and the names of the videos generated into ``--out`` (written by the run itself, they are the same files on
a resume: named, not read again). Hashed and compared by ``workbench.core.training.fingerprint``; files unchanged
since they were last read (path, size, mtime, ctime, inode) are not read again (``DataHash.cached``: its user
cache of the record).
"""
from __future__ import annotations

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


#: the user cache's folder (``results.cache_dir``) of ``DataHash.cached``: one small JSON per state of a data set
CACHE_KIND = "hanet-fingerprints"


def videos_fingerprint(seqs, cache: bool = True) -> dict:
    """Name, frame count, groundtruth and file bytes of every sequence, in order, in one SHA-256 (a file holding
    several videos read once); with the counts and the sequences' paths, which a refusal names.

    ``cache``: files unchanged since they were last read (path, size, mtime, ctime, inode) are not read again
    (``DataHash.cached``: the core's cache, in ``results.cache_dir(CACHE_KIND)``; seconds to minutes on a
    HOT2020-sized corpus at each start); the record is the same either way."""
    h = DataHash.cached(CACHE_KIND) if cache else DataHash()
    sources, seen = [], set()
    for s in seqs:
        h.labels(s.name, len(s), s.groundtruth)
        base = Path(s.path) if s.path is not None else None
        for f in _files(s):
            h.name(f.relative_to(base).as_posix() if base is not None and base in f.parents else f.name)
            if f.resolve() not in seen:
                seen.add(f.resolve())
                h.file(f)
        sources.append(str(Path(s.path).resolve()) if s.path is not None else s.name)
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
