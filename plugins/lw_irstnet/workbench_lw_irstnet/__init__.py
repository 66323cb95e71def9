"""LW-IRSTNet (Kou et al., IEEE TGRS 2023): lightweight IR small-target segmentation with
eight-neighbourhood clustering and the online target-feature filter.

Light on purpose: only the plugin description and its settings; torch and the model are imported
when the segmenter is first created (``segmenter.make_segmenter``) or a command runs.
"""
from __future__ import annotations

from workbench.core.registry import Plugin
from workbench_lw_irstnet.config import LWIRSTNetConfig, default_weights, weights_dir

__all__ = ["PLUGIN", "LWIRSTNetConfig", "default_weights", "weights_dir"]

PLUGIN = Plugin(
    name="lw_irstnet",
    kind="segmenter",
    factory="workbench_lw_irstnet.segmenter:make_segmenter",
    title="LW-IRSTNet",
    description=("Lightweight IR small-target segmentation network (Kou et al., TGRS 2023): ENet-style "
                 "encoder-decoder with DAAA modules, 0.16 M parameters, ~0.3 GFLOPs at 256x256; "
                 "eight-connected clustering and a pixel-size / aspect-ratio filter. Shipped weights: "
                 "trained here on SIRST v1 (see the plugin's weights/PROVENANCE.md)."),
    config=LWIRSTNetConfig,
    modalities=("gray", "rgb", "ir16"),
    uses_torch=True,
    panel="workbench_lw_irstnet.panel:Panel",
    benchmarks={"lw_irstnet": "workbench_lw_irstnet.bench"},
    commands={"train": "workbench_lw_irstnet.command:main",
              "export": "workbench_lw_irstnet.export:main",
              "segment": "workbench_lw_irstnet.evaluate:main",
              "import": "workbench_lw_irstnet.import_released:main"},
    capabilities=("refilter", "maps"),
)
