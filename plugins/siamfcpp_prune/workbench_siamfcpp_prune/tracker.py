"""The SiamFC++ tracking procedure (video_analyst's SiamFCppTracker, re-written): template kernels
computed once; per frame a search crop of side s_x around the last centre, the fused score
sigmoid(cls) x sigmoid(centre-ness), a scale / aspect-ratio change penalty, a cosine window, the best
cell's regressed box, and the size smoothed by test_lr. The fused map is published as ``response``
over the frame rectangle the score cells cover.
"""
from __future__ import annotations

import numpy as np
import torch

from workbench.core.boxes import Box, first_box, size_change_penalty, size_floor
from workbench.core.errors import WorkbenchError
from workbench.core.methods import MapLayer, TrackOutput
from workbench.core.preprocess import crop, crop_frame, frame_to_float
from workbench.core.training.pairs import context_size
from workbench_siamfcpp_prune.config import PSSiamFCppConfig, SiamFCppConfig
from workbench_siamfcpp_prune.model import TOTAL_STRIDE, SiamFCpp, score_geometry
from workbench_siamfcpp_prune.inputs import Z_SIZE, nchw, search_input
from workbench_siamfcpp_prune.runtime import make_search


# the crops are cut as for a box at least this many px a side: a 1 x 1 px box's search crop (2.4 x the context side,
# about 5 px) was smaller than the target's motion from frame to frame, and a 1 x 1 target moving ~1 px a frame was
# lost within a few frames on generated sequences (2 x 2: followed, mean IoU 0.83); the box itself is not grown
SMALLEST_CROP_SIDE = 2.0


class SiamFCppTracker:
    modalities = ("gray", "rgb", "ir16", "hsi")
    # a box the user gives (--init, the window's box) under 2 px a side is refused before it is made, as its Plugin
    # declares (smallest_user_box, config.SMALLEST_USER_SIDE); a groundtruth start is tracked whatever its size

    def __init__(self, model: SiamFCpp, config: SiamFCppConfig | None = None, device: str = "cpu",
                 name: str = "siamfcpp", device_path: bool | None = None):
        self.cfg = cfg = config or SiamFCppConfig()
        self.name = name
        self.device = device
        self.model = model.to(device).eval()
        if cfg.threads:
            torch.set_num_threads(int(cfg.threads))
        # the per-frame search branch: ONNX Runtime on the CPU by default (runtime.py), else eager
        self.search = make_search(self.model, cfg.backend, device, cfg.x_size, cfg.threads)
        self.backend = self.search.name
        self.score_size, self.offset = score_geometry(cfg.x_size, Z_SIZE, model.num_conv3x3)
        if self.score_size < 1:
            raise WorkbenchError(f"x_size {cfg.x_size} is too small for a score map")
        han = np.hanning(self.score_size + 2)[1:-1] if self.score_size > 1 else np.ones(1)
        self.window = np.outer(han, han).astype(np.float32)
        self.window /= self.window.max()  # peak 1: the form the penalty blend uses
        loc = self.offset + TOTAL_STRIDE * np.arange(self.score_size, dtype=np.float32)
        self.loc_x, self.loc_y = np.meshgrid(loc, loc)
        # the per-frame crop / normalisation / score decoding on the device (device_path.py): by default
        # on CUDA only; ``device_path`` (constructor) overrides the setting, True / False
        mode = getattr(cfg, "device_path", "auto") if device_path is None else ("on" if device_path else "off")
        self.device_path = None
        if mode == "on" or (mode == "auto" and str(device).startswith("cuda")):
            from workbench_siamfcpp_prune.device_path import DevicePath

            self.device_path = DevicePath(self, graph=bool(getattr(cfg, "cuda_graph", True)))
        self.publish_maps = True  # False: no response map per frame (on the device path: not even copied back)

    # the input layouts live in inputs.py, which the back ends' int8 calibration shares
    _nchw = staticmethod(nchw)
    search_input = staticmethod(search_input)

    def _tensor(self, img: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(self._nchw(img)).to(self.device)

    def initialize(self, frame: np.ndarray, box: Box) -> None:
        first = first_box(box, self.name)
        x, y, w, h = first
        self.center = np.array([x + w / 2, y + h / 2])
        self.size = np.array([w, h])
        # the box never shrinks below min_size, nor does the floor grow a smaller first box (a 2 x 2 px target
        # was tracked as 6 x 6)
        self.floor = size_floor(self.cfg.min_size, first)
        img = frame_to_float(frame)  # grey frames stay one channel until cropped
        self.fill = img.reshape(-1, img.shape[2]).mean(0) if img.ndim == 3 else float(img.mean())
        self.kernels = self._kernels_at(img)
        self.search.prepare(1 if img.ndim == 2 else 3)  # export / calibrate for this modality now
        if self.device_path is not None:
            self.device_path.set_target(self.kernels, self.fill)

    def _context_side(self) -> float:
        """The template crop's side in frame pixels: the context about the box, the box taken as at least
        ``SMALLEST_CROP_SIDE`` px a side (a groundtruth start on a 1 x 1 px target: the crop of a 2 x 2 px one)."""
        w, h = np.maximum(self.size, SMALLEST_CROP_SIDE)
        return context_size(w, h, self.cfg.context)

    def _kernels_at(self, img: np.ndarray):
        """The template branch's kernels of the crop around the current box (``img``: ``frame_to_float``)."""
        sz = self._context_side()
        z = crop(img, self.center[0], self.center[1], sz, Z_SIZE, self.fill)
        with torch.inference_mode():
            return self.model.template_kernels(self._tensor(z))

    def _update_template(self, frame: np.ndarray, score: float) -> None:
        """``template_lr`` > 0: after a frame scored at least ``template_min_score``, blend the kernels of a
        template crop at the new box into the current ones (a running average; the paper keeps the first)."""
        g = float(getattr(self.cfg, "template_lr", 0.0) or 0.0)
        if g <= 0 or not score >= float(getattr(self.cfg, "template_min_score", 0.5)):
            return
        new = self._kernels_at(frame_to_float(frame))
        with torch.inference_mode():
            self.kernels = tuple(k * (1 - g) + n * g for k, n in zip(self.kernels, new))
        if self.device_path is not None:
            self.device_path.set_target(self.kernels, self.fill)

    def track(self, frame: np.ndarray) -> TrackOutput:
        if self.device_path is not None:
            return self._track_device(frame)
        cfg = self.cfg
        H, W = np.shape(frame)[:2]
        s_z = self._context_side()
        scale = Z_SIZE / s_z  # crop pixels per frame pixel
        s_x = s_z * cfg.x_size / Z_SIZE
        xc = crop_frame(frame, self.center[0], self.center[1], s_x, cfg.x_size, self.fill)
        cls, ctr, off = self.search(self.kernels, self.search_input(xc))
        # weights that diverged in training overflow the box head's exp (inf offsets: every box NaN, and the run
        # stopped in the next frame's crop with "cannot convert float NaN to integer"): distances past a few
        # crops mean nothing, so they are bounded, and cells without a number never win
        off = np.clip(np.nan_to_num(off, nan=0.0, posinf=OFFSET_CAP * cfg.x_size), 0.0, OFFSET_CAP * cfg.x_size)
        score = np.nan_to_num(_sigmoid(cls) * _sigmoid(ctr), nan=0.0)
        # boxes of every cell, crop pixels: (x0, y0, x1, y1)
        x0, y0 = self.loc_x - off[0], self.loc_y - off[1]
        x1, y1 = self.loc_x + off[2], self.loc_y + off[3]
        bw, bh = np.maximum(x1 - x0, 1e-3), np.maximum(y1 - y0, 1e-3)
        tw, th = self.size * scale
        penalty = size_change_penalty(bw, bh, tw, th, cfg.penalty_k)
        pscore = penalty * score
        pscore = pscore * (1 - cfg.window_influence) + self.window * cfg.window_influence
        best = np.unravel_index(int(np.argmax(pscore)), pscore.shape)
        half = (cfg.x_size - 1) / 2.0
        out = self._finish(H, W, scale, (x0[best] + x1[best]) / 2 - half, (y0[best] + y1[best]) / 2 - half,
                           bw[best], bh[best], penalty[best] * score[best], score[best],
                           score.astype(np.float32) if self.publish_maps else None)
        self._update_template(frame, out.score)
        return out

    def _finish(self, H, W, scale, dx, dy, bw, bh, ps, best_score, score_map) -> TrackOutput:
        """The new box from the best cell: its centre's offset from the crop centre (dx, dy), its size
        (bw, bh), all in crop pixels, and its penalised score ``ps`` (the size smoothing weight)."""
        cfg = self.cfg
        if not np.isfinite([dx, dy, bw, bh, ps, best_score]).all():  # no usable box this frame: keep the last one
            dx = dy = 0.0
            bw, bh = self.size * scale
            ps = best_score = 0.0
            score_map = None if score_map is None else np.nan_to_num(score_map, nan=0.0)
        lr = float(ps * cfg.test_lr)
        # back to frame pixels: crop pixel u -> centre + (u - (x_size - 1) / 2) / scale
        half = (cfg.x_size - 1) / 2.0
        ccx, ccy = self.center  # this frame's crop centre
        cx = ccx + dx / scale
        cy = ccy + dy / scale
        w = self.size[0] * (1 - lr) + bw / scale * lr
        h = self.size[1] * (1 - lr) + bh / scale * lr
        self.center = np.array([min(max(cx, 0.0), W), min(max(cy, 0.0), H)])
        self.size = np.array([min(max(w, self.floor[0]), W), min(max(h, self.floor[1]), H)])
        box = Box.from_center(self.center[0], self.center[1], self.size[0], self.size[1])
        if score_map is None:
            return TrackOutput(box, float(best_score))
        # the map's cells are TOTAL_STRIDE crop pixels wide, centred on their locations
        cell = TOTAL_STRIDE / scale
        o = (self.offset - TOTAL_STRIDE / 2 - half) / scale
        region = Box(ccx + o, ccy + o, self.score_size * cell, self.score_size * cell)
        return TrackOutput(box, float(best_score), {"response": MapLayer(score_map, region)})

    def _track_device(self, frame: np.ndarray) -> TrackOutput:
        """``track`` with the crop, the network and the score decoding on the device (device_path.py)."""
        cfg = self.cfg
        H, W = np.shape(frame)[:2]
        s_z = self._context_side()
        scale = Z_SIZE / s_z
        s_x = s_z * cfg.x_size / Z_SIZE
        tw, th = self.size * scale
        res, score_map = self.device_path.run(frame, float(self.center[0]), float(self.center[1]), float(s_x),
                                              float(tw), float(th), self.publish_maps)
        dx, dy, bw, bh, ps, best_score = (float(v) for v in res)
        out = self._finish(H, W, scale, dx, dy, bw, bh, ps, best_score, score_map)
        self._update_template(frame, out.score)
        return out


OFFSET_CAP = 4.0  # box-head distances are bounded to this many search crops (a trained net predicts < 1)


def _sigmoid(v: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(v, -60.0, 60.0)))


def _resources():
    from workbench_siamfcpp_prune import BASE_WEIGHTS, PRUNED_WEIGHTS, RANKS, weights_dir

    d = weights_dir()
    return d / BASE_WEIGHTS, d / PRUNED_WEIGHTS, d / RANKS


def load_base(weights: str = ""):
    """The unpruned model: the shipped weights, a file, or 'random'."""
    from workbench_siamfcpp_prune.checkpoint import load_model

    if weights == "random":
        torch.manual_seed(0)
        return SiamFCpp()
    path = weights or str(_resources()[0])
    return load_model(path)[0]


def load_pruned(cfg: PSSiamFCppConfig):
    """The pruned model: a weights file, the shipped finetuned one (default ratio, scope and alignment), or the
    base model pruned on the fly at ``cfg.ratio`` by the stored HRank ranks."""
    from workbench_siamfcpp_prune.hrank import load_ranks
    from workbench_siamfcpp_prune.surgery import DEFAULT_ALIGN, DEFAULT_SCOPE, prune
    from workbench_siamfcpp_prune.checkpoint import load_model

    base_w, pruned_w, ranks_p = _resources()
    if cfg.weights and cfg.weights != "random":
        return load_model(cfg.weights)[0]
    if (not cfg.weights and abs(cfg.ratio - 0.4) < 1e-9 and cfg.scope == DEFAULT_SCOPE and cfg.align == DEFAULT_ALIGN
            and pruned_w.is_file()):
        return load_model(pruned_w)[0]
    base = load_base(cfg.weights)
    if cfg.weights == "random":  # no stored ranks fit random weights: rank by filter index
        ranks = {n: -np.arange(m.conv.out_channels, dtype=float) for n, m in base.named_modules()
                 if hasattr(m, "conv") and hasattr(m, "bn")}
    else:
        ranks = load_ranks(ranks_p)[0]
    return prune(base, ranks, cfg.ratio, cfg.scope, cfg.align)


def make_siamfcpp(config: SiamFCppConfig | None, device: str = "cpu") -> SiamFCppTracker:
    cfg = config or SiamFCppConfig()
    return SiamFCppTracker(load_base(cfg.weights), cfg, device, "siamfcpp")


def make_ps_siamfcpp(config: PSSiamFCppConfig | None, device: str = "cpu") -> SiamFCppTracker:
    cfg = config or PSSiamFCppConfig()
    return SiamFCppTracker(load_pruned(cfg), cfg, device, "ps_siamfcpp")
