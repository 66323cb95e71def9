"""Per-frame inference back ends for the SiamFC++ trackers.

The template branch runs once per target in PyTorch; the search branch (backbone, neck adjust convs,
depth-wise correlation, head) runs every frame, either in PyTorch eager or through ONNX Runtime. For
ONNX Runtime the network is first copied with every batch norm folded into its convolution (the same
arithmetic; eval-mode BN is an affine map), then exported in memory with the template kernels as graph
inputs, so one export serves every target. Folding is done here rather than left to the exporter's
constant folding, which produced wrong head outputs for this model (torch 2.13, opset 17: the folded
head towers differed from eager by up to 3.0 on the logits); with the folding done here ONNX Runtime
matches eager to ~1e-5 relative (``tests/plugins/test_siamfcpp_prune.py``).
"""
from __future__ import annotations

import copy
import io

import numpy as np
import torch
from torch import nn

from workbench.core.errors import WorkbenchError

BACKENDS = ("auto", "torch", "onnxruntime")


def fold_batchnorm(model: nn.Module) -> nn.Module:
    """An eval-mode copy of ``model`` whose ConvBN blocks carry their batch norm inside the conv."""
    m = copy.deepcopy(model).eval()
    for mod in m.modules():
        bn = getattr(mod, "bn", None)
        conv = getattr(mod, "conv", None)
        if bn is None or not isinstance(conv, nn.Conv2d):
            continue
        scale = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
        bias = conv.bias.detach() if conv.bias is not None else torch.zeros_like(bn.running_mean)
        fused = nn.Conv2d(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, conv.padding,
                          conv.dilation, conv.groups, bias=True)
        with torch.no_grad():
            fused.weight.copy_(conv.weight.detach() * scale.view(-1, 1, 1, 1))
            fused.bias.copy_((bias - bn.running_mean) * scale + bn.bias.detach())
        mod.conv = fused.eval()
        mod.bn = None
    return m


class _SearchBranch(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x, c_k, r_k):
        return self.model.track_forward((c_k, r_k), x)


def onnxruntime_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("onnxruntime") is not None


def resolve_backend(backend: str, device: str) -> str:
    """``auto``: ONNX Runtime on the CPU when installed, PyTorch otherwise (and always on CUDA)."""
    if backend not in BACKENDS:
        raise WorkbenchError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend == "auto":
        return "onnxruntime" if device == "cpu" and onnxruntime_available() else "torch"
    if backend == "onnxruntime" and device != "cpu":
        raise WorkbenchError("the onnxruntime backend runs on the CPU only; use backend torch on CUDA")
    return backend


class TorchSearch:
    name = "torch"

    def __init__(self, model, device: str = "cpu"):
        self.model = model.to(device).eval()
        self.device = device

    def __call__(self, kernels, x: np.ndarray):
        with torch.inference_mode():
            cls, ctr, off = self.model.track_forward(kernels, torch.from_numpy(x).to(self.device))
        return cls[0, 0].cpu().numpy(), ctr[0, 0].cpu().numpy(), off[0].cpu().numpy()


class OrtSearch:
    """The search branch as an ONNX Runtime session; kernels are fed as inputs every frame."""

    name = "onnxruntime"

    def __init__(self, model, x_size: int, threads: int = 0, opset: int = 17):
        import onnxruntime as ort

        folded = fold_batchnorm(model.cpu())
        cz = folded.widths["neck.c_z_k"]
        rz = folded.widths["neck.r_z_k"]
        with torch.no_grad():
            z = torch.zeros(1, 3, 127, 127)
            c_k, r_k = folded.template_kernels(z)
            x = torch.zeros(1, 3, x_size, x_size)
            buf = io.BytesIO()
            torch.onnx.export(_SearchBranch(folded), (x, c_k, r_k), buf, input_names=["x", "c_k", "r_k"],
                              output_names=["cls", "ctr", "offsets"], opset_version=opset, dynamo=False)
        so = ort.SessionOptions()
        so.intra_op_num_threads = int(threads) if threads else max(1, torch.get_num_threads())
        so.inter_op_num_threads = 1
        self.session = ort.InferenceSession(buf.getvalue(), so, providers=["CPUExecutionProvider"])
        self.onnx_bytes = len(buf.getvalue())
        self.kernel_shapes = (tuple(c_k.shape), tuple(r_k.shape), cz, rz)

    def __call__(self, kernels, x: np.ndarray):
        c_k, r_k = (k.detach().cpu().numpy() for k in kernels)
        cls, ctr, off = self.session.run(None, {"x": x, "c_k": c_k, "r_k": r_k})
        return cls[0, 0], ctr[0, 0], off[0]


def make_search(model, backend: str, device: str, x_size: int, threads: int = 0):
    kind = resolve_backend(backend, device)
    if kind == "onnxruntime":
        return OrtSearch(model, x_size, threads)
    return TorchSearch(model, device)
