"""Published results of the OTB toolkit (``tracker_benchmark_v1.0``, OTB-2013 / OTB-2015) and of the toolkits made
from it (UAV123, DTB70, TColor-128, PTB-TIR ...): one MATLAB file a sequence and tracker,
``results/results_OPE/<seq>_<tracker>.mat`` (``results_TRE/``, ``results_SRE/`` for its robustness evaluations;
LSOTB-TIR's toolkit ``results/results_OPE_all/``), as its ``genPerfMat.m`` loads them
(``load([rpAll s.name '_' t.name '.mat'])``).

Each file holds ``results``, a cell of structs, one a run (OPE: one; TRE: one a start; SRE: one a perturbation),
with the fields the toolkit's ``main_running.m`` stores: ``res`` (the boxes, in the form ``type`` names), ``type``,
``len`` (the run's frames), ``startFrame`` (the image number the run started on), ``annoBegin`` (the image number of
the groundtruth's first row), ``fps``. Files from before ``type`` name it ``transformType`` and hold ``res``
transposed, which ``genPerfMat`` turns back; so does this reader.

Boxes are read as the toolkit's ``calcSeqErrRobust.m`` takes them, 1-based (MATLAB's pixel frame, as the dataset's
groundtruth file): ``rect`` rows ``x, y, w, h`` as they are; ``4corner`` two rows a frame (the corners' x, then
their y), made a box as its ``corner2rect.m`` does (``round([left, top, right - left + 1, bottom - top + 1])``,
MATLAB's ``round``, halves away from zero). The affine types (``ivtAff``, ``L1Aff``, ``LK_Aff``, ``SIMILARITY``)
need the tracker's template and the toolkit's warps: refused by name, with what to do.

Frames. Row 1 of ``res`` is image ``startFrame``; groundtruth row 1 is image ``annoBegin`` (the sequence's first
image in the toolkit's list), so the run's rows begin ``startFrame - annoBegin`` rows into the groundtruth (0 for
OPE, but for the first frames its ``initOmit/`` never starts from: Tiger1 runs from image 6). ``ope_boxes`` gives
rows aligned with the groundtruth's first row, NaN for the rows before the run's start: frames never tracked, which
one-pass scoring leaves out (``evaluation.folders``), and the GOT-10k-style Tiger1 rule (``otb.toolkit_rows``)
drops where the OTB reader starts later. The OPE score reads ``results{1}``, as the toolkit's OPE does.

TRE / SRE. ``results_TRE`` / ``results_SRE`` files hold a run a start (TRE) or perturbation (SRE), each from its
``startFrame``: ``eval --protocol tre|sre`` scores them (``evaluation.robustness``) as the toolkit's ``genPerfMat``
pools them, every run of the file once, each from its own first row; one-pass scores never read them.

Names. ``<seq>_<tracker>`` is split where both parts recur most across the folder (a tracker's name is met with
every sequence, a sequence's with every tracker: the split whose tracker part and sequence part are met in the most
files); where two splits are met as often (sequences named ``bird1_1``: ``bird1`` + ``1_ASLA`` and ``bird1_1`` +
``ASLA``), the shorter tracker name. A folder of one tracker whose name holds ``_`` cannot be told from sequences
whose names end so: named at its last ``_``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workbench.core.errors import DataError

OPE_FOLDER = "results_OPE"
#: the toolkit's robustness folders: not one-pass results (their files hold a run a start or perturbation)
PROTOCOL_FOLDERS = {"results_TRE": "tre", "results_SRE": "sre"}
#: result types held as boxes or corners, converted here
BOX_TYPES = ("rect", "4corner")
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
    a DataError naming the file and the run for what cannot be read or converted."""
    from workbench.core.data.matfile import read_mat_value

    path = Path(path)
    value = read_mat_value(path, "results")
    entries = [value] if isinstance(value, dict) else value
    if not isinstance(entries, list) or not entries:
        raise DataError(path, "'results' is not a cell of structs, as the OTB toolkit saves its results")
    return [_run(path, e, f"results{{{i + 1}}}") for i, e in enumerate(entries)]


def _run(path: Path, entry, where: str) -> OtbRun:
    if isinstance(entry, list) and len(entry) == 1:  # a cell in a cell, as some converters save it
        entry = entry[0]
    if not isinstance(entry, dict):
        raise DataError(path, f"{where} is not a struct with the fields res and type, as the OTB toolkit saves a run")
    if "res" not in entry:
        raise DataError(path, f"{where} has no field 'res' (fields: {', '.join(entry) or 'none'})")
    res = entry["res"]
    if not isinstance(res, np.ndarray) or res.dtype.kind not in "iufb":
        raise DataError(path, f"{where}.res is not a numeric array")
    res = np.asarray(res, dtype=float)
    kind = _text(entry.get("type"))
    if kind is None and _text(entry.get("transformType")) is not None:  # older files: genPerfMat transposes them
        kind, res = _text(entry["transformType"]), res.T
    if kind is None:
        raise DataError(path, f"{where} has no field 'type' saying what its res holds ('rect', '4corner' ...)")
    if res.size == 0:
        raise DataError(path, f"{where}.res is empty (the OTB toolkit scores nothing of such a file)")
    if kind == "rect":
        if res.ndim != 2 or res.shape[1] != 4:
            raise DataError(path, f"{where}.res of type 'rect' is {'x'.join(map(str, res.shape))}, not N x 4 "
                                  "(x, y, w, h a row)")
        boxes = res
    elif kind == "4corner":
        if res.ndim != 2 or res.shape[1] != 4 or res.shape[0] % 2:
            raise DataError(path, f"{where}.res of type '4corner' is {'x'.join(map(str, res.shape))}, not 2N x 4 "
                                  "(each frame's 4 corners: a row of x, a row of y)")
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
    first, begin = _number(entry.get("startFrame")), _number(entry.get("annoBegin"))
    start = int(first - begin) if first is not None and begin is not None else 0
    if start < 0:
        raise DataError(path, f"{where} starts at image {first:g}, before its groundtruth's first image "
                              f"(annoBegin {begin:g})")
    return OtbRun(boxes, start, kind, _number(entry.get("fps")))


def matlab_round(x: np.ndarray) -> np.ndarray:
    """MATLAB's ``round``: halves away from zero (numpy's rounds them to even)."""
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def corners_to_boxes(res: np.ndarray) -> np.ndarray:
    """``4corner`` results (2N x 4: a frame's corners' x in one row, their y in the next) as x, y, w, h boxes, as the
    toolkit's ``corner2rect.m``: ``round([left, top, right - left + 1, bottom - top + 1])``."""
    xs, ys = res[0::2], res[1::2]
    left, right = xs.min(axis=1), xs.max(axis=1)
    top, bottom = ys.min(axis=1), ys.max(axis=1)
    return matlab_round(np.stack([left, top, right - left + 1, bottom - top + 1], axis=1))


def ope_boxes(path: str | Path) -> np.ndarray:
    """The one-pass boxes of an OTB toolkit result file: its first run (``results{1}``, the one the toolkit's OPE
    scores), 1-based, a row for each groundtruth row from the first, NaN before the run's start (module doc)."""
    run = read_runs(path)[0]
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
    try:
        return sorted(f for f in folder.glob("*.mat") if not f.name.startswith(".") and f.is_file())
    except OSError:
        return []


def tracker_files(folder: str | Path) -> dict[str, dict[str, Path]]:
    """``{tracker: {sequence: file}}`` of a folder of OTB toolkit result files (``<seq>_<tracker>.mat``); {} for a
    folder without them, or one of the toolkit's TRE / SRE folders (``PROTOCOL_FOLDERS``: not one-pass results)."""
    folder = Path(folder)
    if folder.name in PROTOCOL_FOLDERS:
        return {}
    files = {f.stem: f for f in mat_files(folder)}
    out: dict[str, dict[str, Path]] = {}
    for stem, (seq, trk) in split_names(files).items():
        out.setdefault(trk, {})[seq] = files[stem]
    return out


def protocol_runs(root: str | Path, protocol: str) -> list[tuple[Path, dict[str, dict[str, Path]]]]:
    """``(folder, {tracker: {sequence: file}})`` of the toolkit's folder of ``protocol`` (``tre``: ``results_TRE``,
    ``sre``: ``results_SRE``): ``root`` itself so named, ``root/results_TRE`` or ``root/results/results_TRE``. Each
    file holds every run of its sequence (``read_runs``), scored by ``evaluation.robustness``."""
    root = Path(root)
    name = next(n for n, p in PROTOCOL_FOLDERS.items() if p == protocol)
    out = []
    for folder in dict.fromkeys(f for f in (root, root / name, root / "results" / name) if f.name == name):
        files = {f.stem: f for f in mat_files(folder)}
        runs: dict[str, dict[str, Path]] = {}
        for stem, (seq, trk) in split_names(files).items():
            runs.setdefault(trk, {})[seq] = files[stem]
        if runs:
            out.append((folder, runs))
    return out


def protocol_folders_held(root: str | Path) -> list[str]:
    """The toolkit's ``results_TRE`` / ``results_SRE`` folders holding ``.mat`` files at ``root`` or in its
    ``results/`` (for the note of a results folder that has no one-pass results)."""
    root = Path(root)
    out = []
    for base in (root, root / "results"):
        for name in PROTOCOL_FOLDERS:
            if mat_files(base / name):
                out.append(str(base / name))
    if root.name in PROTOCOL_FOLDERS and mat_files(root):
        out.append(str(root))
    return out
