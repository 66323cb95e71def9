"""HA-Net (Liu et al., IGARSS 2021): an anchor-free Siamese tracker (SiamBAN style) on false-colour
frames, a hyperspectral classification branch over all bands, their response maps fused as
alpha * R_rgb + beta * R_hsi, and an online template update every 10 frames.

Light on purpose: the plugin descriptions and settings only; torch and the model are imported when a
tracker is first created (``tracker.make_hanet``) or a command runs.
"""
from __future__ import annotations

from workbench.core.registry import Plugin
from workbench_hanet.config import HANetConfig, HANetRGBConfig, weights_dir, SMALLEST_USER_SIDE, SMALLEST_USER_WHY

__all__ = ["PLUGIN", "HANetConfig", "HANetRGBConfig", "weights_dir"]

_COMMANDS = {"train": "workbench_hanet.train:main"}

PLUGIN = [
    Plugin(
        name="hanet",
        kind="tracker",
        smallest_user_box=SMALLEST_USER_SIDE,  # here alone (not on the tracker class): known without the model
        smallest_user_box_why=SMALLEST_USER_WHY,
        factory="workbench_hanet.tracker:make_hanet",
        title="HA-Net (hyperspectral, fused)",
        description=("Anchor-free Siamese tracker (shared backbone, depth-wise cross-correlation, "
                     "classification + box-regression heads) on the false colour of the cube, plus a "
                     "hyperspectral classification branch over all bands; R = alpha R_rgb + beta R_hsi; "
                     "online template every 10 frames. Publishes response_rgb, response_hsi, response_fused. "
                     "Shipped weights trained here on generated videos (the plugin's weights/PROVENANCE.md)."),
        config=HANetConfig,
        modalities=("hsi",),
        uses_torch=True,
        panel="workbench_hanet.panel:HANetPanel",
        commands=_COMMANDS,
        capabilities=("maps", "online_update"),
        map_names=("response_rgb", "response_hsi", "response_fused"),
    ),
    Plugin(
        name="hanet_rgb",
        kind="tracker",
        smallest_user_box=SMALLEST_USER_SIDE,  # here alone (not on the tracker class): known without the model
        smallest_user_box_why=SMALLEST_USER_WHY,
        factory="workbench_hanet.tracker:make_hanet_rgb",
        title="HA-Net false-colour branch",
        description=("HA-Net's anchor-free Siamese branch alone on the false colour of the cube (the "
                     "paper's SiamBAN baseline): same weights, no hyperspectral branch."),
        config=HANetRGBConfig,
        modalities=("hsi",),
        uses_torch=True,
        capabilities=("maps", "online_update"),
        map_names=("response_rgb",),
    ),
]
