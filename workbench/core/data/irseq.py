"""Sequential IR frames with per-frame target labels, for detectors of dim small targets.

Not a tracking layout (it is not in ``detect.LAYOUT_MODULES``): a frame may hold any number of
labelled objects, each a centre, a size and a class, and the detector needs the neighbouring frames
of every labelled frame (differential input), so the reader keeps frames lazy and in their native
dtype (8-bit or 16-bit gray; colour video frames are reduced to their first channel).

Layouts read by ``open_irseq(path)``:

``labels.csv`` (ours; also what refinement writes)
    one line per object: ``frame,cx,cy,w,h,class`` with 0-based frame index, 0-based pixel centre
    (column, row), size in pixels and class ``target`` | ``interference`` (or 0 | 1). Lines starting
    with ``#`` and a header line are skipped. Frames: the images of ``frames/``, ``img/`` or the folder
    itself (natural order; a name held in two files, ``0001.bmp`` beside its converted ``0001.png``, read once as
    ``images.one_per_name`` picks, and said), or a video ``<stem>.<ext>`` with ``<stem>.labels.csv`` (or a DAUB
    ``<stem>.anno_xy.txt``) beside it; a folder holding one video and no frames with a ``labels.csv`` /
    ``anno_xy.txt`` is that video's sequence (with several videos the file is not read, and said:
    ``meta["labels_not_read"]``, also in ``meta["warnings"]``).
    Frames are matched to label rows by position: a gap in the frames' numbering is said.
DAUB (Hui et al. 2019, as TensorISTD distributes it)
    ``frames/0001.png ...`` + ``anno_xy.txt``: one ``x<TAB>y`` line per frame (0-based centre,
    column then row; trailing tabs tolerated; a first line naming the columns, ``x<TAB>y`` or ``x,y``, is a
    header and skipped), one target per frame, no sizes. Every target gets the
    default size ``DAUB_DEFAULT_SIZE`` (3x3 px, the target size of the paper's Table 1 and what the
    DAUB aircraft span at 256x256). Fewer lines than frames: the last frames are unlabelled (reported
    in ``meta["warnings"]``), not guessed. UTF-8, or UTF-16 with its BOM (Notepad's "Unicode"), as box files.
DAUB as released (Hui et al. 2019, Science Data Bank sciencedb.902; the 2019 competition's ``dataset/data<n>/``)
    ``data<n>/<k>.bmp`` frames + ``data<n>/data<n>.txt`` (or ``data<n>.txt`` beside the folder): a first line
    ``<team> data<n> <frame count> <tracking count>``, then a line a frame, ``frame:<k> <count> object:1 <x> <y>
    [object:2 <x> <y> ...]`` (tab- or space-separated). Frame ``k``'s targets are the file numbered ``k``'s
    (``<k>.bmp``), as the loader that reads the release pairs them (``detections[int(stem)]``: a public
    competition script, ``read_label_file`` / ``make_dataset``, found by content in the code index, which names
    no repository); a frame no line names is unlabelled (said, not scored), a line naming no file is said. The
    points are read as written (column, row) with ``DAUB_DEFAULT_SIZE``: the release does not say whether they
    count from 0 or 1.
Published multi-frame sets (the core's layouts of those names say how they are read)
    ``maskseq`` (IRDST, TSIRMT: ``ROOT/images/<seq>`` + ``ROOT/masks/<seq>``): each mask component a target at its
    centroid, its box size the label's; ``cocoseq`` (ITSDT-15K: ``ROOT/images/<seq>`` + COCO
    ``instances_*.json``) and ``antiuav`` (``<seq>/`` + ``IR_label.json``): each box a target at its centre. Each is
    opened by its layout's own ``open`` (its ``meta["point_labels"]`` and ``["point_sizes"]``: ``_from_layout``).
    ``list_irseq`` of a ``maskseq`` / ``cocoseq`` root, or of an Anti-UAV410 / 600 root (``train/`` ``val/``
    ``test/``), gives its sequences.
No labels at all
    a folder of frames or a video opens with ``labelled = False`` (for mining new sequences).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import numpy as np

from workbench.core.data.groundtruth import (_named_as_images, _not_numbered_as_frames, decode_text, read_text,
                                             refuse_zero_bytes, whole_number)
from workbench.core.data.groundtruth import numbering_gap  # noqa: F401 - re-exported (tests, readers)
from workbench.core.data.images import is_image, list_frames
from workbench.core.data.sequence import FrameSource, ImageFiles
from workbench.core.errors import DataError

CLASSES = ("target", "interference")
TARGET, INTERFERENCE = 0, 1
DAUB_DEFAULT_SIZE = 3.0
LABEL_FILE = "labels.csv"
DAUB_FILE = "anno_xy.txt"
FRAME_DIRS = ("frames", "img", "images")
# where a label's centre (cx, cy) is counted from (``IRSequence.meta["point_centres"]``): ``PIXEL_INDEX``, the target
# pixel's index (anno_xy.txt, labels.csv, a mask component's centroid: pixel i's centre is at i, what the detector's
# centroids are and are scored against) unless a layout's labels are boxes, whose centre x + w / 2 is
# ``CONTINUOUS`` (pixel i spans i ... i + 1, as core boxes count: YOLO, COCO, Anti-UAV)
PIXEL_INDEX, CONTINUOUS = "pixel index", "continuous"
CONTINUOUS_LAYOUTS = ("yolo", "cocoseq", "antiuav")


@dataclass(frozen=True)
class Label:
    """One labelled object in one frame: centre (cx, cy), size (w, h) in pixels, class index."""

    frame: int
    cx: float
    cy: float
    w: float = DAUB_DEFAULT_SIZE
    h: float = DAUB_DEFAULT_SIZE
    cls: int = TARGET

    @property
    def class_name(self) -> str:
        return CLASSES[self.cls]

    def moved(self, **kw) -> "Label":
        return replace(self, **kw)


@dataclass
class IRSequence:
    """Frames (lazy, native dtype) and their labels. ``labels[i]`` is the list of frame i's objects.

    ``labelled``: whether the sequence has labels at all (a new sequence to mine has none).
    ``label_file``: where the labels were read from (None for generated data).
    """

    name: str
    frames: FrameSource
    labels: list[list[Label]]
    labelled: bool = True
    path: Path | None = None
    label_file: Path | None = None
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        if len(self.labels) != len(self.frames):
            raise ValueError(f"{self.name}: {len(self.labels)} label lists for {len(self.frames)} frames")

    def __len__(self) -> int:
        return len(self.frames)

    def scored_frames(self, idx=None) -> list[int]:
        """The frames of ``idx`` (default: all) that can be scored: a labelled sequence's frames less those
        its label source does not cover (``meta["unlabelled_frames"]``: rows past a short ``anno_xy.txt``,
        images without a YOLO label file). A frame left out is neither a hit nor a false alarm."""
        skip = set((self.meta or {}).get("unlabelled_frames") or ())
        return [i for i in (range(len(self)) if idx is None else idx) if i not in skip]

    def frame(self, i: int) -> np.ndarray:
        if not 0 <= i < len(self):
            raise IndexError(f"frame {i} out of range for {self.name!r} with {len(self)} frames")
        f = self.frames.read(i)
        if f.ndim == 3:  # colour video of a gray sensor: channels are equal, keep one
            f = f[:, :, 0]
        return f

    @property
    def dtype(self) -> np.dtype:
        return self.frame(0).dtype

    @property
    def frame_size(self) -> tuple[int, int]:
        f = self.frame(0)
        return f.shape[1], f.shape[0]

    def all_labels(self) -> list[Label]:
        return [lab for labs in self.labels for lab in labs]

    def with_labels(self, labels: list[list[Label]], label_file: Path | None = None) -> "IRSequence":
        return IRSequence(self.name, self.frames, labels, True, self.path, label_file or self.label_file,
                          dict(self.meta))

    def centres(self, cls: int | None = TARGET) -> np.ndarray:
        """(N, 2) centre of the first object of class ``cls`` per frame, NaN where none."""
        out = np.full((len(self), 2), np.nan)
        for i, labs in enumerate(self.labels):
            for lab in labs:
                if cls is None or lab.cls == cls:
                    out[i] = (lab.cx, lab.cy)
                    break
        return out

    def to_sequence(self):
        """The core ``Sequence`` (groundtruth = the first target's box per frame, ``point_box``), for the viewer."""
        from workbench.core.data.images import modality_of
        from workbench.core.data.sequence import Sequence

        gt = np.full((len(self), 4), np.nan)
        continuous = centres_of(self.meta) == CONTINUOUS
        for i, labs in enumerate(self.labels):
            for lab in labs:
                if lab.cls == TARGET:
                    gt[i] = point_box(lab, continuous)
                    break
        return Sequence(self.name, _GrayFrames(self), modality_of(self.frame(0)),
                        gt if self.labelled else None, path=self.path, meta=dict(self.meta, layout="irseq"))


def centres_of(meta: dict | None) -> str:
    """How the labels of a sequence whose meta is ``meta`` count their centres (``PIXEL_INDEX`` / ``CONTINUOUS``): its
    ``point_centres`` where it says, else by its layout (``CONTINUOUS_LAYOUTS``' labels are boxes)."""
    meta = meta or {}
    said = meta.get("point_centres")
    return said if said in (PIXEL_INDEX, CONTINUOUS) else (
        CONTINUOUS if meta.get("layout") in CONTINUOUS_LAYOUTS else PIXEL_INDEX)


def point_box(lab: Label, continuous: bool = False) -> tuple[float, float, float, float]:
    """The core box (x, y, w, h: top-left origin, pixel i spans i ... i + 1, ``core.boxes``) of a label's w x h
    centred on its point: a pixel-index point p (the target pixel, DAUB's anno_xy.txt) is the centre of pixel p, at
    p + 0.5 (a DAUB target at pixel (100, 90) is the box (99, 89, 3, 3), which was (98.5, 88.5, 3, 3): a tracker
    on the target scored IoU 0.53); a ``continuous`` centre (a YOLO box's x + w / 2) is where it is."""
    half = 0.0 if continuous else 0.5
    return (lab.cx + half - lab.w / 2, lab.cy + half - lab.h / 2, lab.w, lab.h)


class _GrayFrames:
    def __init__(self, seq: IRSequence):
        self.seq = seq

    def __len__(self):
        return len(self.seq)

    def read(self, i):
        return self.seq.frame(i)


# --- label files ---------------------------------------------------------------------------------
def parse_class(text: str, path: Path, line: int) -> int:
    t = text.strip().lower()
    if t in ("0", "target", "t"):
        return TARGET
    if t in ("1", "interference", "i", "clutter"):
        return INTERFERENCE
    raise DataError(path, f"unknown class {text!r} (expected target / interference or 0 / 1)", line)


def _label_text(path: Path) -> str:
    """A label file's text (``groundtruth.read_text``): one the system refuses (no permission), a folder or a pipe
    (reading a FIFO waited for a writer) is a DataError naming it; a UTF-16 label file (Notepad's "Unicode") is
    read, not garbled into "not a number" errors."""
    return read_text(path, "label file")


def read_labels(path: str | Path, n_frames: int | None = None) -> list[list[Label]]:
    """``labels.csv`` -> per-frame label lists (``n_frames`` long when given)."""
    path = Path(path)
    rows: list[Label] = []
    for ln, raw in enumerate(_label_text(path).splitlines(), 1):  # missing, a folder, a pipe: a DataError
        s = raw.strip()
        if not s or s.startswith("#"):
            continue
        parts = [p for p in s.replace("\t", ",").replace(";", ",").split(",")]
        parts = [p.strip() for p in parts if p.strip() != ""]
        if ln == 1 and parts and parts[0].lower() == "frame":
            continue
        if len(parts) != 6:
            raise DataError(path, f"expected 6 fields frame,cx,cy,w,h,class; got {len(parts)}", ln)
        try:
            cx, cy, w, h = (float(v) for v in parts[1:5])
        except ValueError:
            raise DataError(path, f"not a number in {s!r}", ln) from None
        # int(float(...)) raised OverflowError on 'inf' and read '1.5' as frame 1 without a word
        frame = whole_number(parts[0])
        if frame is None:
            raise DataError(path, f"frame must be a whole number, not {parts[0][:20]!r}", ln)
        if frame < 0 or (n_frames is not None and frame >= n_frames):
            raise DataError(path, f"frame {frame} out of range (sequence has {n_frames} frames)", ln)
        if not (np.isfinite([cx, cy, w, h]).all() and w > 0 and h > 0):
            raise DataError(path, f"centre must be finite and size positive in {s!r}", ln)
        rows.append(Label(frame, cx, cy, w, h, parse_class(parts[5], path, ln)))
    n = n_frames if n_frames is not None else (max((r.frame for r in rows), default=-1) + 1)
    out: list[list[Label]] = [[] for _ in range(n)]
    for r in rows:
        out[r.frame].append(r)
    return out


# the note a labels.csv of box centres carries under its header (``format_labels``): a labels.csv is read as pixel
# indices (DAUB's rule) unless it says so; a reader of old skips it as a comment (other CSV readers must skip '#'
# lines: pandas ``comment="#"``)
CENTRES_NOTE = "# point_centres:"


def labels_centres(path: str | Path) -> str | None:
    """The centres a labels.csv says it counts (``CENTRES_NOTE``: ``PIXEL_INDEX`` / ``CONTINUOUS``), None where
    it says nothing (a DAUB-style file: pixel indices)."""
    for raw in _label_text(Path(path)).splitlines()[:5]:
        s = raw.strip()
        if s.lower().startswith(CENTRES_NOTE):
            said = s[len(CENTRES_NOTE):].strip().lower()
            return next((c for c in (CONTINUOUS, PIXEL_INDEX) if said.startswith(c)), None)
    return None


def format_labels(labels: Iterable[Iterable[Label]], centres: str | None = None) -> str:
    """labels.csv's text; ``centres`` ``CONTINUOUS`` (box centres x + w / 2, a YOLO / COCO / Anti-UAV sequence's):
    said under the header (``CENTRES_NOTE``), so the file reads back as the same boxes, not half a pixel off."""
    lines = ["frame,cx,cy,w,h,class"]
    if centres == CONTINUOUS:
        # no comma: a CSV reader that does not skip '#' lines would split the note into fields
        lines.append(f"{CENTRES_NOTE} {CONTINUOUS} (box centres x + w / 2 where pixel i spans i ... i + 1)")
    for labs in labels:
        for lab in labs:
            lines.append(f"{lab.frame},{lab.cx:.2f},{lab.cy:.2f},{lab.w:.2f},{lab.h:.2f},{lab.class_name}")
    return "\n".join(lines) + "\n"


def write_labels(path: str | Path, labels: Iterable[Iterable[Label]], centres: str | None = None) -> Path:
    """Atomic write (a reader never sees half a file); ``centres``: as ``format_labels``."""
    from workbench.core.results import atomic_write_text

    return atomic_write_text(path, format_labels(labels, centres))


def read_daub(path: str | Path, n_frames: int, size: float = DAUB_DEFAULT_SIZE,
              warnings: list[str] | None = None, unlabelled: list[int] | None = None,
              frame_size: tuple[int, int] | None = None, frames_note: str | None = None,
              frames: list | None = None) -> list[list[Label]]:
    """Per-frame labels of an ``anno_xy.txt`` (a first line with no number in it is a header); frames past its
    last line are appended to ``unlabelled``.
    ``warnings`` is told of blank lines inside the list (frames without target) and, given the frames'
    ``frame_size`` (width, height), of points outside the frame (targets no detection can match).
    ``frames_note``: what is odd about the frames (a gap in their numbering), added to a count mismatch.
    ``frames``: the frames' files (a folder of frames): where the lines outnumber them, a frame made a folder or a
    broken link is named (it was "100 label lines for 99 frames" alone); where an image not numbered as they are
    (``overview.png``, ``0010 (copy).png``) makes up the frames the lines lack, it is refused, named: read as a frame,
    it put every later label on the wrong frame."""
    path = Path(path)
    out: list[list[Label]] = [[] for _ in range(n_frames)]
    # UTF-16 with its BOM (Notepad's "Unicode") read as it is, as box files are (was "not a number in '\ufffd\ufffd1'")
    text = _label_text(path)
    refuse_zero_bytes(text, path)
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    # a header line ('x<TAB>y', 'x,y': no field a number), as labels.csv's 'frame,...' is skipped; the first line
    # only (it was refused as 'not a number'); line numbers below stay the file's, frames count from the next line
    head = 1 if lines and _is_header(lines[0]) else 0
    n_lines = len(lines) - head  # label lines, one a frame
    nonfinite: list[int] = []
    blank: list[int] = []
    outside: list[str] = []
    for i, raw in enumerate(lines[head:]):
        ln = i + 1 + head  # the line in the file
        parts = raw.replace(",", " ").split()
        if not parts:
            blank.append(ln)
            continue  # an empty line: frame without target
        if len(parts) != 2:
            raise DataError(path, f"expected 'x<TAB>y', got {raw!r}", ln)
        if i >= n_frames:
            why = [frames_note] if frames_note else []
            posing = _named_as_images(Path(frames[0]).parent) if frames else []
            if posing:  # the cause first (a long link target would cut it off the message)
                why.insert(0, posing[0] + (f", and {len(posing) - 1} more" if len(posing) > 1 else ""))
            raise DataError(path, f"{n_lines} label lines for {n_frames} frames"
                                  + (f" ({'; '.join(why)})" if why else ""), ln)
        try:
            x, y = float(parts[0]), float(parts[1])
        except ValueError:
            raise DataError(path, f"not a number in {raw!r}", ln) from None
        if not (np.isfinite(x) and np.isfinite(y)):  # NaN: no target in this frame (as UAV123's NaN rows)
            nonfinite.append(ln)
            continue
        if frame_size is not None and _outside(x, y, frame_size):
            outside.append(f"line {ln}: ({x:g}, {y:g})")
        out[i].append(Label(i, x, y, size, size, TARGET))
    if nonfinite and warnings is not None:
        warnings.append(f"{path}: {len(nonfinite)} line(s) without a finite position (first: line "
                        f"{nonfinite[0]}), read as frames without target")
    if n_lines < n_frames:
        strays = _not_numbered_as_frames(frames) if frames else []
        if strays and len(strays) >= n_frames - n_lines:  # labels are read by position: a stray shifts the rest
            one = len(strays) == 1
            raise DataError(path, f"{n_lines} label lines for {n_frames} frames: {', '.join(strays[:3])}"
                                  f"{' ...' if len(strays) > 3 else ''} {'is' if one else 'are'} not numbered as the "
                                  f"frames are: not {'a frame' if one else 'frames'}? move {'it' if one else 'them'} "
                                  "out of the frames' folder (read as a frame, it moves each label after it onto the "
                                  "wrong frame)")
        if warnings is not None:
            warnings.append(f"{path}: {n_lines} label lines for {n_frames} frames; frames "
                            f"{n_lines}..{n_frames - 1} have no label and are not scored")
        if unlabelled is not None:
            unlabelled.extend(range(n_lines, n_frames))
    if blank and warnings is not None:
        warnings.append(f"{path}: {len(blank)} blank line(s) inside the list (first: line {blank[0]}), "
                        f"read as frames without target")
    if outside and warnings is not None:
        warnings.append(_outside_said(path, f"{len(outside)} point(s)", frame_size, outside[0]))
    return out


RELEASE_FORMAT = "frame:<k> <count> object:1 <x> <y> [object:2 <x> <y> ...]"


def daub_release_file(folder: Path) -> Path | None:
    """The label file of a sequence folder of DAUB as released (``data<n>/data<n>.txt``, or ``data<n>.txt`` beside
    the folder) whose label lines begin ``frame:``; else None. Reads the first 512 bytes of at most two files."""
    folder = Path(folder)
    for cand in (folder / f"{folder.name}.txt", folder.parent / f"{folder.name}.txt"):
        try:
            if not cand.is_file():
                continue
            with open(cand, "rb") as f:
                head = f.read(512)
            lines = [ln.split() for ln in decode_text(head, cand).splitlines()[:3]]
        except (OSError, DataError, ValueError):
            continue
        if any(parts and parts[0].lower().startswith("frame:") for parts in lines):
            return cand
    return None


def read_daub_release(path: str | Path, files, size: float = DAUB_DEFAULT_SIZE, warnings: list[str] | None = None,
                      unlabelled: list[int] | None = None,
                      frame_size: tuple[int, int] | None = None) -> list[list[Label]]:
    """Per-frame labels of a DAUB release label file (``RELEASE_FORMAT`` lines after a header line): the line
    ``frame:<k>`` labels the frame file numbered ``k`` among ``files``. Frames no line names are appended to
    ``unlabelled`` and said; lines naming no file, a header count unlike the lines', points outside the frame
    are said; a malformed line is a DataError naming the file and line."""
    import re

    path = Path(path)
    index: dict[int, int] = {}
    for i, f in enumerate(files):
        m = re.search(r"(\d+)$", Path(f).stem)
        if m:
            index.setdefault(int(m.group(1)), i)
    out: list[list[Label]] = [[] for _ in files]
    labelled: set[int] = set()
    seen: dict[int, int] = {}
    no_file: list[int] = []
    outside: list[str] = []
    declared = None
    for ln, raw in enumerate(_label_text(path).splitlines(), 1):
        parts = raw.split()
        if not parts:
            continue
        if not parts[0].lower().startswith("frame:"):
            if not seen and declared is None:  # the header: <team> data<n> <frame count> <tracking count>
                declared = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else -1
                continue
            raise DataError(path, f"expected {RELEASE_FORMAT!r}, got {raw.strip()!r}", ln)
        try:
            k, count = int(parts[0].split(":", 1)[1]), int(parts[1])
        except (ValueError, IndexError):
            raise DataError(path, f"expected {RELEASE_FORMAT!r}, got {raw.strip()!r}", ln) from None
        if count < 0 or len(parts) != 2 + 3 * count:
            raise DataError(path, f"{count} object(s) announced but {len(parts) - 2} value(s) follow (3 an object: "
                                  f"object:<j> <x> <y>): {raw.strip()!r}", ln)
        if k in seen:
            raise DataError(path, f"frame {k} labelled twice (first on line {seen[k]})", ln)
        seen[k] = ln
        i = index.get(k)
        if i is None:
            no_file.append(k)
            continue
        labelled.add(i)
        for j in range(count):
            tag, xs, ys = parts[2 + 3 * j:5 + 3 * j]
            try:
                if not tag.lower().startswith("object"):
                    raise ValueError(tag)
                x, y = float(xs), float(ys)
            except ValueError:
                raise DataError(path, f"expected {RELEASE_FORMAT!r}, got {raw.strip()!r}", ln) from None
            if not (np.isfinite(x) and np.isfinite(y)):
                continue
            if frame_size is not None and _outside(x, y, frame_size):
                outside.append(f"line {ln}: ({x:g}, {y:g})")
            out[i].append(Label(i, x, y, size, size, TARGET))
    said = [] if warnings is None else warnings
    missing = [i for i in range(len(files)) if i not in labelled]
    if missing:
        said.append(f"{path}: no line for {len(missing)} of {len(files)} frames (first {Path(files[missing[0]]).name}); "
                    "not scored")
        if unlabelled is not None:
            unlabelled.extend(missing)
    if no_file:
        said.append(f"{path}: {len(no_file)} line(s) label frame numbers no file in {Path(files[0]).parent} has "
                    f"(first frame:{no_file[0]}, line {seen[no_file[0]]})")
    if declared is not None and declared >= 0 and declared != len(seen):
        said.append(f"{path}: its first line says {declared} frames, {len(seen)} are labelled")
    if outside:
        said.append(_outside_said(path, f"{len(outside)} point(s)", frame_size, outside[0]))
    return out


def _is_header(line: str) -> bool:
    """An anno_xy.txt line naming its columns ('x<TAB>y', 'x,y', 'X Y'): fields, none of them a number (a NaN row
    of a frame without target is numbers), each printable text with a letter in it (a binary or damaged first
    line is no header: it stays an error)."""
    parts = line.replace(",", " ").split()
    if not all(p.isprintable() and any(c.isalpha() for c in p) for p in parts):
        return False
    for p in parts:
        try:
            float(p)
            return False
        except ValueError:
            pass
    return bool(parts)


def in_frame(x: float, y: float, frame_size: tuple[int, int]) -> bool:
    """Whether the centre (x, y) lies in the ``frame_size`` (width, height) frame: -0.5 <= x < W, -0.5 <= y < H.
    Centres come in two conventions: pixel coordinates (pixel i's centre at i: anno_xy.txt / labels.csv points,
    seq_irst's detections), whose frame spans -0.5 ... W - 0.5, and continuous ones (pixel i spans i ... i + 1: a
    YOLO box's x + w / 2), whose frame spans 0 ... W. The one rule of the labels (``_outside``: said, scored as
    missed) and of seq_irst's decoding (centres in the padding dropped) takes both: the labels used 0 ... W and
    decoding -0.5 ... W - 0.5, so a YOLO centre in the last pixel's outer half was a target whose detection was
    always dropped (a sure miss), and a point in the first pixel's outer half was called outside."""
    return -0.5 <= x < frame_size[0] and -0.5 <= y < frame_size[1]


def _outside(x: float, y: float, frame_size: tuple[int, int]) -> bool:
    """Is the centre (x, y) outside the ``frame_size`` (width, height) frame (``in_frame``: a target no detection
    can match)?"""
    return not in_frame(x, y, frame_size)


def _outside_said(path: Path, count: str, frame_size: tuple[int, int], first: str) -> str:
    return f"{path}: {count} outside the {frame_size[0]}x{frame_size[1]} frame (first: {first}), scored as missed targets"


def outside_warning(labels: list[list[Label]], path: Path, frame_size: tuple[int, int]) -> str | None:
    """One line when labelled centres lie outside the ``frame_size`` (width, height) frame (targets no
    detection can match; ``read_daub`` says the same of its points, by line), else None."""
    out = [lab for labs in labels for lab in labs if _outside(lab.cx, lab.cy, frame_size)]
    if not out:
        return None
    first = out[0]
    return _outside_said(path, f"{len(out)} label(s) centred", frame_size,
                         f"frame {first.frame}, ({first.cx:g}, {first.cy:g})")


def video_label_file(path: Path) -> tuple[Path, str | None]:
    """The label file of the video ``path``: ``<stem>.labels.csv``, a DAUB ``<stem>.anno_xy.txt``, else the
    ``labels.csv`` / ``anno_xy.txt`` of its folder when that folder holds this one video and no frames
    (a user's sequence folder with a clip instead of frames: its labels were silently not read). With
    several videos there the folder's file is not read: the second value is the line that says so (else
    None). The path returned may not exist (no labels)."""
    from workbench.core.data.video import is_video

    own = path.with_name(f"{path.stem}.{LABEL_FILE}")
    for cand in (own, path.with_name(f"{path.stem}.{DAUB_FILE}")):
        if cand.is_file():
            return cand, None
    folder = path.parent
    shared = [folder / n for n in (LABEL_FILE, DAUB_FILE) if (folder / n).is_file()]
    if not shared:
        return own, None
    videos = [p for p in folder.iterdir() if p.is_file() and is_video(p)]
    if len(videos) == 1 and not _frame_files(folder):
        return shared[0], None
    return own, (f"{shared[0]}: not read for {path.name}: the folder holds {len(videos)} videos "
                 f"(or frames); name a video's labels <video>.{LABEL_FILE} beside it")


# --- opening -------------------------------------------------------------------------------------
def _frame_files(folder: Path, warnings: list[str] | None = None) -> list[Path]:
    """The frames of ``folder`` (``frames/``, ``img/``, ``images/`` or itself), each name read once; ``warnings`` is
    told of names held in more than one file and which was read."""
    # each name once (``images.list_frames``): 0001.png beside a converted 0001.bmp were two frames, so 19 frames
    # listed as 38 and every label read onto the wrong one
    for sub in FRAME_DIRS:
        d = folder / sub
        if d.is_dir():
            files, said = list_frames(d)
            if files:
                if warnings is not None:
                    warnings += said
                return files
    if not folder.is_dir():
        return []
    files, said = list_frames(folder)
    if warnings is not None:
        warnings += said
    return files


def probe(path: str | Path) -> bool:
    """Is ``path`` a sequence this module can open (frames with labels.csv / anno_xy.txt, or a video)?"""
    path = Path(path)
    if path.is_file():
        from workbench.core.data.video import is_video

        return is_video(path)
    if not path.is_dir():
        return False
    from workbench.core.data import cocoseq, maskseq, mirsdt

    # ROOT/images/<seq> + ROOT/masks/<seq> (IRDST, TSIRMT) or ROOT/<seq>/images + masks (NUDT-MIRSDT): points from
    # the masks; + ROOT/instances_*.json (ITSDT-15K)
    if maskseq.probe(path) or mirsdt.probe(path) or cocoseq.probe(path) or _antiuav(path):
        return True
    return bool(_frame_files(path)) and ((path / LABEL_FILE).is_file() or (path / DAUB_FILE).is_file()
                                         or daub_release_file(path) is not None)


def open_irseq(path: str | Path, labels: str | Path | None = None, daub_size: float = DAUB_DEFAULT_SIZE,
               name: str | None = None) -> IRSequence:
    """Open a sequence folder or video (see the module doc). ``labels``: a label file that overrides
    the sequence's own (refined labels kept in a project folder)."""
    path = Path(path).absolute()
    if not path.exists():
        raise DataError(path, "no such file or folder")
    if labels is None and path.is_dir():
        from workbench.core.data import cocoseq, maskseq, mirsdt

        if maskseq.root_of(path) is not None or mirsdt.probe(path):
            seq = (maskseq if maskseq.root_of(path) is not None else mirsdt).open(path)
            return _from_layout(seq, name, Path(seq.meta["mask_dir"]))
        if cocoseq.root_of(path) is not None:
            return _from_layout(cocoseq.open(path), name, cocoseq.json_files(cocoseq.root_of(path))[0])
        if _antiuav(path):
            from workbench.core.data import antiuav

            return _from_layout(antiuav.open(path), name, path / antiuav.LABEL_FILE)
    warnings: list[str] = []
    unlabelled: list[int] = []
    label_file: Path | None = None
    unread = None  # the folder's labels file, left unread for a video among several
    if path.is_file():
        from workbench.core.data.video import VideoFrames, is_video

        if not is_video(path):
            raise DataError(path, "not a video file or a folder of frames")
        frames: FrameSource = VideoFrames(path)
        warnings += frames.warnings  # type: ignore[attr-defined]
        own, unread = video_label_file(path)
        if unread:
            warnings.append(unread)
        layout = "video"
        seq_name = path.stem
        gap = None
    else:
        files = _frame_files(path, warnings)
        if not files:
            raise DataError(path, f"no image frames found (looked in {', '.join(FRAME_DIRS)} and the folder)")
        frames = ImageFiles(files)
        own = path / LABEL_FILE if (path / LABEL_FILE).is_file() else (path / DAUB_FILE)
        if not own.is_file():
            own = daub_release_file(path) or own
        layout = "daub" if own.name != LABEL_FILE and own.is_file() else "irseq"
        seq_name = path.name
        gap = numbering_gap(files)
    n = len(frames)
    daub_read = False  # read by read_daub / read_daub_release (they say their own points outside the frame)
    if labels is not None:
        label_file = Path(labels)
        labs = read_labels(label_file, n)
    elif own.is_file():
        label_file = own
        if own.name.endswith(DAUB_FILE):
            first = frames.read(0)
            labs = read_daub(own, n, daub_size, warnings, unlabelled, (first.shape[1], first.shape[0]), gap,
                             frames=files if path.is_dir() else None)
            daub_read = True
        elif layout == "daub":  # the release's data<n>.txt: labels by frame number, not position
            first = frames.read(0)
            labs = read_daub_release(own, files, daub_size, warnings, unlabelled, (first.shape[1], first.shape[0]))
            gap, daub_read = None, True
        else:
            labs = read_labels(own, n)
    else:
        labs = [[] for _ in range(n)]
    if label_file is not None and not daub_read and any(labs):
        first = frames.read(0)  # read_daub says its own points outside the frame
        far = outside_warning(labs, label_file, (first.shape[1], first.shape[0]))
        if far:
            warnings.append(far)
    if label_file is not None and gap:
        warnings.append(f"{label_file}: labels are matched to frames by position and {gap}: "
                        "a missing frame moves every later label onto the wrong frame")
    meta = {"layout": layout, "warnings": warnings, "daub_size": daub_size if daub_read else None,
            "unlabelled_frames": unlabelled, "labels_not_read": unread}
    said = labels_centres(label_file) if label_file is not None and not daub_read else None
    if said is not None:  # a labels.csv of box centres (save_irseq / a project's labels of a YOLO or Anti-UAV source)
        meta["point_centres"] = said
    seq = IRSequence(name or seq_name, frames, labs, labelled=label_file is not None, path=path,
                     label_file=label_file, meta=meta)
    return seq


def antiuav_split(path, root) -> str | None:
    """The Anti-UAV split folder (``antiuav.ANTIUAV_SPLITS``: ``train/`` ``val/`` ``test/``) directly under ``root`` that the
    sequence ``path`` lies in (``root/<split>/<seq>``, as ``list_irseq`` finds them), else None: the one split-folder
    rule of the box scorer's ``--split`` and the sequence detector's splits (``seq_irst.sequences.split_of``)."""
    from workbench.core.data import antiuav  # (Anti-UAV's own names; antiuav asks nothing of this module)

    parent = Path(path).parent
    return parent.name if parent.name in antiuav.ANTIUAV_SPLITS and parent.parent == Path(root) else None


def list_irseq(root: str | Path) -> list[Path]:
    """Sequence folders / videos at or directly under ``root`` (sorted by name); an Anti-UAV410 / 600 root's
    sequences under its split folders (``train/`` ``val/`` ``test/``, in that order) where none is directly under it."""
    root = Path(root)
    if probe(root):
        return [root]
    if not root.is_dir():
        return []
    from workbench.core.data import antiuav, cocoseq, maskseq, mirsdt

    # ROOT of images/<seq> + masks/<seq>, of <seq>/images + <seq>/masks or + instances_*.json: its sequences, in
    # natural order
    in_sets = maskseq.sequence_paths(root) or mirsdt.sequence_paths(root) or cocoseq.sequence_paths(root)
    found = in_sets or [p for p in sorted(root.iterdir()) if not p.name.startswith(".") and probe(p)]
    if not found:
        for split in antiuav.ANTIUAV_SPLITS:
            if (root / split).is_dir():
                found += [p for p in sorted((root / split).iterdir()) if not p.name.startswith(".") and _antiuav(p)]
    return found


def _antiuav(path: Path) -> bool:
    """An Anti-UAV sequence folder (``IR_label.json`` beside its frames or ``IR.mp4``: Anti-UAV410 / 600 / 2020)."""
    from workbench.core.data import antiuav

    return antiuav.probe(path)


def _from_layout(seq, name: str | None, label_file: Path) -> IRSequence:
    """An ``IRSequence`` of a layout's own ``open`` (``maskseq``, ``cocoseq``, ``antiuav``: one reader a layout): each
    of its ``meta["point_labels"]`` a target, its size the layout's ``meta["point_sizes"]`` (at least 1 px); the
    frames its ``meta["unlabelled_frames"]`` names are not scored, a frame without points is one without target."""
    meta = seq.meta or {}
    points, sizes = meta["point_labels"], meta.get("point_sizes")
    labs = []
    for i in range(len(seq)):
        pts = points[i]
        wh = sizes[i] if sizes is not None else [(1.0, 1.0)] * len(pts)
        labs.append([Label(i, float(p[0]), float(p[1]), max(float(w), 1.0), max(float(h), 1.0), TARGET)
                     for p, (w, h) in zip(pts, wh)])
    out = {"layout": meta.get("layout"), "point_centres": centres_of(meta),
           "warnings": list(meta.get("warnings") or []), "daub_size": None,
           "unlabelled_frames": list(meta.get("unlabelled_frames") or []), "labels_not_read": None}
    for k in ("mask_files", "split"):
        if k in meta:
            out[k] = meta[k]
    return IRSequence(name or seq.name, seq.frames, labs, labelled=True, path=seq.path, label_file=label_file,
                      meta=out)


def save_irseq(seq: IRSequence, out: str | Path, every: Iterable[int] | None = None) -> Path:
    """Write a sequence as ``out/frames/0001.png ...`` (native depth) + ``out/labels.csv`` (the centres its labels
    count, ``centres_of``: box centres said in the file, which reads back as the same boxes)."""
    from workbench.core.data.images import write_image

    out = Path(out)
    idx = list(range(len(seq))) if every is None else list(every)
    for i in idx:
        write_image(out / "frames" / f"{i + 1:04d}.png", seq.frame(i))
    write_labels(out / LABEL_FILE, seq.labels, centres_of(seq.meta))
    return out


__all__ = ["CLASSES", "DAUB_DEFAULT_SIZE", "INTERFERENCE", "IRSequence", "Label", "TARGET", "format_labels",
           "is_image", "labels_centres", "list_irseq", "open_irseq", "probe", "read_daub", "read_labels", "save_irseq",
           "write_labels"]
