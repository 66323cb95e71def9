"""RGB-T tracking benchmarks: each sequence is a thermal and a visible stream of one scene, each with its boxes.

Three layouts, as ``workbench list`` names them (``gtot`` and ``vtuav`` are the modules of those names, built
from ``RgbtLayout`` here):

- ``rgbt``: RGBT234, RGBT210 and LasHeR: ``<seq>/infrared/`` + ``<seq>/visible/`` frames (``00001i.jpg`` /
  ``00001v.jpg``; LasHeR ``i000.jpg`` / ``v000.jpg``), ``infrared.txt`` and ``visible.txt`` (x,y,w,h, comma
  separated, a box per frame), ``init.txt`` (RGBT210's one box file; the stream's own file is read first where
  there is one). LasHeR's ``init0.txt`` / ``init_x.txt`` are not annotations (its authors, LasHeR issue #2) and are
  not read. A LasHeR root's ``trainingsetList.txt`` / ``testingsetList.txt`` tag each sequence with its split.
- ``gtot``: GTOT: ``<seq>/i/`` + ``<seq>/v/`` frames, ``groundTruth_i.txt`` / ``groundTruth_v.txt`` holding
  corners ``x1 y1 x2 y2`` (left, top, right, bottom; space separated), turned into x,y,w,h with ``w = x2 - x1`` and
  ``h = y2 - y1`` as the GTOT toolkit (``calcPlotErr.m``) and pytracking's GTOT classes do.
- ``vtuav``: VTUAV: ``<split>/<seq>/ir/`` + ``<seq>/rgb/`` frames, ``ir.txt`` / ``rgb.txt`` with one box every
  10 frames (frames 0, 10, 20 ...; the rows pytracking's VTUAV class spreads over ten frames each); the frames in
  between have no groundtruth here (NaN: left out of scoring), not interpolated boxes.

Coordinates: the files are read as they are (no shift, ``box_convention`` 0-based) and results are written in
the same coordinates: the RGB-T toolkits (the LasHeR / RGBT234 MATLAB toolkit's ``calc_seq_err_robust.m``, GTOT's
``calcPlotErr.m``) compare a result file with the annotation file's numbers unchanged, and the trackers that
publish results on these sets (pytracking's RGB-T dataset classes) read the files unshifted too, so their result
folders and ours line up.

A sequence opens as its THERMAL stream (named ``<seq>``): RGB-T thermal frames are stored as 3-channel JPEGs of
one gray, read here as one channel (``gray``; ``ir16`` for 16-bit frames); a thermal stream whose channels differ
(a false-colour palette) stays ``rgb``, said in ``meta["warnings"]``. The VISIBLE stream is opened by giving its
frames folder (``<seq>/visible``, ``<seq>/v``, ``<seq>/rgb``) and is named ``<seq>.visible``, with its own boxes,
so an RGB tracker runs on it and its results sit beside the thermal run's. A dataset root lists the thermal
streams (one entry a sequence: a run over the root is one run a sequence). Streams of unequal length, or a box file
of the other stream that does not pair with its frames, are said in ``meta["warnings"]`` naming the folder or
file; the opened stream's own box file must pair with its frames (refused otherwise, naming it).

Scoring (``evaluation.rgbt``). Every RGB-T sequence carries ``meta["rgbt"]`` (``StreamPair``): its benchmark (GTOT and
VTUAV by layout; in the ``rgbt`` layout RGBT210 when its boxes are ``init.txt``, LasHeR when a split list names it or
its frames are ``i000.jpg`` / ``v000.jpg``, else RGBT234) and both streams' boxes, the other stream's read for the
opened stream's frames (None where its file is missing or does not pair, said in ``missing``). ``eval``, ``report`` and
the window score it as that benchmark's toolkit does, one result file against both groundtruths where the toolkit does
(MPR / MSR; ``--rgbt`` names another rule or ``off``). Pinned from the toolkits' public code: GTOT's ``calcPlotErr.m``
(corners, strict < 5 px on ``0:0.5:25``, pooled frames; MSR as the Python ``MSR_GTOT``: the area over 21 success
thresholds), RGBT234's ``calcPlotErr_TPR.m`` and plot script (<= 20 px, mean of 21 rates, mean over sequences), VTUAV's
(the same, every 10th frame), and the Python ``rgbt`` toolkit's ``MPR`` / ``MSR`` / ``MPR_GTOT`` / ``MSR_GTOT`` / ``PR``
/ ``SR`` / ``PR_LasHeR`` / ``SR_LasHeR`` / ``NPR`` and the LaSOT toolkit's ``calc_seq_err_robust.m`` (LasHeR's,
RGBT210's). Not pinned: GTOT's plot script and ``auc.m`` (no public copy found: its success grid and area are taken as
the Python toolkit's ``MSR_GTOT`` takes them, trapezoids over 21 thresholds), LasHeR's own MATLAB toolkit (its Python
port's rules are used: ONE groundtruth, the opened stream's file, where that port ships one file a sequence of which the
source is not said; visible.txt and infrared.txt annotate aligned frames), RGBT210's first-frame rule (from the Python
toolkit only), how a MATLAB toolkit reads a ``nan`` result row (NaN is a failure here; exports leave such runs out), and
the detection of LasHeR / RGBT210 / RGBT234 by files (a renamed download may need ``--rgbt lasher``). ``export-results
--toolkit gtot | rgbt234 | lasher | vtuav`` writes the layouts they read (``rgbt_export``).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workbench.core.errors import DataError

VISIBLE_SUFFIX = ".visible"
LASHER_FRAME = re.compile(r"^[iv]\d+\.[A-Za-z]+$")  # LasHeR's i000.jpg / v000.jpg (RGBT234's: 00001i.jpg)
SPLIT_LISTS = {"trainingsetList.txt": "train", "testingsetList.txt": "test"}
# The box files' origin, pinned: read as the numbers they are (0-based here, no shift; ``results.file_box_offset``
# 0, so results go out in the same numbers). No benchmark states whether its first pixel is 0 or 1; what is settled
# is that every scorer and loader takes the files' numbers unshifted, so a shift would only move our results off
# the frame the toolkits compare in:
# - GTOT: its MATLAB toolkit's calcPlotErr.m reads groundTruth_v.txt / groundTruth_i.txt with dlmread and takes the
#   centre as (x1 + x2) / 2, no -1; the Python ``rgbt`` toolkit (opacity-black/RGBT_toolkit, dataset/gtot_dataset.py:
#   ``bbox_type='ltrb'``, utils.load_text = np.loadtxt) the same;
# - RGBT234 / RGBT210: the RGBT234 calcPlotErr_TPR.m reads visible.txt / infrared.txt (load_groundtruth_txt_info)
#   and takes centres and overlaps on the numbers as read; the Python ``rgbt`` toolkit's rgbt234 / rgbt210
#   datasets likewise (``bbox_type='ltwh'``);
# - LasHeR: the Python ``rgbt`` toolkit's lasher_dataset.py and the pytracking-style RGB-T test loaders (np.loadtxt
#   of visible.txt / infrared.txt, no shift) that published LasHeR results are made with;
# - VTUAV: the same multi-benchmark loaders read its rgb.txt / ir.txt with np.loadtxt, no shift.
CONVENTION = "0-based (as the file: RGB-T toolkits compare results with the file's boxes unshifted)"
# folders a root listing does not look into: other layouts' sequences and frame folders
_NOT_A_GROUP = ("img", "imgs", "images", "frames", "color", "groundtruth.txt", "groundtruth_rect.txt")
_MAX_DEPTH = 3  # LasHeR unpacks as <root>/TestingSet/testingset/<seq>, VTUAV as <root>/train_data/train_ST_001/<seq>


class GrayFrames:
    """A thermal stream stored as 3-channel images of one gray, read as one channel (the frames' own dtype).
    Keeps the frames' sizes and files (``source``: ``sequence.frame_paths`` / ``frame_sizes`` look through it)."""

    def __init__(self, source):
        self.source = source

    def __len__(self) -> int:
        return len(self.source)

    @property
    def paths(self):
        """The frame files (what readers of ``frames.paths`` take: a fingerprint of the thermal stream's own
        files, not of the whole sequence folder with the visible stream in it)."""
        return getattr(self.source, "paths", None)

    def read(self, i: int) -> np.ndarray:
        img = self.source.read(i)
        if img.ndim == 3 and img.shape[2] >= 3:
            return np.ascontiguousarray(img[:, :, 0])
        return img

    def close(self) -> None:
        close = getattr(self.source, "close", None)
        if close is not None:
            close()


@dataclass(frozen=True)
class StreamPair:
    """Both streams' boxes of an RGB-T sequence (``seq.meta["rgbt"]``), for scoring one result against the two
    groundtruths as the RGB-T toolkits do (``evaluation.rgbt``): ``benchmark`` (GTOT, RGBT234, RGBT210, LasHeR,
    VTUAV), the opened ``stream``, each stream's (N, 4) boxes as read (None where its file is missing or does not
    pair with the opened stream's frames: ``missing`` says which)."""

    benchmark: str
    stream: str
    visible: np.ndarray | None = field(default=None, repr=False)
    thermal: np.ndarray | None = field(default=None, repr=False)
    missing: str = ""


def _one_gray(img: np.ndarray) -> bool:
    """Whether a 3-channel frame is one gray in three channels (JPEG rounding allowed: a few levels apart)."""
    if img.ndim != 3 or img.shape[2] < 3:
        return False
    tol = 4 if img.dtype == np.uint8 else 4 * 257
    c0 = img[:, :, 0].astype(np.int32)
    return bool(np.abs(c0 - img[:, :, 1]).max() <= tol and np.abs(c0 - img[:, :, 2]).max() <= tol)


def _count_rows(path: Path) -> int | None:
    """The non-blank lines of a box file (trailing blank lines not counted), None where it cannot be read. Decoded as
    its boxes are (``decode_text``; read as UTF-8 with replacement a UTF-16 file's NUL bytes were lines of their own,
    its rows counted twice and the stream said not to pair), else as UTF-8 with replacement (a count only)."""
    from workbench.core.data.groundtruth import decode_text

    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        text = decode_text(data, path)
    except DataError:
        text = data.decode("utf-8", errors="replace")
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    return len(lines)


@dataclass(frozen=True)
class RgbtLayout:
    """One RGB-T benchmark's layout: its stream folders, box files and how a box file is written."""

    name: str
    thermal_dir: str
    visible_dir: str
    thermal_gt: tuple[str, ...]
    visible_gt: tuple[str, ...]
    corners: bool = False  # x1 y1 x2 y2 rows (GTOT)
    every: int = 1  # one box every `every` frames (VTUAV: 10)
    benchmark: str = ""
    extra_markers: tuple[str, ...] = field(default=())

    # --- a sequence folder, or one of its stream folders -------------------------------------------------
    def _gt_files(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.thermal_gt + self.visible_gt + self.extra_markers))

    def is_sequence(self, path: Path) -> bool:
        from workbench.core.data.images import has_image

        if not ((path / self.thermal_dir).is_dir() and (path / self.visible_dir).is_dir()):
            return False
        if not any((path / f).is_file() for f in self._gt_files()):
            return False
        try:
            return has_image(path / self.thermal_dir) or has_image(path / self.visible_dir)
        except OSError:
            return False

    def stream_of(self, path: Path) -> tuple[Path, str] | None:
        """(the sequence folder, "thermal" / "visible") for a sequence folder or one of its stream folders."""
        path = Path(path)
        if not path.is_dir():
            return None
        if path.name in (self.thermal_dir, self.visible_dir) and path.parent != path and self.is_sequence(path.parent):
            return path.parent, "thermal" if path.name == self.thermal_dir else "visible"
        if self.is_sequence(path):
            return path, "thermal"
        return None

    def probe(self, path: Path) -> bool:
        return self.stream_of(Path(path)) is not None

    def sequence_name(self, path: Path) -> str:
        found = self.stream_of(Path(path))
        if found is None:
            return Path(path).name
        seq_dir, stream = found
        return seq_dir.name + (VISIBLE_SUFFIX if stream == "visible" else "")

    # --- opening ----------------------------------------------------------------------------------------
    def _box_file(self, seq_dir: Path, names: tuple[str, ...]) -> Path:
        for n in names:
            if (seq_dir / n).is_file():
                return seq_dir / n
        raise DataError(seq_dir / names[0], f"the {self.benchmark} box file is missing (looked for "
                                            f"{', '.join(names)}); the stream cannot be scored without it")

    def _boxes(self, gt_file: Path, n: int, frames_dir: Path) -> np.ndarray:
        from workbench.core.data.groundtruth import count_mismatch, read_boxes

        if self.every == 1:
            gt = read_boxes(gt_file, expect_rows=n, frames_dir=frames_dir)
        else:
            rows = read_boxes(gt_file)
            want = -(-n // self.every)
            if len(rows) == n:  # annotated densely after all
                gt = rows
            elif len(rows) != want:
                raise DataError(gt_file, f"has {len(rows)} boxes, one every {self.every} frames, but the sequence has "
                                         f"{n} frames in {frames_dir.name}/, which take {want} (frames 1, "
                                         f"{self.every + 1}, {2 * self.every + 1} ...); frames or lines are missing")
            else:
                gt = np.full((n, 4), np.nan)
                gt[::self.every] = rows
        if self.corners:
            gt = gt.copy()
            gt[:, 2] -= gt[:, 0]
            gt[:, 3] -= gt[:, 1]
        if len(gt) != n:
            raise count_mismatch(gt_file, len(gt), n, frames_dir=frames_dir)
        return gt

    def _other_stream_warnings(self, seq_dir: Path, stream: str, n: int, frames_dir: Path) -> list[str]:
        """What does not pair in the stream not opened: its frame count against this one's, its box file
        against its frames (said, not refused: the opened stream is whole)."""
        from workbench.core.data.images import list_frames

        other = "visible" if stream == "thermal" else "thermal"
        other_dir = seq_dir / (self.visible_dir if other == "visible" else self.thermal_dir)
        try:  # its frames as its own opening counts them: each name once
            m = len(list_frames(other_dir)[0])
        except OSError:
            return [f"{other_dir}: the {other} stream's frames cannot be listed"]
        out = []
        if m != n:
            out.append(f"{other_dir}: the {other} stream has {m} frames but {frames_dir.name}/ has {n}; the streams do "
                       f"not pair frame by frame (frame i of one is not frame i of the other)")
        names = self.visible_gt if other == "visible" else self.thermal_gt
        gt_file = next((seq_dir / f for f in names if (seq_dir / f).is_file()), None)
        rows = _count_rows(gt_file) if gt_file is not None else None
        want = m if self.every == 1 else -(-m // self.every)
        if rows is not None and rows != want and rows != m:
            out.append(f"{gt_file}: has {rows} boxes but the {other} stream ({other_dir.name}/) has {m} frames"
                       + (f" (one box every {self.every} frames: {want})" if self.every > 1 else ""))
        return out

    def benchmark_of(self, seq_dir: Path, gt_file: Path, first_frame: Path) -> str:
        """Which benchmark a sequence is of, for its scoring rule: GTOT / VTUAV by layout; in the ``rgbt`` layout
        RGBT210 where the stream's boxes are ``init.txt`` (its one box file), LasHeR where a split list names it
        or its frames are named ``i000.jpg`` / ``v000.jpg``, else RGBT234 (frames ``00001i.jpg``)."""
        if self.name != "rgbt":
            return self.benchmark
        if gt_file.name == "init.txt":
            return "RGBT210"
        if _split_of(seq_dir) or LASHER_FRAME.match(Path(first_frame).name):
            return "LasHeR"
        return "RGBT234"

    def _pair(self, seq_dir: Path, stream: str, gt: np.ndarray, benchmark: str) -> StreamPair:
        """Both streams' boxes (``StreamPair``): the opened stream's ``gt`` and the other stream's box file read for
        the opened stream's frames (frame i of one is frame i of the other, as the toolkits score them)."""
        from workbench.core.errors import WorkbenchError

        other = "visible" if stream == "thermal" else "thermal"
        names = self.visible_gt if other == "visible" else self.thermal_gt
        gt_file = next((seq_dir / f for f in names if (seq_dir / f).is_file()), None)
        boxes, missing = None, ""
        if gt_file is None:
            missing = f"no {other} box file ({' / '.join(names)}) in {seq_dir}"
        else:
            try:
                boxes = self._boxes(gt_file, len(gt), seq_dir / (self.visible_dir if other == "visible" else
                                                                 self.thermal_dir))
            except WorkbenchError as exc:
                missing = f"the {other} boxes do not pair: {exc}"
        return StreamPair(benchmark, stream, *((boxes, gt) if other == "visible" else (gt, boxes)), missing=missing)

    def open(self, path: Path):  # noqa: A001 - the layout protocol's verb
        from workbench.core.data.folder import sequence_from_images
        from workbench.core.data.images import list_frames, modality_of
        from workbench.core.data.vot import read_tags

        path = Path(path)
        found = self.stream_of(path)
        if found is None:
            raise DataError(path, f"not a {self.benchmark} sequence (expected {self.thermal_dir}/ and "
                                  f"{self.visible_dir}/ frame folders and {' / '.join(self._gt_files())})")
        seq_dir, stream = found
        frames_dir = seq_dir / (self.thermal_dir if stream == "thermal" else self.visible_dir)
        frames, twice = list_frames(frames_dir)  # 00002i.png beside 00002i.jpg: one frame, said
        if not frames:
            raise DataError(frames_dir, f"no image files found in the {stream} stream's folder")
        n = len(frames)
        gt_file = self._box_file(seq_dir, self.thermal_gt if stream == "thermal" else self.visible_gt)
        gt = self._boxes(gt_file, n, frames_dir)
        warnings = twice + self._other_stream_warnings(seq_dir, stream, n, frames_dir)
        attrs = read_tags(seq_dir, n, warnings)
        other_dir = seq_dir / (self.visible_dir if stream == "thermal" else self.thermal_dir)
        benchmark = self.benchmark_of(seq_dir, gt_file, frames[0])
        meta = {"box_convention": CONVENTION, "benchmark": benchmark, "stream": stream,
                "frames_dir": str(frames_dir), "other_stream": str(other_dir), "warnings": warnings,
                "rgbt": self._pair(seq_dir, stream, gt, benchmark)}
        if gt_file.name == "init.txt":
            meta["groundtruth_note"] = "boxes of init.txt (RGBT210: one box file for both streams)"
        if self.corners:
            meta["groundtruth_format"] = "x1 y1 x2 y2 corners in the file (w = x2 - x1, h = y2 - y1 here)"
        if self.every > 1:
            meta["groundtruth_note"] = f"one box every {self.every} frames; the frames between have none"
        split = _split_of(seq_dir)
        if split:
            attrs[f"split: {split}"] = True
            meta["split"] = split
        if stream == "thermal" and path != seq_dir:
            meta["opened_as"] = str(path)  # its frames folder chosen: the sequence's runs and recent entry
        name = seq_dir.name + (VISIBLE_SUFFIX if stream == "visible" else "")
        # the visible stream's place is its frames folder: reopened from a run's manifest or the window's recent
        # list, it opens as the visible stream again (the sequence folder opens the thermal one)
        place = seq_dir if stream == "thermal" else frames_dir
        seq = sequence_from_images(name, frames, gt_file, place, self.name, gt=gt, attributes=attrs, meta=meta,
                                   read_labels=False)
        if stream == "thermal":
            first = seq.frames.read(0)
            if _one_gray(first):
                seq.frames = GrayFrames(seq.frames)
                seq.modality = modality_of(first[:, :, 0])
                seq.meta["thermal_channels"] = "3 channels of one gray in the files, read as one"
            elif first.ndim == 3:
                seq.meta["warnings"].append(f"{frames_dir}: the thermal frames are in colour (a false-colour "
                                            "palette?); read as RGB")
        return seq


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _split_of(seq_dir: Path) -> str | None:
    """LasHeR's split of a sequence: the split list (trainingsetList.txt / testingsetList.txt) naming it, in its
    folder or up to three folders above. Decoded as the other split and list files are (``decode_text``: UTF-8, or
    UTF-16 with its BOM; read as UTF-8 with replacement a UTF-16 list named no sequence and tagged none); one that is
    neither is read so still (its ASCII names match)."""
    from workbench.core.data.groundtruth import decode_text

    for up in list(seq_dir.parents)[:3]:
        for fname, split in SPLIT_LISTS.items():
            f = up / fname
            if f.is_file():
                try:
                    data = f.read_bytes()
                except OSError:
                    continue
                try:
                    text = decode_text(data, f, ascii_only=False)
                except DataError:
                    text = data.decode("utf-8", errors="replace")
                if seq_dir.name in {ln.strip() for ln in text.splitlines()}:
                    return split
    return None


RGBT = RgbtLayout("rgbt", "infrared", "visible", ("infrared.txt", "init.txt"), ("visible.txt", "init.txt"),
                  benchmark="RGBT234 / RGBT210 / LasHeR")
GTOT = RgbtLayout("gtot", "i", "v", ("groundTruth_i.txt",), ("groundTruth_v.txt",), corners=True, benchmark="GTOT")
VTUAV = RgbtLayout("vtuav", "ir", "rgb", ("ir.txt",), ("rgb.txt",), every=10, benchmark="VTUAV")

LAYOUTS = (RGBT, GTOT, VTUAV)

NAME = RGBT.name
probe = RGBT.probe
open = RGBT.open  # noqa: A001
sequence_name = RGBT.sequence_name


def list_root(root: Path):
    """The sequences of every RGB-T layout under ``root`` (this module lists ``gtot`` and ``vtuav`` roots too:
    one walk for the three, every dataset root being walked once more by it): ``root`` itself when it is one
    (a sequence folder, or a stream folder: ``<seq>/visible`` is listed as ``<seq>.visible``), else the
    sequence folders up to three folders down, not looking into other layouts' sequences and frame folders."""
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if not root.is_dir():
        return []
    for lay in LAYOUTS:
        if lay.stream_of(root) is not None:
            return [SequenceEntry(lay.sequence_name(root), lay.name, root, (lambda lay=lay: lay.open(root)))]
    found: list[tuple[RgbtLayout, Path]] = []
    top = _scan(str(root), stop_at_images=False)
    if top is not None:
        _walk(str(root), top[0], 1, found)
    return [SequenceEntry(p.name, lay.name, p, (lambda lay=lay, p=p: lay.open(p))) for lay, p in found]


def _scan(folder: str, stop_at_images: bool = True) -> tuple[list[str], set[str]] | None:
    """(its sub-folders' names, sorted; its other names) in one directory read, or None for a folder holding an
    image (a frames folder, a GOT-10k sequence: the read stops there, a 20,000-frame folder is not read whole) or
    one that cannot be read. The root listing's one look at each folder it visits. ``stop_at_images=False`` (the
    root itself): images are passed over, so a stray ``teaser.jpg`` beside the sequences does not hide them all."""
    from workbench.core.data.images import IMAGE_SUFFIXES

    dirs, files = [], set()
    try:
        with os.scandir(folder) as it:
            for e in it:
                if e.name.startswith("."):
                    continue
                if _is_dir(e):
                    dirs.append(e.name)
                elif os.path.splitext(e.name)[1].lower() in IMAGE_SUFFIXES:
                    if stop_at_images:
                        return None
                else:
                    files.add(e.name)
    except OSError:
        return None
    return sorted(dirs), files


def _walk(folder: str, dirs: list[str], depth: int, found: list) -> None:
    for d in dirs:
        kid = os.path.join(folder, d)
        info = _scan(kid)
        if info is None:
            continue
        sub, files = info
        names = set(sub) | files
        lay = next((lay for lay in LAYOUTS if lay.thermal_dir in sub and lay.visible_dir in sub
                    and any(f in files for f in lay._gt_files())), None)
        if lay is not None and lay.is_sequence(Path(kid)):
            found.append((lay, Path(kid)))
        elif depth < _MAX_DEPTH and not any(n in names for n in _NOT_A_GROUP) and d.lower() not in _NOT_A_GROUP:
            # a group of sequences (a split folder, a LasHeR TestingSet/testingset): not another layout's sequence
            _walk(kid, sub, depth + 1, found)
