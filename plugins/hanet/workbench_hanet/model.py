"""HA-Net networks (pure torch, CPU first).

- ``SiamBranch``: the anchor-free Siamese tracker in the SiamBAN style: one backbone shared by the
  template and the search crop, separate 1x1 adjust layers for classification and regression,
  depth-wise cross-correlation, a classification head (one foreground logit per position) and a
  regression head (four distances left / top / right / bottom to the box edges, FCOS / SiamBAN).
- ``HSIClassifier``: the hyperspectral classification branch: a backbone over all bands (the first
  layer mixes all bands, then spatial convolutions), the same depth-wise correlation and a
  classification head; it gives R_hsi on the same grid as R_rgb.
- ``HANet``: both, with ``fuse(alpha, beta)``.

Sizes: template crop ``Z`` = 64 px, search crop ``X`` = 160 px, total stride 8: the response grid is
13 x 13, output position (i, j) looks at search-crop pixel ``X/2 + (j - 6) * 8`` (x) and likewise y.
Small on purpose: HA-Net's paper runs 14 FPS on a GPU with ResNet-50; this one is sized for a CPU
(about 0.2 GMAC per tracked frame at 16 bands; see ``workbench bench hsi``).
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

from workbench.core.folding import folded

Z_SIZE = 64
X_SIZE = 160
STRIDE = 8
CONTEXT = 0.5  # context amount (SiamFC): s_z = sqrt((w + c(w+h)) (h + c(w+h)))
REG_SCALE = 16.0


def out_size(x: int = X_SIZE, z: int = Z_SIZE, stride: int = STRIDE) -> int:
    return x // stride - z // stride + 1


def _cbr(cin: int, cout: int, stride: int = 1, k: int = 3) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


def xcorr_depthwise(x: torch.Tensor, kernel: torch.Tensor) -> torch.Tensor:
    """Depth-wise cross-correlation of each search feature map with its own template's (SiamRPN++)."""
    b, c = kernel.shape[:2]
    out = F.conv2d(x.reshape(1, b * c, x.shape[2], x.shape[3]), kernel.reshape(b * c, 1, kernel.shape[2],
                                                                                kernel.shape[3]), groups=b * c)
    return out.reshape(b, c, out.shape[2], out.shape[3])


class Head(nn.Module):
    """Adjust (1x1) template and search features, correlate, then a small conv tower to ``cout`` maps."""

    def __init__(self, cin: int, mid: int, cout: int):
        super().__init__()
        self.adj_z = nn.Sequential(nn.Conv2d(cin, mid, 1, bias=False), nn.BatchNorm2d(mid))
        self.adj_x = nn.Sequential(nn.Conv2d(cin, mid, 1, bias=False), nn.BatchNorm2d(mid))
        self.tower = nn.Sequential(_cbr(mid, mid), nn.Conv2d(mid, cout, 1))

    def kernel(self, fz: torch.Tensor) -> torch.Tensor:
        return self.adj_z(fz)

    def forward(self, kz: torch.Tensor, fx: torch.Tensor) -> torch.Tensor:
        return self.tower(xcorr_depthwise(self.adj_x(fx), kz))


class SiamBranch(nn.Module):
    """Anchor-free Siamese tracker on 3-channel false colour."""

    def __init__(self, cin: int = 3, width: int = 96, mid: int = 64):
        super().__init__()
        self.backbone = nn.Sequential(_cbr(cin, 32, 2), _cbr(32, 48, 2), _cbr(48, 48), _cbr(48, width, 2),
                                      _cbr(width, width))
        self.cls = Head(width, mid, 1)
        self.reg = Head(width, mid, 4)
        nn.init.constant_(self.cls.tower[-1].bias, -2.0)

    def template(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        fz = self.backbone(z)
        return self.cls.kernel(fz), self.reg.kernel(fz)

    def search(self, kernels, x: torch.Tensor, fx: torch.Tensor | None = None, with_reg: bool = True):
        """(cls logits (B, 1, 13, 13), ltrb distances in search-crop px (B, 4, 13, 13) or None)."""
        fx = self.backbone(x) if fx is None else fx
        cls = self.cls(kernels[0], fx)
        reg = torch.exp(self.reg(kernels[1], fx).clamp(-6, 6)) * REG_SCALE if with_reg else None
        return cls, reg

    def forward(self, z, x):
        return self.search(self.template(z), x)


class HSIClassifier(nn.Module):
    """Hyperspectral classification branch: all bands in, a foreground logit map out."""

    def __init__(self, bands: int = 16, width: int = 64, mid: int | None = None):
        super().__init__()
        self.bands = bands
        self.width = int(width)
        mid = int(mid) if mid else self.width * 3 // 4
        c1, c2 = self.width // 2, self.width * 3 // 4  # 32, 48 at the default width 64
        # the first layer mixes all bands (spectral) over a 3x3 neighbourhood at stride 2
        self.backbone = nn.Sequential(_cbr(bands, c1, 2), _cbr(c1, c2, 2), _cbr(c2, width, 2), _cbr(width, width))
        self.cls = Head(width, mid, 1)
        nn.init.constant_(self.cls.tower[-1].bias, -2.0)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        return self.backbone(x)

    def score(self, kernel: torch.Tensor, fx: torch.Tensor) -> torch.Tensor:
        """Foreground logits of search features ``fx`` (``features``) against a template ``kernel``."""
        return self.cls(kernel, fx)

    def template(self, z: torch.Tensor) -> torch.Tensor:
        return self.cls.kernel(self.backbone(z))

    def search(self, kernel: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return self.score(kernel, self.features(x))

    def forward(self, z, x):
        return self.search(self.template(z), x)


class HSIEnsemble(nn.Module):
    """Several hyperspectral branches (trained with different seeds) as one: their foreground
    probabilities averaged. The same calls as ``HSIClassifier`` (``template``, ``features``, ``score``,
    ``search``), kernels and features as lists, one per member; tracking only (not trained as a whole)."""

    def __init__(self, bands: int, widths: list[int]):
        super().__init__()
        if not widths:
            raise ValueError("an ensemble needs at least one member")
        self.members = nn.ModuleList(HSIClassifier(bands, w) for w in widths)
        self.bands = bands
        self.width = max(widths)

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        return [m.features(x) for m in self.members]

    def score(self, kernels: list[torch.Tensor], fx: list[torch.Tensor]) -> torch.Tensor:
        """The logit of the members' mean foreground probability (so a sigmoid on it gives that mean)."""
        p = torch.stack([torch.sigmoid(m.score(k, f)) for m, k, f in zip(self.members, kernels, fx)]).mean(0)
        p = p.clamp(1e-7, 1 - 1e-7)
        return torch.log(p) - torch.log1p(-p)

    def template(self, z: torch.Tensor) -> list[torch.Tensor]:
        return [m.template(z) for m in self.members]

    def search(self, kernels: list[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
        return self.score(kernels, self.features(x))

    def forward(self, z, x):
        return self.search(self.template(z), x)


class HANet(nn.Module):
    def __init__(self, bands: int = 16, hsi_width: int = 64, hsi_members: list[int] | None = None):
        """``hsi_members``: the widths of an ensemble of hyperspectral branches (``HSIEnsemble``) instead
        of one branch of ``hsi_width``."""
        super().__init__()
        self.rgb = SiamBranch(3)
        self.hsi = HSIEnsemble(bands, hsi_members) if hsi_members else HSIClassifier(bands, hsi_width)
        self.rgb_frozen = False

    def freeze_rgb(self) -> "HANet":
        """Train the hyperspectral branch only: the Siamese (false-colour) branch keeps its weights and
        its batch-norm statistics (it stays in eval mode when the model is put in training mode)."""
        self.rgb_frozen = True
        for p in self.rgb.parameters():
            p.requires_grad_(False)
        self.rgb.eval()
        return self

    def train(self, mode: bool = True):
        super().train(mode)
        if self.rgb_frozen:
            self.rgb.eval()
        return self

    @staticmethod
    def fuse(p_rgb: torch.Tensor, p_hsi: torch.Tensor, alpha: float, beta: float) -> torch.Tensor:
        """R_fus = alpha * R_rgb + beta * R_hsi (on foreground probabilities), eq. (3) of the paper."""
        return alpha * p_rgb + beta * p_hsi

    def forward(self, z_rgb, x_rgb, z_hsi, x_hsi):
        cls, reg = self.rgb(z_rgb, x_rgb)
        return cls, reg, self.hsi(z_hsi, x_hsi)


def bands_in_state(state: dict) -> int:
    """The band count a HA-Net state_dict was trained for."""
    for k, v in state.items():
        if k.startswith("hsi.") and ".backbone.0.0." in f".{k[4:]}" and k.endswith("weight") and v.ndim == 4:
            return int(v.shape[1])  # the first convolution's input channels
    for k, v in state.items():
        if k.startswith("hsi.") and "backbone." in k and k.endswith("weight") and v.ndim == 4:
            return int(v.shape[1])
    raise KeyError("not a HA-Net state_dict (no hsi.backbone convolution)")


def hsi_width_in_state(state: dict) -> int:
    """The hyperspectral branch's width a HA-Net state_dict was trained with (64 unless ``--hsi-width``);
    an ensemble's widest member."""
    widths = hsi_members_in_state(state)
    if widths:
        return max(widths)
    w = state.get("hsi.backbone.3.0.weight")
    if w is None or getattr(w, "ndim", 0) != 4:
        raise KeyError("not a HA-Net state_dict (no hsi.backbone.3 convolution)")
    return int(w.shape[0])


def hsi_members_in_state(state: dict) -> list[int]:
    """The widths of an ensemble's hyperspectral branches (``hsi.members.<k>.``), [] for one branch."""
    widths = {}
    for k, v in state.items():
        m = k.split(".")
        if len(m) > 5 and m[:2] == ["hsi", "members"] and m[3:6] == ["backbone", "3", "0"] and m[-1] == "weight":
            widths[int(m[2])] = int(v.shape[0])
    if widths and sorted(widths) != list(range(len(widths))):
        raise KeyError(f"hyperspectral ensemble members {sorted(widths)} are not numbered 0..{len(widths) - 1}")
    return [widths[i] for i in range(len(widths))]


def ensemble_state(rgb_state: dict, hsi_states: list[dict]) -> dict:
    """One state_dict of a HA-Net whose false-colour branch is ``rgb_state``'s and whose hyperspectral
    branch is the ensemble of each ``hsi_states``' branch (member k: ``hsi.members.<k>.``)."""
    out = {k: v for k, v in rgb_state.items() if k.startswith("rgb.")}
    for i, sd in enumerate(hsi_states):
        if hsi_members_in_state(sd):
            raise ValueError("a member is itself an ensemble")
        out.update({f"hsi.members.{i}.{k[4:]}": v for k, v in sd.items() if k.startswith("hsi.")})
    return out


# --- tracking: the same network, folded for inference ---------------------------------------------------
# Tracking spends most of its time in the hyperspectral members' convolutions. ``TrackingNet`` computes what
# ``HANet`` in eval mode computes, to float rounding: each BatchNorm folded into the convolution before it
# (its running statistics: eval semantics only), activations and weights channels-last on the CPU (oneDNN's
# fast layout for these 3x3 convolutions), no module dispatch, and the search features' 1x1 adjust layers
# computed once per frame and shared by the first and the online template's scores. It holds plain tensors
# (a snapshot: the ``HANet`` it came from is neither changed nor trained through it). Measured and left out:
# the ensemble's members as one grouped convolution (and their first layers as one concatenated convolution)
# were slower than separate convolutions on this CPU (oneDNN, 1 thread).

class _FoldedConv:
    """A convolution with the BatchNorm after it (if any) folded in, then an optional ReLU."""

    def __init__(self, conv: nn.Conv2d, bn: nn.BatchNorm2d | None, relu: bool, channels_last: bool):
        w, b = folded(conv, bn)  # in float64 on the CPU (any device's weights), then back
        if b is None:
            b = torch.zeros(w.shape[0], dtype=w.dtype)
        w = w.to(conv.weight.device, conv.weight.dtype)
        self.weight = w.contiguous(memory_format=torch.channels_last) if channels_last else w.contiguous()
        self.bias = b.to(conv.weight.device, conv.weight.dtype)
        self.stride, self.padding, self.groups = conv.stride, conv.padding, conv.groups
        self.relu = relu

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        y = F.conv2d(x, self.weight, self.bias, self.stride, self.padding, 1, self.groups)
        return F.relu_(y) if self.relu else y


def _fold_sequence(seq: nn.Sequential, channels_last: bool) -> list[_FoldedConv]:
    """Conv [BatchNorm] [ReLU] runs (``_cbr`` blocks, adjust layers, head towers) as folded convolutions."""
    mods = []
    for m in seq:
        mods.extend(m if isinstance(m, nn.Sequential) else [m])
    out, i = [], 0
    while i < len(mods):
        conv = mods[i]
        if not isinstance(conv, nn.Conv2d):
            raise TypeError(f"cannot fold {type(conv).__name__} (expected a Conv2d at position {i})")
        bn = mods[i + 1] if i + 1 < len(mods) and isinstance(mods[i + 1], nn.BatchNorm2d) else None
        j = i + 1 + (bn is not None)
        relu = j < len(mods) and isinstance(mods[j], nn.ReLU)
        out.append(_FoldedConv(conv, bn, relu, channels_last))
        i = j + relu
    return out


def _run(layers: list[_FoldedConv], x: torch.Tensor) -> torch.Tensor:
    for layer in layers:
        x = layer(x)
    return x


class _FoldedHead:
    def __init__(self, head: Head, channels_last: bool):
        self.adj_z = _fold_sequence(head.adj_z, channels_last)
        self.adj_x = _fold_sequence(head.adj_x, channels_last)
        self.tower = _fold_sequence(head.tower, channels_last)

    def kernel(self, fz: torch.Tensor) -> torch.Tensor:
        return _run(self.adj_z, fz).contiguous()  # xcorr_depthwise reshapes it into one filter per channel

    def score(self, kernel: torch.Tensor, ax: torch.Tensor) -> torch.Tensor:
        """``Head.forward`` on search features already through ``adj_x``."""
        return _run(self.tower, xcorr_depthwise(ax, kernel))


class TrackingNet:
    """A ``HANet`` (in eval mode) for tracking, folded (see above). Kernels and search features are its own
    (``template_*`` / ``features_*``, then ``search_rgb`` / ``score_hsi``): not interchangeable with
    ``HANet``'s."""

    def __init__(self, model: HANet, channels_last: bool | None = None):
        if model.training:
            raise ValueError("TrackingNet folds the batch-norm running statistics: put the model in eval mode "
                             "(model.eval()) first; training uses HANet itself")
        p = next(model.parameters())
        self.device = p.device
        self.channels_last = (p.device.type == "cpu") if channels_last is None else bool(channels_last)
        cl = self.channels_last
        self.rgb_backbone = _fold_sequence(model.rgb.backbone, cl)
        self.rgb_cls, self.rgb_reg = _FoldedHead(model.rgb.cls, cl), _FoldedHead(model.rgb.reg, cl)
        self.ensemble = isinstance(model.hsi, HSIEnsemble)
        members = list(model.hsi.members) if self.ensemble else [model.hsi]
        self.hsi = [(_fold_sequence(m.backbone, cl), _FoldedHead(m.cls, cl)) for m in members]
        self.bands = model.hsi.bands

    def _input(self, x: torch.Tensor) -> torch.Tensor:
        return x.contiguous(memory_format=torch.channels_last) if self.channels_last else x

    # false colour
    def template_rgb(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        fz = _run(self.rgb_backbone, self._input(z))
        return self.rgb_cls.kernel(fz), self.rgb_reg.kernel(fz)

    def features_rgb(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        fx = _run(self.rgb_backbone, self._input(x))
        return _run(self.rgb_cls.adj_x, fx), _run(self.rgb_reg.adj_x, fx)

    def search_rgb(self, kernels, feats, with_reg: bool = True):
        """As ``SiamBranch.search``: (cls logits, ltrb distances or None)."""
        cls = self.rgb_cls.score(kernels[0], feats[0])
        reg = torch.exp(self.rgb_reg.score(kernels[1], feats[1]).clamp(-6, 6)) * REG_SCALE if with_reg else None
        return cls, reg

    # hyperspectral
    # kernels as ``HANet.hsi.template`` gives them (a list for an ensemble, one tensor for one branch), so the
    # two paths' kernels can be compared and exchanged
    def template_hsi(self, z: torch.Tensor) -> list[torch.Tensor] | torch.Tensor:
        z = self._input(z)
        k = [head.kernel(_run(bb, z)) for bb, head in self.hsi]
        return k if self.ensemble else k[0]

    def features_hsi(self, x: torch.Tensor) -> list[torch.Tensor]:
        x = self._input(x)
        return [_run(head.adj_x, _run(bb, x)) for bb, head in self.hsi]

    def score_hsi(self, kernels: list[torch.Tensor] | torch.Tensor, feats: list[torch.Tensor]) -> torch.Tensor:
        """Foreground logits, as ``HSIClassifier.score`` / ``HSIEnsemble.score``."""
        kernels = kernels if self.ensemble else [kernels]
        logits = [head.score(k, f) for (_, head), k, f in zip(self.hsi, kernels, feats)]
        if not self.ensemble:
            return logits[0]
        p = torch.stack([torch.sigmoid(c) for c in logits]).mean(0)
        p = p.clamp(1e-7, 1 - 1e-7)
        return torch.log(p) - torch.log1p(-p)
