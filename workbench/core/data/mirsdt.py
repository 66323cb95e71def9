"""NUDT-MIRSDT as published (layout ``mirsdt``): multi-frame IR small targets, a folder per sequence::

    ROOT/Sequence<n>/images/00001.png ...          the frames (8-bit gray, 5-digit 1-based numbers)
    ROOT/Sequence<n>/masks/00001.png ...           one binary mask per frame, named as its frame
    ROOT/Sequence<n>/masks_centroid/00001.png ...  the targets' centroid pixels (the point-supervised label)
    ROOT/Sequence<n>/Mix/00001.mat ...             MATLAB stacks ``Mix`` of the frames up to this one
    ROOT/train.txt, ROOT/test.txt                  one frame a line: ``Sequence<n>/Mix/00001.mat``

Established from the authors' loaders: TinaLRJ/Multi-frame-infrared-small-target-detection-DTUM
``MIRSDTDataLoader.py`` (``root + 'train.txt'``, ``scipy.io.loadmat`` of ``Sequence<n>/Mix/<k>.mat``, variable
``Mix``, the last five frames of its first axis taken; the label ``.png`` beside it with ``Mix`` replaced by
``masks`` / ``masks_centroid``) and ``dataset/NUDT-MIRSDT/test.txt``; TinaLRJ/DeepPro
``data_utils/TestDataLoader.py`` (``<root>/<seq>/images`` + ``<root>/<seq>/masks``, ``masks_centroid`` beside
them, sequence names the first part of ``test.txt``'s lines). LMAFormer and the other multi-frame loaders
rearrange the set as ``images/<seq>`` + ``masks/<seq>``: that form is ``maskseq``'s.

A sequence is ``ROOT/Sequence<n>``, its frames ``images/`` in natural order. A folder is taken for one on the set's
own evidence: ``masks/`` with ``masks_centroid/`` or ``Mix/``, and ``Mix/``, a ``Sequence<n>`` name or its parent's
split file naming it; one with a single-frame SIRST set's split folder (``50_50/``, ``idx_427/``, ``img_idx/``,
``splits/``) never: LESPS (CVPR2023ID6230/LESPS ``utils/dataset.py``) prepares NUAA-SIRST / NUDT-SIRST / IRSTD-1k
for point supervision as ``images/`` + ``masks/`` + ``masks_centroid/`` + ``50_50/train.txt``, a set of unrelated
images (``masks``'s). A sequence's targets are read from ``masks/`` as ``maskseq`` reads them (every 8-connected
mask component a target at its centroid, the largest component's bounding box the groundtruth; masks read when a
frame's targets are first asked for); the split file whose lines name the sequence tags it (``meta["split"]``:
``train`` / ``test``). Its frames are ``images/``; a copy without ``images/`` (DTUM's loader needs only ``Mix/`` and
the masks) is read from ``Mix/<k>.mat``: frame ``k`` is the last of that file's ``Mix`` stack (first axis the frames
up to ``k``, as the loaders take its last five), read by ``matfile`` (MAT v5-v7 as ``loadmat`` writes them, v7.3
through h5py; scipy is no dependency), a float stack of whole numbers in 0..255 (0..65535) read as 8-bit (16-bit)
frames.
"""
from __future__ import annotations

import os
from pathlib import Path

from workbench.core.data.images import list_frames, natural_key
from workbench.core.data.mirsdt_dirs import (  # the folder tests (a module of their own), named here as before
    CENTROIDS, IMAGES, MASKS, MIX, NAME, SEQUENCE_NAME, SIRST_SPLIT_DIRS, SPLIT_FILES, _is_dir, _marked, probe,
    sequence_paths, splits_of)
from workbench.core.data.sequence import ImageFiles, Sequence
from workbench.core.errors import DataError

__all__ = ["CENTROIDS", "IMAGES", "MASKS", "MIX", "NAME", "SEQUENCE_NAME", "SIRST_SPLIT_DIRS", "SPLIT_FILES",
           "MixFrames", "list_root", "mat_files", "open", "probe", "sequence_paths", "splits_of"]


def open(path: Path) -> Sequence:  # noqa: A001 - the layout protocol's name
    from workbench.core.data.maskseq import mask_labelled

    path = Path(path).absolute()
    if not _marked(path):
        raise DataError(path, f"expected a NUDT-MIRSDT sequence folder: {IMAGES}/ and {MASKS}/ with {CENTROIDS}/ "
                              f"or {MIX}/ beside them, named Sequence<n> or holding {MIX}/ or named in its "
                              f"parent's train.txt / test.txt, and no {' / '.join(SIRST_SPLIT_DIRS)} split "
                              "folder (a single-frame SIRST set's)")
    frames_dir = path / IMAGES
    if _is_dir(frames_dir):
        files, warnings = list_frames(frames_dir)
        if not files:
            raise DataError(frames_dir, "holds no frames")
        frames = ImageFiles(files)
    else:
        frames_dir = path / MIX
        files, warnings = mat_files(frames_dir), []
        if not files:
            raise DataError(path, f"no frames: no {IMAGES}/ folder and no .mat file in {MIX}/")
        frames = MixFrames(files)
    return mask_labelled(NAME, path, frames, files, frames_dir, path / MASKS, warnings,
                         splits_of(path.parent).get(path.name))


def mat_files(folder: Path) -> list[Path]:
    """The ``.mat`` files of ``folder`` in natural order."""
    try:
        with os.scandir(folder) as it:
            found = [Path(e.path) for e in it if e.name.lower().endswith(".mat") and e.is_file()]
    except OSError:
        return []
    return sorted(found, key=natural_key)


class MixFrames:
    """The frames of a sequence held only as ``Mix/<k>.mat`` stacks: frame ``i`` the last of its file's stack."""

    def __init__(self, files):
        self.mat_files = list(files)  # (not ``paths``: those are image files the frame readers would open)

    def __len__(self) -> int:
        return len(self.mat_files)

    def read(self, i: int):
        import numpy as np

        from workbench.core.data.matfile import read_mat_array

        path = self.mat_files[i]
        frame = read_mat_array(path, MIX, last=True)  # a stack's last frame, its others never converted
        if frame.ndim != 2 or min(frame.shape) == 0:  # (a stack with an empty axis comes whole)
            raise DataError(path, f"variable {MIX!r} is {frame.ndim}-D {'x'.join(map(str, frame.shape))}: expected "
                                  "frames x height x width")
        if frame.dtype.kind == "f" and np.isfinite(frame).all() and (frame == np.round(frame)).all() \
                and frame.min() >= 0:
            top = frame.max()
            frame = frame.astype(np.uint8 if top <= 255 else np.uint16) if top <= 65535 else frame
        return np.ascontiguousarray(frame)


def list_root(root: Path) -> list:
    from workbench.core.data.detect import SequenceEntry

    return [SequenceEntry(p.name, NAME, p, (lambda p=p: open(p))) for p in sequence_paths(root)]
