"""A convolution with the BatchNorm after it folded in, for the trackers' inference copies of their networks.

``folded(conv, bn)``: the weight and bias of one convolution that gives ``bn(conv(x))`` in eval mode, computed in
float64 on the CPU whatever the weights' device and dtype (the product is rounded once) and returned there in
float64: the caller casts and lays them out as its kernels want. ``lo``: the first of the BatchNorm's channels
that belong to this convolution (a BatchNorm over two concatenated convolutions is folded into each in turn).
"""
from __future__ import annotations


def folded(conv, bn=None, lo: int = 0):
    """(weight, bias) of ``conv`` with ``bn`` (channels ``lo:lo + out``; None: none) folded in, float64 on the CPU;
    bias None where neither has one."""
    import torch

    d = lambda t: t.detach().to("cpu", torch.float64)  # noqa: E731
    w = d(conv.weight)
    b = d(conv.bias) if conv.bias is not None else None
    if bn is not None:
        sl = slice(lo, lo + w.shape[0])
        s = 1.0 / torch.sqrt(d(bn.running_var)[sl] + bn.eps)
        if bn.weight is not None:
            s = s * d(bn.weight)[sl]
        w = w * s[:, None, None, None]
        b = -d(bn.running_mean)[sl] * s + (b * s if b is not None else 0.0)
        if bn.bias is not None:
            b = b + d(bn.bias)[sl]
    return w, b
