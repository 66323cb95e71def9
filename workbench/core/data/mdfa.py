"""MDvsFA-cGAN's names (its root's ``test_org/`` + ``test_gt/``, its ``training/`` of ``<k>_1`` image / ``<k>_2``
mask pairs: ``sirst`` reads them) and the warning for a plain folder of such pairs, read as frames. A module of its
own so that ``folder`` asks it without importing ``sirst`` (which asks the layouts' dispatcher, which opens folders:
an import loop otherwise, ``tests/test_layers.py``).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

MDFA_TEST = ("test_org", "test_gt")
MDFA_TRAIN = "training"
_PAIRED_STEM = re.compile(r"(\d+)_([12])")  # a name of MDvsFA's training/: 000001_1 (image), 000001_2 (mask)
PAIRED = ("_1", "_2")  # (image, mask) name endings of a folder holding both


def pair_ends(stems) -> dict[str, set] | None:
    """``<k>`` -> its name endings ({"1", "2"}) of names ``stems`` (lower case, no suffix), or None when one is not
    named ``<digits>_1`` / ``<digits>_2``."""
    pairs: dict[str, set] = {}
    for stem in stems:
        m = _PAIRED_STEM.fullmatch(stem)
        if m is None:
            return None
        pairs.setdefault(m.group(1), set()).add(m.group(2))
    return pairs


def all_paired(pairs: dict[str, set] | None) -> bool:
    """The one rule of MDvsFA's training/ pairs (``pair_ends``): at least one ``<k>_1`` image, and each has its
    ``<k>_2`` mask; a ``<k>_2`` mask whose image is not there is no image and stops nothing. ``sirst`` reads such a
    folder as a labelled set, ``folder`` warns of one read as frames (they disagreed on a lone ``<k>_2``: the set was
    read as MDvsFA's training/ and the same folder renamed opened as frames, unsaid)."""
    images = [ends for ends in (pairs or {}).values() if "1" in ends]
    return bool(images) and all("2" in ends for ends in images)


def one_folder(img_dir, mask_dir) -> bool:
    """Whether a labelled set's images and masks are one folder (MDvsFA's training/, ``PAIRED``)."""
    return Path(img_dir) == Path(mask_dir)


def paired_mask_name(name: str) -> str:
    """The mask's name of image ``name`` in a folder holding both (``PAIRED``: ``000001_1`` -> ``000001_2``)."""
    return name[:-len(PAIRED[0])] + PAIRED[1] if name.endswith(PAIRED[0]) else name


def paired_images(files) -> list:
    """The images of a folder holding images and masks side by side (``PAIRED``): the ``<k>_1`` files."""
    return [f for f in files if Path(f).stem.endswith(PAIRED[0])]


def set_images(files, img_dir, mask_dir) -> list:
    """The images of a labelled set among ``files`` (its images folder's): all, or the ``<k>_1`` ones where images
    and masks are one folder."""
    return paired_images(files) if one_folder(img_dir, mask_dir) else list(files)


def mask_stem(stem: str, img_dir, mask_dir) -> str:
    """The name (no suffix) an image's mask has in its set's masks folder: its own, or in a folder holding both
    ``paired_mask_name``'s (never the image itself)."""
    return paired_mask_name(stem) if one_folder(img_dir, mask_dir) else stem


def paired_frames_said(folder: Path, frames) -> str | None:
    """A warning for a plain folder (no box file) whose images ``frames`` are all ``<digits>_1`` / ``<digits>_2``
    names, each image with its mask (``all_paired``), read as frames: MDvsFA's training/ renamed away from the release
    (``mdfa_train``, not beside ``test_org/`` + ``test_gt/``: ``sirst._mdfa_training``) opened so, its masks every
    other frame, unsaid. None for any other folder (stereo or RGB-T pairs get it too: they stay frames)."""
    if not all_paired(pair_ends(os.path.splitext(os.path.basename(str(f)))[0].lower() for f in frames)):
        return None
    return (f"{folder}: every image is a <k>_1 / <k>_2 pair, read here as frames in turn: MDvsFA's training set? "
            f"Name the folder {MDFA_TRAIN} (or put it beside {MDFA_TEST[0]}/ + {MDFA_TEST[1]}/) to read each "
            "<k>_1 image with its <k>_2 mask")
