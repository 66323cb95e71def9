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


def paired_frames_said(folder: Path, frames) -> str | None:
    """A warning for a plain folder (no box file) whose images ``frames`` are all ``<digits>_1`` / ``<digits>_2``
    pairs, each image with its mask, read as frames: MDvsFA's training/ renamed away from the release (``mdfa_train``,
    not beside ``test_org/`` + ``test_gt/``: ``_mdfa_training``) opened so, its masks every other frame, unsaid.
    None for any other folder (stereo or RGB-T pairs get it too: they stay frames)."""
    pairs: dict[str, set] = {}
    for f in frames:
        m = _PAIRED_STEM.fullmatch(os.path.splitext(os.path.basename(f))[0])
        if m is None:
            return None
        pairs.setdefault(m.group(1), set()).add(m.group(2))
    if not pairs or any(ends != {"1", "2"} for ends in pairs.values()):
        return None
    return (f"{folder}: every image is a <k>_1 / <k>_2 pair, read here as frames in turn: MDvsFA's training set? "
            f"Name the folder {MDFA_TRAIN} (or put it beside {MDFA_TEST[0]}/ + {MDFA_TEST[1]}/) to read each "
            "<k>_1 image with its <k>_2 mask")
