"""Running a tracker over a sequence: per-frame results, timing without I/O, optional maps.

``iter_track`` is a generator yielding one ``FrameResult`` per frame, so the GUI's worker can drive
the overlay and the progress bar from it and stop between frames; ``run_tracker`` collects it into a
``RunResult`` for the CLI and batch runs. Both are the same code path.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from workbench.core.boxes import Box
from workbench.core.data.sequence import Sequence
from workbench.core.errors import Cancelled, WorkbenchError
from workbench.core.jobs import JobContext
from workbench.core.methods import MapLayer, Tracker
from workbench.core.results import result_path, write_boxes, write_times


@dataclass
class FrameResult:
    index: int
    box: Box
    score: float
    seconds: float  # tracker time only, frame reading excluded
    maps: dict[str, MapLayer] = field(default_factory=dict)


@dataclass
class RunResult:
    tracker: str
    sequence: str
    boxes: np.ndarray  # (N, 4), NaN rows where not tracked
    scores: np.ndarray  # (N,)
    times: np.ndarray  # (N,) seconds, NaN where not tracked
    start_frame: int = 0
    completed: bool = True
    maps: dict[int, dict[str, MapLayer]] = field(default_factory=dict)

    @property
    def frames_done(self) -> int:
        return int(np.sum(np.isfinite(self.times)))

    @property
    def fps(self) -> float:
        """Frames per second over the tracked frames after the first (initialisation excluded)."""
        t = self.times[self.start_frame + 1:]
        t = t[np.isfinite(t)]
        return float(len(t) / t.sum()) if len(t) and t.sum() > 0 else float("nan")

    def save(self, out_dir: str | Path) -> Path:
        path = result_path(out_dir, self.tracker, self.sequence)
        write_boxes(path, self.boxes)
        write_times(path.with_name(f"{self.sequence}_time.txt"), self.times)
        return path


def initial_box(seq: Sequence, start_frame: int, init: Box | None) -> Box:
    if init is not None:
        box = Box(*init)
    else:
        box = seq.gt_box(start_frame) if seq.has_groundtruth else None
        if box is None:
            raise WorkbenchError(
                f"sequence {seq.name!r} has no groundtruth box at frame {start_frame}: give an initial box")
    if not box.is_valid():
        raise WorkbenchError(f"initial box {tuple(box)} must have finite values and positive size")
    return box


def iter_track(tracker: Tracker, seq: Sequence, init: Box | None = None, start_frame: int = 0,
               keep_maps: bool = False, ctx: JobContext | None = None) -> Iterator[FrameResult]:
    """Yield a FrameResult for the start frame (the initial box) and each later frame."""
    ctx = ctx or JobContext()
    n = len(seq)
    if not 0 <= start_frame < n:
        raise WorkbenchError(f"start frame {start_frame} is outside {seq.name!r} (0..{n - 1})")
    box = initial_box(seq, start_frame, init)
    mods = getattr(tracker, "modalities", None)
    if mods and seq.modality not in mods:
        raise WorkbenchError(f"tracker {tracker.name!r} accepts {', '.join(mods)} frames, "
                             f"not {seq.modality!r} ({seq.name})")
    frame = seq.frame(start_frame)
    h, w = frame.shape[:2]
    if box.x >= w or box.y >= h or box.x + box.w <= 0 or box.y + box.h <= 0:
        raise WorkbenchError(f"initial box {box.to_text()} lies outside the {w}x{h} frame {start_frame} of {seq.name!r}")
    t0 = time.perf_counter()
    tracker.initialize(frame, box)
    dt = time.perf_counter() - t0
    yield FrameResult(start_frame, box, 1.0, dt)
    total = n - start_frame
    for i in range(start_frame + 1, n):
        ctx.check()
        frame = seq.frame(i)
        t0 = time.perf_counter()
        out = tracker.track(frame)
        dt = time.perf_counter() - t0
        ctx.progress((i - start_frame + 1) / total, f"{seq.name} {i + 1}/{n}")
        yield FrameResult(i, Box(*out.box), float(out.score), dt, out.maps if keep_maps else {})


def run_tracker(tracker: Tracker, seq: Sequence, init: Box | None = None, start_frame: int = 0,
                keep_maps: bool = False, ctx: JobContext | None = None, name: str | None = None) -> RunResult:
    """Track a whole sequence. On cancel the partial result is returned with ``completed=False``."""
    n = len(seq)
    res = RunResult(
        tracker=name or getattr(tracker, "name", type(tracker).__name__),
        sequence=seq.name,
        boxes=np.full((n, 4), np.nan),
        scores=np.full(n, np.nan),
        times=np.full(n, np.nan),
        start_frame=start_frame,
    )
    try:
        for fr in iter_track(tracker, seq, init, start_frame, keep_maps, ctx):
            res.boxes[fr.index] = fr.box
            res.scores[fr.index] = fr.score
            res.times[fr.index] = fr.seconds
            if keep_maps and fr.maps:
                res.maps[fr.index] = fr.maps
    except Cancelled:
        res.completed = False
    return res
