"""SiamFC++ (Xu et al., AAAI 2020), the lightweight AlexNet variant, as separate parts.

``backbone`` (AlexNet, shared by both branches) -> ``neck`` (four 3x3 adjust convs: cls / reg for the
template kernel and the search map, then depth-wise cross-correlation) -> ``head`` (classification,
centre-ness on the classification tower, (l, t, r, b) regression on the box tower). Parts are kept
apart (as video_analyst registers them) so ``surgery.py`` can rebuild any conv physically smaller.
Every conv is ``ConvBN`` (conv, optional BN, optional ReLU) and its channel counts come from one
``widths`` dict, so a pruned model is rebuilt from the shapes in its state_dict alone.

Geometry (template 127, search 303, stride 8): backbone 6x6 / 28x28, neck 4x4 / 26x26, xcorr 23x23,
three unpadded 3x3 head convs -> a 17x17 score map whose first cell sits 87 px into the search crop.
"""
from __future__ import annotations

import math

import torch
from torch import nn
import torch.nn.functional as F

TOTAL_STRIDE = 8

# name -> (in_from, out, kernel, stride, bn, relu); in_from names the producer of the input channels
BACKBONE = [("conv1", None, 96, 11, 2, True, True), ("conv2", "conv1", 256, 5, 1, True, True),
            ("conv3", "conv2", 384, 3, 1, True, True), ("conv4", "conv3", 384, 3, 1, True, True),
            ("conv5", "conv4", 256, 3, 1, True, False)]


def default_widths(head_width: int = 256, num_conv3x3: int = 3) -> dict[str, int]:
    w = {f"backbone.{n}": out for n, _, out, *_ in BACKBONE}
    for k in ("c_z_k", "r_z_k", "c_x", "r_x"):
        w[f"neck.{k}"] = head_width
    for i in range(num_conv3x3):
        w[f"head.cls_tower.{i}"] = head_width
        w[f"head.box_tower.{i}"] = head_width
    return w


class ConvBN(nn.Module):
    def __init__(self, cin: int, cout: int, k: int, stride: int = 1, bn: bool = True, relu: bool = True,
                 bias: bool = True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, 0, bias=bias)
        self.bn = nn.BatchNorm2d(cout) if bn else None
        self.relu = relu

    def forward(self, x):
        x = self.conv(x)
        if self.bn is not None:
            x = self.bn(x)
        return F.relu(x, inplace=True) if self.relu else x


class AlexNetBackbone(nn.Module):
    """conv1 (11x11/2) pool conv2 (5x5) pool conv3 conv4 conv5 (3x3); conv5 has BN but no ReLU."""

    def __init__(self, widths: dict[str, int], in_ch: int = 3):
        super().__init__()
        prev = in_ch
        for name, _, out, k, s, bn, relu in BACKBONE:
            c = widths[f"backbone.{name}"]
            setattr(self, name, ConvBN(prev, c, k, s, bn, relu))
            prev = c
        self.out_channels = prev

    def forward(self, x):
        x = F.max_pool2d(self.conv1(x), 3, 2)
        x = F.max_pool2d(self.conv2(x), 3, 2)
        return self.conv5(self.conv4(self.conv3(x)))


def xcorr_depthwise(x: torch.Tensor, kernel: torch.Tensor) -> torch.Tensor:
    """Per-channel cross-correlation of search maps (B, C, H, W) with template kernels (B, C, h, w)."""
    b, c = kernel.shape[:2]
    out = F.conv2d(x.reshape(1, b * c, *x.shape[2:]), kernel.reshape(b * c, 1, *kernel.shape[2:]), groups=b * c)
    return out.reshape(b, c, *out.shape[2:])


class Neck(nn.Module):
    """The task-specific adjust layers psi_cls / psi_reg of Eq. (1) and the depth-wise correlation."""

    def __init__(self, widths: dict[str, int], in_ch: int):
        super().__init__()
        for k in ("c_z_k", "r_z_k", "c_x", "r_x"):
            setattr(self, k, ConvBN(in_ch, widths[f"neck.{k}"], 3, 1, True, False))

    def template(self, fz):
        return self.c_z_k(fz), self.r_z_k(fz)

    def forward(self, kernels, fx):
        c_k, r_k = kernels
        return xcorr_depthwise(self.c_x(fx), c_k), xcorr_depthwise(self.r_x(fx), r_k)


class Head(nn.Module):
    """Classification tower -> score and centre-ness; box tower -> exp-scaled (l, t, r, b) offsets."""

    def __init__(self, widths: dict[str, int], cls_in: int, reg_in: int, num_conv3x3: int = 3,
                 cls_final_relu: bool = False):
        super().__init__()
        self.cls_tower = nn.ModuleList()
        self.box_tower = nn.ModuleList()
        pc, pr = cls_in, reg_in
        for i in range(num_conv3x3):
            c, r = widths[f"head.cls_tower.{i}"], widths[f"head.box_tower.{i}"]
            last = i == num_conv3x3 - 1
            self.cls_tower.append(ConvBN(pc, c, 3, 1, bn=not last, relu=not last or cls_final_relu))
            self.box_tower.append(ConvBN(pr, r, 3, 1, bn=not last, relu=not last))
            pc, pr = c, r
        self.cls_score = nn.Conv2d(pc, 1, 1)
        self.ctr_score = nn.Conv2d(pc, 1, 1)
        self.bbox = nn.Conv2d(pr, 4, 1)
        self.bi = nn.Parameter(torch.tensor(0.0))
        self.si = nn.Parameter(torch.tensor(1.0))
        if cls_final_relu:  # video_analyst's tower ends in a ReLU; the buffer carries the flag in the weights
            self.register_buffer("cls_final_relu", torch.tensor(1, dtype=torch.uint8))
        prior = 0.01  # focal-loss prior: start with almost everything background
        nn.init.constant_(self.cls_score.bias, -math.log((1 - prior) / prior))
        for m in (self.cls_score, self.ctr_score, self.bbox):
            nn.init.normal_(m.weight, std=0.01)

    def forward(self, c, r):
        for m in self.cls_tower:
            c = m(c)
        for m in self.box_tower:
            r = m(r)
        cls = self.cls_score(c)
        ctr = self.ctr_score(c)
        # the raw box tower ends linear; relu before the head in video_analyst's DenoisingHead
        return cls, ctr, box_offsets(self.bbox(F.relu(r)), self.si, self.bi)


def box_offsets(raw: torch.Tensor, si, bi) -> torch.Tensor:
    """(l, t, r, b) in crop pixels from the box predictor's raw output: exp(si * raw + bi) x stride."""
    return torch.exp(si * raw + bi) * TOTAL_STRIDE


def score_geometry(x_size: int, z_size: int = 127, num_conv3x3: int = 3) -> tuple[int, float]:
    """(score map side, crop pixel of its first cell) for a search crop of side ``x_size``."""
    score_size = (x_size - z_size) // TOTAL_STRIDE + 1 - 2 * num_conv3x3
    offset = (x_size - 1 - (score_size - 1) * TOTAL_STRIDE) / 2.0
    return score_size, offset


class SiamFCpp(nn.Module):
    """The inference model: no attention parameters live here (attention.py is training-only)."""

    def __init__(self, widths: dict[str, int] | None = None, num_conv3x3: int = 3, cls_final_relu: bool = False):
        super().__init__()
        self.widths = dict(widths or default_widths(num_conv3x3=num_conv3x3))
        self.num_conv3x3 = num_conv3x3
        self.cls_final_relu = bool(cls_final_relu)  # True only for imported video_analyst weights
        self.backbone = AlexNetBackbone(self.widths)
        cb = self.backbone.out_channels
        self.neck = Neck(self.widths, cb)
        self.head = Head(self.widths, self.widths["neck.c_x"], self.widths["neck.r_x"], num_conv3x3,
                         cls_final_relu)

    # template features are computed once per target, search features per frame
    def template_kernels(self, z):
        return self.neck.template(self.backbone(z))

    def track_forward(self, kernels, x):
        c, r = self.neck(kernels, self.backbone(x))
        return self.head(c, r)

    def forward(self, z, x=None):
        """``forward(z, x)`` for training; ``forward(x)`` alone runs the search branch on itself as
        template-free input (used by complexity counting; the template is the centre 127 crop)."""
        if x is None:
            x = z
            s = x.shape[-1]
            o = (s - 127) // 2
            z = x[..., o:o + 127, o:o + 127]
        return self.track_forward(self.template_kernels(z), x)


def widths_from_state_dict(sd: dict) -> tuple[dict[str, int], int]:
    """Channel widths and head depth read off a state_dict's weight shapes (pruned or not)."""
    w = {}
    for k, v in sd.items():
        if k.endswith(".conv.weight"):
            name = k[: -len(".conv.weight")]
            w[name] = int(v.shape[0])
    n = sum(1 for k in w if k.startswith("head.cls_tower."))
    return w, n


def build_from_state_dict(sd: dict, path=None) -> SiamFCpp:
    """A SiamFCpp of the widths in ``sd`` with ``sd`` loaded; a mismatch names ``path`` and the keys."""
    from workbench.core.training.checkpoints import fit_state_dict

    from workbench.core.training.checkpoints import CheckpointError

    widths, n = widths_from_state_dict(sd)
    try:
        model = SiamFCpp(widths, n, cls_final_relu="head.cls_final_relu" in sd)
    except KeyError as exc:  # a layer whose width the file does not give: not this network's weights at all
        keys = list(sd)
        if any(str(k).startswith("basemodel.") for k in keys):
            what = "the authors' video_analyst layout: `workbench import siamfcpp FILE --out F.pt` converts it"
        else:
            what = (f"it holds {len(keys)} tensors" + (f", the first {keys[0]!r}" if keys else "")
                    + ": weights of another network?")
        raise CheckpointError(path, f"not SiamFC++ weights: no {exc.args[0]}.conv.weight ({what})") from None
    return fit_state_dict(model, sd, path)


def count_params(model: nn.Module) -> int:
    return int(sum(p.numel() for p in model.parameters()))
