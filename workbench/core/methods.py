"""Method protocols (Tracker, Segmenter, Detector) and the results they return.

What a method can do beyond its protocol (re-filtering without re-running the network, online model
updates, publishing maps) is declared in its ``Plugin.capabilities`` (see ``CAPABILITIES``), so the
window and the CLI decide from the description, before any model code is imported.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from workbench.core.boxes import Box
from workbench.core.errors import Cancelled, CropError, DeviceMemoryError, PluginError, WorkbenchError, one_line

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


def targets_from_mask(mask: np.ndarray, score_map: np.ndarray | None = None) -> list[Target]:
    """The 8-connected components of ``mask`` as ``Target``s (centroid, pixels, aspect ratio long / short side of
    the box, box; score: ``score_map``'s highest value in the component, NaN without one), largest first: what a
    segmenter's ``SegOutput.targets`` holds, without each plugin writing its own labelling."""
    import cv2

    m = np.ascontiguousarray(np.asarray(mask, bool), np.uint8)
    n, lab, stats, cents = cv2.connectedComponentsWithStats(m, connectivity=8)
    peak = None
    if score_map is not None and n > 1:  # each component's highest score in one pass over the frame
        peak = np.full(n, -np.inf)
        np.maximum.at(peak, lab.ravel(), np.asarray(score_map, float).ravel())
    out = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        score = float(peak[i]) if peak is not None else float("nan")
        out.append(Target((float(cents[i][0]), float(cents[i][1])), area, max(w, h) / max(min(w, h), 1),
                          Box(float(x), float(y), float(w), float(h)), score))
    return sorted(out, key=lambda t: -t.pixels)


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


# --- what a plugin's method object must offer, and what its calls must return -------------------------------
# A plugin author meets these first: a method object without its protocol's calls, or a call that returns the
# wrong thing is one line naming the method, the call and what to do (``MethodProtocolError``), not a traceback from
# deep inside the workbench's loops; an exception raised inside a call is a ``MethodRaised`` naming the call, the
# frame and the plugin's own file and line, the plugin's traceback kept (``plugin_traceback``).

PROTOCOL_CALLS = {
    "tracker": ("initialize", "track"),
    "segmenter": ("predict",),
    "detector": ("window", "detect_frames"),
}
_SIGNATURES = {
    "initialize": "initialize(frame, box) -> None", "track": "track(frame) -> TrackOutput",
    "predict": "predict(frame) -> SegOutput", "window": "window(index, n) -> list[int]",
    "detect_frames": "detect_frames(frames, index) -> DetectOutput",
}
_DOCS = "docs/PLUGINS.md section 3"


class MethodError(Exception):
    """A plugin's method object failed: it broke its protocol (``MethodProtocolError``: a call it lacks, a wrong
    return value) or raised inside one of its calls (``MethodRaised``). Catch this for either."""


class MethodProtocolError(MethodError, PluginError):
    """A method object without its protocol's calls, or a call that returned the wrong thing: one line that says
    what to change (a ``PluginError``: the CLI prints it and exits 2)."""


class MethodRaised(MethodError):
    """An exception raised inside one of a method's calls (the original is its ``__cause__``; a ``RaisedCause`` in a
    copy read back from another process): a bug in the plugin (or its library), not a mistake in the user's input,
    so not a ``WorkbenchError``: the CLI prints the plugin's traceback (``plugin_traceback``) and its one line and
    exits 1, a batch marks it a failure, not a user error, the window shows the one line. ``at`` is the file:line
    of the plugin's own code it came from."""

    def __init__(self, message: str, at: str = ""):
        super().__init__(message)
        self.at = at

    def __reduce__(self):
        # pickling (the error a worker process sends back: ``jobs.in_process``) keeps an exception's args and
        # ``__dict__`` only: ``at`` went with ``args`` and the cause (``__cause__``) with its traceback were dropped,
        # and the copy said the wrapper's line without the plugin's traceback. The cause travels as its type's
        # name, its message and its traceback text (a ``RaisedCause``: the plugin's own exception class may not
        # pickle or import in the process that reads it back).
        cause = self.raised_cause()
        # the cause is in the state too: with tblib's reducers installed (``import distributed`` installs them for
        # every exception class) pickle takes tblib's, which calls this one and then sets the original ``__cause__``
        # and ``__context__`` on the copy; the state is set after both, so the copy holds the ``RaisedCause``. The
        # originals are still in tblib's pickle, though (its reader must import the plugin's class): what leaves a
        # worker is made ``sendable`` first
        return (_unpickled_raised, (type(self), self.args, self.at, cause),
                dict(self.__dict__, __cause__=cause, __context__=None))

    def raised_cause(self) -> "RaisedCause | None":
        """The cause as a ``RaisedCause`` (made from the original here, where its traceback is)."""
        cause = self.__cause__
        if cause is not None and not isinstance(cause, RaisedCause):
            cause = RaisedCause(type(cause).__name__, str(cause), plugin_traceback(self))
        return cause


class RaisedCause(Exception):
    """What is left of a ``MethodRaised``'s cause once pickled: the type's name (``type_name``), the message and
    the traceback text (``traceback_text``, what ``plugin_traceback`` says of the original)."""

    def __init__(self, type_name: str, message: str, traceback_text: str = ""):
        super().__init__(type_name, message, traceback_text)
        self.type_name, self.message, self.traceback_text = type_name, message, traceback_text

    def __str__(self) -> str:
        return f"{self.type_name}: {self.message}" if self.message else self.type_name


def _unpickled_raised(cls, args, at, cause):
    exc = cls(*args[:1], at)
    exc.__cause__ = cause
    return exc


def sendable(exc: BaseException) -> BaseException:
    """``exc`` (changed in place) as it leaves a worker process (``jobs.in_process``'s child, a Dask task:
    ``batch.worker_task``) to be pickled: a ``MethodRaised``'s cause becomes its ``RaisedCause``, every other cause,
    the context and the traceback objects are dropped (a plain pickle drops them too). With tblib's reducers
    installed (``import distributed`` installs them) pickle sends an exception's ``__cause__``, ``__context__`` and
    ``__traceback__`` as they are: the plugin's own exception, whose class the reading process had to import."""
    exc.__cause__ = exc.raised_cause() if isinstance(exc, MethodRaised) else None
    exc.__context__ = None
    exc.__suppress_context__ = True
    exc.__traceback__ = None
    return exc


def method_label(method, kind: str | None = None) -> str:
    name = getattr(method, "name", None) or type(method).__name__
    return f"{kind} {name!r}" if kind else repr(name)


def check_method(method, kind: str, plugin: str = "") -> None:
    """Refuse a factory's object that lacks the calls of ``kind``'s protocol, naming them all."""
    calls = PROTOCOL_CALLS.get(kind, ())
    missing = [c for c in calls if not callable(getattr(method, c, None))]
    if missing:
        who = f"plugin {plugin!r}" if plugin else f"{kind} {type(method).__name__}"
        need = ", ".join(_SIGNATURES[c] for c in calls)
        raise MethodProtocolError(
            f"{who}: its factory returned a {type(method).__module__}.{type(method).__name__} without "
            f"{', '.join(c + '()' for c in missing)}; a {kind} needs {need} ({_DOCS})")


def _top_package(module) -> str:
    return str(module or "").partition(".")[0]


def _owners(method) -> list[str]:
    """The top packages whose code is the method's own, most specific first: a wrapper's ``fn`` (a bare logits
    function scored as a segmenter) before the wrapper's class."""
    fn = getattr(method, "fn", None)
    owners = []
    for module in (getattr(fn, "__module__", None) if callable(fn) else None, type(method).__module__):
        top = _top_package(module)
        if top and top not in owners:
            owners.append(top)
    return owners


def _library_dirs() -> tuple[str, ...]:
    import sysconfig

    paths = sysconfig.get_paths()
    return tuple({os.path.realpath(paths[k]) + os.sep for k in ("stdlib", "platstdlib", "purelib", "platlib")
                  if paths.get(k)})


def _where(exc: BaseException, method=None) -> str:
    """file:line in ``exc``'s traceback where the plugin's own code raised: the deepest frame in the method's
    package (its class's top package; a wrapped ``fn``'s first), else the deepest outside the standard library
    and site-packages, else the innermost. A bug that raises inside numpy or torch is the plugin's line that
    called them, not the library's."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename != __file__:  # call_method's own frame
            frames.append(tb)
        tb = tb.tb_next
    if not frames:
        return ""

    def at(t) -> str:
        return f"{t.tb_frame.f_code.co_filename}:{t.tb_lineno}"

    for owner in _owners(method) if method is not None else []:
        own = [t for t in frames if _top_package(t.tb_frame.f_globals.get("__name__")) == owner]
        if own:
            return at(own[-1])
    libs = _library_dirs()
    outside = [t for t in frames if not os.path.realpath(t.tb_frame.f_code.co_filename).startswith(libs)]
    return at((outside or frames)[-1])


def plugin_traceback(exc: BaseException, frames: int = 12) -> str:
    """The traceback of the exception a method raised (``exc``, a ``MethodRaised``: its ``__cause__``), its last
    ``frames`` frames: where in the plugin (and the libraries it called) it went wrong, without the workbench's
    loops above it; empty for anything else."""
    import traceback

    cause = exc.__cause__ if isinstance(exc, MethodRaised) else None
    if cause is None:
        return ""
    if isinstance(cause, RaisedCause):  # a copy read back from another process: its text, made there
        return cause.traceback_text
    tb = cause.__traceback__
    if tb is not None and tb.tb_frame.f_code is call_method.__code__:  # (the workbench's own frame: left out)
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(cause), cause, tb, limit=-frames))


def call_method(method, kind: str, call: str, *args, where: str = "", **kwargs):
    """``method.call(*args, **kwargs)``; a ``WorkbenchError`` it raises goes on with ``where`` (the sequence and frame)
    added to its message; an exception that is not the workbench's own (a cancellation, running out of memory)
    becomes a one-line ``MethodRaised`` naming the method, the call, the exception, the file and line of the plugin's
    code it came from (``_where``) and ``where``; the original is kept as its ``__cause__`` (``plugin_traceback``)."""

    fn = getattr(method, call, None)
    if not callable(fn):
        check_method(method, kind)
    try:
        return fn(*args, **kwargs)
    except WorkbenchError as exc:
        # the plugin's own one-line refusal (a first box it cannot start on) with the sequence and frame: it named
        # neither; a CropError is said with its frame by the loop that catches it (loops.iter_track: TrackerLost)
        if where and not isinstance(exc, CropError) and where not in str(exc):
            exc.args = (f"{exc} ({where})",)
        raise
    except (Cancelled, MemoryError):
        raise
    except Exception as exc:
        if type(exc).__name__ == "OutOfMemoryError" and type(exc).__module__.startswith("torch"):
            # the GPU's memory ran out: the machine's limit, not the plugin's bug (no traceback, status 2)
            raise DeviceMemoryError(
                f"{method_label(method, kind)} {call}() ran out of GPU memory"
                + (f" ({where})" if where else "") + f": {one_line(str(exc))}; run it on the CPU (--device cpu, "
                "or the Device setting in the window), or free the GPU of other work") from exc
        at = _where(exc, method)
        # the plugin's own words first (what the window's run line and the CLI's error line start with), then
        # which method and call, the sequence and frame, and the file and line of the plugin's code
        context = ", ".join(x for x in (f"{method_label(method, kind)} {call}()", where, f"at {at}" if at else "") if x)
        raise MethodRaised(f"{type(exc).__name__}: {exc} ({context})", at) from exc


def _bad(method, kind: str, call: str, problem: str, where: str = ""):
    return MethodProtocolError(f"{method_label(method, kind)}: {call}() {problem}" + (f" ({where})" if where else "")
                           + f"; see {_DOCS}")


def _checked_maps(maps, method, kind: str, call: str, where: str) -> dict:
    """``maps`` as ``{str: MapLayer}``; a bare 2-D / 3-D array is taken as a map of the whole frame."""
    if maps is None:
        return {}
    if not isinstance(maps, dict):
        raise _bad(method, kind, call, f"returned maps as a {type(maps).__name__}, not a dict of name -> MapLayer",
                   where)
    out = {}
    for key, layer in maps.items():
        if isinstance(layer, np.ndarray):
            layer = MapLayer(layer)
        if not isinstance(layer, MapLayer):
            raise _bad(method, kind, call, f"returned map {key!r} as a {type(layer).__name__}, not a MapLayer(data, "
                       "region) or a numpy array", where)
        if not isinstance(layer.data, np.ndarray) or layer.data.ndim not in (2, 3):
            shape = getattr(layer.data, "shape", type(layer.data).__name__)
            raise _bad(method, kind, call, f"returned map {key!r} of shape {shape}: a map is a 2-D (or H x W x C) "
                       "numpy array", where)
        out[str(key)] = layer
    return out


def checked_track_output(out, method, where: str = "") -> TrackOutput:
    """``out`` as a valid ``TrackOutput`` (box of four numbers, score a number, maps of ``MapLayer``), or a
    ``MethodError`` saying what ``track`` returned instead."""
    if not isinstance(out, TrackOutput):
        raise _bad(method, "tracker", "track", f"returned a {type(out).__name__}, not a "
                   "workbench.core.methods.TrackOutput(box, score, maps)", where)
    try:
        box = Box(*(float(v) for v in out.box))
    except (TypeError, ValueError):
        raise _bad(method, "tracker", "track", f"returned the box {out.box!r}: a box is four numbers (x, y, w, h)",
                   where) from None
    if not all(np.isfinite(box)):  # written as a row of NaN, scored as a lost frame: a bug, not the data's fault
        raise _bad(method, "tracker", "track", f"returned the box {tuple(box)!r}: a box is four finite numbers "
                   "(x, y, w, h); a tracker unsure of its target returns its best box with a low score", where)
    try:
        score = float(out.score)
    except (TypeError, ValueError):
        raise _bad(method, "tracker", "track", f"returned the score {out.score!r}: a score is one number",
                   where) from None
    return TrackOutput(box, score, _checked_maps(out.maps, method, "tracker", "track", where))


def checked_seg_output(out, method, frame_shape: tuple, where: str = "", call: str = "predict"):
    """``out`` as a valid ``SegOutput`` (a mask, and a saliency unless empty, of the frame's height and width), or
    a ``MethodProtocolError`` saying what ``call`` (``predict``, or ``refilter``) returned instead."""
    if not isinstance(out, SegOutput):
        raise _bad(method, "segmenter", call, f"returned a {type(out).__name__}, not a "
                   "workbench.core.methods.SegOutput(saliency, mask, targets, maps)", where)
    hw = tuple(frame_shape[:2])
    for attr in ("saliency", "mask"):
        shape = getattr(getattr(out, attr), "shape", None)
        if attr == "saliency" and shape is not None and 0 in shape:
            continue  # no saliency made (a bare logits function's adapter): the mask and maps say it all
        if shape is None or tuple(shape[:2]) != hw or len(shape) != 2:
            raise _bad(method, "segmenter", call, f"returned a {attr} of shape "
                       f"{shape if shape is not None else type(getattr(out, attr)).__name__}, not the frame's "
                       f"{hw[0]} x {hw[1]}", where)
    out.mask = _checked_mask(out.mask, method, call, where)
    out.maps = _checked_maps(out.maps, method, "segmenter", call, where)
    return out


def _checked_mask(mask, method, call: str, where: str) -> np.ndarray:
    """A segmenter's mask as bool: a bool one as it is, a 0/1 or 0/255 one of another dtype converted; a mask
    with other values (a float map of scores, a label image) is refused rather than read as "anything not 0"."""
    if not isinstance(mask, np.ndarray):  # a torch tensor (on the GPU, too): numpy's conversion is the plugin's
        raise _bad(method, "segmenter", call, f"returned the mask as a {type(mask).__name__}, not a numpy array "
                   "(a torch tensor: .cpu().numpy())", where)
    if mask.dtype == bool:
        return mask
    on = mask[mask != 0]
    if on.size and not ((on == 1).all() or (on == 255).all()):
        v = on.flat[0].item()
        shown = f"{v:g}" if isinstance(v, (int, float)) else repr(v)
        raise _bad(method, "segmenter", call, f"returned a {mask.dtype} mask holding values other than 0 and 1 "
                   f"(e.g. {shown}): a mask is bool, True on the target's pixels; threshold your map "
                   "(mask = score > t)", where)
    return mask != 0


def checked_window(need, method, index: int, n: int, where: str = "") -> list[int]:
    """What a detector's ``window(index, n)`` returned as a list of frame indices, ``index`` first, each in the
    sequence; else a ``MethodProtocolError`` (a frame it names outside the sequence was read as the data's fault)."""
    try:
        frames = [int(j) for j in need]
    except (TypeError, ValueError):
        raise _bad(method, "detector", "window", f"returned {need!r}, not a list of frame indices", where) from None
    outside = [j for j in frames if not 0 <= j < n]
    if outside:
        raise _bad(method, "detector", "window", f"returned frame {outside[0]} for frame {index} of a {n}-frame "
                   f"sequence: a window's frames are 0..{n - 1}, clipped at the ends", where)
    if not frames or frames[0] != index:
        raise _bad(method, "detector", "window", f"returned {frames} for frame {index}: the list starts with the "
                   "frame itself", where)
    return frames


def checked_finish(outs, method) -> list:
    """What a detector's ``finish(outputs)`` returned, as a list of ``(index, DetectOutput)``; else a
    ``MethodProtocolError``."""
    try:
        pairs = list(outs)
        ok = all(len(p) == 2 and isinstance(p[1], DetectOutput) for p in pairs)
    except TypeError:
        ok = False
    if not ok:
        raise _bad(method, "detector", "finish", f"returned a {type(outs).__name__}, not the list of (frame index, "
                   "DetectOutput) to keep (return the outputs it was given, when it keeps them all)")
    return outs if isinstance(outs, list) else pairs  # (the same list: callers tell "kept all" by identity)


def checked_detect_output(out, method, where: str = ""):
    if not isinstance(out, DetectOutput):
        raise _bad(method, "detector", "detect_frames", f"returned a {type(out).__name__}, not a "
                   "workbench.core.methods.DetectOutput(points, scores, ...)", where)
    for attr in ("points", "boxes"):
        values = getattr(out, attr)
        if values is not None and not np.isfinite(values).all():  # a NaN centre is drawn nowhere, scored a miss
            raise _bad(method, "detector", "detect_frames", f"returned {attr} with NaN or inf in them: "
                       f"{attr} are finite pixel coordinates", where)
    out.maps = _checked_maps(out.maps, method, "detector", "detect_frames", where)
    return out

