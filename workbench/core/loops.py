"""The one loop per method kind: ``iter_track``, ``iter_segment``, ``iter_detect``.

Each is a generator over the frames of a sequence, yielding one result per frame, so the window's
worker drives its overlay and progress bar from it and stops between frames, and the CLI, batch runs,
plugin commands and benchmarks collect the same results. Each reads the frames itself and times only
the method's calls (frame reading excluded), checks ``ctx`` for a cancel before every frame
(``Cancelled`` is raised there; what was yielded stays valid) and reports progress after it.

A "sequence" here is anything with ``len()``, ``frame(i)`` and ``name`` (``modality`` is checked
against the method's when both are known), so image collections such as a SIRST split run through
the same loop as videos.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import numpy as np

from workbench.core.boxes import Box
from workbench.core.errors import CropError, DataError, TrackerLost, WorkbenchError
from workbench.core.jobs import JobContext
from workbench.core.methods import (DetectOutput, Detector, MapLayer, MethodProtocolError, SegOutput, Segmenter, Tracker,
                                     call_method, checked_detect_output, checked_finish, checked_seg_output,
                                     checked_track_output, checked_window, method_label)


@dataclass
class FrameResult:
    index: int
    box: Box
    score: float
    seconds: float  # tracker time only, frame reading excluded
    maps: dict[str, MapLayer] = field(default_factory=dict)


def frame_at(seq, i: int) -> str:
    """The sequence and frame a plugin's error names (``call_method``'s ``where``, the output checks'): the frame's
    index, said 0-based, so one message is right both in the command line (``--start`` counts from 0) and in the
    window (which shows frames from 1)."""
    return f"{seq.name!r} frame index {i} (0-based)"


def read_frame(seq, i: int):
    """``seq.frame(i)``; a DataError raised there carries the frame index (``exc.frame``), so a run
    can keep what it tracked before the frame and say which frame stopped it."""
    try:
        return seq.frame(i)
    except DataError as exc:
        exc.frame = i
        raise


#: how to get frames of a modality the method takes from a sequence of another (modality -> what to do)
_CONVERT = {"hsi": "or give its false-colour frames as an rgb sequence (HOT2020 keeps them beside each video: "
                   "HSI-FalseColor/; HOT2022 / 2023 as HSI-<kind>-FalseColor/<video>/, a dataset root of its own)",
            "need hsi": "or give a hyperspectral video (HOT2020's HSI/ folder, an ENVI or HDF5 cube; `workbench "
                        "generate hsi-video` makes one from a scene cube)"}


def _takers(kind: str, modality: str) -> list[str]:
    """The registered methods of ``kind`` that take ``modality`` frames ([] when the registry cannot be read)."""
    try:
        from workbench.core.registry import default_registry

        return [p.name for p in default_registry().by_kind(kind) if modality in p.modalities]
    except Exception:  # noqa: BLE001 - a hint must not hide the refusal it belongs to
        return []


def check_modality(method, seq, kind: str) -> None:
    """A method given frames of a modality it does not take is refused naming the sequence's file, the modalities
    it takes, the methods of its kind that take these frames and how to convert them."""
    mods = getattr(method, "modalities", None)
    modality = getattr(seq, "modality", None)
    if mods and modality and modality not in mods:
        name = getattr(method, "name", type(method).__name__)
        where = getattr(seq, "path", None) or getattr(seq, "root", None)
        raise WorkbenchError(f"{where or seq.name}: {kind} {name!r} accepts {', '.join(mods)} frames, not {modality} "
                             f"(sequence {seq.name!r}): "
                             f"{modality_todo(kind, name, mods, modality, _false_colour_here(seq, mods))}")


def _false_colour_here(seq, mods) -> str | None:
    """Where a HOT video's own false-colour frames are, for a method taking RGB given its cubes (the general advice
    named HOT's folders, not this video's); None for any other sequence."""
    fc = ((getattr(seq, "meta", None) or {}).get("siblings") or {}).get("false_color")
    if not fc or "rgb" not in mods:
        return None
    return f"or open this video's false-colour frames, {fc} (an rgb sequence going by the video's name, {seq.name!r})"


def modality_todo(kind: str, name: str, mods, modality: str, convert: str | None = None) -> str:
    """What to do when ``kind`` ``name`` (taking ``mods``) is given ``modality`` frames: the methods that take them
    and how to convert them (``check_modality``'s advice, also said once for a whole dataset by ``workbench run``).
    ``convert``: how to convert this sequence's frames, where it is known (a HOT video's own false colour)."""
    takers = [t for t in _takers(kind, modality) if t != name]
    todo = (f"use a {kind} that takes {modality} frames ({', '.join(takers)}; `workbench list`)" if takers
            else f"no installed {kind} takes {modality} frames (`workbench list`)")
    convert = convert or (_CONVERT.get(modality) if modality == "hsi" else (
        _CONVERT["need hsi"] if tuple(mods) == ("hsi",) else None))
    return f"{todo}{', ' + convert if convert else ''}"


def initial_box(seq, start_frame: int, init: Box | None) -> Box:
    if init is not None:
        box = Box(*init)
    else:
        box = seq.gt_box(start_frame) if seq.has_groundtruth else None
        if box is None:
            # the groundtruth file's line where there is one ("FILE, line N"); the frame as the other errors say it
            src = hasattr(seq, "gt_where") and (getattr(seq, "meta", None) or {}).get("groundtruth_file")
            where = f"{seq.gt_where(start_frame)}: " if src else ""
            first = seq.first_valid_frame() if hasattr(seq, "first_valid_frame") and seq.has_groundtruth else None
            hint = f" or --start {first}" if first is not None else ""
            raise WorkbenchError(f"{where}no groundtruth box (absent / NaN) for {frame_at(seq, start_frame)}: "
                                 f"give --init{hint}")
    if not box.is_valid():
        raise WorkbenchError(f"initial box {tuple(box)} must have finite values and positive size")
    return box


def _one_size(seq, start_frame: int = 0) -> None:
    """An image set whose frames differ in size (e.g. mixed cameras) is refused for tracking before the
    tracker starts, naming the folder and two sizes (the frames' headers only; other sequences pass)."""
    check = getattr(seq, "require_one_size", None)
    if check is not None:
        check("tracking", start_frame)


def bind_sequence(tracker, seq) -> None:
    """Hand ``seq`` to a tracker that asks for it (``use_sequence``: e.g. HA-Net takes a cube's band
    centres from ``seq.meta`` to match them to its network's bands by wavelength)."""
    use = getattr(tracker, "use_sequence", None)
    if callable(use):
        use(seq)


def iter_track(tracker: Tracker, seq, init: Box | None = None, start_frame: int = 0,
               keep_maps: bool = False, ctx: JobContext | None = None) -> Iterator[FrameResult]:
    """Yield a FrameResult for the start frame (the initial box) and each later frame."""
    ctx = ctx or JobContext()
    n = len(seq)
    if not 0 <= start_frame < n:
        raise WorkbenchError(f"start frame {start_frame} is outside {seq.name!r} (0..{n - 1})")
    _one_size(seq, start_frame)
    box = initial_box(seq, start_frame, init)
    check_modality(tracker, seq, "tracker")
    if hasattr(tracker, "publish_maps"):  # a tracker that can skip making its maps (and their copy off the GPU)
        tracker.publish_maps = bool(keep_maps)
    frame = read_frame(seq, start_frame)
    h, w = frame.shape[:2]
    if box.x >= w or box.y >= h or box.x + box.w <= 0 or box.y + box.h <= 0:
        raise WorkbenchError(f"{frame_at(seq, start_frame)}: initial box {box.to_text()} lies outside the {w}x{h} "
                             "frame")
    if box.w > 10 * w or box.h > 10 * h:  # as groundtruth.check_boxes: no target's size, a typo or unit mix-up
        raise WorkbenchError(f"{frame_at(seq, start_frame)}: initial box {box.to_text()} is over ten times the {w}x{h} "
                             "frame")
    bind_sequence(tracker, seq)
    t0 = time.perf_counter()
    call_method(tracker, "tracker", "initialize", frame, box, where=frame_at(seq, start_frame))
    dt = time.perf_counter() - t0
    yield FrameResult(start_frame, box, 1.0, dt)
    total = n - start_frame
    for i in range(start_frame + 1, n):
        ctx.check()
        frame = read_frame(seq, i)
        t0 = time.perf_counter()
        try:
            out = call_method(tracker, "tracker", "track", frame, where=frame_at(seq, i))
        except CropError as exc:  # its box exploded on this frame: said with the frame, not only the window
            name = getattr(tracker, "name", None) or type(tracker).__name__
            raise TrackerLost(f"{frame_at(seq, i)}: tracker {name!r} lost its target: {exc}", i) from None
        dt = time.perf_counter() - t0
        out = checked_track_output(out, tracker, frame_at(seq, i))
        ctx.progress((i - start_frame + 1) / total, f"{seq.name} {i + 1}/{n}")
        yield FrameResult(i, Box(*out.box), float(out.score), dt, out.maps if keep_maps else {})


# VOT trajectory codes (the VOT toolkit's baseline experiment writes them as the frame's line)
VOT_INIT, VOT_FAILURE, VOT_SKIPPED, VOT_TRACKED = 1, 2, 0, -1


def iter_track_supervised(tracker_factory, seq, skip: int = 5, ctx: JobContext | None = None
                          ) -> Iterator[tuple[FrameResult, int]]:
    """VOT's supervised (baseline) protocol: yield ``(FrameResult, code)`` per processed frame.

    The tracker is initialised on the groundtruth (code ``VOT_INIT``); a frame whose box has zero
    overlap with the groundtruth (the VOT toolkit's overlap, ``evaluation.vot_region``: pixel-rounded regions
    rasterized in the image, against the groundtruth polygon where the sequence has ``regions``) is a
    failure (``VOT_FAILURE``), the ``skip - 1`` frames after it are not processed (``VOT_SKIPPED``, not
    yielded) and a fresh tracker from ``tracker_factory()`` is initialised ``skip`` frames after the
    failure (on the next frame with a groundtruth box when that one has none). A frame without a
    groundtruth box fails too, as in the VOT toolkit's supervised experiment (any box against no target
    has overlap 0 there; its accuracy scores such a frame 0). Other frames are ``VOT_TRACKED``.
    """
    from workbench.core.boxes import absent_mask
    from workbench.core.evaluation.vot_region import overlap, region

    ctx = ctx or JobContext()
    gt = getattr(seq, "groundtruth", None)
    if gt is None:
        raise WorkbenchError(f"sequence {seq.name!r} has no groundtruth: the VOT protocol re-initialises from it")
    _one_size(seq)
    n = len(seq)
    gt = np.asarray(gt, float)
    valid = ~absent_mask(gt)
    regions = getattr(seq, "regions", None)
    if regions is not None and len(regions) != n:
        regions = None
    i, size = 0, None
    while i < n:
        while i < n and not valid[i]:
            i += 1
        if i >= n:
            return
        ctx.check()
        frame = read_frame(seq, i)
        size = frame.shape[1], frame.shape[0]
        tracker = tracker_factory()
        check_modality(tracker, seq, "tracker")
        box = Box(*gt[i])
        bind_sequence(tracker, seq)
        t0 = time.perf_counter()
        call_method(tracker, "tracker", "initialize", frame, box, where=frame_at(seq, i))
        yield FrameResult(i, box, 1.0, time.perf_counter() - t0), VOT_INIT
        ctx.progress((i + 1) / n, f"{seq.name} {i + 1}/{n}")
        i += 1
        while i < n:
            ctx.check()
            frame = read_frame(seq, i)
            t0 = time.perf_counter()
            out = call_method(tracker, "tracker", "track", frame, where=frame_at(seq, i))
            dt = time.perf_counter() - t0
            out = checked_track_output(out, tracker, frame_at(seq, i))
            ctx.progress((i + 1) / n, f"{seq.name} {i + 1}/{n}")
            fr = FrameResult(i, Box(*out.box), float(out.score), dt)
            g = regions[i] if regions is not None and regions[i] is not None else region(gt[i])
            if not valid[i] or overlap(region(np.asarray(out.box, float)), g, size) <= 0.0:
                yield fr, VOT_FAILURE
                i += skip
                break
            yield fr, VOT_TRACKED
            i += 1


def _frame_list(seq, frames: Iterable[int] | None) -> list[int]:
    n = len(seq)
    idx = list(range(n)) if frames is None else [int(i) for i in frames]
    bad = [i for i in idx if not 0 <= i < n]
    if bad:
        raise WorkbenchError(f"frame {bad[0]} is outside {seq.name!r} (0..{n - 1})")
    return idx


def iter_segment(segmenter: Segmenter, seq, frames: Iterable[int] | None = None,
                 ctx: JobContext | None = None, batch: int = 1) -> Iterator[tuple[int, SegOutput]]:
    """Yield ``(frame index, SegOutput)`` for every frame (or those in ``frames``, in that order);
    ``SegOutput.seconds`` is the time of ``predict`` alone.

    ``batch`` > 1 with a segmenter that has ``predict_batch(frames) -> [SegOutput]`` (the GPU's way:
    one network call for many frames): frames go in groups of ``batch``, each output's ``seconds``
    is its share of the group's time; Cancel is checked between groups."""
    ctx = ctx or JobContext()
    check_modality(segmenter, seq, "segmenter")
    idx = _frame_list(seq, frames)
    if int(batch) > 1 and hasattr(segmenter, "predict_batch"):
        yield from _iter_segment_batched(segmenter, seq, idx, ctx, int(batch))
        return
    for k, i in enumerate(idx):
        ctx.check()
        frame = seq.frame(i)
        t0 = time.perf_counter()
        out = call_method(segmenter, "segmenter", "predict", frame, where=frame_at(seq, i))
        seconds = time.perf_counter() - t0
        out = checked_seg_output(out, segmenter, np.shape(frame), frame_at(seq, i))
        out.seconds = seconds
        ctx.progress((k + 1) / len(idx), f"{seq.name} {k + 1}/{len(idx)}")
        yield i, out


class _Frames:
    """Frames of one sequence read at most once while a detector's windows slide over them."""

    def __init__(self, seq, keep: int):
        self.seq, self.keep = seq, max(1, keep)
        self._d: dict[int, object] = {}

    def get(self, i: int):
        if i not in self._d:
            while len(self._d) >= self.keep:
                self._d.pop(next(iter(self._d)))  # oldest first: windows move forward
            self._d[i] = self.seq.frame(i)
        return self._d[i]


def iter_detect(detector: Detector, seq, frames: Iterable[int] | None = None,
                ctx: JobContext | None = None) -> Iterator[tuple[int, DetectOutput]]:
    """Yield ``(frame index, DetectOutput)`` for every frame (or those in ``frames``). The frames of
    each window (``detector.window``) are read before the clock starts: ``DetectOutput.seconds`` is
    the detector's time, not the disk's."""
    ctx = ctx or JobContext()
    check_modality(detector, seq, "detector")
    idx = _frame_list(seq, frames)
    n = len(seq)
    cache: _Frames | None = None
    for k, i in enumerate(idx):
        ctx.check()
        need = checked_window(call_method(detector, "detector", "window", i, n, where=frame_at(seq, i)),
                              detector, i, n, frame_at(seq, i))
        if cache is None:
            cache = _Frames(seq, 2 * len(need))
        window = [cache.get(j) for j in need]
        t0 = time.perf_counter()
        out = call_method(detector, "detector", "detect_frames", window, i, where=frame_at(seq, i))
        seconds = time.perf_counter() - t0
        out = checked_detect_output(out, detector, frame_at(seq, i))
        out.seconds = seconds
        ctx.progress((k + 1) / len(idx), f"{seq.name} {k + 1}/{len(idx)}")
        yield i, out


def finish_detect(detector: Detector, outputs: list[tuple[int, DetectOutput]]) -> list[tuple[int, DetectOutput]]:
    """A detector run's outputs after the detector's whole-sequence step (its optional ``finish``), or as
    they are when it has none."""
    if not callable(getattr(detector, "finish", None)):
        return outputs
    # held to the contract as its other calls are: an exception or a wrong return is one line naming finish()
    return checked_finish(call_method(detector, "detector", "finish", outputs, where=f"{len(outputs)} frames"),
                          detector)


def _iter_segment_batched(segmenter, seq, idx: list[int], ctx: JobContext, batch: int):
    done = 0
    for start in range(0, len(idx), batch):
        ctx.check()
        group = idx[start:start + batch]
        frames = [seq.frame(i) for i in group]
        t0 = time.perf_counter()
        where = f"{seq.name!r} frame indices {group[0]}-{group[-1]} (0-based)"
        outs = list(call_method(segmenter, "segmenter", "predict_batch", frames, where=where))  # (the contract)
        dt = (time.perf_counter() - t0) / max(len(group), 1)
        if len(outs) != len(group):
            raise MethodProtocolError(f"{method_label(segmenter, 'segmenter')}: predict_batch() returned {len(outs)} "
                                      f"outputs for {len(group)} frames ({where})")
        for i, out, frame in zip(group, outs, frames):
            out = checked_seg_output(out, segmenter, np.shape(frame), frame_at(seq, i))
            out.seconds = dt
            done += 1
            ctx.progress(done / len(idx), f"{seq.name} {done}/{len(idx)}")
            yield i, out
