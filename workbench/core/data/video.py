"""A video file as a sequence: frames decoded on demand with one open ``cv2.VideoCapture``.

Sequential reads (frame i after frame i-1) decode the next frame without seeking, so playing or
tracking through a video costs one decode per frame; any other access seeks first. Frames are
RGB uint8 (H, W, 3), modality ``rgb``, also for gray-looking videos (codecs store them as colour).

The frame count comes from the container. Some containers (MPEG-PS, WMV, variable-rate AVI) give
an estimate: the count is checked by decoding the last frame it claims, and when that fails the
video is counted by decoding it through once; the difference is reported in ``meta["warnings"]``.

FFmpeg's complaints (``[mjpeg @ 0x...] bad vlc``, ``[mov,mp4,... @ 0x...] moov atom not found``) go
to the process's stderr naming no file: the reader takes them from there while it opens and decodes
and says them itself, naming the file (and the frame): in the error when the video cannot be opened or
a frame cannot be decoded, in ``meta["warnings"]`` when it opens with them, and as a ``DataWarning``
for a frame decoded with them (the first few such frames of a video).

Groundtruth, when present beside the video: ``<stem>.txt``, ``<stem>_gt.txt``, or
``groundtruth.txt`` when the video is the only one in its folder; one box per frame, 0-based.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

import cv2
import numpy as np

from workbench.core.data.groundtruth import read_boxes
from workbench.core.data.sequence import Sequence
from workbench.core.data.stderr_capture import Fd2Capture, pass_on
from workbench.core.errors import DataError, one_line, warn_data

NAME = "video"
VIDEO_SUFFIXES = (".mp4", ".avi", ".mov", ".mkv", ".mpg", ".mpeg", ".m4v", ".wmv")
# FFmpeg's log lines ("[mjpeg @ 0x55e0cb4e8d00] sof: invalid len 17") and OpenCV's ("[ WARN:0@0.03] ...",
# "[ERROR:0@0.03] ...": a level, a colon and a thread number; not any "[ERROR] ..." another thread prints)
_DECODER_LINE = re.compile(r"\[(?:(?P<codec>[\w.-]+)(?:,[\w,.-]*)? @ (?:0x)?[0-9a-fA-F]+"
                           r"|\s*(?:WARN|ERROR):\d[^\]]*)\]\s*")
# OpenCV's own AVI reader (its MJPEG backend, tried when FFmpeg gives up) prints its complaints bare, with no
# "[...]" before them ("Unexpected element. Expected: LIST. Got: JUNK." for a cut file): its container_avi.cpp's
# lines, matched whole, said as the AVI reader's, never passed on to stderr
_AVI_LINE = re.compile(r"(?:Unexpected (?:element|list type)\. Expected: .*\. Got: .*"
                       r"|Unexpected end of file while searching for .* (?:list|chunk)"
                       r"|Frame offset points outside movi section\.|Failed to parse avi: .*|Can not read from file"
                       r"|More than one video stream found within AVI.*)$")


class _DecoderLines(Fd2Capture):
    """Collects the lines FFmpeg / OpenCV write to fd 2 inside the block into ``self.lines`` (codec
    name first, FFmpeg's context address dropped); anything else written there meanwhile (another
    thread's output) is passed on to stderr afterwards, byte for byte (``stderr_capture``)."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def __exit__(self, *exc) -> None:
        super().__exit__(*exc)
        other = []
        for raw in self.written():
            line = raw.decode(errors="replace").rstrip("\r\n")
            m = _DECODER_LINE.match(line)
            if m is None and _AVI_LINE.match(line.strip()):
                # its fourccs are the file's bytes as they are (a cut file's garbage): shown printable
                text = "".join(c if c.isprintable() else "?" for c in line.strip())
                self.lines.append(one_line(f"OpenCV's AVI reader: {text}", 120))
            elif m is None:
                other.append(raw)  # as written (not re-encoded: bytes that are not UTF-8 stay as they were)
            elif line[m.end():].strip():
                self.lines.append(one_line(f"{m['codec'] + ': ' if m['codec'] else ''}{line[m.end():]}", 120))
        pass_on(other)

    def said(self) -> str:
        """The first line, and how many more, for a message."""
        if not self.lines:
            return ""
        more = len(self.lines) - 1
        return f"the decoder said '{self.lines[0]}'" + (f" (+{more} more line{'s' * (more > 1)})" if more else "")


def is_video(path: Path) -> bool:
    return path.suffix.lower() in VIDEO_SUFFIXES and not path.name.startswith(".")


class VideoFrames:
    """Frame source over one open capture; thread-safe (the GUI and a worker may both read)."""

    WARN_FRAMES = 3  # frames decoded with the decoder's complaints that are named, per video

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._next = 0  # index the capture will decode next
        self.warnings: list[str] = []
        self.recount: str | None = None  # "the container claims ... could be decoded" when they differ
        self.damaged: list[int] = []  # frames decoded with the decoder's complaints (in the order met)
        self._damaged: set[int] = set()  # the same, looked up (a list's ``in`` made a long damaged video quadratic)
        with _DecoderLines() as dec:
            try:
                self._cap = self._open()
                self.fps = float(self._cap.get(cv2.CAP_PROP_FPS) or 0.0)
                self._n = self._count()
                problem = None
            except DataError as exc:
                problem = exc
        if problem is not None:
            raise DataError(problem.path, f"{problem.problem}; {dec.said()}" if dec.lines else problem.problem) \
                from None
        if dec.lines and self.recount is None:  # a recount already says the video is damaged
            self.warnings.append(f"{self.path}: {dec.said()} while opening it (a damaged video?)")

    def _open(self) -> cv2.VideoCapture:
        if not self.path.is_file():
            raise DataError(self.path, "video file is missing")
        self._close_stream()
        cap = cv2.VideoCapture(str(self.path))
        if not cap.isOpened() and not str(self.path).isascii():
            cap.release()
            cap = self._open_stream()
        if not cap.isOpened():
            cap.release()
            self._close_stream()
            raise DataError(self.path, "not a readable video (corrupt, or a codec OpenCV cannot decode)")
        return cap

    def _open_stream(self) -> cv2.VideoCapture:
        """The video opened by Python and its bytes given to OpenCV's FFmpeg reader (OpenCV 4.10 and later): OpenCV
        on Windows opens no non-ASCII path by name (a video under a Chinese folder was 'not a readable video')."""
        try:
            self._stream = self.path.open("rb")  # (this module's open() is the layout's); kept open while read
            return cv2.VideoCapture(self._stream, cv2.CAP_FFMPEG, [])
        except (OSError, cv2.error, TypeError, SystemError):  # an OpenCV without stream reading: not opened
            self._close_stream()
            return cv2.VideoCapture()

    def _close_stream(self) -> None:
        stream, self._stream = getattr(self, "_stream", None), None
        if stream is not None:
            stream.close()

    def _decode(self, i: int) -> np.ndarray | None:
        if i != self._next:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, i)
        ok, frame = self._cap.read()
        if not ok or frame is None:
            self._next = -1  # position unknown: seek on the next read
            return None
        self._next = i + 1
        return frame

    def _count(self) -> int:
        claimed = int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        if claimed > 0 and self._decode(claimed - 1) is not None and self._decode(0) is not None:
            return claimed
        # the container's count is missing or wrong: count by decoding through once
        self._cap.release()
        self._cap = self._open()
        n = 0
        while self._cap.grab():
            n += 1
        self._cap.release()
        self._cap = self._open()
        self._next = 0
        if n == 0:
            raise DataError(self.path, "video has no decodable frames (corrupt or unsupported codec)")
        if claimed != n:
            self.recount = f"the container claims {claimed} frames, {n} could be decoded"
            self.warnings.append(f"{self.path}: {self.recount}; using {n}")
        return n

    def __len__(self) -> int:
        return self._n

    def read(self, i: int) -> np.ndarray:
        if not 0 <= i < self._n:
            raise IndexError(f"frame {i} out of range for {self.path.name} with {self._n} frames")
        nth = 0  # this frame is the nth damaged one met (0: not damaged, or met before)
        with self._lock:
            with _DecoderLines() as dec:
                try:
                    frame = self._decode(i)
                except cv2.error as exc:  # OpenCV's own failure: named like the decoder's
                    self._next = -1
                    frame, dec.lines[:0] = None, [one_line(f"OpenCV: {exc}", 120)]
            if frame is not None and dec.lines and i not in self._damaged:  # counted under the lock: the GUI
                self._damaged.add(i)  # and a worker reading at once name each frame once, the first 3 only
                self.damaged.append(i)
                nth = len(self.damaged)
        if frame is None:
            raise DataError(self.path, f"frame {i} could not be decoded (truncated or corrupt video)"
                                       f"{'; ' + dec.said() if dec.lines else ''}")
        if 0 < nth <= self.WARN_FRAMES:
            more = "; later such frames are read without a word" if nth == self.WARN_FRAMES else ""
            warn_data(f"{self.path}, frame {i}: {dec.said()} (a damaged video: the frame may show "
                      f"artefacts){more}")
        if frame.ndim == 2:
            return cv2.cvtColor(frame, cv2.COLOR_GRAY2RGB)
        return cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)

    def close(self) -> None:
        with self._lock:
            self._cap.release()
            self._close_stream()

    def __del__(self):
        cap = getattr(self, "_cap", None)
        if cap is not None:
            cap.release()
        self._close_stream()


def probe(path: Path) -> bool:
    path = Path(path)
    return path.is_file() and is_video(path)


def find_box_file(path: Path) -> Path | None:
    for cand in (path.with_suffix(".txt"), path.with_name(f"{path.stem}_gt.txt")):
        if cand.is_file():
            return cand
    gt = path.with_name("groundtruth.txt")
    if gt.is_file() and [p for p in path.parent.iterdir() if p.is_file() and is_video(p)] == [path]:
        return gt
    return None


def open(path: Path) -> Sequence:  # noqa: A001
    path = Path(path)
    src = VideoFrames(path)
    gt_file = find_box_file(path)
    # a video that lost frames is the problem when its groundtruth does not fit: say so, naming the video
    gt = read_boxes(gt_file, expect_rows=None if src.recount else len(src)) if gt_file is not None else None
    if gt is not None and len(gt) != len(src):
        raise DataError(path, f"{src.recount}, but {gt_file.name} has {len(gt)} boxes: a truncated or damaged "
                              f"video (or a groundtruth of another video)")
    first = src.read(0)
    meta = {"layout": NAME, "groundtruth_file": str(gt_file) if gt_file else None, "fps": src.fps,
            "frame_size": (first.shape[1], first.shape[0]), "warnings": list(src.warnings),
            "box_convention": "0-based"}
    from workbench.core.data.groundtruth import with_box_warnings

    with_box_warnings(meta, gt, gt_file, first.shape[1], first.shape[0])
    return Sequence(name=path.stem, frames=src, modality="rgb", groundtruth=gt, path=path, meta=meta)


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if probe(root):
        return [SequenceEntry(root.stem, NAME, root, lambda: open(root))]
    if not root.is_dir():
        return []
    return [SequenceEntry(p.stem, NAME, p, (lambda p=p: open(p)))
            for p in sorted(root.iterdir()) if p.is_file() and is_video(p)]
