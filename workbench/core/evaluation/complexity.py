"""Parameter and operation counts of a torch model, measured with forward hooks.

Convention (``"thop"``, the default), the one the IR small-target papers use when they quote "FLOPs"
(LW-IRSTNet's 303.53 M for 3x256x256, DNANet, AGPCNet ... all print ``thop.profile`` output):

* Conv2d / Conv1d / Conv3d: multiply-accumulates = output elements x (in_channels / groups) x kernel
  area (+1 per output element with a bias). One MAC is counted as one "FLOP".
* ConvTranspose2d: the same formula applied to the *output* tensor, which is what thop does
  (it over-counts a strided transposed conv by about stride^2 versus the true MACs; kept for
  comparability with published numbers).
* Linear: output elements x in_features.
* BatchNorm: 2 ops per element, x2 when affine (thop >= 0.1 ``count_normalization``).
* PReLU: 1 op per element (thop ``count_prelu`` in eval mode).
* ReLU / Dropout / MaxPool / identity: 0 (thop's ``zero_ops``).
* AvgPool / adaptive pooling / upsampling: ignored as well (none in LW-IRSTNet).

``convention="macs"`` counts conv / linear MACs only (no BN), ``"flops"`` gives 2 x MACs plus the
element-wise ops of BN (2 / element) and PReLU (1 / element): true floating-point operations.
Sums made with ``+`` in ``forward`` are functional calls, not modules, and are never counted.

Check against the paper: our LW-IRSTNet has 163,236 parameters (paper: 0.1632 M) and 304.05 M
"thop" ops at 1x3x256x256 (paper: 303.53 M). The 0.52 M difference is exactly the PReLU of the four
depthwise 3x3 convs (128 ch x 32 x 32 x 4 modules): the authors' released code puts a ReLU there
(their ``dw_conv`` helper), while the paper says PReLU throughout the encoder; we follow the paper.
Conv MACs alone are 281.4 M.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

CONVENTIONS = ("thop", "macs", "flops")


@dataclass
class Complexity:
    params: int
    ops: float  # in the chosen convention
    convention: str
    input_shape: tuple
    per_type: dict = field(default_factory=dict)

    @property
    def params_m(self) -> float:
        return self.params / 1e6

    @property
    def ops_m(self) -> float:
        return self.ops / 1e6

    def as_dict(self) -> dict:
        return {"params": self.params, "ops": self.ops, "convention": self.convention,
                "input_shape": list(self.input_shape), "per_type": dict(self.per_type)}


def count_params(model, trainable_only: bool = False) -> int:
    return int(sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only))


def _conv_macs(m, out) -> float:
    k = 1
    for s in m.kernel_size:
        k *= s
    per_out = (m.in_channels // m.groups) * k
    if m.bias is not None:
        per_out += 1
    return float(out.numel()) * per_out


def _op_count(m, inp, out, convention: str) -> tuple[str, float]:
    from torch import nn

    name = type(m).__name__
    if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)):
        macs = _conv_macs(m, out)
        return name, macs * (2 if convention == "flops" else 1)
    if isinstance(m, nn.Linear):
        macs = float(out.numel()) * (m.in_features + (1 if m.bias is not None else 0))
        return name, macs * (2 if convention == "flops" else 1)
    if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):
        if convention == "macs":
            return name, 0.0
        n = float(inp[0].numel())
        if convention == "thop":
            return name, 2 * n * (2 if m.affine else 1)
        return name, 2 * n
    if isinstance(m, nn.PReLU) and convention in ("thop", "flops"):
        return name, float(out.numel())
    return name, 0.0


def measure(model, input_shape=(1, 3, 256, 256), convention: str = "thop", device: str = "cpu") -> Complexity:
    """Parameters and operations of one forward pass on zeros of ``input_shape`` (batch included).

    The pass runs in eval mode under ``no_grad`` on a copy of the model's modules that shares its parameters and
    buffers (``eval_copy``): the model itself is left as it is. It was switched to eval mode and back in place,
    so a trainer holding the same model on another thread ran its steps in eval mode meanwhile (batch norm on its
    running statistics, dropout off), and a mode it set during the pass was undone at its end.
    """
    import torch

    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
    import threading

    per_type: dict[str, float] = {}
    handles = []
    mine = threading.get_ident()

    def hook(m, inp, out):
        # only this pass: another thread's forward pass through these modules while they are measured (the
        # pruning inspector's FPS timing beside its table's count, when they were the model's own) was counted too
        if threading.get_ident() != mine:
            return
        name, ops = _op_count(m, inp, out, convention)
        if ops:
            per_type[name] = per_type.get(name, 0.0) + ops

    with eval_copy(model) as twin:
        for m in twin.modules():
            if len(list(m.children())) == 0:  # leaves only: containers would double count
                handles.append(m.register_forward_hook(hook))
        try:
            with torch.no_grad():
                twin(torch.zeros(tuple(input_shape), device=device))
        finally:
            for h in handles:
                h.remove()
    return Complexity(count_params(model), float(sum(per_type.values())), convention, tuple(input_shape), per_type)


@contextmanager
def eval_copy(model):
    """``model`` in eval mode for a pass that reads it only (``no_grad``): a copy of its modules holding the model's
    own parameters and buffers (no second copy of the weights; batch norm on its running statistics), so the model
    itself keeps its mode for a trainer stepping it on another thread meanwhile. A model that cannot be copied (a
    module holding a lock, an open file) is switched to eval mode itself for the block, and back after it."""
    import copy

    from torch import nn

    shared = {id(t): t for t in (*model.parameters(), *model.buffers())}
    try:
        twin = copy.deepcopy(model, memo=shared)
    except Exception:  # noqa: BLE001 - what cannot be copied: in place, as before
        twin = None
    if isinstance(twin, nn.Module):
        yield twin.eval()
        return
    was_training = model.training
    try:
        yield model.eval()
    finally:
        model.train(was_training)
