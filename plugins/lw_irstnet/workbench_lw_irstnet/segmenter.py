"""The LW-IRSTNet ``Segmenter``: native-dtype frame in (8- or 16-bit, gray / RGB / RGBA), saliency,
mask and clustered targets out. The raw logits of the last frame are kept so that the threshold and
the feature filter can be changed without running the network again (``refilter``)."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from workbench.core.data.sirst import to_input
from workbench.core.errors import WorkbenchError
from workbench.core.methods import MapLayer, SegOutput
from workbench_lw_irstnet.model import STRIDE, LWIRSTNet
from workbench_lw_irstnet.postprocess import Components, cluster, filter_indices


def pad_chw(x: np.ndarray, multiple: int = STRIDE) -> tuple[np.ndarray, tuple[int, int]]:
    """Zero-pad (C, H, W) at the bottom / right to multiples of ``multiple``; returns (padded, (H, W)).
    Zero is the dataset mean after standardization, so padding looks like flat background."""
    c, h, w = x.shape
    hp, wp = -(-h // multiple) * multiple, -(-w // multiple) * multiple
    if (hp, wp) == (h, w):
        return x, (h, w)
    out = np.zeros((c, hp, wp), np.float32)
    out[:, :h, :w] = x
    return out, (h, w)


# test-time augmentation: the flips (tensor dims of N, C, H, W) whose logits are averaged
TTA_FLIPS = {"none": ((),), "flip": ((), (3,)), "flip4": ((), (3,), (2,), (2, 3))}


def tta_forward(model, x, tta: str = "none"):
    """(N, C, H, W) tensor -> (N, H, W) logits, averaged over the flips of ``tta`` (one network call:
    the flipped copies go in the same batch, each flipped back before the mean)."""
    import torch

    flips = TTA_FLIPS.get(tta)
    if flips is None:
        raise WorkbenchError(f"tta must be one of {', '.join(TTA_FLIPS)}, got {tta!r}")
    if len(flips) == 1:
        return model(x)[:, 0]
    n = x.shape[0]
    y = model(torch.cat([torch.flip(x, f) if f else x for f in flips]))
    parts = [torch.flip(y[k * n:(k + 1) * n], f) if f else y[k * n:(k + 1) * n] for k, f in enumerate(flips)]
    return torch.stack(parts).mean(0)[:, 0]


def model_logits(model, chw: np.ndarray, device: str = "cpu") -> np.ndarray:
    """(C, H, W) standardized input -> (H, W) float32 logits of the network alone (padding to a multiple
    of 8 inside): what training validates."""
    import torch

    x, (h, w) = pad_chw(chw)
    with torch.inference_mode():
        y = model(torch.from_numpy(x)[None].to(device))
    return y[0, 0, :h, :w].float().cpu().numpy()


def load_model(weights: str | Path | None, device: str = "cpu") -> LWIRSTNet:
    from workbench.core.training.checkpoints import load_weights

    model = LWIRSTNet()
    if weights:
        p = Path(weights)
        if p.is_dir():  # a training's --out folder: was said as "weights file not found"
            inside = next((p / n for n in ("best_weights.pt", "final_weights.pt", "ema_weights.pt")
                           if (p / n).is_file()), None)
            raise WorkbenchError(f"{p}: is a folder; give a weights file"
                                 + (f", e.g. {inside}" if inside is not None else ""))
        if not p.is_file():
            raise WorkbenchError(f"{p}: LW-IRSTNet weights file not found (train with `workbench train lw_irstnet` "
                                 "or point the 'weights' setting at a file)")
        load_weights(p, model)
    return model.to(device).eval()


class LWIRSTNetSegmenter:
    name = "lw_irstnet"
    modalities = ("gray", "rgb", "ir16")

    def __init__(self, config, device: str = "cpu", model: LWIRSTNet | None = None):
        from workbench_lw_irstnet import LWIRSTNetConfig

        self.config = config if config is not None else LWIRSTNetConfig()
        self.device = device
        self.model = model.to(device).eval() if model is not None else load_model(self.config.weights, device)
        self.last_logits: np.ndarray | None = None
        self.last_saliency: np.ndarray | None = None
        self.last_components: Components | None = None

    def logits(self, frame: np.ndarray) -> np.ndarray:
        """(H, W) float32 logits at the frame's size."""
        return self.batch_logits([frame])[0]

    def batch_logits(self, frames: list[np.ndarray]) -> list[np.ndarray]:
        """Each frame's (H, W) float32 logits at its size, with one network call per input size: the
        frame standardized, resized to ``input_size`` when set, padded to a multiple of 8 (the padding
        cut off again), the test-time flips averaged (``tta``)."""
        import torch

        size = int(self.config.input_size or 0)
        inputs, shapes = [], []
        for frame in frames:
            frame = np.asarray(frame)
            h, w = frame.shape[:2]
            x = to_input(frame, 3, self.config.invert)
            if size > 0 and (h, w) != (size, size):
                x = np.ascontiguousarray(cv2.resize(x.transpose(1, 2, 0), (size, size),
                                                    interpolation=cv2.INTER_LINEAR).transpose(2, 0, 1))
            xp, hw = pad_chw(x)
            inputs.append(xp)
            shapes.append(((h, w), hw))
        logits: list[np.ndarray | None] = [None] * len(frames)
        groups: dict[tuple, list[int]] = {}
        for k, x in enumerate(inputs):
            groups.setdefault(x.shape, []).append(k)
        with torch.inference_mode():
            for ks in groups.values():
                xb = torch.from_numpy(np.stack([inputs[k] for k in ks])).to(self.device)
                yb = tta_forward(self.model, xb, self._tta()).float().cpu().numpy()
                for j, k in enumerate(ks):
                    (h, w), (hh, ww) = shapes[k]
                    y = np.ascontiguousarray(yb[j, :hh, :ww])
                    logits[k] = cv2.resize(y, (w, h), interpolation=cv2.INTER_LINEAR) if (hh, ww) != (h, w) else y
        return logits

    def _tta(self) -> str:
        return str(getattr(self.config, "tta", "none") or "none")

    def predict(self, frame: np.ndarray) -> SegOutput:
        return self.predict_batch([frame])[0]

    def predict_batch(self, frames: list[np.ndarray]) -> list[SegOutput]:
        """``predict`` for many frames with one network call per input size (the GPU's way; the core's
        ``iter_segment(batch=N)`` uses it). The outputs equal ``predict``'s frame by frame (BatchNorm in
        eval mode, each frame padded to its own multiple of 8, padding cut off); the last frame's logits
        stay for ``refilter``."""
        logits = self.batch_logits(frames)
        outs = []
        for y in logits:
            self.last_logits = y
            self.last_saliency = (1.0 / (1.0 + np.exp(-np.clip(y, -60, 60)))).astype(np.float32)
            self.last_components = None
            outs.append(self.refilter())
        return outs

    def refilter(self, threshold: float | None = None, **bounds) -> SegOutput:
        """Threshold and filter the last frame's logits again; clustering reruns only when the threshold
        changes. ``bounds``: min_pixels, max_pixels, min_aspect, max_aspect (default: the config's)."""
        if self.last_logits is None:
            raise WorkbenchError("refilter needs a frame: call predict first")
        cfg = self.config
        if threshold is not None and threshold != cfg.threshold:
            cfg.threshold = float(threshold)
            self.last_components = None
        for k, v in bounds.items():
            setattr(cfg, k, v)
        logits = self.last_logits
        if self.last_components is None:
            self.last_components = cluster(logits > cfg.threshold, self.last_saliency)
        comps = self.last_components
        keep = filter_indices(comps.targets, cfg.min_pixels, cfg.max_pixels, cfg.min_aspect, cfg.max_aspect)
        targets = [comps.targets[i] for i in keep]  # score: peak probability inside the target
        return SegOutput(saliency=self.last_saliency, mask=comps.mask(keep), targets=targets,
                         maps={"logits": MapLayer(logits)})


def make_segmenter(config, device: str = "cpu") -> LWIRSTNetSegmenter:
    return LWIRSTNetSegmenter(config, device)
