"""Sequential dim-small-target detection (Zhao et al., IEEE Access 2024, "A strategy for training dim
and small infrared targets detection networks under sequential cloud background images"):
differential input G = [F1-F2, F1-F3, F1-F4], a fully convolutional detector with one regression
output per location (x, y, w, h, conf, target, interference), training on small crops, label
refinement ranked by loss, and iterative training with data mined from trajectories.

Light on purpose: the plugin description and its settings; torch is imported when a detector is
created (``detector.make_detector``) or a command runs.
"""
from __future__ import annotations

from workbench.core.registry import Plugin
from workbench_seq_irst.config import SeqIRSTConfig, default_weights, weights_dir

__all__ = ["PLUGIN", "SeqIRSTConfig", "default_weights", "weights_dir"]

PLUGIN = Plugin(
    name="seq_irst",
    kind="detector",
    factory="workbench_seq_irst.detector:make_detector",
    title="Sequential dim-target detector",
    description=("Dim small IR targets in sequential frames (Zhao et al., IEEE Access 2024): differential "
                 "input of four frames, DarkNet-19-style fully convolutional detector with a unified "
                 "regression output (position, confidence, target and interference classes); training on "
                 "small crops, label refinement by loss, iterative training with mined misses and false "
                 "alarms. Shipped weights: see the plugin's weights/PROVENANCE.md."),
    config=SeqIRSTConfig,
    modalities=("gray", "ir16"),
    uses_torch=True,
    panel="workbench_seq_irst.panel:SeqIRSTPanel",
    benchmarks={"seq_irst": "workbench_seq_irst.bench"},
    commands={"train": "workbench_seq_irst.command:main",
              "detect": "workbench_seq_irst.detector:main"},
    capabilities=("maps",),
)
