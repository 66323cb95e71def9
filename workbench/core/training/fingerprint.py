"""What a training's data is, as one SHA-256 its checkpoint records (``extra["data"]``), and the ``--resume`` check
against that record. A resumed training given other data (another folder whose files have the same names, other
labels) continued on it and finished with exit 0: one history over two data sets.

Each plugin feeds ``DataHash`` its own list (names, labels, the files' bytes as they are on disk: nothing decoded),
in its own order: the hashes already on record in checkpoints and cross-validation records stay what they were.
``check_same_data`` compares a record with the data given now: the same, none on record (an older checkpoint:
resumed, with a note), or other data (refused, naming both and what to do).
"""
from __future__ import annotations

import hashlib
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
