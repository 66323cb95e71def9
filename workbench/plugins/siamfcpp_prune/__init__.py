"""SiamFC++ and PS-SiamFC++ (Liu et al., BMVC 2022): HRank feature-map ranks, one global pruning ratio,
physical filter pruning, a self-attention guide for the finetune that is dropped at inference, and
the pruning inspector.

Light on purpose: the plugin descriptions and settings only; torch and the model are imported when a
tracker is first created or a command runs. The Qt panel and inspector are imported by the GUI only.
"""
from __future__ import annotations

from pathlib import Path

from workbench.core.registry import Plugin
from workbench.plugins.siamfcpp_prune.config import PSSiamFCppConfig, SiamFCppConfig


def resources_dir() -> Path:
    """``resources/siamfcpp_prune`` at the repository root (beside the ``workbench`` package)."""
    import workbench

    return Path(workbench.__file__).resolve().parents[1] / "resources" / "siamfcpp_prune"


BASE_WEIGHTS = "siamfcpp_alexnet_q8.pt"
PRUNED_WEIGHTS = "ps_siamfcpp_r0.4_q8.pt"
RANKS = "siamfcpp_alexnet_ranks.json"

_COMMANDS = {"train": "workbench.plugins.siamfcpp_prune.train:main",
             "prune": "workbench.plugins.siamfcpp_prune.prune:main"}
_INSPECTORS = {"Pruning inspector": "workbench.plugins.siamfcpp_prune.inspector:PruningInspector"}

PLUGIN = [
    Plugin(
        name="siamfcpp",
        kind="tracker",
        factory="workbench.plugins.siamfcpp_prune.tracker:make_siamfcpp",
        title="SiamFC++ (AlexNet)",
        description=("SiamFC++ (Xu et al., AAAI 2020), lightweight AlexNet variant: shared backbone, depth-wise "
                     "cross-correlation, classification x centre-ness score with (l, t, r, b) regression, cosine "
                     "window and scale / aspect penalty. 9.66 M parameters. Shipped weights trained here on CPU "
                     "(resources/siamfcpp_prune/PROVENANCE.md)."),
        config=SiamFCppConfig,
        modalities=("gray", "rgb", "ir16", "hsi"),
        uses_torch=True,
        panel="workbench.plugins.siamfcpp_prune.panel:PruningPanel",
        inspectors=_INSPECTORS,
        commands=_COMMANDS,
    ),
    Plugin(
        name="ps_siamfcpp",
        kind="tracker",
        factory="workbench.plugins.siamfcpp_prune.tracker:make_ps_siamfcpp",
        title="PS-SiamFC++ (pruned, rho 0.4)",
        description=("PS-SiamFC++ (Liu et al., BMVC 2022): SiamFC++ physically pruned by HRank feature-map ranks "
                     "with one global ratio, finetuned with a self-attention guide that is dropped at inference."),
        config=PSSiamFCppConfig,
        modalities=("gray", "rgb", "ir16", "hsi"),
        uses_torch=True,
        panel="workbench.plugins.siamfcpp_prune.panel:PruningPanel",
        inspectors=_INSPECTORS,
        commands={"train": "workbench.plugins.siamfcpp_prune.train:finetune_main",
                  "prune": "workbench.plugins.siamfcpp_prune.prune:main"},
    ),
]
