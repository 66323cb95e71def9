"""OpenCV's own trackers as peer baselines: MIL (Babenko et al., CVPR 2009) and NanoTrack (a light
Siamese tracker run through OpenCV's DNN module from two ONNX files).

OpenCV trackers want 8-bit BGR frames and integer boxes; 16-bit and gray frames are stretched to 8 bit
per frame between robust percentiles. Heavy imports stay inside the factories.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.errors import PluginError, WorkbenchError, one_line
from workbench.core.registry import Plugin


NANOTRACK_ENV = "WORKBENCH_NANOTRACK_DIR"


def default_nanotrack_dir() -> Path | None:
    """The folder named by ``$WORKBENCH_NANOTRACK_DIR``, else None: the workbench ships no NanoTrack
    weights (they are OpenCV's, Apache-2.0); the user points ``weights_dir`` at their copy."""
    import os

    v = os.environ.get(NANOTRACK_ENV, "").strip()
    return Path(v).expanduser() if v else None


NANOTRACK_FILES = ("nanotrack_backbone_sim.onnx", "nanotrack_head_sim.onnx")

# OpenCV's MIL draws random Haar features inside the box until one covers 9 pixels and fits: on a box with a side
# under 5 px none ever does, and init() loops for ever (1x1 to 4x4, 1x20 measured on OpenCV 5.1). Such boxes are
# tracked through a box grown about them to this side and reported at their own size.
MIL_MIN_SIDE = 6
# MIL's sampler takes patches whose bottom-right corner is 2 px inside the frame, and its negatives 5-50 px away
# from the box (9-37 px when it updates): a box reaching the last two rows or columns (one covering the frame) has
# no positive sample, one without 12 px of room about it no negative, and init() fails an assertion. Such boxes
# are tracked through a box cut to fit (MIL_MARGIN) and to leave that room (MIL_ROOM), reported at their own size.
MIL_MARGIN = 2
MIL_ROOM = 12
# The smallest frames MIL starts on (measured on OpenCV 5.1, boxes at every position of 8x8 to 13x13, 8x40 and
# 40x8 frames): its 6x6 patch (MIL_MIN_SIDE + MIL_MARGIN = 8 px) fits at (W - 8 + 1) x (H - 8 + 1) places, and its
# negative samples must lie farther from the box than any two of them do on a smaller frame: with
# (W - 8)^2 + (H - 8)^2 under 13 (10x10, 9x11, 8x11 and smaller) no box starts and init() fails the
# `!negSamples.empty()` assertion; from there (11x11, 10x11, 9x12, 8x12 and up) some do (at 11x11 51 of 121
# positions of a 1x1 box, at 14x14 and on 12x60 all of them).
MIL_MIN_FRAME = 11  # the smallest square frame side
# MIL draws its Haar features in init() with the C library's rand() (one stream per process, not OpenCV's RNG:
# cv2.setRNGSeed does not reach it), so the same sequence tracked twice in one process (the window, a local batch)
# gave boxes a few pixels apart. rand() is seeded with this right before MIL's init(); its update() draws none
# (measured on OpenCV 5.1).
MIL_SEED = 1  # glibc's own seed at start: a fresh process's first run keeps the boxes it gave before


def _c_srand():
    """The C library's ``srand`` through ctypes, or None where it cannot be found."""
    import ctypes
    import sys

    names = ("ucrtbase", "msvcrt") if sys.platform == "win32" else (None,)
    for name in names:
        try:
            lib = ctypes.CDLL(name) if name is None else getattr(ctypes.cdll, name)
            srand = lib.srand
        except (OSError, AttributeError, TypeError):
            continue
        srand.argtypes, srand.restype = [ctypes.c_uint], None
        return srand
    return None


_SRAND: list = []  # [srand or None], looked up once
_SEEDED = threading.Lock()  # one seeded init() at a time in a process, so two threads' draws do not interleave


@contextmanager
def seeded_c_rand(seed: int = MIL_SEED):
    """A context in which the C library's ``rand()`` starts from ``seed`` (``srand(seed)`` on entry), held by one
    thread of the process at a time; where the C library cannot be seeded (no ``srand`` found) nothing is seeded
    and the draws stay as they fall. Runs are repeatable where it can be: a thread outside this context calling
    ``rand()`` meanwhile still moves the stream (on Windows each thread has its own)."""
    with _SEEDED:
        if not _SRAND:
            _SRAND.append(_c_srand())
        if _SRAND[0] is not None:
            _SRAND[0](seed)
        yield


def mil_frame_too_small(width: int, height: int) -> bool:
    """True for a frame on which no box leaves MIL room for a negative sample (see MIL_MIN_FRAME)."""
    fit = MIL_MIN_SIDE + MIL_MARGIN
    return width < fit or height < fit or (width - fit) ** 2 + (height - fit) ** 2 < 13


class CannotStart(WorkbenchError, ValueError):
    """OpenCV's tracker cannot start on this frame and box (a frame too small for the samples MIL draws about the
    box): a limit of the tracker on the user's data, said in one line (exit status 2), not a plugin's bug with its
    traceback (status 1), which a ValueError raised inside ``initialize`` was taken for."""


@dataclass
class StretchConfig:
    """How 16-bit frames are stretched to the 8 bits OpenCV's trackers take."""

    stretch_low: float = field(default=1.0, metadata={
        "help": "percentile mapped to 0 when 16-bit frames are stretched to 8 bit", "min": 0.0, "max": 20.0,
        "step": 0.5})
    stretch_high: float = field(default=99.0, metadata={
        "help": "percentile mapped to 255 when 16-bit frames are stretched to 8 bit", "min": 80.0, "max": 100.0,
        "step": 0.5})


@dataclass
class MILConfig(StretchConfig):
    """OpenCV's MIL. Its random Haar features are drawn from the C library's ``rand()``, seeded the same
    (``MIL_SEED``) right before each start, so a sequence tracked again gives the same boxes wherever the C
    library can be seeded (Linux, macOS, Windows' UCRT / msvcrt)."""


@dataclass
class NanoTrackConfig(StretchConfig):
    # a folder setting (``path``): the window's Browse… picks a folder and the folder is looked for off its GUI
    # thread, as every path setting's (``registry.PATH_KINDS``)
    weights_dir: str = field(default="", metadata={
        "help": f"folder holding {NANOTRACK_FILES[0]} and {NANOTRACK_FILES[1]} "
                "(empty: the folder in $WORKBENCH_NANOTRACK_DIR); the workbench ships none: OpenCV's "
                "nanotrack_v2 release files", "path": "dir"})


def to_bgr8(frame, low: float = 1.0, high: float = 99.0):
    """Any workbench frame (uint8 / uint16 gray, uint8 RGB) as contiguous 8-bit BGR for OpenCV; 16-bit
    frames stretched between the ``low`` / ``high`` percentiles (``preprocess.to_rgb_uint8``)."""
    import cv2

    from workbench.core.preprocess import to_rgb_uint8

    return cv2.cvtColor(to_rgb_uint8(frame, low, high), cv2.COLOR_RGB2BGR)


def int_box(box, width: int, height: int) -> tuple[int, int, int, int]:
    """A float xywh box as integers covering the same pixels, clipped into the frame, at least 1x1."""
    import math

    x, y, w, h = (float(v) for v in box)
    x0, y0 = int(math.floor(x + 0.5)), int(math.floor(y + 0.5))
    x1, y1 = int(math.floor(x + w + 0.5)), int(math.floor(y + h + 0.5))
    x0, y0 = min(max(x0, 0), width - 1), min(max(y0, 0), height - 1)
    x1, y1 = min(max(x1, x0 + 1), width), min(max(y1, y0 + 1), height)
    return x0, y0, x1 - x0, y1 - y0


def fit_box(rect: tuple[int, int, int, int], min_side: int, margin: int, width: int, height: int, room: int = 0):
    """An integer xywh box grown about its centre to at least ``min_side`` a side, its sides cut (about its
    centre) to leave ``room`` px of the frame beside it where the frame allows, and moved to fit in the frame
    less ``margin`` px at its right and bottom; None when the frame itself is too small for that."""
    if width - margin < min_side or height - margin < min_side:
        return None
    x, y, w, h = rect
    w, h = min(w, max(width - margin - room, min_side)), min(h, max(height - margin - room, min_side))
    if w < rect[2] or h < rect[3]:  # cut about the centre
        x, y = x + (rect[2] - w) // 2, y + (rect[3] - h) // 2
    if w < min_side:
        x, w = x - (min_side - w) // 2, min_side
    if h < min_side:
        y, h = y - (min_side - h) // 2, min_side
    return min(max(x, 0), width - margin - w), min(max(y, 0), height - margin - h), w, h


class OpenCVTracker:
    """Wraps a ``cv2.Tracker``: converts frames and boxes, keeps the last box when OpenCV reports loss."""

    modalities = ("gray", "rgb", "ir16")

    def __init__(self, name: str, create, low: float = 1.0, high: float = 99.0, has_score: bool = False,
                 min_side: int = 1, margin: int = 0, room: int = 0, min_frame: int = 0, too_small=None,
                 seed_rand: bool = False):
        self.name = name
        # seed the C library's rand() right before init() (seeded_c_rand): MIL draws its features with it
        self.seed_rand = seed_rand
        # the smallest box side OpenCV's tracker works on and the room it needs at the frame's right and bottom
        # (and beside the box: MIL_ROOM)
        self.min_side, self.margin, self.room = min_side, margin, room
        # the smallest square frame side it starts on and, (width, height) -> bool, the frames it cannot start on
        # (MIL_MIN_FRAME, mil_frame_too_small); None: those fit_box refuses
        self.min_frame, self._too_small = min_frame, too_small
        self._offset = None  # (dx, dy, w, h): the box asked for against the grown one OpenCV tracks
        self.has_score = has_score  # MIL's getTrackingScore is the base class's "not implemented" -1
        self._create = create
        self._low, self._high = low, high
        self._tracker = None
        self._box = None

    def initialize(self, frame, box) -> None:
        """Starts OpenCV's tracker; a ``CannotStart`` where it cannot, naming no sequence: the loops add the
        sequence and frame to it (``methods.call_method``'s ``where``, ``loops.frame_at``), as to every plugin's."""
        from workbench.core.boxes import Box

        box = Box(*box)
        if not box.is_valid():
            raise ValueError(f"initial box {tuple(box)} must be finite with positive size")
        rect = int_box(box, frame.shape[1], frame.shape[0])
        grown = fit_box(rect, self.min_side, self.margin, frame.shape[1], frame.shape[0], self.room)
        side = max(self.min_side + self.margin, self.min_frame)
        if grown is None or (self._too_small is not None and self._too_small(frame.shape[1], frame.shape[0])):
            raise CannotStart(f"{self.name} cannot start on a {frame.shape[1]}x{frame.shape[0]} frame "
                              f"(OpenCV's tracker finds no room about the box for the samples it learns from; frames "
                              f"of {side}x{side} px or more, or long narrow ones such as 8x12, give it room): track "
                              "this sequence with another tracker")
        self._offset = None
        if grown != rect:
            # the centre of the box asked for, relative to the grown box's, and its size, to report it back
            gx, gy, gw, gh = grown
            self._offset = (box.x + box.w / 2 - (gx + gw / 2), box.y + box.h / 2 - (gy + gh / 2), box.w, box.h)
        import cv2

        self._tracker = self._create()
        first = to_bgr8(frame, self._low, self._high)
        try:
            # MIL_SEED: MIL's Haar features drawn the same on every run
            with seeded_c_rand() if self.seed_rand else nullcontext():
                self._tracker.init(first, grown)
        except cv2.error as exc:  # a frame too small for the samples it draws about the box
            said = one_line(getattr(exc, "err", None) or str(exc))
            why = ("no room about the box for the negative samples MIL learns from: a box nearer the frame's edge, "
                   "or a larger frame, leaves it room" if "negSamples" in said else "")
            raise CannotStart(f"{self.name} cannot start on a {frame.shape[1]}x{frame.shape[0]} frame "
                              f"with the box {tuple(round(v, 2) for v in box)} (tracked as {grown}): "
                              + (f"{why} (OpenCV: {said})" if why else f"OpenCV says {said}")
                              + ": track this sequence with another tracker") from exc
        self._box = box

    def track(self, frame):
        from workbench.core.boxes import Box
        from workbench.core.methods import TrackOutput

        if self._tracker is None:
            raise RuntimeError(f"{self.name}: track() before initialize()")
        ok, rect = self._tracker.update(to_bgr8(frame, self._low, self._high))
        score = float(self._tracker.getTrackingScore()) if self.has_score else float("nan")
        if ok and rect[2] > 0 and rect[3] > 0:
            x, y, w, h = (float(v) for v in rect)
            if self._offset is not None:
                dx, dy, w0, h0 = self._offset
                x, y, w, h = x + w / 2 + dx - w0 / 2, y + h / 2 + dy - h0 / 2, w0, h0
            self._box = Box(x, y, w, h)
        elif not ok:
            score = 0.0  # OpenCV says the target is lost; the last box is kept
        return TrackOutput(self._box, score)


def make_mil(config: MILConfig | None = None, device: str = "cpu") -> OpenCVTracker:
    import cv2

    cfg = config or MILConfig()
    if not hasattr(cv2, "TrackerMIL_create"):
        raise PluginError(f"this OpenCV ({cv2.__version__}) has no TrackerMIL")
    return OpenCVTracker("mil", cv2.TrackerMIL_create, cfg.stretch_low, cfg.stretch_high, min_side=MIL_MIN_SIDE,
                         margin=MIL_MARGIN, room=MIL_ROOM, min_frame=MIL_MIN_FRAME,
                         too_small=mil_frame_too_small, seed_rand=True)


def _is_file(path: Path) -> bool:
    return path.is_file()


def nanotrack_folder(config: NanoTrackConfig | None = None, exists=None) -> tuple[Path | None, str | None]:
    """The folder NanoTrack's two ONNX files are read from (``weights_dir``, else ``$WORKBENCH_NANOTRACK_DIR``)
    and what is wrong with it (None: both files are there). Only the files are looked at. ``exists``: how to tell
    whether a file is there (a path -> True / False, or None while not known: not said missing), as
    ``registry.path_problem`` takes it; default ``Path.is_file`` at once."""
    cfg = config or NanoTrackConfig()
    folder = Path(cfg.weights_dir).expanduser() if cfg.weights_dir else default_nanotrack_dir()
    if folder is None:
        return None, (f"NanoTrack needs its two ONNX files ({' and '.join(NANOTRACK_FILES)}): set weights_dir "
                      f"to the folder holding them (or ${NANOTRACK_ENV})")
    look = exists or _is_file
    missing = [n for n in NANOTRACK_FILES if (there := look(folder / n)) is not None and not there]
    if missing:
        return folder, (f"NanoTrack weights not found in {folder}: missing {', '.join(missing)} "
                        f"(set weights_dir to the folder holding {' and '.join(NANOTRACK_FILES)})")
    return folder, None


def nanotrack_ready(config: NanoTrackConfig | None = None, exists=None) -> str | None:
    """``Plugin.ready``: why NanoTrack cannot run with ``config`` (its weights missing), None when it can (or while
    ``exists``, the window's look off its GUI thread, does not know yet)."""
    return nanotrack_folder(config, exists)[1]


def _onnx_loads(path: Path) -> bool:
    """Whether OpenCV's DNN reads ``path`` as a network (a damaged NanoTrack file told from the good one)."""
    import cv2

    log = getattr(getattr(cv2, "utils", None), "logging", None)
    level = log.getLogLevel() if log is not None else None
    if log is not None:  # the parser's own error lines: the one line said is ours
        log.setLogLevel(log.LOG_LEVEL_SILENT)
    try:
        return not cv2.dnn.readNet(str(path)).empty()
    except cv2.error:
        return False
    finally:
        if log is not None:
            log.setLogLevel(level)


def make_nanotrack(config: NanoTrackConfig | None = None, device: str = "cpu") -> OpenCVTracker:
    import cv2

    cfg = config or NanoTrackConfig()
    folder, problem = nanotrack_folder(cfg)
    if problem:
        raise PluginError(problem)
    if not hasattr(cv2, "TrackerNano_create"):
        raise PluginError(f"this OpenCV ({cv2.__version__}) has no TrackerNano")

    from workbench.core import video

    # OpenCV on Windows reads no non-ASCII path by name (the weights under C:\Users\张三\...): the folder's short
    # (8.3) alias there, where the disk keeps one
    where = folder if video.opens_by_name(folder) else (video.short_path(folder) or folder)

    def create():
        params = cv2.TrackerNano_Params()
        params.backbone = str(where / NANOTRACK_FILES[0])
        params.neckhead = str(where / NANOTRACK_FILES[1])
        # OpenCV 5's new DNN engine logs "setPreferableTarget ... not supported" for every network it loads
        # (four lines a tracker, so forty a TRE sequence); the CPU target it asks for is what runs anyway
        log = getattr(getattr(cv2, "utils", None), "logging", None)
        level = log.getLogLevel() if log is not None else None
        if log is not None:
            log.setLogLevel(log.LOG_LEVEL_ERROR)
        try:
            return cv2.TrackerNano_create(params)
        finally:
            if log is not None:
                log.setLogLevel(level)

    try:
        create()  # fail now, with the path, rather than at the first frame
    except cv2.error as exc:
        # cv2.error's text is several lines (version, source file, code) ending in a newline; its
        # ``err`` is OpenCV's own one-line reason, which names the file
        reason = one_line(getattr(exc, "err", None) or str(exc))
        # OpenCV's reason for an empty or damaged file ('model_proto.has_graph()', '!backbone.empty()') names
        # neither file: the one that does not load alone is named
        bad = [n for n in NANOTRACK_FILES if not _onnx_loads(where / n)]
        which = f"{bad[0]} is damaged or not an ONNX model ({reason})" if bad else reason
        raise PluginError(f"NanoTrack could not load the ONNX files in {folder}: {which}") from exc
    return OpenCVTracker("nanotrack", create, cfg.stretch_low, cfg.stretch_high, has_score=True)


PLUGIN = [
    Plugin(
        name="mil",
        kind="tracker",
        factory="workbench.baselines.opencv_peers:make_mil",
        title="MIL (OpenCV)",
        description=("OpenCV's Multiple Instance Learning tracker (Babenko et al., CVPR 2009), a classic online "
                     "boosting baseline. 16-bit frames are stretched to 8 bit per frame. Fixed scale. Its random "
                     "features are seeded the same at each start, so runs repeat where the C library's rand() can "
                     "be seeded."),
        config=MILConfig,
        modalities=("gray", "rgb", "ir16"),
    ),
    Plugin(
        name="nanotrack",
        kind="tracker",
        factory="workbench.baselines.opencv_peers:make_nanotrack",
        title="NanoTrack (OpenCV DNN)",
        description=("NanoTrack v2, a lightweight Siamese tracker, run on CPU by OpenCV's DNN module from its "
                     "backbone and neck/head ONNX files (weights_dir). Trained on visible-light video."),
        config=NanoTrackConfig,
        modalities=("gray", "rgb", "ir16"),
        ready="workbench.baselines.opencv_peers:nanotrack_ready",
    ),
]
