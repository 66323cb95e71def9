"""FCOS-style targets and the SiamFC++ losses: focal (or plain cross-entropy) classification, IoU
regression over positive locations (Eq. 5, UnitBox -ln IoU), BCE centre-ness (Eq. 8)."""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from workbench_siamfcpp_prune.model import TOTAL_STRIDE


def locations(score_size: int, offset: float, device=None) -> torch.Tensor:
    """Crop-pixel coordinates of the score-map cells, (S,)."""
    return offset + TOTAL_STRIDE * torch.arange(score_size, dtype=torch.float32, device=device)


def make_targets(boxes_xyxy: torch.Tensor, score_size: int, offset: float):
    """Per-cell targets for boxes (B, 4) in search-crop pixels: positive where the cell lies inside
    the box (Eq. 6); (l, t, r, b) distances (Eq. 4); centre-ness (Eq. 7)."""
    loc = locations(score_size, offset, boxes_xyxy.device)
    x = loc.view(1, 1, -1)
    y = loc.view(1, -1, 1)
    b = boxes_xyxy.view(-1, 4, 1, 1)
    zero = torch.zeros(b.shape[0], score_size, score_size, device=boxes_xyxy.device)
    l, t = x - b[:, 0] + zero, y - b[:, 1] + zero
    r, bt = b[:, 2] - x + zero, b[:, 3] - y + zero
    reg = torch.stack([l, t, r, bt], 1)  # (B, 4, S, S)
    pos = (reg.min(1).values > 0).float().unsqueeze(1)
    lr = torch.stack([l, r], 1).clamp(min=1e-6)
    tb = torch.stack([t, bt], 1).clamp(min=1e-6)
    ctr = torch.sqrt((lr.min(1).values / lr.max(1).values) * (tb.min(1).values / tb.max(1).values))
    return pos, reg, ctr.unsqueeze(1) * pos


def focal_loss(logits, target, alpha: float = 0.25, gamma: float = 2.0):
    p = torch.sigmoid(logits)
    ce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
    pt = p * target + (1 - p) * (1 - target)
    w = alpha * target + (1 - alpha) * (1 - target)
    return (w * (1 - pt) ** gamma * ce).sum()


def ltrb_iou(p, t):
    """IoU of (l, t, r, b) boxes sharing a location; the offsets in the last dimension."""
    pa = (p[..., 0] + p[..., 2]) * (p[..., 1] + p[..., 3])
    ta = (t[..., 0] + t[..., 2]) * (t[..., 1] + t[..., 3])
    iw = torch.min(p[..., 0], t[..., 0]) + torch.min(p[..., 2], t[..., 2])
    ih = torch.min(p[..., 1], t[..., 1]) + torch.min(p[..., 3], t[..., 3])
    inter = iw.clamp(min=0) * ih.clamp(min=0)
    return inter / (pa + ta - inter).clamp(min=1e-6)


def iou_loss(pred, target, pos):
    """-ln IoU of (l, t, r, b) boxes sharing a location, over positive cells."""
    m = pos.squeeze(1) > 0
    if not m.any():
        return pred.sum() * 0.0
    iou = ltrb_iou(pred.permute(0, 2, 3, 1)[m], target.permute(0, 2, 3, 1)[m])
    return -torch.log(iou.clamp(min=1e-6)).mean()


@dataclass
class LossWeights:
    cls: float = 1.0
    reg: float = 3.0  # lambda_1 (SiamFC++'s IoU-loss weight)
    cen: float = 1.0  # lambda_2
    mse: float = 1.0  # lambda_3 (attention guidance, finetune only)
    focal: bool = True


def tracking_loss(outputs, boxes_xyxy, score_size: int, offset: float, w: LossWeights | None = None):
    """L_cls + l1 L_reg + l2 L_cen (Eq. 9 without the attention term); returns (total, parts)."""
    w = w or LossWeights()
    cls, ctr, off = outputs
    pos, reg_t, ctr_t = make_targets(boxes_xyxy, score_size, offset)
    npos = pos.sum().clamp(min=1.0)
    if w.focal:
        l_cls = focal_loss(cls, pos) / npos
    else:
        l_cls = F.binary_cross_entropy_with_logits(cls, pos)
    l_reg = iou_loss(off, reg_t, pos)
    m = pos > 0
    l_cen = (F.binary_cross_entropy_with_logits(ctr[m], ctr_t[m]) if m.any() else ctr.sum() * 0.0)
    total = w.cls * l_cls + w.reg * l_reg + w.cen * l_cen
    return total, {"cls": float(l_cls.detach()), "reg": float(l_reg.detach()), "cen": float(l_cen.detach())}


def distill_loss(cls, ctr, target, mask=None):
    """Per-cell Bernoulli KL(target || ours), mean over the cells in ``mask``: ours is the tracker's
    score sigmoid(cls) x sigmoid(ctr) (B, 1, S, S), target the teacher's foreground probability on the
    same cells. Zero when the two maps are equal (BCE less the teacher's own entropy)."""
    eps = 1e-6
    log_s = F.logsigmoid(cls) + F.logsigmoid(ctr)
    s = log_s.exp().clamp(eps, 1 - eps)
    log_s = torch.log(s)
    log_1s = torch.log1p(-s)
    t = target.clamp(0.0, 1.0)
    tl = torch.where(t > 0, t * torch.log(t.clamp(min=eps)), torch.zeros_like(t))
    tl1 = torch.where(t < 1, (1 - t) * torch.log((1 - t).clamp(min=eps)), torch.zeros_like(t))
    kl = tl + tl1 - t * log_s - (1 - t) * log_1s
    if mask is None:
        return kl.mean()
    m = mask.expand_as(kl)
    return (kl * m).sum() / m.sum().clamp(min=1.0)


def parent_loss(outputs, parent_outputs, weight_reg: float = 1.0):
    """Distillation from the unpruned parent (``train ps_siamfcpp --parent``): the per-cell KL of
    ``distill_loss`` between the pruned model's score map and the parent's, plus the parent's boxes as
    regression targets (-ln IoU of the (l, t, r, b) offsets), each cell weighted by the parent's score.
    ``parent_outputs`` come from a no-grad forward of the parent on the same batch; both models share the
    score geometry (pruning changes channel widths only)."""
    cls, ctr, off = outputs
    pcls, pctr, poff = (t.detach().float() for t in parent_outputs)
    target = torch.sigmoid(pcls) * torch.sigmoid(pctr)
    l_kl = distill_loss(cls.float(), ctr.float(), target)
    if not weight_reg:
        return l_kl
    w = target.squeeze(1)
    iou = ltrb_iou(off.float().permute(0, 2, 3, 1), poff.permute(0, 2, 3, 1))
    l_reg = (w * -torch.log(iou.clamp(min=1e-6))).sum() / w.sum().clamp(min=1e-6)
    return l_kl + weight_reg * l_reg
