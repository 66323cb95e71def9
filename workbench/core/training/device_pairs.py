"""The training corpus's pairs built in batches on a torch device (the GPU when there is one).

``CorpusSampler`` (corpus.py) cuts one pair at a time with OpenCV on the CPU: about a hundred pairs a
second per core, far below what a GPU trains on. ``DevicePairSampler`` makes the same pairs (temporal
pairs of labelled videos, self-supervised pairs of any image, the same geometry and augmentation
ranges, the same source weights) in batches on the device:

* every usable frame of every source is decoded once (``frame_to_rgb``, uint8), downscaled to
  ``max_side`` and kept on the device; frames of an image set are placed on one canvas per source,
  filled with each image's mean colour (the crop fill of SiamFC), so they stack;
* the host draws, with the seeded NumPy generator, only what is cheap: sources, frames, boxes, the
  2x3 crop (and self-supervised affine) matrices and the augmentation parameters; the object-like
  region of a self-supervised pair is chosen from small precomputed integral images;
* the device cuts all crops with one ``affine_grid`` / ``grid_sample`` per source present in the
  batch and applies gain, gamma, contrast, blur (a grouped separable convolution), noise, thermal
  polarity and gray conversion to the whole batch.

    dev = DevicePairSampler(corpus.sampler(PairConfig(x_size=255)), device="cuda")
    z, x, boxes = dev.batch(256, rng)        # (B,3,z,z), (B,3,x,x) float 0..1 on the device; (B,4) x0,y0,x1,y1

The same seed gives the same frames, boxes and parameters on every device; only the sensor noise
comes from the device's generator (seeded from the same NumPy generator), so curves agree to within
noise. Box labels follow ``box_to_crop`` / ``map_box`` exactly (the boxes are scaled with the frames).
"""
from __future__ import annotations

import math

import cv2
import numpy as np

from workbench.core.errors import WorkbenchError
from workbench.core.sizes import size_text
from workbench.core.training.corpus import (RegionScorer, _stderr, compose, crop_matrix, map_box, self_geometry,
                                           target_region, temporal_geometry)
from workbench.core.training.pack import read_downscaled


def _theta(m: np.ndarray, out: int, W: int, H: int) -> np.ndarray:
    """``affine_grid``'s matrix (output normalised -> input normalised, align_corners False) for a
    2x3 frame-pixel -> crop-pixel matrix ``m`` (pixel centres at integers, as OpenCV's warpAffine)."""
    M = np.vstack([m, [0.0, 0.0, 1.0]])
    P_out = np.array([[out / 2.0, 0, (out - 1) / 2.0], [0, out / 2.0, (out - 1) / 2.0], [0, 0, 1.0]])
    N_in = np.array([[2.0 / W, 0, 1.0 / W - 1.0], [0, 2.0 / H, 1.0 / H - 1.0], [0, 0, 1.0]])
    return (N_in @ np.linalg.inv(M) @ P_out)[:2]


def _grey_mean(img: np.ndarray) -> np.ndarray:
    """``img.mean(2)`` of a uint8 RGB image, bit for bit (exact channel sums, one division), 9x faster."""
    g = img[..., 0].astype(np.float64)
    g += img[..., 1]
    g += img[..., 2]
    g /= 3
    return g


class DevicePairSampler:
    """Batches of (template, search, box) on ``device``; see the module doc."""

    tensors = True  # ``batch`` returns device tensors (NCHW, 0..1), not NumPy arrays

    def __init__(self, sampler, device: str = "cpu", max_side: int = 512, log=None):
        import torch

        self.base, self.cfg, self.aug = sampler, sampler.cfg, sampler.aug
        self.device = torch.device(device)
        self.weights = np.asarray(sampler.weights, np.float64)
        self.self_prob = float(sampler.corpus.cfg.self_prob)
        self.augment_temporal = bool(sampler.corpus.cfg.augment_temporal)
        self.sources = []
        self.frames, self.means, self.boxes, self.sizes, self.regions, self.temporal_ok = [], [], [], [], [], []
        total, kept, first_error = 0, [], None
        for si, s in enumerate(sampler.sources):
            try:
                imgs, sizes, scales = read_downscaled(s, max_side)
            except (WorkbenchError, OSError) as exc:  # one corrupt file of a big folder must not end the training
                first_error = first_error or exc
                (log or _stderr)(f"device pairs: skipped {s.name}: {exc}")
                continue
            kept.append(si)
            self.sources.append(s)
            Hc, Wc = max(z[0] for z in sizes), max(z[1] for z in sizes)
            canvas = np.empty((len(imgs), Hc, Wc, 3), np.uint8)
            means = np.empty((len(imgs), 3), np.float32)
            for j, img in enumerate(imgs):  # the exact sums, then the mean: numpy's mean over an axis is 100x slower
                means[j] = np.asarray(cv2.sumElems(img)[:3], np.float64) / (img.shape[0] * img.shape[1])
                canvas[j] = np.round(means[j]).astype(np.uint8)
                canvas[j, :img.shape[0], :img.shape[1]] = img
            gt = s.sequence.groundtruth
            boxes = np.full((len(imgs), 4), np.nan, np.float64)
            if gt is not None:
                for j in range(min(len(gt), len(imgs))):
                    kx, ky = scales[j]
                    x, y, bw, bh = gt[j]
                    boxes[j] = ((x + 0.5) * kx - 0.5, (y + 0.5) * ky - 0.5, bw * kx, bh * ky)
            temporal_ok = s.temporal and gt is not None and s.kind != "unlabelled" and len(s.valid) >= 2
            needs_self = not temporal_ok or (s.kind == "labelled" and self.self_prob > 0)
            self.regions.append([RegionScorer(_grey_mean(im), 128) for im in imgs] if needs_self else None)
            self.frames.append(torch.from_numpy(canvas).permute(0, 3, 1, 2).contiguous().to(self.device))
            self.means.append(torch.from_numpy(means).to(self.device))
            self.boxes.append(boxes)
            self.sizes.append(np.asarray(sizes, np.float64))
            self.temporal_ok.append(temporal_ok)
            total += canvas.nbytes
        if not self.sources:
            raise first_error
        if len(kept) < len(sampler.sources):  # the skipped sources' share goes to the others
            self.weights = self.weights[kept] / self.weights[kept].sum()
        self.bytes = total
        if log:
            log(f"device pairs: {len(self.sources)} sources, {sum(len(f) for f in self.frames)} frames "
                f"({size_text(total)} uint8) on {self.device}")

    def __len__(self) -> int:
        return len(self.base)

    # --- host side: what to cut and how ---------------------------------------------------------
    def _plan(self, n: int, rng: np.random.Generator) -> dict:
        c, a = self.cfg, self.aug
        src = rng.choice(len(self.sources), size=n, p=self.weights)
        fz, fx = np.zeros(n, np.int64), np.zeros(n, np.int64)
        mz, mx = np.zeros((n, 2, 3)), np.zeros((n, 2, 3))
        boxes = np.zeros((n, 4), np.float32)
        photo = np.zeros(n, bool)
        for b in range(n):
            si = int(src[b])
            s = self.sources[si]
            gt = self.boxes[si]
            temporal = self.temporal_ok[si] and not (s.kind == "labelled" and rng.random() < self.self_prob)
            if temporal:  # the same geometry as the host's pairs (corpus.temporal_geometry), the same draws
                fa, fb, (zx, zy, sz), (cx, cy, side) = temporal_geometry(rng, s.valid, gt, c)
                mz[b] = crop_matrix(zx, zy, sz, c.z_size)
                mx[b] = crop_matrix(cx, cy, side, c.x_size)
                boxes[b] = map_box(mx[b], gt[fb])
                fz[b], fx[b] = fa, fb
                photo[b] = self.augment_temporal
                continue
            f = int(s.valid[int(rng.integers(len(s.valid)))])
            region = target_region(gt, f, s.kind, c.min_size)
            if region is None:
                H, W = self.sizes[si][f]
                region = self.regions[si][f].pick(rng, W, H, a)
            (zx, zy, sz), t, (cx, cy, side) = self_geometry(rng, region, c, a)
            mz[b] = crop_matrix(zx, zy, sz, c.z_size)
            mx[b] = compose(crop_matrix(cx, cy, side, c.x_size), t)
            boxes[b] = map_box(mx[b], region)
            fz[b] = fx[b] = f
            photo[b] = True
        # augmentation parameters, drawn for every pair (used where the flags say)
        p = {
            "src": src, "fz": fz, "fx": fx, "mz": mz, "mx": mx, "boxes": boxes, "photo": photo,
            "gain": rng.uniform(*a.gain, n), "gamma": np.exp(rng.uniform(-a.gamma, a.gamma, n)),
            "contrast": rng.uniform(*a.contrast, n),
            "blur": np.where(rng.random(n) < a.blur_prob, rng.uniform(0.3, max(a.blur_sigma, 0.31), n), 0.0)
            if a.blur_prob else np.zeros(n),
            "noise": np.where(rng.random(n) < a.noise_prob, rng.uniform(0, a.noise_sigma, n), 0.0)
            if a.noise_prob else np.zeros(n),
            "invert": rng.random(n) < a.invert_prob if a.invert_prob else np.zeros(n, bool),
            "gray": rng.random(n) < c.gray_prob if c.gray_prob else np.zeros(n, bool),
            "noise_seed": int(rng.integers(2 ** 62)),
        }
        return p

    # --- device side ----------------------------------------------------------------------------
    def _cut(self, frame_idx: np.ndarray, mats: np.ndarray, src: np.ndarray, out: int):
        import torch
        import torch.nn.functional as F

        n = len(src)
        res = torch.empty((n, 3, out, out), dtype=torch.float32, device=self.device)
        for si in np.unique(src):
            sel = np.flatnonzero(src == si)
            frames = self.frames[si]
            H, W = frames.shape[2], frames.shape[3]
            idx = torch.as_tensor(frame_idx[sel], device=self.device)
            mean = self.means[si][idx][:, :, None, None]
            f = frames[idx].float() - mean
            theta = torch.as_tensor(np.stack([_theta(mats[k], out, W, H) for k in sel]), dtype=torch.float32,
                                    device=self.device)
            grid = F.affine_grid(theta, [len(sel), 3, out, out], align_corners=False)
            res[torch.as_tensor(sel, device=self.device)] = \
                F.grid_sample(f, grid, mode="bilinear", padding_mode="zeros", align_corners=False) + mean
        return res

    def _photometric(self, x, p):
        import torch
        import torch.nn.functional as F

        dev = self.device
        on = torch.as_tensor(p["photo"], device=dev)[:, None, None, None]
        t = lambda k: torch.as_tensor(p[k], dtype=torch.float32, device=dev)[:, None, None, None]  # noqa: E731
        v = x * t("gain")
        v = 255.0 * torch.pow(v.clamp(0, 255) / 255.0, t("gamma"))
        m = v.mean(dim=(1, 2, 3), keepdim=True)
        v = (v - m) * t("contrast") + m
        sig = np.where(p["photo"], p["blur"], 0.0)
        if np.any(sig > 0):
            r = int(math.ceil(3 * max(self.aug.blur_sigma, 0.31)))
            u = np.arange(-r, r + 1, dtype=np.float64)
            ker = np.zeros((len(sig), 2 * r + 1))
            ker[:, r] = 1.0
            for i in np.flatnonzero(sig > 0):
                g = np.exp(-0.5 * (u / sig[i]) ** 2)
                ker[i] = g / g.sum()
            B, C, H, W = v.shape
            w = torch.as_tensor(np.repeat(ker, C, axis=0), dtype=torch.float32, device=dev)
            y = F.pad(v.reshape(1, B * C, H, W), (r, r, r, r), mode="reflect")
            y = F.conv2d(y, w[:, None, None, :], groups=B * C)
            v = F.conv2d(y, w[:, None, :, None], groups=B * C).reshape(B, C, H, W)
        if np.any(p["noise"] > 0):
            gen = torch.Generator(device=dev)
            gen.manual_seed(p["noise_seed"])
            v = v + torch.randn(v.shape, generator=gen, device=dev) * t("noise")
        v = v.clamp(0, 255)
        return torch.where(on, v, x)

    def batch(self, n: int, rng: np.random.Generator):
        import torch

        p = self._plan(n, rng)
        z = self._cut(p["fz"], p["mz"], p["src"], self.cfg.z_size)
        x = self._cut(p["fx"], p["mx"], p["src"], self.cfg.x_size)
        x = self._photometric(x, p)
        inv = torch.as_tensor(p["invert"], device=self.device)[:, None, None, None]
        z = torch.where(inv, 255.0 - z, z)
        x = torch.where(inv, 255.0 - x, x)
        gray = torch.as_tensor(p["gray"], device=self.device)[:, None, None, None]
        z = torch.where(gray, z.mean(1, keepdim=True).expand_as(z), z)
        x = torch.where(gray, x.mean(1, keepdim=True).expand_as(x), x)
        z = z.clamp_(0, 255).div_(255.0)
        x = x.clamp_(0, 255).div_(255.0)
        return z, x, torch.as_tensor(p["boxes"], device=self.device)


def device_sampler(sampler, device: str, max_side: int = 512, log=None):
    """A ``DevicePairSampler`` over ``sampler``'s sources, or a clear error when it cannot be built."""
    try:
        return DevicePairSampler(sampler, device, max_side, log)
    except RuntimeError as exc:  # e.g. CUDA out of memory while caching the frames
        raise WorkbenchError(f"could not cache the training corpus on {device}: {str(exc).splitlines()[0]}") from None


__all__ = ["DevicePairSampler", "device_sampler"]
