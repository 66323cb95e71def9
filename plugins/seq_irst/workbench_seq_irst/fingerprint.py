"""What a training set holds, as one SHA-256: the ``--resume`` check of ``train``.

A resumed training given other ``--data`` (another folder of sequences with the same names, or other frames)
continued on it and finished without a word: one history over two data sets. The checkpoint records the
fingerprint of the data it was trained on (``extra["data"]``) and a resume over other data is refused.

Cheap by design: the bytes of the frame files (or of the video file) are hashed as they are on disk, not
decoded: the six DAUB-layout sequences of the shared data (600 PNG frames, 21 MB) take under 0.1 s. Generated
sequences (no file) are hashed by their decoded frames (small by construction); an implanted copy of a real
sequence by what was drawn (``meta["implant"]``) and its labels, its frames being those of the real sequence,
hashed where it is listed.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

CHUNK = 1 << 20


def _file_bytes(h, path: Path) -> int:
    size = 0
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
            size += len(block)
    return size


def _frame_bytes(h, seq) -> int:
    """Hash the sequence's frames into ``h``; returns the bytes hashed."""
    src = seq.frames
    paths = getattr(src, "paths", None)
    if paths is not None:  # one image file per frame
        size = 0
        for p in paths:
            h.update(Path(p).name.encode() + b"\0")
            size += _file_bytes(h, Path(p))
        return size
    video = getattr(src, "path", None)
    if video is not None and Path(video).is_file():
        return _file_bytes(h, Path(video))
    if seq.path is not None:  # frames made from a real sequence's (an implant): what was drawn is in the header
        return 0
    size = 0
    for i in range(len(seq)):  # generated: nothing on disk
        a = np.ascontiguousarray(seq.frame(i))
        h.update(a.tobytes())
        size += a.nbytes
    return size


def data_fingerprint(dataset) -> dict:
    """``dataset``: [(IRSequence, frame indices or None)] as ``train`` takes it. Names, frame selections, labels
    and frame bytes of every sequence, in order, in one SHA-256; with the counts and the sequences' folders,
    which a refusal names."""
    h, size, frames, sources = hashlib.sha256(), 0, 0, []
    for seq, selected in dataset:
        idx = list(range(len(seq))) if selected is None else [int(i) for i in selected]
        frames += len(idx)
        head = {"name": seq.name, "length": len(seq), "selected": idx,
                "labels": [[(lab.cx, lab.cy, lab.w, lab.h, lab.cls) for lab in labs] for labs in seq.labels],
                "implant": (seq.meta or {}).get("implant")}
        h.update(json.dumps(head, sort_keys=True, default=str).encode() + b"\0")
        size += _frame_bytes(h, seq)
        where = str(Path(seq.path).resolve()) if seq.path is not None else f"generated {seq.name}"
        if where not in sources:
            sources.append(where)
    return {"sequences": len(dataset), "frames": frames, "bytes": size, "sha256": h.hexdigest(), "sources": sources}


def described(fp: dict) -> str:
    """'DIR_A, DIR_B (and 3 more): 4 sequences, 400 frames' for a refusal."""
    src = list(fp.get("sources") or ["?"])
    said = ", ".join(src[:2]) + (f" (and {len(src) - 2} more)" if len(src) > 2 else "")
    n = fp.get("sequences")
    return f"{said}: {n} sequence{'' if n == 1 else 's'}, {fp.get('frames')} frames"


def same_data(before: dict | None, now: dict) -> bool | None:
    """True / False: the recorded fingerprint ``before`` is / is not ``now``'s; None: nothing recorded (a
    checkpoint written before fingerprints)."""
    if not before or not before.get("sha256"):
        return None
    return before["sha256"] == now["sha256"]
