"""The detector: a fully convolutional DarkNet-19-style backbone and a unified regression head.

Every output location (a cell of ``stride`` x ``stride`` input pixels) predicts 7 numbers:
``dx, dy`` (target centre offset from the cell centre, in cells), ``lw, lh`` (log of the size in
cells), ``conf`` (an object is centred here) and two class logits, ``target`` and ``interference``
(flicker pixels, cloud edges and the like, labelled as their own class). No fully connected layer and
no fixed input size: weights trained on 16-80 px crops run unchanged on 640x512 frames.

Loss (the paper's Eq. 2-4): ``a * smoothL1(x, y, w, h)`` over the cells that hold a label +
``b * (BCE(conf) + BCE(target) + BCE(interference))``; position and class terms are averaged over the
labelled cells, conf's BCE is summed over every cell and divided by the number of labelled cells, so
the background keeps its real weight (what makes full frames slow to learn from, and what keeps the
scores calibrated for full-frame detection).

Backbones (``BACKBONES``): ``darknet19`` is DarkNet-19's 18 convolutional layers (Redmon & Farhadi
2017: 3x3 / 1x1 alternation, BN, leaky ReLU, max-pool between stages) with the pools after
``max_stride`` dropped, so the output grid stays fine enough for 1-9 px targets (the paper adjusts
the layers the same way to get one feature-map size for every backbone); ``darknet19_tiny`` is the
same pattern with three stages and 16-48 channels, the default for CPUs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

M = "M"
BACKBONES = {
    "darknet19": [(32, 3), M, (64, 3), M, (128, 3), (64, 1), (128, 3), M, (256, 3), (128, 1), (256, 3), M,
                  (512, 3), (256, 1), (512, 3), (256, 1), (512, 3), M,
                  (1024, 3), (512, 1), (1024, 3), (512, 1), (1024, 3)],
    "darknet19_tiny": [(16, 3), M, (32, 3), M, (32, 3), (16, 1), (48, 3), (48, 3)],
}
DEFAULT_STRIDE = {"darknet19": 8, "darknet19_tiny": 4}
OUT_CHANNELS = 7  # dx, dy, lw, lh, conf, target, interference


# how the differential input is normalised (``differential.normalize`` modes), kept in the weights
NORM_CODES = {"frame": 0, "channel": 1}


def conv_bn(cin: int, cout: int, k: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, k, padding=k // 2, bias=False), nn.BatchNorm2d(cout),
                         nn.LeakyReLU(0.1, inplace=True))


class SeqIRSTNet(nn.Module):
    def __init__(self, backbone: str = "darknet19_tiny", in_channels: int = 3, max_stride: int | None = None,
                 norm: str = "frame"):
        super().__init__()
        if norm not in NORM_CODES:
            raise ValueError(f"norm must be one of {sorted(NORM_CODES)}, got {norm!r}")
        self.input_norm_mode = norm
        if backbone not in BACKBONES:
            raise ValueError(f"backbone must be one of {sorted(BACKBONES)}, got {backbone!r}")
        self.backbone_name = backbone
        self.stride = max_stride or DEFAULT_STRIDE[backbone]
        layers, c, s = [], in_channels, 1
        for item in BACKBONES[backbone]:
            if item == M:
                if s < self.stride:
                    layers.append(nn.MaxPool2d(2, 2))
                    s *= 2
                continue
            cout, k = item
            layers.append(conv_bn(c, cout, k))
            c = cout
        if s != self.stride:
            raise ValueError(f"{backbone} reaches stride {s}, asked for {self.stride}")
        self.backbone = nn.Sequential(*layers)
        self.head = nn.Sequential(conv_bn(c, c, 3), nn.Conv2d(c, OUT_CHANNELS, 1))
        # saved with the weights so a bare state_dict says which grid it was trained for
        self.register_buffer("grid_stride", torch.tensor(self.stride))
        if norm != "frame":  # saved only when it differs from the default, so older weights load unchanged
            self.register_buffer("input_norm", torch.tensor(NORM_CODES[norm]))
        with torch.no_grad():
            self.head[-1].bias.zero_()
            self.head[-1].bias[4] = -4.0  # conf prior ~2%: few cells hold an object

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, 3, H, W) with H, W multiples of ``stride`` -> (B, 7, H/stride, W/stride) raw outputs."""
        return self.head(self.backbone(x))


def build_model(backbone: str = "darknet19_tiny", max_stride: int | None = None, norm: str = "frame") -> SeqIRSTNet:
    return SeqIRSTNet(backbone, 3, max_stride, norm)


def pad_to(x: np.ndarray, stride: int) -> np.ndarray:
    """Zero-pad (C, H, W) at the bottom / right to multiples of ``stride``."""
    h, w = x.shape[-2:]
    ph, pw = (-h) % stride, (-w) % stride
    if ph or pw:
        x = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(0, ph), (0, pw)])
    return x


# --- targets and loss ----------------------------------------------------------------------------
@dataclass
class Encoded:
    pos: torch.Tensor  # (B, h, w) bool: a label's centre falls in this cell
    reg: torch.Tensor  # (B, 4, h, w) dx, dy, lw, lh targets
    cls: torch.Tensor  # (B, 2, h, w) target / interference one-hot


def encode(labels: list[list[tuple]], hw: tuple[int, int], stride: int) -> Encoded:
    """Labels per image, each ``(cx, cy, w, h, cls)`` in input pixels -> dense targets on the grid."""
    B, (h, w) = len(labels), hw
    pos = torch.zeros(B, h, w, dtype=torch.bool)
    reg = torch.zeros(B, 4, h, w)
    cls = torch.zeros(B, 2, h, w)
    for b, labs in enumerate(labels):
        for (cx, cy, bw, bh, c) in labs:
            gx, gy = int(cx // stride), int(cy // stride)
            if not (0 <= gx < w and 0 <= gy < h):
                continue
            pos[b, gy, gx] = True
            reg[b, :, gy, gx] = torch.tensor([cx / stride - gx - 0.5, cy / stride - gy - 0.5,
                                              math.log(max(bw, 0.5) / stride), math.log(max(bh, 0.5) / stride)])
            cls[b, :, gy, gx] = 0.0
            cls[b, int(c), gy, gx] = 1.0
    return Encoded(pos, reg, cls)


def detection_loss(out: torch.Tensor, enc: Encoded, a: float = 1.0, b: float = 1.0) -> tuple[torch.Tensor, dict]:
    """The total loss and its parts (``loc``, ``conf``, ``cls`` as floats)."""
    pos = enc.pos.to(out.device)
    conf = out[:, 4]
    npos = int(pos.sum())
    # plain BCE summed over every cell, normalised by the labelled cells (as RetinaNet / YOLO do):
    # the background keeps its true weight, so a score of 0.5 means what it says on full frames
    l_conf = F.binary_cross_entropy_with_logits(conf, pos.float(), reduction="sum") / max(npos, 1)
    if npos:
        p_reg = out[:, 0:4].permute(0, 2, 3, 1)[pos]
        t_reg = enc.reg.to(out.device).permute(0, 2, 3, 1)[pos]
        l_loc = F.smooth_l1_loss(p_reg, t_reg, reduction="none").sum(1).mean()
        p_cls = out[:, 5:7].permute(0, 2, 3, 1)[pos]
        t_cls = enc.cls.to(out.device).permute(0, 2, 3, 1)[pos]
        l_cls = F.binary_cross_entropy_with_logits(p_cls, t_cls, reduction="none").sum(1).mean()
    else:
        l_loc = l_cls = out.sum() * 0
    loss = a * l_loc + b * (l_conf + l_cls)
    return loss, {"loc": float(l_loc.detach()), "conf": float(l_conf.detach()), "cls": float(l_cls.detach())}


def cell_loss(out: np.ndarray, cx: float, cy: float, w: float, h: float, cls: int | None, stride: int,
              a: float = 1.0, b: float = 1.0) -> float:
    """The loss one label contributes (its cell of one image's output (7, h, w)); ``cls=None`` scores
    the cell as background (conf should be 0): how the refinement ranks labels and unlabelled peaks."""
    gh, gw = out.shape[-2:]
    gx, gy = int(np.clip(cx // stride, 0, gw - 1)), int(np.clip(cy // stride, 0, gh - 1))
    o = out[:, gy, gx].astype(np.float64)

    def bce(logit, t):
        return float(np.logaddexp(0, logit) - t * logit)

    if cls is None:
        return b * bce(o[4], 0.0)
    t = np.array([cx / stride - gx - 0.5, cy / stride - gy - 0.5, math.log(max(w, 0.5) / stride),
                  math.log(max(h, 0.5) / stride)])
    d = np.abs(o[:4] - t)
    sl1 = float(np.where(d < 1, 0.5 * d**2, d - 0.5).sum())
    return a * sl1 + b * (bce(o[4], 1.0) + bce(o[5], float(cls == 0)) + bce(o[6], float(cls == 1)))


# --- decoding ------------------------------------------------------------------------------------
@dataclass
class Detection:
    cx: float
    cy: float
    w: float
    h: float
    score: float
    cls: int = 0  # 0 target, 1 interference
    frame: int = -1


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def decode(out: np.ndarray, stride: int, threshold: float = 0.5, size: tuple[int, int] | None = None,
           frame: int = -1) -> list[Detection]:
    """One image's output (7, h, w) -> detections: cells whose best class score (conf x class) is at
    least ``threshold`` and the largest in their 3x3 neighbourhood. ``size`` = (W, H) drops centres
    outside the frame (in the padding) by the labels' own rule, ``irseq.in_frame`` (-0.5 ... W: a pixel-coordinate
    point's frame and a YOLO box's continuous one both; decoding kept -0.5 ... W - 0.5 while the labels were read
    in 0 ... W, so a YOLO centre in the last pixel's outer half was a sure miss)."""
    from workbench.core.data.irseq import in_frame

    conf = _sigmoid(out[4])
    sc = conf[None] * _sigmoid(out[5:7])
    best = sc.max(0)
    cand = best >= threshold
    if not cand.any():
        return []
    import cv2

    peak = best >= cv2.dilate(best.astype(np.float32), np.ones((3, 3), np.uint8)) - 1e-7
    ys, xs = np.nonzero(cand & peak)
    dets = []
    for y, x in zip(ys, xs):
        cx = (x + 0.5 + float(out[0, y, x])) * stride
        cy = (y + 0.5 + float(out[1, y, x])) * stride
        if size is not None and not in_frame(cx, cy, size):
            continue
        w = float(np.exp(np.clip(out[2, y, x], -6, 4))) * stride
        h = float(np.exp(np.clip(out[3, y, x], -6, 4))) * stride
        c = int(np.argmax(sc[:, y, x]))
        dets.append(Detection(float(cx), float(cy), w, h, float(best[y, x]), c, frame))
    dets.sort(key=lambda d: -d.score)
    return dets


class SeqIRSTEnsemble(nn.Module):
    """K networks of one architecture (the same recipe, trained with different seeds): the output is the
    mean of their raw outputs (logits and box terms), decoded as one network's. Saved as one state_dict
    whose keys are the members' under ``members.<k>.``."""

    def __init__(self, members):
        super().__init__()
        members = list(members)
        if len(members) < 2:
            raise ValueError("an ensemble needs at least two members")
        if len({(m.stride, m.input_norm_mode) for m in members}) != 1:
            raise ValueError("the members of an ensemble must share grid stride and input normalisation")
        self.members = nn.ModuleList(members)
        self.input_norm_mode = members[0].input_norm_mode

    @property
    def stride(self) -> int:
        return self.members[0].stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.members[0](x)
        for m in self.members[1:]:
            out = out + m(x)
        return out / len(self.members)


def member_state_dicts(sd: dict) -> list[dict]:
    """The members' state_dicts of an ensemble's (``members.<k>.`` keys), in order; [sd] for one network."""
    ks = sorted({int(k.split(".")[1]) for k in sd if k.startswith("members.")})
    if not ks:
        return [sd]
    if ks != list(range(len(ks))):
        raise ValueError(f"ensemble members {ks}: expected 0 ... {len(ks) - 1}")
    return [{k[len(f"members.{i}."):]: v for k, v in sd.items() if k.startswith(f"members.{i}.")} for i in ks]


def ensemble_state_dict(state_dicts) -> dict:
    """One state_dict of K members' (each a single network's), loadable by ``model_from_state_dict``."""
    sds = list(state_dicts)
    if any(any(k.startswith("members.") for k in sd) for sd in sds):
        raise ValueError("a member is an ensemble itself")
    return {f"members.{i}.{k}": v for i, sd in enumerate(sds) for k, v in sd.items()}


def load_members(path, members: int = 0) -> list[dict]:
    """The networks' state_dicts in a weights file: one for a single network, K for an ensemble; ``members``
    (> 0): only the first that many, refused when the file holds fewer. Problems name the file."""
    from workbench.core.training.checkpoints import CheckpointError, load_checkpoint

    sd = {k[7:] if k.startswith("module.") else k: v for k, v in load_checkpoint(path)["model"].items()}  # DataParallel
    try:
        parts = member_state_dicts(sd)
    except ValueError as exc:
        raise CheckpointError(path, str(exc)) from None
    if members > len(parts):
        raise CheckpointError(path, f"holds {len(parts)} network(s), {members} asked for (members)")
    return parts[:members] if members else parts


def save_ensemble(weight_files, out):
    """One weights file holding the networks of ``weight_files`` (bare state_dicts or checkpoints of one
    architecture) as an ensemble; checked by building it."""
    from workbench.core.training.checkpoints import CheckpointError, save_file

    files = [Path(f) for f in weight_files]
    sds = [load_members(f) for f in files]
    for f, parts in zip(files, sds):
        if len(parts) != 1:
            raise CheckpointError(f, "is an ensemble itself: members must be single networks")
    for f, parts in zip(files[1:], sds[1:]):  # each member against the first: the one that does not fit is named
        try:
            pair = ensemble_state_dict([sds[0][0], parts[0]])
            model_from_state_dict(pair).load_state_dict(pair)
        except (ValueError, RuntimeError) as exc:
            raise CheckpointError(f, f"cannot join the ensemble of {files[0].name}: "
                                     f"{str(exc).splitlines()[0][:120]}") from None
    return save_file(ensemble_state_dict(parts[0] for parts in sds), out)


def model_from_state_dict(sd: dict) -> nn.Module:
    """The architecture a state_dict was saved from (backbone by its first layer's width, grid stride
    from the ``grid_stride`` buffer); an ensemble's (``members.<k>.`` keys) gives a ``SeqIRSTEnsemble``."""
    members = member_state_dicts(sd)
    if len(members) > 1:
        return SeqIRSTEnsemble([model_from_state_dict(m) for m in members])
    first = sd.get("backbone.0.0.weight")
    if first is None:
        raise ValueError("not a seq_irst state_dict (no backbone.0.0.weight)")
    backbone = {16: "darknet19_tiny", 32: "darknet19"}.get(int(first.shape[0]))
    if backbone is None:
        raise ValueError(f"unknown backbone with a first layer of {int(first.shape[0])} channels")
    stride = int(sd["grid_stride"]) if "grid_stride" in sd else None
    norm = {v: k for k, v in NORM_CODES.items()}.get(int(sd["input_norm"]), "?") if "input_norm" in sd else "frame"
    if norm == "?":
        raise ValueError(f"unknown input normalisation code {int(sd['input_norm'])}")
    return build_model(backbone, stride, norm)


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
