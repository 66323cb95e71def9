"""DiMP-style tracker on the searched backbone.

Target classification as DiMP (Bhat et al., ICCV 2019): a convolution filter ``f`` over the backbone's
feature map is learned online by minimising the discriminative loss

    L(f) = 1/2 sum_j gamma_j || v . r(x_j * f, c_j) ||^2 + lambda/2 ||f||^2,
    r(s, c) = m_c . s + (1 - m_c) . max(0, s) - y_c

(y: Gaussian label at the target centre, m: target-region mask, so the background only pays for
positive scores), by steepest descent with the step length from the Gauss-Newton approximation,
alpha = ||g||^2 / (sum_j gamma_j ||v . J_j g||^2 + lambda ||g||^2). The first frame gives augmented
samples (shifts, flip, blur, scales) and ``init_iters`` iterations from a filter initialised on the
target's own features; during tracking each confident frame adds a sample (exponentially decaying
weights, the first frame's kept) and every ``update_every`` frames ``update_iters`` iterations run.
DiMP's IoU-Net box refinement needs a trained IoU predictor; here the size comes from a
multi-scale search (``scales`` crops per frame, penalised away from scale 1, damped) or, with
``scale_filter`` > 0, from a DSST-style 1-D scale filter on the network's features (also damped). The
box keeps its first aspect ratio unless ``aspect_filter`` > 0: the same 1-D filter over crops stretched
in width and squeezed in height (area kept) then tells how the target's width : height changed.

Polarity: thermal cameras deliver white-hot or black-hot frames (and visible-light pedestrians are
often darker than the road) while the network was trained on white-hot crops. With ``polarity="auto"``
the first frame's box alone decides: target darker on average than the ring around it -> every frame
is inverted, so the tracker always sees a white-hot target (``target_polarity``).

Colour frames: grey by the first frame's Fisher projection of RGB between the box and the ring around it
(``colour="contrast"``, the default; ``contrast_projection``), fixed for the sequence: a target whose colour
differs from its surroundings but whose luma does not (vot2017_book: luma contrast +0.17 ring std,
projected +1.75) comes out bright; ``colour="luma"`` takes OpenCV's luma weights. Grey and IR frames are
used as they are. The default was chosen by nested leave-one-sequence-out TRE over the 7 real sequences the
weights never saw (weights/PROVENANCE.md, "Online settings chosen by nested leave-one-sequence-out").

Features: by default the last cell's output (``feature_layer=-2``), spatially centred per channel and
scaled to unit energy; the embedding head's map (``-1``) is more invariant, which suits re-identification
but localises worse (measured on generated validation sequences, the plugin's weights/PROVENANCE.md).
With ``hog_weight`` > 0 (advanced, default 0.25, chosen with the colour default) the classifier also sees
HOG channels of the same crops (KCF's: 9 unsigned orientations on cells of the feature stride), weighted
1 - w : w, as correlation trackers combine learned and hand-crafted features.

Published maps: ``"response"``, the classifier scores of the chosen scale over the search region.
"""
from __future__ import annotations

import math

import cv2
import numpy as np
import torch
from torch.nn import functional as F

from workbench.baselines.dcf.features import HOG
from workbench.core.boxes import Box, first_box
from workbench.core.methods import MapLayer, TrackOutput
from workbench.core.registry import check_setting, setting_error
from workbench_nas_tir import NASTIRConfig
from workbench.core.preprocess import to_gray_float32
from workbench_nas_tir.data import crop_square


class NASTIRTracker:
    modalities = ("gray", "rgb", "ir16")

    def __init__(self, cfg: NASTIRConfig | None = None, device: str = "cpu", net=None, train_crop: int | None = None,
                 context: float | None = None, stride: int | None = None, fast: bool = True):
        """``fast``: track with the network folded (``model.TrackingNet``: batch norm folded into the
        convolutions, each state rectified once, channels-last on the CPU) and the online classifier's
        correlations as batched matrix products with the gradient written out (``_optimise_fast``): the same
        maps and boxes to float rounding, ~2x less CPU time a frame on the shipped weights; ``False``: the
        network's own modules and the classifier as it always ran (the reference the fast path is tested
        against). Nothing in the settings or the weights differs between the two.

        Measured on vottir2016_horse, 200 frames, one thread, alternated in one process (3 rounds): plain 80.8,
        fast 37.2 ms CPU a frame (2.2x). Free-running, the online learning's choices (scale, update) amplify
        float rounding: the fast boxes part from the plain ones at frame 13 and differ by up to 17 px (AUC 0.603
        vs 0.575), as the plain path's own do when its features are perturbed by 1e-7 relative (two draws: up
        to 8 and 16 px, AUC 0.571 and 0.612)."""
        from workbench_nas_tir.model import ArchSpec, TrackingNet
        from workbench_nas_tir.train import load_backbone

        self.name = "nas_tir"
        self.cfg = cfg or NASTIRConfig()
        self.device = torch.device(device)
        loaded = net is None
        if net is None:
            net, _g, arch, extra = load_backbone(self.cfg.weights)
            tr = (extra.get("trained") or {}).get("config", {})
            train_crop = train_crop or int(tr.get("crop", 32))
            context = context or float(tr.get("context", 2.0))
            stride = stride or ArchSpec.from_dict(arch).stride
        # the online classifier's arithmetic (``online_precision``, see ``_features``); ``float64-all`` runs
        # the network in float64 too, the default on CUDA: the devices then differ by float64 rounding only,
        # which the discrete choices do not amplify. Measured on vottir2016_horse (119 frames): features
        # perturbed by 1e-7 relative (float32 rounding, as between devices) moved boxes by up to 1.1 px with
        # the float64 classifier (2.8 px with float32); float64-all features perturbed by 1e-13: 0 px
        prec = getattr(self.cfg, "online_precision", "auto")
        if prec == "auto":
            prec = "float64-all" if self.device.type == "cuda" else "float32"
        self.precision = prec
        self.dtype = torch.float64 if prec.startswith("float64") else torch.float32
        self.net_dtype = torch.float64 if prec == "float64-all" else torch.float32
        if self.net_dtype != torch.float32 and not loaded:  # a caller's network stays float32
            import copy

            net = copy.deepcopy(net)
        self.net = net.to(self.device, self.net_dtype).eval()
        # a snapshot of the (eval-mode) network for tracking; ``self.net`` stays the network as trained
        # ``fast`` may be changed between sequences: ``initialize`` takes the path for the whole sequence from it
        # (``_tnet`` set: the fast path, else the plain one), so a switch never mixes the two halfway
        self.fast = bool(fast)
        self._folded = TrackingNet(self.net) if self.fast else None  # built on the first fast sequence else
        self._tnet = self._folded
        self.layer = int(getattr(self.cfg, "feature_layer", -1))
        if self.layer == -2:  # the last cell: less invariant than the embedding head (chosen on generated
            self.layer = len(net.cells) - 1  # validation sequences, see weights/PROVENANCE.md)
        if self.layer >= len(getattr(net, "cells", [])):
            n = len(getattr(net, "cells", []))
            raise setting_error("nas_tir", "feature_layer", self.layer,
                                f"must be below the network's {n} cells (or -1: the head, -2: the last cell)")
        if self.layer >= 0:
            stride = net.cell_stride(self.layer)
        self.stride = int(stride or net.spec.stride)
        # hand-crafted gradient channels beside the network's (``hog_weight``): one HOG cell per feature cell
        # the form's and --set's bounds, for a config built without them (1 would drop the network's features)
        self.hog_weight = float(check_setting(NASTIRConfig, "hog_weight", float(getattr(self.cfg, "hog_weight", 0.0)),
                                              "nas_tir"))
        self.hog = HOG(self.stride, 9, False) if self.hog_weight > 0 else None
        self.train_crop = int(train_crop or 32)
        self.context = float(context or 2.0)
        # input pixels per sqrt(target area): the scale the network was trained at
        self.px_per_target = self.train_crop / self.context
        s = self.cfg.search_factor * self.px_per_target
        self.size = int(max(self.stride * 4, round(s / self.stride) * self.stride))

    # --- features ------------------------------------------------------------------------------
    def _crop(self, img, cx, cy, side, flip=False, blur=0.0):
        c = crop_square(img, cx, cy, side, self.size)
        if flip:
            c = c[:, ::-1]
        if blur > 0:
            c = cv2.GaussianBlur(c, (0, 0), blur)
        c = (c - c.mean()) / (c.std() + 1e-6)
        return np.ascontiguousarray(c, dtype=np.float32)

    def _net_features(self, x: torch.Tensor) -> torch.Tensor:
        """The network's feature map of a batch of crops (N, 1, S, S) at the tracker's layer."""
        if self._tnet is not None:
            # inference_mode for the network alone: what comes out of it is used outside (``_unit`` and later
            # steps make ordinary tensors from it, which autograd may still see: ``_optimise_autograd``)
            with torch.inference_mode():
                return self._tnet.features(x, self.layer)
        return self.net.features(x, self.layer) if self.layer >= 0 else self.net.features(x)

    @torch.no_grad()
    def _features(self, crops: list[np.ndarray]) -> torch.Tensor:
        stacked = np.stack(crops)
        x = torch.from_numpy(stacked[:, None]).to(self.device, self.net_dtype)
        f = self._net_features(x)
        # the network runs in float32 (float64 with ``float64-all``); everything after it (centring, the
        # filter's optimisation, the scores and the choices made on them) in ``self.dtype``: with float64 the
        # devices' differences in the features stay that small instead of growing through float32 reductions
        f = f.to(self.dtype)
        f = _unit(f)
        if self.hog is None:
            return f
        # HOG of the same crops, one cell per feature cell (computed on the host, as the crops are), centred and
        # scaled like the network's part (unit mean energy per element); weighted 1 - hog_weight : hog_weight
        h = torch.from_numpy(self.hog(stacked).transpose(0, 3, 1, 2)).to(f.device, f.dtype)
        hh, hw = f.shape[-2:]
        if h.shape[-2:] != (hh, hw):
            h = F.interpolate(h, size=(hh, hw), mode="bilinear", align_corners=False)
        return torch.cat([math.sqrt(1.0 - self.hog_weight) * f, math.sqrt(self.hog_weight) * _unit(h)], 1)

    def _fcoord(self, u: float) -> float:
        """Input-pixel coordinate -> feature-cell coordinate (cell j is centred at (j + 0.5) stride)."""
        return u / self.stride - 0.5

    def _label(self, hw, centre, tsize):
        """Gaussian label y and target mask m (H, W) for a target centred at ``centre`` (input px)."""
        h, w = hw
        fy, fx = self._fcoord(centre[1]), self._fcoord(centre[0])
        tw, th = tsize[0] / self.stride, tsize[1] / self.stride
        sig = max(self.cfg.sigma * math.sqrt(tw * th), 0.5)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        y = np.exp(-0.5 * ((yy - fy) ** 2 + (xx - fx) ** 2) / sig ** 2)
        m = ((np.abs(xx - fx) <= max(tw / 2, 0.5)) & (np.abs(yy - fy) <= max(th / 2, 0.5))).astype(np.float32)
        # on the features' device: the classifier's residual mixes them with the scores (a CPU label beside
        # CUDA scores was the "two devices" crash of the first frame on a GPU)
        return (torch.from_numpy(y).to(self.device, self.dtype), torch.from_numpy(m).to(self.device, self.dtype))

    # --- the online classifier -----------------------------------------------------------------
    def _scores(self, x, f):
        if x.dtype == torch.float64:  # CPUs have no fast float64 convolution: one matrix product instead
            return _corr(_padded_rows(x, f.shape[-1] // 2), f, *x.shape[:1], *x.shape[2:])
        return F.conv2d(x, f, padding=self.cfg.filter_size // 2)

    def _optimise(self, iters: int) -> None:
        if iters <= 0 or not self.samples:
            return
        if self._tnet is not None:
            self._optimise_fast(iters)
        elif self.dtype == torch.float64:
            self._optimise_matmul(iters)
        else:
            self._optimise_autograd(iters)

    def _stacked_samples(self, padded: bool = False):
        """The memory as batches: features x (``padded``: zero-padded by the filter's half width, fast path
        only), labels y, target masks m, normalised sample weights g_w."""
        x = torch.cat([s[5 if padded else 0] for s in self.samples])
        y = torch.stack([s[1] for s in self.samples])[:, None]
        m = torch.stack([s[2] for s in self.samples])[:, None]
        g_w = torch.tensor([s[3] for s in self.samples], dtype=x.dtype, device=x.device).view(-1, 1, 1, 1)
        return x, y, m, g_w / g_w.sum()

    def _optimise_autograd(self, iters: int) -> None:
        x, y, m, g_w = self._stacked_samples()
        lam = self.cfg.reg
        f = self.filter
        for _ in range(iters):
            f = f.detach().requires_grad_(True)
            s = self._scores(x, f)
            r = m * s + (1 - m) * F.relu(s) - y
            loss = 0.5 * (g_w * r * r).sum() + 0.5 * lam * (f * f).sum()
            (g,) = torch.autograd.grad(loss, f)
            with torch.no_grad():
                active = m + (1 - m) * (s > 0).to(s.dtype)
                jg = active * self._scores(x, g)
                den = (g_w * jg * jg).sum() + lam * (g * g).sum()
                alpha = (g * g).sum() / den.clamp_min(1e-12)
                f = f - alpha * g
        self.filter = f.detach()

    def _optimise_matmul(self, iters: int) -> None:
        """``_optimise``'s steepest descent with its gradient written out and the single-output
        convolutions as matrix products over a padded channels-last copy of the samples (built once per
        call): the same iterates, ~8x faster than through PyTorch's float64 convolutions on the CPU, which
        have no oneDNN kernels (one iteration over 40 samples of 128 x 16 x 16, one thread: 19 vs 150 ms).
        dL/ds = gamma . r . a with a = m + (1 - m) [s > 0]."""
        x, y, m, g_w = self._stacked_samples()
        lam = self.cfg.reg
        f = self.filter.detach()
        n, _c, h, w = x.shape
        rows = _padded_rows(x, f.shape[-1] // 2)
        with torch.no_grad():
            for _ in range(iters):
                s = _corr(rows, f, n, h, w)
                active = m + (1 - m) * (s > 0).to(s.dtype)
                r = m * s + (1 - m) * F.relu(s) - y
                g = _corr_grad(rows, g_w * r * active, f.shape[-1]) + lam * f
                jg = active * _corr(rows, g, n, h, w)
                den = (g_w * jg * jg).sum() + lam * (g * g).sum()
                alpha = (g * g).sum() / den.clamp_min(1e-12)
                f = f - alpha * g
        self.filter = f

    def _optimise_fast(self, iters: int) -> None:
        """``_optimise``'s steepest descent (its iterates to float rounding) for the fast path, in either
        precision: the gradient written out as in ``_optimise_matmul``, the single-output correlations as
        batched matrix products over the zero-padded samples kept with each sample (``_taps_corr`` /
        ``_taps_grad``), in the layout the features come in (no channels-last copy of the memory per call),
        and the next iterate's scores updated from the step's (linear in the filter) rather than correlated
        again. Measured on horse's memory (40 samples of 137 x 20 x 20, float32, one thread): one iteration
        28 ms through autograd and oneDNN's single-output convolution, ~5 ms here."""
        x, y, m, g_w = self._stacked_samples(padded=True)
        lam = self.cfg.reg
        f = self.filter.detach()
        h, w = y.shape[-2:]
        with torch.no_grad():
            s = _taps_corr(x, f, h, w)
            for _ in range(iters):
                active = m + (1 - m) * (s > 0).to(s.dtype)
                r = m * s + (1 - m) * F.relu(s) - y
                g = _taps_grad(x, g_w * r * active, f.shape[-1]) + lam * f
                sg = _taps_corr(x, g, h, w)
                jg = active * sg
                den = (g_w * jg * jg).sum() + lam * (g * g).sum()
                alpha = (g * g).sum() / den.clamp_min(1e-12)
                f = f - alpha * g
                s = s - alpha * sg  # the scores are linear in the filter: the next iterate's, one product fewer
        self.filter = f

    def _add_sample(self, feat, centre, tsize, weight=None, keep=False):
        y, m = self._label(feat.shape[-2:], centre, tsize)
        lr = self.cfg.learning_rate
        if weight is None:  # decaying: the new sample weighs lr of the total
            for s in self.samples:
                s[3] *= (1 - lr)
            weight = lr
        # the fast path keeps each sample zero-padded for the filter too (``_optimise_fast``), made once here
        pad = self.cfg.filter_size // 2
        self.samples.append([feat, y, m, float(weight), keep] + ([F.pad(feat, (pad,) * 4)] if self._tnet is not None else []))
        while len(self.samples) > self.cfg.memory:
            drop = min((i for i, s in enumerate(self.samples) if not s[4]), key=lambda i: self.samples[i][3],
                       default=None)
            if drop is None:
                break
            self.samples.pop(drop)

    # --- protocol --------------------------------------------------------------------------------
    def _gray(self, frame: np.ndarray) -> np.ndarray:
        if self.colour_w is not None:
            return project_colour(frame, self.colour_w)
        return to_gray_float32(frame)

    def initialize(self, frame: np.ndarray, box: Box) -> None:
        box = first_box(box, self.name)
        if self.fast and self._folded is None:
            from workbench_nas_tir.model import TrackingNet

            self._folded = TrackingNet(self.net)
        self._tnet = self._folded if self.fast else None  # this sequence's path (see ``__init__``)
        self.colour_w = None
        f = np.asarray(frame)
        if getattr(self.cfg, "colour", "luma") == "contrast" and f.ndim == 3 and f.shape[2] >= 3:
            self.colour_w = contrast_projection(f, box)
        img = self._gray(frame)
        mode = getattr(self.cfg, "polarity", "auto")
        self.sign = -1.0 if mode == "invert" else 1.0
        if mode == "auto":
            self.sign = target_polarity(img, box)
        img = img * self.sign
        self.img_hw = img.shape
        x, y, w, h = box
        self.cx, self.cy = x + w / 2, y + h / 2
        # the first box as it is: a 2 px floor here grew a 1 x 1 px target to 2 x 2 (the size stays within
        # 0.2x .. 5x of this one while tracking)
        self.w, self.h = w, h
        self.base = (self.w, self.h)
        self.frame_no = 0
        self.samples = []
        side = self._side()
        k = self.size / side  # input px per frame px
        tsize = (self.w * k, self.h * k)
        c0 = self.size / 2
        sh = self.size / 8
        augs = [(0, 0, False, 0.0, 1.0), (sh, 0, False, 0, 1.0), (-sh, 0, False, 0, 1.0), (0, sh, False, 0, 1.0),
                (0, -sh, False, 0, 1.0), (0, 0, True, 0, 1.0), (0, 0, False, 1.0, 1.0), (0, 0, False, 0, 0.9),
                (0, 0, False, 0, 1.1)]
        crops, centres, sizes = [], [], []
        for dx, dy, flip, blur, sc in augs:
            # shifting the crop by (dx, dy) input px moves the target by (-dx, -dy) in it
            crops.append(self._crop(img, self.cx + dx / k, self.cy + dy / k, side * sc, flip, blur))
            centres.append((c0 - dx / sc, c0 - dy / sc))
            sizes.append((tsize[0] / sc, tsize[1] / sc))
        feats = self._features(crops)
        for i in range(len(augs)):
            self._add_sample(feats[i:i + 1], centres[i], sizes[i], weight=1.0 / len(augs), keep=True)
        # initial filter: the target's own features around its centre, scaled to score about 1 there
        fs = self.cfg.filter_size
        fc = int(round(self._fcoord(c0)))
        pad = F.pad(feats[:1], (fs, fs, fs, fs))
        patch = pad[:, :, fc + fs - fs // 2: fc + fs + fs // 2 + 1, fc + fs - fs // 2: fc + fs + fs // 2 + 1]
        self.filter = (patch / (patch.pow(2).sum() + 1e-6)).clone()
        self._optimise(self.cfg.init_iters)
        self.scale_filter = None
        if int(getattr(self.cfg, "scale_filter", 0)) > 0:
            self.scale_filter = FeatureScaleFilter(self, self.cfg.scale_filter, self.cfg.scale_filter_step,
                                                   self.cfg.scale_filter_lr)
            self.scale_filter.update(img, self.cx, self.cy, self.w, self.h, lr=1.0)
        self.aspect_filter = None
        if int(getattr(self.cfg, "aspect_filter", 0)) > 0:
            self.aspect_filter = FeatureScaleFilter(self, self.cfg.aspect_filter, self.cfg.aspect_filter_step,
                                                    self.cfg.aspect_filter_lr, aspect=True)
            self.aspect_filter.update(img, self.cx, self.cy, self.w, self.h, lr=1.0)
        hw = feats.shape[-2:]
        self.window = torch.from_numpy(np.outer(np.hanning(hw[0] + 2)[1:-1], np.hanning(hw[1] + 2)[1:-1])
                                       .astype(np.float32)).to(self.device, self.dtype)

    def _side(self) -> float:
        return self.cfg.search_factor * math.sqrt(self.w * self.h)

    def track(self, frame: np.ndarray) -> TrackOutput:
        cfg = self.cfg
        img = self._gray(frame) * self.sign
        self.frame_no += 1
        n = max(1, int(cfg.scales) | 1)
        factors = [cfg.scale_step ** (i - n // 2) for i in range(n)]
        side0 = self._side()
        crops = [self._crop(img, self.cx, self.cy, side0 * f) for f in factors]
        feats = self._features(crops)
        wi = cfg.window_influence
        pens = [cfg.scale_penalty ** abs(i - n // 2) for i in range(n)]
        if self._tnet is not None:
            # the scales as one batch, the same products as below (the same numbers), one host read
            pad = self.cfg.filter_size // 2
            raw = _taps_corr(F.pad(feats, (pad,) * 4), self.filter, *feats.shape[-2:])[:, 0]
            weighted = raw * ((1 - wi) + wi * self.window)
            pen = torch.tensor(pens, dtype=raw.dtype).to(raw.device)
            vs, idxs = (weighted * pen[:, None, None]).flatten(1).max(1)
            vs, idxs = vs.tolist(), idxs.tolist()
            si = max(range(n), key=lambda i: (vs[i], -i))  # the first of equal maxima, as the loop below
            idx = idxs[si]
        else:
            with torch.no_grad():
                raw = self._scores(feats, self.filter)[:, 0]
            best = None
            for i, f in enumerate(factors):
                r = raw[i]
                weighted = r * ((1 - wi) + wi * self.window)
                pen = pens[i]
                v, idx = (weighted * pen).flatten().max(0)
                if best is None or float(v) > best[0]:
                    best = (float(v), i, int(idx))
            _v, si, idx = best
        r = raw[si].cpu().numpy()  # one small map back to the host for the sub-cell peak (float64 stays float64)
        H, W = r.shape
        py, px = divmod(idx, W)
        score = float(r[py, px])
        # sub-cell peak: a parabola through the neighbours on each axis
        dy = _parabola(r[py - 1, px] if py > 0 else r[py, px], r[py, px], r[py + 1, px] if py < H - 1 else r[py, px])
        dx = _parabola(r[py, px - 1] if px > 0 else r[py, px], r[py, px], r[py, px + 1] if px < W - 1 else r[py, px])
        u = (px + dx + 0.5) * self.stride
        v = (py + dy + 0.5) * self.stride
        side = side0 * factors[si]
        k = self.size / side
        prev = (self.cx, self.cy)
        self.cx += (u - self.size / 2) / k
        self.cy += (v - self.size / 2) / k
        Hf, Wf = self.img_hw
        self.cx = float(np.clip(self.cx, 0, Wf))
        self.cy = float(np.clip(self.cy, 0, Hf))
        # size: the scale filter's estimate at the new position, or the best scale of the search; damped
        est = self.scale_filter.estimate(img, self.cx, self.cy, self.w, self.h) if self.scale_filter else factors[si]
        ds = 1.0 + cfg.scale_lr * (est - 1.0)
        self.w, self.h = self.w * ds, self.h * ds
        if self.aspect_filter is None:
            # keep the box sensible: inside the frame, size within 0.2x .. 5x of the first one
            sc = float(np.clip(self.w / self.base[0], 0.2, 5.0))
            self.w, self.h = self.base[0] * sc, self.base[1] * sc
        else:
            # width : height from the aspect filter at the new position and size (damped like the size); the
            # area within 0.2^2 .. 5^2 of the first box's, the aspect within 1/4 .. 4 x the first one's
            da = 1.0 + cfg.scale_lr * (self.aspect_filter.estimate(img, self.cx, self.cy, self.w, self.h) - 1.0)
            bw, bh = self.base
            sc = float(np.clip(math.sqrt(self.w * self.h / (bw * bh)), 0.2, 5.0))
            asp = float(np.clip(self.w / self.h * da / (bw / bh), 0.25, 4.0)) * (bw / bh)
            area = bw * bh * sc * sc
            self.w, self.h = math.sqrt(area * asp), math.sqrt(area / asp)
        region = Box(prev[0] - side / 2, prev[1] - side / 2, side, side)
        if score >= cfg.update_threshold and cfg.update_iters > 0:
            centre = (self.size / 2 + (self.cx - prev[0]) * k, self.size / 2 + (self.cy - prev[1]) * k)
            self._add_sample(feats[si:si + 1], centre, (self.w * k, self.h * k))
            if self.frame_no % cfg.update_every == 0:
                self._optimise(cfg.update_iters)
                for filt in (self.scale_filter, self.aspect_filter):
                    if filt is not None:
                        filt.update(img, self.cx, self.cy, self.w, self.h, lr=min(1.0, filt.lr * cfg.update_every))
        box = Box(self.cx - self.w / 2, self.cy - self.h / 2, self.w, self.h)
        return TrackOutput(box, score, {"response": MapLayer(r.astype(np.float32), region)})


class FeatureScaleFilter:
    """DSST's 1-D scale filter (Danelljan et al., BMVC 2014) on the searched network's features.

    ``n`` crops around the current centre, of side ``context`` x sqrt(w h) x step^k (k = -(n-1)/2 ..
    (n-1)/2), each resized to the network's training crop (the view it learned), give one feature vector
    each (the tracker's feature layer, flattened); a Hann window over the scale axis, the FFT along it
    and a multi-channel correlation filter (numerator / denominator kept separately and updated with a
    learning rate) against a Gaussian label over the scales; the response peak, refined by a parabola,
    is the scale change.

    With ``aspect=True`` the same filter runs over the target's width : height instead: sample k is the
    window of the same area stretched by step^(k/2) in width and squeezed by it in height, resized to
    the square training crop, and the estimate is the factor by which w / h changed (area kept)."""

    def __init__(self, tracker: "NASTIRTracker", n: int, step: float, lr: float, aspect: bool = False):
        self.t = tracker
        self.aspect = bool(aspect)
        self.n = int(n) | 1
        self.step = float(step)
        self.lr = float(lr)
        self.exps = np.arange(self.n) - (self.n - 1) / 2
        sig = 0.25 * math.sqrt(self.n)
        g = np.exp(-0.5 * self.exps ** 2 / sig ** 2)
        self.gf_conj = np.conj(np.fft.fft(g))[:, None]
        self.win = np.hanning(self.n + 2)[1:-1, None]
        self.num = self.den = None

    def _spectrum(self, img, cx, cy, w, h):
        t = self.t
        side = t.context * math.sqrt(w * h)
        crops = []
        for e in self.exps:
            if self.aspect:  # the crop's width : height follows the box's, times step^e
                r = math.sqrt(w / h * self.step ** e)
                c = crop_square(img, cx, cy, (side * r, side / r), t.train_crop)
            else:
                c = crop_square(img, cx, cy, side * self.step ** e, t.train_crop)
            crops.append(((c - c.mean()) / (c.std() + 1e-6)).astype(np.float32))
        x = torch.from_numpy(np.stack(crops)[:, None]).to(t.device, t.net_dtype)
        with torch.no_grad():
            f = t._net_features(x)
        f = f.flatten(1).cpu().numpy().astype(np.float64)
        f = f - f.mean(axis=0, keepdims=True)  # the part common to all scales says nothing about scale
        f /= np.sqrt((f * f).sum(axis=1).mean()) + 1e-9
        return np.fft.fft(f * self.win, axis=0)

    def update(self, img, cx, cy, w, h, lr=None):
        lr = self.lr if lr is None else lr
        F_ = self._spectrum(img, cx, cy, w, h)
        num = self.gf_conj * F_
        den = (F_ * np.conj(F_)).real.sum(axis=1)
        if self.num is None or lr >= 1.0:
            self.num, self.den = num, den
        else:
            self.num = (1 - lr) * self.num + lr * num
            self.den = (1 - lr) * self.den + lr * den

    def estimate(self, img, cx, cy, w, h) -> float:
        """Factor to multiply the size by."""
        Z = self._spectrum(img, cx, cy, w, h)
        resp = np.real(np.fft.ifft((np.conj(self.num) * Z).sum(axis=1) / (self.den + 1e-2 * self.den.mean() + 1e-12)))
        i = int(np.argmax(resp))
        off = 0.0
        if 0 < i < self.n - 1:
            off = _parabola(resp[i - 1], resp[i], resp[i + 1])
        return float(self.step ** (self.exps[i] + off))


def _box_and_ring(shape, box, ring: float = 0.5):
    """Boolean masks (H, W) of the box's pixels and of the ring ``ring`` x the box size wide around it."""
    H, W = shape[:2]
    x, y, w, h = (float(v) for v in box)
    xa, ya = int(np.clip(np.floor(x), 0, W - 1)), int(np.clip(np.floor(y), 0, H - 1))
    xb, yb = int(np.clip(np.ceil(x + w), xa + 1, W)), int(np.clip(np.ceil(y + h), ya + 1, H))
    XA, YA = int(np.clip(np.floor(x - ring * w), 0, W)), int(np.clip(np.floor(y - ring * h), 0, H))
    XB, YB = int(np.clip(np.ceil(x + w + ring * w), 0, W)), int(np.clip(np.ceil(y + h + ring * h), 0, H))
    outer = np.zeros((H, W), bool)
    outer[YA:YB, XA:XB] = True
    inner = np.zeros((H, W), bool)
    inner[ya:yb, xa:xb] = True
    return inner, outer & ~inner


def contrast_projection(frame: np.ndarray, box, ring: float = 0.5, ridge: float = 0.05) -> np.ndarray | None:
    """RGB weights (3,) of the Fisher discriminant between the box's pixels and the ring around it:
    w = (S_in + S_ring + ridge tr/3 I)^-1 (mean_in - mean_ring), scaled to sum |w| = 1. The target projects
    brighter than its ring (w . d > 0). The ridge (relative to the scatter's trace) keeps it near the
    mean-difference direction when the channels are nearly collinear; grey frames stored as RGB give
    equal weights (luma up to scale). None when the box or the ring is empty or the means coincide."""
    f = np.asarray(frame)[..., :3].astype(np.float64)
    inner, ring_m = _box_and_ring(f.shape, box, ring)
    a, b = f[inner], f[ring_m]
    if len(a) < 2 or len(b) < 2:
        return None
    d = a.mean(0) - b.mean(0)
    sw = np.cov(a.T) + np.cov(b.T)
    sw = sw + (ridge * np.trace(sw) / 3 + 1e-6) * np.eye(3)
    w = np.linalg.solve(sw, d)
    if not np.all(np.isfinite(w)) or np.abs(w).sum() < 1e-12:
        return None
    return (w / np.abs(w).sum()).astype(np.float32)


def project_colour(frame: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(H, W, >=3) frame -> (H, W) float32 grey ``frame[..., :3] @ w``; other frames as ``to_gray_float32``."""
    f = np.asarray(frame)
    if f.ndim != 3 or f.shape[2] < 3:
        return to_gray_float32(f)
    return np.ascontiguousarray(f[..., :3].astype(np.float32) @ np.asarray(w, np.float32))


def target_polarity(img: np.ndarray, box, ring: float = 0.5) -> float:
    """+1 when the target inside ``box`` is on average brighter than a ring around it (``ring`` x the
    box size wide on every side, clipped to the frame), else -1: multiplying the frames by it makes
    the target white-hot. Decided from the first frame and its box only."""
    inner, ring_m = _box_and_ring(img.shape, box, ring)
    if not inner.any() or not ring_m.any():
        return 1.0
    inner_mean, ring_mean = float(img[inner].astype(np.float64).mean()), float(img[ring_m].astype(np.float64).mean())
    return 1.0 if inner_mean >= ring_mean else -1.0


def _unit(f: torch.Tensor) -> torch.Tensor:
    """Per-channel spatial centring (the constant part of a channel says nothing about where the target is
    and makes the filter's least-squares problem ill-conditioned), then unit mean energy per sample."""
    f = f - f.mean(dim=(2, 3), keepdim=True)
    return f / (f.pow(2).mean(dim=(1, 2, 3), keepdim=True).sqrt() + 1e-6)


def _padded_rows(x: torch.Tensor, pad: int) -> torch.Tensor:
    """(N, C, H, W) -> (N * (H + 2 pad) * (W + 2 pad), C): zero-padded, channels last, one row per pixel."""
    n, c = x.shape[:2]
    return F.pad(x, (pad, pad, pad, pad)).permute(0, 2, 3, 1).reshape(-1, c)


def _corr(rows: torch.Tensor, f: torch.Tensor, n: int, h: int, w: int) -> torch.Tensor:
    """``F.conv2d(x, f, padding=k // 2)`` for one output channel, ``rows`` = ``_padded_rows(x, k // 2)``:
    every pixel's products with the k x k filter taps in one matrix product, then the taps' shifted sum."""
    c, k = f.shape[1], f.shape[-1]
    taps = (rows @ f[0].reshape(c, k * k)).view(n, h + k - 1, w + k - 1, k * k)
    s = taps[:, 0:h, 0:w, 0].clone()
    for i in range(1, k * k):
        dy, dx = divmod(i, k)
        s += taps[:, dy:dy + h, dx:dx + w, i]
    return s[:, None]


def _corr_grad(rows: torch.Tensor, d: torch.Tensor, k: int) -> torch.Tensor:
    """The gradient of sum(d . _corr(rows, f)) with respect to f (1, C, k, k); ``d`` is (N, 1, H, W)."""
    n, _, h, w = d.shape
    shifted = d.new_zeros(n, h + k - 1, w + k - 1, k * k)
    for i in range(k * k):
        dy, dx = divmod(i, k)
        shifted[:, dy:dy + h, dx:dx + w, i] = d[:, 0]
    return (rows.T @ shifted.view(-1, k * k)).view(1, -1, k, k)


def _taps_corr(xp: torch.Tensor, f: torch.Tensor, h: int, w: int) -> torch.Tensor:
    """``F.conv2d(x, f, padding=k // 2)`` for one output channel, ``xp`` = x zero-padded by k // 2: each
    sample's products with the k x k filter taps as one batched matrix product ((k k, C) x (C, pixels)),
    then the taps' shifted sum."""
    n, c, hp, wp = xp.shape
    k = f.shape[-1]
    taps = torch.matmul(f[0].reshape(c, k * k).T, xp.reshape(n, c, hp * wp)).view(n, k * k, hp, wp)
    s = taps[:, 0, 0:h, 0:w].clone()
    for i in range(1, k * k):
        dy, dx = divmod(i, k)
        s += taps[:, i, dy:dy + h, dx:dx + w]
    return s[:, None]


def _taps_grad(xp: torch.Tensor, d: torch.Tensor, k: int) -> torch.Tensor:
    """The gradient of sum(d . _taps_corr(xp, f)) with respect to f (1, C, k, k); ``d`` is (N, 1, H, W)."""
    n, c, hp, wp = xp.shape
    h, w = d.shape[-2:]
    shifted = d.new_zeros(n, k * k, hp, wp)
    for i in range(k * k):
        dy, dx = divmod(i, k)
        shifted[:, i, dy:dy + h, dx:dx + w] = d[:, 0]
    g = torch.matmul(shifted.view(n, k * k, hp * wp), xp.reshape(n, c, hp * wp).transpose(1, 2)).sum(0)
    return g.T.reshape(1, c, k, k)


def _parabola(a: float, b: float, c: float) -> float:
    den = a - 2 * b + c
    if den >= 0 or not np.isfinite(den):
        return 0.0
    return float(np.clip(0.5 * (a - c) / den, -0.5, 0.5))


def make_tracker(config, device: str = "cpu") -> NASTIRTracker:
    from pathlib import Path

    from workbench.core.errors import WorkbenchError

    cfg = config or NASTIRConfig()
    # an even value ran as the next odd one (filter patch 2 * (fs // 2) + 1 wide, scale counts n | 1) while the
    # run's manifest recorded the value given
    # (scale_filter / aspect_filter keep their documented rounding up: their settings step 0, 2, 4 ... from off)
    for name, what in (("filter_size", "the filter is centred on the target's cell"),
                       ("scales", "the searched scales are centred on the current size")):
        v = int(getattr(cfg, name, 1))
        if v % 2 == 0:
            raise setting_error("nas_tir", name, v, f"must be odd ({what})")
    if Path(cfg.weights).is_dir():  # was "weights are missing" of a folder that is there
        inside = Path(cfg.weights) / "weights.pt"
        raise WorkbenchError(f"{cfg.weights}: a folder, not a weights file: give a file, e.g. "
                             + (str(inside) if inside.is_file() else "a training's DIR/weights.pt "
                                "(`workbench train nas_tir --out DIR` writes it)"))
    if not Path(cfg.weights).is_file():
        raise WorkbenchError(f"{cfg.weights}: nas_tir weights are missing; make them with `workbench search nas_tir` "
                             "and `workbench train nas_tir`, then set weights=PATH")
    if cfg.threads > 0:
        torch.set_num_threads(int(cfg.threads))
    return NASTIRTracker(cfg, device)
