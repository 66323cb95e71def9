"""Settings of the lw_irstnet plugin and where its shipped weights are (plain dataclasses: the GUI builds its form from them)."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from workbench.core.registry import WEIGHTS_FILTER  # the settings form's Browse… filter


def weights_dir() -> Path:
    """The shipped weights: package data of this distribution, found through ``importlib.resources``."""
    return Path(str(files("workbench_lw_irstnet") / "weights"))


def default_weights() -> str:
    return str(weights_dir() / "lw_irstnet_sirst.pt")


def trained_on(weights: str | Path) -> set[str]:
    """The names of the images ``weights`` were trained on, listed in ``<stem>.trained_on.txt`` beside the
    file (the shipped file's: the 341 SIRST v1 train + val images, weights/PROVENANCE.md, stage 7); empty
    when there is no such list. A score on these images is not a held-out score."""
    p = Path(weights)
    try:
        text = p.with_name(p.stem + ".trained_on.txt").read_text(encoding="utf-8")
    except OSError:
        return set()
    return {ln.strip() for ln in text.splitlines() if ln.strip()}


MIN_INPUT_SIZE = 8  # input_size: the smallest square side (the network halves it three times; 0: native size)
MAX_INPUT_SIZE = 2048


def input_size_problem(size) -> str:
    """What is wrong with ``input_size`` ``size`` ("" when the network can use it): 1 ... 7 squeezed every image to
    a few pixels (no target left, the scores quietly 0). The one rule: ``make_config`` (``--set``, the window's
    form, the LW panel) and the commands' ``check_config`` (``--input-size``) ask it through the field's
    ``check``."""
    if isinstance(size, bool) or not isinstance(size, int) or size == 0 \
            or MIN_INPUT_SIZE <= size <= MAX_INPUT_SIZE:
        return ""
    return (f"must be 0 (the native size) or {MIN_INPUT_SIZE} ... {MAX_INPUT_SIZE} px (the network halves the size "
            "three times)")


@dataclass
class LWIRSTNetConfig:
    weights: str = field(default_factory=default_weights,
                         metadata={"help": "weights file (state_dict or workbench checkpoint, loaded weights-only)",
                                   "path": "file", "filter": WEIGHTS_FILTER})
    threshold: float = field(default=0.0, metadata={
        "help": "logit threshold (0 = probability 0.5, what the net was trained for)", "min": -20.0, "max": 20.0,
        "step": 0.1})
    min_pixels: int = field(default=1, metadata={"help": "feature filter: smallest target size m (pixels)",
                                                 "min": 1, "max": 100000, "step": 1})
    max_pixels: int = field(default=100000, metadata={"help": "feature filter: largest target size k (pixels)",
                                                      "min": 1, "max": 10000000, "step": 1})
    min_aspect: float = field(default=0.0, metadata={"help": "feature filter: smallest box width/height l",
                                                     "min": 0.0, "max": 100.0, "step": 0.1})
    max_aspect: float = field(default=100.0, metadata={"help": "feature filter: largest box width/height n",
                                                       "min": 0.0, "max": 100.0, "step": 0.1})
    input_size: int = field(default=0, metadata={
        "help": f"0 = native size (padded to a multiple of 8); else resize to this square size, {MIN_INPUT_SIZE} ... "
                f"{MAX_INPUT_SIZE} px",
        "min": 0, "max": MAX_INPUT_SIZE, "step": 8, "check": input_size_problem})
    invert: bool = field(default=False, metadata={"help": "black-hot sensor: invert grey levels (targets dark)"})
    tta: str = field(default="flip", metadata={
        "label": "Test-time flips",
        "help": "test-time flips, logits averaged: none; flip = the frame and its mirror (x2 network time); "
                "flip4 = also upside down (x4). Chosen on SIRST val (weights/PROVENANCE.md)",
        "choices": ("none", "flip", "flip4")})
