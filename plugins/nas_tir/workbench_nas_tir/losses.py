"""Joint supervision for retraining (Section 3.4): L = L_cls + L_BHTri + gamma L_CT.

* ``L_cls``: softmax cross-entropy over the identities of the batch's dataset (the identity
  classifier keeps pedestrians apart; the tracker's foreground / background decision is learned
  online by its own classifier, see tracker.py);
* ``L_BHTri``: batch-hard triplet loss (Hermans et al. 2017), eq. (4): for every anchor the farthest
  positive and the nearest negative in the M x N batch, hinge with margin delta = 0.3, averaged;
* ``L_CT``: centre loss (Wen et al. 2016): half the squared distance of each embedding to its
  identity's learned centre, averaged over the batch; gamma = 0.5.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F


def pairwise_distances(e: torch.Tensor) -> torch.Tensor:
    sq = (e * e).sum(dim=1)
    d2 = sq[:, None] + sq[None, :] - 2.0 * e @ e.t()
    return d2.clamp_min(1e-12).sqrt()


def batch_hard_triplet(emb: torch.Tensor, labels: torch.Tensor, margin: float = 0.3) -> torch.Tensor:
    d = pairwise_distances(emb)
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(len(labels), dtype=torch.bool, device=emb.device)
    pos = same & ~eye
    hardest_pos = torch.where(pos, d, torch.zeros_like(d)).max(dim=1).values
    hardest_neg = torch.where(~same, d, torch.full_like(d, float("inf"))).min(dim=1).values
    valid = pos.any(dim=1) & (~same).any(dim=1)
    if not bool(valid.any()):
        return emb.sum() * 0.0
    return F.relu(margin + hardest_pos - hardest_neg)[valid].mean()


class CenterLoss(nn.Module):
    def __init__(self, n_classes: int, dims: int):
        super().__init__()
        self.centers = nn.Parameter(torch.randn(n_classes, dims) * 0.1)

    def forward(self, emb: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return 0.5 * ((emb - self.centers[labels]) ** 2).sum(dim=1).mean()


def joint_loss(logits, emb, labels, center: CenterLoss | None = None, margin: float = 0.3, gamma: float = 0.5,
               use_triplet: bool = True) -> tuple[torch.Tensor, dict]:
    parts = {}
    total = emb.new_zeros(())
    if logits is not None:
        parts["cls"] = F.cross_entropy(logits, labels)
        total = total + parts["cls"]
    if use_triplet:
        parts["triplet"] = batch_hard_triplet(emb, labels, margin)
        total = total + parts["triplet"]
    if center is not None and gamma > 0:
        parts["center"] = center(emb, labels)
        total = total + gamma * parts["center"]
    return total, {k: float(v.detach()) for k, v in parts.items()}
