"""Settings of the seq_irst plugin and where its shipped weights are (plain dataclasses: the GUI builds its form from them)."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from workbench.core.registry import WEIGHTS_FILTER  # the settings form's Browse… filter


def weights_dir() -> Path:
    """The shipped weights: package data of this distribution, found through ``importlib.resources``."""
    return Path(str(files("workbench_seq_irst") / "weights"))


def default_weights() -> str:
    return str(weights_dir() / "seq_irst_tiny.pt")


# the shipped trajectory confirmation (weights/PROVENANCE.md, round 7): the settings below and tracks.TrackRule
TRACK_DEFAULTS = {"floor": 0.1, "min_len": 8, "min_score": 0.5, "max_step": 8.0, "max_gap": 10, "fill": True}


@dataclass
class SeqIRSTConfig:
    weights: str = field(default_factory=default_weights,
                         metadata={"help": "weights file (state_dict or workbench checkpoint, loaded weights-only)",
                                   "path": "file", "filter": WEIGHTS_FILTER})
    members: int = field(default=0, metadata={
        "help": "networks of an ensemble weights file to run (0: all; the shipped file holds 2, averaged: about "
                "half the speed of 1, and better on unseen recordings, weights/PROVENANCE.md round 10)",
        "min": 0, "max": 16, "advanced": True})
    backbone: str = field(default="darknet19_tiny", metadata={
        "help": "backbone (must match the weights)", "choices": ("darknet19_tiny", "darknet19")})
    threshold: float = field(default=0.25, metadata={"help": "detection score threshold (conf x target); "
                                                     "0.25 with relative 0.9 chosen by leave-one-recording-out",
                                                     "min": 0.0, "max": 1.0, "step": 0.05})
    relative: float = field(default=0.9, metadata={
        "help": "keep a detection only if its score is at least this fraction of the frame's best (0: off); "
                "false alarms are weaker than the target more often than not",
        "min": 0.0, "max": 1.0, "step": 0.05})
    max_targets: int = field(default=0, metadata={
        "help": "at most this many detections per frame, best first (0: no cap; 1 for single-target sequences)",
        "min": 0, "max": 1000})
    scales: str = field(default="1", metadata={
        "help": "test-time input pyramid: comma-separated scales of the differential input (e.g. 1,0.5: the "
                "frame and the frame area-downsampled by 2; 2: bilinear upsampling); each is scored, detections "
                "mapped back to the frame and merged (the stronger of two from different scales within merge "
                "px); 1: off (see weights/PROVENANCE.md, fourth round)",
        "label": "test scales", "advanced": True})
    merge_px: float = field(default=0.0, metadata={
        "help": "pyramid: two detections of different scales this close (px) are one, the stronger kept "
                "(0: twice the matching radius)",
        "min": 0.0, "max": 50.0, "step": 0.5, "advanced": True})
    merge_position: str = field(default="strongest", metadata={
        "help": "pyramid: a merged detection is the stronger detection (strongest) or the one of the finest "
                "scale among those merged (its centre, size and class) with the best score (finest)",
        "choices": ("strongest", "finest"), "advanced": True})
    tracks: bool = field(default=True, metadata={
        "help": "confirm detections by their trajectories over the whole sequence when a run ends: keep a target "
                "only on a trajectory of at least track_min_len points scoring track_min_score on average, fill "
                "its missed frames; the per-frame rule (threshold, relative) is what a run shows until then "
                "(chosen by nested leave-one-recording-out, weights/PROVENANCE.md)",
        "label": "Confirm by trajectories"})
    track_floor: float = field(default=TRACK_DEFAULTS["floor"], metadata={
        "help": "trajectories: detections scoring at least this are candidates", "min": 0.0, "max": 1.0,
        "step": 0.05, "advanced": True})
    track_min_len: int = field(default=TRACK_DEFAULTS["min_len"], metadata={
        "help": "trajectories: points a trajectory needs", "min": 1, "max": 1000, "advanced": True})
    track_min_score: float = field(default=TRACK_DEFAULTS["min_score"], metadata={
        "help": "trajectories: mean score its points need", "min": 0.0, "max": 1.0, "step": 0.05,
        "advanced": True})
    track_step: float = field(default=TRACK_DEFAULTS["max_step"], metadata={
        "help": "trajectories: farthest move per frame (px)", "min": 0.5, "max": 200.0, "step": 0.5,
        "advanced": True})
    track_gap: int = field(default=TRACK_DEFAULTS["max_gap"], metadata={
        "help": "trajectories: frames a trajectory may skip", "min": 0, "max": 50, "advanced": True})
    track_fill: bool = field(default=TRACK_DEFAULTS["fill"], metadata={
        "help": "trajectories: a point in each skipped frame of a kept trajectory (interpolated)",
        "advanced": True})
    invert: bool = field(default=False, metadata={
        "help": "black-hot sensor: targets darker than the background (the frame differences are negated; the "
                "network was trained on white-hot targets)", "advanced": True})
    direction: str = field(default="past", metadata={
        "help": "F2..F4 are the frames before F1 (past, causal) or after it (future)",
        "choices": ("past", "future")})
    match_px: float = field(default=3.0, metadata={
        "help": "scoring: a detection matches a label when their centres are at most this far apart (px)",
        "min": 0.5, "max": 50.0, "step": 0.5})
