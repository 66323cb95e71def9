"""Frames per second and box parity of the SiamFC++ trackers' per-frame paths, per device:

* ``host path``: crop, normalisation and score decoding in NumPy / OpenCV, the network on the device
  (``device_path=off``; the CPU default);
* ``device path``: all of it on the device (``device_path.py``) with eager kernels (``cuda_graph=False``);
* ``device path + graph``: the same captured as one CUDA graph per frame size (the CUDA default; no CPU
  column).

Frames: the thermal demo at 640 x 512 (the papers' IR frame size) stretched once to 8 bits (the frames
the device path uploads as they are), pre-read into memory; tracker time only, the first frame
excluded, best of ``rounds``. Backend: ``auto`` (ONNX Runtime on the CPU when installed, PyTorch on
CUDA). Parity: each row's CUDA boxes against the CPU host path's (largest coordinate difference, mean IoU).
``no_maps`` columns: the same with ``publish_maps`` off (the response map not copied back).

    python -m workbench_siamfcpp_prune.device_bench [--quick] [--json F [--force]]
"""
from __future__ import annotations

import json
import time
import traceback

import numpy as np

VARIANTS = (("host path", "off", False), ("device path", "on", False), ("device path + graph", "on", True))


def demo_frames(n: int, width: int = 640, height: int = 512):
    """``n`` 8-bit frames of the thermal demo and the first groundtruth box."""
    from workbench.core.boxes import Box
    from workbench.core.data.synthetic import demo_sequence
    from workbench.core.preprocess import percentile_levels, stretch_uint8

    seq = demo_sequence(frames=n, width=width, height=height)
    lo, hi = percentile_levels(seq.frame(0), 0.5, 99.5)
    return [stretch_uint8(seq.frame(i), lo, hi) for i in range(n)], Box(*seq.groundtruth[0])


def time_track(tracker, frames, box, rounds: int = 1, maps: bool = True):
    """(best frames per second over ``rounds``, boxes of the last round (N - 1, 4))."""
    from workbench.core.device import synchronize

    tracker.publish_maps = maps
    tracker.initialize(frames[0], box)
    tracker.track(frames[1])  # warm-up: allocations, cuDNN choices, the graph's capture
    best, boxes = 0.0, None
    for _ in range(rounds):
        tracker.initialize(frames[0], box)
        synchronize(str(tracker.device))
        t0 = time.perf_counter()
        out = [tuple(tracker.track(f).box) for f in frames[1:]]
        synchronize(str(tracker.device))
        best = max(best, (len(frames) - 1) / (time.perf_counter() - t0))
        boxes = np.array(out)
    return best, boxes


def device_path_rows(devices, quick: bool = False, frames=None, box=None) -> list[dict]:
    from workbench.core.boxes import iou
    from workbench_siamfcpp_prune.config import PSSiamFCppConfig, SiamFCppConfig
    from workbench_siamfcpp_prune.tracker import make_ps_siamfcpp, make_siamfcpp

    if frames is None:
        frames, box = demo_frames(40 if quick else 200)
    rows = []
    for name, make, C in (("siamfcpp", make_siamfcpp, SiamFCppConfig),
                          ("ps_siamfcpp", make_ps_siamfcpp, PSSiamFCppConfig)):
        ref = None
        for label, mode, graph in VARIANTS:
            row = {"what": f"{name} {label}", "kind": "tracker", "unit": "FPS", "input": f"{frames[0].shape} uint8"}
            for dev in devices:
                if graph and dev == "cpu":  # CUDA graphs: CUDA only
                    continue
                n = len(frames) if dev != "cpu" else min(len(frames), 30 if quick else 100)
                try:
                    t = make(C(device_path=mode, cuda_graph=graph), dev)
                    row[dev], b = time_track(t, frames[:n], box, 1 if dev == "cpu" else 3)
                    if dev != "cpu" and label != "host path":
                        row[f"{dev}_no_maps"], _ = time_track(t, frames[:n], box, 3, maps=False)
                        if graph:
                            row[f"{dev}_graph_captured"] = bool(t.device_path.graphs)
                    if dev == "cpu" and label == "host path":
                        ref = b
                    elif dev != "cpu" and ref is not None:
                        k = min(len(ref), len(b))
                        row["max_box_diff_px"] = float(np.abs(b[:k] - ref[:k]).max())
                        row["mean_box_diff_px"] = float(np.abs(b[:k] - ref[:k]).mean())
                        row["mean_iou_cpu_cuda"] = float(np.mean(iou(b[:k], ref[:k])))
                except Exception as exc:  # one failing variant must not hide the others
                    row[f"{dev}_error"] = f"{type(exc).__name__}: {exc}"
                    traceback.print_exc()
            rows.append(row)
    return rows


def main(argv=None) -> int:
    import argparse

    import torch

    from workbench.core.bench import check_json_out
    from workbench.core.errors import WorkbenchError
    from workbench.core.options import add_force_arg

    ap = argparse.ArgumentParser(prog="python -m workbench_siamfcpp_prune.device_bench",
                                 description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="40 frames (the CPU: 30), not 200 (100)")
    ap.add_argument("--json", help="write the rows as JSON")
    add_force_arg(ap, "the --json file")
    args = ap.parse_args(argv)
    try:  # before the run, as ``workbench bench`` checks it: an earlier --json file was replaced without a word
        check_json_out(args.json, args.force)
    except WorkbenchError as exc:
        ap.error(str(exc))
    quick = args.quick
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    if torch.cuda.is_available():
        from workbench.core.device import full_float32

        full_float32()
    rows = device_path_rows(devices, quick)
    for r in rows:
        cols = "  ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in r.items()
                         if k not in ("what", "kind", "unit", "input"))
        print(f"{r['what']:<30} {cols}")
    if args.json:
        from workbench.core.results import atomic_write_text

        atomic_write_text(args.json, json.dumps({"devices": devices, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
