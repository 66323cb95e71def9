"""CPU against CUDA for every torch method, in one run: tracking FPS with box parity, segmentation
images per second (batched) with mask parity, detection FPS with detection parity, and training
samples per second through the methods' own training steps and the device data paths.

    workbench bench gpu [--quick] [--json F]

Rows (all on generated data, so any machine runs them; the papers' input sizes):

* trackers ``siamfcpp`` / ``ps_siamfcpp`` / ``nas_tir`` on a 640x512 thermal demo, ``hanet`` /
  ``hanet_rgb`` on a 16-band generated cube video: FPS (tracker time only, first frame excluded) on
  each device, and the largest box difference CUDA vs CPU (pixels) with the mean IoU between them;
Rows from the plugins' benchmark modules (their ``gpu_rows``):

* ``siamfcpp`` / ``ps_siamfcpp`` per-frame paths on the thermal demo at 640x512 stretched to 8 bits: the
  host path (NumPy / OpenCV crop and decoding), the device path (``device_path.py``: frame uploaded once,
  crop / normalisation / decoding on the device) and the device path as one CUDA graph (CUDA only), each
  with its box parity against the CPU host path (the ``siamfcpp`` / ``ps_siamfcpp`` rows above run the
  trackers' defaults: on CUDA the device path as a CUDA graph, the 16-bit demo stretched on the device);
* ``lw_irstnet`` at 256x256: images per second at batch 1 and batched (CUDA: 256, fp32 and bf16;
  CPU: 16), and the fraction of mask pixels equal CUDA vs CPU through the segmenter;
* ``seq_irst`` on a generated small-target sequence: frames per second and whether the detections agree;
* training: SiamFC++ pairs per second (``DevicePairSampler`` + the plugin's training step, bf16 on
  CUDA) and LW-IRSTNet samples per second (``augment.DeviceBatches`` + soft-IoU step).

Without CUDA it says so, measures the CPU column and leaves the CUDA column empty (exit 0); the CUDA-only rows
(``device path + graph``) say so in the error column.
"""
from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core.bench import machine  # noqa: E402
from workbench.core.device import synchronize as _sync  # noqa: E402
from workbench.core.evaluation.plots import render_table  # noqa: E402


def _in_memory(seq):
    from workbench.core.data.sequence import ArrayFrames, Sequence

    frames = np.stack([seq.frame(i) for i in range(len(seq))])
    return Sequence(seq.name, ArrayFrames.from_array(frames), seq.modality, seq.groundtruth, {}, meta=dict(seq.meta))


def _track(name: str, seq, dev: str) -> tuple[float, np.ndarray]:
    from workbench.core.boxes import Box
    from workbench.core.registry import default_registry

    plugin = default_registry().get(name)
    cfg = plugin.default_config()
    t = plugin.create(cfg, dev)
    gt = seq.groundtruth
    frames = [seq.frame(i) for i in range(len(seq))]
    t.initialize(frames[0], Box(*gt[0]))
    t.track(frames[1])  # warm-up (allocations, cuDNN choices), not timed
    t.initialize(frames[0], Box(*gt[0]))
    boxes = np.full((len(frames), 4), np.nan)
    boxes[0] = gt[0]
    _sync(dev)
    t0 = time.perf_counter()
    for i in range(1, len(frames)):
        boxes[i] = tuple(t.track(frames[i]).box)
    _sync(dev)
    return (len(frames) - 1) / (time.perf_counter() - t0), boxes


def _parity_boxes(a: np.ndarray, b: np.ndarray) -> dict:
    from workbench.core.boxes import iou

    ok = np.all(np.isfinite(a), 1) & np.all(np.isfinite(b), 1)
    return {"max_box_diff_px": float(np.max(np.abs(a[ok] - b[ok]))) if ok.any() else None,
            "mean_iou_cpu_cuda": float(np.mean(iou(a[ok], b[ok]))) if ok.any() else None}


def tracker_rows(devices, quick: bool) -> list[dict]:
    from workbench.core.data import hsi_generate as g
    from workbench.core.data.synthetic import demo_sequence

    n = 40 if quick else 200
    thermal = _in_memory(demo_sequence(frames=n, width=640, height=512))
    video = g.make_video(g.load_scene(None, 16, 7), g.VideoSpec(frames=n, width=512, height=256, seed=7,
                                                                 distractors=2)).as_sequence()
    cube = _in_memory(video)
    rows = []
    for name, seq in (("siamfcpp", thermal), ("ps_siamfcpp", thermal), ("nas_tir", thermal),
                      ("hanet", cube), ("hanet_rgb", cube)):
        row = {"what": name, "kind": "tracker", "unit": "FPS", "input": f"{seq.frame(0).shape}"}
        boxes = {}
        for dev in devices:
            try:
                row[dev], boxes[dev] = _track(name, seq, dev)
            except Exception as exc:  # one failing method must not hide the others
                row[f"{dev}_error"] = f"{type(exc).__name__}: {exc}"
                traceback.print_exc()
        if "cpu" in boxes and "cuda" in boxes:
            row.update(_parity_boxes(boxes["cpu"], boxes["cuda"]))
        rows.append(row)
    return rows


def detection_rows(devices, quick: bool) -> list[dict]:
    from workbench.core.data.irseq_synth import make_sequence
    from workbench.core.registry import default_registry

    seq = make_sequence(seed=3).to_sequence()
    n = min(len(seq), 30 if quick else 100)
    frames = [seq.frame(i) for i in range(n)]
    row = {"what": "seq_irst", "kind": "detector", "unit": "FPS", "input": f"{frames[0].shape}"}
    pts = {}
    for dev in devices:
        try:
            det = default_registry().get("seq_irst").create(device=dev)
            det.detect_frames([frames[i] for i in det.window(0, n)], 0)  # warm-up
            _sync(dev)
            t0 = time.perf_counter()
            out = [det.detect_frames([frames[j] for j in det.window(i, n)], i) for i in range(n)]
            _sync(dev)
            row[dev] = n / (time.perf_counter() - t0)
            # what a run keeps: the detections its trajectory confirmation (the default) leaves
            pts[dev] = [o for _i, o in det.finish(list(enumerate(out)))] if hasattr(det, "finish") else out
        except Exception as exc:
            row[f"{dev}_error"] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
    if "cpu" in pts and "cuda" in pts:
        same = 0
        for a, b in zip(pts["cpu"], pts["cuda"]):
            pa, pb = np.asarray(a.points, float).reshape(-1, 2), np.asarray(b.points, float).reshape(-1, 2)
            same += int(pa.shape == pb.shape and (pa.size == 0 or np.max(np.abs(pa - pb)) < 0.5))
        row["frames_with_equal_detections"] = same / len(pts["cpu"])
    return [row]


def plugin_rows(devices, quick: bool) -> list[dict]:
    """Rows the method plugins contribute: each benchmark module a plugin registers may define
    ``gpu_rows(devices, quick) -> list[dict]`` (segmentation batches, training steps)."""
    import importlib

    from workbench.core.registry import default_registry

    rows, seen = [], set()
    reg = default_registry()
    for mod_name in reg.benchmarks().values():
        if mod_name in seen:
            continue
        seen.add(mod_name)
        try:
            fn = getattr(importlib.import_module(mod_name), "gpu_rows", None)
        except Exception as exc:
            rows.append({"what": mod_name, "kind": "plugin", "unit": "-", "cpu_error": f"not importable: {exc}"})
            continue
        if fn is not None:
            rows += fn(devices, quick)
    return rows


def run(quick: bool = False) -> dict:
    import torch

    cuda = torch.cuda.is_available()
    devices = ["cpu"] + (["cuda"] if cuda else [])
    found = torch.cuda.get_device_name(0) if cuda else "none"
    print(f"CUDA device: {found}" + ("" if cuda else " (no CUDA here: CPU column only)"))
    rows = []
    for part in (tracker_rows, detection_rows, plugin_rows):
        t0 = time.perf_counter()
        rows += part(devices, quick)
        print(f"  {part.__name__}: {time.perf_counter() - t0:.0f} s", flush=True)

    def f(v):
        return f"{v:.1f}" if isinstance(v, float) else ("-" if v is None else str(v))

    table = []
    for r in rows:
        ratio = r["cuda"] / r["cpu"] if r.get("cuda") and r.get("cpu") else None
        parity = r.get("max_box_diff_px", r.get("mask_agreement", r.get("frames_with_equal_detections")))
        err = r.get("cuda_error") or r.get("cpu_error") or ""
        if not err and not cuda and r.get("cpu") is None:  # a CUDA-only row (device path + graph): not a failure
            err = "CUDA only; no CUDA here"
        table.append([r["what"], r["unit"], f(r.get("cpu")), f(r.get("cuda")),
                      f"{ratio:.1f}x" if ratio else "-", "-" if parity is None else f"{parity:.3g}", err[:60]])
    print(render_table(["method", "unit", "CPU", "CUDA", "CUDA/CPU", "parity", "error"], table, left=2))
    print("parity: trackers = largest box difference CUDA vs CPU in px; lw_irstnet = fraction of equal mask "
          "pixels; seq_irst = fraction of frames with equal detections (after its trajectory confirmation)")
    return {"name": "gpu", "device": found, "cuda": cuda, "rows": rows, "quick": quick, "machine": machine(),
            "torch": torch.__version__}


if __name__ == "__main__":  # --quick, --json F, --force by argparse (--help ran the benchmark)
    from _script import main  # (benchmarks/ is the script's own folder on sys.path)

    sys.exit(main(__file__, __doc__, run))
