"""Method protocols (Tracker, Segmenter, Detector) and the results they return.

What a method can do beyond its protocol (re-filtering without re-running the network, online model
updates, publishing maps) is declared in its ``Plugin.capabilities`` (see ``CAPABILITIES``), so the
window and the CLI decide from the description, before any model code is imported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from workbench.core.boxes import Box

# The optional capabilities a plugin may declare in ``Plugin.capabilities``:
CAPABILITIES = {
    "refilter": "segmenter: refilter(threshold=None, **bounds) re-thresholds the last frame without the network",
    "online_update": "tracker: updates its model while tracking (results depend on the whole history)",
    "maps": "publishes named maps (TrackOutput / SegOutput / DetectOutput .maps) for the viewer",
}


@dataclass
class MapLayer:
    """A named map a method publishes for the viewer, placed over the frame region it covers.

    ``region`` is the (x, y, w, h) frame rectangle the map's full extent corresponds to, so the viewer
    can stretch a 17x17 response over a 255x255 search window without knowing the method.
    """

    data: np.ndarray
    region: Box | None = None  # None: the map covers the whole frame


@dataclass
class TrackOutput:
    box: Box
    score: float = float("nan")
    maps: dict[str, MapLayer] = field(default_factory=dict)


@runtime_checkable
class Tracker(Protocol):
    """Single-object tracker: one ``initialize`` then ``track`` per following frame.

    ``modalities`` lists the sequence modalities it accepts (``gray``, ``rgb``, ``hsi``, ``ir16``).
    Frames arrive in their native dtype; converting is the tracker's business. A tracker that needs
    what the sequence says about its frames (a cube's band centres in ``seq.meta``) may define
    ``use_sequence(seq)``: the tracking loops call it before each ``initialize`` (``loops.bind_sequence``).
    """

    name: str
    modalities: tuple[str, ...]

    def initialize(self, frame: np.ndarray, box: Box) -> None: ...

    def track(self, frame: np.ndarray) -> TrackOutput: ...


@dataclass
class Target:
    """One clustered component of a segmentation."""

    centroid: tuple[float, float]  # (x, y)
    pixels: int
    aspect_ratio: float
    box: Box
    score: float = float("nan")


@dataclass
class SegOutput:
    saliency: np.ndarray  # float map in [0, 1], frame size
    mask: np.ndarray  # bool, frame size
    targets: list[Target] = field(default_factory=list)
    maps: dict[str, MapLayer] = field(default_factory=dict)  # e.g. "logits" for threshold sweeps
    seconds: float = float("nan")  # method time of this frame, set by iter_segment (frame reading excluded)


@runtime_checkable
class Segmenter(Protocol):
    name: str
    modalities: tuple[str, ...]

    def predict(self, frame: np.ndarray) -> SegOutput: ...


@dataclass
class DetectOutput:
    """Detections in one frame: centre points with scores, optionally boxes and class ids."""

    points: np.ndarray  # (N, 2) float: x, y of each detection's centre, pixels, 0-based
    scores: np.ndarray  # (N,) float
    boxes: np.ndarray | None = None  # (N, 4) float x, y, w, h (top-left origin), when the method sizes them
    classes: np.ndarray | None = None  # (N,) int class ids into ``class_names``
    class_names: tuple[str, ...] = ()
    maps: dict[str, MapLayer] = field(default_factory=dict)
    seconds: float = float("nan")  # method time of this frame, set by iter_detect (frame reading excluded)

    def __post_init__(self):
        self.points = np.asarray(self.points, np.float64).reshape(-1, 2)
        self.scores = np.asarray(self.scores, np.float64).reshape(-1)
        n = len(self.points)
        if len(self.scores) != n:
            raise ValueError(f"DetectOutput: {n} points but {len(self.scores)} scores")
        if self.boxes is not None:
            self.boxes = np.asarray(self.boxes, np.float64).reshape(-1, 4)
            if len(self.boxes) != n:
                raise ValueError(f"DetectOutput: {n} points but {len(self.boxes)} boxes")
        if self.classes is not None:
            self.classes = np.asarray(self.classes, np.int64).reshape(-1)
            if len(self.classes) != n:
                raise ValueError(f"DetectOutput: {n} points but {len(self.classes)} class ids")

    def __len__(self) -> int:
        return len(self.points)

    @classmethod
    def empty(cls) -> "DetectOutput":
        return cls(np.zeros((0, 2)), np.zeros(0))


@runtime_checkable
class Detector(Protocol):
    """A detector that looks at a window of frames around the one it detects in (e.g. the differential
    input F1 - F2, F1 - F3, F1 - F4 of sequential dim-target detection).

    ``window(index, n)`` names the frames (indices into an ``n``-frame sequence) that detecting in
    frame ``index`` needs, ``index`` first; ``detect_frames(frames, index)`` gets exactly those frames,
    already read, in that order. The loop (``iter_detect``) reads each frame once, so a method never
    touches the sequence and its time excludes reading, as for trackers. Frames arrive in their native
    dtype.

    Optional: ``finish(outputs)``, the run's ``[(index, DetectOutput)]`` when the loop ends -> the outputs
    to keep (whole-sequence post-processing, e.g. confirming detections by their trajectories); callers
    apply it through ``loops.finish_detect``.
    """

    name: str
    modalities: tuple[str, ...]

    def window(self, index: int, n: int) -> list[int]: ...

    def detect_frames(self, frames: list[np.ndarray], index: int) -> DetectOutput: ...
