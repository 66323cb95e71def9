"""The self-attention guide of PS-SiamFC++ (Section 3.2): multi-head self-attention over the template
backbone features f_Z with pixels as tokens (query = key = value = f_Z), giving f_Z*; an MSE term
L_mse(f_Z, f_Z*) supervises f_Z. The module exists only while finetuning: it is not a submodule of
``SiamFCpp``, so the inference model and every exported file carry none of its parameters.

How f_Z* gets a useful signal is not spelled out in the paper; our reading (documented in
``train.finetune_loss``): the template branch is also run through f_Z*, so the tracking losses train
the attention, and f_Z is pulled towards f_Z* (stop-gradient on f_Z*), distilling the attention's
inter-dependencies into the pruned backbone that runs alone at inference.
"""
from __future__ import annotations

import torch
from torch import nn


def pick_heads(channels: int, wanted: int = 4) -> int:
    """Number of heads (the pruned channel count need not be divisible: heads have their own width)."""
    return max(1, int(wanted))


class SelfAttentionGuide(nn.Module):
    """Pre-norm multi-head self-attention with a residual: f* = f + W_o MHSA(LN(f))."""

    def __init__(self, channels: int, heads: int = 4, head_dim: int = 32):
        super().__init__()
        self.channels, self.heads, self.head_dim = channels, pick_heads(channels, heads), head_dim
        inner = self.heads * head_dim
        self.norm = nn.LayerNorm(channels)
        self.qkv = nn.Linear(channels, 3 * inner)
        self.proj = nn.Linear(inner, channels)
        nn.init.zeros_(self.proj.weight)  # starts as identity: f* = f
        nn.init.zeros_(self.proj.bias)

    def forward(self, f: torch.Tensor) -> torch.Tensor:
        b, c, h, w = f.shape
        tokens = f.flatten(2).transpose(1, 2)  # (B, HW, C): one token per pixel
        q, k, v = self.qkv(self.norm(tokens)).chunk(3, dim=-1)
        split = lambda t: t.reshape(b, h * w, self.heads, self.head_dim).transpose(1, 2)  # noqa: E731
        att = torch.softmax(split(q) @ split(k).transpose(-1, -2) / self.head_dim ** 0.5, dim=-1)
        out = (att @ split(v)).transpose(1, 2).reshape(b, h * w, self.heads * self.head_dim)
        return f + self.proj(out).transpose(1, 2).reshape(b, c, h, w)
