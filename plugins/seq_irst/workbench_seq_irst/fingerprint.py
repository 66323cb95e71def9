"""What a training set holds, as one SHA-256: the ``--resume`` check of ``train``.

A resumed training given other ``--data`` (another folder of sequences with the same names, or other frames)
continued on it and finished without a word: one history over two data sets. The checkpoint records the
fingerprint of the data it was trained on (``extra["data"]``) and a resume over other data is refused.

Cheap by design: the bytes of the frame files (or of the video file) are hashed as they are on disk, not
decoded: the six DAUB-layout sequences of the shared data (600 PNG frames, 21 MB) take under 0.1 s; a NUDT-MIRSDT
sequence held only as ``Mix/<k>.mat`` stacks by its ``.mat`` files. Generated
sequences (no file) are hashed by their decoded frames (small by construction); an implanted copy of a real
sequence by what was drawn (``meta["implant"]``) and its labels, its frames being those of the real sequence,
hashed where it is listed. Hashed and compared by ``workbench.core.training.fingerprint``.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from workbench.core.training.fingerprint import DataHash, listed


def _frames(h: DataHash, seq) -> None:
    """The sequence's frames into ``h``: its files' bytes, or a generated sequence's pixels."""
    src = seq.frames
    paths = getattr(src, "paths", None)
    if paths is None:  # NUDT-MIRSDT's frames read from Mix/<k>.mat stacks (mirsdt.MixFrames): one file a frame too
        paths = getattr(src, "mat_files", None)
    if paths is not None:  # one image file per frame
        for p in paths:
            h.name(Path(p).name)
            h.file(p)
        return
    video = getattr(src, "path", None)
    if video is not None and Path(video).is_file():
        h.file(video)
        return
    if seq.path is not None:  # frames made from a real sequence's (an implant): what was drawn is in the header
        return
    for i in range(len(seq)):  # generated: nothing on disk
        h.data(np.ascontiguousarray(seq.frame(i)).tobytes())


def data_fingerprint(dataset) -> dict:
    """``dataset``: [(IRSequence, frame indices or None)] as ``train`` takes it. Names, frame selections, labels
    and frame bytes of every sequence, in order, in one SHA-256; with the counts and the sequences' folders,
    which a refusal names."""
    h, frames, sources = DataHash.cached("seq_irst-fingerprints"), 0, []
    for seq, selected in dataset:
        idx = list(range(len(seq))) if selected is None else [int(i) for i in selected]
        frames += len(idx)
        head = {"name": seq.name, "length": len(seq), "selected": idx,
                "labels": [[(lab.cx, lab.cy, lab.w, lab.h, lab.cls) for lab in labs] for labs in seq.labels],
                "implant": (seq.meta or {}).get("implant")}
        h.name(json.dumps(head, sort_keys=True, default=str))
        _frames(h, seq)
        where = str(Path(seq.path).resolve()) if seq.path is not None else f"generated {seq.name}"
        if where not in sources:
            sources.append(where)
    return {"sequences": len(dataset), "frames": frames, "bytes": h.bytes, "sha256": h.sha256, "sources": sources}


def described(fp: dict) -> str:
    """'DIR_A, DIR_B (and 3 more): 4 sequences, 400 frames' for a refusal."""
    n = fp.get("sequences")
    return f"{listed(fp.get('sources') or ['?'])}: {n} sequence{'' if n == 1 else 's'}, {fp.get('frames')} frames"
