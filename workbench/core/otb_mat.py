"""Published results of the OTB toolkit (``tracker_benchmark_v1.0``, OTB-2013 / OTB-2015) and of the toolkits made
from it (UAV123, DTB70, TColor-128, PTB-TIR ...): one MATLAB file a sequence and tracker,
``results/results_OPE/<seq>_<tracker>.mat`` (``results_TRE/``, ``results_SRE/`` for its robustness evaluations;
LSOTB-TIR's toolkit ``results/results_OPE_all/``; OTB-2013's ``tracker_benchmark_v1.0`` ``results_TRE_CVPR13/``, whose
``results{1}`` its OPE scores, and ``results_SRE_CVPR13/``: folders told by the start of their names), as its
``genPerfMat.m`` loads them (``load([rpAll s.name '_' t.name '.mat'])``). Elsewhere a folder's ``.mat`` files are
read as results only where the first holds a variable ``results`` (``holds_results``): other MATLAB files (filter
profiles, a ``<seq>_gt.mat``) are no tracker's.

Each file holds ``results``, a cell of structs, one a run (OPE: one; TRE: one a start; SRE: one a perturbation),
with the fields the toolkit's ``main_running.m`` stores: ``res`` (the boxes, in the form ``type`` names), ``type``,
``len`` (the run's frames), ``startFrame`` (the image number the run started on), ``annoBegin`` (the image number of
the groundtruth's first row), ``fps``. Files from before ``type`` name it ``transformType`` and hold ``res``
transposed, which ``genPerfMat`` turns back; so does this reader. ``genPerfMat`` stops at the first run with an
empty ``res`` (``if isempty(res.res) break``): so does ``read_runs``; a file of no run (``results = []``) scores 0.

Boxes are read as the toolkit's ``calcSeqErrRobust.m`` takes them, 1-based (MATLAB's pixel frame, as the dataset's
groundtruth file): ``rect`` rows ``x, y, w, h``, a row all NaN or of width or height <= 0 taking the box before it
(``carried_forward``: a lost frame scored with the last box, as the toolkit scores it); ``4corner`` and ``affine``
two rows a frame (the corners' x, then their y), made a box as its ``corner2rect.m`` does (``round([left, top,
right - left + 1, bottom - top + 1])`` over all the corners, MATLAB's ``round``, halves away from zero). The other
affine types (``ivtAff``, ``L1Aff``, ``LK_Aff``, ``SIMILARITY``) need the tracker's template and the toolkit's
warps: refused by name, with what to do. (Our own and other toolkits' text results are scored as they are: a
missing box a failure.)

Frames. Row 1 of ``res`` is image ``startFrame``; groundtruth row 1 is image ``annoBegin`` (the sequence's first
image in the toolkit's list), so the run's rows begin ``startFrame - annoBegin`` rows into the groundtruth (0 for
OPE, but for the first frames its ``initOmit/`` never starts from: Tiger1 runs from image 6). ``ope_boxes`` gives
rows aligned with the groundtruth's first row, NaN for the rows before the run's start: frames never tracked, which
one-pass scoring leaves out (``evaluation.folders``), and the GOT-10k-style Tiger1 rule (``otb.toolkit_rows``)
drops where the OTB reader starts later. The OPE score reads ``results{1}``, as the toolkit's OPE does.

TRE / SRE. ``results_TRE*`` / ``results_SRE*`` files hold a run a start (TRE) or perturbation (SRE), each from its
``startFrame``: ``eval --protocol tre|sre`` scores them (``evaluation.robustness``) as the toolkit's ``genPerfMat``
pools them, every run of the file once, each from its own first row. One-pass scores read ``results{1}`` of a
``results_TRE*`` file where the folder has no ``results_OPE*`` (``one_pass_folders``: the OTB-2013 toolkit's OPE),
never an SRE file.

Names. ``<seq>_<tracker>`` is split where both parts recur most across the folder (a tracker's name is met with
every sequence, a sequence's with every tracker: the split whose tracker part and sequence part are met in the most
files); where two splits are met as often (sequences named ``bird1_1``: ``bird1`` + ``1_ASLA`` and ``bird1_1`` +
``ASLA``), the shorter tracker name. A folder of one tracker whose name holds ``_`` cannot be told from sequences
whose names end so: named at its last ``_``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workbench.core.errors import DataError

OPE_FOLDER = "results_OPE"
#: the toolkit's robustness folders, told by the start of their names (OTB-2013's ``results_TRE_CVPR13``,
#: ``results_SRE_CVPR13``): a run a start or perturbation in each file; ``results{1}`` of a TRE file is the run from
#: the first frame, which the OTB-2013 toolkit's OPE scores (``one_pass_folders``)
PROTOCOL_FOLDERS = {"results_TRE": "tre", "results_SRE": "sre"}
#: the OTB toolkit's own folders beside its ``results/`` (groundtruth, init ranges, code): no tracker's runs
TOOLKIT_FOLDERS = ("anno", "initOmit", "results", "rstEval", "trackers", "util", "tmp", "figs", "perfMat")
#: result types held as boxes or corners, converted here
BOX_TYPES = ("rect", "4corner", "affine")
#: the affine types, which the toolkit turns into boxes with the tracker's template size and its warps
AFFINE_TYPES = ("ivtAff", "L1Aff", "LK_Aff", "SIMILARITY")


@dataclass
class OtbRun:
    boxes: np.ndarray  # (len, 4) x, y, w, h, 1-based as the toolkit holds them
    start: int  # groundtruth rows before the run's first frame: startFrame - annoBegin
    type: str
    fps: float | None


def _number(value) -> float | None:
    arr = np.asarray(value, dtype=float) if isinstance(value, np.ndarray) and value.dtype.kind in "iufb" else None
    return float(arr.ravel()[0]) if arr is not None and arr.size else None


def _text(value) -> str | None:
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
        value = value[0]
    return value if isinstance(value, str) else None


def read_runs(path: str | Path) -> list[OtbRun]:
    """Every run of an OTB toolkit result file (``results{1}``, ``results{2}`` ...), boxes converted (module doc);
    a DataError naming the file and the run for what cannot be read or converted. As the toolkit's ``genPerfMat``
    (``if isempty(res.res) break``), the runs stop at the first with an empty ``res``: ``results = []`` or an
    empty ``results{1}`` is no run at all, which the toolkit scores 0."""
    from workbench.core.data.matfile import read_mat_value

    path = Path(path)
    value = read_mat_value(path, "results")
    entries = [value] if isinstance(value, dict) else value
    if isinstance(entries, np.ndarray) and entries.size == 0:  # results = []
        return []
    if not isinstance(entries, list):
        raise DataError(path, "'results' is not a cell of structs, as the OTB toolkit saves its results")
    runs = []
    for i, e in enumerate(entries):
        run = _run(path, e, f"results{{{i + 1}}}")
        if run is None:
            break
        runs.append(run)
    return runs


def _run(path: Path, entry, where: str) -> OtbRun | None:
    """The run ``entry`` (``results{k}``); None for an empty ``res`` (``read_runs``)."""
    if isinstance(entry, list) and len(entry) == 1:  # a cell in a cell, as some converters save it
        entry = entry[0]
    if not isinstance(entry, dict):
        raise DataError(path, f"{where} is not a struct with the fields res and type, as the OTB toolkit saves a run")
    if "res" not in entry:
        raise DataError(path, f"{where} has no field 'res' (fields: {', '.join(map(str, entry)) or 'none'})")
    res = entry["res"]
    if isinstance(res, (list, str)) and not res:  # an empty cell or text: empty as the toolkit's isempty
        return None
    if not isinstance(res, np.ndarray) or res.dtype.kind not in "iufb":
        raise DataError(path, f"{where}.res is not a numeric array")
    res = np.asarray(res, dtype=float)
    kind = _text(entry.get("type"))
    if kind is None and _text(entry.get("transformType")) is not None:  # older files: genPerfMat transposes them
        kind, res = _text(entry["transformType"]), res.T
    if kind is None:
        raise DataError(path, f"{where} has no field 'type' saying what its res holds ('rect', '4corner' ...)")
    if res.size == 0:
        return None
    if kind == "rect":
        if res.ndim != 2 or res.shape[1] != 4:
            raise DataError(path, f"{where}.res of type 'rect' is {'x'.join(map(str, res.shape))}, not N x 4 "
                                  "(x, y, w, h a row)")
        boxes = res
    elif kind in ("4corner", "affine"):  # calcSeqErrRobust makes both boxes with corner2rect
        if res.ndim != 2 or res.shape[0] % 2:
            raise DataError(path, f"{where}.res of type {kind!r} is {'x'.join(map(str, res.shape))}, not 2N x K "
                                  "(each frame's corners: a row of x, a row of y)")
        boxes = corners_to_boxes(res)
    elif kind in AFFINE_TYPES:
        raise DataError(path, f"{where}.type is {kind!r}: affine parameters, made boxes by the toolkit with the "
                              "tracker's template size; not converted here: save its boxes as type 'rect'")
    else:
        raise DataError(path, f"{where}.type is {kind!r}, not a type the OTB toolkit reads as boxes "
                              f"({', '.join(BOX_TYPES + AFFINE_TYPES)}; read here: {', '.join(BOX_TYPES)})")
    n = _number(entry.get("len"))
    if n is not None and 0 < n < len(boxes) and n == int(n):  # the toolkit scores results.len rows
        boxes = boxes[:int(n)]
    if kind == "rect":
        boxes = carried_forward(boxes)
    first, begin = _number(entry.get("startFrame")), _number(entry.get("annoBegin"))
    start = int(first - begin) if first is not None and begin is not None else 0
    if start < 0:
        raise DataError(path, f"{where} starts at image {first:g}, before its groundtruth's first image "
                              f"(annoBegin {begin:g})")
    return OtbRun(boxes, start, kind, _number(entry.get("fps")))


def carried_forward(boxes: np.ndarray) -> np.ndarray:
    """``rect`` boxes as the toolkit's ``calcSeqErrRobust`` scores them: from the second row on, a row all NaN or
    of width or height <= 0 takes the row before it (itself carried where it was such a row). Not quite the
    toolkit's rule: it carries only where the groundtruth row has no NaN, and this, reading a file without its
    groundtruth, carries on every row. Where the groundtruth has NaN rows (UAV123's, the target out of view) a box
    lost on such a row stays lost in the toolkit's scores until the tracker gives a box again; here the last box is
    carried on. Those rows are not scored (absent target) in either: the scores differ only on the frames after
    them where the tracker is still lost."""
    with np.errstate(invalid="ignore"):
        bad = np.isnan(boxes).all(axis=1) | (boxes[:, 2] <= 0) | (boxes[:, 3] <= 0)
    bad[:1] = False
    if not bad.any():
        return boxes
    src = np.where(bad, 0, np.arange(len(boxes)))
    return boxes[np.maximum.accumulate(src)]


def corners_to_boxes(res: np.ndarray) -> np.ndarray:
    """``4corner`` / ``affine`` results (2N x K: a frame's corners' x in one row, their y in the next) as x, y, w, h
    boxes, as the toolkit's ``corner2rect.m``: ``round([left, top, right - left + 1, bottom - top + 1])`` over all
    the corners, MATLAB's ``round``."""
    from workbench.core.evaluation.rgbt import matlab_round

    xs, ys = res[0::2], res[1::2]
    left, right = xs.min(axis=1), xs.max(axis=1)
    top, bottom = ys.min(axis=1), ys.max(axis=1)
    return matlab_round(np.stack([left, top, right - left + 1, bottom - top + 1], axis=1))


def ope_boxes(path: str | Path) -> np.ndarray:
    """The one-pass boxes of an OTB toolkit result file: its first run (``results{1}``, the one the toolkit's OPE
    scores), 1-based, a row for each groundtruth row from the first, NaN before the run's start (module doc). A file
    of no run (``read_runs``: ``results = []``, an empty ``res``) gives no rows, which one-pass scoring counts a
    failure on every frame, as the toolkit scores it 0 (``results.fit_to_frames``)."""
    runs = read_runs(path)
    if not runs:
        return np.zeros((0, 4))
    run = runs[0]
    if not run.start:
        return run.boxes
    return np.vstack([np.full((run.start, 4), np.nan), run.boxes])


def split_names(stems) -> dict[str, tuple[str, str]]:
    """``{stem: (sequence, tracker)}`` of the ``<seq>_<tracker>`` file names ``stems`` of one folder (module doc);
    a stem without ``_`` is left out."""
    stems = sorted(set(stems))
    cuts = {s: [(s[:i], s[i + 1:]) for i, c in enumerate(s) if c == "_" and 0 < i < len(s) - 1] for s in stems}
    seqs: dict[str, int] = {}
    trackers: dict[str, int] = {}
    for options in cuts.values():
        for seq, trk in options:
            seqs[seq] = seqs.get(seq, 0) + 1
            trackers[trk] = trackers.get(trk, 0) + 1
    return {s: max(options, key=lambda o: (seqs[o[0]] * trackers[o[1]], -len(o[1])))
            for s, options in cuts.items() if options}


def mat_files(folder: Path) -> list[Path]:
    try:  # (glob("*.mat")'s files, by one scandir: a folder's listing asks it of every first-level folder)
        with os.scandir(folder) as entries:
            return sorted(folder / e.name for e in entries if e.name.endswith(".mat") and not e.name.startswith(".")
                          and e.is_file())
    except OSError:
        return []


def _folders(folder: Path) -> list[Path]:
    """The toolkit's results folders in ``folder`` (named as ``protocol_of`` knows them): the name is tested before
    the file system is asked (a results folder of many files and folders is listed often)."""
    try:
        with os.scandir(folder) as entries:
            return sorted(folder / e.name for e in entries if e.name.startswith("results_") and protocol_of(e.name)
                          and e.is_dir())
    except OSError:
        return []


def protocol_of(name: str) -> str | None:
    """``"ope"``, ``"tre"`` or ``"sre"`` for a folder named as the toolkit names its results folders
    (``results_OPE``, LSOTB-TIR's ``results_OPE_all``, OTB-2013's ``results_TRE_CVPR13`` ...), None otherwise."""
    if name.startswith(OPE_FOLDER):
        return "ope"
    return next((p for n, p in PROTOCOL_FOLDERS.items() if name.startswith(n)), None)


def holds_results(folder: Path) -> bool:
    """Whether ``folder``'s ``.mat`` files are the toolkit's results: the first that can be read holds a variable
    ``results`` (its variables' names read, never their values). Other MATLAB files (filter profiles, a
    ``<seq>_gt.mat``) are not: not read as a tracker's."""
    from workbench.core.data.matfile import variable_names

    for f in mat_files(folder):
        try:
            return "results" in variable_names(f)
        except DataError:
            continue
    return False


def one_pass_folders(base: Path) -> list[Path]:
    """The toolkit's folders in ``base`` (its ``results/``) that one-pass scoring reads: each ``results_OPE*``
    holding ``.mat`` files; where there is none, each ``results_TRE*`` one, whose ``results{1}`` (the run from the
    first frame) the OTB-2013 toolkit's ``genPerfMat`` scores as OPE (it reads OPE and TRE from
    ``results_TRE_CVPR13``)."""
    held = [d for d in _folders(base) if protocol_of(d.name) in ("ope", "tre") and mat_files(d)]
    ope = [d for d in held if protocol_of(d.name) == "ope"]
    return ope or held


def toolkit_results(base: Path) -> bool:
    """Whether ``base`` holds any of the toolkit's results folders (``results_OPE*``, ``results_TRE*``,
    ``results_SRE*``) with ``.mat`` files: ``base`` is its ``results/``."""
    return any(protocol_of(d.name) and mat_files(d) for d in _folders(base))


def _runs_of(folder: Path) -> dict[str, dict[str, Path]]:
    files = {f.stem: f for f in mat_files(folder)}
    out: dict[str, dict[str, Path]] = {}
    for stem, (seq, trk) in split_names(files).items():
        out.setdefault(trk, {})[seq] = files[stem]
    return out


def tracker_files(folder: str | Path, protocol_folder: bool = False) -> dict[str, dict[str, Path]]:
    """``{tracker: {sequence: file}}`` of a folder of OTB toolkit result files (``<seq>_<tracker>.mat``); {} for a
    folder without them, or one of the toolkit's TRE / SRE folders (``PROTOCOL_FOLDERS``: not one-pass results)
    unless ``protocol_folder`` (a ``results_TRE*`` that ``one_pass_folders`` reads)."""
    folder = Path(folder)
    if protocol_of(folder.name) in PROTOCOL_FOLDERS.values() and not protocol_folder:
        return {}
    return _runs_of(folder)


def protocol_runs(root: str | Path, protocol: str) -> list[tuple[Path, dict[str, dict[str, Path]]]]:
    """``(folder, {tracker: {sequence: file}})`` of the toolkit's folders of ``protocol`` (``tre``: ``results_TRE*``,
    ``sre``: ``results_SRE*``, OTB-2013's ``results_TRE_CVPR13`` too): ``root`` itself so named, such folders in
    ``root`` or in ``root/results``. Each file holds every run of its sequence (``read_runs``), scored by
    ``evaluation.robustness``."""
    root = Path(root)
    folders = [root] if protocol_of(root.name) == protocol else []
    folders += [d for base in (root, root / "results") for d in _folders(base) if protocol_of(d.name) == protocol]
    out = []
    for folder in dict.fromkeys(folders):
        runs = _runs_of(folder)
        if runs:
            out.append((folder, runs))
    return out


def protocol_folders_held(root: str | Path) -> list[str]:
    """The toolkit's ``results_TRE*`` / ``results_SRE*`` folders holding ``.mat`` files at ``root`` or in its
    ``results/`` (for the note of a results folder that has no one-pass results)."""
    root = Path(root)
    out = [str(d) for base in (root, root / "results") for d in _folders(base)
           if protocol_of(d.name) in PROTOCOL_FOLDERS.values() and mat_files(d)]
    if protocol_of(root.name) in PROTOCOL_FOLDERS.values() and mat_files(root):
        out.append(str(root))
    return out
