"""Result layouts on disk and run manifests, written atomically so nothing is left half-written.

A run of a method with some settings over a sequence of some dataset lives in a *run folder*::

    OUT/<dataset>/<method>/<variant>/
        manifest.json            identity of the runs in this folder (below)
        <seq>.txt                tracker: one x,y,w,h line per frame (pytracking / GOT-10k layout)
        <seq>_time.txt           tracker: seconds per frame (GOT-10k style); times/<seq>_time.txt where
                                 <seq>_time.txt is the box file of a sequence <seq>_time (runs._times_place)
        <seq>_maps.npz           tracker, optional: the maps it published (``write_maps``; the manifest
                                 entry's ``maps`` names it), float16, compressed, no pickle
        <seq>/<name>.png         segmenter: one mask per frame (0 / 255, 8-bit), name = 6-digit frame index
                                 (or the image's own name for image collections such as a SIRST split)
        <seq>.csv                detector: frame,x,y,w,h,score,class (one row per detection)

``<method>/<variant>/<seq>.txt`` is exactly pytracking's ``<tracker>/<parameter>/<seq>.txt``; the
dataset level on top is what pysot-toolkit and the GOT-10k toolkit put there. ``<variant>`` is
``default`` for default settings, else the changed settings (``search_scale=3,method=x``), or
``custom-<hash>`` when those would not make a short, portable folder name: runs with other settings
never overwrite each other, and the manifest holds the full settings either way. Tracker frames not
tracked (before the start frame, or after a cancel) are ``nan,nan,nan,nan`` so line i is frame i.

The manifest (``manifest.json``) holds what the folder's runs share (method, kind, plugin version,
variant, settings, weights and their sha256, dataset name and root, workbench version) and, under
``sequences``, one entry per sequence (start frame, initial box, frames done, completed, device,
fps, start and end dates, the sequence's path).

Readers take this layout and, as they are, older or foreign folders: flat ``<tracker>/<seq>.txt``
(ours before run identities, pysot-toolkit's ``results/<dataset>/<tracker>`` given its dataset folder;
comma, tab or space separated), pytracking's ``<tracker>/<parameter>/<seq>.txt`` and the GOT-10k
toolkit's ``<tracker>/<seq>/<seq>_001.txt`` (with ``<seq>_time.txt``) and its OTB experiment's
``<tracker>/<seq>.txt`` with ``<tracker>/times/<seq>_time.txt`` (also its UAV123, LaSOT, ... ones).

Repetitions. A GOT-10k toolkit folder of a non-deterministic tracker holds several runs of a sequence,
``<seq>_001.txt``, ``_002.txt`` ... (``repetition_files``, what its report globs), and one ``<seq>_time.txt`` with
a column per run. ``ResultRun.files`` names the first (``_001``), ``ResultRun.repetitions`` all of them; what reads
which: ``workbench eval --protocol got10k`` pools every repetition as the GOT-10k toolkit's report does
(``evaluation.got10k``); one-pass success / precision (``eval``, ``report``, the window's scores) score ``_001``
only and say so in a note (``FolderScores.notes``); ``export-results`` copies ``_001`` (and its times column) only,
with a note, since the layouts it writes hold one run a sequence.

Coordinates. Boxes are written in the convention of the dataset's own groundtruth file: OTB-style
files (OTB, PTB-TIR, LSOTB-TIR, UAV123, DTB70, ...) are 1-based, so a result file is 1-based too, and
0-based layouts (VOT, GOT-10k, ours) stay 0-based; every toolkit then scores the file against the
groundtruth file as it is. Readers keep boxes 0-based in memory, so the *offset* of a file (1 for
OTB-style data, else 0) is recorded per sequence in the manifest (``box_offset``) and subtracted on
reading. A folder without a manifest: pytracking and GOT-10k layouts (a flat folder with the GOT-10k toolkit's
``times/`` subfolder among them) are the toolkits' own output, in the dataset file's frame; a flat folder is taken as ours from before this convention (0-based)
unless its manifest.json says ``{"boxes": "dataset file"}`` (pysot-toolkit results), see
``ResultRun.box_offset``.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import tempfile
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from workbench.core.atomic import (atomic_path, atomic_write_bytes, atomic_write_text, is_stream, stale_note,
                                   stale_stages, staging_folder)
from workbench.core.data.groundtruth import _SEPARATORS, _is_number, read_boxes
from workbench.core.data.sequence import is_file_name
from workbench.core.errors import DataError, WorkbenchError, one_line, write_error

MANIFEST = "manifest.json"
DEFAULT_VARIANT = "default"


def _folder_problem(path: Path, make: bool) -> str:
    """Why ``path`` cannot be an output folder ("" if it can): a file in its place or above it, or a folder
    that cannot be written in (permissions, read-only or full file systems): with ``make`` ``path`` is made and
    probed, without it the nearest folder there is (nothing is made, the probe's file is removed)."""
    there = None
    for p in (path, *path.absolute().parents):
        if p.exists():
            if not p.is_dir():
                return "is a file, not a folder" if p == path else f"cannot hold a folder: {p} is a file"
            there = p
            break
    if not make and there is not None:
        try:
            fd, probe = tempfile.mkstemp(dir=there, prefix=".write-test.", suffix=".tmp")
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            return f"cannot write here: {exc.strerror or exc}"
    if make:
        try:
            path.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(dir=path, prefix=".write-test.", suffix=".tmp")
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            return f"cannot write here: {exc.strerror or exc}"
    return ""


def writable_folder(value: str | Path, flag: str = "--out", make: bool = True) -> Path:
    """An output folder argument, checked before any work is done (a run's results are not computed and
    then lost); with ``make`` it is created and probed (``_folder_problem``). ``flag`` names what the
    folder is for in the message ("" for none: a folder chosen in a dialog)."""
    path = Path(value)
    problem = _folder_problem(path, make)
    if problem:
        raise WorkbenchError(f"{flag} {value}: {problem}" if flag else f"{value}: {problem}")
    return path


def check_outputs(folders: dict | None = None, files: dict | None = None, make: bool = True) -> None:
    """A command's output arguments, checked before its work: ``folders`` {flag: path} are made and
    probed (``writable_folder``), ``files`` {flag: path} must have a writable folder and not be one, and
    no two of them may be one file (the second written replaced the first: ``eval --json s --csv s``).
    Arguments left empty (None, "") are skipped. ``make=False``: nothing is made (a command that may
    still refuse its input leaves no empty folder); only a file in a folder's place is found then."""
    for flag, value in (folders or {}).items():
        if value:
            writable_folder(value, flag, make)
    seen: dict[str, str] = {}
    for flag, value in (files or {}).items():
        if value:
            if Path(value).is_dir():
                raise WorkbenchError(f"{flag} {value}: is a folder; a file name is needed")
            key = os.path.normcase(os.path.realpath(value))
            if key in seen and not is_stream(value):
                raise WorkbenchError(f"{flag} {value}: is also the {seen[key]} file, which it would replace; "
                                     "give each its own file name")
            seen[key] = flag
            parent = Path(value).parent
            problem = _folder_problem(parent, make)
            if problem:
                where = f"its folder {parent} " if problem.startswith("is a file") else ""
                raise WorkbenchError(f"{flag} {value}: {where}{problem}")


def first_missing(path: str | Path) -> Path | None:
    """The outermost folder of ``path`` (itself included) that does not exist yet: what making it makes."""
    p, top = Path(path).absolute(), None
    while not p.exists() and p != p.parent:
        p, top = p.parent, p
    return top


def drop_if_empty(folder: Path | None) -> None:
    """Remove ``folder`` (a folder this command made) with its empty subfolders when no file is in it."""
    import shutil

    if folder is not None and folder.is_dir() and not any(p.is_file() or p.is_symlink() for p in folder.rglob("*")):
        shutil.rmtree(folder, ignore_errors=True)


class no_empty_outputs:
    """``with no_empty_outputs(out, ...):`` the folders that making ``out`` makes (``check_outputs`` makes
    them first) are removed again when the work fails or is interrupted with no file written into them:
    a folder the user named that did not exist stays absent."""

    def __init__(self, *paths):
        self.made = [first_missing(p) for p in paths if p]

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        if kind is not None:
            for folder in self.made:
                drop_if_empty(folder)
        return False


def cache_dir(kind: str) -> Path | None:
    """A folder for files the workbench keeps between runs to save time, never results (e.g. exported
    ONNX graphs): ``$WORKBENCH_CACHE/<kind>``, else ``$XDG_CACHE_HOME`` (or ``~/.cache``)
    ``/workbench/<kind>``; None when it cannot be made (then nothing is cached). Safe to delete."""
    root = os.environ.get("WORKBENCH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "workbench")
    path = Path(root) / kind
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path


def format_boxes(boxes: np.ndarray, sep: str = ",") -> str:
    lines = []
    for row in np.asarray(boxes, dtype=np.float64):
        if not np.all(np.isfinite(row)):
            lines.append(sep.join(["nan"] * 4))
        else:
            lines.append(sep.join(f"{v:.3f}".rstrip("0").rstrip(".") for v in row))
    return "\n".join(lines) + "\n"


def write_boxes(path: str | Path, boxes: np.ndarray, offset: int = 0) -> Path:
    """0-based ``boxes`` written with ``offset`` added to x and y (1 for a 1-based dataset)."""
    return atomic_write_text(path, boxes_text(boxes, offset))


def boxes_text(boxes: np.ndarray, offset: int = 0) -> str:
    """A result file's text (``write_boxes``): 0-based ``boxes`` with ``offset`` added to x and y."""
    boxes = np.asarray(boxes, dtype=np.float64)
    if offset:
        boxes = boxes + np.array([offset, offset, 0.0, 0.0])
    return format_boxes(boxes)


FILE_FRAME = "dataset file"  # a manifest's ``boxes``: in the frame of the dataset's groundtruth file
ZERO_BASED = "0-based"


def file_box_offset(meta_or_seq) -> int:
    """The offset of a dataset's groundtruth file from the 0-based boxes its reader returns: 1 when
    the reader says ``box_convention`` "1-based in file ...", else 0. Takes a sequence or its meta."""
    meta = getattr(meta_or_seq, "meta", meta_or_seq) or {}
    conv = str(meta.get("box_convention", "") if isinstance(meta, dict) else "")
    return 1 if conv.lower().startswith("1-based in file") else 0


def file_convention(meta_or_seq) -> str | None:
    """What a dataset's reader says of its groundtruth file's numbers (``meta["box_convention"]``), None when it says
    nothing. Takes a sequence or its meta."""
    meta = getattr(meta_or_seq, "meta", meta_or_seq) or {}
    conv = meta.get("box_convention") if isinstance(meta, dict) else None
    return str(conv) if conv else None


def convention_text(offset: int, dataset: str | None = None) -> str:
    """A run manifest's ``box_convention``: how a result file written with ``offset`` (``file_box_offset``) counts
    pixels, as far as it is known. 1: the OTB-style 1-based file. 0: the file's own numbers, unshifted, which are
    0-based unless the reader says otherwise (``dataset``: its ``file_convention``): the LSOTB-TIR training XML's
    base is not published, so its runs say "unshifted" and the reader's words, not "0-based"."""
    if offset:
        return "1-based, as the dataset's groundtruth file (OTB convention)"
    if dataset is None or dataset.lower().startswith("0-based"):
        return "0-based, as the dataset's groundtruth file"
    return f"unshifted, as the dataset's groundtruth file ({dataset})"


def read_result_boxes(path: str | Path, what: str = "result file") -> np.ndarray:
    """A result file's boxes (``read_boxes``), its refusals saying it as ``what`` (a folder of that name was "is a
    folder, not a groundtruth file"); an OTB toolkit ``<seq>_<tracker>.mat`` its one-pass boxes as the toolkit
    holds them (``otb_mat.ope_boxes``: 1-based, rows from the groundtruth's first)."""
    if Path(path).suffix.lower() == ".mat":
        from workbench.core.otb_mat import ope_boxes

        return ope_boxes(path)
    return read_boxes(path, allow_polygons=True, what=what)


def frame_fit(n_rows: int, n_frames: int, sequence: str) -> tuple[int, int]:
    """The one rule by which a result file of ``n_rows`` rows meets a sequence of ``n_frames`` frames, as ``eval``
    (``fit_to_frames``) and export (``_fit_export``) read it: ``(skip, extra)``. Its first ``skip`` rows are frames
    the reader leaves out: the GOT-10k toolkit's Tiger1 of 354 rows, where the OTB toolkit and the OTB reader start
    at frame 6 (``otb.toolkit_rows``), 0 for any other file; ``extra`` rows more than the sequence has frames follow
    them. More (``extra`` > 0): the rows after its last frame are cut, as the LaSOT toolkit
    (``calc_seq_err_robust.m``: "for monkey-17 ... cut off the tracking results") and pytracking
    (``analysis/extract_results.py``: ``pred_bb[:anno_bb.shape[0]]``) cut them; fewer (``extra`` < 0): refused, as
    both refuse it on LaSOT: which frames its rows are is not known."""
    from workbench.core.data.otb import toolkit_rows

    skip = toolkit_rows(sequence, n_rows, n_frames)
    return skip, n_rows - skip - n_frames


def fit_to_frames(boxes: np.ndarray, n_frames: int, path, sequence: str) -> tuple[np.ndarray, str | None]:
    """A result file's boxes for a sequence of ``n_frames`` frames, and a one-line note when rows were dropped
    (``frame_fit``): a longer file is cut to the sequence's frames, a shorter one refused (a ``DataError`` naming
    it); the GOT-10k toolkit's first 5 rows of Tiger1 go without a note: that is how that toolkit writes it. An OTB
    toolkit ``.mat`` of no run (``otb_mat.ope_boxes``: ``results = []``, an empty ``res``) is a missing box on every
    frame, as that toolkit scores such a file 0."""
    if not len(boxes) and Path(path).suffix.lower() == ".mat":
        return np.full((n_frames, 4), np.nan), (f"{path}: no run in it ('results' or its results{{1}}.res empty): "
                                                "every frame a failure, as the OTB toolkit scores it 0")
    skip, extra = frame_fit(len(boxes), n_frames, sequence)
    if extra < 0:
        raise DataError(path, f"has {n_frames + extra} boxes but sequence {sequence!r} has {n_frames} frames")
    if extra > 0:
        return boxes[skip:skip + n_frames], (
            f"{path}: {extra} row(s) after the {n_frames} frames of {sequence!r} dropped (a longer result file is "
            "cut, as the LaSOT toolkit and pytracking cut it)")
    return boxes[skip:], None


def times_text(seconds: np.ndarray) -> str:
    """A times file's text (``write_times``): one line of seconds per frame, ``nan`` for a frame not timed."""
    return "".join(f"{t:.6f}\n" if np.isfinite(t) else "nan\n" for t in seconds)


def write_times(path: str | Path, seconds: np.ndarray) -> Path:
    return atomic_write_text(path, times_text(seconds))


def json_text(obj, default=None) -> str:
    """``obj`` as strict JSON text (``write_json``)."""
    return json.dumps(_jsonable(obj), indent=2, sort_keys=False, default=default) + "\n"


def write_json(path: str | Path, obj, default=None) -> Path:
    """``obj`` as strict JSON (a NaN or infinity is null: json.dumps wrote ``NaN``, which no JSON reader takes);
    ``default`` as json.dumps's, for objects it does not know."""
    return atomic_write_text(path, json_text(obj, default))


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _jsonable(obj.tolist())
    if isinstance(obj, (np.floating, float)):
        v = float(obj)
        return v if np.isfinite(v) else None
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, Path):
        return str(obj)
    return obj


def dataset_folders(name: str, entries, older=()) -> tuple[str, ...]:
    """The ``<dataset>`` folders of results that hold runs of the dataset ``name`` (``runs.dataset_of``) whose
    listing is ``entries``: its own name, then the folders its sequences sit in, where ``workbench run
    --sequence`` (or ``--dataset`` on one class / split folder) stored them: a LaSOT root's class folders,
    a GOT-10k root's split folders, then ``older`` (``runs.dataset_names``: the names earlier versions stored
    it under), then the folders up to three above each sequence's (``ABOVE``: a wider root the dataset is in, where
    a ``run --dataset`` of that root stored the runs; ``export-video`` looks there too). ``eval`` / ``report`` and the
    window's dataset scope look in all, the first name's runs first; a run under another name holding none of the
    dataset's sequences is left out (``via_alias``)."""
    listed = [e for e in entries if getattr(e, "path", None) is not None]
    paths = [Path(e.path).absolute() for e in listed]
    held = sorted({p.parent.name for p in paths} - {name, ""})
    older = [n for n in dict.fromkeys(older) if n and n != name and n not in held]
    above = sorted({a.name for p in paths for a in p.parents[1:1 + ABOVE]} - {name, "", *held, *older})
    real: dict = {}  # (each holding folder resolved once for both)
    return DatasetNames((name, *held, *older, *above), roots=linked_roots(paths, real),
                        sequences={getattr(e, "name", None) or Path(e.path).name for e in listed},
                        places=resolved_places({getattr(e, "name", None) or Path(e.path).name: p
                                                for e, p in zip(listed, paths)}, real))


def _held_real(parent: str | Path, held: dict) -> str | None:
    """``parent``'s realpath, kept in ``held`` under its text (None where it cannot be resolved): one ``realpath``
    a folder for ``resolved_places``, ``linked_roots`` and ``same_sequences`` (``_realpath``) alike."""
    key = os.fspath(parent)
    if key not in held:
        try:
            held[key] = os.path.realpath(key)
        except (OSError, ValueError):
            return None
    return held[key]


def resolved_places(paths: dict, held: dict | None = None) -> dict[str, str]:
    """``{sequence name: its path}`` with the links of the folders holding them resolved (one ``realpath`` per
    holding folder, as ``linked_roots``; ``held``: the folders resolved already, shared with it): where a run's
    recorded ``sequence_path`` of that sequence must resolve to for the run to be of it (``same_sequences``)."""
    held = {} if held is None else held
    out: dict[str, str] = {}
    for name, p in paths.items():
        p = Path(p)
        real = _held_real(p.parent, held)
        if real is not None:
            out[name] = os.path.join(real, p.name)
    return out


def linked_roots(paths, held: dict | None = None) -> frozenset[str]:
    """The folders (links resolved) a run's recorded dataset root may resolve to for it to be of the sequences at
    ``paths``: the folder holding each and those up to ``ABOVE`` above it. A root opened through a symbolic link
    (``ln -s /data/raw/irdst ~/IRDST``) stores its runs under the link's name; opened by the link's target (or the
    other link) they were looked for under that name alone and not found: ``find_runs`` reads a run under another
    ``<dataset>`` name where its recorded root resolves to one of these (``linked``). ``held``: the folders resolved
    already (``resolved_places`` of the same paths: one ``realpath`` a folder for both)."""
    held = {} if held is None else held
    out: set[str] = set()
    for parent in {Path(p).parent for p in paths}:
        real = _held_real(parent, held)
        if real is not None:
            out.update(str(a) for a in (Path(real), *Path(real).parents[:ABOVE]))
    return frozenset(out)


def linked(dataset, manifest: dict | None) -> bool:
    """Whether a run (its ``manifest``) stored under a ``<dataset>`` name not among ``dataset``'s was made over
    one of its ``roots`` (``linked_roots``) by another path: through a symbolic link, or the link's target."""
    return _resolves_into((manifest or {}).get("dataset_root"), getattr(dataset, "roots", None))


def _resolves_into(root, roots) -> bool:
    """Whether the recorded dataset ``root`` is one of ``roots`` (``linked_roots``, links resolved): compared as
    written first (``os.path.normpath``, no file system asked: a run made by the target's own path), and only then
    with its links resolved (``os.path.realpath``, which may wait on a share)."""
    if not roots or not root:
        return False
    try:
        return os.path.normpath(str(root)) in roots or os.path.realpath(str(root)) in roots
    except (OSError, ValueError):
        return False


#: {a run's manifest file: ((mtime_ns, size), its recorded dataset root)}: ``LevelTest`` asks a run under another
#: name for its root once per change of its manifest, not on every listing
_RECORDED_ROOTS: dict[str, tuple[tuple[int, int], str | None]] = {}


def _names_sequence(folder: Path, sequences) -> bool:
    """Whether a run ``folder``'s files name one of ``sequences`` (``seq.txt``, ``seq_001.txt``, ``seq_time.txt``,
    ``seq_targets.csv``, ``seq/``; OTB's ``Jogging-1.txt`` of Jogging/ where the readers pass ``Jogging-1``, the
    sequence's own name): a listing of the folder, no file read. (A ``<name>-<k>`` file is not ``<name>``'s: a
    folder holding only ``car-1.txt`` had its manifest read for ``car``.)"""
    try:
        with os.scandir(folder) as it:
            names = [e.name for e in it]
    except OSError:
        return False
    for n in names:
        if n in sequences or any(n[:i] in sequences for i, c in enumerate(n) if c in "._"):
            return True
    return False


class LevelTest:
    """Which ``<dataset>`` folders' runs are ``dataset``'s (None: any dataset's): the one test ``find_runs``,
    ``find_method_runs`` and ``evaluation.vot.protocol_folders`` (VOT, TRE, SRE) apply. A run is the dataset's
    under one of its names (``dataset_levels``) unless guarded out there (``guarded_out``: a guarded wider name, a
    name an earlier version gave a non-ASCII dataset, ``older_names``); under any other name only where the dataset
    knows its root (``DatasetNames.roots``), the run's files name one of its sequences (``DatasetNames.sequences``:
    a listing, no file read) and then its recorded root resolves to the dataset's (``linked``: its root opened
    through a symbolic link, or the link's target). Another dataset's runs are never read for this: not one of
    their manifests is opened unless they hold a sequence of this dataset's name, and a manifest once asked for
    its root is not read again until it changes."""

    def __init__(self, dataset):
        self.dataset = dataset
        levels = dataset_levels(dataset)
        self.any = levels is None
        self.names: set[str] = set() if levels is None else levels | set(older_names(dataset))
        self.roots = getattr(dataset, "roots", None) or frozenset()
        self.sequences = frozenset(getattr(dataset, "sequences", None) or ())
        self.via_link: set[str] = set()  # other names a run of the dataset was found under (``note_links``)
        self._read: dict[Path, dict | None] = {}  # manifests read here, handed to ``manifest`` (each read once)
        self._listed: dict[Path, bool] = {}  # run folder -> whether its files name a sequence (listed once)
        self._links: dict[Path, bool] = {}  # run folder -> whether its recorded root is the dataset's (asked once)

    @property
    def may_link(self) -> bool:
        return not self.any and bool(self.roots) and bool(self.sequences)

    def levels(self) -> set[str] | None:
        """The ``<dataset>`` names to read (None: any): the dataset's, and those ``note_links`` found."""
        return None if self.any else self.names | self.via_link

    def _candidate(self, level: str | None, folder: Path) -> bool:
        if not (self.may_link and level is not None and level not in self.names):
            return False
        folder = Path(folder)
        if folder not in self._listed:  # note_links / may_take, then takes: one listing of the folder
            self._listed[folder] = _names_sequence(folder, self.sequences)
        return self._listed[folder]

    def _linked(self, folder: Path) -> bool:
        """Whether the run at ``folder`` recorded one of the dataset's roots (``_resolves_into``), asked once."""
        folder = Path(folder)
        if folder not in self._links:
            self._links[folder] = _resolves_into(self._root(folder), self.roots)
        return self._links[folder]

    def _root(self, folder: Path) -> str | None:
        p = Path(folder) / MANIFEST
        try:
            st = p.stat()
        except OSError:
            return None
        key, hit = (st.st_mtime_ns, st.st_size), _RECORDED_ROOTS.get(str(p))
        if hit is not None and hit[0] == key:
            return hit[1]
        manifest = _manifest_or_none(folder)
        self._read[Path(folder)] = manifest
        root = (manifest or {}).get("dataset_root")
        if len(_RECORDED_ROOTS) > 20000:
            _RECORDED_ROOTS.clear()
        _RECORDED_ROOTS[str(p)] = (key, str(root) if root else None)
        return str(root) if root else None

    def note_links(self, found) -> None:
        """Notes the other names among ``found`` (``(level, run folder)``) a run of the dataset is stored under
        (``via_link``), before the runs are read (``find_runs`` orders and merges levels by them)."""
        for level, folder in found:
            if level not in self.via_link and self._candidate(level, folder) and self._linked(folder):
                self.via_link.add(level)

    def may_take(self, level: str | None, folder: Path) -> bool:
        """Whether a run under ``level`` at ``folder`` may be the dataset's, asked before its manifest is read."""
        return self.any or level is None or level in self.names or level in self.via_link \
            or (self._candidate(level, folder) and self._linked(folder))

    def manifest(self, folder: Path) -> dict | None:
        """The run folder's manifest (``read_manifest``: a damaged one raises), read once in this listing."""
        folder = Path(folder)
        if folder in self._read and self._read[folder] is not None:
            return self._read.pop(folder)
        return read_manifest(folder)

    def takes(self, level: str | None, manifest: dict | None, folder: Path | None = None) -> bool:
        """Whether the run under ``level`` (its ``manifest``, at ``folder``) is the dataset's."""
        if self.any or level is None:
            return True
        if level in self.names:
            return not guarded_out(self.dataset, level, manifest, folder)
        if folder is None or not self._candidate(level, folder):
            return False
        known = self._links.get(Path(folder))  # note_links / may_take asked it of this folder already
        return ((known if known is not None else linked(self.dataset, manifest))
                and same_sequences(self.dataset, manifest))


#: how many folders above the one holding a sequence may name a wider root whose runs hold it (as export-video looks)
ABOVE = 3


def dataset_levels(dataset) -> set[str] | None:
    """The ``<dataset>`` folder names whose runs are ``dataset``'s: its name, or several names (a root's
    and the folders its sequences sit in: LaSOT's class folders, GOT-10k's split folders, where a run of
    one sequence or one class folder was stored); None for any dataset (None, or no names: an empty tuple, as
    ``runs.saved_dataset_names`` gives for a sequence of no dataset). One name in a tuple is that name."""
    if dataset is None or (not isinstance(dataset, str) and not dataset):
        return None
    return {safe_name(n) for n in ([dataset] if isinstance(dataset, str) else dataset)}


class DatasetNames(tuple):
    """``<dataset>`` names a sequence's runs are read under (``find_runs`` / ``find_method_runs``' ``dataset``), some
    of them ``guarded``: the names of folders above the sequence at ``sequence`` (``runs.wider_dataset_names``, where
    ``run --dataset`` of a wider root stores), which a generic folder (data/, test/) shares with other datasets. A run
    found under a guarded name is taken only where its recorded dataset root holds that sequence (``keep``:
    ``holds_sequence``), before runs of one method and settings under several names are merged: another
    dataset's same-named sequence's run is never read. ``runs.with_wider_names`` makes it, for every reader of a
    sequence's runs opened alone (``export-video --sequence``, the window's tracker, detector and segmenter runs).

    A tuple so that it goes unchanged through the readers between (``video.runs_from_folders``,
    ``method_runs.saved_runs``) and reads as plain names everywhere else (``dataset_levels``, the first name where
    new runs go). A tuple built from it (``names[1:]``, ``(a, *names)``) is plain names, unguarded: pass it on as
    it is, or make it where the runs are read (``tracking.read_saved_runs``' ``alone``)."""

    def __new__(cls, names, guarded=(), sequence: str | Path | None = None, roots=frozenset(), sequences=(),
                places=None):
        self = super().__new__(cls, names)
        self.guarded = frozenset(safe_name(n) for n in guarded)
        self.sequence = sequence
        self.roots = roots  # (``linked_roots``: a run under any other name whose recorded root is one of these)
        self.sequences = frozenset(sequences)  # (the sequences' names: only a run naming one is asked for its root)
        self.places = dict(places or {})  # (``resolved_places``: where a run's recorded sequence_path must resolve to)
        self.rootless: dict[str, set[str]] = {}  # guarded name -> the run folders left out with no recorded root
        return self

    def keep(self, manifest: dict | None) -> bool:
        """Whether a run (its ``manifest``) found under a guarded name is the sequence's: made over a root
        holding it, and (where it records one) each of its sequences' path is that sequence (``same_sequences``)."""
        return holds_sequence(manifest, self.sequence) and same_sequences(self, manifest)

    def rootless_notes(self) -> list[str]:
        """What the reader says of the runs under a guarded name left out only for want of a recorded dataset root
        (made before the workbench recorded it): they may be the sequence's, but another dataset's same-named
        sequence's runs (data/) cannot be told from them, so they are not read, and not silently either."""
        return [f"{len(folders)} run{'' if len(folders) == 1 else 's'} under {name}/ not read: no recorded dataset "
                f"root (made by an older workbench), so not known to be of {self.sequence}; run "
                f"{'it' if len(folders) == 1 else 'them'} again to have {'it' if len(folders) == 1 else 'them'} read"
                for name, folders in sorted(self.rootless.items())]

    def __repr__(self) -> str:
        return f"DatasetNames({tuple(self)!r}, guarded={sorted(self.guarded)!r}, sequence={str(self.sequence)!r})"


def same_sequences(dataset, manifest: dict | None) -> bool:
    """Whether a run (its ``manifest``) found by its recorded root (``linked``, ``holds_sequence``) is of
    ``dataset``'s sequences themselves: each of them (``DatasetNames.places``) it records a ``sequence_path`` for
    resolves to that sequence's path (or a path inside it, or the folder it is in: a frames folder, a video
    file opened for it). A root that held them once and was re-pointed since (a link ``dl`` made over irA, now over
    another dataset's irB/seq1) is not read as irA/seq1's. True where nothing is known to compare (no places, a
    run recording no path or a relative one)."""
    from workbench.core.data.cube import split_dataset_path

    places = getattr(dataset, "places", None)
    recorded = (manifest or {}).get("sequences")
    if not places or not isinstance(recorded, dict):
        return True
    held: dict[str, str] = {}  # a holding folder -> its links resolved: one realpath a folder, not two a sequence
    for name, place in places.items():
        entry = recorded.get(name)
        path = entry.get("sequence_path") if isinstance(entry, dict) else None
        if not path or not os.path.isabs(str(path)):
            continue
        # FILE.h5:/name (``runs.reopen_path``, a window's sequence opened so): the files compared
        path, place = split_dataset_path(path)[0], str(split_dataset_path(place)[0])
        try:
            if os.path.normpath(str(path)) == place:
                continue
            real, mine = Path(_realpath(str(path), held)), Path(_realpath(place, held))
        except (OSError, ValueError, TypeError):
            return False
        if not (real == mine or mine in real.parents or real in mine.parents[:1]):
            return False
    return True


def _realpath(path: str, held: dict[str, str]) -> str:
    """``os.path.realpath(path)``, its holding folder's resolved once for all the paths in it (``held``,
    ``_held_real``): the folder's realpath joined with the last part, which is resolved on its own only where it is
    a link itself. A folder that cannot be resolved is a ValueError."""
    parent, last = os.path.split(path)
    if not parent or last in ("", ".", ".."):
        return os.path.realpath(path)
    real = _held_real(parent, held)
    if real is None:
        raise ValueError(f"{parent}: its links cannot be resolved")
    joined = os.path.join(real, last)
    return os.path.realpath(joined) if os.path.islink(joined) else joined


def holds_sequence(manifest: dict | None, sequence_path: str | Path) -> bool:
    """Whether a run (its ``manifest``) was made over a dataset root holding the sequence at ``sequence_path``: its
    recorded ``dataset_root`` contains that path (as given, or both with links resolved). A run without one (no
    manifest, an older or another toolkit's) does not."""
    root = (manifest or {}).get("dataset_root")
    if not root or sequence_path is None:
        return False
    try:
        given, base = Path(sequence_path).absolute(), Path(str(root)).absolute()
        if given == base or base in given.parents:
            return True
        real, base_real = Path(os.path.realpath(given)), Path(os.path.realpath(base))
        return real == base_real or base_real in real.parents
    except (OSError, TypeError, ValueError):
        return False


def guarded_out(dataset, level: str | None, manifest: dict | None, folder: str | Path | None = None) -> bool:
    """Whether a run stored under the ``<dataset>`` folder ``level`` is left out: ``level`` is one of ``dataset``'s
    guarded names (``DatasetNames``) and the run (its ``manifest``) was not made over a root holding the sequence,
    or ``level`` is a name an earlier version gave a non-ASCII dataset (``older_names``) and the run was not made over
    a root so named now (nor, for a sequence's ``DatasetNames``, over one holding it). The one place the guard is
    applied (``LevelTest.takes``: ``find_runs``, ``find_method_runs``, ``evaluation.vot.protocol_folders``); a run
    ``folder`` left out with no recorded root is noted in ``dataset.rootless`` (``DatasetNames.rootless_notes``)."""
    guarded = getattr(dataset, "guarded", None)
    out = bool(guarded) and level in guarded and not dataset.keep(manifest)
    older = older_names(dataset).get(level) if level is not None else None
    if older and not out:  # a name an earlier version gave a non-ASCII dataset (older_names), shared by others
        out = not _named_now(manifest, older) or (getattr(dataset, "sequence", None) is not None
                                                  and not dataset.keep(manifest))
    if out and folder is not None and not (manifest or {}).get("dataset_root") and hasattr(dataset, "rootless"):
        dataset.rootless.setdefault(level, set()).add(str(Path(folder).absolute()))
    return out


def via_alias(level: str | None, dataset) -> bool:
    """Whether a run stored under the ``<dataset>`` folder ``level`` was found only through one of the other
    names of ``dataset`` (``dataset_levels``: a class or split folder of the root); such a run holding none
    of the dataset's sequences is another dataset's of that folder name, left out rather than refused."""
    if level is None or dataset is None or isinstance(dataset, str):
        return False
    names = [safe_name(n) for n in dataset]
    return bool(names) and level != names[0] and level in names[1:]


def safe_name(text: str) -> str:
    """A folder name from any label: path separators and odd characters become ``_``; letters, digits and their
    combining marks of any script are kept (``红外 1`` and ``可见 1`` were both ``1``: two datasets' runs in one folder,
    each scored as the other's; Hindi ``किला`` and ``कीला`` both ``क_ल``), in Unicode's composed form (NFC): the
    decomposed spelling macOS gives a folder's name (``München`` as ``u`` + U+0308) is the same folder. ASCII names
    are as they were; the names earlier versions gave others are ``older_names``."""
    text = unicodedata.normalize("NFC", str(text))
    out = (_ODD.sub(lambda m: m.group() if unicodedata.category(m.group())[0] == "M" else "_", text)
           .strip("._") or "_")[:80]
    while len(out.encode("utf-8")) > 200:  # 80 four-byte characters passed a file system's 255 bytes a name
        out = out[:-1]
    return out


_ODD = re.compile(r"[^\w.=,+-]")


def older_names(dataset) -> dict[str, set[str]]:
    """{folder name an earlier version stored the runs of one of ``dataset``'s names under: the names (``safe_name``)
    it stands for now}, for the names that are not ASCII: before 65db9f9 every other character was ``_``
    (``Flug München`` -> ``Flug_M_nchen``, ``红外 1`` -> ``1``), then for a while its combining marks (``Mu_nchen``,
    a decomposed spelling), unnormalised. Such a folder is shared by other names (``可见 1`` was ``1`` too): a run
    under it is read only where its recorded dataset root is named as the dataset is now (``guarded_out``), never
    as an alias. Empty for ASCII names and for any dataset (None)."""
    if dataset is None:
        return {}
    names = [dataset] if isinstance(dataset, str) else list(dataset)
    now = {safe_name(n) for n in names}
    out: dict[str, set[str]] = {}
    for n in names:
        if str(n).isascii():
            continue
        for form in ("NFC", "NFD"):
            text = unicodedata.normalize(form, str(n))
            for rule in (r"[^A-Za-z0-9._=,+-]", r"[^\w.=,+-]"):
                old = (re.sub(rule, "_", text).strip("._") or "_")[:80]
                if old not in now:
                    out.setdefault(old, set()).add(safe_name(n))
    return out


def _named_now(manifest: dict | None, names: set[str]) -> bool:
    """Whether the run (its ``manifest``) was made over a dataset root whose name is one of ``names`` by today's
    ``safe_name`` (where it would be stored now); a run without a recorded root is not."""
    root = str((manifest or {}).get("dataset_root") or "").rstrip("/\\")
    return bool(root) and safe_name(re.split(r"[/\\]", root)[-1]) in names


def _value_text(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def variant_name(changed: dict | None) -> str:
    """``default`` for default settings; ``k=v,k2=v2`` for a few short changed ones (sorted, so the same
    settings always give the same name); ``custom-<sha1 of the settings>`` when that is not a short
    portable name (paths, long lists)."""
    if not changed:
        return DEFAULT_VARIANT
    items = sorted((str(k), _value_text(v)) for k, v in changed.items())
    text = ",".join(f"{k}={v}" for k, v in items)
    if len(text) <= 60 and re.fullmatch(r"[A-Za-z0-9._=,+-]+", text):
        return text
    digest = hashlib.sha1(json.dumps(items).encode("utf-8")).hexdigest()[:10]
    return f"custom-{digest}"


_SHA_CACHE: dict[tuple, str] = {}


def file_sha256(path: str | Path) -> str:
    """sha256 of a file, cached per (path, size, mtime): a batch hashes its weights once."""
    p = Path(path)
    st = p.stat()
    key = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _SHA_CACHE:
        h = hashlib.sha256()
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        _SHA_CACHE[key] = h.hexdigest()
    return _SHA_CACHE[key]


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


@dataclass
class RunInfo:
    """Who made a run and with what: the shared part of a run folder's manifest.

    ``dataset`` is the name of the dataset folder (``None``: results go straight under OUT/<method>),
    ``variant`` the settings folder (``None``: the flat ``<method>/`` folder of a run whose settings
    are unknown, e.g. a tracker object handed to ``run_tracker`` by a script)."""

    method: str
    kind: str = "tracker"
    plugin_version: str = ""
    variant: str | None = DEFAULT_VARIANT
    settings: dict = field(default_factory=dict)
    changed: dict = field(default_factory=dict)
    device: str = "cpu"
    weights: str | None = None
    weights_sha256: str | None = None
    dataset: str | None = None
    dataset_root: str | None = None
    #: k >= 2: the k-th flat run (``variant`` None) of the method, in the sibling folder ``<method>-run<k>``
    #: (``beside_earlier``); not part of the manifest
    flat_run: int = 1

    def folder(self, out_dir: str | Path, label: str | None = None) -> Path:
        name = label or self.method
        if not self.variant and self.flat_run > 1:
            name = f"{name}-run{self.flat_run}"
        return run_dir(out_dir, name, self.variant, self.dataset)

    def beside_earlier(self, out_dir: str | Path, holds, label: str | None = None) -> "RunInfo":
        """This identity, or the same with the variant ``<variant>-run2`` (then -run3, ...): the first
        whose folder holds no earlier run, ``holds(folder)`` saying whether one does (the kind of run
        knows its files: a tracker's ``<seq>.txt``, a detector's ``<seq>.csv``, ...). A second run of
        the same method and settings is then saved beside the first instead of over it. A flat
        folder's (``variant`` None: ``<method>/``) goes to the sibling ``<method>-run2/`` (then -run3,
        ...), a flat folder of its own that ``find_runs`` lists; inside the first one (it was
        ``<method>/default-run2/``) it was never found: a folder holding result files is not descended."""
        info, k = self, 1
        while holds(info.folder(out_dir, label)):
            k += 1
            if not self.variant:
                info = replace(self, flat_run=k)
            else:
                info = replace(self, variant=f"{self.variant}-run{k}")
        return info

    def manifest(self) -> dict:
        from workbench import __version__

        d = asdict(self)
        d.pop("flat_run", None)
        d["workbench_version"] = __version__
        return d


def free_folder(base: str | Path) -> Path:
    """The first of ``base``, ``base-2``, ``base-3`` ... that does not exist yet or is an empty folder:
    where a new piece of work goes without replacing an earlier one."""
    base = Path(base)
    k = 1
    while True:
        folder = base if k == 1 else base.with_name(f"{base.name}-{k}")
        try:
            if not folder.exists() or (folder.is_dir() and not any(folder.iterdir())):
                return folder
        except OSError:
            pass
        k += 1


def run_dir(out_dir: str | Path, method: str, variant: str | None = None, dataset: str | None = None) -> Path:
    for part, what in ((method, "method / run name"), (variant, "variant")):
        if part is not None and part != "" and not is_file_name(str(part)):
            raise WorkbenchError(f"{what} {part!r} is not a folder name (no '/' or '\\', not '.' or '..'): "
                                 f"results stay inside {out_dir}")
    root = Path(out_dir)
    if dataset:
        root = root / safe_name(dataset)
    root = root / method
    return root / variant if variant else root


def read_manifest(folder: str | Path) -> dict | None:
    """The manifest of a run folder, or None when it has none; a damaged one is a DataError."""
    p = Path(folder) / MANIFEST
    if p.is_dir():  # (skipped, the run was read as one without a manifest: other boxes, no word)
        raise DataError(p, "a folder where the run's manifest file is due; move it away")
    if not p.is_file():
        return None
    text = ""
    try:
        text = p.read_text(encoding="utf-8")
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        from workbench.core.data.groundtruth import json_cut_short

        if json_cut_short(exc, text):  # was "not valid JSON at column 5" (a run killed while writing it)
            how = "empty" if not text.strip() else "cut short: it ends before its brackets close"
            raise DataError(p, f"damaged run manifest ({how}; a run or copy stopped while writing it?): repair it, "
                               "or move it away to read the run as one without a manifest", line=exc.lineno) from None
        raise DataError(p, f"damaged run manifest (not valid JSON at column {exc.colno})", line=exc.lineno) from None
    except UnicodeDecodeError as exc:
        raise DataError(p, f"damaged run manifest (byte {exc.start + 1} is not UTF-8 text): repair it, or move it away "
                           "to read the run as one without a manifest") from None
    except OSError as exc:
        raise DataError(p, f"not a readable run manifest: {exc.strerror or exc}") from None
    if not isinstance(data, dict):
        raise DataError(p, "not a run manifest (expected a JSON object)")
    data.setdefault("sequences", {})
    problem = _manifest_problem(data)
    if problem:
        raise DataError(p, f"damaged run manifest: {problem}; repair it")
    return data


def _json_kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a text", bool: "true / false", type(None): "null"}.get(
        type(value), "a number")


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _manifest_problem(data: dict) -> str:
    """What is wrong with the records of a parsed manifest that the readers rely on ("" if nothing): every
    sequence record an object, its ``box_offset`` 0 or 1 (any other number would shift every box silently),
    its ``start_frame`` and its protocol runs' start frames counts."""
    seqs = data["sequences"]
    if not isinstance(seqs, dict):
        return f"'sequences' is {_json_kind(seqs)}, not an object of sequence name -> record"
    for name, entry in seqs.items():
        if not isinstance(entry, dict):
            return f"sequence {name!r}: its record is {_json_kind(entry)}, not an object"
        off = entry.get("box_offset")
        if off is not None and (isinstance(off, bool) or not isinstance(off, (int, float)) or off not in (0, 1)):
            return f"sequence {name!r}: 'box_offset' must be 0 or 1, not {one_line(repr(off), 40)}"
        if entry.get("start_frame") is not None and not _is_count(entry["start_frame"]):
            return f"sequence {name!r}: 'start_frame' must be a frame index (0, 1, ...), not " \
                   f"{one_line(repr(entry['start_frame']), 40)}"
        runs = entry.get("runs")
        if runs is None:
            continue
        if not isinstance(runs, list):
            return f"sequence {name!r}: 'runs' is {_json_kind(runs)}, not a list of run records"
        for k, run in enumerate(runs):
            if not isinstance(run, dict):
                return f"sequence {name!r}: run {k + 1} is {_json_kind(run)}, not an object"
            if not _is_count(run.get("start_frame", 0)):
                return f"sequence {name!r}: run {k + 1}: 'start_frame' must be a frame index (0, 1, ...), not " \
                       f"{one_line(repr(run.get('start_frame')), 40)}"
    return ""


def refuse_other_method(folder: str | Path, method: str) -> None:
    """A run folder whose manifest records another method is not written into: ``run --tracker kcf --name mil``
    wrote kcf's boxes over mil's run of the same sequence and relabelled the folder kcf (mil's run was lost)."""
    try:
        other = (read_manifest(folder) or {}).get("method")
    except DataError:
        return  # a damaged manifest is kept aside by update_manifest; it records nothing to go by
    if isinstance(other, str) and other and other != method:
        raise WorkbenchError(f"{folder}: holds runs of {other}; {method}'s results are not written over them: give "
                             "another --name (or another --out)")


_MANIFEST_LOCKS: dict[str, threading.Lock] = {}  # run folder -> the lock of its manifest's read-change-write
_LOCKS_LOCK = threading.Lock()


def manifest_lock(folder: str | Path) -> threading.Lock:
    """The lock a run folder's manifest is read, changed and written under in this process (``update_manifest``,
    ``record_maps``): the window records a run's maps on a worker while its GUI thread saves another sequence's
    run into the same folder; unlocked, the later write dropped the other's entry."""
    key = os.path.realpath(folder)  # one lock whether the folder is reached by its path or through a link
    with _LOCKS_LOCK:
        return _MANIFEST_LOCKS.setdefault(key, threading.Lock())


def update_manifest(folder: str | Path, shared: dict, sequence: str, entry: dict) -> Path:
    """Merge one sequence's entry into a run folder's manifest (the shared part is rewritten with the
    latest run's, which has the same settings by construction of the variant name); under ``manifest_lock``."""
    with manifest_lock(folder):
        return _update_manifest(Path(folder), shared, sequence, entry)


def _update_manifest(folder: Path, shared: dict, sequence: str, entry: dict) -> Path:
    try:
        old = read_manifest(folder) or {}
    except DataError:
        # a damaged manifest does not block the new results, and is kept beside them, not overwritten
        # (the user may repair it: its records say how the other sequences' files were written)
        k, keep = 1, folder / f"{MANIFEST}.damaged"
        while keep.exists():
            k += 1
            keep = folder / f"{MANIFEST}.damaged{k}"
        try:
            (folder / MANIFEST).replace(keep)
            old = {"damaged_manifest_kept": keep.name}
        except FileNotFoundError:  # another run saving beside this one moved it aside first
            try:
                old = read_manifest(folder) or {}
            except DataError:
                old = {}
    seqs = dict(old.get("sequences") or {})
    seqs[sequence] = entry
    data = {**shared, "created": old.get("created") or now_iso(), "updated": now_iso(), "sequences": seqs}
    if old.get("damaged_manifest_kept"):
        data["damaged_manifest_kept"] = old["damaged_manifest_kept"]
    return write_json(folder / MANIFEST, data)


def result_path(out_dir: str | Path, tracker: str, sequence: str, variant: str | None = None,
                dataset: str | None = None) -> Path:
    return run_dir(out_dir, tracker, variant, dataset) / f"{sequence}.txt"


@dataclass
class ResultRun:
    """One run folder found on disk: a method with one set of settings on one dataset."""

    label: str  # how reports name it: "kcf" (default settings or a flat folder), "kcf/search_scale=3"
    method: str
    variant: str | None  # None: a flat <method>/<seq>.txt folder
    dataset: str | None
    folder: Path
    files: dict[str, Path]  # sequence -> result file
    manifest: dict | None = None
    layout: str = "ours"  # ours | flat | pytracking | got10k | got10k-otb (flat, with the toolkit's times/) | otb-mat
    # a file of ``files`` -> every repetition of its sequence, it first (the GOT-10k toolkit's ``<seq>_001.txt``,
    # ``_002`` ...); only sequences with several are here
    repetitions: dict[Path, list[Path]] = field(default_factory=dict)

    def repetition_files(self, path: Path) -> list[Path]:
        """Every repetition of the sequence whose file (of ``files``) is ``path``: ``[path]`` but in a GOT-10k
        toolkit folder holding ``<seq>_002.txt`` ... beside it (``path`` is the lowest-numbered, ``_001``)."""
        return list(self.repetitions.get(Path(path), [Path(path)]))

    def box_offset(self, sequence: str, dataset_offset: int = 0, unmarked: str | None = None) -> int:
        """What to subtract from x, y of this run's file for ``sequence`` to get 0-based boxes.

        The manifest's ``box_offset`` for the sequence when it has one; else its ``boxes`` marker
        (``"dataset file"`` or ``"0-based"``); else ``unmarked`` when given (``"dataset file"`` or
        ``"0-based"``: how the user says a foreign or old folder was written); else by layout:
        pytracking and GOT-10k folders (its ``<seq>/<seq>_001.txt`` and its OTB experiment's flat folder with
        ``times/``) and the OTB toolkit's ``.mat`` files (``otb-mat``) are in the dataset file's frame, other flat
        folders and ours without a record are 0-based (what we wrote before files followed the dataset)."""
        entry = ((self.manifest or {}).get("sequences") or {}).get(sequence) or {}
        off = entry.get("box_offset")
        if isinstance(off, (int, float)) and not isinstance(off, bool):
            return int(off)
        if off is not None:  # a damaged record must not silently shift every box by a pixel
            raise DataError(self.folder / MANIFEST, f"sequence {sequence!r}: 'box_offset' must be 0 or 1, not {off!r}")
        mark = (self.manifest or {}).get("boxes") or unmarked
        if mark is None:
            mark = FILE_FRAME if self.layout in ("pytracking", "got10k", GOT10K_OTB, OTB_MAT) else ZERO_BASED
        if mark not in (FILE_FRAME, ZERO_BASED):
            raise DataError(self.folder / MANIFEST, f"'boxes' must be {FILE_FRAME!r} or {ZERO_BASED!r}, not {mark!r}")
        return int(dataset_offset) if mark == FILE_FRAME else 0

    def partial(self, sequence: str) -> dict | None:
        """``{"frame": k, "reason": ...}`` when this run's ``sequence`` stopped early (Ctrl-C, an
        unreadable frame, a cancel in the window): frames from k on were not tracked. None when it ran
        to the end, or when the folder has no record of it (a foreign file)."""
        return manifest_stop(((self.manifest or {}).get("sequences") or {}).get(sequence) or {})

    def start_frame(self, sequence: str) -> int | None:
        entry = ((self.manifest or {}).get("sequences") or {}).get(sequence) or {}
        s = entry.get("start_frame")
        return int(s) if isinstance(s, (int, float)) else None

    def maps_record(self, sequence: str) -> dict | None:
        """The manifest's ``maps`` record of ``sequence`` (``write_maps``): None when the run saved no maps."""
        entry = ((self.manifest or {}).get("sequences") or {}).get(sequence) or {}
        rec = entry.get("maps")
        return rec if isinstance(rec, dict) else None

    def maps_file(self, sequence: str) -> Path | None:
        """The maps file the manifest records for ``sequence`` (a file name in the run folder), None when it
        records none; a record naming a path outside the folder is a DataError."""
        rec = self.maps_record(sequence)
        if rec is None:
            return None
        name = rec.get("file")
        if not isinstance(name, str) or not is_file_name(name):
            raise DataError(self.folder / MANIFEST, f"sequence {sequence!r}: 'maps' names {name!r}, not a file "
                            "name in the run folder")
        return self.folder / name


def _subdirs(p: Path) -> list[Path]:
    return sorted(d for d in p.iterdir() if d.is_dir() and not d.name.startswith("."))


def _box_files(folder: Path) -> dict[str, Path]:
    """A run folder's box files, ``<seq>.txt``, by sequence: a ``<name>_time.txt`` is the times file of ``<name>``,
    not boxes, unless it has a times file of its own (``<name>_time_time.txt`` beside it or in ``times/``: an HDF5
    file's dataset ``/time`` is the sequence ``<stem>_time``, a folder may be called ``race_time``) or, with no
    ``<name>.txt`` beside it, the run's manifest records a sequence of its name or the folder has no manifest (a
    foreign one holding only ``race_time.txt``): such a run's box file was passed over and the run was "no result files
    found", never scored. ``is_box_file`` is the same rule for one file."""
    files = sorted(folder.glob("*.txt"))
    timed = {f.stem for f in files if f.stem.endswith("_time")}
    if not timed:
        return {f.stem: f for f in files}
    stems = {f.stem for f in files}
    boxes = {stem for stem in timed if f"{stem}_time" in stems or _times_folder_file(folder, stem).is_file()}
    doubt = {stem for stem in timed - boxes if stem[:-5] not in stems}
    if doubt:  # (the manifest read only where a name is in doubt: ours beside its <seq>.txt is a times file)
        boxes |= {stem for stem in doubt if _recorded_as_boxes(folder, stem)}
    return {f.stem: f for f in files if f.stem not in timed or f.stem in boxes}


def _times_folder_file(folder: Path, stem: str) -> Path:
    """``times/<stem>_time.txt``: the times of ``<stem>`` in the GOT-10k toolkit's OTB-style folders, and ours where
    ``<stem>_time.txt`` is the box file of a sequence ``<stem>_time`` (``runs.TrackingResult.save``)."""
    return folder / "times" / f"{stem}_time.txt"


def _recorded_as_boxes(folder: Path, stem: str) -> bool:
    """A ``<name>_time.txt`` with no ``<name>.txt`` beside it: boxes where the run's manifest records a sequence of
    its name (else a times file whose boxes are gone); in a folder with no manifest (pytracking's, pysot's) where
    its first line holding anything is a box, four numbers or more (else the times, one number a line, of a
    ``<name>`` whose boxes are gone: taken as boxes, export refused the whole run on its line 1)."""
    if not (folder / MANIFEST).is_file():
        return _starts_with_a_box(folder / f"{stem}.txt")
    seqs = (_manifest_or_none(folder) or {}).get("sequences")
    return isinstance(seqs, dict) and stem in seqs


def _starts_with_a_box(path: Path) -> bool:
    """Whether the first line of ``path`` that holds anything has four numbers or more (split as box files are, at
    commas, semicolons, tabs and spaces). A file that cannot be read counts as boxes: its reader then names why."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for _ in range(1000):  # blank lines before the first (a few at most; never the whole of a long file)
                line = f.readline(4096)
                if not line:
                    return False
                tokens = line.translate(_SEPARATORS)  # (box files' own rule: groundtruth).split()
                if tokens:
                    return sum(_is_number(t) for t in tokens[:8]) >= 4
    except OSError:
        return True
    return False


def is_box_file(path: str | Path) -> bool:
    """Whether ``path`` (``<name>.txt`` in a flat run folder) is a sequence's box file by ``_box_files``'s rule, not
    the times file of ``<name minus _time>``, read for this one file (no listing of the folder)."""
    path = Path(path)
    stem, folder = path.stem, path.parent
    if not stem.endswith("_time"):
        return True
    if (folder / f"{stem}_time.txt").is_file() or _times_folder_file(folder, stem).is_file():
        return True
    if (folder / f"{stem[:-5]}.txt").is_file():
        return False
    return _recorded_as_boxes(folder, stem)


def _other_protocol(folder: Path) -> bool:
    """Our VOT / TRE / SRE folders (``baseline``, ``tre``, ``sre`` with a manifest saying so) have the
    GOT-10k toolkit's shape but hold runs of another protocol: never one-pass results."""
    if folder.name not in ("tre", "sre", "baseline") or not (folder / MANIFEST).is_file():
        return False
    try:
        return (read_manifest(folder) or {}).get("protocol") in ("tre", "sre", "vot-supervised")
    except DataError:
        return False


def repetition_files(seq_dir: Path) -> list[Path]:
    """The repetitions of one sequence in the GOT-10k toolkit's layout, ``<seq>/<seq>_001.txt``, ``_002`` ...: the
    files its report reads (``ExperimentGOT10k.report`` globs ``<seq>_[0-9]*.txt``: the sequence's name, ``_``, a
    digit, anything, ``.txt``; so not ``<seq>_time.txt``), in the order of their number (``_001`` first)."""
    name = seq_dir.name
    found = [f for f in seq_dir.glob("*.txt") if f.name.startswith(name + "_") and f.is_file()
             and f.name[len(name) + 1:len(name) + 2].isdigit()
             and not f.name.endswith("_time.txt")]  # a VOT toolkit's <seq>_001_time.txt: times, never boxes

    def number(f: Path) -> tuple:
        digits = re.match(r"\d+", f.name[len(name) + 1:]).group(0)
        return int(digits), f.name

    return sorted(found, key=number)


def _got10k_files(folder: Path) -> dict[str, list[Path]]:
    """GOT-10k toolkit layout: ``<tracker>/<seq>/<seq>_001.txt``, ``_002.txt`` ... (``repetition_files``), per
    sequence its repetitions, the lowest-numbered first."""
    if _other_protocol(folder):
        return {}
    out = {}
    for d in _subdirs(folder):
        reps = repetition_files(d)
        if reps:
            out[d.name] = reps
    return out


GOT10K_OTB = "got10k-otb"
OTB_MAT = "otb-mat"  # the OTB toolkit's results_OPE/<seq>_<tracker>.mat (core.otb_mat): every tracker in one folder


def _got10k_times(folder: Path) -> bool:
    """Whether a flat ``<tracker>/<seq>.txt`` folder is the GOT-10k toolkit's OTB-style experiment's output
    (``ExperimentOTB._record``, also its UAV123, DTB70, LaSOT, TColor128, NfS experiments): the times in a
    ``times/<seq>_time.txt`` subfolder, which pysot-toolkit's flat folders have not, nor ours but for the times of a
    sequence beside one named ``<seq>_time`` (a manifest says it is ours: not the toolkit's unless it records an
    ``export-results --toolkit got10k``). Its boxes are in the dataset file's frame: it hands the tracker the file's
    first box."""
    if (folder / MANIFEST).is_file():
        return (_manifest_or_none(folder) or {}).get("exported_for") == "got10k"
    times = folder / "times"
    return times.is_dir() and any(times.glob("*_time.txt"))


def _is_run(folder: Path) -> bool:
    return (folder / MANIFEST).is_file() or bool(_box_files(folder))


def _holds_manifest(folder: Path) -> bool:
    """Whether a run's manifest is in ``folder`` or one or two levels down (``<method>/``, ``<method>/<variant>/``,
    ``<dataset>/<method>/<variant>/``): a folder of our runs, whatever its name."""
    return any(next(folder.glob(pattern), None) for pattern in (MANIFEST, f"*/{MANIFEST}", f"*/*/{MANIFEST}"))


def find_runs(out_dir: str | Path, dataset: str | None = None) -> list[ResultRun]:
    """Every tracker run folder under ``out_dir``: ``<method>/<seq>.txt`` (flat),
    ``<method>/<variant>/`` and ``<dataset>/<method>/<variant>/``; the OTB toolkit's ``<seq>_<tracker>.mat`` files
    (``otb_mat``), a run for each tracker: in ``out_dir`` itself, in its toolkit folders (``results_OPE*``; where
    there is none ``results{1}`` of ``results_TRE*``, ``otb_mat.one_pass_folders``), also those of its
    ``results/`` (the toolkit's folder given: its ``anno/``, ``initOmit/`` ... then not read as runs unless a
    ``manifest.json`` in them or one or two levels down makes them ours, its other folders read as any results
    folder's), or in a folder of ``out_dir`` with nothing but ``.mat`` files that are
    the toolkit's results (``otb_mat.holds_results``: other MATLAB files are not a tracker's). With
    ``dataset`` only that dataset's runs and the runs without a dataset level are returned."""
    from workbench.core import otb_mat

    root = Path(out_dir)
    found: list[tuple[str | None, str, str | None, Path]] = []
    if not root.is_dir():
        return []
    got: dict[Path, dict[str, list[Path]]] = {}
    mats: dict[tuple[Path, str], dict[str, Path]] = {}  # (folder, tracker) -> {seq: .mat file}
    own = otb_mat.protocol_of(root.name)
    mat_dirs = [root] if own in ("ope", "tre") or (own is None and otb_mat.holds_results(root)) else []
    # the toolkit's own folder given: its results/results_OPE* (or _TRE*); its anno/, initOmit/ ... hold the
    # groundtruth and its ranges as <seq>.txt, no tracker's boxes
    toolkit = (root / "results").is_dir() and otb_mat.toolkit_results(root / "results")
    if toolkit:
        mat_dirs += otb_mat.one_pass_folders(root / "results")
    mat_dirs += otb_mat.one_pass_folders(root)  # the toolkit's results/ given
    # ... unless one of ours goes by such a name (a dataset folder named tmp / anno run on): it holds a manifest
    # (a results_OPE* / _TRE* / _SRE* folder of text runs is read as what it holds)
    others = [d for d in _subdirs(root) if d not in mat_dirs
              and not (otb_mat.protocol_of(d.name) and otb_mat.mat_files(d))
              and not (toolkit and d.name in otb_mat.TOOLKIT_FOLDERS and not _holds_manifest(d))]
    # a folder of .mat files alone, when they are the toolkit's results (a first-level folder of a run's own, a
    # pytracking method, a dataset level, with a stray .mat beside its runs is read as what it is)
    mat_dirs += [d for d in others if otb_mat.mat_files(d) and not (_box_files(d) or _subdirs(d))
                 and otb_mat.holds_results(d)]
    for d in mat_dirs:
        for tracker, files in otb_mat.tracker_files(d, protocol_folder=True).items():
            mats[(d, tracker)] = files
            found.append((None, tracker, None, d))
    for d in others:
        if d in mat_dirs:
            continue
        if _other_protocol(d):
            continue
        if _box_files(d):
            found.append((None, d.name, None, d))
            continue
        g = _got10k_files(d)
        if g:
            got[d] = g
            found.append((None, d.name, None, d))
            continue
        subs = [e for e in _subdirs(d) if not _other_protocol(e)]
        runs = [e for e in subs if _is_run(e)]
        if runs:
            found += [(None, d.name, e.name, e) for e in runs]
            continue
        for e in subs:  # d is a dataset level
            g = _got10k_files(e)
            if g:
                got[e] = g
                found.append((d.name, e.name, None, e))
                continue
            for f in _subdirs(e):
                if _is_run(f):
                    found.append((d.name, e.name, f.name, f))
    test = LevelTest(dataset)  # its names, those earlier versions gave it (guarded) and, where the run's recorded root
    test.note_links((r[0], r[3]) for r in found)  # is its, those its root was opened under by another path (a link)
    levels = test.levels()
    several = levels is not None and len(levels) > 1
    if levels is not None:
        found = [r for r in found if r[0] is None or r[0] in levels]
    if several:  # the root's own level first: its files win where a class / split run holds the same sequence
        main = safe_name(dataset if isinstance(dataset, str) else next(iter(dataset)))
        found.sort(key=lambda r: r[0] != main)
    out, labels = [], set()
    for ds, method, variant, folder in found:
        reps = got.get(folder) or {}
        files = mats.get((folder, method)) or {seq: paths[0] for seq, paths in reps.items()} or _box_files(folder)
        if not files:
            continue
        manifest = test.manifest(folder)
        if not test.takes(ds, manifest, folder):  # another dataset's, under a generic name above the sequence or
            continue  # under the link's name
        if variant is None and ds is None and folder.parent == root and manifest is not None \
                and manifest.get("method") and manifest.get("variant") == folder.name:
            # a method's folder given as the results folder (OUT/<dataset>/<method>): its variants' runs, not flat
            # runs of a method called "default", named by the folder above them as their level names them
            method, variant = root.resolve().name, folder.name
        if (folder, method) in mats:
            layout = OTB_MAT
        elif folder in got:
            layout = "got10k"
        elif variant is None:
            layout = GOT10K_OTB if _got10k_times(folder) else "flat"
        else:
            layout = "ours" if manifest is not None else "pytracking"
        run = ResultRun("", method, variant, ds, folder, files, manifest, layout,
                        {paths[0]: paths for paths in reps.values() if len(paths) > 1})
        if several and ds is not None and any(_merge_level(r, run) for r in out if r.dataset is not None):
            continue  # one method and settings run class by class (LaSOT) or split by split: one run
        label = method if variant in (None, DEFAULT_VARIANT) else f"{method}/{variant}"
        if label in labels:  # a flat folder beside a default variant, or two datasets' runs
            label = f"{method}/{variant or '(flat)'}" + (f"@{ds}" if ds else "")
        if label in labels:  # still: one tracker in several folders (the OTB toolkit's results_OPE*): by its folder
            label = f"{label}@{folder.name}"
        first, k = label, 2
        while label in labels:
            label, k = f"{first}-{k}", k + 1
        labels.add(label)
        run.label = label
        out.append(run)
    return out


def _manifest_or_none(folder: Path) -> dict | None:
    """The run folder's manifest, None where it has none or a damaged one (the listing of its own name says so)."""
    try:
        return read_manifest(folder)
    except WorkbenchError:
        return None


def _merge_level(into: ResultRun, other: ResultRun) -> bool:
    """Adds to ``into`` the sequences of ``other``, the same method and settings stored under another
    ``<dataset>`` level of one dataset (a LaSOT class folder, a GOT-10k split, the root), when both are
    read the same way (layout, ``boxes`` marker); False, nothing changed, otherwise. Each was a tracker
    of its own in the tables ('kcf', 'kcf/default@bird', ...), each scored on a part of the dataset. The
    manifests merge as the protocols' runs merge (``merge_manifests``). A level without a manifest is merged only
    with one without a manifest: ours without one reads as pytracking's layout, and a GOT-10k-shaped folder with
    one as ours, so the layouts differ."""
    if (into.method, into.variant, into.layout) != (other.method, other.variant, other.layout) \
            or (into.manifest or {}).get("boxes") != (other.manifest or {}).get("boxes"):
        return False
    new = {s: p for s, p in other.files.items() if s not in into.files}
    into.files = {**into.files, **new}
    into.repetitions = {**into.repetitions, **{p: other.repetitions[p] for p in new.values() if p in other.repetitions}}
    into.manifest = merge_manifests(into.manifest, other.manifest, new)
    return True


def merge_manifests(manifest: dict | None, other: dict | None, sequences) -> dict | None:
    """``manifest`` with the ``sequences`` entries of ``other`` added: a run of the same method and settings stored
    under another ``<dataset>`` level of one dataset (a LaSOT class folder, a GOT-10k split), one-pass
    (``_merge_level``) or of a protocol (``evaluation.vot.protocol_folders``: VOT, TRE, SRE). Where the first level
    has no manifest (a VOT toolkit's ``baseline`` folder beside one of ours) and ``other`` records some of
    ``sequences``, the result is ``other``'s shared fields with those entries, so that their records (``box_offset``,
    a partial run's stop) are kept; the first level's own sequences have no entry there and read as they did
    without a manifest. ``manifest`` itself when ``other`` records none of ``sequences``."""
    theirs = (other or {}).get("sequences") or {}
    picked = {s: theirs[s] for s in sequences if s in theirs}
    if not picked:
        return manifest
    base = manifest if manifest is not None else {k: v for k, v in other.items() if k != "sequences"}
    return {**base, "sequences": {**(base.get("sequences") or {}), **picked}}


def find_method_runs(out_dir: str | Path, dataset: str | None = None,
                     kinds=("detector", "segmenter")) -> list[tuple[str, Path, dict]]:
    """``(label, folder, manifest)`` of the saved runs of detectors and segmenters (manifests whose
    ``kind`` is in ``kinds``): ``<dataset>/<method>/<variant>/`` of ``dataset`` (None: of any),
    ``<method>/<variant>/`` and the flat ``<method>/``, labelled as ``find_runs`` labels trackers' runs
    (which it finds by their box files; these keep CSVs or masks beside their manifest). A damaged
    manifest is left out (the trackers' listing says so)."""
    root = Path(out_dir)
    out, test = [], LevelTest(dataset)
    for pattern in (f"*/{MANIFEST}", f"*/*/{MANIFEST}", f"*/*/*/{MANIFEST}"):
        for path in sorted(root.glob(pattern)):
            parts = path.parent.relative_to(root).parts
            if any(p.startswith(".") for p in parts):  # a .<name>.*.part a killed export left, .git: as find_runs
                continue
            level = parts[0] if len(parts) == 3 else None
            if not test.may_take(level, path.parent):  # another dataset's: its manifest not read (LevelTest)
                continue
            try:
                manifest = test.manifest(path.parent)
            except WorkbenchError:
                continue
            if manifest is None or manifest.get("kind") not in kinds:
                continue
            if not test.takes(level, manifest, path.parent):  # as find_runs leaves it out
                continue
            method, variant = (parts[-2], parts[-1]) if len(parts) > 1 else (parts[0], None)
            out.append((method if variant in (None, DEFAULT_VARIANT) else f"{method}/{variant}", path.parent,
                        manifest))
    return out


def find_runs_in(roots, dataset: str | None = None) -> list[ResultRun]:
    """``find_runs`` over several result roots (ours and published trackers' folders side by side);
    a label found in two roots is prefixed with its root's folder name."""
    roots = [roots] if isinstance(roots, (str, Path)) else list(roots)
    if len(roots) == 1:
        return find_runs(roots[0], dataset)
    per_root = [(Path(r), find_runs(r, dataset)) for r in roots]
    out = [r for _, runs in per_root for r in runs]
    for r, label in zip(out, root_labels([(r.label, root) for root, runs in per_root for r in runs], True)):
        r.label = label
    return out


def root_labels(items, several: bool) -> list[str]:
    """The labels of runs found under several result roots (``items``: each run's ``(label, root)`` in order):
    with ``several`` roots, a label two runs hold is each one's ``<root folder name>:label``
    (``evaluation.folders.root_prefixes`` is that prefix, ``tracker_labels`` selects by it); then one still met
    twice is primed (``kcf'``), never a silent overwrite. ``find_runs_in`` and the VOT / TRE / SRE folders label so."""
    counts: dict[str, int] = {}
    for label, _root in items:
        counts[label] = counts.get(label, 0) + 1
    out, seen = [], set()
    for label, root in items:
        if several and counts[label] > 1:
            label = f"{Path(root).name or root}:{label}"
        while label in seen:
            label += "'"
        seen.add(label)
        out.append(label)
    return out


def match_names(files: dict, names) -> dict:
    """``files`` ({sequence name in a results folder: file}) keyed by the dataset's sequence ``names`` where a
    toolkit names a sequence otherwise. OTB's several-target sequences are ``Jogging-1`` here and in
    pysot-toolkit, ``Jogging.1`` in the OTB and GOT-10k toolkits, ``Jogging_1`` in pytracking: ``X.k`` / ``X_k``
    is read as ``X-k``. Human4's one box file is its second target: ``Human4-2`` here and in pysot-toolkit,
    ``Human4.2`` / ``Human4_2`` in the OTB toolkit / pytracking, plain ``Human4`` in the GOT-10k toolkit: ``X`` is
    read as ``X-k`` when that is the only ``X-<number>`` of the dataset. The OTB toolkit's ``.mat`` files are named
    as its sequence list names them (OTB-2013's ``basketball``, ``jogging-1``): those are matched ignoring case
    where one name of the dataset is so. A file of the dataset's own name always wins; names matching nothing are
    kept as they are (the callers leave them out)."""
    names = set(names)
    folded: dict[str, str | None] = {}  # lower case -> the dataset's one name so (None: several)
    for n in names:
        folded[n.lower()] = None if n.lower() in folded else n
    out = {k: v for k, v in files.items() if k in names}
    for k, v in files.items():
        if k in names:
            continue
        m = re.fullmatch(r"(.+)[._-](\d+)", k)
        cand = f"{m.group(1)}-{m.group(2)}" if m else None
        if cand not in names and Path(v).suffix.lower() == ".mat":
            cand = next((folded[c.lower()] for c in (k, cand) if c and folded.get(c.lower())), cand)
        if cand not in names:
            several = [n for n in names if n.startswith(f"{k}-") and n[len(k) + 1:].isdigit()]
            cand = several[0] if len(several) == 1 else None
        if cand is not None and cand not in out:
            out[cand] = v
        elif k not in out:
            out[k] = v
    return out


def sequence_file(files: dict, seq):
    """The result file of the sequence ``seq`` (a ``Sequence``) among ``files`` ({name in a results folder: file}),
    or None: its own name first, else another toolkit's name of it as ``match_names`` matches them for scoring
    (Jogging.1, Jogging_1, Human4, Human4.2, Human4_2 ...), so the window and export-video draw the files that
    scoring reads. The names matched against are the sequence's and those of the other targets of its folder
    (OTB's Jogging-1 / Jogging-2): a plain ``Jogging`` file of two targets is never guessed to be either."""
    name = seq.name
    if name in files:
        return files[name]
    for old in (getattr(seq, "meta", None) or {}).get("older_names") or ():
        if old in files:  # the name earlier versions saved its runs under (a HOT2020 false colour's HSI-FalseColor)
            return files[old]
    names = {name}
    m = re.fullmatch(r"(.+)-(\d+)", name)
    path = getattr(seq, "path", None)
    if m and path is not None and Path(path).is_dir() and Path(path).name == m.group(1):
        from workbench.core.data.otb import targets

        names |= {f"{m.group(1)}-{k}" for k in targets(Path(path))}
    return match_names(files, names).get(name)


def list_results(out_dir: str | Path, dataset: str | None = None) -> dict[str, dict[str, Path]]:
    """``{run label: {sequence: path}}`` for a results folder in any layout ``find_runs`` reads."""
    return {r.label: r.files for r in find_runs(out_dir, dataset)}


# --- masks and detections ------------------------------------------------------------------------

def mask_name(index: int) -> str:
    return f"{index:06d}"


def write_mask(path: str | Path, mask: np.ndarray) -> Path:
    """A bool mask as an 8-bit PNG (0 / 255), written atomically."""
    import cv2

    m = np.asarray(mask)
    if m.ndim != 2:
        raise ValueError(f"a mask must be 2-D, got shape {m.shape}")
    ok, buf = cv2.imencode(".png", np.where(m, 255, 0).astype(np.uint8))
    if not ok:
        raise OSError(f"{path}: PNG encoding failed")
    return atomic_write_bytes(path, buf.tobytes())


def read_mask(path: str | Path) -> np.ndarray:
    import cv2

    try:  # fromfile + imdecode: cv2.imread reads no non-ASCII path on Windows (None, as a damaged file)
        data = np.fromfile(str(path), dtype=np.uint8)
    except OSError as exc:
        raise DataError(path, f"cannot read the mask: {one_line(exc)}") from None
    img = cv2.imdecode(data, cv2.IMREAD_UNCHANGED) if data.size else None
    if img is None:
        raise DataError(path, "not a readable mask image")
    if img.ndim == 3:
        img = img.max(axis=2)
    return img > 0


def read_masks(folder: str | Path) -> dict[str, np.ndarray]:
    """``{name: bool mask}`` of a sequence's mask folder (``<run folder>/<seq>/``), sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(folder, "no such mask folder")
    return {p.stem: read_mask(p) for p in sorted(folder.glob("*.png"))}


DETECTION_HEADER = "frame,x,y,w,h,score,class"


def format_detections(per_frame) -> str:
    """``[(frame index, DetectOutput)]`` -> CSV text. A detection without a size is written as a
    zero-size box at its point, so (x + w/2, y + h/2) is always its point."""
    lines = [DETECTION_HEADER]
    for i, out in per_frame:
        boxes = out.boxes if out.boxes is not None else np.column_stack([out.points, np.zeros((len(out), 2))])
        for k in range(len(out)):
            x, y, w, h = boxes[k]
            if out.boxes is None:
                x, y = out.points[k]
            cls = ""
            if out.classes is not None:
                c = int(out.classes[k])
                cls = out.class_names[c] if 0 <= c < len(out.class_names) else str(c)
            lines.append(f"{int(i)},{x:.3f},{y:.3f},{w:.3f},{h:.3f},{out.scores[k]:.6g},{cls}")
    return "\n".join(lines) + "\n"


def write_detections(path: str | Path, per_frame, bom: bool = False) -> Path:
    """``format_detections`` written (``csvtable.write_csv``; ``bom``: a UTF-8 byte-order mark first, for Excel:
    ``read_detections`` reads it either way)."""
    from workbench.core.csvtable import write_csv

    return write_csv(path, format_detections(per_frame), bom)


def read_detections(path: str | Path, n_frames: int | None = None) -> dict[int, "object"]:
    """``{frame index: DetectOutput}`` of a detections CSV (frames without detections are absent,
    or empty outputs for every frame below ``n_frames``). Bad rows raise a DataError naming the line."""
    from workbench.core.methods import DetectOutput

    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()  # a byte-order mark (--csv-bom, Excel) dropped
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(p, f"cannot read detections: {exc}") from None
    if not lines or lines[0].strip().lower().split(",")[:6] != DETECTION_HEADER.split(",")[:6]:
        raise DataError(p, f"not a detections file: the first line must be {DETECTION_HEADER!r}", line=1)
    rows: dict[int, list] = {}
    names: list[str] = []
    for ln, text in enumerate(lines[1:], start=2):
        if not text.strip():
            continue
        parts = text.split(",")
        try:
            i = int(parts[0])
            x, y, w, h, sc = (float(v) for v in parts[1:6])
        except (ValueError, IndexError):
            raise DataError(p, f"expected frame,x,y,w,h,score[,class], got {text!r}", line=ln) from None
        if i < 0 or (n_frames is not None and i >= n_frames):
            raise DataError(p, f"frame {i} is outside the sequence's {n_frames} frames", line=ln)
        cls = parts[6].strip() if len(parts) > 6 else ""
        if cls and cls not in names:
            names.append(cls)
        rows.setdefault(i, []).append((x, y, w, h, sc, cls))
    out = {}
    for i in sorted(rows) if n_frames is None else range(n_frames):
        r = rows.get(i, [])
        b = np.array([[x, y, w, h] for x, y, w, h, _, _ in r], float).reshape(-1, 4)
        pts = b[:, :2] + b[:, 2:] / 2
        classes = np.array([names.index(c) if c else -1 for *_, c in r], int) if names else None
        out[i] = DetectOutput(pts, np.array([v[4] for v in r], float), b, classes, tuple(names))
    return out


def manifest_stop(entry: dict) -> dict | None:
    """``{"frame", "reason"}`` when a manifest's sequence entry says the run stopped early."""
    rec = entry.get("partial")
    if isinstance(rec, dict):
        return {"frame": rec.get("frame"), "reason": rec.get("reason") or "unreadable frame"}
    if entry.get("completed") is False:
        return {"frame": entry.get("tracked"), "reason": "cancelled"}
    return None


# --- exporting a run for another toolkit ---------------------------------------------------------

#: OTB-100's several-target sequences (``otb.targets``) as each toolkit names them; any other name is kept.
#: got10k datasets/otb.py: Jogging.1 / Skating2.1 and plain Human4 (its empty groundtruth_rect.1.txt dropped);
#: pysot-toolkit's OTB100.json: ours (Jogging-1, Human4-2); pytracking's otbdataset.py: Jogging_1 / Human4_2; the
#: OTB toolkit's configSeqs: Jogging.1 / Human4.2 (as ``match_names`` reads them back).
OTB_SEVERAL = ("Jogging-1", "Jogging-2", "Skating2-1", "Skating2-2", "Human4-2")
EXPORT_NAMES = {
    "got10k": {"Jogging-1": "Jogging.1", "Jogging-2": "Jogging.2", "Skating2-1": "Skating2.1",
               "Skating2-2": "Skating2.2", "Human4-2": "Human4"},
    "pysot": {},
    "pytracking": {n: n.replace("-", "_") for n in OTB_SEVERAL},
    "otb": {n: n.replace("-", ".") for n in OTB_SEVERAL},
}
from workbench.core.toolkits import EXPORT_TOOLKITS  # noqa: E402  (names only: the CLI reads them without numpy)


@dataclass
class ExportResult:
    folder: Path  # the tracker's folder written
    files: list  # box files written
    notes: list  # one line per sequence left out or changed (rows padded or dropped)
    times: list = field(default_factory=list)  # time files written beside them (``<seq>_time.txt``)
    manifest: Path | None = None  # the manifest written beside them, None when none
    label: str = ""  # the run's label (``ResultRun.label``)
    unchanged: bool = False  # ``files`` were there already with this text: nothing written (an identical rerun)
    manifest_added: bool = False  # unchanged boxes, but ``manifest`` was missing (an older export): written alone

    def said(self) -> str:
        """'3 box files, 3 time files and manifest.json': what was written, each kind counted."""
        parts = [f"{len(self.files)} box file{'' if len(self.files) == 1 else 's'}"]
        if self.times:
            parts.append(f"{len(self.times)} time file{'' if len(self.times) == 1 else 's'}")
        if self.manifest is not None:
            parts.append(self.manifest.name)
        return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def time_file(path: str | Path) -> Path | None:
    """The times file of a result file, None when it has none: ``<seq>_time.txt`` beside ``<seq>.txt`` (ours,
    pytracking), ``times/<seq>_time.txt`` (the GOT-10k toolkit's OTB-style experiments) and, for a repetition
    ``<seq>/<seq>_001.txt`` of the GOT-10k toolkit's layout, ``<seq>/<seq>_time.txt``: one column per repetition,
    in the order they were run (its ``_record`` adds a column each run).
    A ``<seq>_time.txt`` beside it that is the box file of a sequence ``<seq>_time`` (``is_box_file``: a folder
    sequence ``race_time`` beside ``race``) is not its times: then ``times/<seq>_time.txt`` (where ours are saved
    then) or none."""
    path = Path(path)
    beside = path.with_name(f"{path.stem}_time.txt")
    cands = [beside, _times_folder_file(path.parent, path.stem)]
    if repetition_number(path) is not None:
        cands.append(path.with_name(f"{path.parent.name}_time.txt"))
    for f in cands:
        if f.is_file() and not (f == beside and is_box_file(f)):
            return f
    return None


def read_times(path: str | Path) -> np.ndarray:
    """A times file as ``(frames, columns)`` seconds: one column (ours, pytracking, the GOT-10k toolkit's OTB-style
    experiments) or one per repetition, comma separated (the GOT-10k toolkit's ``<seq>_time.txt``); ``nan`` kept.
    A ``DataError`` naming the file when it is not numbers."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        return np.loadtxt(path, delimiter="," if "," in text else None, ndmin=2, dtype=float)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise DataError(path, f"not a times file (seconds per frame, one column per run): {one_line(exc)}") from None


def saved_times(path: str | Path, run: "ResultRun | None" = None) -> tuple[np.ndarray | None, str | None]:
    """The per-frame seconds saved with result file ``path`` (``time_file``), and None or why there are none to use:
    the file's one column, or in a GOT-10k toolkit folder (``run.layout`` "got10k"; a ``<seq>/<seq>_00k.txt`` without
    ``run``) column k of ``<seq>_time.txt``, its repetition k's. ``(None, None)`` when there is no times file."""
    f = time_file(path)
    if f is None:
        return None, None
    try:
        table = read_times(f)
    except DataError:
        return None, f"{f}: unreadable times"
    got10k = run.layout == "got10k" if run is not None else repetition_number(path) is not None
    k = (repetition_number(path) or 1) if got10k else 1
    if table.shape[1] < k:
        return None, f"{f}: {table.shape[1]} column(s), none for repetition {k}"
    return table[:, k - 1], None


def repetition_number(path: str | Path) -> int | None:
    """``k`` of a GOT-10k toolkit repetition file ``<seq>/<seq>_00k.txt``; None for other files."""
    path = Path(path)
    seq = path.parent.name
    tail = path.stem[len(seq) + 1:] if path.stem.startswith(seq + "_") else ""
    return int(tail) if tail.isdigit() else None


@dataclass
class _ExportPlan:
    """What ``export_run`` will write for one run, worked out before anything is written: its folder and
    per sequence (toolkit name, boxes, times or None)."""
    run: "ResultRun"
    toolkit: str
    folder: Path
    plans: list
    notes: list
    stops: dict = field(default_factory=dict)  # toolkit name -> the partial record of a run that stopped early
    # toolkit name -> how its file counts pixels, in words (the run's ``box_convention``, else ``convention_text``
    # of the offset it was written with), where that is known: the export's manifest says it per sequence
    conventions: dict = field(default_factory=dict)


def export_run(run: ResultRun, out_dir: str | Path, toolkit: str, tracker: str | None = None,
               parameter: str | None = None, offsets: dict | None = None, unmarked: str | None = None) -> ExportResult:
    """Write the result files of one run folder (``find_runs``) in ``toolkit``'s layout and names
    (``EXPORT_TOOLKITS``) under ``out_dir``, so that the toolkit scores them as it scores its own.

    Boxes: every one of these toolkits hands its tracker the first box of the dataset's groundtruth file and
    scores the result file against that file as it is, so files are written in the dataset file's frame (1-based
    on OTB-style data, ``file_box_offset``), as ours are. The run's files are brought there with the offset they
    record (``ResultRun.box_offset``); ``offsets`` ({seq: 0 or 1}, ``dataset_groundtruth``) is needed only for a
    folder that records none (ours from before the convention, an unmarked flat folder). Names: OTB's
    several-target sequences as the toolkit names them (``EXPORT_NAMES``). Rows: OTB's Tiger1 starts at frame 6
    here and in pysot-toolkit, pytracking and the OTB toolkit (349 rows), while the GOT-10k toolkit runs all 354
    frames: its file gets 5 ``nan`` rows first (frames not tracked, which that toolkit scores as failures; its
    first row is replaced by the groundtruth's anyway), and a GOT-10k file exported elsewhere loses them.
    pytracking refuses a file with ``nan`` rows ('Error: Invalid results'): such a sequence (a run started after
    frame 0, or stopped early) is left out with a note. Times are copied where the run has them.

    pysot-toolkit's, the OTB-names and the GOT-10k toolkit's folders are flat folders, which read as 0-based when
    unmarked (a GOT-10k one is known by its ``times/`` only, which a run without times does not give it): they get a
    ``manifest.json`` saying ``{"boxes": "dataset file"}`` (the toolkits ignore it), so they score here as there, and
    per sequence which numbers those are where known (``box_convention``: 1-based as OTB's files, 0-based, or the
    run's own words: LSOTB-TIR's training XML "unshifted")."""
    plan = _plan_export(run, out_dir, toolkit, tracker, parameter, offsets, unmarked)
    _refuse_taken(plan)
    return _write_export(plan)


def _plan_export(run: ResultRun, out_dir: str | Path, toolkit: str, tracker: str | None = None,
                 parameter: str | None = None, offsets: dict | None = None,
                 unmarked: str | None = None, frames: dict | None = None) -> _ExportPlan:
    """``export_run``'s boxes, names and folder for ``run``, read and checked; nothing written. ``frames``: {seq:
    its frame count} (the dataset's, ``--dataset``), else the count the run's manifest records: a file of another
    length is as ``eval`` reads it (``_fit_export``)."""
    from workbench.core.data.otb import INIT_OMIT

    if toolkit not in EXPORT_TOOLKITS:
        raise WorkbenchError(f"unknown toolkit {toolkit!r}; have {', '.join(EXPORT_TOOLKITS)}")
    tracker = tracker or safe_name(run.method if run.variant in (None, DEFAULT_VARIANT) else
                                   f"{run.method}_{run.variant}")
    for part, what in ((tracker, "tracker name"), (parameter, "parameter name")):
        if part is not None and not is_file_name(str(part)):
            raise WorkbenchError(f"{what} {part!r} is not a folder name (no '/' or '\\', not '.' or '..')")
    folder = Path(out_dir) / tracker
    if toolkit == "pytracking":
        folder = folder / (parameter or run.variant or DEFAULT_VARIANT)
    names = EXPORT_NAMES[toolkit]
    # a folder of another toolkit's names: ours first; the OTB toolkit's .mat (OTB-2013's lower-case basketball_x.mat)
    # by the dataset's names, as eval matches them
    files = match_names(run.files, {*OTB_SEVERAL, *(frames or {})} if run.layout == OTB_MAT else OTB_SEVERAL)
    plans, notes, stops, conventions = [], [], {}, {}
    for seq, path in sorted(files.items()):
        name = names.get(seq, seq)
        if not is_file_name(name):
            notes.append(f"{path}: left out: {name!r} is not a file name")
            continue
        raw = read_result_boxes(path)
        entry = ((run.manifest or {}).get("sequences") or {}).get(seq) or {}
        raw, why, skip = _fit_export(raw, seq, path, (frames or {}).get(seq), entry)
        if raw is None:
            notes.append(why)
            continue
        if why:
            notes.append(why)
        file_off = (offsets or {}).get(seq)
        if file_off is None and isinstance(entry.get("box_offset"), (int, float)):
            file_off = int(entry["box_offset"])  # ours: written in the dataset file's frame, recorded
        if file_off is None:
            if run.box_offset(seq, 1, unmarked) != 1:  # 0-based without a record: the dataset's frame is needed
                raise WorkbenchError(f"{path}: its boxes are 0-based and the dataset's groundtruth file may be "
                                     "1-based (OTB style): give the dataset to export it in that file's frame")
            boxes = raw  # a toolkit's own folder: already in the dataset file's frame
        else:
            boxes = raw - run.box_offset(seq, file_off, unmarked) * np.array([1.0, 1.0, 0.0, 0.0]) \
                + file_off * np.array([1.0, 1.0, 0.0, 0.0])
        reps = run.repetition_files(path)
        if len(reps) > 1:  # every layout exported to holds one run a sequence
            notes.append(f"{name}: {len(reps)} repetitions in {Path(path).parent}: only the first, {Path(path).name}, "
                         f"exported ({toolkit}'s layout holds one run a sequence); `workbench eval --protocol got10k` "
                         "of the source folder pools them all, as the GOT-10k toolkit does")
        times, why = saved_times(path, run)
        if why:
            notes.append(f"{why}: not copied")
        if times is not None and len(times) != len(boxes):
            times = None
        omit = INIT_OMIT.get(seq.lower(), 0)
        # whether its first rows are the GOT-10k toolkit's frames 1..omit: as eval reads it (frame_fit) where the
        # frame count is known (a GOT-10k toolkit's file without its times/ folder is a flat folder's, one of ours
        # of the sequence's frames in a got10k-layout folder is not longer), else as its layout says
        from_got10k = skip > 0 if skip is not None else run.layout in ("got10k", GOT10K_OTB)
        if omit and toolkit == "got10k" and not from_got10k:
            boxes = np.vstack([np.full((omit, 4), np.nan), boxes])
            times = None if times is None else np.concatenate([np.full(omit, np.nan), times])
            notes.append(f"{name}: {omit} nan rows first (frames 1..{omit}, before the frame the run started from, "
                         "are not tracked; the GOT-10k toolkit runs and scores them)")
        elif omit and toolkit != "got10k" and from_got10k and len(boxes) > omit:
            boxes, times = boxes[omit:], None if times is None else times[omit:]
            notes.append(f"{name}: the GOT-10k toolkit's first {omit} rows dropped (the others start at frame "
                         f"{omit + 1})")
        if toolkit == "pytracking" and not np.all(np.isfinite(boxes)):
            notes.append(f"{path}: left out: pytracking refuses files with nan rows (frames not tracked: a run "
                         "started after the first frame or stopped early)")
            continue
        plans.append((name, boxes, times))
        if file_off is not None:  # the run's own words where they are of this offset (LSOTB-TIR: "unshifted")
            said = entry.get("box_convention")
            conventions[name] = (said if isinstance(said, str) and entry.get("box_offset") == file_off
                                 else convention_text(file_off))
        stop = run.partial(seq)
        if stop is not None:  # its nan rows went out as a whole run's: carried in the manifest, said in a note
            stops[name] = _exported_stop(stop, len(boxes) - len(raw))
            notes.append(_stop_note(name, stops[name], toolkit))
    if toolkit in ("pysot", "pytracking"):  # their times sit beside the boxes as <seq>_time.txt: that name is the box
        names = {name for name, _b, _t in plans}  # file of a sequence <seq>_time exported with it (race, race_time)
        for k, (name, boxes, times) in enumerate(plans):
            if times is not None and f"{name}_time" in names:
                plans[k] = (name, boxes, None)
                notes.append(f"{name}: times not copied: {toolkit}'s times file {name}_time.txt is the box file of "
                             f"the sequence {name}_time")
    return _ExportPlan(run, toolkit, folder, plans, notes, stops, conventions)


def _fit_export(raw: np.ndarray, seq: str, path, n_frames, entry: dict) -> tuple[np.ndarray | None, str | None,
                                                                                int | None]:
    """A result file's rows for export, as ``eval`` reads them (``frame_fit``), a note, and how many of its first
    rows are not the sequence's frames (None: not known): a file shorter than its sequence (``n_frames``: the
    dataset's count; without it the count the run's manifest records, ``frames``) is left out (None), naming the
    file and both lengths, as ``eval`` leaves it out of the scores and the toolkits refuse it; a longer one loses
    its rows after the last frame, as ``eval``, the LaSOT toolkit and pytracking cut it. Not known (a foreign folder
    exported without ``--dataset``): kept as it is. The GOT-10k toolkit's Tiger1 (5 rows more, ``otb.toolkit_rows``)
    is its full length. An OTB toolkit ``.mat`` of no run (``otb_mat.ope_boxes``) is left out whatever the count:
    there are no boxes to write, and ``eval`` scores it 0 (``fit_to_frames``)."""
    if not len(raw) and Path(path).suffix.lower() == ".mat":
        return None, (f"{path}: no run in it: not exported (`workbench eval` scores it 0 on every frame, as the "
                      "OTB toolkit does)"), None
    how = "the dataset's"
    if n_frames is None:
        n_frames, how = entry.get("frames"), "its run's manifest's"
    if not _is_count(n_frames):
        return raw, None, None
    n_frames = int(n_frames)
    skip, extra = frame_fit(len(raw), n_frames, seq)
    rows = n_frames + extra
    if extra < 0:
        return None, (f"{path}: left out: {rows} rows but sequence {seq!r} has {n_frames} frames ({how} count); "
                      "`workbench eval` leaves it out of the scores too and the toolkits refuse it (which frames "
                      "its rows are is not known)"), skip
    if extra > 0:
        return raw[:skip + n_frames], (f"{path}: {rows} rows but sequence {seq!r} has {n_frames} frames ({how} "
                                       f"count): the {extra} row(s) after them dropped, as `workbench "
                                       "eval`, the LaSOT toolkit and pytracking cut a longer file"), skip
    return raw, None, skip


def _exported_stop(stop: dict, shift: int) -> dict:
    """A run's partial record for its exported file, whose rows are ``shift`` more (the GOT-10k toolkit's first
    rows of Tiger1 added, or fewer: dropped) than the run's own."""
    frame = stop.get("frame")
    if isinstance(frame, (int, float)) and not isinstance(frame, bool):
        frame = max(0, int(frame) + shift)
    return {"frame": frame, "reason": stop.get("reason")}


def _stop_note(name: str, stop: dict, toolkit: str) -> str:
    """What an export says of a run that stopped early: its nan rows are scored as failures by the toolkit, which
    knows no partial runs; where the mark goes (``manifest.json``, which ``eval`` here reads; pytracking's layout
    has none)."""
    frame = stop.get("frame")
    at = f" at frame index {frame}: " if isinstance(frame, int) else ": "
    kept = ("marked partial in its manifest.json (`workbench eval` of the export flags it *; the toolkit itself "
            "does not read it)" if toolkit in ("pysot", "otb", "got10k") else "its layout cannot mark it partial")
    return (f"{name}: a partial run (stopped{at}{stop.get('reason')}): the frames it did not track are nan rows, "
            f"which {toolkit}'s toolkit scores as failures; {kept}")


def _refuse_taken(plan: "_ExportPlan") -> None:
    targets = [plan.folder / f"{name}.txt" for name, _, _ in plan.plans]
    taken = [t for t in targets if t.exists()]
    if taken:
        raise WorkbenchError(f"{plan.folder}: already holds {taken[0].name}" + (f" and {len(taken) - 1} more" if
                             len(taken) > 1 else "") + ": export into another folder, or under another tracker name")


def _export_files(plan: "_ExportPlan") -> list[tuple[Path, str, object]]:
    """Every file one run's export writes, as (path in its tracker folder, kind, what it holds), in the order
    written: a sequence's box file ("boxes", its text) then its times ("times", the seconds; none in OTB's layout,
    GOT-10k's under ``times/``), then the ``manifest.json`` ("manifest", the dict) of the flat layouts that read as
    0-based unmarked. ``_export_text`` gives each one's text, ``_export_write`` writes it."""
    run, toolkit = plan.run, plan.toolkit
    sep = "\t" if toolkit == "pytracking" else ","
    files = []
    for name, boxes, times in plan.plans:
        files.append((Path(f"{name}.txt"), "boxes", format_boxes(boxes, sep)))
        if times is not None and toolkit != "otb":
            tdir = Path("times") if toolkit == "got10k" else Path()
            files.append((tdir / f"{name}_time.txt", "times", times))
    if toolkit in ("pysot", "otb", "got10k") and plan.plans:
        files.append((Path(MANIFEST), "manifest", {
            "boxes": FILE_FRAME, "exported_for": toolkit, "method": run.method, "variant": run.variant,
            "source": str(Path(run.folder).resolve()),  # where it came from, however the folder was typed
            # per sequence: its numbers' convention in words where known (0- / 1-based as the dataset's file), and
            # a partial run's record
            "sequences": {n: {**({"box_convention": plan.conventions[n]} if n in plan.conventions else {}),
                              **({"partial": plan.stops[n]} if n in plan.stops else {})}
                          for n, _b, _t in plan.plans if n in plan.conventions or n in plan.stops}}))
    return files


def _export_text(kind: str, value) -> str:
    """The text of one of ``_export_files``' files, as ``_export_write`` writes it."""
    return {"boxes": str, "times": times_text, "manifest": json_text}[kind](value)


def _export_write(path: Path, kind: str, value) -> Path:
    """One of ``_export_files``' files written (``write_times`` / ``write_json`` for times and manifest)."""
    return {"boxes": atomic_write_text, "times": write_times, "manifest": write_json}[kind](path, value)


def same_export_text(path: Path, text: str) -> bool:
    """Whether the export's file ``path`` holds ``text`` already. A ``manifest.json`` is compared as JSON without its
    ``"source"`` (the results folder it was exported from): the same runs typed as ``res`` and as ``/abs/res``, or
    from another working folder, or after the results folder moved, are the same export; all else in it (boxes'
    convention, toolkit, method, variant, partial runs) must match but the sequences' ``box_convention`` words,
    which describe the box files compared themselves (an export made before it wrote them is the same export)."""
    try:
        there = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if there == text:
        return True
    if Path(path).name != MANIFEST:
        return False
    try:
        old, new = json.loads(there), json.loads(text)
    except ValueError:
        return False
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return False
    for data in (old, new):
        data.pop("source", None)
        seqs = data.get("sequences")
        if isinstance(seqs, dict):  # a record that held the words alone is no record
            bare = {k: {f: v for f, v in e.items() if f != "box_convention"} if isinstance(e, dict) else e
                    for k, e in seqs.items()}
            data["sequences"] = {k: e for k, e in bare.items() if e != {}}
    return old == new


def _first_difference(plans: list) -> tuple[Path, Path] | None:
    """(tracker folder, file) of the first file of this export (``_export_files`` of each run, in order) that is not
    in its folder with the text it would write (``same_export_text``); None when every one is."""
    for plan in plans:
        for rel, kind, value in _export_files(plan):
            if not same_export_text(plan.folder / rel, _export_text(kind, value)):
                return plan.folder, plan.folder / rel
    return None


def _identical(plans: list) -> bool:
    """Whether this export is there already: every file of every run's export (``_export_files``: boxes, times,
    manifest) is in its folder with the text it would write (``same_export_text``: a manifest's ``source`` aside; a
    run with nothing to write writes nothing either way). The same export again, which writes nothing
    (``_as_there``)."""
    return any(plan.plans for plan in plans) and _first_difference([p for p in plans if p.plans]) is None


def _as_there(plan: "_ExportPlan") -> ExportResult:
    """The ``ExportResult`` of a run whose export is there already (``_identical``), marked ``unchanged``: nothing
    written, the files' dates kept. A hidden folder a killed export of it left is removed or named, as a write's."""
    notes = list(plan.notes) + stale_note(*stale_stages(plan.folder), f"an export of {plan.folder.name}")
    got: dict[str, list[Path]] = {"boxes": [], "times": [], "manifest": []}
    for rel, kind, _value in _export_files(plan):
        got[kind].append(plan.folder / rel)
    return ExportResult(plan.folder, got["boxes"], notes, got["times"], (got["manifest"] or [None])[0],
                        label=plan.run.label, unchanged=bool(plan.plans))


def _write_export(plan: "_ExportPlan") -> ExportResult:
    """Write one run's export whole or not at all: a new tracker folder is written in a hidden ``.<name>.*.part``
    folder beside it (``atomic.staging_folder``) and renamed into place when whole (one a killed export left is
    removed or named: ``atomic.stale_stages``); into a folder already there (other sequences exported
    before) the files it makes are removed again, and those it replaced (times, manifest) put back, if the export
    stops (Ctrl-C, SIGTERM, a full disk). An interrupted export left a tracker folder with 1 of 3 files and no
    manifest, which nothing marked as incomplete and which the same command then refused to write over."""
    import shutil

    folder, notes = plan.folder, plan.notes
    if not plan.plans:  # every file left out (the notes say why): no empty tracker folder is made for it
        return ExportResult(folder, [], notes, label=plan.run.label)
    fresh = []  # the folders this export makes (the tracker's and any above it), deepest first
    for p in (folder, *folder.parents):
        if p.exists():
            break
        fresh.append(p)
    writable_folder(folder.parent, "--out")
    # what an export of this folder that was killed (SIGKILL: nothing could remove it) left: removed or named
    notes.extend(stale_note(*stale_stages(folder), f"an export of {folder.name}"))
    stage = None
    if folder in fresh:
        try:
            stage = staging_folder(folder)
        except OSError as exc:
            raise write_error(folder, exc, kept="nothing of this tracker was exported") from None
    where = stage or folder
    made: list[Path] = []  # files made in a folder already there: removed if the export stops
    replaced: dict[Path, bytes] = {}  # files there before, which it writes over: put back if it stops

    def put(path: Path, write, *a) -> Path:
        if stage is None:
            if path.is_file():
                replaced.setdefault(path, path.read_bytes())
            elif not path.parent.exists():
                made.append(path.parent)
            made.append(path)
        try:
            write(path, *a)
        except WorkbenchError as exc:  # named as the file it would have been, not the hidden staging folder's
            raise WorkbenchError(str(exc).replace(str(where), str(folder))) from None
        return folder / path.relative_to(where)

    written, timed, manifest = [], [], None
    try:
        for rel, kind, value in _export_files(plan):
            path = put(where / rel, _export_write, kind, value)
            if kind == "manifest":
                manifest = path
            else:
                (timed if kind == "times" else written).append(path)
        if stage is not None:
            try:
                os.rename(stage, folder)
            except OSError as exc:  # the folder was made meanwhile by someone else
                raise write_error(folder, exc, kept="nothing of this tracker was exported",
                                  todo="export into another folder") from None
    except BaseException:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
        for path in reversed(made):
            try:
                path.rmdir() if path.is_dir() else path.unlink()
            except OSError:
                pass
        for path, data in replaced.items():
            try:
                atomic_write_bytes(path, data)
            except (OSError, WorkbenchError):
                pass
        # the tracker folder (never made when it was staged), then any folder above it this export made (--out
        # and its parents, by writable_folder), while empty: the first missing one stopped it and left those behind
        for p in fresh:
            try:
                p.rmdir()
            except FileNotFoundError:
                continue
            except OSError as exc:
                if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):  # something else is in it, and so in those above
                    break
        raise
    return ExportResult(folder, written, notes, timed, manifest, label=plan.run.label)


def protocols_held(results_dir) -> list[str]:
    """The other protocols whose runs ``results_dir`` (a folder or several) holds: ``vot`` (``baseline``),
    ``tre``, ``sre``; for the hint of a command that found no one-pass result files there."""
    roots = [results_dir] if isinstance(results_dir, (str, Path)) else list(results_dir)
    have = []
    for proto, folder in (("vot", "baseline"), ("tre", "tre"), ("sre", "sre")):
        if any(Path(r).name == folder or any(Path(r).glob(pat + folder)) for r in roots
               for pat in ("", "*/", "*/*/", "*/*/*/")):
            have.append(proto)
    return have


def one_pass_only_hint(results_dir) -> str:
    """``"; it holds VOT runs: ..."`` for a command that reads one-pass result files only, "" when the folder
    holds no other protocol's runs."""
    have = protocols_held(results_dir)
    return (f"; it holds {' / '.join(p.upper() for p in have)} runs, which only `workbench eval --protocol "
            f"{have[0]}` reads: give one-pass results (`workbench run` without --protocol)" if have else "")


def run_folder_hint(results_dir) -> str:
    """``"; it is one run's folder ..."`` when a folder given as a results folder is itself a run folder (it holds a
    run manifest): the runs are found in the folders below a results folder, so it held "no result files" (or
    VOT / TRE / SRE runs, its baseline/ tre/ sre/ folders) without a word of why; likewise where it holds the OTB
    toolkit's results_TRE / results_SRE ``.mat`` files only (``--protocol tre|sre`` reads them); "" otherwise."""
    from workbench.core.otb_mat import protocol_folders_held

    roots = [results_dir] if isinstance(results_dir, (str, Path)) else list(results_dir)

    for root in roots:
        held = protocol_folders_held(root)
        if held:
            return (f"; {', '.join(held)} hold{'s' if len(held) == 1 else ''} the OTB toolkit's TRE / SRE results "
                    "(<seq>_<tracker>.mat), not one-pass ones: score them with `workbench eval --protocol tre` "
                    "(or sre)")
        if not (Path(root) / MANIFEST).is_file():
            continue
        try:
            method = (read_manifest(root) or {}).get("method")
        except DataError:
            method = None
        held = [(p, f) for p, f in (("vot", "baseline"), ("tre", "tre"), ("sre", "sre")) if (Path(root) / f).is_dir()]
        also = "".join(f"; its {f}/ holds its {p.upper()} runs too, which `workbench eval --protocol {p}` of that "
                       "results folder reads" for p, f in held)
        return (f"; {root} is one run's folder (of {method or 'a tracker'}, its {MANIFEST} beside the boxes): give "
                f"the results folder it is in (the --out of `workbench run`){also}")
    return ""


def _other_dataset_hint(results_dir, dataset) -> str:
    """``"; it holds runs of dataset 'x' ..."`` when the folder's one-pass runs are of other datasets only."""
    if not dataset:
        return ""
    try:
        others = sorted({r.dataset for r in find_runs_in(results_dir) if r.dataset})
    except WorkbenchError:
        return ""
    names = ", ".join(map(repr, others[:3])) + (" ..." if len(others) > 3 else "")
    return (f"; it holds one-pass runs of dataset {names} only (named for the folder the data was in when run): give "
            "the --dataset they were made on" if others else "")


def export_results(results_dir, out_dir: str | Path, toolkit: str, trackers: list[str] | None = None,
                   dataset=None, offsets: dict | None = None, unmarked: str | None = None,
                   names: dict | None = None, on_written=None, same=None,
                   frames: dict | None = None) -> list[ExportResult]:
    """``export_run`` for every run found under ``results_dir`` (``find_runs_in``; ``dataset``: its name or names,
    as scoring takes it), or the runs labelled ``trackers``; ``frames``: {seq: the dataset's frame count}, for the
    files' lengths (``_fit_export``; default: the counts the runs' manifests record); ``names``: {run label: tracker
    folder name} (default: method, and ``method_variant`` for settings other than the default). ``same(plan)``:
    whether a run's export (its ``_ExportPlan``) is in the destination already (default ``_same_export``: its files
    in ``out_dir``); an exporter that writes another layout from this one's (``rgbt_export``) compares its own
    layout in memory. Each run is exported whole or not at all (``_write_export``), one after another,
    ``on_written(result)`` called as each is whole; stopped (Ctrl-C, SIGTERM), the KeyboardInterrupt carries
    ``exported`` (the results whole) and ``not_exported`` (the labels not). The same export again (``_identical``:
    every file of every run in ``out_dir`` with the text it would write) writes nothing: each run's ``ExportResult``
    is marked ``unchanged``; a file there with another text, or one run exported there and another not, is refused
    before anything is written."""
    runs = {r.label: r for r in find_runs_in(results_dir, dataset)}
    if not runs:
        hint = run_folder_hint(results_dir) or _other_dataset_hint(results_dir, dataset)
        raise WorkbenchError(f"{results_dir}: no tracker result files found"
                             f"{hint or one_pass_only_hint(results_dir)}")
    chosen = trackers or sorted(runs)
    unknown = [t for t in chosen if t not in runs]
    if unknown:
        raise WorkbenchError(f"no run {', '.join(map(repr, unknown))}; have {', '.join(sorted(runs))}")
    same_export = same or _same_export
    _check_names(names or {}, runs, chosen, out_dir, toolkit, offsets, unmarked, same_export, frames)
    roots = [results_dir] if isinstance(results_dir, (str, Path)) else list(results_dir)
    dest = Path(out_dir).resolve()
    for root in roots:  # the copies became runs of the folder they were made from: read twice by eval
        if dest == Path(root).resolve() or Path(root).resolve() in dest.parents:
            raise WorkbenchError(f"--out {out_dir}: is inside the results folder {root} being exported; give a "
                                 "folder outside it")
    # every run planned before any is written: a second run bound for the folder of the first (two runs of one
    # method in two layouts, --name giving two runs one folder) was refused after the first was written
    plans = [_plan_export(runs[label], out_dir, toolkit, (names or {}).get(label), offsets=offsets,
                          unmarked=unmarked, frames=frames) for label in chosen]
    by_file: dict[Path, str] = {}
    for label, plan in zip(chosen, plans):
        for name, _, _ in plan.plans:
            other = by_file.setdefault(plan.folder / f"{name}.txt", label)
            if other != label:
                raise WorkbenchError(f"runs {other!r} and {label!r} would both be exported to "
                                     f"{plan.folder / (name + '.txt')}: give one of them its own folder with --name "
                                     f"{label}=FOLDER, or export one with --trackers")
    if _identical(plans):  # the same export again: nothing to write, said as such
        done = []
        for plan in plans:
            done.append(_as_there(plan))
            if on_written is not None:
                on_written(done[-1])
        return done
    same = [label for label, plan in zip(chosen, plans) if same_export(plan)]
    for plan in plans:
        try:
            _refuse_taken(plan)
        except WorkbenchError as exc:  # a rerun of an export that was stopped: what to type to export the rest
            differs = _first_difference([p for p, label in zip(plans, chosen) if label in same])
            raise WorkbenchError(f"{exc}{rerun_hint(chosen, same, differs)}") from None
    done: list[ExportResult] = []
    for label, plan in zip(chosen, plans):
        try:
            done.append(_write_export(plan))  # whole or nothing of it (Ctrl-C, SIGTERM, a full disk)
        except KeyboardInterrupt as stop:  # said by the command: what was exported whole, what was not
            stop.exported, stop.not_exported = list(done), chosen[len(done):]
            raise
        except WorkbenchError as exc:
            whole = (f"; exported whole before it: {', '.join(str(r.folder) for r in done)}" if done else "")
            raise WorkbenchError(f"{exc}; {label} was not exported (nothing of it is left in {out_dir}){whole}"
                                 ) from None
        if on_written is not None:
            on_written(done[-1])
    return done


def _check_names(names: dict, runs: dict, chosen: list, out_dir, toolkit: str, offsets, unmarked,
                 same=None, frames: dict | None = None) -> None:
    """``--name LABEL=FOLDER`` of a run that is not exported now: a misspelt label is refused (its run would go
    under the default name without a word), and so is a run left out of --trackers, unless its export under that
    name is there already (``same(plan)``, default ``_same_export``: in ``out_dir``): the rerun of a stopped export
    that the stop's message says (the same command with --trackers of the runs not exported) was refused for the
    --name of a run exported before the stop."""
    same = same or _same_export
    for label, folder in names.items():
        if label in chosen:
            continue
        if label not in runs:
            raise WorkbenchError(f"--name {label}=...: no run {label!r}; runs: {', '.join(sorted(runs))}")
        try:
            plan = _plan_export(runs[label], out_dir, toolkit, folder, offsets=offsets, unmarked=unmarked,
                                frames=frames)
        except WorkbenchError:
            plan = None
        if plan is None or not same(plan):
            raise WorkbenchError(f"--name {label}={folder}: {label} is not among the runs exported (--trackers "
                                 f"{','.join(chosen)}): add it to --trackers, or leave this --name out")


def _same_export(plan: "_ExportPlan") -> bool:
    """Whether every box file ``plan`` writes (``_export_files``' "boxes") is in its folder already with the text it
    would write (``same_export_text``): that run was exported there before, as now."""
    return bool(plan.plans) and all(same_export_text(plan.folder / rel, _export_text(kind, value))
                                    for rel, kind, value in _export_files(plan) if kind == "boxes")


def rerun_hint(chosen: list, same: list, differs: tuple[Path, Path] | None = None) -> str:
    """What to type when some of the runs are exported already (``same``): the command again for the others. All of
    them there with the same boxes, ``differs`` (tracker folder, file: ``_first_difference``) is the file that is
    not as this export writes it (its times or manifest): named, as what stands in the way."""
    if not same:
        return ""
    rest = [label for label in chosen if label not in same]
    said = f"; {', '.join(same)}: exported there already (the same boxes)"
    if rest:
        return said + f": to export the rest, the same command with --trackers {','.join(rest)}"
    if differs is not None:
        folder, file = differs
        return (said + f", but {file} is not what this export writes (its times or manifest differ): export into "
                f"another folder, or remove {folder} to export it there again")
    return said + ": nothing is left to export"


# --- a tracker's maps beside its result file ----------------------------------------------------------
#
# ``<seq>_maps.npz`` (numpy's zip of .npy arrays, deflated; read with ``allow_pickle=False``): per map name j
# (the order of ``meta["names"]``) ``m{j}_data`` (K, h, w[, c]) float16 (float32 for a map whose values
# float16 cannot hold), one row per frame that has the map, a smaller frame's map padded with NaN;
# ``m{j}_frames`` (K,) the 0-based frame of each row (frames without the map are absent);
# ``m{j}_shapes`` (K, ndim) each row's own shape; ``m{j}_regions`` (K, 4) the frame rectangle x, y, w, h (frame
# pixels, 0-based) the map covers, NaN for the whole frame. ``meta``: UTF-8 JSON as uint8 (format, version,
# frames of the sequence, sequence, names, dtypes).

MAPS_FORMAT = "workbench-maps"
MAPS_VERSION = 1
MAPS_SUFFIX = "_maps.npz"
_FLOAT16_MAX = float(np.finfo(np.float16).max)


def maps_path(result_file: str | Path) -> Path:
    """The maps file beside a result file: ``<seq>_maps.npz`` beside ``<seq>.txt``."""
    p = Path(result_file)
    return p.with_name(p.stem + MAPS_SUFFIX)


def fits_float16(datas) -> bool:
    """Whether float16 holds every finite value of the arrays ``datas`` (else maps are kept as float32)."""
    for d in datas:
        f = d[np.isfinite(d)] if np.issubdtype(d.dtype, np.floating) else d
        if f.size and float(np.max(np.abs(f))) > _FLOAT16_MAX:
            return False
    return True


def _maps_chosen(maps: dict, n_frames: int, names) -> tuple[list[int], list[str]]:
    frames = sorted(int(i) for i in maps if 0 <= int(i) < n_frames and maps[i])
    published = sorted({k for i in frames for k in maps[i]})
    return frames, [n for n in (names or published) if n in published]


def plan_maps(path: str | Path, maps: dict, n_frames: int, names=None, note: str = "") -> dict | None:
    """The manifest record ``write_maps`` will give, less what only the writing tells (``bytes``, ``dtype``):
    the window records it with the boxes and writes the file on a worker (one manifest write per run).
    None when there is no map of ``names`` to write."""
    frames, chosen = _maps_chosen(maps, n_frames, names)
    held = [i for i in frames if any(n in maps[i] for n in chosen)]
    if not held:
        return None
    rec = {"file": Path(path).name, "names": chosen, "frames": len(held), "first": held[0], "last": held[-1]}
    if note:
        rec["note"] = note
    return rec


def write_maps(path: str | Path, maps: dict, n_frames: int, names=None, sequence: str = "",
               note: str = "", shown: str | Path | None = None) -> dict | None:
    """Write the maps a tracker published (``{frame: {name: MapLayer}}``) to ``path`` (``maps_path``), the
    names in ``names`` (None or empty: every name it published); returns the manifest record (``file``,
    ``names``, ``frames`` holding a map, ``first`` / ``last`` frame, ``bytes``, ``dtype``, ``note``), or None
    when there is no map of those names to write (nothing is written then). ``note``: why frames are missing
    (the window keeps only the latest frames' maps beyond its memory budget). ``shown``: the file errors name and
    the record's ``file`` (default ``path``), where ``path`` is a temporary file renamed over it later."""
    path = Path(path)
    frames, chosen = _maps_chosen(maps, n_frames, names)
    rec = plan_maps(path if shown is None else shown, maps, n_frames, names, note)
    if rec is None:
        return None
    arrays, dtypes = {}, []
    for j, name in enumerate(chosen):
        idx = [i for i in frames if name in maps[i]]
        datas = [np.asarray(maps[i][name].data) for i in idx]
        datas = [d.real if np.iscomplexobj(d) else d for d in datas]
        ndims = {d.ndim for d in datas}
        if len(ndims) != 1:
            raise WorkbenchError(f"{name!r} map: frames of {sorted(ndims)} dimensions; not saved")
        dtype = np.float16 if fits_float16(datas) else np.float32
        shapes = np.array([d.shape for d in datas], np.int32).reshape(len(datas), -1)
        stack = np.full((len(datas), *shapes.max(axis=0)), np.nan, dtype)
        for k, d in enumerate(datas):
            stack[(k, *(slice(0, s) for s in d.shape))] = d
        regions = np.full((len(idx), 4), np.nan)
        for k, i in enumerate(idx):
            r = maps[i][name].region
            if r is not None:
                regions[k] = [float(v) for v in r]
        arrays.update({f"m{j}_data": stack, f"m{j}_frames": np.asarray(idx, np.int32), f"m{j}_shapes": shapes,
                       f"m{j}_regions": regions})
        dtypes.append(np.dtype(dtype).name)
    meta = {"format": MAPS_FORMAT, "version": MAPS_VERSION, "frames": int(n_frames), "sequence": sequence,
            "names": chosen, "dtypes": dtypes}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), np.uint8)
    # compressed into the file as it goes, not into memory first (a copy of the whole archive, and another of it
    # as bytes: 19 MB more for 3,000 frames' maps)
    with atomic_path(path, shown=shown) as tmp, open(tmp, "wb") as f:
        np.savez_compressed(f, **arrays)
        # its size where it is a file: a pipe or device it was written into has none ('Illegal seek' after the
        # whole archive was written)
        size = f.tell() if os.path.isfile(tmp) else None
    rec.update({"bytes": size, "dtype": dtypes[0] if len(set(dtypes)) == 1 else dtypes})
    return rec


def maps_size_text(rec: dict) -> str:
    """``response: 24 frames, 61.2 KiB (2.6 KiB a frame)``: a maps record in one line."""
    from workbench.core.sizes import size_text as size

    n = max(1, int(rec.get("frames") or 0))
    text = f"{', '.join(rec.get('names') or [])}: {rec.get('frames')} frames"
    if rec.get("bytes") is None:
        return text
    return f"{text}, {size(float(rec['bytes']))} ({size(float(rec['bytes']) / n)} a frame)"


def _maps_problem(path: Path, text: str) -> DataError:
    return DataError(path, f"not a readable maps file ({text}); the run's boxes are not affected")


def maps_meta(z, path: Path, n_frames: int | None) -> tuple[int, list[str]]:
    """(frames, map names) of an open maps archive ``z`` (``np.load``), its 'meta' entry checked: a
    ``DataError`` naming ``path`` when it is not the workbench's, of a newer version, or for another number
    of frames than ``n_frames``. Shared by ``read_maps`` and the frame-at-a-time reader (``video.SavedMaps``)."""
    if "meta" not in z.files:
        raise _maps_problem(path, "no 'meta' entry: not written by the workbench")
    raw = z["meta"]
    if raw.dtype != np.uint8 or raw.ndim != 1:
        raise _maps_problem(path, "its 'meta' entry is not JSON text")
    meta = json.loads(raw.tobytes().decode("utf-8"))
    if not isinstance(meta, dict) or meta.get("format") != MAPS_FORMAT:
        raise _maps_problem(path, f"its format is {meta.get('format') if isinstance(meta, dict) else meta!r}, "
                                  f"not {MAPS_FORMAT!r}")
    if not isinstance(meta.get("version"), int) or meta["version"] > MAPS_VERSION:
        raise DataError(path, f"maps file version {meta.get('version')!r}: this workbench reads version "
                              f"{MAPS_VERSION} or older")
    total, names = meta.get("frames"), meta.get("names")
    if not isinstance(total, int) or not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise _maps_problem(path, "its 'meta' lacks 'frames' or 'names'")
    if n_frames is not None and total != n_frames:
        raise DataError(path, f"maps of {total} frames, but the sequence has {n_frames}: not this "
                              "sequence's maps; the run's boxes are not affected")
    return total, names


def check_map_arrays(path: Path, name: str, data_dtype, data_shape: tuple, idx, shapes, regions, total: int) -> None:
    """A ``DataError`` naming ``path`` unless the arrays of map ``name`` agree: float data of ``data_shape``
    (one slab a frame), distinct integer frame numbers under ``total``, each frame's shape within its slab,
    one region a frame."""
    k = len(idx)
    if (not np.issubdtype(data_dtype, np.floating) or not np.issubdtype(idx.dtype, np.integer) or idx.ndim != 1
            or tuple(data_shape[:1]) != (k,) or shapes.shape != (k, len(data_shape) - 1) or regions.shape != (k, 4)
            or (k and (idx.min() < 0 or idx.max() >= total or len(np.unique(idx)) != k))
            or (k and (np.any(shapes < 0) or np.any(shapes > np.array(data_shape[1:]))))):
        raise _maps_problem(path, f"the arrays of map {name!r} do not agree")


def read_maps(path: str | Path, n_frames: int | None = None) -> dict:
    """``{frame: {name: MapLayer}}`` from a maps file (``write_maps``), the arrays float16 as saved. A file that
    is not one (damaged, truncated, another program's), needs pickle, or is for another number of frames than
    ``n_frames`` is a ``DataError`` naming it."""
    import zipfile
    import zlib

    from workbench.core.boxes import Box
    from workbench.core.errors import one_line
    from workbench.core.methods import MapLayer

    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as exc:
        raise DataError(path, f"cannot read the maps file: {exc.strerror or exc}") from None
    if head != b"PK\x03\x04":
        raise _maps_problem(path, "not a .npz archive")
    try:
        with np.load(path, allow_pickle=False) as z:
            total, names = maps_meta(z, path, n_frames)
            out: dict = {}
            for j, name in enumerate(names):
                data, idx = z[f"m{j}_data"], z[f"m{j}_frames"]
                shapes, regions = z[f"m{j}_shapes"], z[f"m{j}_regions"]
                check_map_arrays(path, name, data.dtype, data.shape, idx, shapes, regions, total)
                # plain Python values taken once (a worker reading 25 runs' maps held the interpreter lock ~100 ms
                # in per-element numpy calls, stalling the window)
                finite = np.isfinite(regions).all(axis=1).tolist()
                rows = zip(idx.tolist(), shapes.astype(np.int64).tolist(), regions.tolist(), finite)
                for r, (i, shape, reg, fin) in enumerate(rows):
                    d = data[(r, *(slice(0, s) for s in shape))]
                    out.setdefault(int(i), {})[name] = MapLayer(d, Box(*(float(v) for v in reg)) if fin else None)
            return out
    except DataError:
        raise
    except ValueError as exc:
        if "pickle" in str(exc):
            raise DataError(path, "holds arrays that need pickle to load: refused (a maps file holds plain "
                                  "arrays); the run's boxes are not affected") from None
        raise _maps_problem(path, one_line(str(exc), 80)) from None
    except KeyError as exc:
        raise _maps_problem(path, f"entry {exc} is missing") from None
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, UnicodeDecodeError, TypeError) as exc:
        raise _maps_problem(path, f"{type(exc).__name__}: {one_line(str(exc), 80)}") from None


def record_maps(folder: str | Path, sequence: str, record: dict | None) -> bool:
    """Put (or, with None, take out) the ``maps`` record of ``sequence`` in a run folder's manifest, after its
    maps file was written apart from the boxes (the window writes it on a worker); False when the manifest
    has no entry of the sequence or cannot be read (the maps file is then not listed). Under ``manifest_lock``."""
    with manifest_lock(folder):
        try:
            data = read_manifest(folder)
        except DataError:
            return False
        entry = ((data or {}).get("sequences") or {}).get(sequence)
        if not isinstance(entry, dict):
            return False
        if record is None:
            entry.pop("maps", None)
        else:
            entry["maps"] = record
        write_json(Path(folder) / MANIFEST, data)
        return True
