"""LW-IRSTNet inference speed on this CPU: PyTorch eager vs onnxruntime vs OpenCV DNN, same weights,
at 256x256 (the paper's size) and at the native size of the real SIRST images, side by side.

The paper (Section V-D) reports 30 -> 79 FPS (2.6x) going from PyTorch to ONNX in OpenCV on an
RTX 2080 Ti machine. Goal here: fastest back end >= 2.6x PyTorch eager and > 100 FPS at 256x256.
Timing: batch 1, network forward only (input already a float32 array), warm-up first, then the best
of 3 rounds of N calls (the least disturbed round). Thread counts: each back end's default (all
cores) unless ``LW_BENCH_THREADS`` is set.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
import traceback
from pathlib import Path

import numpy as np

from workbench.core.bench import DATA_ENV, data_root, machine
from workbench.core.evaluation.plots import render_table



def native_size() -> tuple[tuple[int, int], str]:
    """The median image height and width of the real SIRST set, padded to a multiple of 8 (fallback
    240 high, 320 wide), said width x height as the table's rows; SIRST v1 sizes vary from 135x96 to 456x278, no
    single size is common. The real SIRST images are those of $WORKBENCH_BENCH_DATA/irst/sirst, when it names a data
    folder holding them."""
    from workbench.core.data.images import image_size

    root = data_root()
    sirst = (root or Path("/nonexistent")) / "irst" / "sirst"
    imgs = sorted((sirst / "images").glob("*.png")) if sirst.is_dir() else []
    if not imgs:  # 'SIRST not found' said neither where it was looked for nor how to give it
        where = (f"no PNG in {sirst / 'images'}" if root is not None else
                 f"${DATA_ENV} not set: name a data folder holding irst/sirst/images")
        # said width x height as its table row and the SIRST median are (it said 240x320 above a '320x240' row)
        return (240, 320), f"320x240 (a typical size: SIRST not found, {where})"
    sizes = []
    for p in imgs:  # (cv2.imread read no non-ASCII path on Windows: every image skipped, median of nothing)
        wh = image_size(p)
        if wh is not None:
            sizes.append(wh[::-1])
    h = int(statistics.median(s[0] for s in sizes))
    w = int(statistics.median(s[1] for s in sizes))
    hp, wp = -(-h // 8) * 8, -(-w // 8) * 8
    return (hp, wp), f"{wp}x{hp} (median SIRST size {w}x{h} of {len(sizes)} images, padded to /8)"


def _fps(fn, x, n: int, rounds: int = 3) -> float:
    for _ in range(max(3, n // 10)):
        fn(x)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(n):
            fn(x)
        best = min(best, (time.perf_counter() - t0) / n)
    return 1.0 / best


def run(quick: bool = False) -> dict:
    import torch

    from workbench.core.evaluation.complexity import measure
    from workbench_lw_irstnet import default_weights
    from workbench_lw_irstnet.export import OpenCVRunner, OrtRunner, TorchRunner, export_onnx
    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.segmenter import load_model

    threads = int(os.environ.get("LW_BENCH_THREADS", "0"))
    if threads:
        torch.set_num_threads(threads)
    w = default_weights()
    model = load_model(w, "cpu") if Path(w).is_file() else LWIRSTNet().eval()
    n = 20 if quick else 100
    (nh, nw), native_note = native_size()
    cx = measure(model, (1, 3, 256, 256), "thop")
    rows, results = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        onnx_path = export_onnx(model, Path(tmp) / "lw.onnx")
        backends = {"torch": TorchRunner(model), "onnxruntime": OrtRunner(onnx_path, threads),
                    "opencv": OpenCVRunner(onnx_path, threads)}
        for label, (h, wd) in (("256x256", (256, 256)), (f"{nw}x{nh}", (nh, nw))):
            x = np.random.default_rng(0).standard_normal((1, 3, h, wd)).astype(np.float32)
            fps = {k: _fps(fn, x, n) for k, fn in backends.items()}
            best = max(("onnxruntime", "opencv"), key=lambda k: fps[k])
            results[label] = {"fps_torch": fps["torch"], "fps_onnxruntime": fps["onnxruntime"],
                              "fps_opencv": fps["opencv"], "best": best, "speedup_best": fps[best] / fps["torch"]}
            rows.append([label, f"{fps['torch']:.1f}", f"{fps['onnxruntime']:.1f}", f"{fps['opencv']:.1f}",
                         f"{fps['onnxruntime'] / fps['torch']:.2f}x", f"{fps['opencv'] / fps['torch']:.2f}x",
                         best, f"{fps[best] / fps['torch']:.2f}x"])
    print(f"LW-IRSTNet: {cx.params} params, {cx.ops / 1e6:.2f} M FLOPs (thop convention, 1x3x256x256); "
          f"weights: {'shipped' if Path(w).is_file() else 'random (speed does not depend on them)'}")
    print(f"native size: {native_note}; threads: {threads or 'default'} (torch {torch.get_num_threads()}), "
          f"{n} calls x best of 3, batch 1")
    print(render_table(["size", "torch FPS", "ORT FPS", "OpenCV FPS", "ORT/torch", "OpenCV/torch", "best",
                        "best/torch"], rows, left=1))
    r256 = results["256x256"]
    goal = r256["speedup_best"] >= 2.6 and max(r256["fps_onnxruntime"], r256["fps_opencv"]) > 100
    print(f"goal (best >= 2.6x torch and > 100 FPS at 256x256): {'met' if goal else 'NOT met'}")
    return {"name": "lw_irstnet", "params": cx.params, "flops": cx.ops, **r256,
            "sizes": results, "native_size": [nh, nw], "goal_met": goal,
            "settings": {"calls": n, "threads": threads or "default", "quick": quick}, "machine": machine()}


def gpu_rows(devices, quick: bool) -> list[dict]:
    """Rows for ``workbench bench gpu``: images per second at 256x256 (batch 1, batched fp32 / bf16) with
    mask parity through the segmenter, and training samples per second (``augment.DeviceBatches``)."""
    import torch

    from workbench.core.device import synchronize as _sync

    from workbench.core.registry import default_registry
    from workbench_lw_irstnet import default_weights
    from workbench_lw_irstnet.segmenter import load_model

    rows = []
    rng = np.random.default_rng(0)
    masks = {}
    imgs = [np.clip(rng.normal(90, 12, (256, 256)), 0, 255).astype(np.uint8) for _ in range(8)]
    for im in imgs:  # a few small bright targets
        for _ in range(2):
            y, x = rng.integers(20, 236, 2)
            im[y - 2:y + 3, x - 2:x + 3] = 230
    row1 = {"what": "lw_irstnet batch 1", "kind": "segmenter", "unit": "images/s", "input": "256x256"}
    rowb = {"what": "lw_irstnet batched", "kind": "segmenter", "unit": "images/s", "input": "256x256"}
    rowh = {"what": "lw_irstnet batched bf16", "kind": "segmenter", "unit": "images/s", "input": "256x256"}
    for dev in devices:
        try:
            model = load_model(default_weights(), dev)
            for row, bs, half in ((row1, 1, False), (rowb, 256 if dev == "cuda" else 16, False),
                                  (rowh, 256, True)):
                if half and dev != "cuda":
                    continue
                x = torch.randn(bs, 3, 256, 256, device=dev)
                reps = 3 if quick else 10
                ctx = torch.autocast("cuda", dtype=torch.bfloat16) if half else torch.no_grad()
                with torch.no_grad(), ctx:
                    for _ in range(2):
                        model(x)
                    _sync(dev)
                    t0 = time.perf_counter()
                    for _ in range(reps):
                        model(x)
                    _sync(dev)
                row[dev] = bs * reps / (time.perf_counter() - t0)
                row[f"{dev}_batch"] = bs
            seg = default_registry().get("lw_irstnet").create(device=dev)
            masks[dev] = np.stack([seg.predict(im).mask for im in imgs])
        except Exception as exc:
            for row in (row1, rowb):
                row[f"{dev}_error"] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
    if "cpu" in masks and "cuda" in masks:
        row1["mask_agreement"] = float(np.mean(masks["cpu"] == masks["cuda"]))
    rows += [row1, rowb] + ([rowh] if "cuda" in rowh else [])
        # LW-IRSTNet: the device batches + soft-IoU step
    from workbench_lw_irstnet.augment import DeviceBatches
    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.train import soft_iou_loss

    rng = np.random.default_rng(1)
    xs = [rng.normal(0, 1, (3, 300, 400)).astype(np.float32) for _ in range(64)]
    ms = [(rng.random((300, 400)) > 0.999).astype(np.float32) for _ in range(64)]
    row = {"what": "lw_irstnet training", "kind": "training", "unit": "samples/s", "input": "crop 256"}
    rows.append(row)
    for dev in devices:
        try:
            bs = 32 if dev == "cuda" else 4
            batches = DeviceBatches(xs, ms, bs, 256, 0, (0.5, 2.0), device=dev)
            model = LWIRSTNet().to(dev).train()
            opt = torch.optim.Adam(model.parameters(), 1e-3)
            n_done, t0 = 0, None
            limit = 2 if dev == "cpu" else (4 if quick else 12)
            for k, (x, m) in enumerate(b for e in range(8) for b in batches(e)):
                if k == 1:
                    _sync(dev)
                    t0 = time.perf_counter()
                loss = soft_iou_loss(model(x), m)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                if k >= 1:
                    n_done += x.shape[0]
                if k >= limit:
                    break
            _sync(dev)
            row[dev] = n_done / (time.perf_counter() - t0)
            row[f"{dev}_batch"] = bs
        except Exception as exc:
            row[f"{dev}_error"] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
    return rows

if __name__ == "__main__":  # --quick, --json F, --force by argparse ("--quick" in sys.argv: --help ran it)
    import sys

    from workbench.core.bench import script_main

    sys.exit(script_main("lw_irstnet", __doc__, run, prog="python -m workbench_lw_irstnet.bench"))
