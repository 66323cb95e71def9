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
