"""IR small-target scoring against boxes instead of masks (box-labelled sets such as IST-A: ``images/`` +
YOLO ``labels/``; the box- or point-labelled sequences the detector's reader opens, ``box_sequences``: ITSDT-15K,
Anti-UAV, DAUB, ``labels.csv``, their labels read as boxes as ``READ_AS`` says), and the adapter that lets any logits
function be scored as a segmenter.

Pd / Fa by boxes follow ``BOX_CONVENTION``; the Pd-Fa curve sweeps the same thresholds as the mask metrics
(``segmentation.PDFA_LOGITS``). Used by every segmenter's scoring (LW-IRSTNet's ``segment``, the classic peers'
``segment``, the LW-IRSTNet Evaluate tab).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.core.jobs import JobContext
from workbench.core.loops import iter_segment
from workbench.core.evaluation.segmentation import LogitsSegmenter, scored_logits


BOX_MARGIN = 3.0  # px: a predicted centroid this far outside a box still counts (the 3 px rule of Pd)
BOX_CONVENTION = ("box-scored (no masks): a labelled box is detected when an unmatched predicted component "
                  "(8-connected, logits > 0) has its centroid inside the box grown by 3 px; Pd = detected boxes / "
                  "boxes; Fa = pixels of predicted components matched to no box / all pixels (x 1e-6, as "
                  "BasicIRSTD's Fa); mIoU / nIoU need masks and are not computed")


def match_boxes(pred: np.ndarray, boxes: np.ndarray, margin: float = BOX_MARGIN) -> dict:
    """Pd / Fa counts of one image against boxes (see ``BOX_CONVENTION``); ``matched_pred`` /
    ``matched_box``: the indices of the components and boxes that matched."""
    from workbench.core.evaluation.segmentation import components

    area, cent = components(pred)
    free = list(range(len(area)))
    matched_pred, matched_box = [], []
    for bi, (x, y, w, h) in enumerate(boxes):
        for k, pi in enumerate(free):
            cx, cy = cent[pi]
            if x - margin <= cx <= x + w + margin and y - margin <= cy <= y + h + margin:
                matched_pred.append(pi)
                matched_box.append(bi)
                del free[k]
                break
    return {"targets": len(boxes), "matched": len(matched_box), "false_pixels": int(area[free].sum()) if free else 0,
            "matched_pred": matched_pred, "matched_box": matched_box}


def _is_yolo_set(root: Path) -> bool:
    return (root / "images").is_dir() and (root / "labels").is_dir() and not (root / "masks").is_dir()


def is_box_dataset(root: str | Path) -> bool:
    """A folder with ``images/`` and YOLO ``labels/`` but no ``masks/`` (IST-A as stored here), or one (or a set of)
    the box- / point-labelled IR small-target sequences the detector's reader opens (``box_sequences``: ITSDT-15K's
    COCO boxes, Anti-UAV's ``IR_label.json``, DAUB's ``anno_xy.txt``, ``labels.csv``). A mask-per-frame set
    (``maskseq``: IRDST, TSIRMT, MIST; NUDT-MIRSDT's ``Sequence<n>/masks``) and every SIRST-style set are
    mask-scored, not box-scored."""
    root = Path(root)
    return _is_yolo_set(root) or bool(box_sequences(root))


# how each labelled sequence layout's labels become the boxes ``BOX_CONVENTION`` scores against (said with it)
READ_AS = {
    "cocoseq": "boxes of the COCO instances_*.json (ITSDT-15K, cocoseq) as labelled",
    "antiuav": "boxes of each sequence's IR_label.json (Anti-UAV) as labelled; a frame whose drone is absent has no "
               "box (its finds are false alarms)",
    "daub": "points of anno_xy.txt (DAUB) as boxes of the label size read for them (3 x 3 px unless said)",
    # (a key of its own: the layout is daub for both files; it named anno_xy.txt for the release's data<n>.txt too)
    "daub_release": "points of data<n>.txt (DAUB as released: frame:<k> ... object:<j> <x> <y> lines, each on the "
                    "frame file of its number) as boxes of the label size read for them (3 x 3 px unless said)",
    "irseq": "labels.csv target rows (frame,cx,cy,w,h,class) as boxes of their w x h centred on the point "
             "(interference rows are no target: a find there is a false alarm)",
}


def _read_as_key(seq) -> str:
    """The ``READ_AS`` key of an opened labelled sequence: its layout, ``daub_release`` for DAUB's layout read from
    the release's ``data<n>.txt`` (not an ``anno_xy.txt``)."""
    from workbench.core.data.irseq import DAUB_FILE

    layout = seq.meta.get("layout", "irseq")
    label_file = getattr(seq, "label_file", None)
    if layout == "daub" and label_file is not None and not Path(label_file).name.endswith(DAUB_FILE):
        return "daub_release"
    return layout


def box_sequences(root: str | Path) -> list[Path]:
    """The box- or point-labelled sequence folders at or under ``root`` that ``irseq.list_irseq`` finds (a
    sequence, a set of them: ITSDT-15K's ``images/<seq>``, an Anti-UAV split folder), or under each split folder of
    an Anti-UAV root (``train/`` ``val/`` ``test/``), and the videos with labels beside them (``<stem>.labels.csv``,
    ``irseq.video_label_file``); not a mask-per-frame set's (mask-scored), not a video without labels."""
    from workbench.core.data import irseq, maskseq

    root = Path(root)
    if not root.is_dir() or _is_yolo_set(root):
        return []
    from workbench.core.data.sirst import image_mask_dirs, mirsdt_sequences

    try:
        if image_mask_dirs(root) is not None or mirsdt_sequences(root):  # SIRST-style, mask-per-frame, NUDT-MIRSDT:
            return []  # scored by masks
        # (an Anti-UAV410 / 600 root's <split>/<seq>/ too: ``list_irseq`` descends into its split folders)
        found = [p for p in irseq.list_irseq(root) if (maskseq.root_of(p) is None if p.is_dir()
                                                        else irseq.video_label_file(p)[0].is_file())]
    except OSError:
        return []
    return found


def box_input_folders(root: str | Path) -> set[str]:
    """The folders (real paths) the box- / point-labelled sequences at or under ``root`` are read from: each
    sequence's folder, its frames folder and the folder holding it (``images/``, a split folder). A picture per
    frame (``--views``, named ``<seq>/<frame>`` or ``<frame>``) written there would join the frames."""
    import os

    from workbench.core.data.irseq import FRAME_DIRS

    out: set[str] = set()
    for p in box_sequences(root):
        d = p if p.is_dir() else p.parent
        out.update(os.path.realpath(x) for x in (d, d.parent, *(d / f for f in FRAME_DIRS)) if x.is_dir())
    return out


def check_box_views(dataset, views, plots=None) -> None:
    """``--views`` / ``--plots`` in a folder a box- / point-labelled sequence is read from (``box_input_folders``)
    refused before anything is read, as ``segment_plain.check_views_folder`` refuses the labelled sets' folders."""
    import os

    from workbench.core.errors import WorkbenchError

    inputs = None  # listed once, for the first flag that asks
    for flag, folder in (("--views", views), ("--plots", plots)):
        if folder and Path(folder).is_dir() and os.path.realpath(folder) in (
                inputs := box_input_folders(dataset) if inputs is None else inputs):
            raise WorkbenchError(f"{flag} {folder}: is a folder the --dataset {dataset} reads its frames from (or "
                                 "holds them); the pictures would join its frames: give another folder")


def target_boxes(labels) -> np.ndarray:
    """(n, 4) x, y, w, h in pixels of one frame's labels (``irseq.Label``: centre, size, class) of class target:
    what a labelled sequence's frame is box-scored against; an interference object is no target (a find there is
    a false alarm)."""
    from workbench.core.data.irseq import TARGET

    return np.array([(b.cx - b.w / 2, b.cy - b.h / 2, b.w, b.h) for b in labels if b.cls == TARGET],
                    np.float64).reshape(-1, 4)


def sequence_boxes(seq) -> list[np.ndarray | None] | None:
    """The boxes each frame of an opened ``Sequence`` (a layout's ``open``: the window's sequence) is box-scored
    against, read as ``BoxSet`` reads that sequence's frames: its ``meta["point_labels"]`` of class target (the
    point's third value; target where it has none), each of its ``meta["point_sizes"]`` centred on it
    (``target_boxes``); None for a frame its labels do not cover (``meta["unlabelled_frames"]``: not scored).
    None for a sequence without point labels and sizes (nothing to box-score against). A sequence with label
    masks is the caller's to score by masks."""
    from workbench.core.data.irseq import TARGET, Label

    meta = getattr(seq, "meta", None) or {}
    points, sizes = meta.get("point_labels"), meta.get("point_sizes")
    if points is None or sizes is None or len(points) != len(seq) or len(sizes) != len(seq):
        return None
    skip = set(meta.get("unlabelled_frames") or ())
    return [None if i in skip else
            target_boxes([Label(i, float(p[0]), float(p[1]), float(w), float(h), int(p[2]) if len(p) > 2 else TARGET)
                          for p, (w, h) in zip(pts, wh)])
            for i, (pts, wh) in enumerate(zip(points, sizes))]


class BoxSet:
    """A box-labelled folder (``images/`` + YOLO ``labels/``, IST-A as stored here): the images that have a
    label file, their boxes (normalised; ``boxes(i, shape)`` in pixels of that image), ``names``. The label
    files are read and checked by the core's YOLO reader when the set is made, before any image is used; an
    image without a label file is left out (the core's rule) and ``warnings`` says so. ``split``: a split file
    (a path, or a name in ``splits/`` as for SIRST-style sets): only the images it names, in its order.
    A folder of (or one) box- / point-labelled sequences (``box_sequences``): every frame its labels cover, named
    ``<seq>/<frame>`` (``<frame>`` for one sequence), its target labels as boxes in pixels (``_sequences``;
    ``convention`` says how they were read, before ``BOX_CONVENTION``)."""

    def __init__(self, root: str | Path, split: str | Path | None = None):
        from workbench.core.data import yolo
        from workbench.core.data.images import list_frames
        from workbench.core.data.sirst import read_split, resolve_split
        from workbench.core.errors import DataError

        self.root = root = Path(root)
        self._pixels = False  # YOLO: boxes normalised, scaled to each image's size
        self.convention = BOX_CONVENTION
        if not _is_yolo_set(root):
            seqs = box_sequences(root)
            if seqs:
                self._sequences(root, seqs, split)
                return
        all_paths, twice = list_frames(root / yolo.IMAGES)  # 000003.png beside 000003.bmp: once
        if not all_paths:
            from workbench.core.data.folder import split_layout

            unread = split_layout(root)
            raise DataError(root / yolo.IMAGES, f"holds no images{': ' + unread if unread else ''}")
        self.split = resolve_split(root, split)
        self.warnings = twice
        if self.split is not None:
            names = read_split(self.split)
            if not names:
                raise DataError(self.split, "split file lists no images")
            by_stem = {p.stem: p for p in all_paths}
            absent = [n for n in names if n not in by_stem]
            if len(absent) == len(names):
                raise DataError(self.split, f"names none of the images in {root / yolo.IMAGES} "
                                            f"(first {names[0]!r})")
            if absent:
                self.warnings.append(f"{self.split}: {len(absent)} of {len(names)} names have no image in "
                                     f"{root / yolo.IMAGES} (first {absent[0]!r}); skipped")
            all_paths = [by_stem[n] for n in names if n in by_stem]
        self.paths, self.labels, missing = [], [], []
        for p in all_paths:
            lf = root / yolo.LABELS / f"{p.stem}.txt"
            if not lf.is_file():
                missing.append(lf.name)
                continue
            self.paths.append(p)
            # normalised boxes (an image of size 1 x 1), scaled to each image's size when it is scored
            self.labels.append(np.array([b[:4] for b in yolo.read_yolo(lf, 1, 1)], np.float64).reshape(-1, 4))
        if not self.paths:
            raise DataError(root / yolo.LABELS, f"no label file for any of the {len(all_paths)} images in "
                                                 f"{root / yolo.IMAGES}: nothing to score")
        self.names = [p.stem for p in self.paths]
        self.warnings += [f"{root / yolo.LABELS}: no label file for {len(missing)} of {len(all_paths)} images "
                          f"(first {missing[0]}); not scored"] if missing else []

    def _sequences(self, root: Path, seqs: list[Path], split) -> None:
        """The scored frames of box- / point-labelled sequences (``box_sequences``), each frame's labels as
        boxes in pixels (``READ_AS``: by the layout); a frame with no target has none (its finds are false
        alarms), a frame the labels do not cover is left out (said). ``split``: an Anti-UAV split folder's name, a
        COCO file's split (``test``: ``instances_test2017.json``), or a split file of sequence names or
        ``<seq>/<frame>`` lines."""
        from workbench.core.data.irseq import open_irseq
        from workbench.core.errors import DataError

        self._pixels, self.split, self.warnings = True, None, []
        seqs, keep = self._split_of(root, seqs, split)
        self.paths, self.labels, self.names, self._items, layouts = [], [], [], [], []
        one = len(seqs) == 1 and seqs[0] == root
        for p in seqs:
            seq = open_irseq(p)
            layout = _read_as_key(seq)
            layouts += [] if layout in layouts else [layout]
            self.warnings += list(seq.meta.get("warnings") or ())
            # (NUDT-MIRSDT's frames held as Mix/<k>.mat stacks: named <k> as their files, not by position 000000)
            files = getattr(seq.frames, "paths", None) or getattr(seq.frames, "mat_files", None)
            for f in seq.scored_frames():
                fname = Path(files[f]).name if files is not None else f"{f:06d}"
                name = Path(fname).stem if one else f"{seq.name}/{Path(fname).stem}"
                if keep is not None and not keep(seq.name, name, fname):
                    continue
                self._items.append((seq, f))
                self.paths.append(Path(files[f]) if files is not None else p)
                self.names.append(name)
                self.labels.append(target_boxes(seq.labels[f]))
        if not self._items:
            raise DataError(root, f"no labelled frame to score in its {len(seqs)} sequence(s)"
                            + (f" of split {split!r}" if split else ""))
        read = "; ".join(READ_AS.get(k, f"{k} labels as boxes") for k in layouts)
        used = len({id(seq) for seq, _f in self._items})  # (a split's: not every sequence's)
        self.read_as = f"{used} sequence(s), {len(self._items)} labelled frames: {read}"
        self.convention = f"{self.read_as}. {BOX_CONVENTION}"

    def _split_of(self, root: Path, seqs: list[Path], split):
        """(the sequences, a frame filter or None) of ``split`` (see ``_sequences``); a split that names none is
        refused, saying what it may be."""
        if split is None:
            return seqs, None
        from workbench.core.data import cocoseq
        from workbench.core.data.irseq import antiuav_split
        from workbench.core.data.sirst import SplitNotFound, resolve_split
        from workbench.core.errors import DataError

        text = str(split)
        under = [p for p in seqs if antiuav_split(p, root) == text]
        if under:  # Anti-UAV: <split>/<seq>
            self.split = root / text
            return under, None
        coco = cocoseq.root_of(seqs[0])
        if coco is not None:
            anns = cocoseq.annotations(coco)
            tags = {v[0] for v in anns.values()}
            tag = text[len("instances_"):] if text.startswith("instances_") else text
            tag = tag[:-len("2017.json")] if tag.endswith("2017.json") else tag
            if tag in tags:
                self.split = next((f for f in cocoseq.json_files(coco) if cocoseq._split_name(f) == tag), None)
                # the file names matched as the sequence's reader matches them (``images/<seq>/<k>.bmp``, a bare
                # name): an exact ``<seq>/<k>`` key alone dropped every frame of such files from a COCO split
                index = cocoseq._index(coco, anns)
                return seqs, (lambda seq, name, fname: (cocoseq._lookup(anns, index, seq, fname) or ("",))[0] == tag)
        folders = sorted({s for p in seqs if (s := antiuav_split(p, root))}) if coco is None else []
        tags = sorted({v[0] for v in cocoseq.annotations(coco).values()}) if coco is not None else []
        try:  # ambiguous, unreadable: raised as the reader says it
            path = resolve_split(root, split)
        except SplitNotFound:
            path = None
        if path is None:
            forms = ([f"a split folder ({', '.join(folders)})"] if folders else []) + (
                [f"a COCO file's split ({', '.join(tags)})"] if tags else [])
            # SplitNotFound (a DataError): in no form this set has, as resolve_split says of a split file (the LW
            # panel scored the whole set on it, asking resolve_split a second time to tell it from a refusal)
            raise SplitNotFound(root, f"split {text!r} is not {', '.join(forms + [''])}a split file in splits/ or "
                                      "the root (sequence names or <seq>/<frame> lines)")
        self.split = path
        from workbench.core.data.sirst import frame_line_key, split_lines

        # (Sequence10/Mix/00001.mat: Sequence10's frame 00001)
        listed = {frame_line_key(ln) for ln in split_lines(path)}
        if not listed:
            raise DataError(path, "split file lists no sequences or frames")
        # a line naming a sequence is its frames; a <seq>/<frame> line that frame
        return seqs, (lambda seq, name, fname: seq in listed or f"{seq}/{Path(fname).stem}" in listed)

    def __len__(self) -> int:
        return len(self.paths)

    def image(self, i: int) -> np.ndarray:
        from workbench.core.data.finite import finite_frame
        from workbench.core.data.images import read_image

        if self._pixels:  # a sequence's frame (its reader repairs NaN / inf pixels, as for YOLO images)
            seq, f = self._items[i]
            return seq.frames.read(f)

        # NaN / inf pixels repaired and said, as the SIRST reader does
        return finite_frame(self, read_image(self.paths[i]), i, self.root, lambda: list(self.paths))

    def boxes(self, i: int, shape) -> np.ndarray:
        """(n, 4) x, y, w, h in pixels of an image of ``shape`` (H, W)."""
        if self._pixels:  # a sequence's labels: pixels already
            return self.labels[i]
        h, w = shape[:2]
        return self.labels[i] * (w, h, w, h)


def evaluate_boxes(ctx: JobContext | None, root, method, split: str | Path | None = None, on_image=None) -> dict:
    """Pd / Fa of a segmenter (or logits function) on a box-labelled folder (``BOX_CONVENTION``; ``root`` a
    path or a ``BoxSet``; ``split``: only the images a split file names), with the Pd-Fa curve over
    ``PDFA_LOGITS`` and per-image counts. ``on_image(i, pred, boxes)``: called with each image's scored
    prediction (bool, logits > 0) and its boxes in pixels (masks and pictures of a run). ``zero_of_none``: Pd with
    no box (0 / 0, scored 0 as the mask scorer scores it) named, as ``SegmentationReport.zero_of_none``."""
    from workbench.core.data.sequence import ArrayFrames, Sequence
    from workbench.core.evaluation.segmentation import PDFA_LOGITS, pdfa_add, sigmoid, zero_reasons

    bs = root if isinstance(root, BoxSet) else BoxSet(root, split)
    seg = method if hasattr(method, "predict") else LogitsSegmenter(method)
    seq = Sequence(bs.root.name, ArrayFrames(len(bs), bs.image), "gray", uniform=False)  # an image set: sizes may differ
    targets = matched = false_pixels = pixels = 0
    curve_matched = np.zeros(len(PDFA_LOGITS), np.int64)
    curve_false = np.zeros(len(PDFA_LOGITS), np.int64)
    rows, secs = [], 0.0
    for i, out in iter_segment(seg, seq, ctx=ctx):
        logits = scored_logits(out)  # mask sets' rule (segmentation.score_split)
        h, w = logits.shape[:2]
        boxes = bs.boxes(i, (h, w))
        r = match_boxes(logits > 0, boxes)
        if on_image is not None:
            on_image(i, logits > 0, boxes)
        targets, matched, false_pixels, pixels = (targets + r["targets"], matched + r["matched"],
                                                  false_pixels + r["false_pixels"], pixels + h * w)
        pdfa_add(curve_matched, curve_false, logits, lambda pred: match_boxes(pred, boxes), r)  # the same rule
        secs += out.seconds
        rows.append({"name": bs.names[i], "targets": r["targets"], "matched": r["matched"],
                     "false_pixels": r["false_pixels"], "seconds": out.seconds})
    fa = false_pixels / pixels if pixels else 0.0
    curve = {"thresholds": sigmoid(PDFA_LOGITS).tolist(),
             "pd": (curve_matched / targets if targets else np.zeros(len(PDFA_LOGITS))).tolist(),
             "fa": (curve_false / pixels if pixels else np.zeros(len(PDFA_LOGITS))).tolist()}
    return {"pd": matched / targets if targets else 0.0, "fa": fa, "fa_e6": fa * 1e6, "images": len(bs),
            "targets": targets, "matched": matched, "miou": None, "niou": None,
            "fps": len(bs) / secs if secs > 0 else float("nan"), "convention": bs.convention,
            "split": None if bs.split is None else str(bs.split),
            "warnings": list(bs.warnings), "pd_fa": curve, "per_image": rows,
            "zero_of_none": zero_reasons(targets=targets, pixels=pixels)}
