"""Tracker speed and accuracy on a 640x512 16-bit thermal demo sequence, in one run.

Frames are rendered into memory first, so the FPS is tracker time only (``RunResult.fps``: frames
after the first over the summed ``track`` times). Rows: our KCF and KCF+DSST, OpenCV's MIL and
NanoTrack (when its ONNX weights are present). Accuracy: one-pass success AUC (mean over IoU
thresholds linspace(0, 1, 21), strict >) and precision at 20 px (centre error <=), GOT-10k / OTB style.

    python benchmarks/trackers.py [--quick] [--json F]   (or: workbench bench trackers ...)
"""
from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script from anywhere
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core.boxes import absent_mask, center_error, iou  # noqa: E402
from workbench.core.data.sequence import ArrayFrames, Sequence  # noqa: E402
from workbench.core.data.synthetic import demo_sequence  # noqa: E402
from workbench.core.errors import PluginError  # noqa: E402
from workbench.core.runs import run_tracker  # noqa: E402

TRACKERS = [("kcf", "KCF"), ("kcf_dsst", "KCF+DSST"), ("mil", "MIL (OpenCV)"), ("nanotrack", "NanoTrack (OpenCV)")]


def _scores(boxes: np.ndarray, gt: np.ndarray) -> tuple[float, float]:
    ok = ~absent_mask(gt)
    o = iou(boxes[ok], gt[ok])
    auc = float(np.mean([np.mean(o > t) for t in np.linspace(0, 1, 21)]))
    p20 = float(np.mean(center_error(boxes[ok], gt[ok]) <= 20))
    return auc, p20


def _in_memory(seq: Sequence) -> Sequence:
    frames = np.stack([seq.frame(i) for i in range(len(seq))])
    return Sequence(seq.name, ArrayFrames.from_array(frames), seq.modality, seq.groundtruth,
                    dict(seq.attributes), meta=dict(seq.meta))


def run(quick: bool = False) -> dict:
    import cv2

    from workbench.core.registry import default_registry

    frames = 60 if quick else 300
    width, height = 640, 512
    seq = _in_memory(demo_sequence(frames=frames, width=width, height=height))
    reg = default_registry()
    rows = []
    for name, label in TRACKERS:
        row = {"tracker": name, "label": label, "status": "ok", "fps": None, "speed_vs_mil": None,
               "success_auc": None, "precision_20px": None}
        try:
            tracker = reg.get(name).create()
        except PluginError as exc:
            row["status"] = "absent" if name == "nanotrack" else "failed"
            row["note"] = str(exc)
            rows.append(row)
            continue
        res = run_tracker(tracker, seq)
        row["fps"] = res.fps
        row["success_auc"], row["precision_20px"] = _scores(res.boxes, seq.groundtruth)
        rows.append(row)
    mil = next((r["fps"] for r in rows if r["tracker"] == "mil" and r["fps"]), None)
    for r in rows:
        if r["fps"] and mil:
            r["speed_vs_mil"] = r["fps"] / mil
    result = {
        "name": "trackers",
        "rows": rows,
        "settings": {
            "quick": quick, "sequence": "demo_thermal (workbench.core.data.synthetic)", "frames": frames,
            "width": width, "height": height, "dtype": "uint16",
            "fps": "tracker time only, frames pre-read into memory, first (init) frame excluded",
            "success_auc": "mean of success curve over IoU thresholds linspace(0,1,21), strict >",
            "precision_20px": "fraction of frames with centre error <= 20 px",
            "cpu_count": os.cpu_count(), "machine": platform.machine(), "python": platform.python_version(),
            "numpy": np.__version__, "opencv": cv2.__version__,
        },
    }
    print_table(result)
    return result


def print_table(result: dict) -> None:
    s = result["settings"]
    print(f"Trackers on {s['frames']} frames {s['width']}x{s['height']} {s['dtype']} thermal demo "
          f"({s['cpu_count']} CPUs; FPS = tracker time only; AUC over IoU linspace(0,1,21), P@20 px)")
    head = f"{'tracker':<20} {'FPS':>8} {'x MIL':>7} {'AUC':>6} {'P@20':>6}  status"
    print(head)
    print("-" * len(head))
    for r in result["rows"]:
        def num(v, fmt):
            return format(v, fmt) if v is not None else "-"
        print(f"{r['label']:<20} {num(r['fps'], '8.1f'):>8} {num(r['speed_vs_mil'], '7.1f'):>7} "
              f"{num(r['success_auc'], '6.3f'):>6} {num(r['precision_20px'], '6.3f'):>6}  {r['status']}")
    for r in result["rows"]:  # why a row is absent or failed, and how to get it (NanoTrack's ONNX files)
        if r.get("note"):
            print(f"{r['label']}: {r['note']}")


if __name__ == "__main__":  # --quick, --json F, --force by argparse (--help ran the benchmark)
    from _script import main  # (benchmarks/ is the script's own folder on sys.path)

    sys.exit(main(__file__, __doc__, run))
