"""SIRST-style single-frame IR small-target sets: ``images/``, ``masks/``, ``splits/*.txt``.

Layout (SIRST v1, SIRST-Aug, NUDT-SIRST, IRSTD-1k and BasicIRSTD all use a variant of it)::

    ROOT/images/<name>.png              8- or 16-bit; gray, RGB, RGBA or palette
    ROOT/masks/<name>_pixels0.png       0 / 255 (SIRST v1); ``<name>.png`` elsewhere
    ROOT/splits/train.txt ...           one name per line (with or without extension);
                                        ``ROOT/<split>.txt`` and ``ROOT/img_idx/<split>.txt`` work too
    ROOT/IRSTD1k_Img/ + IRSTD1k_Label/  IRSTD-1k as published (masks named as the images)
    ROOT/mixed/ (or images/targets/) + annotations/masks/   SIRST-V2 as published (open-sirst-v2)
    ROOT/test_org/ + test_gt/           MDvsFA-cGAN's test set (masks named as the images); its training/
                                        folder holds each image <k>_1.png beside its mask <k>_2.png (a set by
                                        itself: ``mdfa.PAIRED``; named training/ or beside test_org/)

Quirks are tolerated and reported in ``dataset.warnings``: a mask whose size differs from its image
is resized with nearest neighbour (SIRST v1 ``Misc_111``: image 325x220, mask 592x400); a name in the
split without an image or mask is skipped. Not a tracking layout: it is not in ``detect.LAYOUT_MODULES``.

Network input (``to_input``): every image becomes ``channels`` float32 planes in the same way whatever
its storage: gray is replicated, RGB kept (RGBA loses alpha, palette is expanded by the decoder),
3-channel into a 1-channel net is averaged. Values are scaled to [0, 1] (8-bit / 255; 16-bit from its
0.5th percentile to its 4th-brightest pixel, since raw 16-bit IR rarely spans the range and its targets
are its brightest pixels; stuck pixels, alone at 0 or at the sensor's top 65535 / 16383 / 4095, are first
replaced by their neighbours' median: ``preprocess.without_stuck_pixels``), optionally inverted (black-hot
sensors: targets dark), then standardized with the ImageNet mean / std that DNANet and BasicIRSTD use.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from workbench.core.data.detect import path_holds
from workbench.core.data import images as _images
from workbench.core.data.images import IMAGE_SUFFIXES, read_image
from workbench.core.data.mdfa import (  # (names and the pair rule folder.py and masks.py ask too)
    _PAIRED_STEM, MDFA_TEST, MDFA_TRAIN, all_paired, mask_stem, set_images)
from workbench.core.errors import DataError
from workbench.core.preprocess import percentile_levels, stretch_unit, without_stuck_pixels

MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)
MASK_PATTERNS = ("{name}_pixels0.png", "{name}.png", "{name}.bmp", "{name}.tif", "{name}_mask.png")
# then every other pairing of those names with the mask formats users save (TIFF as .tiff, a lossy JPEG):
# a set whose masks were all <name>_mask.tiff or <name>.jpg read as "no image with a mask found"
MASK_SUFFIXES = (".png", ".bmp", ".tif", ".tiff", ".jpg", ".jpeg")
LOSSY_MASK_SUFFIXES = (".jpg", ".jpeg")
_MASK_NAMES = MASK_PATTERNS + tuple(
    p for p in (stem + suf for stem in ("{name}_pixels0", "{name}", "{name}_mask") for suf in MASK_SUFFIXES)
    if p not in MASK_PATTERNS)


HOT_PIXELS = 3  # brightest pixels a 16-bit / float stretch ignores (stuck pixels of a raw thermal frame)


def scale_unit(img: np.ndarray) -> np.ndarray:
    """Native-dtype image -> float32 in [0, 1], channels untouched.

    16-bit (and float beyond [0, 1]) images are stretched from their 0.5th percentile up to their
    (HOT_PIXELS + 1)-th brightest pixel: small targets are the brightest pixels, so the top is not clipped at
    a percentile (on SIRST v1's 8-bit images 47 % of the target pixels lie above the 99.5th percentile, and
    a 0.5 / 99.5 stretch of their simulated 16-bit versions cost 0.10 val mIoU; see lw_irstnet's PROVENANCE.md)."""
    if img.dtype == np.uint8:
        return img.astype(np.float32) / 255.0
    if img.dtype == np.bool_:
        return img.astype(np.float32)
    img = without_stuck_pixels(img)  # hot / dead pixels (alone at the top / 0) set no level: the image itself if none
    f = img.astype(np.float32)
    if img.dtype == np.uint16 or not (0.0 <= float(np.nanmin(f)) and float(np.nanmax(f)) <= 1.0):
        lo = percentile_levels(f, 0.5, 99.5, step=1)[0]
        flat = f[np.isfinite(f)].ravel()
        k = min(HOT_PIXELS + 1, flat.size)
        hi = float(np.partition(flat, flat.size - k)[flat.size - k]) if k else lo
        if hi <= lo:  # a near-flat image: its full range rather than none
            lo, hi = float(np.nanmin(f)), float(np.nanmax(f))
        return stretch_unit(f, lo, hi, min_span=1e-6)
    return np.clip(f, 0.0, 1.0)


def to_input(img: np.ndarray, channels: int = 3, invert: bool = False) -> np.ndarray:
    """An image (H, W) or (H, W, C) of any dtype -> standardized float32 (channels, H, W)."""
    f = scale_unit(img)
    if f.ndim == 3:
        if f.shape[2] == 4:
            f = f[:, :, :3]
        elif f.shape[2] == 1:
            f = f[:, :, 0]
        elif f.shape[2] != 3:
            raise ValueError(f"expected 1, 3 or 4 channels, got {f.shape[2]}")
    if invert:
        f = 1.0 - f
    if channels == 3:
        if f.ndim == 2:
            f = np.repeat(f[:, :, None], 3, axis=2)
        f = (f - MEAN) / STD
        return np.ascontiguousarray(f.transpose(2, 0, 1), dtype=np.float32)
    if channels == 1:
        if f.ndim == 3:
            f = f.mean(axis=2)
        return ((f - MEAN.mean()) / STD.mean())[None].astype(np.float32)
    raise ValueError(f"channels must be 1 or 3, got {channels}")


def read_mask(path: str | Path, said: list[str] | None = None) -> np.ndarray:
    """A mask file -> bool (H, W); any nonzero pixel (in any channel) is target. A JPEG mask is lossy: its
    compression leaves faint values (1, 2, ... 30) around every target and in the blocks beside it, so
    there a pixel is target above half the mask's brightest value (0/255 masks: above 127). ``said``: told
    (one line naming the file) when a lossless mask holds more than two values (an image copied into
    ``masks/``, a mask resized with interpolation): every nonzero pixel is then target, as before."""
    m = read_image(path)
    if m.ndim == 3:
        m = m.max(axis=2)
    if said is not None and Path(path).suffix.lower() not in LOSSY_MASK_SUFFIXES:
        levels = int(np.count_nonzero(np.bincount(m.ravel(), minlength=2))) if m.dtype == np.uint8 \
            else int(np.unique(m).size)
        if levels > 2:
            said.append(f"{Path(path).name}: not a two-value mask ({levels} grey levels, "
                        f"{np.count_nonzero(m) / max(1, m.size):.0%} of it nonzero): every nonzero pixel read as target")
        elif m.size and levels == 1 and m.min() > 0:  # one value, nonzero everywhere: the whole image a target
            said.append(f"{Path(path).name}: every pixel is nonzero (value {m.flat[0]}): the whole image read as "
                        "target; a mask is 0 where there is no target")
        elif m.size and np.count_nonzero(m) > m.size // 2:  # small targets cover a few pixels: an inverted mask
            # (255 the background, a tool's 'white = empty') took a set's mIoU from 0.71 to 0.003 without a word
            said.append(f"{Path(path).name}: {np.count_nonzero(m) / m.size:.0%} of it is target (nonzero): an "
                        "inverted mask (0 where the target is)? read as it is; a mask is 0 where there is no target")
    if Path(path).suffix.lower() in LOSSY_MASK_SUFFIXES:
        top = float(m.max()) if m.size else 0.0
        return m > top / 2 if top > 1 else m > 0
    return m > 0


def read_split(path: str | Path) -> list[str]:
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "split file is missing")
    # UTF-16 with its BOM: Windows PowerShell 5's `dir -Name > train.txt` and Notepad's "Unicode" write it (was
    # 'not a text file'); a UTF-8 BOM hid name 1. Image names may be non-ASCII: UTF-16 text of any character
    text = _split_text(path)
    names, twice = [], []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        stem = Path(line).name
        if Path(stem).suffix.lower() in IMAGE_SUFFIXES:
            stem = Path(stem).stem
        if stem in names:
            twice.append(stem)  # counted once: a repeated image would weigh twice in every score
            continue
        names.append(stem)
    if twice:
        from workbench.core.errors import warn_data

        warn_data(f"{path}: {len(twice)} name(s) listed more than once, used once: {', '.join(twice[:3])}")
    return names


class SplitNotFound(DataError):
    """The split a name or path asks for is in none of the places ``resolve_split`` looks (callers that say
    what their options take instead catch this, not the wording)."""


def resolve_split(root: Path, split: str | Path | None) -> Path | None:
    """The split file ``split`` names: a path, or a name looked up in ``splits/``, the root and
    ``img_idx/`` (also BasicIRSTD's ``img_idx/<split>_<dataset>.txt``), then in the one subfolder of the
    root that has it (DNANet's ``50_50/``, ``idx_427/``); a name found in several such subfolders is
    refused, naming them."""
    if split is None:
        return None
    root = Path(root)
    p = Path(split)
    cands = [p] if p.is_absolute() else [p, root / "splits" / p, root / p, root / "img_idx" / p,
                                         root / "img_idx" / f"{p.name}_{root.name}"]
    cands += [c.with_name(c.name + ".txt") for c in list(cands) if c.suffix != ".txt"]
    for c in cands:
        if c.is_file():
            return c
    if not p.is_absolute() and len(p.parts) == 1 and root.is_dir():
        name = p.name if p.suffix == ".txt" else p.name + ".txt"
        found = sorted(d / name for d in root.iterdir()
                       if d.is_dir() and d.name not in ("images", "masks") and (d / name).is_file())
        if len(found) == 1:
            return found[0]
        if found:
            raise DataError(root, f"split {str(split)!r} is in {len(found)} folders, "
                                  f"{', '.join(str(f.relative_to(root)) for f in found)}: give one as --split FOLDER/{name}")
    raise SplitNotFound(root / "splits" / p.name, f"split {str(split)!r} not found (looked in splits/, the root, img_idx/ "
                                              "and the root's subfolders)")


@dataclass
class SirstItem:
    name: str
    image_path: Path
    mask_path: Path


@dataclass
class SirstDataset:
    """Lazy reader: ``image(i)`` native dtype, ``mask(i)`` bool at the image size, ``warnings``."""

    root: Path
    items: list[SirstItem]
    invert: bool = False
    channels: int = 3
    warnings: list[str] = field(default_factory=list)
    split: Path | None = None
    # the masks already looked at for grey levels (``read_mask``'s ``said``): once each, not at every read
    _levels_checked: set = field(default_factory=set, repr=False, compare=False)
    _finite: object = field(default=None, repr=False, compare=False)  # a FiniteFrames at the first float image

    def __len__(self) -> int:
        return len(self.items)

    @property
    def names(self) -> list[str]:
        return [it.name for it in self.items]

    def image(self, i: int) -> np.ndarray:
        from workbench.core.data.finite import finite_frame

        # a float image's NaN / inf pixels (dead pixels of a radiometric export) made the network's output NaN:
        # every score 0 with only numpy's RuntimeWarning; repaired and said, as frames are
        return finite_frame(self, read_image(self.items[i].image_path), i, self.root,
                            lambda: [it.image_path for it in self.items])

    def mask(self, i: int, shape: tuple[int, int] | None = None) -> np.ndarray:
        it = self.items[i]
        said: list[str] | None = None if i in self._levels_checked else []
        self._levels_checked.add(i)
        m = read_mask(it.mask_path, said)
        self.warnings += [w for w in said or () if w not in self.warnings]
        if shape is None:
            shape = self.image(i).shape[:2]
        if m.shape != tuple(shape):
            msg = (f"{it.mask_path.name}: mask {m.shape[1]}x{m.shape[0]} differs from image "
                   f"{shape[1]}x{shape[0]}; resized with nearest neighbour")
            if msg not in self.warnings:
                self.warnings.append(msg)
            m = cv2.resize(m.astype(np.uint8), (shape[1], shape[0]), interpolation=cv2.INTER_NEAREST) > 0
        return m

    def sample(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(native image, network input (C, H, W) float32, bool mask (H, W))."""
        img = self.image(i)
        return img, to_input(img, self.channels, self.invert), self.mask(i, img.shape[:2])


def find_mask(mask_dir: Path, name: str) -> Path | None:
    """The mask of image ``name``: the first of ``MASK_PATTERNS``, then of the other names and formats
    (``_MASK_NAMES``; an upper-case suffix too, as ``find_image``), found in ``mask_dir``; where none is, one in
    another case (``x_pixels0.Png``). ``MaskFinder``'s one listing of the folder (it looked each name up with a stat
    first, 2 a pattern, and then listed the folder where none was there: two searches)."""
    return MaskFinder(mask_dir)(name)


class MaskFinder:
    """``find(name)``: the mask of image ``name`` in ``mask_dir``, as ``find_mask`` finds it (``_MASK_NAMES`` in
    order, as named or with an upper-case suffix; then a name in another case, ``x_pixels0.Png``, where none
    matches, the image's own name spelt as it is: the listing's own spelling, which a file system blind to case or
    not opens alike), each folder's
    names listed once (``seq/frame`` looks in ``seq/``): no stat an image. The SIRST-style reader, the ``masks``
    and ``maskseq`` layouts all look masks up with it: on Linux ``x_pixels0.Png`` was found by one and
    "no mask ... read as unlabelled" by another."""

    def __init__(self, mask_dir: str | Path):
        self.mask_dir = Path(mask_dir)
        self._names: dict[Path, set[str]] = {}  # folder -> its files' names
        self._folded: dict[Path, dict[str, str]] = {}  # folder -> {case-folded name: name}, at the first miss

    def _listing(self, folder: Path) -> set[str]:
        names = self._names.get(folder)
        if names is None:
            names = set()
            try:
                with os.scandir(folder) as it:
                    for e in it:
                        try:
                            if e.is_file():
                                names.add(e.name)
                        except OSError:  # (a link to nothing, a name the system cannot stat)
                            pass
            except (OSError, ValueError):  # no such folder; a name read from a split file the system cannot take
                pass
            self._names[folder] = names
        return names

    def __call__(self, name: str) -> Path | None:
        folder = (self.mask_dir / _MASK_NAMES[0].format(name=name)).parent
        there = self._listing(folder)
        cands = [Path(pat.format(name=name)).name for pat in _MASK_NAMES]
        for pat, cand in zip(_MASK_NAMES, cands):
            suf = Path(pat).suffix
            for got in (cand, cand[:-len(suf)] + suf.upper()):
                if got in there:
                    return folder / got
        if not there:
            return None
        folded = self._folded.get(folder)
        if folded is None:
            folded = self._folded[folder] = {}
            for got in sorted(there):
                folded.setdefault(got.casefold(), got)
        stem = Path(name).name
        for cand in cands:
            got = folded.get(cand.casefold())
            # the image's own name as spelt: only the pattern's part (suffix, ``_pixels0``) in another case. An
            # image ``A`` without a mask of its own took ``a``'s (``a_pixels0.png``) without a word
            if got is not None and got.startswith(stem):
                return folder / got
        return None


def find_image(img_dir: Path, name: str) -> Path | None:
    for suf in IMAGE_SUFFIXES:
        for s in (suf, suf.upper()):
            p = img_dir / f"{name}{s}"
            if path_holds(Path.is_file, p):  # a split line may name no possible file
                return p
    return None


# IRSTD-1k as its authors publish it: IRSTD1k_Img/ + IRSTD1k_Label/ (masks named as the images) beside
# trainval.txt / test.txt; any <prefix>_Img/ with a <prefix>_Label/ (or _Mask/) beside it reads the same way
_IMG_DIR_SUFFIX = "_img"
_MASK_DIR_SUFFIXES = ("_label", "_labels", "_mask", "_masks")


# MDvsFA-cGAN (Wang et al., ICCV 2019) as published, as AGPCNet's loader reads it (Tianfang-Zhang/AGPCNet
# utils/data.py, MDFADataset): training/ holds '%06d_1.png' images beside their '%06d_2.png' masks, test_org/ +
# test_gt/ the test set's '%05d.png' images and masks
# (the pairs' names, PAIRED, and their one rule are mdfa's: set_images, mask_stem, all_paired)


def image_mask_dirs(root: str | Path) -> tuple[Path, Path] | None:
    """The images and masks folders of a labelled set: ``images/`` + ``masks/``, SIRST-V2's ``mixed/`` (or
    ``images/targets/``) + ``annotations/masks/``, IRSTD-1k's ``IRSTD1k_Img/`` + ``IRSTD1k_Label/``, MDvsFA-cGAN's
    ``test_org/`` + ``test_gt/``, or MDvsFA's ``training/`` holding its ``<k>_1`` images beside their ``<k>_2``
    masks (the pair is that folder twice; ``_mdfa_training`` says which folder is one); None when ``root`` has none
    of them."""
    root = Path(root)
    if (root / "images").is_dir() and (root / "masks").is_dir():
        return root / "images", root / "masks"
    if (root / MDFA_TEST[0]).is_dir() and (root / MDFA_TEST[1]).is_dir():
        return root / MDFA_TEST[0], root / MDFA_TEST[1]
    if (root / "annotations" / "masks").is_dir():  # SIRST-V2 (open-sirst-v2): mixed/ or images/targets/
        for cand in (root / "mixed", root / "images" / "targets", root / "images"):
            if cand.is_dir() and any(True for p in cand.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
                return cand, root / "annotations" / "masks"
    if (root / "images").is_dir() or not root.is_dir():
        return None
    import workbench.core.data.maskseq_dirs as maskseq

    seqs = maskseq.dirs_of(root)  # MIST's image/<seq>/ + mask/<seq>/
    if seqs is not None:
        return seqs

    pairs: dict[str, set] = {}  # MDvsFA's training/: <k> -> its name endings ("1", "2"), from the names alone
    others = False  # an image not named so
    try:  # names first (a sequence folder probed here may hold thousands of frames: no stat for those)
        with os.scandir(root) as it:
            names = {}
            for e in it:
                low = e.name.lower()
                stem, suffix = os.path.splitext(low)
                if suffix in IMAGE_SUFFIXES:
                    m = _PAIRED_STEM.fullmatch(stem)
                    if m is None:
                        others = True
                    else:
                        pairs.setdefault(m.group(1), set()).add(m.group(2))
                elif low.endswith((_IMG_DIR_SUFFIX, *_MASK_DIR_SUFFIXES)) and e.is_dir():
                    names[low] = e.name
    except OSError:
        return None
    if pairs and not others and _mdfa_training(root, pairs):
        return root, root
    for low in sorted(names):
        if low.endswith(_IMG_DIR_SUFFIX) and len(low) > len(_IMG_DIR_SUFFIX):
            prefix = low[:-len(_IMG_DIR_SUFFIX)]
            for suf in _MASK_DIR_SUFFIXES:
                if prefix + suf in names:
                    return root / names[low], root / names[prefix + suf]
    return None


def _mdfa_training(root: Path, pairs: dict[str, set]) -> bool:
    """``root``, whose images are all named ``<k>_1`` / ``<k>_2`` (``pairs``), is MDvsFA's training/: each
    ``<k>_1`` image has its ``<k>_2`` mask, no box file lies beside them (frames ``cam_1`` ``cam_2`` of a video,
    stereo or RGB-T pairs ``0001_1`` ``0001_2`` are no masks), and the folder is named ``training`` or lies beside
    the release's ``test_org/`` + ``test_gt/``."""
    from workbench.core.data.folder import find_box_file

    if not all_paired(pairs) or find_box_file(root) is not None:  # (mdfa's one rule of the pairs)
        return False
    return root.name.lower() == MDFA_TRAIN or all((root.parent / d).is_dir() for d in MDFA_TEST)


def open_sirst(root: str | Path, split: str | Path | None = None, invert: bool = False,
               channels: int = 3) -> SirstDataset:
    """Open a SIRST-style folder; ``split`` is a file path or a name inside ``splits/`` (None: all)."""
    root = Path(root)
    if not root.is_dir():  # was "not a SIRST-style dataset: no images/ folder", as if the folder were there
        raise DataError(root, "no such folder; give a SIRST-style dataset folder (images/ + masks/)" if not
                        root.exists() else "a file, not a dataset folder; give the folder holding images/ + masks/")
    pair = image_mask_dirs(root)
    img_dir, mask_dir = pair if pair is not None else (root / "images", root / "masks")
    seqs = mirsdt_sequences(root) if pair is None else []
    if seqs:  # NUDT-MIRSDT as published: Sequence<n>/images + masks/ (refused as "holds 3 labelled sets")
        return _open_mirsdt(root, seqs, split, invert, channels)
    if not img_dir.is_dir():
        inside = sorted(d.name for d in root.iterdir() if d.is_dir() and image_mask_dirs(d) is not None) \
            if root.is_dir() else []
        if inside:  # trainval/ + test/, each images/ + masks/ (the mmsegmentation-style copies of NUAA-SIRST)
            raise DataError(root, f"holds {len(inside)} labelled sets, {', '.join(s + '/' for s in inside[:4])}"
                                  f"{' ...' if len(inside) > 4 else ''} (each images/ + masks/): give one of them")
        raise DataError(root, "not a SIRST-style dataset: no images/ folder (nor IRSTD-1k's IRSTD1k_Img/ + "
                              "IRSTD1k_Label/)")
    if not mask_dir.is_dir():
        raise DataError(root, "not a SIRST-style dataset: no masks/ folder")
    split_path = resolve_split(root, split)
    warnings: list[str] = []
    import workbench.core.data.maskseq_dirs as maskseq

    # images/<seq>/ + masks/<seq>/ (IRDST, TSIRMT): every frame an image named <seq>/<frame>, a sequence's frames in
    # natural order (1.png, 2.png ... 10.png), a split naming sequences or <seq>/<frame> lines
    sequences = maskseq.dirs_of(root) == (img_dir, mask_dir)
    if split_path is not None:
        names = _sequence_split(split_path, img_dir) if sequences else read_split(split_path)
        if not names:
            raise DataError(split_path, "split file lists no images")
    listed: dict[str, Path] = {}  # a sequence's frame name -> the file its listing found (not looked for again)
    if split_path is None and sequences:
        listed = {f"{d.name}/{p.stem}": p for d in maskseq.sequence_paths(root) for p in _images.list_frames(d)[0]}
        names = list(listed)
    elif split_path is None:
        paths, warnings = _images.list_frames(img_dir)
        names = [p.stem for p in set_images(paths, img_dir, mask_dir)]
    items = []
    no_image, no_mask = [], []
    masks_of = MaskFinder(mask_dir)
    for name in names:
        ip = listed.get(name) or find_image(img_dir, name)
        mp = masks_of(mask_stem(name, img_dir, mask_dir))  # (never the image itself)
        if ip is None:
            warnings.append(f"{name}: no image in {img_dir}; skipped")
            no_image.append(name)
            continue
        if mp is None:
            warnings.append(f"{name}: no mask in {mask_dir} (looked for {_mask_names_said(name)}); skipped")
            no_mask.append(name)
            continue
        items.append(SirstItem(name, ip, mp))
    if not items:
        raise DataError(split_path or root, "no image with a mask found" + _why_none(names, no_image, no_mask,
                                                                                     img_dir, mask_dir))
    return SirstDataset(root, items, invert=invert, channels=channels, warnings=warnings, split=split_path)


def mirsdt_sequences(root: str | Path) -> list[Path]:
    """The NUDT-MIRSDT sequence folders directly under ``root`` as published (``Sequence<n>/images`` + ``masks/``
    beside ``masks_centroid/`` or ``Mix/``: ``mirsdt.probe``) that hold their frames in ``images/``, in natural
    order; [] for anything else (one sequence's folder is itself an ``images/`` + ``masks/`` pair). Mask-scored as a
    mask-per-frame set's root. (A copy holding its frames only as ``Mix/*.mat`` stacks is box-scored from its
    masks' targets, as the detector reads it: ``irst_boxes.box_sequences``.)"""
    from workbench.core.data import mirsdt_dirs as mirsdt  # (not mirsdt itself: it reads masks through us)

    root = Path(root)
    if not root.is_dir():
        return []
    return [p for p in mirsdt.sequence_paths(root) if p != root and (p / mirsdt.IMAGES).is_dir()]


def frame_line_key(line: str) -> str:
    """A sequence split file's line (``split_lines``) as the frame or sequence it names: a sequence name as
    written; ``<seq>/<frame>`` (an image or ``.mat`` suffix dropped) or ``<seq>/<folder>/<frame>.<ext>``
    (NUDT-MIRSDT's published ``Sequence10/Mix/00001.mat``: frame 00001 of Sequence10, whichever file holds it)
    or ``images/<seq>/<frame>.png`` as ``<seq>/<frame>``: the sequence is the folder holding the frame, or the one
    above a frames folder (``Mix``, ``images``...)."""
    parts = line.split("/")
    if len(parts) == 1:
        return line
    last = Path(parts[-1])
    stem = last.stem if len(parts) > 2 or last.suffix.lower() in (*IMAGE_SUFFIXES, ".mat") else parts[-1]
    seq = parts[-3] if len(parts) > 2 and parts[-2].lower() in _FRAME_FOLDERS else parts[-2]
    return f"{seq}/{stem}"


_FRAME_FOLDERS = frozenset({"mix", "images", "image", "img", "imgs", "masks", "mask"})  # a sequence's, not one


def _open_mirsdt(root: Path, seqs: list[Path], split, invert: bool, channels: int) -> SirstDataset:
    """A NUDT-MIRSDT root (``mirsdt_sequences``) as a mask-per-frame set is read: every frame of each sequence's
    ``images/`` with its mask in ``masks/``, named ``<seq>/<frame>``; ``split`` (its ``train.txt`` / ``test.txt``,
    lines ``Sequence<n>/Mix/<k>.mat``, or a file of sequence names / ``<seq>/<frame>`` lines) those frames, in
    its order. A sequence held only as ``Mix/*.mat`` stacks beside them is left out, said."""
    from workbench.core.data.mirsdt_dirs import IMAGES, MASKS, sequence_paths

    mix_only = [p.name for p in sequence_paths(root) if p != root and not (p / IMAGES).is_dir()]
    warnings = [f"{root}: {len(mix_only)} sequence(s) without an {IMAGES}/ folder (frames only in Mix/*.mat "
                f"stacks: {', '.join(mix_only[:3])}{' ...' if len(mix_only) > 3 else ''}) left out; each is scored "
                "given alone"] if mix_only else []
    listed: dict[str, Path] = {}
    by_seq: dict[str, list[str]] = {}
    for d in seqs:
        frames, twice = _images.list_frames(d / IMAGES)
        warnings += twice
        by_seq[d.name] = [f"{d.name}/{f.stem}" for f in frames]
        listed.update(zip(by_seq[d.name], frames))
    if not listed:
        raise DataError(root, f"none of its {len(seqs)} NUDT-MIRSDT sequences holds frames in {IMAGES}/")
    split_path = resolve_split(root, split)
    names = list(listed)
    if split_path is not None:
        names = []
        for line in split_lines(split_path):
            key = frame_line_key(line)
            names += by_seq.get(key, [key])  # a sequence's name: its frames
        names = list(dict.fromkeys(names))
        if not names:
            raise DataError(split_path, "split file lists no frames or sequences")
    items, absent = [], []
    masks_of = MaskFinder(root)
    for name in names:
        ip = listed.get(name)
        if ip is None:
            absent.append(name)
            continue
        seq, frame = name.split("/", 1)
        mp = masks_of(f"{seq}/{MASKS}/{frame}")
        if mp is None:
            warnings.append(f"{name}: no mask in {root / seq / MASKS} (looked for {_mask_names_said(frame)}); skipped")
            continue
        items.append(SirstItem(name, ip, mp))
    if absent:
        warnings.append(f"{split_path}: {len(absent)} of {len(names)} frames it names are in no sequence's "
                        f"{IMAGES}/ (first {absent[0]!r}); skipped")
    if not items:
        raise DataError(split_path or root, f"no frame with a mask found in its {len(seqs)} NUDT-MIRSDT sequences"
                        + (f" (first {absent[0]!r} is no frame there)" if absent else ""))
    return SirstDataset(root, items, invert=invert, channels=channels, warnings=warnings, split=split_path)


def _split_text(path: Path) -> str:
    """A split file's text (``decode_text``: UTF-8, UTF-16 with its BOM); one the system will not read (no permission,
    an I/O error) is a DataError naming it (a PermissionError came out as a traceback)."""
    from workbench.core.data.groundtruth import decode_text

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(path, f"split file cannot be read: {exc.strerror or exc}") from None
    return decode_text(data, path, ascii_only=False)


def split_lines(path: Path) -> list[str]:
    """A split file's lines naming something: decoded as ``read_split`` decodes them (UTF-16, BOMs), stripped,
    ``\\`` read as ``/``; blank and ``#`` lines left out. The sequence-set readers' splits (``_sequence_split``,
    ``segment_plain``'s frame lines, ``irst_boxes``' sequence splits) read them so."""
    text = _split_text(path)
    lines = (ln.strip().replace("\\", "/") for ln in text.splitlines())
    return [ln for ln in lines if ln and not ln.startswith("#")]


def _sequence_split(path: Path, img_dir: Path) -> list[str]:
    """The images a split of a mask-per-frame sequence set names: a line naming a sequence (TSIRMT's
    ``ImageSets/val_new.txt``) is its frames, in natural order; ``<seq>/<frame>`` lines (DTUM's IRDST
    ``img_idx/*.txt``) are those frames, read as NUDT-MIRSDT's split lines are (``frame_line_key``)."""
    if not path.is_file():
        raise DataError(path, "split file is missing")
    names: list[str] = []
    for line in split_lines(path):
        if "/" not in line and (img_dir / line).is_dir():
            names += [f"{line}/{p.stem}" for p in _images.list_frames(img_dir / line)[0]]
        else:
            names.append(frame_line_key(line))
    return list(dict.fromkeys(names))


def _mask_names_said(name: str) -> str:
    """The mask names a message says were looked for ``name`` (the first two patterns: the list is long)."""
    return ", ".join(p.format(name=name) for p in MASK_PATTERNS[:2])


def _why_none(names: list[str], no_image: list[str], no_mask: list[str], img_dir: Path, mask_dir: Path) -> str:
    """Why ``open_sirst`` found no pair, as the tail of its one line (short: the path goes before it): the
    folder without images, or how many names lacked an image / a mask, the first of them, the mask names
    looked for and what the masks folder holds instead (a user's own suffix, ``Misc_1_gt.png``)."""
    if not names:
        return f": {img_dir.name}/ holds no images"
    parts = []
    if no_image:
        parts.append(f"{len(no_image)} of {len(names)} names have no image in {img_dir.name}/ (first {no_image[0]!r})")
    if no_mask:
        held = sorted(p.name for p in mask_dir.iterdir() if p.is_file() and not p.name.startswith("."))[:1] \
            if mask_dir.is_dir() else []
        parts.append(f"no mask for {len(no_mask)} of {len(names)} images in {mask_dir.name}/ (looked for "
                     f"{_mask_names_said(no_mask[0])} ...; "
                     + (f"it holds e.g. {held[0]!r})" if held else "it is empty)"))
    return ": " + "; ".join(parts)
