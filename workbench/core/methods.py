"""Method protocols (Tracker, Segmenter) and the results they return."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from workbench.core.boxes import Box


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
    Frames arrive in their native dtype; converting is the tracker's business.
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


@runtime_checkable
class Segmenter(Protocol):
    name: str
    modalities: tuple[str, ...]

    def predict(self, frame: np.ndarray) -> SegOutput: ...
