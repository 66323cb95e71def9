"""Per-frame inference back ends for the SiamFC++ trackers.

The template branch runs once per target in PyTorch; the search branch (backbone, neck adjust convs,
depth-wise correlation, head) runs every frame, either in PyTorch eager or through ONNX Runtime. For
ONNX Runtime the network is first copied with every batch norm folded into its convolution (the same
arithmetic; eval-mode BN is an affine map), then exported in memory with the template kernels as graph
inputs, so one export serves every target. Folding is done here rather than left to the exporter's
constant folding, which produced wrong head outputs for this model (torch 2.13, opset 17: the folded
head towers differed from eager by up to 3.0 on the logits); with the folding done here ONNX Runtime
matches eager to ~1e-5 relative (``plugins/siamfcpp_prune/tests/test_siamfcpp_prune.py``).

``onnxruntime-int8`` is the same graph quantized statically in ONNX Runtime's QDQ format:
per-channel int8 weights and uint8 activations for every learned convolution except the 1x1
predictors, with activation ranges (min / max) calibrated on template and search crops of the
built-in thermal demo. The depth-wise correlations and the predictors stay in float32: quantizing them
moved the score peak on most real search crops, and together they are under 0.1 % of the FLOPs. It is
a deployment option for CPUs with int8 dot-product instructions (AVX512-VNNI / AVX-VNNI). How far its
outputs move from float32 is measured (tests, the plugin's weights/PROVENANCE.md), not assumed.

Grey input (thermal IR, every grey sequence): the network takes three channels, and a grey crop fills
all three with the same values, so conv1 gives the same output with its kernel summed over the input
channels and one input channel (``grey_input``; exact up to float rounding). Every back end builds,
on first use, a variant per channel count it is fed (``SearchBackend``): on a grey sequence the
search branch runs the one-channel conv1, whose 11x11 patch gathering (im2col) costs a third of the
three-channel one. The template branch runs once per target and keeps the three-channel model.

``torch-bf16`` runs the search branch in PyTorch with batch norm folded, bfloat16 weights and
activations and channels-last memory (oneDNN's bf16 convolutions; they accumulate in float32). It is
fast only on CPUs with bf16 dot-product instructions (AVX512-BF16, AMX) and is refused elsewhere
rather than emulated. Unlike int8 it needs no calibration and keeps a floating range everywhere. On
the CPU the convolutions run with their weights reordered once into oneDNN's blocked layout and the
ReLUs fused (``PackedBF16``): eager PyTorch reorders every weight on every call, a per-frame cost
that grows with the parameters. The time left is almost all convolution multiply-adds, so pruning
shortens it about as much as it cuts the FLOPs, except in the head towers, which the default scope
does not prune. How far it moves the score map from float32 is measured (tests), not assumed.
"""
from __future__ import annotations

import copy
import functools
import io
import os

import numpy as np
import torch
from torch import nn

from workbench.core.errors import WorkbenchError

BACKENDS = ("auto", "torch", "torch-bf16", "onnxruntime", "onnxruntime-int8")


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


def grey_input(model: nn.Module) -> nn.Module:
    """A copy of ``model`` whose conv1 takes one channel: the kernel summed over its input channels,
    which gives the same output as the original fed that channel three times."""
    m = copy.deepcopy(model).eval()
    conv = m.backbone.conv1.conv
    one = nn.Conv2d(1, conv.out_channels, conv.kernel_size, conv.stride, conv.padding, conv.dilation,
                    bias=conv.bias is not None)
    with torch.no_grad():
        one.weight.copy_(conv.weight.detach().sum(1, keepdim=True))
        if conv.bias is not None:
            one.bias.copy_(conv.bias.detach())
    m.backbone.conv1.conv = one.eval()
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


def bf16_supported(device: str = "cpu") -> bool:
    """Whether bfloat16 convolutions run natively here (CPU: oneDNN with AVX512-BF16 or AMX)."""
    if device != "cpu":
        return bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())
    try:
        return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):  # a torch build without the check: do not guess
        return False


def resolve_backend(backend: str, device: str) -> str:
    """``auto``: ONNX Runtime on the CPU when installed, PyTorch otherwise (and always on CUDA)."""
    if backend not in BACKENDS:
        raise WorkbenchError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend == "auto":
        return "onnxruntime" if device == "cpu" and onnxruntime_available() else "torch"
    if backend.startswith("onnxruntime") and device != "cpu":
        raise WorkbenchError(f"the {backend} backend runs on the CPU only; use backend torch on CUDA")
    if backend.startswith("onnxruntime") and not onnxruntime_available():
        raise WorkbenchError(f"backend {backend} needs the onnxruntime package (pip install onnxruntime)")
    if backend == "torch-bf16" and not bf16_supported(device):
        where = "this CPU has no bf16 instructions (AVX512-BF16 or AMX)" if device == "cpu" else \
            f"{device} has no bfloat16 support"
        raise WorkbenchError(f"backend torch-bf16: {where}; use onnxruntime-int8 or onnxruntime instead")
    return backend


class PackedBF16:
    """The bf16 search branch on the CPU as oneDNN convolutions with prepacked weights: each weight is
    reordered once into the blocked layout oneDNN picks for its input size (eager PyTorch reorders every
    weight on every call) and each ReLU runs inside its convolution. Where the classification and box
    paths have equal widths (always, unless the head was pruned unevenly), the two neck adjust convs on
    the search map run as one conv, the two depth-wise correlations as one, and each pair of tower convs
    as one grouped conv (groups 2): fewer, larger calls, the same products and sums. ``model`` is the
    folded bf16 model (``fold_batchnorm``), already on the CPU; the input side is fixed (``x_size``).
    Uses oneDNN's own PyTorch ops (``torch.ops.mkldnn``), the ones TorchInductor emits for CPU
    convolutions; ``TorchSearch`` falls back to eager bf16 where they are missing or disagree."""

    def __init__(self, model, x_size: int, channels: int):
        shapes: dict[str, list[int]] = {}
        convs = {n: c for n, c in model.named_modules() if isinstance(c, nn.Conv2d)}
        hooks = [c.register_forward_pre_hook(lambda _m, inp, n=n: shapes.__setitem__(n, list(inp[0].shape)))
                 for n, c in convs.items()]
        try:
            self.kernels = tuple(torch.zeros(1, model.widths[f"neck.{n}"], 4, 4, dtype=torch.bfloat16)
                                 for n in ("c_z_k", "r_z_k"))
            with torch.inference_mode():
                model.track_forward(self.kernels, torch.zeros(1, channels, x_size, x_size, dtype=torch.bfloat16)
                                    .contiguous(memory_format=torch.channels_last))
        finally:
            for h in hooks:
                h.remove()
        self.x_shape = (1, channels, x_size, x_size)
        neck, head = model.neck, model.head
        cls_w = [m.conv.out_channels for m in head.cls_tower]
        # a fused tower pair applies the classification conv's ReLU to both halves: equal flags below the
        # last conv; at the last one the box half is ReLU'd before ``bbox`` anyway, so an imported
        # network's final classification ReLU (``cls_final_relu``) fuses too
        self.fused = (neck.c_x.conv.out_channels == neck.r_x.conv.out_channels
                      and cls_w == [m.conv.out_channels for m in head.box_tower]
                      and [m.conv.in_channels for m in head.cls_tower] == [m.conv.in_channels for m in head.box_tower]
                      and all(c.relu == b.relu for c, b in zip(head.cls_tower[:-1], head.box_tower[:-1])))

        def pack(conv, relu, weight=None, bias=None, shape=None, groups=1):
            w = (conv.weight if weight is None else weight).detach().contiguous(memory_format=torch.channels_last)
            b = (conv.bias if bias is None else bias).detach()
            args = (list(conv.padding), list(conv.stride), list(conv.dilation), groups)
            return (torch.ops.mkldnn._reorder_convolution_weight(w, *args, shape), b, *args,
                    "relu" if relu else "none")

        def unit(name):
            m = model.get_submodule(name)
            return pack(m.conv, m.relu, shape=shapes[name + ".conv"])

        def pair(a, b, name):  # two convs over one input (neck) or side by side as 2 groups (towers)
            cat = lambda x, y: torch.cat([x.detach(), y.detach()], 0)  # noqa: E731
            shape = list(shapes[name + ".conv"])
            groups = 1 if name.startswith("neck") else 2
            shape[1] *= groups
            return pack(a.conv, a.relu, cat(a.conv.weight, b.conv.weight), cat(a.conv.bias, b.conv.bias), shape, groups)

        self.backbone = [unit(f"backbone.conv{i}") for i in range(1, 6)]
        if self.fused:
            self.neck = [pair(neck.c_x, neck.r_x, "neck.c_x")]
            self.towers = [pair(c, r, f"head.cls_tower.{i}")
                           for i, (c, r) in enumerate(zip(head.cls_tower, head.box_tower))]
            self.split = cls_w[-1]
        else:
            self.neck = [unit("neck.c_x"), unit("neck.r_x")]
            self.cls = [unit(f"head.cls_tower.{i}") for i in range(len(head.cls_tower))]
            self.box = [unit(f"head.box_tower.{i}") for i in range(len(head.box_tower))]
        self.cls_ctr = pack(head.cls_score, False, torch.cat([head.cls_score.weight, head.ctr_score.weight]),
                            torch.cat([head.cls_score.bias, head.ctr_score.bias]), shapes["head.cls_score"])
        self.bbox = pack(head.bbox, False, shape=shapes["head.bbox"])
        self.si, self.bi = float(head.si.detach()), float(head.bi.detach())

    @staticmethod
    def _conv(p, x):
        return torch.ops.mkldnn._convolution_pointwise(x, *p, [], "")

    @staticmethod
    def _xcorr(x, kernel):
        """``model.xcorr_depthwise`` for one target (batch 1) on a channels-last map, as a depth-wise
        oneDNN convolution with a channels-last kernel: no layout copies of the map."""
        c = kernel.shape[1]
        w = kernel.reshape(c, 1, *kernel.shape[2:]).contiguous(memory_format=torch.channels_last)
        return torch.ops.mkldnn._convolution_pointwise(x, w, None, [0, 0], [1, 1], [1, 1], c, "none", [], "")

    def track_forward(self, kernels, x):
        from workbench_siamfcpp_prune.model import box_offsets

        conv = self._conv
        x = nn.functional.max_pool2d(conv(self.backbone[0], x), 3, 2)
        x = nn.functional.max_pool2d(conv(self.backbone[1], x), 3, 2)
        for p in self.backbone[2:]:
            x = conv(p, x)
        if self.fused:
            y = self._xcorr(conv(self.neck[0], x), torch.cat(kernels, 1))
            for p in self.towers:
                y = conv(p, y)
            c, r = y[:, :self.split], y[:, self.split:]
        else:
            c = self._xcorr(conv(self.neck[0], x), kernels[0])
            r = self._xcorr(conv(self.neck[1], x), kernels[1])
            for p in self.cls:
                c = conv(p, c)
            for p in self.box:
                r = conv(p, r)
        cc = conv(self.cls_ctr, c)
        return cc[:, :1], cc[:, 1:], box_offsets(conv(self.bbox, nn.functional.relu(r)), self.si, self.bi)


def packed_bf16_available() -> bool:
    return hasattr(torch.ops.mkldnn, "_convolution_pointwise") and \
        hasattr(torch.ops.mkldnn, "_reorder_convolution_weight")


class TorchSearch:
    """The search branch in PyTorch: float32 eager as trained, or (``bf16``) batch norm folded,
    bfloat16 and channels-last, on the CPU as ``PackedBF16`` when ``x_size`` is given (checked against
    the eager bf16 model once, at build); outputs come back as float32 either way."""

    name = "torch"

    def __init__(self, model, device: str = "cpu", bf16: bool = False, x_size: int | None = None):
        self.device = device
        self.dtype = torch.bfloat16 if bf16 else torch.float32
        self.packed = None
        if bf16:
            self.name = "torch-bf16"
            model = fold_batchnorm(model).to(device=device, dtype=torch.bfloat16, memory_format=torch.channels_last)
        self.model = model.to(device).eval()
        if bf16 and device == "cpu" and x_size and packed_bf16_available():
            self.packed = self._checked_packed(x_size)

    def _checked_packed(self, x_size: int):
        """``PackedBF16`` if it gives the eager bf16 outputs on a random crop, else None (eager)."""
        import warnings

        channels = self.model.backbone.conv1.conv.in_channels
        try:
            packed = PackedBF16(self.model, x_size, channels)
            g = torch.Generator().manual_seed(0)
            x = torch.rand(1, channels, x_size, x_size, generator=g).to(torch.bfloat16) \
                .contiguous(memory_format=torch.channels_last)
            k = tuple(torch.randn(t.shape, generator=g).to(torch.bfloat16) for t in packed.kernels)
            with torch.inference_mode():
                ref, out = self.model.track_forward(k, x), packed.track_forward(k, x)
            for a, b in zip(ref, out):
                a, b = a.float(), b.float()
                if a.shape != b.shape or not torch.allclose(a, b, rtol=1e-2, atol=1e-2 * float(a.abs().max())):
                    raise RuntimeError(f"outputs differ from eager bf16 (max |diff| {float((a - b).abs().max()):.3g})")
        except (RuntimeError, TypeError) as e:  # an op missing or changed in this torch build
            warnings.warn(f"torch-bf16: prepacked oneDNN convolutions unavailable ({e}); running eager bf16")
            return None
        return packed

    graphable = True  # pure torch on the tensors' device: a CUDA graph can capture ``forward_tensor``

    def forward_tensor(self, kernels, t: torch.Tensor):
        """The branch on a crop already on the device, (1, C, H, W) float32 in 0..1; returns (cls (S, S),
        ctr (S, S), offsets (4, S, S)) as float32 tensors on the device (the device path, no host copy)."""
        if self.dtype != torch.float32:
            t = t.to(self.dtype).contiguous(memory_format=torch.channels_last)
            kernels = tuple(k.to(self.dtype) for k in kernels)
        net = self.packed if self.packed is not None and tuple(t.shape) == self.packed.x_shape else self.model
        cls, ctr, off = (o.float() for o in net.track_forward(kernels, t))
        return cls[0, 0], ctr[0, 0], off[0]

    def __call__(self, kernels, x: np.ndarray):
        with torch.inference_mode():
            cls, ctr, off = self.forward_tensor(kernels, torch.from_numpy(x).to(self.device))
        return cls.cpu().numpy(), ctr.cpu().numpy(), off.cpu().numpy()


class OrtSearch:
    """The search branch as an ONNX Runtime session; kernels are fed as inputs every frame."""

    name = "onnxruntime"

    def __init__(self, model, x_size: int, threads: int = 0, opset: int = 17, int8: bool = False,
                 channels: int = 3):
        import onnxruntime as ort

        if channels not in (1, 3):
            raise WorkbenchError(f"the search branch takes 1 (grey) or 3 channels, not {channels}")
        folded = fold_batchnorm(model.cpu())
        cz = folded.widths["neck.c_z_k"]
        rz = folded.widths["neck.r_z_k"]
        net = grey_input(folded) if channels == 1 else folded
        with torch.no_grad():
            z = torch.zeros(1, 3, 127, 127)
            c_k, r_k = folded.template_kernels(z)
        self.channels = channels
        if int8:
            self.name = "onnxruntime-int8"
        so = ort.SessionOptions()
        so.intra_op_num_threads = int(threads) if threads else max(1, torch.get_num_threads())
        so.inter_op_num_threads = 1
        cached = onnx_cache_path(folded, x_size, channels, opset, int8)
        onnx_model = _read_cached(cached)
        self.session, self.from_cache = None, False
        if onnx_model is not None:
            try:
                self.session = ort.InferenceSession(onnx_model, so, providers=["CPUExecutionProvider"])
                self.from_cache = True
            except Exception:  # noqa: BLE001 - a damaged cache file is made again
                onnx_model = None
        if self.session is None:
            with torch.no_grad():
                x = torch.zeros(1, channels, x_size, x_size)
                buf = io.BytesIO()
                torch.onnx.export(_SearchBranch(net), (x, c_k, r_k), buf, input_names=["x", "c_k", "r_k"],
                                  output_names=["cls", "ctr", "offsets"], opset_version=opset, dynamo=False)
            onnx_model = buf.getvalue()
            if int8:
                onnx_model = quantize_int8(onnx_model, calibration_feeds(folded, x_size, channels=channels))
            self.session = ort.InferenceSession(onnx_model, so, providers=["CPUExecutionProvider"])
            _write_cached(cached, onnx_model)
        self.onnx_model = onnx_model  # the graph the session runs (serialized ONNX)
        self.onnx_bytes = len(onnx_model)
        self.kernel_shapes = (tuple(c_k.shape), tuple(r_k.shape), cz, rz)

    graphable = False  # runs outside torch

    def __call__(self, kernels, x: np.ndarray):
        c_k, r_k = (k.detach().cpu().numpy() for k in kernels)
        cls, ctr, off = self.session.run(None, {"x": x, "c_k": c_k, "r_k": r_k})
        return cls[0, 0], ctr[0, 0], off[0]

    def forward_tensor(self, kernels, t: torch.Tensor):
        """``__call__`` on a CPU tensor crop (the device path forced on the CPU), tensors back."""
        cls, ctr, off = self(kernels, np.ascontiguousarray(t.detach().numpy()))
        return torch.from_numpy(cls), torch.from_numpy(ctr), torch.from_numpy(off)


ONNX_CACHE_VERSION = 1  # bump when the export or the int8 recipe changes what a key stands for
# the source files whose code makes the cached graph, by package: the network and its folding (exported), the
# int8 recipe and its calibration crops (the built-in demo, cropped as the tracker crops)
GRAPH_SOURCES = {"workbench_siamfcpp_prune": ("runtime.py", "model.py", "inputs.py"),
                 "workbench": ("core/data/synthetic.py", "core/preprocess.py", "core/training/pairs.py")}


def onnx_cache_path(model, x_size: int, channels: int, opset: int, int8: bool):
    """The cache file of this exact export: keyed by the folded weights' bytes, the input size and
    channels, the opset, int8 or not, the versions of torch, ONNX Runtime and onnx (``_tool_versions``),
    the code that makes the graph (``_graph_code``) and ``ONNX_CACHE_VERSION``. Exporting (and quantizing)
    took 0.3-0.5 s of a run's start on a 2-core CPU, much of it holding the interpreter lock (the window's
    GUI thread waited); a session from the cached bytes takes a few ms."""
    import hashlib

    from workbench.core.results import cache_dir

    d = cache_dir("onnx")
    if d is None:
        return None
    h = hashlib.sha256(f"v{ONNX_CACHE_VERSION} {_tool_versions()} code {_graph_code()} x{x_size} c{channels} "
                       f"opset{opset} int8={bool(int8)}".encode())
    for name, t in sorted(model.state_dict().items()):
        t = t.detach().cpu().contiguous()
        h.update(name.encode())
        h.update(str((tuple(t.shape), str(t.dtype))).encode())
        h.update(t.numpy().tobytes() if t.dtype != torch.bfloat16 else t.float().numpy().tobytes())
    h.update(repr(sorted(getattr(model, "widths", {}).items())).encode())
    return d / f"search_{h.hexdigest()[:32]}.onnx"


def _tool_versions() -> str:
    """The versions of what makes a cached graph: torch exports it, ONNX Runtime's quantizer (on onnx)
    writes the int8 graph. Without ONNX Runtime's and onnx's, an upgrade of either kept serving the graph
    its old quantizer wrote (another recipe's scales and node choices) instead of quantizing again."""
    from importlib import metadata

    import onnxruntime  # its own version whichever build is installed (onnxruntime-gpu, -openvino ...)

    try:
        onnx = metadata.version("onnx")  # not imported: the cached path never loads it
    except metadata.PackageNotFoundError:
        onnx = "none"
    return f"torch {torch.__version__} onnxruntime {onnxruntime.__version__} onnx {onnx}"


@functools.lru_cache(maxsize=1)
def _graph_code() -> str:
    """A digest of the ``GRAPH_SOURCES`` files: an upgrade that changed the model, its folding, the int8 recipe
    or its calibration crops without a bump of ``ONNX_CACHE_VERSION`` served the graph the old code made. Read
    from the packages' folders (importing the modules to find them took up to 0.07 s); a file not there (a
    frozen build) counts by its name only."""
    import hashlib
    import sys
    from pathlib import Path

    h = hashlib.sha256()
    for package, files in GRAPH_SOURCES.items():
        root = Path(sys.modules[package].__file__).parent
        for name in files:
            h.update(f"{package}/{name}".encode())
            try:
                h.update((root / name).read_bytes())
            except OSError:
                pass
    return h.hexdigest()[:16]


def _read_cached(path) -> bytes | None:
    """The cached graph's bytes, or None; a graph read is marked used now (its time), so that the pruning
    (``_write_cached``) keeps the graphs last used, not the ones last written: a graph used at every start
    went first once 24 newer ones had been written (pruning ratios tried, another checkout's tests)."""
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        os.utime(path)
    except OSError:  # a read-only cache: read, not marked
        pass
    return data


ONNX_CACHE_FILES = 24  # the last used kept (each pruning ratio tried in the inspector makes one)


def _write_cached(path, data: bytes) -> None:
    from workbench.core.results import atomic_write_bytes

    if path is None:
        return
    try:
        atomic_write_bytes(path, data)
        files = sorted(path.parent.glob("search_*.onnx"), key=lambda f: f.stat().st_mtime, reverse=True)
        for old in files[ONNX_CACHE_FILES:]:
            old.unlink()
    except (OSError, WorkbenchError):  # a full disk, another process pruning meanwhile: not cached
        pass


def calibration_feeds(model, x_size: int, frames: int = 8, channels: int = 3) -> list[dict[str, np.ndarray]]:
    """Search-branch inputs for int8 calibration: the built-in thermal demo's target, template from
    frame 0, search crops centred on the groundtruth of ``frames`` frames spread over the sequence
    (the walker, the occluding pole, the distractor and the background all pass through them); the
    crops have ``channels`` channels (1: the grey variant's input)."""
    from workbench.core.data.synthetic import demo_sequence
    from workbench.core.preprocess import crop, frame_to_float
    from workbench.core.training.pairs import context_size

    from workbench_siamfcpp_prune.inputs import Z_SIZE, nchw, search_input

    seq = demo_sequence(frames=60)
    feeds = []
    x0, y0, w, h = (float(v) for v in seq.groundtruth[0])
    img = frame_to_float(seq.frame(0))
    s_z = context_size(w, h)
    z = crop(img, x0 + w / 2, y0 + h / 2, s_z, Z_SIZE, float(img.mean()))
    with torch.no_grad():
        c_k, r_k = (k.numpy() for k in model.template_kernels(torch.from_numpy(nchw(z))))
    for i in np.linspace(0, len(seq) - 1, frames).astype(int):
        img = frame_to_float(seq.frame(int(i)))
        x, y, w, h = (float(v) for v in seq.groundtruth[int(i)])
        if not np.isfinite([x, y, w, h]).all():
            continue
        xc = crop(img, x + w / 2, y + h / 2, context_size(w, h) * x_size / Z_SIZE, x_size, float(img.mean()))
        xin = search_input(xc) if channels == 1 else nchw(xc)
        feeds.append({"x": xin, "c_k": c_k, "r_k": r_k})
    return feeds


def int8_excluded(graph) -> list[str]:
    """Conv nodes left in float32: the correlations (their weights are graph inputs, the template
    kernels) and the 1x1 predictors that write the classification, centre-ness and box outputs."""
    inits = {i.name: tuple(i.dims) for i in graph.initializer}
    out = []
    for n in graph.node:
        if n.op_type != "Conv":
            continue
        w = inits.get(n.input[1])
        if w is None or tuple(w[2:]) == (1, 1):
            out.append(n.name)
    return out


def quantize_int8(onnx_model: bytes, feeds: list[dict[str, np.ndarray]]) -> bytes:
    """``onnx_model`` quantized statically (QDQ, per-channel int8 weights, uint8 activations) except
    the nodes ``int8_excluded`` names."""
    import logging
    import tempfile
    from pathlib import Path

    import onnx
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

    class _Reader(CalibrationDataReader):
        def __init__(self):
            self.it = iter(feeds)

        def get_next(self):
            return next(self.it, None)

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantizer logs a pre-processing hint on the root logger
    try:
        with tempfile.TemporaryDirectory(prefix="wb-int8-") as d:
            out = Path(d) / "int8.onnx"
            proto = onnx.load_from_string(onnx_model)
            quantize_static(proto, out, _Reader(), quant_format=QuantFormat.QDQ,
                            activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, per_channel=True,
                            op_types_to_quantize=["Conv"], nodes_to_exclude=int8_excluded(proto.graph))
            return out.read_bytes()
    finally:
        root.setLevel(level)


class SearchBackend:
    """The per-frame search branch on one back end, with a variant per input channel count, each
    built on first use (``prepare``) and picked by the channels of the crop it is fed."""

    def __init__(self, model, kind: str, device: str, x_size: int, threads: int = 0):
        self.model, self.name, self.device, self.x_size, self.threads = model, kind, device, x_size, threads
        self.variants: dict[int, object] = {}

    def prepare(self, channels: int):
        v = self.variants.get(channels)
        if v is None:
            if self.name in ("torch", "torch-bf16"):
                v = TorchSearch(grey_input(self.model) if channels == 1 else self.model, self.device,
                                bf16=self.name == "torch-bf16", x_size=self.x_size)
            else:
                v = OrtSearch(self.model, self.x_size, self.threads, int8=self.name == "onnxruntime-int8",
                              channels=channels)
            self.variants[channels] = v
        return v

    def __call__(self, kernels, x: np.ndarray):
        return self.prepare(int(x.shape[1]))(kernels, x)

    def forward_tensor(self, kernels, t: torch.Tensor):
        """The branch on a (1, C, H, W) crop tensor, outputs as tensors on its device (``device_path.py``)."""
        return self.prepare(int(t.shape[1])).forward_tensor(kernels, t)


def make_search(model, backend: str, device: str, x_size: int, threads: int = 0) -> SearchBackend:
    return SearchBackend(model, resolve_backend(backend, device), device, x_size, threads)
