"""The current frame with its overlays drawn at native resolution, for the PNG export: the frame as the
viewer shows it (``Look``: colour map, contrast stretch, band, HSI colour mode), the window's map
colouring blended in, then the boxes, groundtruth and legend drawn by the core's ``draw_frame`` (the
same drawing the video export uses). What it draws is gathered on the GUI thread (``Scene``) and drawn
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
    """``seq`` with its frames as the viewer shows them (``ShownFrames``)."""
    import dataclasses

    return dataclasses.replace(seq, frames=ShownFrames(seq.frames, look))


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

    def draw(self) -> np.ndarray:
        """RGB uint8 (``compose``)."""
        raw = self.frame() if callable(self.frame) else self.frame
        return compose(self.look.rgb(raw), self.boxes, self.gt, self.layer, self.opacity, self.init, self.caption)


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
            scale: int | None = None) -> np.ndarray:
    """``boxes``: {label: (box, colour)}. Small frames are upscaled (nearest) so lines and text stay
    legible; the result is RGB uint8."""
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
    return draw_frame(img, boxes, gt=gt, caption=caption, scale=k, init=init, init_color=style.INIT_COLOR,
                      gt_color=style.GT_COLOR)
