"""LW-IRSTNet (Kou et al., IEEE TGRS 2023): lightweight IR small-target segmentation with
eight-neighbourhood clustering and the online target-feature filter.

Light on purpose: only the plugin description and its settings; torch and the model are imported
when the segmenter is first created (``segmenter.make_segmenter``) or a command runs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.registry import Plugin


def resources_dir() -> Path:
    """``resources/lw_irstnet`` at the repository root (beside the ``workbench`` package)."""
    import workbench

    return Path(workbench.__file__).resolve().parents[1] / "resources" / "lw_irstnet"


def default_weights() -> str:
    return str(resources_dir() / "lw_irstnet_sirst.pt")


@dataclass
class LWIRSTNetConfig:
    weights: str = field(default_factory=default_weights,
                         metadata={"help": "weights file (state_dict or workbench checkpoint, loaded weights-only)"})
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
        "help": "0 = native size (padded to a multiple of 8); else resize to this square size",
        "min": 0, "max": 2048, "step": 8})
    invert: bool = field(default=False, metadata={"help": "black-hot sensor: invert grey levels (targets dark)"})


PLUGIN = Plugin(
    name="lw_irstnet",
    kind="segmenter",
    factory="workbench.plugins.lw_irstnet.segmenter:make_segmenter",
    title="LW-IRSTNet",
    description=("Lightweight IR small-target segmentation network (Kou et al., TGRS 2023): ENet-style "
                 "encoder-decoder with DAAA modules, 0.16 M parameters, ~0.3 GFLOPs at 256x256; "
                 "eight-connected clustering and a pixel-size / aspect-ratio filter. Shipped weights: "
                 "trained here on SIRST v1 (see resources/lw_irstnet/PROVENANCE.md)."),
    config=LWIRSTNetConfig,
    modalities=("gray", "rgb", "ir16"),
    uses_torch=True,
    panel="workbench.plugins.lw_irstnet.panel:Panel",
    commands={"train": "workbench.plugins.lw_irstnet.train:main",
              "export": "workbench.plugins.lw_irstnet.export:main",
              "segment": "workbench.plugins.lw_irstnet.evaluate:main"},
)
