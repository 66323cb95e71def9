"""HA-Net tracking: crops, the two branches, fusion, penalties, the online template update.

Per frame: a search crop of 2.5 template sides around the last position (160 px), the Siamese branch
on its false colour gives R_rgb (foreground probability) and box distances, the hyperspectral branch
on all bands gives R_hsi; R_fus = alpha R_rgb + beta R_hsi. The peak of R_fus, after a scale / aspect
change penalty and a cosine window, picks the position; the box regressed there gives the size
(smoothed). Online update (paper sec. 2.3): every ``online_interval`` frames the highest-confidence
frame of the interval becomes the online template Z_online; each branch's score is then
(1 - w) R(Z) + w R(Z_online).

Bands: the weights take ``model.hsi.bands`` bands at the centres ``crops.network_wavelengths`` gives
(the 16 XIMEA VIS bands in mosaic order for the shipped file). A cube with wavelengths
(``use_sequence(seq)`` or ``set_wavelengths``, before ``initialize``) is resampled to them by
wavelength (``crops.band_map``: reordered when it has the same centres, else averaged / interpolated
over each network band's range; bands outside the cube's range named); without wavelengths, or when
the cube covers none of the network's range, by band index, said once (a ``DataWarning``).
``band_note`` keeps what was done.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import numpy as np

from workbench.core.boxes import Box, first_box, size_change_penalty, size_floor
from workbench.core.errors import WorkbenchError
from workbench.core.methods import MapLayer, TrackOutput
from workbench.core.spectral_color import group_weights
from workbench_hanet.config import HANetConfig, HANetRGBConfig
from workbench_hanet.crops import band_map, context_side, crop, frame_scale, grid_points, to_inputs
from workbench_hanet.model import (X_SIZE, Z_SIZE, HANet, TrackingNet, bands_in_state, hsi_members_in_state,
                                   hsi_width_in_state, out_size)

MAP_NAMES = ("response_rgb", "response_hsi", "response_fused")
# the crops are cut as for a box at least this many px a side: a 1 x 1 px box's search crop, about 5 px across, was
# smaller than the target's motion from frame to frame (a 1 x 1 target moving ~1 px a frame was lost at once on
# generated cubes; 2 x 2: followed); the box itself is not grown
SMALLEST_CROP_SIDE = 2.0
MIN_SIDE = 4.0  # the smallest box side (px) tracking shrinks a box to (a smaller first box: its own side)



def crop_side(w: float, h: float) -> float:
    """The template crop's side in frame pixels (``context_side``) for a box taken as at least ``SMALLEST_CROP_SIDE``
    px a side (a groundtruth start on a 1 x 1 px target: the crop of a 2 x 2 px one)."""
    return context_side(max(w, SMALLEST_CROP_SIDE), max(h, SMALLEST_CROP_SIDE))


class _PlainNet:
    """``HANet``'s own modules behind ``TrackingNet``'s calls: the reference the folded network is checked
    against (``HANetTracker(fast=False)``), and the path for a model left in training mode."""

    def __init__(self, model: HANet):
        self.model = model

    def template_rgb(self, z):
        return self.model.rgb.template(z)

    def features_rgb(self, x):
        return self.model.rgb.backbone(x)

    def search_rgb(self, kernels, feats, with_reg: bool = True):
        return self.model.rgb.search(kernels, None, fx=feats, with_reg=with_reg)

    def template_hsi(self, z):
        return self.model.hsi.template(z)

    def features_hsi(self, x):
        return self.model.hsi.features(x)

    def score_hsi(self, kernels, feats):
        return self.model.hsi.score(kernels, feats)


def load_model(weights: str | Path | None, bands: int = 16, device: str = "cpu") -> HANet:
    """HA-Net with weights (state_dict or checkpoint, weights-only); ``weights`` empty: untrained."""
    from workbench.core.training.checkpoints import load_checkpoint

    if weights:
        p = Path(weights)
        if p.is_dir():  # was "weights file not found" of a folder that is there
            inside = [f.name for f in (p / n for n in ("best_weights.pt", "best.pt", "last.pt")) if f.is_file()]
            raise WorkbenchError(f"{p}: a folder, not a weights file: give a file, e.g. "
                                 + (" or ".join(str(p / n) for n in inside) if inside else
                                    "a training's DIR/best_weights.pt (`workbench train hanet --out DIR` writes it)"))
        if not p.is_file():
            raise WorkbenchError(f"{p}: HA-Net weights file not found (train with `workbench train hanet` or "
                                 "point the 'weights' setting at a file)")
        sd = load_checkpoint(p)["model"]
        try:
            bands, width, members = bands_in_state(sd), hsi_width_in_state(sd), hsi_members_in_state(sd)
        except KeyError as exc:
            from workbench.core.training.checkpoints import CheckpointError

            raise CheckpointError(p, str(exc.args[0]) if exc.args else "not HA-Net weights") from None
        model = HANet(bands, width, hsi_members=members or None)
        from workbench.core.training.checkpoints import load_weights

        load_weights(p, model)
    else:
        model = HANet(bands)
    return model.to(device).eval()


class HANetTracker:
    modalities = ("hsi",)
    # a box the user gives (--init, the window's box) under 2 px a side is refused before it is made, as its Plugin
    # declares (smallest_user_box, config.SMALLEST_USER_SIDE); a groundtruth start is tracked whatever its size

    def __init__(self, config: HANetRGBConfig, device: str = "cpu", model: HANet | None = None,
                 use_hsi: bool = True, name: str = "hanet", fast: bool = True):
        """``fast``: track with ``model.TrackingNet`` (batch norm folded, channels-last on the CPU: the same
        boxes and maps to float rounding; the shipped file ~1.3x faster per frame in CPU time on a 2-core
        AVX2 VM); False: with ``HANet``'s modules as they are.
        ``self.model`` is the ``HANet`` either way (never folded); the folded copy is made at each
        ``initialize``, so a model trained between sequences is tracked with its current weights."""
        if use_hsi and not float(getattr(config, "alpha", 1.0)) + float(getattr(config, "beta", 0.0)) > 0:
            # both maps weighted 0: R_fus was zero everywhere and the box followed the cosine window alone
            raise WorkbenchError(f"{name}: alpha and beta are both 0: the fused map alpha R_rgb + beta R_hsi is zero "
                                 "everywhere; give alpha > 0 (false colour) and / or beta > 0 (hyperspectral)")
        self.config = config
        self.fast = fast
        self._net = None
        self.device = device
        self.use_hsi = use_hsi
        self.name = name
        self.model = model if model is not None else load_model(config.weights, device=device)
        self.bands = self.model.hsi.bands
        self._wavelengths, self._units = None, None  # the cube's (``use_sequence`` / ``set_wavelengths``)
        self._source: str | None = None  # the video's file (``use_sequence``), named in the band notes
        self._band_map = None
        self.band_note: str | None = None  # how the cube's bands became the network's (None: as they are)
        self._said: set[str] = set()
        n = out_size()
        self._grid = grid_points()
        hann = np.hanning(n + 2)[1:-1]
        self._window = np.outer(hann, hann).astype(np.float32)
        self._window /= self._window.max()

    # --- helpers --------------------------------------------------------------------------
    def _prep(self, frame: np.ndarray, cx: float, cy: float, side: float, out: int):
        return self._inputs(self._band_map(crop(frame, cx, cy, side, out)))

    def _inputs(self, c: np.ndarray):
        """(false colour, cube or None) of a band-mapped crop, as the network takes them (channels-last views for
        the folded network on the CPU)."""
        import torch

        if getattr(self._net, "channels_last", False):
            rgb, hsi = to_inputs(c, self._scale, self._weights_f32, channels_last=True)
            return rgb.to(self.device), (hsi.to(self.device) if self.use_hsi else None)
        rgb, hsi = to_inputs(c, self._scale, self._weights)
        t = lambda a: torch.from_numpy(a)[None].to(self.device)  # noqa: E731
        return t(rgb), (t(hsi) if self.use_hsi else None)

    def _templates(self, frame, cx, cy, w, h):
        z_rgb, z_hsi = self._prep(frame, cx, cy, crop_side(w, h), Z_SIZE)
        with self._grad_off():
            k_rgb = self._net.template_rgb(z_rgb)
            k_hsi = self._net.template_hsi(z_hsi) if self.use_hsi else None
        return k_rgb, k_hsi

    def _grad_off(self):
        import torch

        # inference_mode skips autograd's version counting; the plain path keeps no_grad as it always had
        return torch.inference_mode() if isinstance(self._net, TrackingNet) else torch.no_grad()

    @contextmanager
    def _threads(self):
        import torch

        n = int(getattr(self.config, "cpu_threads", 0) or 0)
        if n <= 0 or self.device != "cpu":
            yield
            return
        before = torch.get_num_threads()
        torch.set_num_threads(n)
        try:
            yield
        finally:
            torch.set_num_threads(before)

    # --- the cube's bands ---------------------------------------------------------------
    def set_wavelengths(self, wavelengths, units: str | None = None, source: str | None = None) -> None:
        """The band centres of the frames to come (any order; ``units`` as the file names them, None:
        guessed from the values), or None: unknown; ``source``: the video they come from, which a note on its bands
        names. Takes effect at the next ``initialize``."""
        self._wavelengths = None if wavelengths is None else np.asarray(wavelengths, dtype=np.float64).ravel()
        self._units = units
        self._source = source

    def use_sequence(self, seq) -> None:
        """Take the band centres from a sequence's ``meta`` (``wavelengths``, ``wavelength_units``), as the
        cube readers give them (an ENVI ``bbl``'s bad bands already left out), and its file for the notes (a
        dataset run's warning named no video)."""
        meta = getattr(seq, "meta", None) or {}
        path = getattr(seq, "path", None)
        self.set_wavelengths(meta.get("wavelengths"), meta.get("wavelength_units"),
                             str(path) if path is not None else getattr(seq, "name", None))

    # --- protocol -------------------------------------------------------------------------
    def initialize(self, frame: np.ndarray, box: Box) -> None:
        with self._threads():
            self._initialize(frame, box)

    def track(self, frame: np.ndarray) -> TrackOutput:
        with self._threads():
            return self._track(frame)

    def _initialize(self, frame: np.ndarray, box: Box) -> None:
        f = np.asarray(frame)
        if f.ndim != 3:
            raise WorkbenchError(f"{self.name} tracks hyperspectral cubes (H, W, bands), got a frame of shape {f.shape}")
        who = f"{self.name}: {self._source}" if self._source else self.name
        self._band_map = band_map(f.shape[2], self.bands, self._wavelengths, self._units, who)
        self.band_note = self._band_map.note
        if self._band_map.warn and self.band_note not in self._said:
            from workbench.core.errors import warn_data

            # a DataWarning: the command line shows it as one 'warning: ...' line, not Python's two-line
            # 'tracker.py:109: UserWarning: ...' with the source line under it; once per tracker, video and case
            warn_data(self.band_note, paths=(str(Path(self._source).parent),) if self._source else ())
            self._said.add(self.band_note)
        if self._band_map.kind == "matrix":
            # the scale of the bands the network sees (a 400-2500 nm cube's SWIR bands set no VIS scale),
            # from the rows and columns ``frame_scale`` would take
            self._scale = frame_scale(self._band_map(np.ascontiguousarray(f[::4, ::4])), step=1)
        else:  # the same values in another order, or as before (by index)
            self._scale = frame_scale(f)
        self._weights = group_weights(self.bands)
        # folded afresh for each sequence (cheap: ~1 ms); a model in training mode (batch statistics) as it is
        self._net = TrackingNet(self.model) if self.fast and not self.model.training else _PlainNet(self.model)
        self._weights_f32 = self._weights.astype(np.float32)
        first = first_box(box, self.name)
        x, y, w, h = first
        # the box's floor (MIN_SIDE px) never grows a smaller first box: a 2 x 2 px target was tracked as 4 x 4
        self._floor = size_floor(MIN_SIDE, first)
        self._cx, self._cy, self._w, self._h = x + w / 2, y + h / 2, w, h
        self._frame_hw = f.shape[:2]
        self._k = self._templates(f, self._cx, self._cy, self._w, self._h)
        self._k_online = None
        self._frame_no = 0
        self._best = (-1.0, None)  # (score, (frame, box)) of the best frame of the current interval

    def _scores(self, fx_rgb, x_hsi):
        """Foreground probabilities of each branch, with the online template fused in."""
        import torch

        cfg = self.config
        net = self._net
        cls, reg = net.search_rgb(self._k[0], fx_rgb)
        p_rgb = torch.sigmoid(cls)
        p_hsi = None
        if self.use_hsi:
            fh = net.features_hsi(x_hsi)
            p_hsi = torch.sigmoid(net.score_hsi(self._k[1], fh))
        if self._k_online is not None and cfg.online_weight > 0:
            wgt = cfg.online_weight
            c2, _ = net.search_rgb(self._k_online[0], fx_rgb, with_reg=False)
            p_rgb = (1 - wgt) * p_rgb + wgt * torch.sigmoid(c2)
            if self.use_hsi:
                p_hsi = (1 - wgt) * p_hsi + wgt * torch.sigmoid(net.score_hsi(self._k_online[1], fh))
        return p_rgb[0, 0].cpu().numpy(), (p_hsi[0, 0].cpu().numpy() if p_hsi is not None else None), \
            reg[0].cpu().numpy()

    def _track(self, frame: np.ndarray) -> TrackOutput:
        cfg = self.config
        f = np.asarray(frame)
        self._frame_no += 1
        s_z = crop_side(self._w, self._h)
        s_x = s_z * X_SIZE / Z_SIZE
        x_rgb, x_hsi = self._prep(f, self._cx, self._cy, s_x, X_SIZE)
        with self._grad_off():
            fx = self._net.features_rgb(x_rgb)
            p_rgb, p_hsi, reg = self._scores(fx, x_hsi)
        if self.use_hsi:
            alpha, beta = float(getattr(cfg, "alpha", 1.0)), float(getattr(cfg, "beta", 0.0))
            fused = HANet.fuse(p_rgb, p_hsi, alpha, beta)
            score = fused / max(alpha + beta, 1e-9)
        else:
            fused, score = p_rgb, p_rgb
        k = X_SIZE / s_x  # crop px per frame px
        pw, ph = reg[0] + reg[2], reg[1] + reg[3]
        cw, ch = self._w * k, self._h * k
        penalty = size_change_penalty(pw, ph, cw, ch, cfg.penalty_k)
        pscore = penalty * score
        pscore = pscore * (1 - cfg.window_influence) + self._window * cfg.window_influence
        i, j = np.unravel_index(int(np.argmax(pscore)), pscore.shape)
        gx, gy = self._grid[i, j]
        l, t, r, b = reg[:, i, j]
        bx, by = gx + (r - l) / 2, gy + (b - t) / 2
        cx = self._cx + (bx - X_SIZE / 2) / k
        cy = self._cy + (by - X_SIZE / 2) / k
        lr = float(penalty[i, j] * score[i, j] * cfg.size_lr)
        w = self._w * (1 - lr) + (l + r) / k * lr
        h = self._h * (1 - lr) + (t + b) / k * lr
        H, W = self._frame_hw
        self._cx, self._cy = float(np.clip(cx, 0, W)), float(np.clip(cy, 0, H))
        self._w, self._h = float(np.clip(w, self._floor[0], W)), float(np.clip(h, self._floor[1], H))
        conf = float(score[i, j])
        self._online(f, conf)
        box = Box(self._cx - self._w / 2, self._cy - self._h / 2, self._w, self._h)
        half = (out_size() * 8 / 2) / k  # the response grid spans out_size * stride crop px
        region = Box(self._cx - (bx - X_SIZE / 2) / k - half, self._cy - (by - X_SIZE / 2) / k - half,
                     2 * half, 2 * half)
        maps = {"response_rgb": MapLayer(p_rgb, region)}
        if self.use_hsi:
            maps["response_hsi"] = MapLayer(p_hsi, region)
            maps["response_fused"] = MapLayer(fused, region)
        return TrackOutput(box, conf, maps)

    def _online(self, frame: np.ndarray, conf: float) -> None:
        cfg = self.config
        if cfg.online_interval <= 0:
            return
        if conf > self._best[0]:
            # keep the crop, not the frame: the template is cut when the interval ends
            self._best = (conf, (crop(frame, self._cx, self._cy, crop_side(self._w, self._h), Z_SIZE)))
        if self._frame_no % cfg.online_interval == 0:
            best_conf, zc = self._best
            self._best = (-1.0, None)
            if zc is not None and best_conf >= cfg.online_min_score:
                rgb, hsi = self._inputs(self._band_map(zc))
                with self._grad_off():
                    k_rgb = self._net.template_rgb(rgb)
                    k_hsi = self._net.template_hsi(hsi) if self.use_hsi else None
                self._k_online = (k_rgb, k_hsi)


def make_hanet(config: HANetConfig | None, device: str = "cpu") -> HANetTracker:
    return HANetTracker(config or HANetConfig(), device, use_hsi=True, name="hanet")


def make_hanet_rgb(config: HANetRGBConfig | None, device: str = "cpu") -> HANetTracker:
    return HANetTracker(config or HANetRGBConfig(), device, use_hsi=False, name="hanet_rgb")
