"""Which labelled sequences and frames a command works on: the ``--sequence`` / ``--data`` folders and
``--frames START:END`` ranges shared by ``detect``, ``train`` and the workflow (kept apart from both
so that neither command module imports the other for them)."""
from __future__ import annotations

from workbench.core.errors import WorkbenchError


def open_many(paths) -> list:
    from workbench.core.data.irseq import list_irseq, open_irseq

    seqs = []
    for p in paths:
        found = list_irseq(p)
        if not found:
            raise WorkbenchError(f"{p}: no labelled sequence here (frames/ with labels.csv or anno_xy.txt, "
                                 f"or a video)")
        seqs += [open_irseq(f) for f in found]
    return seqs


def frame_range(text: str | None) -> slice | None:
    if not text:
        return None
    try:
        a, b = text.split(":")
        return slice(int(a) if a else None, int(b) if b else None)
    except ValueError:
        raise WorkbenchError(f"frame range must be START:END, got {text!r}") from None
