"""Training augmentation of LW-IRSTNet, one geometry for two data paths.

Every sample's random draws come from one numpy generator in a fixed order (``draw``), so the CPU
path (``augment``: cv2 / numpy per image) and the device path (``DeviceBatches``: the images cached
on the device once, every batch warped by one ``grid_sample`` call) cut the same crops from the same
seed and differ only by interpolation at sub-pixel positions.

Geometry of one sample, as the CPU path applies it: scale by ``s`` (cv2 pixel-centre convention),
zero-pad to at least ``crop`` (zero is the standardized mean: flat background) at a random place,
optionally rotate about the crop centre (``rotate``), cut the crop, flip horizontally, optionally
flip vertically and transpose (``dihedral``). Photometric extras act on the standardized crop:
``contrast`` (gain about the crop mean), ``noise`` (Gaussian), ``polarity`` (negate: black-hot).
``paste`` (copy-paste) adds real targets of other training images (``TargetBank``: each labelled
component cut with its own point spread, its local background subtracted, its edge feathered) into the
crop at random places, before the photometric extras; the mask gets their pixels. The extras draw
random numbers only when switched on, so the default recipe's stream (scale, crop, horizontal flip) is
the one earlier runs used.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

# name -> what it does (the CLI lists these for --aug)
EXTRA_AUGS = {
    "dihedral": "vertical flip and transpose, each with probability 0.5 (with the horizontal flip: all 8 "
                "right-angle orientations)",
    "rotate": "rotation by a uniform angle in [-180, 180) degrees about the crop centre",
    "contrast": "contrast gain uniform in [0.6, 1.5] about the crop mean",
    "noise": "additive Gaussian noise, sigma uniform in [0, 0.1] (standardized units)",
    "polarity": "negate the standardized input with probability 0.2 (dark targets)",
    "paste": "with probability 0.5, one or two real targets of the other training images (their own shape "
             "and point spread, local background removed, gain uniform in [0.6, 1.4], a random right-angle "
             "turn and flip) added at random places where no target is; the mask gets their pixels",
}

PASTE_P = 0.5  # probability that a sample gets pasted targets
HARD_P = 0.5  # probability that a sample's crop is placed over one of its image's mined false alarms
MINE_EVERY = 5  # epochs between two minings
EXTRA_AUGS["hard"] = ("with probability 0.5, the crop is placed over a false alarm of the network being trained "
                      "(its predicted components that touch no target on that training image, mined again every "
                      f"{MINE_EVERY} epochs): the paper's iterative false-alarm mining")
PASTE_GAIN = (0.6, 1.4)


def check_augs(augs) -> tuple[str, ...]:
    from workbench.core.errors import WorkbenchError

    augs = tuple(augs or ())
    bad = [a for a in augs if a not in EXTRA_AUGS]
    if bad:
        raise WorkbenchError(f"unknown augmentation(s) {', '.join(bad)}; known: {', '.join(EXTRA_AUGS)}")
    return augs


@dataclass
class Params:
    """One sample's draws; sizes and offsets in pixels of the scaled, padded canvas."""
    s: float  # drawn scale (1.0 when scaling is off)
    nh: int  # scaled image height, width
    nw: int
    top: int  # padding before the scaled image
    left: int
    y0: int  # crop offset in the padded canvas
    x0: int
    hflip: bool
    vflip: bool = False
    transpose: bool = False
    angle: float = 0.0  # degrees
    gain: float = 1.0
    sigma: float = 0.0
    negate: bool = False
    noise: np.ndarray | None = None  # (crop, crop) standard normal draws when sigma > 0
    # pasted targets: (bank index, quarter turns, mirror, gain, y fraction, x fraction)
    pastes: tuple = ()


class TargetBank:
    """Real targets cut out of labelled training images for the ``paste`` augmentation.

    Each connected component of a mask (at most ``max_side`` pixels on a side) gives one entry: the
    standardized image around it (a margin of half its size, at least 2 px), minus the median of the
    pixels there that are not target (its local background, per channel), times a feathered copy of the
    component (dilated by one pixel, Gaussian sigma 1, so the pasted edge has the target's own fall-off
    and no seam), and the component's mask. Adding an entry to another image puts a target with its real
    contrast and point spread on that image's own background."""

    def __init__(self, xs, ms, max_side: int = 48, owners=None):
        self.adds: list[np.ndarray] = []  # (C, h, w) float32 contrast to add
        self.masks: list[np.ndarray] = []  # (h, w) bool
        self.owner: list[int] = []  # index of the image it came from
        for i, (x, m) in enumerate(zip(xs, ms)):
            m8 = np.asarray(m, np.uint8)
            if not m8.any():
                continue
            n, lab, stats, _ = cv2.connectedComponentsWithStats(m8, connectivity=8)
            hgt, wid = m8.shape
            for c in range(1, n):
                x0, y0, w, h = (int(v) for v in stats[c, :4])
                if max(w, h) > max_side:
                    continue
                g = max(2, (max(w, h) + 1) // 2)
                ya, yb, xa, xb = max(0, y0 - g), min(hgt, y0 + h + g), max(0, x0 - g), min(wid, x0 + w + g)
                comp = (lab[ya:yb, xa:xb] == c)
                patch = np.asarray(x[:, ya:yb, xa:xb], np.float32)
                rest = ~cv2.dilate(m8[ya:yb, xa:xb], np.ones((3, 3), np.uint8)).astype(bool)
                bg = (np.median(patch[:, rest], axis=1) if rest.sum() >= 4
                      else np.median(patch.reshape(patch.shape[0], -1), axis=1))
                feather = cv2.GaussianBlur(cv2.dilate(comp.astype(np.float32), np.ones((3, 3), np.uint8)),
                                           (0, 0), 1.0)
                feather = np.maximum(feather, comp.astype(np.float32))
                self.adds.append(((patch - bg[:, None, None]) * feather[None]).astype(np.float32))
                self.masks.append(comp)
                self.owner.append(i if owners is None else owners[i])

    def __len__(self) -> int:
        return len(self.adds)

    def layers(self, pastes, crop: int, present: np.ndarray | None = None):
        """(add (C, crop, crop) float32, mask (crop, crop) bool) for one sample's ``pastes``; a paste whose
        dilated footprint would touch ``present`` (the crop's own target pixels) or an earlier paste is
        left out, so no label is merged or half-covered."""
        c = self.adds[0].shape[0]
        add = np.zeros((c, crop, crop), np.float32)
        mask = np.zeros((crop, crop), bool)
        taken = np.zeros((crop, crop), bool) if present is None else np.asarray(present, bool).copy()
        for idx, k, mirror, gain, fy, fx in pastes:
            a, m = self.adds[idx], self.masks[idx]
            if k:
                a, m = np.rot90(a, k, axes=(1, 2)), np.rot90(m, k)
            if mirror:
                a, m = a[:, :, ::-1], m[:, ::-1]
            h, w = m.shape
            if h > crop or w > crop:
                continue
            y, x = int(fy * (crop - h + 1)), int(fx * (crop - w + 1))
            if taken[max(0, y - 2):y + h + 2, max(0, x - 2):x + w + 2].any():
                continue
            add[:, y:y + h, x:x + w] += gain * a
            mask[y:y + h, x:x + w] |= m
            taken[y:y + h, x:x + w] |= m
        return add, mask


def draw(rng: np.random.Generator, h: int, w: int, crop: int, scale, flip: bool, augs=(), bank_size: int = 0,
         owner: int | None = None, owners=None, hard=None, background: bool = False) -> Params:
    """The random draws for one (h, w) image, in the order the CPU path always used. ``bank_size``: the
    ``TargetBank``'s length (``paste``); entries whose ``owners`` is this image's ``owner`` are redrawn
    once (a target pasted into its own image would repeat a scene). ``hard``: (K, 2) image points (y, x)
    of this image's mined false alarms (``hard``), one of which the crop then covers with ``HARD_P``.
    ``background``: a target-free frame of another recording (``--backgrounds``): it always gets pasted
    targets (the draw is the same, its threshold 1), since an empty mask lets the per-crop SoftIoU reward
    predicting nothing (a cross-validation fold collapsed so)."""
    s = float(rng.uniform(*scale)) if scale else 1.0
    nh, nw = (max(1, int(round(h * s))), max(1, int(round(w * s)))) if abs(s - 1.0) > 1e-3 else (h, w)
    ph, pw = max(crop - nh, 0), max(crop - nw, 0)
    top = left = 0
    if ph or pw:
        top, left = int(rng.integers(0, ph + 1)), int(rng.integers(0, pw + 1))
    ch, cw = nh + ph, nw + pw
    y0, x0 = int(rng.integers(0, ch - crop + 1)), int(rng.integers(0, cw - crop + 1))
    if "hard" in augs and hard is not None and len(hard) and rng.random() < HARD_P:
        py, px = np.asarray(hard[int(rng.integers(len(hard)))], np.float64) * (nh / h, nw / w) + (top, left)
        m = crop // 8  # the false alarm anywhere in the crop but its outer eighth
        y0 = int(np.clip(py - rng.integers(m, crop - m), 0, ch - crop))
        x0 = int(np.clip(px - rng.integers(m, crop - m), 0, cw - crop))
    p = Params(s, nh, nw, top, left, y0, x0, bool(flip and rng.random() < 0.5))
    if "dihedral" in augs:
        p.vflip, p.transpose = bool(rng.random() < 0.5), bool(rng.random() < 0.5)
    if "rotate" in augs:
        p.angle = float(rng.uniform(-180.0, 180.0))
    if "contrast" in augs:
        p.gain = float(rng.uniform(0.6, 1.5))
    if "noise" in augs:
        p.sigma = float(rng.uniform(0.0, 0.1))
    if "polarity" in augs:
        p.negate = bool(rng.random() < 0.2)
    if p.sigma > 0:
        p.noise = rng.standard_normal((crop, crop)).astype(np.float32)
    if "paste" in augs and bank_size and rng.random() < (1.0 if background else PASTE_P):
        pastes = []
        for _ in range(1 + int(rng.random() < 0.5)):
            idx = int(rng.integers(bank_size))
            if owners is not None and owners[idx] == owner:
                idx = int(rng.integers(bank_size))
            pastes.append((idx, int(rng.integers(4)), bool(rng.random() < 0.5), float(rng.uniform(*PASTE_GAIN)),
                           float(rng.random()), float(rng.random())))
        p.pastes = tuple(pastes)
    return p


def _rotation_inverse(p: Params, crop: int) -> np.ndarray:
    """2x3 map from rotated canvas pixel to source canvas pixel (rotation about the crop centre)."""
    cx, cy = p.x0 + (crop - 1) / 2.0, p.y0 + (crop - 1) / 2.0
    a = math.radians(p.angle)
    c, s = math.cos(a), math.sin(a)
    # source = R(-angle) (dest - centre) + centre
    return np.array([[c, s, cx - c * cx - s * cy], [-s, c, cy + s * cx - c * cy]], np.float64)


def _photometric(img: np.ndarray, p: Params) -> np.ndarray:
    if p.gain != 1.0:
        mu = img.mean(axis=(1, 2), keepdims=True)
        img = mu + p.gain * (img - mu)
    if p.sigma > 0:
        img = img + p.noise[None] * p.sigma
    if p.negate:
        img = -img
    return img


def augment(x: np.ndarray, m: np.ndarray, crop: int, rng: np.random.Generator,
            scale: tuple[float, float] = (0.8, 1.25), flip: bool = True, augs=(), bank: TargetBank | None = None,
            index: int | None = None, hard=None, background: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(C, H, W) standardized input and bool mask -> one (C, crop, crop) sample and its float mask.
    ``bank`` / ``index``: the targets for ``paste`` and this image's index among the training images;
    ``hard``: this image's mined false-alarm points (``hard``)."""
    img = x.transpose(1, 2, 0)
    h, w = m.shape
    p = draw(rng, h, w, crop, scale, flip, augs, len(bank) if bank is not None else 0, index,
             bank.owner if bank is not None else None, hard, background)
    if (p.nh, p.nw) != (h, w):
        img = cv2.resize(img, (p.nw, p.nh), interpolation=cv2.INTER_LINEAR)
        mm = cv2.resize(m.astype(np.uint8), (p.nw, p.nh), interpolation=cv2.INTER_NEAREST)
    else:
        mm = m.astype(np.uint8)
    if img.ndim == 2:
        img = img[:, :, None]
    ph, pw = max(crop - p.nh, 0), max(crop - p.nw, 0)
    if ph or pw:
        img = np.pad(img, ((p.top, ph - p.top), (p.left, pw - p.left), (0, 0)))
        mm = np.pad(mm, ((p.top, ph - p.top), (p.left, pw - p.left)))
    if p.angle:
        a = _rotation_inverse(p, crop)
        size = (mm.shape[1], mm.shape[0])
        flags = cv2.WARP_INVERSE_MAP
        img = cv2.warpAffine(img, a, size, flags=flags | cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
        if img.ndim == 2:
            img = img[:, :, None]
        mm = cv2.warpAffine(mm, a, size, flags=flags | cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT)
    img = img[p.y0:p.y0 + crop, p.x0:p.x0 + crop]
    mm = mm[p.y0:p.y0 + crop, p.x0:p.x0 + crop]
    if p.hflip:
        img, mm = img[:, ::-1], mm[:, ::-1]
    if p.vflip:
        img, mm = img[::-1], mm[::-1]
    if p.transpose:
        img, mm = img.transpose(1, 0, 2), mm.T
    img = np.ascontiguousarray(img.transpose(2, 0, 1), np.float32)
    if p.pastes:
        add, pm = bank.layers(p.pastes, crop, mm > 0)
        img = img + add
        mm = np.maximum(mm, pm.astype(mm.dtype))
    img = _photometric(img, p)
    return np.ascontiguousarray(img, np.float32), np.ascontiguousarray(mm, np.float32)


class DeviceBatches:
    """``batches(epoch)`` for the device path: the images and masks live on ``device`` as one zero-padded
    (N, C, Hmax, Wmax) tensor; each batch is gathered by index and warped to (B, C, crop, crop) by one
    ``grid_sample`` (bilinear for the image, nearest for the mask) whose affine map holds each sample's
    scale, padding, crop offset, rotation and flips, all drawn by ``draw`` from a generator seeded by
    (seed, epoch) in the CPU path's order. Photometric extras run on the batch. Same epoch layout as
    ``train.make_batches`` (reshuffled per epoch, ragged last batch dropped)."""

    def __init__(self, xs, ms, batch_size: int, crop: int, seed: int, scale, flip: bool = True, augs=(),
                 device: str = "cuda", bank: TargetBank | None = None, miner=None, first_background: int | None = None):
        import torch

        self.batch_size, self.crop, self.seed, self.bank, self.miner = batch_size, crop, seed, bank, miner
        self.first_background = len(xs) if first_background is None else first_background
        self.scale, self.flip, self.augs, self.device = scale, flip, tuple(augs or ()), device
        self.sizes = [tuple(m.shape) for m in ms]
        hmax, wmax = max(s[0] for s in self.sizes), max(s[1] for s in self.sizes)
        c = xs[0].shape[0]
        img = torch.zeros((len(xs), c, hmax, wmax), dtype=torch.float32)
        msk = torch.zeros((len(ms), 1, hmax, wmax), dtype=torch.float32)
        for i, (x, m) in enumerate(zip(xs, ms)):
            img[i, :, :x.shape[1], :x.shape[2]] = torch.from_numpy(np.asarray(x, np.float32))
            msk[i, 0, :m.shape[0], :m.shape[1]] = torch.from_numpy(np.asarray(m, np.float32))
        self.images, self.masks = img.to(device), msk.to(device)
        self.hmax, self.wmax = hmax, wmax
        v, u = torch.meshgrid(torch.arange(crop, dtype=torch.float64), torch.arange(crop, dtype=torch.float64),
                              indexing="ij")
        self.uv1 = torch.stack([u.reshape(-1), v.reshape(-1), torch.ones(crop * crop, dtype=torch.float64)],
                               0).to(device)

    def affine(self, i: int, p: Params) -> np.ndarray:
        """3x3 map from output pixel (u, v, 1) to source pixel of image i (pixel centres at integers)."""
        c = self.crop - 1
        out = np.eye(3)
        # undo, in reverse order of the CPU path: transpose, vertical flip, horizontal flip
        if p.transpose:
            out = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]], np.float64) @ out
        if p.vflip:
            out = np.array([[1, 0, 0], [0, -1, c], [0, 0, 1]], np.float64) @ out
        if p.hflip:
            out = np.array([[-1, 0, c], [0, 1, 0], [0, 0, 1]], np.float64) @ out
        out = np.array([[1, 0, p.x0], [0, 1, p.y0], [0, 0, 1]], np.float64) @ out  # crop -> canvas
        if p.angle:
            out = np.vstack([_rotation_inverse(p, self.crop), [0, 0, 1]]) @ out
        out = np.array([[1, 0, -p.left], [0, 1, -p.top], [0, 0, 1]], np.float64) @ out  # canvas -> scaled
        h, w = self.sizes[i]
        sx, sy = w / p.nw, h / p.nh  # cv2.resize: src = (dst + 0.5) * src/dst - 0.5
        out = np.array([[sx, 0, 0.5 * sx - 0.5], [0, sy, 0.5 * sy - 0.5], [0, 0, 1]], np.float64) @ out
        return out

    def params(self, rng: np.random.Generator, idx) -> list[Params]:
        b = self.bank
        hard = self.miner.points if self.miner is not None else None
        return [draw(rng, *self.sizes[i], self.crop, self.scale, self.flip, self.augs, len(b) if b is not None else 0,
                     int(i), b.owner if b is not None else None, hard[i] if hard is not None else None,
                     int(i) >= self.first_background) for i in idx]

    def warp(self, idx, ps: list[Params]):
        """The batch (images (B, C, crop, crop), masks (B, 1, crop, crop)) for indices and draws."""
        import torch
        import torch.nn.functional as F

        dev = self.device
        mats = torch.from_numpy(np.stack([self.affine(i, p) for i, p in zip(idx, ps)])).to(dev)  # (B, 3, 3)
        src = mats[:, :2] @ self.uv1  # (B, 2, crop*crop) source pixel x, y
        b, n = len(idx), self.crop
        valid = torch.tensor([[self.sizes[i][1], self.sizes[i][0]] for i in idx], dtype=torch.float64,
                             device=dev)[:, :, None]
        # outside the image itself (inside the padded tensor) reads as zero, as the CPU path's padding
        outside = ((src < -0.5) | (src > valid - 0.5)).any(dim=1)  # (B, crop*crop)
        gx = (2 * src[:, 0] + 1) / self.wmax - 1
        gy = (2 * src[:, 1] + 1) / self.hmax - 1
        grid = torch.stack([gx, gy], -1).reshape(b, n, n, 2).to(torch.float32)
        ti = torch.as_tensor(np.asarray(idx), device=self.device)
        img = F.grid_sample(self.images[ti], grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        msk = F.grid_sample(self.masks[ti], grid, mode="nearest", padding_mode="zeros", align_corners=False)
        keep = (~outside).reshape(b, 1, n, n).to(torch.float32)
        img, msk = img * keep, msk * keep
        if any(p.pastes for p in ps):  # the host draws the small target layers, the batch adds them
            present = (msk[:, 0] > 0).cpu().numpy()
            add = np.zeros((b, img.shape[1], n, n), np.float32)
            pm = np.zeros((b, 1, n, n), np.float32)
            for j, p in enumerate(ps):
                if p.pastes:
                    add[j], pm[j, 0] = self.bank.layers(p.pastes, n, present[j])
            img = img + torch.from_numpy(add).to(dev)
            msk = torch.maximum(msk, torch.from_numpy(pm).to(dev))
        gains = [p.gain for p in ps]
        if any(g != 1.0 for g in gains):
            g = torch.tensor(gains, device=self.device, dtype=torch.float32)[:, None, None, None]
            mu = img.mean(dim=(2, 3), keepdim=True)
            img = mu + g * (img - mu)
        if any(p.sigma > 0 for p in ps):
            noise = torch.from_numpy(np.stack([p.noise * p.sigma if p.sigma > 0 else np.zeros((n, n), np.float32)
                                               for p in ps]))
            img = img + noise[:, None].to(self.device)
        neg = [p.negate for p in ps]
        if any(neg):
            sgn = torch.tensor([-1.0 if q else 1.0 for q in neg], device=self.device)[:, None, None, None]
            img = img * sgn
        return img, msk

    def __call__(self, epoch: int):
        rng = np.random.default_rng([self.seed, epoch])
        order = rng.permutation(len(self.sizes))
        out = []
        for b in range(0, len(order) - self.batch_size + 1, self.batch_size):
            idx = order[b:b + self.batch_size]
            out.append(self.warp(idx, self.params(rng, idx)))
        return out


class FalseAlarmMiner:
    """The ``hard`` augmentation's false alarms: every ``every`` epochs, the network being trained segments
    each training image whole (eval mode, no gradient) and keeps the centroids of its predicted components
    (logit > 0) that touch no labelled pixel, the ``per_image`` largest; ``points[i]`` is (K, 2) (y, x)."""

    def __init__(self, xs, ms, device: str = "cpu", every: int = MINE_EVERY, per_image: int = 8):
        self.xs, self.ms, self.device, self.every, self.per_image = xs, ms, device, every, per_image
        self.points: list[np.ndarray] | None = None
        self.mined_at: int | None = None
        self.counts: list[int] = []  # false alarms found at each mining

    def due(self, epoch: int) -> bool:
        return self.points is None or (epoch - self.mined_at) >= self.every

    def mine(self, model, epoch: int) -> None:
        from workbench_lw_irstnet.segmenter import model_logits

        was_training = model.training
        model.eval()
        try:
            pts = []
            for x, m in zip(self.xs, self.ms):
                pred = (model_logits(model, x, self.device) > 0).astype(np.uint8)
                n, lab, stats, cen = cv2.connectedComponentsWithStats(pred, connectivity=8)
                near = cv2.dilate(np.asarray(m, np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
                touching = set(np.unique(lab[near]).tolist())  # one pass, not one image scan per component
                fa = [c for c in range(1, n) if c not in touching]
                fa.sort(key=lambda c: -stats[c, cv2.CC_STAT_AREA])
                pts.append(np.array([[cen[c][1], cen[c][0]] for c in fa[:self.per_image]], np.float64).reshape(-1, 2))
        finally:
            model.train(was_training)
        self.points, self.mined_at = pts, epoch
        self.counts.append(int(sum(len(q) for q in pts)))
