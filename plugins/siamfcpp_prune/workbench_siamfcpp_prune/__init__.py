"""SiamFC++ and PS-SiamFC++ (Liu et al., BMVC 2022): HRank feature-map ranks, one global pruning ratio,
physical filter pruning, a self-attention guide for the finetune that is dropped at inference, and
the pruning inspector.

Light on purpose: the plugin descriptions and settings only; torch and the model are imported when a
tracker is first created or a command runs. The Qt panel and inspector are imported by the GUI only.
"""
from __future__ import annotations

from workbench.core.registry import Plugin
from workbench_siamfcpp_prune.config import (BASE_WEIGHTS, PRUNED_WEIGHTS, RANKS, SMALLEST_USER_SIDE, SMALLEST_USER_WHY,
                                              PSSiamFCppConfig, SiamFCppConfig, weights_dir)

__all__ = ["PLUGIN", "BASE_WEIGHTS", "PRUNED_WEIGHTS", "RANKS", "PSSiamFCppConfig", "SiamFCppConfig", "weights_dir"]

_COMMANDS = {"train": "workbench_siamfcpp_prune.train:main",
             "prune": "workbench_siamfcpp_prune.prune:main",
             "import": "workbench_siamfcpp_prune.import_released:main"}
_INSPECTORS = {"Pruning inspector": "workbench_siamfcpp_prune.inspector:PruningInspector"}

PLUGIN = [
    Plugin(
        name="siamfcpp",
        kind="tracker",
        smallest_user_box=SMALLEST_USER_SIDE,  # here alone (not on the tracker class): known without the model
        smallest_user_box_why=SMALLEST_USER_WHY,
        factory="workbench_siamfcpp_prune.tracker:make_siamfcpp",
        title="SiamFC++ (AlexNet)",
        description=("SiamFC++ (Xu et al., AAAI 2020), lightweight AlexNet variant: shared backbone, depth-wise "
                     "cross-correlation, classification x centre-ness score with (l, t, r, b) regression, cosine "
                     "window and scale / aspect penalty. 9.66 M parameters. Shipped weights trained here on CPU "
                     "(the plugin's weights/PROVENANCE.md)."),
        config=SiamFCppConfig,
        modalities=("gray", "rgb", "ir16", "hsi"),
        uses_torch=True,
        capabilities=("maps",),
        map_names=("response",),
        panel="workbench_siamfcpp_prune.panel:PruningPanel",
        inspectors=_INSPECTORS,
        benchmarks={"pruning": "workbench_siamfcpp_prune.bench"},
        commands=_COMMANDS,
    ),
    Plugin(
        name="ps_siamfcpp",
        kind="tracker",
        smallest_user_box=SMALLEST_USER_SIDE,  # here alone (not on the tracker class): known without the model
        smallest_user_box_why=SMALLEST_USER_WHY,
        factory="workbench_siamfcpp_prune.tracker:make_ps_siamfcpp",
        title="PS-SiamFC++ (pruned, rho 0.4)",
        description=("PS-SiamFC++ (Liu et al., BMVC 2022): SiamFC++ physically pruned by HRank feature-map ranks "
                     "with one global ratio, finetuned with a self-attention guide that is dropped at inference."),
        config=PSSiamFCppConfig,
        modalities=("gray", "rgb", "ir16", "hsi"),
        uses_torch=True,
        capabilities=("maps",),
        map_names=("response",),
        panel="workbench_siamfcpp_prune.panel:PruningPanel",
        inspectors=_INSPECTORS,
        benchmarks={"pruning": "workbench_siamfcpp_prune.bench"},
        commands={"train": "workbench_siamfcpp_prune.train:finetune_main",
                  "prune": "workbench_siamfcpp_prune.prune:main",
                  "import": "workbench_siamfcpp_prune.import_released:main"},
    ),
]
