"""``workbench export lw_irstnet --onnx FILE [--weights W] [--fixed SIZE] [--check]``

ONNX export with dynamic height and width (any multiple of 8): OpenCV DNN and onnxruntime both run
it at any size. ``--fixed 256`` writes a 1x3x256x256 graph instead (for runtimes that want static
shapes). Inference through onnxruntime (``OrtRunner``) and OpenCV DNN (``OpenCVRunner``); both take
and return the same arrays as the torch model: (N, 3, H, W) float32 in, (N, 1, H, W) logits out.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from workbench.core.atomic import atomic_path
from workbench.core.errors import WorkbenchError
from workbench.core.options import add_force_arg, keep_existing

OPSET = 17
# --fixed: the largest static input traced (--fixed 100000 was an allocator's RuntimeError traceback asking for
# 120 GB); a dynamic graph (--fixed 0) runs at any size
MAX_FIXED = 4096


def _inline_identity_initializers(path: Path) -> None:
    """The torch exporter deduplicates equal initializers into ``Identity`` nodes (e.g. untrained
    PReLU slopes, all 0.25); OpenCV's new ONNX parser wants PReLU slopes as constants. Copy them back."""
    import onnx

    m = onnx.load(str(path))
    inits = {i.name: i for i in m.graph.initializer}
    keep = []
    for n in m.graph.node:
        if n.op_type == "Identity" and n.input[0] in inits:
            t = onnx.TensorProto()
            t.CopyFrom(inits[n.input[0]])
            t.name = n.output[0]
            m.graph.initializer.append(t)
        else:
            keep.append(n)
    if len(keep) != len(m.graph.node):
        del m.graph.node[:]
        m.graph.node.extend(keep)
        onnx.checker.check_model(m)
        onnx.save(m, str(path))


def for_deployment(model):
    """An eval-mode copy with each single-slope ``PReLU`` replaced by ``LeakyReLU`` of the same slope:
    identical arithmetic, but ONNX ``LeakyRelu`` (slope as an attribute) is fused into the preceding
    conv by onnxruntime and OpenCV, while a ``PRelu`` node with a broadcast slope tensor is not and
    took half of onnxruntime's time on this net (and forced NCHWc reorders around it)."""
    import copy

    from torch import nn

    m = copy.deepcopy(model).eval().cpu()

    def swap(parent):
        for name, child in parent.named_children():
            if isinstance(child, nn.PReLU) and child.weight.numel() == 1:
                setattr(parent, name, nn.LeakyReLU(float(child.weight.detach().reshape(()))))
            else:
                swap(child)

    swap(m)
    return m


def opset_range() -> tuple[int, int]:
    """The ONNX opsets torch's exporter writes valid graphs for (below its minimum it wrote an opset-5 file
    that onnxruntime refuses to load; above its maximum it raised a RuntimeError traceback)."""
    try:
        from torch.onnx._constants import ONNX_MAX_OPSET, ONNX_MIN_OPSET

        return int(ONNX_MIN_OPSET), int(ONNX_MAX_OPSET)
    except Exception:  # a torch without that private module: the range this project was checked with
        return 7, 23


def check_options(fixed: int, opset: int) -> None:
    """``--fixed`` and ``--opset`` in the core's wording (workbench.core.options), before any weights are read."""
    import torch

    from workbench.core.options import OptionError, between, check

    if fixed < 0 or fixed % 8 or fixed > MAX_FIXED:  # the network halves the size three times
        raise OptionError("--fixed", fixed, f"must be 0 (dynamic height / width) or a positive multiple of 8 up to "
                                            f"{MAX_FIXED}")
    lo, hi = opset_range()
    check("--opset", opset, between(lo, hi, note=f"the opsets torch {torch.__version__} exports; default {OPSET}"))


def export_onnx(model, path: str | Path, fixed_size: int | None = None, opset: int = OPSET) -> Path:
    """Write ``model`` (eval mode) to ONNX; dynamic H/W unless ``fixed_size``. Returns the path."""
    import warnings

    import torch

    path = Path(path)
    if path.is_dir():
        raise WorkbenchError(f"--onnx {path}: is a folder; give the .onnx file to write")
    check_options(fixed_size or 0, opset)
    size = fixed_size or 256
    path.parent.mkdir(parents=True, exist_ok=True)
    model = for_deployment(model)
    x = torch.zeros(1, 3, size, size)
    kw = dict(input_names=["input"], output_names=["logits"], opset_version=opset, do_constant_folding=True)
    if not fixed_size:
        kw["dynamic_axes"] = {"input": {0: "batch", 2: "height", 3: "width"},
                              "logits": {0: "batch", 2: "height", 3: "width"}}
    # a failed export leaves no hidden half-written file beside the target, and a full disk is named
    with atomic_path(path, kept="no model was exported (a file already there is as it was)") as tmp:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(model, (x,), str(tmp), dynamo=False, **kw)
        _inline_identity_initializers(tmp)
    return path


class OrtRunner:
    """onnxruntime CPU session, tuned for this small net: all graph optimizations, ``threads`` intra-op
    threads (0: onnxruntime's choice), sequential execution."""

    def __init__(self, path: str | Path, threads: int = 0):
        import onnxruntime as ort

        so = ort.SessionOptions()
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        if threads:
            so.intra_op_num_threads = int(threads)
            so.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0].name

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.session.run(None, {self.input: np.ascontiguousarray(x, np.float32)})[0]


class OpenCVRunner:
    """``cv2.dnn`` on the CPU (OpenCV 5 loads the graph with its new engine when it can)."""

    def __init__(self, path: str | Path, threads: int = 0):
        import cv2

        if threads:
            cv2.setNumThreads(int(threads))
        # its bytes, not its name: OpenCV on Windows opens no non-ASCII path by name; default backend / target: CPU
        self.net = cv2.dnn.readNetFromONNX(np.fromfile(str(path), dtype=np.uint8))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        self.net.setInput(np.ascontiguousarray(x, np.float32))
        return self.net.forward()


class TorchRunner:
    def __init__(self, model):
        self.model = model.eval()

    def __call__(self, x: np.ndarray) -> np.ndarray:
        import torch

        with torch.inference_mode():
            return self.model(torch.from_numpy(np.ascontiguousarray(x, np.float32))).numpy()


def runners(model, onnx_path: str | Path, threads: int = 0) -> dict:
    """The three back ends on the same weights: {"torch", "onnxruntime", "opencv"}."""
    return {"torch": TorchRunner(model), "onnxruntime": OrtRunner(onnx_path, threads),
            "opencv": OpenCVRunner(onnx_path, threads)}


def compare_backends(model, onnx_path, inputs: list[np.ndarray], threads: int = 0) -> dict:
    """onnxruntime and OpenCV against torch over ``inputs`` (each (1, 3, H, W), H and W multiples of 8):
    ``{backend: {"max_abs", "max_scaled", "mask_pixels_differ"}}`` where ``max_scaled`` is the largest
    ``|diff| / max(1, |torch logit|)`` (trained SoftIoU nets push logits to several hundred, where
    float32 re-association alone gives 1e-4-sized absolute differences) and ``mask_pixels_differ``
    counts pixels whose ``logit > 0`` decision differs."""
    r = runners(model, onnx_path, threads)
    out = {k: {"max_abs": 0.0, "max_scaled": 0.0, "mask_pixels_differ": 0} for k in ("onnxruntime", "opencv")}
    for x in inputs:
        ref = r["torch"](x)
        for k, d in out.items():
            y = r[k](x)
            if y.shape != ref.shape:
                raise WorkbenchError(f"{k} returned shape {y.shape}, torch {ref.shape}")
            diff = np.abs(y - ref)
            d["max_abs"] = max(d["max_abs"], float(diff.max()))
            d["max_scaled"] = max(d["max_scaled"], float((diff / np.maximum(1.0, np.abs(ref))).max()))
            d["mask_pixels_differ"] += int(np.count_nonzero((y > 0) != (ref > 0)))
    return out


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="workbench export lw_irstnet", description=__doc__.split("\n\n")[1])
    ap.add_argument("--onnx", required=True, help="output .onnx file")
    ap.add_argument("--weights", default=None, help="weights (default: the shipped ones)")
    ap.add_argument("--fixed", type=int, default=0, metavar="SIZE",
                    help="static SIZE x SIZE input instead of dynamic height / width")
    ap.add_argument("--opset", type=int, default=OPSET)
    ap.add_argument("--check", action="store_true",
                    help="run torch, onnxruntime and OpenCV DNN on random inputs and print the largest differences")
    add_force_arg(ap, "the --onnx file")
    return ap


def main(argv: list[str]) -> int:
    from workbench_lw_irstnet import default_weights
    from workbench_lw_irstnet.segmenter import load_model

    args = parser().parse_args(argv)
    check_options(args.fixed, args.opset)
    weights = args.weights or default_weights()
    if Path(args.onnx).is_file() and Path(weights).is_file() and Path(args.onnx).samefile(weights):
        raise WorkbenchError(f"--onnx {args.onnx}: is the --weights file; give another file name")  # was overwritten
    keep_existing([("--onnx", args.onnx)], args.force)
    model = load_model(weights, "cpu")
    path = export_onnx(model, args.onnx, args.fixed or None, args.opset)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB, "
          f"{'fixed 1x3x%dx%d' % (args.fixed, args.fixed) if args.fixed else 'dynamic height/width'}) from {weights}")
    if args.check:
        rng = np.random.default_rng(0)
        sizes = [(args.fixed, args.fixed)] if args.fixed else [(256, 256), (240, 320)]
        d = compare_backends(model, path, [rng.standard_normal((1, 3, h, w)).astype(np.float32) for h, w in sizes])
        for k, v in d.items():
            print(f"{k} vs torch: max |diff| {v['max_abs']:.2e}, max |diff|/max(1,|logit|) {v['max_scaled']:.2e}, "
                  f"mask pixels differing {v['mask_pixels_differ']}")
    return 0
