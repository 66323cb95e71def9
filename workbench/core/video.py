"""A tracked sequence as a video: every frame with the result boxes of several trackers (each in its
colour, the plots' colours), the groundtruth dashed when there is one, and optionally one of a
tracker's maps (e.g. ``response``) blended over it, or one panel per tracker side by side, each with its box
and its own map (``write_video(per_tracker=True)``: ``export-video --map`` with several trackers). Saved maps
are read from their file a frame at a time (``SavedMaps``).

Frames are shown as the viewer shows them: 8-bit as they are, 16-bit / float frames stretched
between the 0.5 and 99.5 percentiles of the frame (``preprocess.percentile_levels``), hyperspectral
cubes as the band mean, or (``cube_colour``) in colour from their wavelengths (CIE 1931) or as three bands, as the
window's Spectrum dock shows them. Small frames are upscaled (nearest neighbour) so boxes and the legend stay
legible. MP4 through ``cv2.VideoWriter`` with the ``mp4v`` codec; where OpenCV cannot write it, an
MJPG ``.avi`` beside it, said in ``VideoFile.message``. The file is written under a temporary name
and renamed when complete, so a cancelled export leaves nothing half-written.

A video has one frame size; a sequence whose frames differ in size (an image set read each at its own
size, ``Sequence.uniform`` False) is written at the largest width and height, each frame centred on a
black border at its own scale (never resampled), its boxes moved with it; ``VideoFile.message`` says so.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from workbench.core.errors import WorkbenchError, write_advice

GT_COLOR = "#f2f2f2"  # the viewer's groundtruth colour (gui.style.GT_COLOR)
DEFAULT_FPS = 25.0
# the frame rates a video is written at: OpenCV's mp4v writer refuses above 65535 and below about 0.01, and
# its MJPG fallback writes 600 for anything above 600 and refuses below 1 (measured, OpenCV 5.1)
FPS_RANGE = (0.01, 600.0)
STRETCH = (0.5, 99.5)  # the viewer's default display stretch


@dataclass
class VideoFile:
    path: Path
    frames: int
    scale: int
    codec: str
    message: str = ""
    panels: int = 1  # one per tracker (``write_video(per_tracker=True)``), else 1

    def __iter__(self):  # the window's export queue lists the files written
        return iter([self.path])


@dataclass
class VideoRun:
    """One tracker's boxes for the video: 0-based (N, 4), NaN where not tracked."""

    label: str
    boxes: np.ndarray
    color: str
    maps: dict = field(default_factory=dict)  # frame -> {name: MapLayer} (in memory, or ``SavedMaps``)
    run: object = None  # the ResultRun it was read from (results.find_runs), if any
    file: Path | None = None  # its result file of the sequence (``runs_from_folders``), if any
    line: str = "-"  # its line style (``plots.line_style_for``): past the eighth colour, dashed, dotted ...


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4))


# on, off, ... pixels drawn of a line style (``plots.line_style_for``: a run past the eighth colour, whose colour
# came round, drawn as the plots draw it), for its 2 px antialiased line, whose round ends take ~1.5 px of each gap:
# seen as ~10 px dashes 5 apart, ~4 px dots 4 apart; the groundtruth's own thin dashes are ``GT_DASHES``
LINE_DASHES = {"--": (7, 8), ":": (1, 7), "-.": (7, 7, 1, 7)}
GT_DASHES = (4, 4)


def _look(color) -> tuple[tuple[int, int, int], tuple | None]:
    """(RGB, dashes or None for solid) of a box's colour: ``"#rrggbb"``, or (colour, line style)."""
    if isinstance(color, (tuple, list)) and len(color) == 2 and isinstance(color[1], str):
        return _rgb(color[0]), LINE_DASHES.get(color[1])
    return _rgb(color), None


#: how a hyperspectral frame is drawn (``write_video(cube_colour=)``, ``export-video --cube-colour``): its band mean
#: in grey, its colour from the wavelengths (CIE 1931; band groups without wavelengths), or three bands as R, G, B
CUBE_COLOURS = ("mean", "cie")


def cube_colour_arg(text: str):
    """``--cube-colour``'s value: ``mean``, ``cie`` or ``R,G,B`` (three band indices from 0, as the Spectrum dock
    counts) as a tuple of ints; a ValueError saying what is taken otherwise."""
    t = str(text).strip().lower()
    if t in CUBE_COLOURS:
        return t
    parts = [p.strip() for p in t.split(",")]
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return tuple(int(p) for p in parts)
    raise ValueError(f"{text!r}: give mean, cie, or three band indices from 0 as R,G,B (e.g. 3,6,2)")


def display_rgb(frame: np.ndarray, stretch=STRETCH, cube: bool = False, colour="mean", wavelengths=None,
                units: str | None = None) -> np.ndarray:
    """(H, W, 3) uint8 of a frame as the viewer shows it with its default stretch and grey map. ``cube``: a
    hyperspectral frame, its band mean whatever its band count (a 2-band cube stopped the video with OpenCV's
    traceback, a 3- or 4-band one was drawn as RGB); with ``colour`` ``cie`` its colour from ``wavelengths``
    (``spectral_color.false_color``), with three band indices those bands as R, G, B, each on its own stretch."""
    from workbench.core.preprocess import AUTO, percentile_levels

    f = np.asarray(frame)
    if cube and f.ndim == 3 and f.shape[2] > 1 and colour != "mean":
        from workbench.core import spectral_color

        if colour == "cie":
            return spectral_color.false_color(f, wavelengths, units, *stretch)
        return spectral_color.band_triplet(f, colour, *stretch, per_band=True)
    if cube and f.ndim == 3 and f.shape[2] > 1:
        f = f.mean(axis=2, dtype=np.float32)
    if f.ndim == 3 and f.shape[2] == 4:
        f = f[:, :, :3]
    if f.ndim == 3 and f.shape[2] == 1:
        f = f[:, :, 0]
    if f.ndim == 3 and f.shape[2] > 3:
        f = f.mean(axis=2, dtype=np.float32)
    if f.dtype == np.uint8:
        return np.ascontiguousarray(f if f.ndim == 3 else np.repeat(f[:, :, None], 3, axis=2))
    lo, hi = (float(v) for v in percentile_levels(f, *stretch, step=AUTO, ignore_nan=True))
    if not hi > lo:
        hi = lo + 1.0
    g = (np.clip((np.nan_to_num(f.astype(np.float32), nan=lo) - lo) / (hi - lo), 0, 1) * 255).astype(np.uint8)
    return np.ascontiguousarray(g if g.ndim == 3 else np.repeat(g[:, :, None], 3, axis=2))


def _blend_map(img: np.ndarray, layer, opacity: float) -> np.ndarray:
    """A map (``MapLayer``) stretched over the frame region it covers, blended in the inferno colours."""
    import matplotlib

    d = np.nan_to_num(np.asarray(layer.data, np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    if d.ndim == 3:
        d = d.mean(axis=2) if d.shape[2] <= 4 else d.mean(axis=0)
    lo, hi = float(d.min()), float(d.max())
    d = (d - lo) / (hi - lo) if hi > lo else np.zeros_like(d)
    h, w = img.shape[:2]
    x, y, rw, rh = layer.region if layer.region is not None else (0, 0, w, h)
    x0, y0 = int(round(x)), int(round(y))
    rw, rh = max(1, int(round(rw))), max(1, int(round(rh)))
    heat = cv2.resize(d, (rw, rh), interpolation=cv2.INTER_LINEAR)
    xa, ya, xb, yb = max(0, x0), max(0, y0), min(w, x0 + rw), min(h, y0 + rh)
    if xa >= xb or ya >= yb:
        return img
    part = heat[ya - y0:yb - y0, xa - x0:xb - x0]
    rgba = matplotlib.colormaps["inferno"](part)
    alpha = (np.clip(part * 1.5, 0, 1) ** 1.2 * opacity)[..., None]
    out = img.copy()
    out[ya:yb, xa:xb] = (img[ya:yb, xa:xb] * (1 - alpha) + rgba[..., :3] * 255 * alpha).astype(np.uint8)
    return out


def _rect(img, box, color, thickness=1, dashed=False, dashes=None) -> None:
    """``dashed``: the groundtruth's dashes; ``dashes``: on, off ... pixels (``LINE_DASHES``)."""
    x, y, w, h = (float(v) for v in box)
    # corners clipped to just outside the picture: the same lines show, and a diverged tracker's box
    # (1e20, 1e308) neither overflows int() nor is refused by OpenCV
    m = 2 * thickness + 2
    lo, hi = (-m, -m), (img.shape[1] + m, img.shape[0] + m)
    (x0, y0), (x1, y1) = np.clip([x, y], lo, hi), np.clip([x + w, y + h], lo, hi)
    p0, p1 = (int(round(x0)), int(round(y0))), (int(round(x1)), int(round(y1)))
    if dashes is None and dashed:
        dashes = GT_DASHES
    if dashes is None:
        cv2.rectangle(img, p0, p1, color, thickness, cv2.LINE_AA)
        return
    pts = [p0, (p1[0], p0[1]), p1, (p0[0], p1[1]), p0]
    for a, b in zip(pts, pts[1:]):
        _dashed_line(img, a, b, color, thickness, dashes)


def _dashed_line(img, a, b, color, thickness=1, dashes=GT_DASHES) -> None:
    """``dashes`` (on, off ... pixels, repeated) from ``a`` to ``b``: by default 4 px dashes every 8 px, the
    groundtruth's line (its box and its legend swatch); a run's line style's (``LINE_DASHES``)."""
    n = max(1, int(np.hypot(b[0] - a[0], b[1] - a[1])))
    s, k = 0, 0
    while s < n:
        on, off = dashes[k % len(dashes)], dashes[(k + 1) % len(dashes)]
        t0, t1 = s / n, min(1.0, (s + on) / n)
        cv2.line(img, (int(a[0] + (b[0] - a[0]) * t0), int(a[1] + (b[1] - a[1]) * t0)),
                 (int(a[0] + (b[0] - a[0]) * t1), int(a[1] + (b[1] - a[1]) * t1)), color, thickness, cv2.LINE_AA)
        s, k = s + on + off, k + 2


def draw_frame(rgb: np.ndarray, boxes: dict, gt=None, layer=None, opacity: float = 0.6, caption: str = "",
               scale: int = 1, init=None, init_color: str = "#ffd21f", gt_color: str = GT_COLOR,
               corner: str | None = None, avoid=()) -> np.ndarray:
    """``boxes``: {label: (box, colour)}, 0-based frame pixels; a colour, or (colour, line style) for a run past
    the eighth colour (``plots.line_style_for``: its box and legend line dashed, dotted ... as the plots draw it). RGB uint8, ``scale`` times the frame; the
    groundtruth dashed, an initial box (``init``) drawn thick, a legend in ``corner`` ("tl", "tr", "bl", "br"),
    by default the corner where it covers least of the boxes drawn (``legend_corner``): top-left hid a target
    near that corner. The window's frame export draws through this too (with its own map colouring blended
    in before, and a segmenter's or detector's marks drawn on ``rgb``: their boxes, frame pixels, in ``avoid``)."""
    img = np.ascontiguousarray(rgb, dtype=np.uint8)
    if layer is not None:
        img = _blend_map(img, layer, opacity)
    h, w = img.shape[:2]
    if scale > 1:
        img = cv2.resize(img, (w * scale, h * scale), interpolation=cv2.INTER_NEAREST)
    img = np.ascontiguousarray(img)
    sc = lambda b: [float(v) * scale for v in b]  # noqa: E731
    if gt is not None and np.all(np.isfinite(gt)) and gt[2] > 0 and gt[3] > 0:
        _rect(img, sc(gt), _rgb(gt_color), 1, dashed=True)
    for label, (box, color) in boxes.items():
        if box is not None and np.all(np.isfinite(box)):
            rgb, dashes = _look(color)
            _rect(img, sc(box), rgb, 2, dashes=dashes)
    if init is not None:
        _rect(img, sc(init), _rgb(init_color), 2)
    lines = _legend_lines(boxes, gt, caption, gt_color)
    if lines:
        drawn = [sc(b) for b, _c in boxes.values() if b is not None and np.all(np.isfinite(b))]
        drawn += [sc(b) for b in (gt, init, *avoid) if b is not None and np.all(np.isfinite(b))]
        if corner is None:
            corner = legend_corner(img.shape[1], img.shape[0], _legend_size(lines), drawn)
        _draw_legend(img, lines, gt_row=1 if caption and gt is not None else (0 if gt is not None else -1),
                     caption=bool(caption), corner=corner)
    return img


LEGEND_FONT, LEGEND_FS, LEGEND_LH, LEGEND_MARGIN = cv2.FONT_HERSHEY_SIMPLEX, 0.45, 18, 6
CORNERS = ("tl", "tr", "bl", "br")  # in this order of preference when several cover the boxes alike


def _legend_lines(boxes: dict, gt, caption: str, gt_color: str = GT_COLOR) -> list:
    """The legend's rows: (text, colour, dashes or None): the caption, the groundtruth, then each box's label."""
    lines = [(caption, (230, 230, 230), None)] if caption else []
    if gt is not None:
        lines.append(("groundtruth", _rgb(gt_color), GT_DASHES))
    return lines + [(label, *_look(color)) for label, (_b, color) in boxes.items()]


def _legend_size(lines) -> tuple[int, int]:
    """(width, height) in pixels of the legend's shaded block for ``lines``."""
    width = max(cv2.getTextSize(t, LEGEND_FONT, LEGEND_FS, 1)[0][0] for t, *_ in lines) + 34
    return width, 4 + LEGEND_LH * len(lines)


def _legend_origin(corner: str, img_w: int, img_h: int, size) -> tuple[int, int]:
    m = LEGEND_MARGIN
    x = m if corner[1] == "l" else max(m, img_w - m - size[0])
    y = m if corner[0] == "t" else max(m, img_h - m - size[1])
    return x, y


def legend_corner(img_w: int, img_h: int, size, boxes) -> str:
    """The corner whose legend block (``size``, drawn pixels) covers the least area of ``boxes`` (x, y, w, h in
    drawn pixels; a video passes every box of every frame, so its legend keeps one corner and does not jump)."""
    b = np.asarray([bx for bx in boxes if bx is not None], np.float64).reshape(-1, 4)
    b = np.clip(b[np.all(np.isfinite(b), axis=1)], -1e9, 1e9)  # a diverged tracker's 1e300 box: no overflow

    def covered(corner):
        x, y = _legend_origin(corner, img_w, img_h, size)
        ow = np.clip(np.minimum(b[:, 0] + b[:, 2], x + size[0]) - np.maximum(b[:, 0], x), 0, None)
        oh = np.clip(np.minimum(b[:, 1] + b[:, 3], y + size[1]) - np.maximum(b[:, 1], y), 0, None)
        return float((ow * oh).sum())

    return min(CORNERS, key=covered)  # min keeps the first of equals: top-left when nothing is covered


def _draw_legend(img, lines, gt_row: int, caption: bool, corner: str) -> None:
    """The legend block at ``corner``: a shaded box, a swatch and a label per row (the caption's row plain)."""
    size = _legend_size(lines)
    ox, oy = _legend_origin(corner, img.shape[1], img.shape[0], size)
    y1, x1 = min(img.shape[0], oy + size[1]), min(img.shape[1], ox + size[0])
    img[oy:y1, ox:x1] = (img[oy:y1, ox:x1].astype(np.float32) * 0.35 + 20 * 0.65).astype(np.uint8)
    dx = ox - LEGEND_MARGIN  # rows are laid out as at the top-left corner, then moved
    for n, (text, color, dashes) in enumerate(lines):
        yy = oy + LEGEND_LH * (n + 1)
        if n > 0 or not caption:
            if n == gt_row:  # dashed and thin as its box is (a solid swatch was a tracker's line)
                _dashed_line(img, (12 + dx, yy - 5), (30 + dx, yy - 5), color, 1)
            elif dashes is not None:  # a run past the eighth colour: its line as its box's
                _dashed_line(img, (12 + dx, yy - 5), (30 + dx, yy - 5), color, 2, dashes)
            else:
                cv2.line(img, (12 + dx, yy - 5), (30 + dx, yy - 5), color, 2, cv2.LINE_AA)
            cv2.putText(img, text, (36 + dx, yy - 1), LEGEND_FONT, LEGEND_FS, (225, 225, 225), 1, cv2.LINE_AA)
        else:
            cv2.putText(img, text, (12 + dx, yy - 1), LEGEND_FONT, LEGEND_FS, color, 1, cv2.LINE_AA)


def auto_scale(width: int, height: int, target: int = 640) -> int:
    return max(1, int(np.ceil(target / max(width, height))))


VIDEO_SUFFIXES = (".mp4", ".avi")


def video_path(out) -> Path:
    """The file ``write_video`` writes for ``out``: ``out`` itself when it ends in ``.mp4`` or ``.avi`` (any case),
    ``out.mp4`` when it has no extension (``added_suffix`` says so). Another extension is refused: ``x.txt``
    was written as ``x.mp4`` without a word, and ``run.v2`` as ``run.mp4``, beside the name the user gave."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        return out
    if suffix:
        raise WorkbenchError(f"{out}: a video is written as .mp4 (or MJPG .avi), not {out.suffix}; give a file name "
                             f"ending in .mp4, e.g. {out.with_suffix('.mp4')}")
    return out.with_name(out.name + ".mp4")


def added_suffix(out) -> str | None:
    """The note for an ``out`` without an extension (``video_path`` adds ``.mp4``), else None."""
    out = Path(out)
    return None if out.suffix else f"{out}: no file extension given: writing {video_path(out)}"


def _refuse_existing(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise WorkbenchError(f"{path}: already there; pass --force to write over it, or give another file name")


def opens_by_name(path) -> bool:
    """Whether OpenCV opens ``path`` by its name: any path but on Windows, there an ASCII one only (OpenCV hands the
    name's UTF-8 bytes to functions that read them in the ANSI code page)."""
    return os.name != "nt" or str(path).isascii()


def short_path(folder: Path) -> Path | None:
    """Windows' short (8.3) alias of ``folder``, ASCII where its volume keeps such names; None elsewhere."""
    if os.name != "nt":
        return None
    import ctypes

    buf = ctypes.create_unicode_buffer(32768)
    n = ctypes.windll.kernel32.GetShortPathNameW(str(folder), buf, len(buf))
    return Path(buf.value) if 0 < n < len(buf) else None


def _writer_file(path: Path, suffix: str) -> Path:
    """The file the writer writes (renamed to ``path`` when whole), a name OpenCV opens: on Windows a video under a
    Chinese folder or name was written under a garbled name, then read back as cut off ('the disk is full')."""
    tmp = path.with_name(f".{path.stem}.part{suffix}")
    if opens_by_name(tmp):
        return tmp
    import secrets

    tmp = path.with_name(f".workbench-{secrets.token_hex(4)}.part{suffix}")  # an ASCII name ...
    short = path.parent if opens_by_name(tmp) else short_path(path.parent)  # ... in the folder, or its alias
    if short is None or not opens_by_name(short / tmp.name):
        # said alike on the command line and in the window's Export video (no "--out" there); the folder of the
        # path that is not ASCII named (a user folder such as C:\Users\张三 is easily missed in a long path)
        part = next((p for p in path.parent.parts if not p.isascii()), str(path.parent))
        raise WorkbenchError(f"{path}: not written: OpenCV on Windows writes no video into a folder whose path is not "
                             f"ASCII (its folder {part!r} is not), and this disk keeps no short (8.3) name for the "
                             "folder to write through; write the video into a folder whose path is all ASCII "
                             "(such as C:\\videos), then move it where you want it")
    return short / tmp.name


def _first_write_refused(folder: Path) -> OSError | None:
    """Why ``folder`` takes no first write (a full disk, a file-size limit, no permission, a read-only disk: the
    system's error), None when a small file is written there. OpenCV's writer that does not open says neither why
    nor which: a full disk was taken for mp4v missing from the build, and the AVI fallback's error named ``v.avi``."""
    import tempfile

    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".workbench-probe-")
    except OSError as exc:
        return exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(b"\0" * 4096)  # (the writer's header is smaller: a disk with less room refused it)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        return exc
    finally:
        try:
            os.unlink(probe)
        except OSError:
            pass
    return None


def _open_writer(path: Path, fps: float, size: tuple[int, int], overwrite: bool = True):
    """(writer, final path, codec, message): mp4v into ``path``, else MJPG into ``path.avi``."""
    tmp = _writer_file(path, path.suffix or ".mp4")
    wr = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    if wr.isOpened():
        return wr, tmp, path, "mp4v", ""
    wr.release()
    refused = _first_write_refused(Path(tmp).parent)  # a full disk fails the writer's open too: not the codec
    if refused is not None:
        raise WorkbenchError(f"{path}: the video cannot be written there ({refused.strerror or refused}); nothing was "
                             "written (a file already there is as it was): "
                             f"{write_advice(refused, path.parent)}")
    final = path.with_suffix(".avi")
    if not overwrite:
        _refuse_existing(final)
    tmp = _writer_file(final, ".avi")
    wr = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    if not wr.isOpened():
        wr.release()
        raise WorkbenchError(f"{path}: OpenCV can write neither MP4 (mp4v) nor MJPG AVI here")
    return wr, tmp, final, "MJPG", f"mp4v is not available in this OpenCV build: wrote MJPG AVI {final} instead"


def _check_whole(tmp: Path, final: Path, n: int) -> None:
    """OpenCV's writer says nothing when the disk fills or a file-size limit is reached: the video it left was cut
    off (no index: it does not open) and was renamed into place as if written, and 'wrote ... (N frames)' said.
    Read back (its header only), a video that does not open with its ``n`` frames is refused, naming the file."""
    cap = cv2.VideoCapture(str(tmp))
    try:
        frames = int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) if cap.isOpened() else 0
    finally:
        cap.release()
    if frames < n:
        size = Path(tmp).stat().st_size if Path(tmp).exists() else 0
        raise WorkbenchError(f"{final}: the video could not be written whole (the writer stopped at {size} bytes, "
                             f"{'not readable' if not frames else f'{frames} of {n} frames'}): the disk is full or a "
                             "file-size limit was reached; nothing was written there (a file already there is as "
                             f"it was): {write_advice(None)}")


PARTIAL = ".partial"  # an interrupted export's frames: ``v.partial.mp4`` beside ``v.mp4``


def partial_path(final: Path) -> Path:
    """Where an interrupted export keeps its frames: ``v.partial.mp4`` for ``v.mp4`` (never the video itself)."""
    final = Path(final)
    return final.with_name(final.stem + PARTIAL + final.suffix)


def _keep_partial(tmp: Path, final: Path, written: int, n: int) -> tuple[Path, int, int] | None:
    """The writer's file of an interrupted export (``written`` of ``n`` frames, closed) renamed to
    ``partial_path(final)`` when it opens with them: (that path, written, n); None (left to be removed) when it does
    not. ``final``, an earlier video there included, is not touched. An interrupted export kept nothing: a long
    sequence's minutes of writing were lost."""
    cap = cv2.VideoCapture(str(tmp))
    try:  # read back: a frame written as the signal came is in it, and counted here
        frames = int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) if cap.isOpened() else 0
    finally:
        cap.release()
    if frames < max(written, 1):  # cut off (a full disk as well): not kept
        return None
    kept = _free_partial(partial_path(final), tmp)
    if kept is None:
        return None
    return kept, min(frames, n), n


def _free_partial(want: Path, tmp: Path) -> Path | None:
    """``tmp`` moved to ``want``, or to ``v.partial-2.mp4`` ... where a file of that name is there already (a file
    of the user's, or an earlier interrupted export: never written over without --force, as every output); None
    when it cannot be moved."""
    k = 1
    cand = want
    while cand.exists() or cand.is_symlink():
        k += 1
        cand = want.with_name(f"{want.stem}-{k}{want.suffix}")
    try:
        os.replace(tmp, cand)
    except OSError:
        return None
    return cand


def write_video(seq, runs: list[VideoRun], out, fps: float | None = None, map_name: str | None = None,
                map_tracker: str | None = None, opacity: float = 0.6, show_gt: bool = True,
                scale: int | None = None, ctx=None, per_tracker: bool = False, overwrite: bool = True,
                cube_colour="mean") -> VideoFile:
    """Write ``seq`` with ``runs`` drawn over it to ``out`` (``.mp4``). ``map_name``: the map of
    ``map_tracker`` (default: the first run that has one) blended over each frame that has it.
    ``per_tracker`` (with ``map_name`` and several runs): one panel per run instead, side by side (a grid beyond
    three, ``panel_grid``), each with that run's box, the groundtruth and that run's own ``map_name`` map (a run
    without one: its boxes only, its legend says so); ``map_tracker`` is not used then.
    ``ctx``: a JobContext (progress per frame, cancel between frames: the partial file is removed).
    ``overwrite`` False: a file already at the path it writes (``video_path``, or the AVI it falls back to) is
    refused, before any frame is drawn. ``cube_colour``: how a hyperspectral sequence's frames are drawn
    (``display_rgb``'s ``colour``: ``mean``, ``cie`` or three band indices); refused, before any frame is drawn, for
    frames that are no cube or bands the cube has not."""
    out = video_path(out)
    cube = getattr(seq, "modality", None) == "hsi"
    colour_note = check_cube_colour(seq, cube_colour)
    from workbench.core.results import check_outputs

    check_outputs(files={"the video": out})  # a file in the way, no permission: one line naming the path
    if not overwrite:
        _refuse_existing(out)
    n = len(seq)
    if n == 0:
        raise WorkbenchError(f"{seq.name}: no frames to write")
    for r in runs:
        if len(r.boxes) != n:
            raise WorkbenchError(f"{r.label}: {len(r.boxes)} boxes for the {n} frames of {seq.name}")
    # the panels: (its runs, the run whose map it blends); one panel of every run unless per tracker
    panels = [(runs, None)]
    if map_name:
        have = [r for r in runs if map_name in _map_names(r.maps)]
        if map_tracker is not None and not (per_tracker and len(runs) > 1):
            have = [r for r in have if r.label == map_tracker]
        if not have:
            names = sorted({k for r in runs for k in _map_names(r.maps)})
            raise WorkbenchError(f"no run has a {map_name!r} map" + (f" (maps: {', '.join(names)})" if names else ""))
        if per_tracker and len(runs) > 1:
            panels = [([r], r if r in have else None) for r in runs]
        else:
            panels = [(runs, have[0])]
    legend = {r.label: r.label for r in runs}
    if len(panels) > 1:
        legend.update({r.label: f"{r.label} (no {map_name} map)" for group, src in panels for r in group if src is None})
    cols, rows = panel_grid(len(panels))
    own = (seq.meta or {}).get("fps")
    if fps is None and own is not None and not FPS_RANGE[0] <= own <= FPS_RANGE[1]:
        own = None  # a container's nonsense rate (90000, 1e-9) is not the video's: the default instead
    fps = float(fps or own or DEFAULT_FPS)
    if not FPS_RANGE[0] <= fps <= FPS_RANGE[1]:
        raise WorkbenchError(f"{out}: {fps:g} frames per second cannot be written; a video is written at "
                             f"{FPS_RANGE[0]:g} to {FPS_RANGE[1]:g} fps")
    gt_all = seq.groundtruth if show_gt else None
    wavelengths, units = (seq.meta or {}).get("wavelengths"), (seq.meta or {}).get("wavelength_units")
    canvas, padded, shrunk = _canvas(seq), 0, 0
    writer = tmp = None
    k, written = 1, 0
    try:
        for i in range(n):
            if ctx is not None:
                ctx.check()
            rgb = display_rgb(seq.frame(i), cube=cube, colour=cube_colour, wavelengths=wavelengths, units=units)
            if writer is None:
                h, w = rgb.shape[:2]
                if canvas is None:
                    canvas = (w, h)
                k = scale or auto_scale(*canvas)
                size = ((canvas[0] * k + 1) // 2 * 2, (canvas[1] * k + 1) // 2 * 2)  # codecs want even sizes
                whole = (cols * size[0] + (cols - 1) * PANEL_GAP, rows * size[1] + (rows - 1) * PANEL_GAP)
                writer, tmp, final, codec, message = _open_writer(out, fps, whole, overwrite)
                corner = _video_corner(seq, panels, legend, gt_all, canvas, k)
            gt = gt_all[i] if gt_all is not None else None
            caption = f"{seq.name}  #{i + 1}"
            if rgb.shape[1] != canvas[0] or rgb.shape[0] != canvas[1]:
                caption += f"  ({rgb.shape[1]}x{rgb.shape[0]})"
                padded += 1
            tiles, fit = [], 1.0
            for group, source in panels:
                layer = source.maps.get(i, {}).get(map_name) if source is not None else None
                boxes = {legend[r.label]: (r.boxes[i], (r.color, r.line)) for r in group}
                tile, fit = _panel(rgb, boxes, gt, layer, opacity, caption, k, canvas, size, corner)
                tiles.append(tile)
            shrunk += fit < 1.0  # the letterbox's own scale (every panel's is the same)
            img = tiles[0] if len(tiles) == 1 else _tile(tiles, cols, rows)
            writer.write(cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
            written += 1
            if ctx is not None:
                ctx.progress((i + 1) / n, f"video frame {i + 1}/{n}")
        writer.release()
        writer = None
        _check_whole(tmp, final, n)
        os.replace(tmp, final)
        tmp = None
    except KeyboardInterrupt as stop:  # Ctrl-C / SIGTERM: the frames written so far kept as a playable partial video
        if tmp is not None and written:  # (the writer may be closed already: the stop came after the last frame)
            if writer is not None:
                writer.release()
                writer = None
            stop.video_kept = _keep_partial(tmp, final, written, n)
            tmp = None if stop.video_kept is not None else tmp
        raise
    finally:
        if writer is not None:
            writer.release()
        if tmp is not None and Path(tmp).exists():
            Path(tmp).unlink()
    if padded:
        from workbench.core.data.images import describe_sizes

        sizes = _sizes(seq)
        said = f", {describe_sizes(sizes)}" if sizes else ""
        note = (f"its frames differ in size{said}; {padded} frame{'s' if padded != 1 else ''} padded to "
                f"{canvas[0]}x{canvas[1]} (centred on black, not resized")
        note += f"; {shrunk} larger one{'s' if shrunk != 1 else ''} scaled down to fit)" if shrunk else ")"
        message = f"{message}; {note}" if message else note
    if colour_note:  # (a near-infrared cube's 'cie'): said, as the Spectrum dock says it
        message = f"{message}; {colour_note}" if message else colour_note
    return VideoFile(final, n, k, codec, message, len(panels))


PANEL_GAP = 4  # pixels of dark grey between the panels of a video per tracker (even: codecs want even sizes)


def check_cube_colour(seq, colour) -> str | None:
    """Refuses ``colour`` (``write_video``'s ``cube_colour``) other than ``mean`` for a sequence that is no
    hyperspectral cube, band indices past its bands, and ``cie`` for a cube without one wavelength a band (drawn from
    three band groups without a word, as if it were its colour), naming the sequence. Returns, for ``cie`` over
    wavelengths outside the visible (a near-infrared camera's), the note the Spectrum dock gives: pseudo colour, the
    band range stretched onto the visible; None otherwise."""
    if colour is None or colour == "mean":
        return None
    where = getattr(seq, "path", None) or seq.name
    if getattr(seq, "modality", None) != "hsi":
        raise WorkbenchError(f"{where}: a cube colour ({colour if isinstance(colour, str) else 'bands'}) is for "
                             f"hyperspectral sequences; {seq.name!r} has {seq.modality} frames")
    bands = (seq.meta or {}).get("bands")
    if bands is None:
        first = np.asarray(seq.frame(0))
        bands = first.shape[2] if first.ndim == 3 else 1
    if colour == "cie":
        from workbench.core import spectral_color

        wl, units = (seq.meta or {}).get("wavelengths"), (seq.meta or {}).get("wavelength_units")
        instead = "give three bands (from 0) as R,G,B, e.g. 0,1,2, or mean for the band mean"
        if wl is None or not len(wl):
            raise WorkbenchError(f"{where}: cie colour is made from the wavelengths, and {seq.name!r} has none; "
                                 f"{instead}")
        if len(wl) != int(bands):
            raise WorkbenchError(f"{where}: cie colour is made from one wavelength a band, and {seq.name!r} has "
                                 f"{len(wl)} wavelengths for its {bands} bands; {instead}")
        how = spectral_color.seen_wavelengths(spectral_color.to_nm(wl, units))[1]
        return None if how == "CIE 1931" else f"pseudo colour, {how}"
    bad = [b for b in colour if not 0 <= int(b) < int(bands)]
    if bad:
        raise WorkbenchError(f"{where}: band {bad[0]} is not a band of {seq.name!r}: its {bands} bands are 0 to "
                             f"{int(bands) - 1} (from 0, as the Spectrum dock counts)")
    return None


def panel_grid(n: int) -> tuple[int, int]:
    """(columns, rows) of ``n`` panels: side by side up to three, else the squarest grid."""
    cols = n if n <= 3 else int(np.ceil(np.sqrt(n)))
    return cols, int(np.ceil(n / cols))


def _video_corner(seq, panels, legend: dict, gt_all, canvas, k: int) -> str:
    """One legend corner for the whole video: the one covering least of every box of every frame (the groundtruth
    too), so the legend does not jump from corner to corner as the target moves; sized for the widest panel."""
    gt0 = np.zeros(4) if gt_all is not None else None
    caption = f"{seq.name}  #{len(seq)}  ({canvas[0]}x{canvas[1]})"  # the longest a caption gets
    sizes = [_legend_size(_legend_lines({legend[r.label]: (None, (r.color, r.line)) for r in group}, gt0, caption))
             for group, _src in panels]
    size = (max(w for w, _h in sizes), max(h for _w, h in sizes))
    boxes = []
    for group, _src in panels:  # each run is in one panel only
        boxes += [np.asarray([b if b is not None else [np.nan] * 4 for b in r.boxes], np.float64).reshape(-1, 4)
                  for r in group]
    if gt_all is not None:
        boxes.append(np.asarray(gt_all, np.float64).reshape(-1, 4))
    b = np.concatenate(boxes) * k if boxes else np.zeros((0, 4))
    return legend_corner(canvas[0] * k, canvas[1] * k, size, b)


def _panel(rgb, boxes, gt, layer, opacity, caption, k, canvas, size, corner=None) -> tuple[np.ndarray, float]:
    """One panel of a video frame (``size``, RGB): ``rgb`` with ``boxes`` and ``layer`` drawn as ``draw_frame``
    draws them, a frame of another size than the ``canvas`` centred on it first (``letterbox``); and the
    scale the frame was drawn at (below 1: shrunk to fit the canvas)."""
    fit = 1.0
    if rgb.shape[1] != canvas[0] or rgb.shape[0] != canvas[1]:
        if layer is not None:  # the map over the frame's own pixels, before it moves
            rgb, layer = _blend_map(rgb, layer, opacity), None
        rgb, move = letterbox(rgb, canvas)
        fit = move.scale
        boxes = {lab: (move(b), c) for lab, (b, c) in boxes.items()}
        gt = move(gt) if gt is not None else None
    img = draw_frame(rgb, boxes, gt, layer, opacity, caption, k, corner=corner)
    if img.shape[1] != size[0] or img.shape[0] != size[1]:
        img = cv2.copyMakeBorder(img, 0, size[1] - img.shape[0], 0, size[0] - img.shape[1],
                                 cv2.BORDER_CONSTANT, value=0)
    return img, fit


def _tile(tiles, cols: int, rows: int) -> np.ndarray:
    h, w = tiles[0].shape[:2]
    img = np.full((rows * h + (rows - 1) * PANEL_GAP, cols * w + (cols - 1) * PANEL_GAP, 3), 48, np.uint8)
    for j in range(rows * cols):
        r, c = divmod(j, cols)
        y, x = r * (h + PANEL_GAP), c * (w + PANEL_GAP)
        img[y:y + h, x:x + w] = tiles[j] if j < len(tiles) else 0
    return img


def _map_names(maps) -> set:
    """The names of the maps in ``{frame: {name: MapLayer}}``; a ``SavedMaps`` says its own without reading a frame."""
    names = getattr(maps, "names", None)
    return set(names) if names is not None else {k for m in maps.values() for k in m}


def _sizes(seq):
    fn = getattr(seq, "frame_sizes", None)
    return fn() if callable(fn) else None


def _canvas(seq) -> tuple[int, int] | None:
    """(width, height) every frame of the video is padded to: the largest width and height where the
    frames' sizes are known and differ, else None (frame 0's size)."""
    sizes = [s for s in (_sizes(seq) or []) if s is not None]
    if len(set(sizes)) > 1:
        return max(w for w, _h in sizes), max(h for _w, h in sizes)
    return None


def letterbox(rgb: np.ndarray, canvas: tuple[int, int]):
    """``rgb`` centred on a black ``canvas`` (width, height) at its own scale, or scaled down to fit where
    it is larger (a frame whose size its header did not tell); and the function that moves a box
    (x, y, w, h) of the frame's pixels to the canvas's."""
    h, w = rgb.shape[:2]
    cw, ch = canvas
    s = min(1.0, cw / w, ch / h)
    if s < 1.0:
        w, h = max(1, int(round(w * s))), max(1, int(round(h * s)))
        rgb = cv2.resize(rgb, (w, h), interpolation=cv2.INTER_AREA)
    ox, oy = (cw - w) // 2, (ch - h) // 2
    out = np.zeros((ch, cw, 3), np.uint8)
    out[oy:oy + h, ox:ox + w] = rgb

    def move(box):
        b = np.asarray(box, dtype=np.float64)
        return np.array([b[0] * s + ox, b[1] * s + oy, b[2] * s, b[3] * s])

    move.scale = s
    return out, move


# --- runs from result folders ----------------------------------------------------------------------

def runs_from_folders(seq, roots, trackers: list[str] | None = None, dataset: str | None = None,
                      unmarked: str | None = None, notes: list | None = None) -> list[VideoRun]:
    """The runs of ``seq`` found in result folders (any layout ``results.find_runs`` reads), each
    brought from its own file's frame to 0-based boxes with its recorded offset
    (``ResultRun.box_offset`` with the sequence's ``file_box_offset``; ``unmarked``: how folders
    without a manifest were written, as in ``score_folder``). A file longer than the sequence is cut to it as
    scoring cuts it (``results.fit_to_frames``), its one-line note appended to ``notes`` when given; a shorter one
    is refused."""
    from workbench.core.evaluation.folders import tracker_labels
    from workbench.core.evaluation.plots import tracker_styles
    from workbench.core.results import file_box_offset, find_runs_in, fit_to_frames, read_result_boxes, sequence_file

    # each run's file of the sequence, under its name or another toolkit's (Jogging.1, Human4 ...)
    found, files = [], {}
    every = find_runs_in(roots, dataset)
    for r in every:
        f = sequence_file(r.files, seq)
        if f is not None:
            found.append(r)
            files[r.label] = f
    labels = [r.label for r in found]
    if trackers:
        # a name two folders both hold (a:kcf, b:kcf) selects each folder's run, as eval and report select them
        wanted = tracker_labels(trackers, labels, roots)
        unknown = [t for t in wanted if t not in labels]
        if unknown:
            raise WorkbenchError(f"no results of {', '.join(unknown)} for {seq.name}; have {', '.join(labels) or 'none'}")
        found = sorted((r for r in found if r.label in wanted), key=lambda r: wanted.index(r.label))
    if not found:
        where = roots if isinstance(roots, (str, Path)) else ", ".join(map(str, roots))
        from workbench.core.results import one_pass_only_hint, run_folder_hint

        # one run's own folder given (OUT/<dataset>/<method>/<variant>): said as eval and export-results say it
        raise WorkbenchError(f"{where}: no result file for sequence {seq.name!r}"
                             f"{run_folder_hint(roots) or one_pass_only_hint(roots)}")
    off_file = file_box_offset(seq)
    # each run's colour and line style by the figures' rule (plots.tracker_styles) over the runs as eval and report list them
    # (--trackers as given, a name two folders hold as each folder's run, else ALL the runs' labels sorted, those
    # without a file for this sequence too, as evaluation.folders does): the same tracker the colour of its curves
    # in eval --plots, and a run that lacks this one sequence does not shift the others' colours
    every_label = [r.label for r in every]
    looks = tracker_styles([*tracker_labels(trackers, every_label, roots), *(r.label for r in found)] if trackers
                           else sorted(every_label))
    out = []
    for r in found:
        path = files[r.label]
        boxes = read_result_boxes(path)
        try:
            boxes, note = fit_to_frames(boxes, len(seq), path, seq.name)
        except WorkbenchError:
            raise WorkbenchError(f"{path}: {len(boxes)} boxes for the {len(seq)} frames of {seq.name}") from None
        if note and notes is not None:
            notes.append(note)
        off = r.box_offset(seq.name, off_file, unmarked)
        if off:
            boxes = boxes - np.array([off, off, 0.0, 0.0])
        out.append(VideoRun(r.label, boxes, looks[r.label][0], run=r, file=path, line=looks[r.label][1]))
    return out


def saved_maps(seq, run: VideoRun, want: str | None = None) -> tuple[dict, str]:
    """The maps saved with ``run``'s result file of ``seq`` (``workbench run --save-maps``, a window run;
    ``results.write_maps``) and the line that says they are used: ``({frame: {name: MapLayer}}, line)``. Without
    them ``({}, line)``: the line empty when the run saved none, else why they are not used (a file that cannot
    be read, a warning naming it; no ``want`` map among them); the caller re-runs the tracker then
    (``maps_by_rerun``). The boxes are never affected. With ``want`` only that map is read, a frame at a time
    when asked (``SavedMaps``): a video of several trackers never holds their whole stacks."""
    from workbench.core.errors import DataError
    from workbench.core.results import read_maps

    rr = run.run
    if rr is None or not hasattr(rr, "maps_file"):
        return {}, ""
    try:
        path = rr.maps_file(seq.name)
    except DataError as exc:
        return {}, f"warning: {exc}"
    if path is None:
        return {}, ""
    if not path.is_file():
        return {}, f"warning: {path}: the maps file {run.label}'s manifest names is missing"
    try:
        maps, names = (SavedMaps.open(path, len(seq), want) if want else (None, None))
    except DataError as exc:  # not this sequence's maps file: said as read_maps says it
        return {}, f"warning: {exc}"
    if maps is not None:
        held = list(maps)
    elif names is None:  # not one it streams: read whole, or refused with the reason
        try:
            maps = read_maps(path, len(seq))
        except DataError as exc:
            return {}, f"warning: {exc}"
        names = sorted({k for m in maps.values() for k in m})
        held = sorted(i for i, m in maps.items() if want is None or want in m)
    if want and want not in names:
        return {}, (f"note: the maps saved with {run.label} ({path}) hold no {want!r} map (they hold "
                    f"{', '.join(names) or 'none'})")
    span = f"frames {held[0] + 1}..{held[-1] + 1}" if held else "no frame"
    note = (rr.maps_record(seq.name) or {}).get("note")
    what = f"{want!r} maps" if want else "maps"
    return maps, (f"using the {what} saved with {run.label}: {path} ({len(held)} frames, {span}"
                  f"{'; ' + note if note else ''}); no re-run")


class SavedMaps(Mapping):
    """One map (``name``) of a maps file (``results.write_maps``) as ``{frame: {name: MapLayer}}`` whose frames are
    read from the file when asked, one at a time: in frame order that is one pass through the compressed entry,
    and only the frame asked for is in memory (a frame asked for again, backwards, is read from the start of the
    entry). ``open`` streams only files ``results.read_maps`` would read; ``close`` when done."""

    PIECE = 1 << 14  # bytes decompressed at a time

    def __init__(self, path: Path, name: str, frames, shapes, regions, dtype, slab: tuple, start: int, entry: str):
        self.path, self.name, self.names = Path(path), name, (name,)
        self._row = {int(f): r for r, f in enumerate(frames)}
        self._shapes, self._regions = shapes, regions
        self._dtype, self._slab, self._start, self._entry = np.dtype(dtype), tuple(slab), int(start), entry
        self._bytes = int(np.prod(self._slab, dtype=np.int64)) * self._dtype.itemsize
        self._zip = self._fp = None

    @classmethod
    def open(cls, path, n_frames: int, name: str) -> tuple[SavedMaps | None, list[str] | None]:
        """``(maps, names)``: the reader of map ``name`` and the names the file holds; ``(None, names)`` when
        ``name`` is not among them; ``(None, None)`` when the file is not one this streams (an array header
        of another version, Fortran order): ``results.read_maps`` reads it whole then. A file that is not a
        maps file of this sequence is the ``DataError`` ``read_maps`` would raise (the same checks:
        ``results.maps_meta``, ``results.check_map_arrays``); a damaged archive is left to ``read_maps``."""
        import zipfile

        from workbench.core.errors import DataError
        from workbench.core.results import check_map_arrays, maps_meta

        path, fmt = Path(path), np.lib.format
        try:
            with np.load(path, allow_pickle=False) as z:
                total, names = maps_meta(z, path, n_frames)
                if name not in names:
                    return None, list(names)
                j = names.index(name)
                idx, shapes, regions = z[f"m{j}_frames"], z[f"m{j}_shapes"], z[f"m{j}_regions"]
            entry = f"m{j}_data.npy"
            with zipfile.ZipFile(path) as zf, zf.open(entry) as fp:
                version = fmt.read_magic(fp)
                if version not in ((1, 0), (2, 0)):
                    return None, None
                read = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
                shape, fortran, dtype = read(fp)
                start = fp.tell()
            if fortran:
                return None, None
            check_map_arrays(path, name, dtype, shape, idx, shapes, regions, total)
        except DataError:
            raise
        except Exception:  # noqa: BLE001 - anything odd: read_maps reads it whole or names the problem
            return None, None
        return cls(path, name, idx, shapes, regions, dtype, shape[1:], start, entry), list(names)

    def __getitem__(self, i) -> dict:
        import zlib
        import zipfile

        from workbench.core.boxes import Box
        from workbench.core.errors import DataError
        from workbench.core.methods import MapLayer

        r = self._row[i]  # KeyError: no map on that frame
        try:
            if self._fp is None:
                self._zip = zipfile.ZipFile(self.path)
                self._fp = self._zip.open(self._entry)
            self._fp.seek(self._start + r * self._bytes)
            out, at = np.empty(self._bytes, np.uint8), 0
            while at < self._bytes:  # in pieces: one read of the whole frame holds it three times over
                piece = self._fp.read(min(self.PIECE, self._bytes - at))
                if not piece:
                    raise EOFError("it ends early")
                out[at:at + len(piece)] = np.frombuffer(piece, np.uint8)
                at += len(piece)
        except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            self.close()
            raise DataError(self.path, f"not a readable maps file ({type(exc).__name__}: {exc}); the run's boxes "
                                       "are not affected") from None
        d = out.view(self._dtype).reshape(self._slab)
        cut = tuple(slice(0, int(s)) for s in self._shapes[r])
        if d[cut].shape != d.shape:
            d = d[cut].copy()
        reg = self._regions[r]
        return {self.name: MapLayer(d, Box(*(float(v) for v in reg)) if np.all(np.isfinite(reg)) else None)}

    def __contains__(self, i) -> bool:
        return i in self._row

    def __iter__(self):
        return iter(sorted(self._row))

    def __len__(self) -> int:
        return len(self._row)

    def close(self) -> None:
        for f in (self._fp, self._zip):
            if f is not None:
                f.close()
        self._zip = self._fp = None


def tracker_maps(seq, run: VideoRun, want: str, say=None, ctx=None, lazy: bool = False) -> dict:
    """``run``'s ``want`` maps of ``seq`` for a video: those saved with it (``saved_maps``, read a frame at a time),
    else by re-running its method with the settings its manifest recorded (``maps_by_rerun``), only ``want`` kept.
    ``say`` gets the lines that tell which (and a warning on a saved file that cannot be used). None to be had
    (no manifest to re-run it from, its method not installed here, a method that draws no such map) is a
    WorkbenchError of one line naming the tracker and its result file. ``lazy``: a re-run is made as the video is
    written (``RerunMaps``: ``seq`` should read its frames through ``LastFrame``), not here."""
    from workbench.core.registry import default_registry

    say = say or (lambda line: None)
    maps, said = saved_maps(seq, run, want)
    if said:
        say(said)
    if maps:
        return maps
    rr = run.run
    where = f" ({run.file})" if run.file is not None else ""
    saved = "its saved maps cannot be used" if said else "none saved with it"
    head = f"{run.label}: no {want!r} maps{where}"
    if rr is None or getattr(rr, "manifest", None) is None:
        raise WorkbenchError(f"{head}: {saved} and no manifest beside it to re-run the tracker from (save them with "
                             "`workbench run --save-maps`)")
    # the plugin its manifest names: the run's folder is named by `run --name` (myKCF), not by its method
    method = (rr.manifest or {}).get("method") or rr.method
    try:
        plugin = default_registry().get(method)
    except WorkbenchError as exc:
        raise WorkbenchError(f"{head}: {saved} and it cannot be re-run here: {exc}") from None
    declared = plugin.declared_maps()  # a map its plugin says it never draws: refused before "re-running" is said
    if declared is not None and want not in declared:
        raise WorkbenchError(f"{head}: {saved}, and re-running it would give none: {method} draws no {want!r} map"
                             + (f" (its maps: {', '.join(sorted(declared))})" if declared else " (it draws no maps)"))
    say(f"re-running {method} on {seq.name} for its {want!r} maps")
    try:
        maps = maps_by_rerun(seq, rr.manifest, method, ctx, want=want, lazy=lazy)
    except WorkbenchError as exc:
        raise WorkbenchError(f"{head}: {exc}") from None
    if lazy:
        maps.head, maps.say = head, say
        maps.begin()  # one that fails at its start fails here (a panel's legend, the all-failed error), as before
        return maps
    return {i: {want: m[want]} for i, m in maps.items() if want in m}  # the other maps not kept


class RerunMaps:
    """A tracker re-run for its ``want`` map as the video is written (``tracker_maps(lazy=True)``): frame ``i``'s map
    is tracked when ``get(i)`` asks for it, in frame order, and only that frame's is held. The sequence's frames are
    read once: the video's and the tracker's read of a frame are one (``LastFrame``), where the whole re-run before
    the video decoded every frame of a video file twice (and held every frame's map). A frame asked for again
    after a later one, or one before the run's start, has none. The tracker stopped by an unreadable frame or a lost
    box after its start frame gives no map from there on, as the whole re-run kept those before it (``run_tracker``'s
    rule, ``runs.stop_frame``); one at or before its start (``begin``, before the video) or another error is a
    WorkbenchError naming the tracker (``head``), or with ``fallible`` (a panel per tracker) said once and its panel
    goes on with its boxes alone."""

    def __init__(self, frames, want: str, start: int):
        self.names = (want,)
        self._frames, self._want, self._start = frames, want, start
        self._at, self._map = start - 1, None
        self.head, self.say, self.fallible = want, (lambda line: None), False

    def get(self, i: int, default=None):
        from workbench.core.errors import DataError, TrackerLost
        from workbench.core.runs import _compact, stop_frame

        while self._frames is not None and self._at < i:
            try:
                fr = next(self._frames, None)
            except WorkbenchError as exc:
                if isinstance(exc, (DataError, TrackerLost)) and stop_frame(exc, self._start) is not None:
                    fr = None  # stopped there, the maps before it given: run_tracker's rule (runs.stop_frame)
                else:  # at or before its start (nothing tracked), no frame named, another error: it fails
                    self.close()
                    if not self.fallible:
                        raise WorkbenchError(f"{self.head}: {exc}") from None
                    self.say(f"warning: {self.head}: {exc}; its panel shows its boxes only from frame {i + 1} on")
                    return default
            if fr is None:
                self.close()
                break
            self._at = fr.index
            self._map = _compact(fr.maps, self.names).get(self._want) if fr.maps else None
        return {self._want: self._map} if self._at == i and self._map is not None else default

    def begin(self) -> None:
        """Track its start frame (the tracker's initialisation) now, before the video is written: a re-run that
        cannot start (its initial box outside the frame, frames of two sizes, its start frame unreadable) is the
        WorkbenchError naming the tracker that the whole re-run was, not a panel found mapless at frame 1."""
        self.get(self._start)

    def close(self) -> None:
        frames, self._frames = self._frames, None
        if frames is not None:
            frames.close()


class LastFrame:
    """The frames of ``source`` with the last one read kept (a copy given each time): the video and the trackers
    re-run for its maps (``RerunMaps``) read each frame in turn, once from a video file (a second read of the
    same frame seeks back and decodes it again)."""

    def __init__(self, source):
        self.source = source
        self._last: tuple[int, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.source)

    def read(self, i: int) -> np.ndarray:
        if self._last is None or self._last[0] != i:
            self._last = (i, self.source.read(i))
        return self._last[1].copy()


def maps_by_rerun(seq, run_folder_manifest: dict | None, method: str, ctx=None, want: str | None = None,
                  lazy: bool = False) -> dict:
    """For a run saved without its maps: re-run ``method`` (the run's plugin, with the settings its
    manifest recorded, from its start frame and initial box) keeping the maps. {frame: {name: MapLayer}}.
    ``want``: the map the caller needs; a name the plugin's declared maps (``Plugin.declared_maps``) lack fails at
    once, naming them, before any frame is tracked; a plugin that does not name its maps is first tried on its first
    two frames, and a name it does not draw fails then, instead of after the whole sequence."""
    from workbench.core.boxes import Box
    from workbench.core.loops import iter_track
    from workbench.core.registry import default_registry
    from workbench.core.runs import run_tracker

    plugin = default_registry().get(method)
    manifest = run_folder_manifest or {}
    # the manifest's values as JSON kept them (make_config checks them as they are): rebuilt as text, a setting
    # changed to None became "None", refused for a number and taken as that word for a text one
    config = plugin.make_config({k: tuple(v) if isinstance(v, list) else v
                                 for k, v in (manifest.get("changed") or {}).items()})
    entry = (manifest.get("sequences") or {}).get(seq.name) or {}
    init = Box(*entry["init_box"]) if entry.get("init_box") else None
    start = int(entry.get("start_frame") or 0)
    declared = plugin.declared_maps()  # () without the maps capability, None when it does not name them
    if want and declared is not None and want not in declared:  # said before any frame is tracked
        raise WorkbenchError(f"{method} draws no {want!r} map" +
                             (f" (its maps: {', '.join(sorted(declared))})" if declared else " (it draws no maps)"))
    if want and declared is None:  # names not declared: its first two frames say them
        names = set()
        for fr in iter_track(plugin.create(config, "auto"), seq, init, start, True, ctx):
            names |= set(fr.maps or {})
            if fr.index >= min(start + 1, len(seq) - 1):
                break
        if want not in names:
            raise WorkbenchError(f"{method} draws no {want!r} map" +
                                 (f" (its maps: {', '.join(sorted(names))})" if names else " (it draws no maps)"))
    if lazy and want:  # tracked as the video asks for each frame's map (``RerunMaps``)
        return RerunMaps(iter_track(plugin.create(config, "auto"), seq, init, start, True, ctx), want, start)
    # with ``want``, that map alone is held (float16, as ``--save-maps`` keeps it), not every map at its own precision
    res = run_tracker(plugin.create(config, "auto"), seq, init=init, start_frame=start, keep_maps=not want, ctx=ctx,
                      save_maps=(want,) if want else None)
    return res.maps
