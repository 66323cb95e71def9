"""Sequential dim-small-target detection (Zhao et al., IEEE Access 2024, "A strategy for training dim
and small infrared targets detection networks under sequential cloud background images"):
differential input G = [F1-F2, F1-F3, F1-F4], a fully convolutional detector with one regression
output per location (x, y, w, h, conf, target, interference), training on small crops, label
refinement ranked by loss, and iterative training with data mined from trajectories.

Light on purpose: the plugin description and its settings; torch is imported when a detector is
created (``detector.make_detector``) or a command runs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.registry import Plugin


def resources_dir() -> Path:
    import workbench

    return Path(workbench.__file__).resolve().parents[1] / "resources" / "seq_irst"


def default_weights() -> str:
    return str(resources_dir() / "seq_irst_tiny.pt")


@dataclass
class SeqIRSTConfig:
    weights: str = field(default_factory=default_weights,
                         metadata={"help": "weights file (state_dict or workbench checkpoint, loaded weights-only)"})
    backbone: str = field(default="darknet19_tiny", metadata={
        "help": "backbone (must match the weights)", "choices": ("darknet19_tiny", "darknet19")})
    threshold: float = field(default=0.5, metadata={"help": "detection score threshold (conf x target)",
                                                    "min": 0.0, "max": 1.0, "step": 0.05})
    direction: str = field(default="past", metadata={
        "help": "F2..F4 are the frames before F1 (past, causal) or after it (future)",
        "choices": ("past", "future")})
    match_px: float = field(default=3.0, metadata={
        "help": "scoring: a detection matches a label when their centres are at most this far apart (px)",
        "min": 0.5, "max": 50.0, "step": 0.5})


PLUGIN = Plugin(
    name="seq_irst",
    kind="detector",
    factory="workbench.plugins.seq_irst.detect:make_detector",
    title="Sequential dim-target detector",
    description=("Dim small IR targets in sequential frames (Zhao et al., IEEE Access 2024): differential "
                 "input of four frames, DarkNet-19-style fully convolutional detector with a unified "
                 "regression output (position, confidence, target and interference classes); training on "
                 "small crops, label refinement by loss, iterative training with mined misses and false "
                 "alarms. Shipped weights: see resources/seq_irst/PROVENANCE.md."),
    config=SeqIRSTConfig,
    modalities=("gray", "ir16"),
    uses_torch=True,
    panel="workbench.plugins.seq_irst.panel:SeqIRSTPanel",
    commands={"train": "workbench.plugins.seq_irst.train:main",
              "detect": "workbench.plugins.seq_irst.detect:main"},
)
