"""The current frame with its overlays drawn at native resolution, for the PNG export: the frame as the
viewer shows it (``Look``: colour map, contrast stretch, band, HSI colour mode), the window's map
colouring blended in, a segmenter's mask and targets and a detector's points as the viewer draws them
(``Marks``), then the boxes, groundtruth and legend drawn by the core's ``draw_frame`` (the same drawing the
video export uses). What it draws is gathered on the GUI thread (``Scene``) and drawn
and written on a worker (``write_png``). The video export shows its frames through the same ``Look``
(``shown_sequence``)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from workbench.core.errors import Cancelled, WorkbenchError
from workbench.core.video import draw_frame
from workbench.gui import display, style


@dataclass(frozen=True)
class Look:
    """How the viewer shows frames: the toolbar's colour map, contrast stretch and band, the Spectrum
    dock's colour mode of a cube. Numpy only: a worker may render with it."""

    cmap: str = "gray"
    stretch: tuple = (0.5, 99.5)
    band: int = -1
    hsi: display.HSIView | None = None

    def rgb(self, frame: np.ndarray) -> np.ndarray:
        """(H, W, 3) uint8 of ``frame`` as the viewer shows it."""
        return display.render_rgb(frame, self.cmap, self.stretch, self.band, hsi=self.hsi)


class ShownFrames:
    """A frame source read as the viewer shows it (``Look.rgb``, RGB uint8): the video export's frames,
    which the core's writer takes as they are (8-bit RGB)."""

    def __init__(self, source, look: Look):
        self.source, self.look = source, look

    def __len__(self) -> int:
        return len(self.source)

    def read(self, i: int) -> np.ndarray:
        return self.look.rgb(self.source.read(i))


def shown_sequence(seq, look: Look):
    """``seq`` with its frames as the viewer shows them (``ShownFrames``): RGB images, an ``rgb`` sequence (a cube's
    shown colours are not bands for the writer to average). Called on the GUI thread: a copy (``with_frames``), not
    ``dataclasses.replace``, which reads a mask-per-frame sequence's every mask for its groundtruth."""
    out = seq.with_frames(ShownFrames(seq.frames, look))
    out.modality, out._ref = "rgb", None  # frame 0's shape and dtype are the shown one's (RGB uint8), read again
    return out


@dataclass(frozen=True)
class Marks:
    """A segmenter's and a detector's results on the frame as the viewer shows them, for the frame export:
    the mask (H x W, nonzero: the target's pixels) tinted at ``mask_opacity``, the segmented targets' boxes, a
    detector's points (N, 2) and boxes (N, 4) with whether each is a target (``point_targets``; others, e.g.
    interference, drawn smaller in their own colour), the labelled points (M, 2); ``legend``: (label, colour)
    rows for the legend. Frame pixels, 0-based; numpy only."""

    mask: object = None
    mask_opacity: float = 0.5
    targets: tuple = ()
    points: object = None
    point_boxes: object = None
    point_targets: object = None
    labels: object = None
    legend: tuple = ()

    def draw(self, img: np.ndarray) -> tuple[np.ndarray, list]:
        """``img`` (RGB uint8, the frame's size) with the marks drawn, and their boxes (x, y, w, h) for the
        legend to keep clear of."""
        img, avoid = np.array(img, dtype=np.uint8, copy=True), []
        rgb = lambda c: tuple(int(c.lstrip("#")[k:k + 2], 16) for k in (0, 2, 4))  # noqa: E731
        m = None if self.mask is None else np.asarray(self.mask)
        if m is not None and m.shape[:2] == img.shape[:2] and m.any():
            on = m > 0
            a = float(self.mask_opacity)
            img[on] = (img[on] * (1 - a) + np.array(rgb(style.MASK_COLOR)) * a).astype(np.uint8)
        for x, y, w, h in self.targets:  # one pixel outside the component, as the viewer draws them
            cv2.rectangle(img, (int(round(x)) - 1, int(round(y)) - 1), (int(round(x + w)), int(round(y + h))),
                          rgb(style.TARGET_COLOR), 1)
            avoid.append((x - 1, y - 1, w + 2, h + 2))
        for b in np.asarray(self.point_boxes if self.point_boxes is not None else [], float).reshape(-1, 4):
            if np.all(np.isfinite(b)) and b[2] > 0 and b[3] > 0:
                cv2.rectangle(img, (int(round(b[0])), int(round(b[1]))),
                              (int(round(b[0] + b[2])), int(round(b[1] + b[3]))), rgb(style.DETECT_COLOR), 1)
                avoid.append(tuple(b))
        pts = np.asarray(self.points if self.points is not None else [], float).reshape(-1, 2)
        tg = np.ones(len(pts), bool) if self.point_targets is None else np.asarray(self.point_targets, bool)
        for (x, y), t in zip(pts, tg):
            if np.all(np.isfinite((x, y))):
                r = 5 if t else 3
                cv2.circle(img, (int(round(x)), int(round(y))), r,
                           rgb(style.DETECT_COLOR if t else style.DETECT_OTHER_COLOR), 1, cv2.LINE_AA)
                avoid.append((x - r, y - r, 2 * r, 2 * r))
        for x, y in np.asarray(self.labels if self.labels is not None else [], float).reshape(-1, 2):
            if np.all(np.isfinite((x, y))):
                c = (int(round(x)), int(round(y)))
                cv2.drawMarker(img, c, rgb(style.GT_COLOR), cv2.MARKER_CROSS, 7, 1)
                avoid.append((x - 3, y - 3, 7, 7))
        return img, avoid


@dataclass(frozen=True)
class Scene:
    """What the frame export draws, gathered on the GUI thread (the frame, how it is shown, the boxes,
    groundtruth, map and caption); numpy only: drawn (``draw``) and written (``write_png``) on a worker,
    where a large cube's colour takes 0.1-1 s. ``frame``: the raw frame, or a function that reads it
    (the frame on screen still being read for the viewer)."""

    frame: object
    look: Look
    boxes: dict
    gt: object = None
    layer: object = None
    opacity: float = 0.6
    init: object = None
    caption: str = ""
    marks: Marks | None = None  # a segmenter's and a detector's results on the frame, as shown

    def draw(self) -> np.ndarray:
        """RGB uint8 (``compose``)."""
        raw = self.frame() if callable(self.frame) else self.frame
        return compose(self.look.rgb(raw), self.boxes, self.gt, self.layer, self.opacity, self.init, self.caption,
                       marks=self.marks)


def write_png(path, scene: Scene) -> list[Path]:
    """``scene`` drawn and written to ``path`` (PNG); the menu's export runs it on a worker. A failure
    raises a ``WorkbenchError`` that names the file (``describe_at``)."""
    from workbench.core.results import atomic_write_bytes
    from workbench.gui.worker import describe_at

    try:
        ok, buf = cv2.imencode(".png", cv2.cvtColor(scene.draw(), cv2.COLOR_RGB2BGR))
        if not ok:
            raise OSError("PNG encoding failed")
        return [atomic_write_bytes(path, buf.tobytes())]
    except Cancelled:
        raise
    except Exception as exc:  # noqa: BLE001
        raise WorkbenchError(describe_at(path, exc)) from exc


def compose(rgb: np.ndarray, boxes: dict, gt, layer, opacity: float, init=None, caption: str = "",
            scale: int | None = None, marks: Marks | None = None) -> np.ndarray:
    """``boxes``: {label: (box, colour)}; ``marks``: a segmenter's and a detector's results (``Marks``), drawn
    under the boxes, their rows after the trackers' in the legend. Small frames are upscaled (nearest) so lines
    and text stay legible; the result is RGB uint8."""
    h, w = rgb.shape[:2]
    k = scale or max(1, int(np.ceil(640 / max(w, h))))
    img = np.ascontiguousarray(rgb, dtype=np.uint8)
    if layer is not None:
        d = display.normalize_map(np.asarray(layer.data, np.float32))
        x, y, rw, rh = layer.region if layer.region is not None else (0, 0, w, h)
        x0, y0 = int(round(x)), int(round(y))
        rw, rh = max(1, int(round(rw))), max(1, int(round(rh)))
        heat = cv2.resize(d, (rw, rh), interpolation=cv2.INTER_LINEAR)
        xa, ya, xb, yb = max(0, x0), max(0, y0), min(w, x0 + rw), min(h, y0 + rh)
        if xa < xb and ya < yb:
            img = img.copy()
            img[ya:yb, xa:xb] = display.blend_heat(img[ya:yb, xa:xb], heat[ya - y0:yb - y0, xa - x0:xb - x0],
                                                   opacity)
    avoid = []
    if marks is not None:
        img, avoid = marks.draw(img)
        boxes = {**boxes, **{label: (None, color) for label, color in marks.legend if label not in boxes}}
    return draw_frame(img, boxes, gt=gt, caption=caption, scale=k, init=init, init_color=style.INIT_COLOR,
                      gt_color=style.GT_COLOR, avoid=avoid)
