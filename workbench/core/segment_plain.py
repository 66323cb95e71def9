"""``workbench segment`` on an analyst's own images, frames or video (no masks, no labels): segmented, not scored.

Every segmenter's ``segment`` goes this way for such data: LW-IRSTNet's own command and the core's
(``core.segment_command``: the classic peers, any third-party segmenter). Before, the path lived in LW-IRSTNet's
plugin and the peers refused the same folder ("not a SIRST-style dataset: no images/ folder"). What it writes:
``--out DIR`` the predicted masks in the core's mask layout (``DIR/<dataset>/<method>/<variant>/<name>/<image>.png``
beside the run's ``manifest.json``), ``--views DIR`` one picture per image, ``--json`` the targets found per image.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

import numpy as np

from workbench.core import shell
from workbench.core.evaluation.irst_boxes import is_box_dataset

# the colour of a found target in ``found_view``: with no labels nothing is correct, missed or a false alarm, so
# none of the labelled pictures' red / green / blue (it was that blue: every find read as a false alarm)
FOUND = (255, 200, 0)
FOUND_KEY = "found targets boxed in yellow (no labels: nothing is called detected, missed or a false alarm)"


def dataset_must_exist(dataset) -> None:
    """A --dataset that is not there was said as "not a SIRST-style dataset: no images/ folder", as if it were."""
    if not Path(dataset).exists():
        from workbench.core.errors import WorkbenchError

        raise WorkbenchError(f"--dataset {dataset}: no such file or folder; give a SIRST-style folder "
                             "(images/ + masks/), a set with YOLO box labels or a folder of images")


def is_plain_images(root: str | Path) -> bool:
    """Images (or frames, a video) without masks or labels to score against: an analyst's own data."""
    root = Path(root)
    if root.is_file():
        return True
    if not root.is_dir() or is_box_dataset(root):
        return False
    from workbench.core.data.sirst import image_mask_dirs, mirsdt_sequences

    # any labelled layout the SIRST reader opens (images/ + masks/, IRSTD-1k's IRSTD1k_Img/ + IRSTD1k_Label/,
    # SIRST-V2's annotations/masks/, a NUDT-MIRSDT root's Sequence<n>/images + masks/) is scored, not segmented as
    # plain pictures
    return image_mask_dirs(root) is None and not mirsdt_sequences(root)


def input_folders(root: str | Path) -> set[str]:
    """The folders of ``--dataset`` that the readers take images, masks or labels from (images/, masks/, labels/,
    frames/, img/, the SIRST layouts' pair, ``sirst.image_mask_dirs``, and a plain folder's root), as real paths;
    for a labelled set's ``images/`` given alone (``labelled_set_of``), that set's masks / labels folders too."""
    from workbench.core.data.sirst import image_mask_dirs, mirsdt_sequences

    root = Path(root)
    if not root.is_dir():
        return set()
    dirs = [root / d for d in ("images", "masks", "labels", "frames", "img")] + ([root] if is_plain_images(root) else [])
    try:
        dirs += list(image_mask_dirs(root) or ())
        # a NUDT-MIRSDT root's: each sequence's frames and masks folders
        dirs += [p / d for p in mirsdt_sequences(root) for d in ("images", "masks", "masks_centroid")]
        # SET/images given: its masks / labels one level up are the set's too (`--views SET/masks --force` turned
        # every mask into a colour picture)
        parent = labelled_set_of(root)
        if parent is not None:
            dirs += [parent / "masks", parent / "labels"] + list(image_mask_dirs(parent) or ())
            from workbench.core.data import maskseq

            pair = maskseq.dirs_of(parent)
            if pair is not None:  # a mask-per-frame set's: each sequence's frames and masks folders
                dirs += [d for p in maskseq.sequence_paths(parent) for d in (p, pair[1] / p.name)]
    except Exception:  # an unreadable layout is said by the reader, after this check
        pass
    return {os.path.realpath(d) for d in dirs if d.is_dir()}


def check_views_folder(dataset, views, plots=None) -> None:
    """``--views`` in one of ``--dataset``'s own folders: each picture, named as its image, replaced that image (or
    its mask) without a word, --force or not: refused before anything is read; ``--plots`` there too (its curves
    joined the images)."""
    from workbench.core.errors import WorkbenchError

    if views and Path(views).is_dir() and os.path.realpath(views) in input_folders(dataset):
        raise WorkbenchError(f"--views {views}: is a folder the --dataset {dataset} is read from; a picture named as "
                             "each image would replace that image or its mask: give another folder")
    if plots and Path(plots).is_dir() and os.path.realpath(plots) in input_folders(dataset):
        # roc.png / pd_fa.png in images/ were read as images of the set by the next run
        raise WorkbenchError(f"--plots {plots}: is a folder the --dataset {dataset} is read from; its curves "
                             "(roc.png ...) would join its images or masks: give another folder")


def keep_views(views, names, force: bool) -> None:
    """The ``--views`` pictures this run writes (one per image, named as it) that are there already are kept unless
    ``--force``, as the --json file and the --plots curves are: an earlier run's pictures, or a user's own PNGs of
    those names, were written over without a word. Called once the images are listed, before any is segmented."""
    if not views or force or not Path(views).is_dir():
        return
    there = [n for n in names if (Path(views) / f"{n}.png").exists()]
    if there:
        from workbench.core.options import OptionError

        raise OptionError("--views", views, f"holds {len(there)} of the {len(names)} pictures this run writes "
                                            f"(first {there[0]}.png); pass --force to write over them, or give "
                                            "another folder")


class KeptOnStop:
    """``segment --out``: Ctrl-C / SIGTERM in the middle keeps the masks written so far, records them in the
    run's manifest as an unfinished run (``completed: false``, ``frames_done``: an earlier complete run of the
    same settings is no longer claimed whole), says so in one line and stops. Before, the command ended with
    ``workbench: interrupted`` alone: the masks written were not said, and an earlier run's manifest still
    said complete over a folder of this run's masks and that one's. An error part-way (an image that cannot be
    read, the 40th of 100) is kept and recorded so too, once a mask is written: the masks written were left unsaid
    and unrecorded beside an earlier complete run's manifest."""

    def __init__(self, info, out, name: str, mask_dir, total: int, device, started: str):
        self.info, self.out, self.name, self.mask_dir = info, out, name, mask_dir
        self.total, self.device, self.started, self.done = total, device, started, 0

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        stopped = kind is not None and issubclass(kind, KeyboardInterrupt)
        failed = kind is not None and issubclass(kind, Exception) and self.done > 0
        if not (stopped or failed) or self.info is None:
            return False
        from workbench.core.errors import WorkbenchError, one_line, stop_name
        from workbench.core.results import now_iso, update_manifest

        how = stop_name(exc) if stopped else "by the error below"
        marked = "marked unfinished in its manifest.json"
        try:
            update_manifest(self.info.folder(self.out), self.info.manifest(), self.name, {
                "frames": self.total, "frames_done": self.done, "completed": False, "device": self.device,
                "started": self.started, "finished": now_iso(), "masks": str(self.mask_dir),
                "partial": {"reason": "interrupted" if stopped else "error", "frame": self.done,
                            "error": f"interrupted ({how})" if stopped else one_line(str(exc))}})
        except (OSError, WorkbenchError) as why:
            if stopped:
                raise
            marked = f"not marked unfinished: {one_line(str(why))}"  # (the error that stopped it is said below)
        print(f"segment stopped ({how}): {self.done} of {self.total} masks kept in {self.mask_dir} ({marked}); "
              "the same command again segments them all" + ("" if stopped else " once that is mended"),
              file=sys.stderr if failed and not stopped else sys.stdout)
        return False


def open_plain(root: str | Path):
    """The images of a plain folder (or its images/ / frames/ / img/ sub-folder), or a video, as the core's
    ``Sequence``, each image segmented on its own (so they may differ in size)."""
    import dataclasses

    from workbench.core.data.detect import open_sequence
    from workbench.core.errors import DataError

    root = Path(root)
    joined = mask_set_frames(root)
    if joined is not None:
        return joined
    try:
        seq = open_sequence(root)
    except DataError:
        sub = next((root / d for d in ("images", "frames", "img") if (root / d).is_dir()), None)
        if sub is None:
            raise
        seq = open_sequence(sub)
    return dataclasses.replace(seq, uniform=False)


def mask_set_frames(images):
    """The frames of every sequence of the mask-per-frame set (IRDST, TSIRMT: ``ROOT/images/<seq>/`` beside
    ``ROOT/masks/<seq>/``) whose ``images/`` folder ``images`` is, as one collection of images named
    ``<seq>/<frame>`` (``meta["names"]``), or None where it is no such folder. `segment --dataset ROOT --out O`
    suggested ``--dataset ROOT/images``, which was refused as "a dataset of 2 sequences, not one"."""
    from workbench.core.data import maskseq
    from workbench.core.data.images import list_frames
    from workbench.core.data.sequence import ImageFiles, Sequence

    images = Path(images)
    pair = maskseq.dirs_of(images.parent) if images.is_dir() else None
    if pair is None or pair[0].resolve() != images.resolve():
        return None
    paths, names, warnings = [], [], []
    for d in maskseq.sequence_paths(images.parent):
        frames, twice = list_frames(d)
        paths += list(frames)
        names += [f"{d.name}/{Path(f).stem}" for f in frames]
        warnings += twice
    if not paths:
        return None
    return Sequence(name=images.parent.absolute().name or "images", frames=ImageFiles(paths), path=images,
                    uniform=False, meta={"names": names, "warnings": warnings})


def mask_set_hint(dataset) -> str:
    """For one sequence's folder of a mask-per-frame set (``ROOT/images/<seq>``: IRDST, TSIRMT), segmented as plain
    frames (its masks are read by the set), the command that scores it against them; "" for any other folder."""
    from workbench.core.data import maskseq

    root = maskseq.root_of(dataset) if Path(dataset).is_dir() else None
    if root is None:
        return ""
    return (f"{root} holds the masks of sequence {Path(dataset).name}: --dataset {shell.quote(str(root))} --split "
            f"FILE scores it, FILE a text file holding the line {shell.quote(Path(dataset).name)}")


def split_root(root) -> Path:
    """Where the split files of ``root`` (images without masks, or a video) are looked up: the labelled set whose
    ``images/`` folder it is (``labelled_set_of``), else ``root``, or the folder holding a video."""
    root = Path(root)
    return labelled_set_of(root) or (root if root.is_dir() else root.parent)


def plain_split(root, split, names: list[str]) -> list[int] | None:
    """The indices of ``names`` (images without masks) that the split file ``split`` lists (None: all). The
    split was ignored for such images: `--split test` segmented every image, and a split that did not exist
    went unsaid."""
    if not split:
        return None
    from workbench.core.data.sirst import read_split, resolve_split
    from workbench.core.errors import DataError

    root = Path(root)
    # a labelled set's images/ folder given alone: the set's splits/ (`--split test` was looked up in images/)
    path = resolve_split(split_root(root), split)
    where = {n: i for i, n in enumerate(names)}
    seqs: dict[str, list[int]] = {}  # a mask-per-frame set's frames (<seq>/<frame>): a line naming a sequence, all
    for i, n in enumerate(names):
        if "/" in n:
            seqs.setdefault(n.rsplit("/", 1)[0], []).append(i)
    listed = _frame_lines(path, where, seqs) if seqs else read_split(path)
    idx = [k for n in listed for k in ([where[n]] if n in where else seqs.get(n, []))]
    if not idx:
        raise DataError(path, f"names none of the {len(names)} images of {root.name}/ (first listed {listed[0]!r})"
                        if listed else "split file lists no images")
    absent = [n for n in listed if n not in where and n not in seqs]
    if absent:
        from workbench.core.errors import warn_data

        warn_data(f"{path}: {len(absent)} of {len(listed)} names have no image in {root.name}/ (first {absent[0]!r}); "
                  "skipped")
    return idx


def _frame_lines(path: Path, where: dict, seqs: dict) -> list[str]:
    """The lines of the split file ``path`` of a mask-per-frame set's frames (``mask_set_frames``), each as the
    ``<seq>/<frame>`` name (``where``) or sequence (``seqs``) it names (``images/<seq>/<frame>.png`` and
    ``<seq>\\<frame>`` too), else as written (said as named by none); ``read_split`` keeps a line's last part alone
    (``252/10`` read as ``10``, a frame of every sequence)."""
    from workbench.core.data.sirst import frame_line_key, split_lines

    out: dict[str, None] = {}  # (in order, each once: a list's ``in`` made long split files quadratic)
    for line in split_lines(path):
        line = line.strip("/")
        if not line:
            continue
        key = frame_line_key(line)  # read as the sequence sets' splits are (``_sequence_split``, box splits)
        name = next((c for c in (key, key.rsplit("/", 1)[-1]) if c in where or c in seqs), line)
        out.setdefault(name)
    return list(out)


def labelled_set_of(dataset) -> Path | None:
    """The labelled set whose ``images/`` folder ``dataset`` is (``ROOT/images`` beside ``masks/`` or YOLO
    ``labels/``), or None: given the images folder itself, `segment` said 'no masks to score against' with the
    masks beside it."""
    from workbench.core.data.sirst import image_mask_dirs

    given = Path(dataset)
    root = given.parent if str(given.parent) not in ("", ".") else given.absolute().parent
    pair = image_mask_dirs(root)
    if pair is not None and pair[0].resolve() == given.resolve():
        return root
    return root if is_box_dataset(root) and (root / "images").resolve() == given.resolve() else None


def overlaid(image: np.ndarray, layers, alpha: float) -> np.ndarray:
    """``image`` (any dtype, gray or colour) as gray RGB uint8 with each (mask, colour) of ``layers``
    blended in at ``alpha``."""
    from workbench.core.data.sirst import scale_unit

    f = scale_unit(np.asarray(image))
    if f.ndim == 3:
        f = f[:, :, :3].mean(axis=2) if f.shape[2] != 1 else f[:, :, 0]
    out = np.repeat((f * 255).astype(np.uint8)[:, :, None], 3, axis=2).astype(np.float32)
    for mask, colour in layers:
        out[mask] = (1 - alpha) * out[mask] + alpha * np.array(colour, np.float32)
    return out.astype(np.uint8)


def found_view(image: np.ndarray, mask: np.ndarray, alpha: float = 0.55) -> np.ndarray:
    """RGB uint8 picture of one unlabelled image: ``image`` in grey, each found component tinted and boxed in
    ``FOUND`` (no labels: nothing to call correct or a false alarm)."""
    import cv2

    mask = np.asarray(mask, bool)
    out = overlaid(image, [(mask, FOUND)], alpha)
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    for x, y, w, h in stats[1:, :4]:
        cv2.rectangle(out, (int(x) - 2, int(y) - 2), (int(x + w) + 1, int(y + h) + 1), FOUND, 1)
    return out


def segment_plain(seg, dataset, *, plugin, cfg, device: str = "cpu", split=None, out=None, views=None,
                  json_path=None, force: bool = False, batch: int = 1, fps_label: str = "fps",
                  extra: dict | None = None, view: Callable | None = None) -> int:
    """``segment`` on images without masks: segmenter ``seg`` (of ``plugin`` with ``cfg``) on every image of
    ``dataset`` (or those ``split`` lists) through the core's ``iter_segment``; the masks (``out``: the run's
    folder of the core's results layout), pictures (``views``: ``view(image, mask)``, default ``found_view``) and
    the targets found per image (``json_path``, with ``extra`` merged in); nothing is scored. The output
    arguments are checked by the caller before the segmenter is made."""
    from workbench.core.data.images import write_image
    from workbench.core.evaluation.plots import render_table
    from workbench.core.jobs import JobContext, TextProgress
    from workbench.core.loops import iter_segment
    from workbench.core.results import now_iso, update_manifest, write_json, write_mask
    from workbench.core.runs import run_info

    view = view or found_view
    seq = open_plain(dataset)
    for w in seq.meta.get("warnings") or []:  # e.g. a name with two files, read once: said, not silently dropped
        print(f"warning: {w}")
    paths = getattr(seq.frames, "paths", None)
    names = seq.meta.get("names") or ([Path(p).stem for p in paths] if paths else
                                      [f"{i + 1:06d}" for i in range(len(seq))])
    frames = plain_split(dataset, split, names)
    keep_views(views, names if frames is None else [names[i] for i in frames], force)
    labelled = labelled_set_of(dataset)
    # a labelled set's images/ folder: the run named after the set and its split, OUT/<set>/<method>/<variant>/
    # <split or all>/, as LW-IRSTNet's --out on the set names it (it was OUT/images/<method>/<variant>/<set>/: two
    # methods' masks of the same images under two dataset names)
    run_root, run_name = (labelled, Path(split).stem if split else "all") if labelled else (dataset, seq.name)
    info = run_info(plugin, cfg, device, dataset_root=run_root) if out else None
    mask_dir = info.folder(out) / run_name if info else None
    started = now_iso()
    per, seconds = [], 0.0
    made: set = set()  # folders made for the masks and views (one a sequence, not a mkdir a frame)
    with KeptOnStop(info, out, run_name, mask_dir, len(seq) if frames is None else len(frames), device,
                    started) as kept:
        for i, o in iter_segment(seg, seq, frames, ctx=JobContext(TextProgress("segment")), batch=batch):
            seconds += o.seconds
            if mask_dir is not None:
                made = _made_parent(mask_dir / names[i], made)  # (<seq>/<frame>: a folder a sequence)
                write_mask(mask_dir / f"{names[i]}.png", o.mask)
                kept.done += 1
            if views:
                made = _made_parent(Path(views) / names[i], made)
                write_image(Path(views) / f"{names[i]}.png", view(seq.frame(i), o.mask))
            per.append({"name": names[i], "targets": [{"x": t.centroid[0], "y": t.centroid[1], "pixels": t.pixels}
                                                       for t in o.targets]})
    n_t = sum(len(p["targets"]) for p in per)
    fps = len(per) / seconds if seconds > 0 else 0.0
    print(render_table(["metric", "value"], [["images", str(len(per))], ["targets found", str(n_t)],
                                             ["images with a target", str(sum(1 for p in per if p["targets"]))],
                                             [fps_label, f"{fps:.1f}"]], left=1))
    print("no masks to score against: nothing scored" + (
        f" ({labelled} holds the labels of these images: --dataset {shell.quote(str(labelled))} scores them)"
        if labelled else f" ({mask_set_hint(dataset)})" if mask_set_hint(dataset) else ""))
    result = {"dataset": str(Path(dataset).resolve()), "scored": False, "images": len(per), "targets": n_t,
              "fps": fps, **(extra or {}), **({"views": str(views), "views_key": FOUND_KEY} if views else {}),
              "per_image": per}
    if json_path:
        write_json(json_path, result)
        print(f"wrote {json_path}")
    if views:
        print(f"wrote {len(per)} pictures to {views}: {FOUND_KEY}")
    if info is not None:
        update_manifest(info.folder(out), info.manifest(), run_name, {
            "frames": len(per), "completed": True, "device": device, "fps": fps, "started": started,
            "finished": now_iso(), "masks": str(mask_dir)})
        print(f"wrote {len(per)} masks to {mask_dir}")
    return 0


def _made_parent(path: Path, made: set) -> set:
    """``path``'s folder made once (``made``: those made so far, returned)."""
    parent = path.parent
    if parent not in made:
        parent.mkdir(parents=True, exist_ok=True)
        made.add(parent)
    return made
