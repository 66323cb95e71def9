"""Which labelled sequences and frames a command works on: the ``--sequence`` / ``--data`` folders and
``--frames START:END`` ranges shared by ``detect``, ``train`` and the workflow (kept apart from both
so that neither command module imports the other for them)."""
from __future__ import annotations

from workbench.core.errors import WorkbenchError


def open_many(paths) -> list:
    from workbench_seq_irst.runs import list_sequences, open_seq

    seqs = []
    for p in paths:
        found = list_sequences(p)
        if not found:
            raise WorkbenchError(f"{p}: no labelled sequence here (frames/ + labels.csv or anno_xy.txt, "
                                 f"a video, or YOLO images/ + labels/)")
        seqs += [open_seq(f) for f in found]
    return seqs


def frame_range(text: str | None) -> slice | None:
    if not text:
        return None
    try:
        a, b = text.split(":")
        return slice(int(a) if a else None, int(b) if b else None)
    except ValueError:
        raise WorkbenchError(f"frame range must be START:END, got {text!r}") from None
