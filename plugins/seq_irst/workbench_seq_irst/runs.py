"""YOLO frame folders (``images/`` + ``labels/``) whose frames come in runs of consecutive video frames
(the Anti-UAV thermal subsample: numbers 000081..000099, 000181..000199, ...), opened as one labelled
``IRSequence`` per run.

The core's ``yolo`` reader takes a folder's images as one sequence of consecutive frames; for the
differential input (a frame and its 3 predecessors) that would difference frames across a cut between
runs. Here a run is a maximal stretch of images whose numeric stems step by 1; each run is a sequence of
its own, named ``run_<first>-<last>``, addressed by the virtual path ``<root>/run_<first>-<last>`` (no such
folder exists; ``open_run`` / ``open_seq`` resolve it). Labels: every YOLO box becomes a ``target`` label at
its centre with its pixel size; an empty label file is a frame without target (its detections count as
false alarms); a missing label file is an unlabelled frame (scored as a frame without target, reported in
``meta["warnings"]``). Recording group (``loso.group_of``): the root folder's name, so all runs of one
folder stay on one side of a fold (their video relations are not documented).

Consecutive *numbers* are not proof of consecutive *video frames*: in the Anti-UAV thermal subsample
(the CVPR 2025 challenge frames) the burnt-in clock of a run's frames jumps back and forth by seconds and the
drone moves a median 45-165 px from one number to the next, so those runs are frames sampled out of order from
one video, not sequences; the differential input cannot be formed from them and the leave-one-out selection
does not use them as a held-out group (weights/PROVENANCE.md).
"""
from __future__ import annotations

import re
from pathlib import Path

from workbench.core.errors import DataError

RUN_RE = re.compile(r"run_(\d+)-(\d+)")


def _stem_number(p: Path) -> int | None:
    m = re.fullmatch(r"\D*(\d+)", p.stem)
    return int(m.group(1)) if m else None


def is_yolo_root(path) -> bool:
    from workbench.core.data import yolo

    return yolo.probe(Path(path))


def split_runs(files: list[Path], sizes=None) -> list[list[Path]]:
    """Consecutive-number stretches of image files (natural order kept); files without a number each
    stand alone. ``sizes``: each file's (width, height) (``images.image_sizes``); a run also ends where the
    size changes (differential frames need one size; a different size is another recording)."""
    runs: list[list[Path]] = []
    prev = None
    for i, f in enumerate(files):
        n = _stem_number(f)
        same_size = sizes is None or i == 0 or sizes[i] == sizes[i - 1]
        if runs and prev is not None and n is not None and n == prev + 1 and same_size:
            runs[-1].append(f)
        else:
            runs.append([f])
        prev = n
    return runs


def _files(root: Path):
    """The images of the YOLO folder ``root``, one file a name (``yolo.image_files``: a converted copy beside its
    original was a frame again and split its run in two), the others said (once: each run opened lists them)."""
    from workbench.core.data import yolo
    from workbench.core.errors import warn_data

    files, twice = yolo.image_files(root)
    for w in twice:
        warn_data(w)
    return files


def _runs(root: Path) -> list[list[Path]]:
    from workbench.core.data.images import image_sizes

    files = _files(root)
    return split_runs(files, image_sizes(files))


def _run_name(run: list[Path]) -> str:
    return f"run_{run[0].stem}-{run[-1].stem}"


def list_runs(root) -> list[Path]:
    """Virtual paths ``<root>/run_<first>-<last>`` of every run of a YOLO folder (in frame order)."""
    from workbench.core.data import yolo

    root = yolo.root_of(Path(root).absolute())
    if root is None:
        return []
    return [root / _run_name(r) for r in _runs(root)]


def open_run(path):
    """The run at a virtual path ``<root>/run_<first>-<last>`` as an ``IRSequence``."""
    from workbench.core.data import yolo

    path = Path(path).absolute()
    root = yolo.root_of(path.parent)
    if root is None or not RUN_RE.fullmatch(path.name):
        raise DataError(path, "not a run of a YOLO images/ + labels/ folder (<root>/run_<first>-<last>)")
    runs = {_run_name(r): r for r in _runs(root)}
    if path.name not in runs:
        raise DataError(path, f"no such run in {root} (runs: {', '.join(list(runs)[:4])} ...)")
    return _open_files(root, runs[path.name])


def open_runs(root) -> list:
    """Every run of a YOLO folder as an ``IRSequence`` (``open_run`` of each of ``list_runs``), its images
    listed and their headers read once: ``open_run`` of each run re-listed the folder and re-read every
    header (a folder of 800 images in 80 runs: 2.6 s, against 0.02 s for one listing)."""
    from workbench.core.data import yolo
    from workbench.core.data.images import image_sizes

    root = yolo.root_of(Path(root).absolute())
    if root is None:
        return []
    files = _files(root)
    sizes = image_sizes(files)
    out, k = [], 0
    for run in split_runs(files, sizes):
        out.append(_open_files(root, run, sizes[k:k + len(run)]))
        k += len(run)
    return out


def _open_files(root: Path, files: list[Path], sizes=None):
    """The run of ``files`` (one run of the YOLO folder ``root``) as an ``IRSequence``; ``sizes``: their
    headers' sizes when already read."""
    from workbench.core.data import irseq, yolo
    from workbench.core.data.sequence import ImageFiles

    path = root / _run_name(files)
    frames = ImageFiles(files, sizes)  # sizes: read once for the whole folder
    first = frames.read(0)
    height, width = first.shape[:2]
    # each label file in its own image's size (a header the size reader cannot read: the first frame's)
    sizes = [s or (width, height) for s in frames.sizes()]
    # unlabelled, as the core's YOLO reader and the DAUB one read such frames (scored_frames): they were scored as
    # target-free, a target detected there a false alarm, and cut into training crops as background
    labels, _boxes, unlabelled = yolo.frame_labels(root, files, width, height, sizes)
    warnings = [f"{root / yolo.LABELS}: no label file for {len(unlabelled)} of {len(files)} frames of {path.name} "
                f"(first {yolo.label_name(files[unlabelled[0]])}); not scored"] if unlabelled else []
    return irseq.IRSequence(path.name, frames, labels, True, path, root / yolo.LABELS,
                            {"layout": "yolo_run", "warnings": warnings, "yolo_root": str(root),
                             "unlabelled_frames": unlabelled,
                             # YOLO box centres x + w / 2: to_sequence's groundtruth is the file's box, no half pixel
                             "point_centres": irseq.CONTINUOUS})


def list_sequences(root) -> list[Path]:
    """Labelled sequences at or under ``root``: ``irseq`` folders / videos, else the runs of a YOLO folder."""
    from workbench.core.data.irseq import list_irseq

    found = list_irseq(root)
    return found if found else list_runs(root)


def open_seq(path):
    """``open_irseq`` for real paths, ``open_run`` for a YOLO run's virtual path."""
    from workbench.core.data.irseq import open_irseq

    p = Path(path)
    if not p.exists() and RUN_RE.fullmatch(p.name) and is_yolo_root(p.parent):
        return open_run(p)
    return open_irseq(p)
