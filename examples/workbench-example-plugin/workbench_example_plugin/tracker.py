"""The example tracker: imported only when the method is first created (``Plugin.factory``)."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.core.boxes import Box
from workbench.core.methods import MapLayer, TrackOutput

METHODS = {"ccoeff_normed": cv2.TM_CCOEFF_NORMED, "ccorr_normed": cv2.TM_CCORR_NORMED}


def _gray(frame: np.ndarray) -> np.ndarray:
    """Frames arrive in their native dtype (uint8, uint16, RGB, cubes): converting is our business."""
    f = np.asarray(frame)
    if f.ndim == 3:
        f = f.mean(axis=2)
    return f.astype(np.float32)


def _crop(img: np.ndarray, cx: float, cy: float, w: int, h: int) -> np.ndarray:
    """A w x h patch centred at (cx, cy); outside the frame the border is replicated."""
    return cv2.getRectSubPix(img, (int(w), int(h)), (float(cx), float(cy)))


class NCCTracker:
    name = "example_ncc"
    modalities = ("gray", "ir16", "rgb")

    def __init__(self, config):
        self.cfg = config
        self.method = METHODS[config.method]
        self.template: np.ndarray | None = None
        self.box: Box | None = None

    def initialize(self, frame: np.ndarray, box: Box) -> None:
        self.box = Box(*box)
        self.tw, self.th = max(4, int(round(self.box.w))), max(4, int(round(self.box.h)))
        self.template = _crop(_gray(frame), *self._center(), self.tw, self.th)

    def _center(self) -> tuple[float, float]:
        b = self.box
        return b.x + b.w / 2, b.y + b.h / 2

    def track(self, frame: np.ndarray) -> TrackOutput:
        img = _gray(frame)
        cx, cy = self._center()
        sw = max(self.tw + 2, int(round(self.tw * self.cfg.search_scale)))
        sh = max(self.th + 2, int(round(self.th * self.cfg.search_scale)))
        search = _crop(img, cx, cy, sw, sh)
        resp = cv2.matchTemplate(search, self.template, self.method)
        _, score, _, (px, py) = cv2.minMaxLoc(resp)
        # response (row i, col j) = template centred at search-window pixel (j + tw/2, i + th/2)
        x0, y0 = cx - sw / 2, cy - sh / 2
        ncx, ncy = x0 + px + self.tw / 2, y0 + py + self.th / 2
        self.box = Box(ncx - self.box.w / 2, ncy - self.box.h / 2, self.box.w, self.box.h)
        if score >= self.cfg.min_score and self.cfg.learning_rate > 0:
            patch = _crop(img, ncx, ncy, self.tw, self.th)
            self.template = (1 - self.cfg.learning_rate) * self.template + self.cfg.learning_rate * patch
        region = Box(x0 + self.tw / 2, y0 + self.th / 2, resp.shape[1], resp.shape[0])
        return TrackOutput(self.box, float(score), {"response": MapLayer(resp, region)})


def make_tracker(config, device: str) -> NCCTracker:
    """The factory: ``(config instance, device string) -> method``. ``device`` is "cpu" here because
    the plugin declares ``uses_torch=False``; a torch plugin gets "cuda" or "cpu" already resolved."""
    return NCCTracker(config)
