"""The device path of the SiamFC++ trackers (``device_path`` setting; on by default on CUDA).

Per frame the frame goes to the tracker's device once, as decoded (8-bit grey or RGB, 16-bit grey; on
CUDA through a pinned staging buffer and an asynchronous copy), and everything after it runs there: the
16-bit stretch to 0..255 (its levels, percentiles of a 1/16 subsample, are taken on the host as the host
path takes them: ``preprocess.frame_to_float``), the search crop (one ``grid_sample``), the
normalisation to 0..1, the search branch, and the score decoding of ``tracker.py`` (sigmoids, the
scale / aspect-ratio change penalty, the cosine window, the argmax, the best cell's box and the
``test_lr`` smoothing weight). Six numbers come back per frame, plus the score
map in the same copy when the tracker publishes maps (``SiamFCppTracker.publish_maps``). The tracker
composes the new box from them on the host in float64, as the host path does.

Geometry, the host path's (``preprocess.crop``, grid ``pixel``): crop pixel u samples frame
x = cx + (u - (n - 1) / 2) * s_x / n, bilinear, with a constant border (the first frame's mean colour,
``fill``). Here the same x goes to ``grid_sample`` with ``align_corners=False`` (normalised
g = (2x + 1) / W - 1 samples pixel x exactly), applied to ``frame - fill`` with zero padding and ``fill``
added back: bilinear interpolation with a constant border of ``fill``. Measured against OpenCV's crop
of the same window: at most 5e-4 grey levels apart; boxes over 30 frames about 1e-5 px apart
(``tests/test_device_path.py``).

Other frames (float, 16-bit colour, hyperspectral cubes, RGBA) are converted on the host as the host
path does (``frame_to_float`` of the window's pixels only) and that region is
uploaded; the rest of the path is the same.

On the CPU (``device_path=on``; the host path is faster there: crop and decoding ~0.2-0.4 ms a frame
against ~0.6-1 ms, both small beside the network) the search branch is the tracker's back end, ONNX
Runtime included (the crop tensor passes to it as an array).

CUDA graph (``cuda_graph`` setting; CUDA, frames uploaded as they are): the whole per-frame work from the
uploaded frame to the result vector has fixed shapes for a given frame size, so it is captured once per
frame size and replayed; the per-frame inputs (frame, crop geometry) are copied into the
graph's static buffers and the template kernels / border fill into its own on ``initialize``. If the
capture fails the path warns once and runs the same kernels eagerly.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import torch
from torch.nn import functional as F

from workbench.core.preprocess import frame_to_float

N_OUT = 6  # crop-pixel centre offset x, y, box width, height, penalty x score, score at the best cell
MAX_GRAPHS = 4  # captured frame sizes kept


def native_frame(f: np.ndarray) -> bool:
    """A frame the device path uploads as it is: 8-bit grey or RGB (the host path only casts those) or
    16-bit grey (stretched on the device between levels taken on the host)."""
    grey = f.ndim == 2 or (f.ndim == 3 and f.shape[2] == 1)
    return (f.dtype == np.uint8 and (grey or (f.ndim == 3 and f.shape[2] == 3))) or (f.dtype == np.uint16 and grey)


def levels(f: np.ndarray) -> tuple[float, float]:
    """(lo, 255 / (hi - lo)) of ``frame_to_float``'s stretch for a 16-bit frame; (0, 1) otherwise (unused)."""
    if f.dtype != np.uint16:
        return 0.0, 1.0
    from workbench.core.preprocess import percentile_levels

    lo, hi = percentile_levels(f[::4, ::4], 0.5, 99.5, step=1)
    return float(lo), 255.0 / max(float(hi - lo), 1e-6)


def _device_layout(f: np.ndarray) -> np.ndarray:
    """The array uploaded: grey as (H, W); 16-bit as int16 (the same bits; torch's uint16 support is thin)."""
    if f.ndim == 3 and f.shape[2] == 1:
        f = f[:, :, 0]
    return f.view(np.int16) if f.dtype == np.uint16 else f


def window_region(H: int, W: int, cx: float, cy: float, side: float) -> tuple[int, int, int, int]:
    """The frame pixels a crop of ``side`` around (cx, cy) samples, as ``preprocess.crop_frame``."""
    r = side / 2.0 + 2.0
    x0, y0 = max(int(math.floor(cx - r)), 0), max(int(math.floor(cy - r)), 0)
    x1, y1 = min(int(math.ceil(cx + r)) + 1, W), min(int(math.ceil(cy + r)) + 1, H)
    if x1 <= x0 or y1 <= y0:
        x0, y0, x1, y1 = 0, 0, 1, 1
    return x0, y0, x1, y1


def geometry(cx: float, cy: float, s_x: float, n: int, w: int, h: int, tw: float, th: float,
             stretch: tuple[float, float] = (0.0, 1.0)) -> np.ndarray:
    """The per-frame inputs of ``DevicePath.pipeline`` (float32, 8): the crop's normalised sampling grid
    g = base * a + b on each axis (base: crop pixel - (n - 1) / 2) for a source of w x h pixels with the
    crop centre (cx, cy) in its pixels, the target's size measure and aspect ratio in crop pixels, and a
    16-bit source's stretch (``levels``)."""
    step = s_x / n
    q = (tw + th) * 0.5
    return np.array([2.0 * step / w, (2.0 * cx + 1.0) / w - 1.0, 2.0 * step / h, (2.0 * cy + 1.0) / h - 1.0,
                     math.sqrt((tw + q) * (th + q)), tw / th, stretch[0], stretch[1]], dtype=np.float32)


class DevicePath:
    """Crop, normalisation, search branch and score decoding on ``tracker.device``; see the module doc."""

    def __init__(self, tracker, graph: bool = True):
        t = self.t = tracker
        self.dev = torch.device(t.device)
        self.cuda = self.dev.type == "cuda"
        cfg = t.cfg
        n = self.n = int(cfg.x_size)
        self.base = torch.arange(n, dtype=torch.float32, device=self.dev) - (n - 1) / 2.0
        self.window = torch.from_numpy(np.ascontiguousarray(t.window, np.float32)).to(self.dev)
        self.loc_x = torch.from_numpy(np.ascontiguousarray(t.loc_x, np.float32)).to(self.dev)
        self.loc_y = torch.from_numpy(np.ascontiguousarray(t.loc_y, np.float32)).to(self.dev)
        self.half = (n - 1) / 2.0
        self.penalty_k = float(cfg.penalty_k)
        self.wi = float(cfg.window_influence)
        self.graph = bool(graph) and self.cuda
        self.graphs: dict[tuple, _Graph] = {}
        self.staging: dict[tuple, tuple[torch.Tensor, torch.Tensor]] = {}
        self.kernels = None
        self.fill = None

    # --- per target --------------------------------------------------------------------------------
    def set_target(self, kernels, fill) -> None:
        """The template branch's kernels (on the device) and the border fill (one value per channel)."""
        self.kernels = tuple(k.detach() for k in kernels)
        self.fill = torch.tensor(np.atleast_1d(np.asarray(fill, np.float64)), dtype=torch.float32,
                                 device=self.dev).view(1, -1, 1, 1)
        for key, g in list(self.graphs.items()):
            if g.fill.shape == self.fill.shape:
                g.load(self.kernels, self.fill)
            else:  # another channel count than this graph's frames: capture anew when such a frame comes
                del self.graphs[key]

    # --- the per-frame work on tensors -------------------------------------------------------------
    def pipeline(self, img: torch.Tensor, p: torch.Tensor, kernels, fill: torch.Tensor) -> torch.Tensor:
        """``img``: the source pixels on the device, (h, w) or (h, w, C): uint8 or float in 0..255, or
        16-bit grey as int16 (``_device_layout``); ``p``: ``geometry(...)`` on the device. Returns
        (N_OUT + S * S,) float32: the best cell's numbers then the fused score map."""
        x = img[None, None] if img.dim() == 2 else img.permute(2, 0, 1)[None]
        if x.dtype == torch.int16:  # 16-bit: frame_to_float's stretch, (v - lo) * 255 / (hi - lo) in 0..255
            x = (((x.to(torch.int32) & 0xFFFF).to(torch.float32) - p[6]) * p[7]).clamp_(0.0, 255.0)
        src = x - fill  # uint8 - float: float32, the border value moved to 0 for the zero padding
        n = self.n
        gx = self.base * p[0] + p[1]
        gy = self.base * p[2] + p[3]
        grid = torch.stack((gx[None, :].expand(n, n), gy[:, None].expand(n, n)), -1)[None]
        crop = F.grid_sample(src, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        xin = ((crop + fill) * (1 / 255.0)).contiguous()
        cls, ctr, off = self.t.search.forward_tensor(kernels, xin)
        score = torch.sigmoid(cls) * torch.sigmoid(ctr)
        x0, y0 = self.loc_x - off[0], self.loc_y - off[1]
        x1, y1 = self.loc_x + off[2], self.loc_y + off[3]
        bw, bh = (x1 - x0).clamp_min(1e-3), (y1 - y0).clamp_min(1e-3)

        def change(r):
            return torch.maximum(r, r.reciprocal())

        q = (bw + bh) * 0.5
        s_c = change(torch.sqrt((bw + q) * (bh + q)) / p[4])
        r_c = change(p[5] / (bw / bh))
        penalty = torch.exp((r_c * s_c - 1.0) * -self.penalty_k)
        ps = penalty * score
        pscore = ps * (1 - self.wi) + self.window * self.wi
        best = torch.argmax(pscore.reshape(-1)).view(1)
        vals = torch.stack(((x0 + x1) * 0.5 - self.half, (y0 + y1) * 0.5 - self.half, bw, bh, ps, score))
        picked = vals.reshape(N_OUT, -1).index_select(1, best).reshape(-1)
        return torch.cat((picked, score.reshape(-1)))

    # --- per frame ---------------------------------------------------------------------------------
    def run(self, frame: np.ndarray, cx: float, cy: float, s_x: float, tw: float, th: float, maps: bool):
        """(the N_OUT numbers as float64, the score map (S, S) float32 or None)."""
        f = np.asarray(frame)
        native = native_frame(f)
        k = None if maps else N_OUT
        stretch = levels(f) if native else (0.0, 1.0)
        if self.graph and native:
            g = self._graph_for(f)
            if g is not None:
                geom = geometry(cx, cy, s_x, self.n, f.shape[1], f.shape[0], tw, th, stretch)
                out = g.run(_device_layout(f), geom, k)
                return self._split(out)
        img, x0, y0 = self._upload(f, cx, cy, s_x, native)
        p = torch.from_numpy(geometry(cx - x0, cy - y0, s_x, self.n, img.shape[1], img.shape[0], tw, th, stretch))
        with torch.inference_mode():
            out = self.pipeline(img, p.to(self.dev, non_blocking=True), self.kernels, self.fill)
            out = out[:k].cpu().numpy()
        return self._split(out)

    def _split(self, out: np.ndarray):
        s = self.window.shape[0]
        score = out[N_OUT:].reshape(s, s).copy() if out.size > N_OUT else None
        return out[:N_OUT].astype(np.float64), score

    def _upload(self, f: np.ndarray, cx: float, cy: float, s_x: float, native: bool):
        """The window's source pixels on the device and their top-left corner in the frame."""
        H, W = f.shape[:2]
        x0, y0, x1, y1 = window_region(H, W, cx, cy, s_x)
        if not native:  # float, 16-bit colour, cubes: the host path's conversion of the window's pixels
            img = frame_to_float(f, region=(x0, y0, x1, y1))
            return torch.from_numpy(img).to(self.dev, non_blocking=True), x0, y0
        f = _device_layout(f)
        if not self.cuda:  # the CPU: the window's pixels, copied once (frames may be read-only)
            return torch.from_numpy(np.ascontiguousarray(f[y0:y1, x0:x1])), x0, y0
        key = (f.shape, f.dtype.str)
        buf = self.staging.get(key)
        if buf is None:
            if len(self.staging) >= MAX_GRAPHS:
                self.staging.clear()
            dt = torch.from_numpy(f[:1, :1]).dtype
            buf = self.staging[key] = (torch.empty(f.shape, dtype=dt, pin_memory=True),
                                       torch.empty(f.shape, dtype=dt, device=self.dev))
        host, dev = buf
        np.copyto(host.numpy(), f)  # the previous frame's copy finished: each frame ends with a sync
        dev.copy_(host, non_blocking=True)  # the whole frame, once
        return dev[y0:y1, x0:x1], x0, y0

    def _graph_for(self, f: np.ndarray):
        key = (f.shape, f.dtype.str)
        g = self.graphs.get(key)
        if g is None:
            if len(self.graphs) >= MAX_GRAPHS:
                self.graphs.clear()
            try:
                shape = f.shape if f.ndim == 2 or f.shape[2] != 1 else f.shape[:2]
                g = _Graph(self, _device_layout(f[:1, :1]).dtype, shape)
            except Exception as exc:  # noqa: BLE001 - any capture failure: eager kernels instead
                warnings.warn(f"SiamFC++ device path: CUDA graph capture failed ({type(exc).__name__}: {exc}); "
                              "running the same work without a graph")
                self.graph = False
                return None
            self.graphs[key] = g
        return g


class _Graph:
    """The device path's ``pipeline`` for one frame size, captured as a CUDA graph over static buffers.
    Off CUDA (tests only: ``DevicePath.graph`` set by hand) the same static buffers, whole-frame geometry
    and per-target ``load`` run with eager kernels, so the CPU tests exercise everything but the capture."""

    def __init__(self, path: DevicePath, dtype: np.dtype, shape: tuple[int, ...]):
        dev = self.dev = path.dev
        self.path = path
        self.cuda = path.cuda
        dt = torch.int16 if dtype == np.int16 else torch.uint8
        self.host = torch.empty(shape, dtype=dt, pin_memory=self.cuda)
        self.frame = torch.zeros(shape, dtype=dt, device=dev)
        self.p_host = torch.empty(8, dtype=torch.float32, pin_memory=self.cuda)
        self.p = torch.zeros(8, dtype=torch.float32, device=dev)
        self.p[0] = self.p[2] = 1e-3  # a harmless geometry for the warm-up runs
        self.p[4] = self.p[5] = self.p[7] = 1.0
        self.kernels = tuple(k.clone() for k in path.kernels)
        self.fill = path.fill.clone()
        self.g = None
        with torch.inference_mode():
            self.out = path.pipeline(self.frame, self.p, self.kernels, self.fill)
            if self.cuda:
                # cuDNN times its algorithms for these fixed shapes during the warm-up and the capture keeps
                # the fastest; the global flag is restored after
                bench = torch.backends.cudnn.benchmark
                torch.backends.cudnn.benchmark = True
                try:
                    side = torch.cuda.Stream(device=dev)
                    side.wait_stream(torch.cuda.current_stream(dev))
                    with torch.cuda.stream(side):  # warm-up off the capturing stream (algorithms, allocations)
                        for _ in range(3):
                            path.pipeline(self.frame, self.p, self.kernels, self.fill)
                    torch.cuda.current_stream(dev).wait_stream(side)
                    self.g = torch.cuda.CUDAGraph()
                    # thread_local: CUDA work of other threads (the window's) during the capture is no error
                    with torch.cuda.graph(self.g, capture_error_mode="thread_local"):
                        self.out = path.pipeline(self.frame, self.p, self.kernels, self.fill)
                finally:
                    torch.backends.cudnn.benchmark = bench
        self.out_host = torch.empty(self.out.shape, dtype=torch.float32, pin_memory=self.cuda)

    def load(self, kernels, fill) -> None:
        for s, k in zip(self.kernels, kernels):
            s.copy_(k)
        self.fill.copy_(fill.expand_as(self.fill))

    def run(self, f: np.ndarray, geom: np.ndarray, k: int | None) -> np.ndarray:
        np.copyto(self.host.numpy(), f.reshape(self.host.shape))
        self.p_host.numpy()[:] = geom
        self.frame.copy_(self.host, non_blocking=True)
        self.p.copy_(self.p_host, non_blocking=True)
        if self.g is not None:
            self.g.replay()
        else:
            with torch.inference_mode():
                self.out = self.path.pipeline(self.frame, self.p, self.kernels, self.fill)
        n = self.out.shape[0] if k is None else k
        self.out_host[:n].copy_(self.out[:n], non_blocking=True)
        if self.cuda:
            torch.cuda.current_stream(self.dev).synchronize()
        return self.out_host[:n].numpy().copy()
