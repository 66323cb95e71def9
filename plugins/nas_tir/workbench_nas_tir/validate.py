"""Generated validation sequences for the ``nas_tir`` tracker (design choices are made here, never on
the real tracking sequences, which are the test).

``python -m workbench_nas_tir.validate [--weights W] [--set key=value ...] [--out J.json [--force]]``

The set: the core thermal demo (seed 7) and ``VariedDemo`` seeds 30001-30004 (seeds that neither the
search, 1000-1019, nor the retraining, 1000-1029, nor its held-out retrieval set, 11000-11003, use),
100 frames each, every one twice: as rendered (white-hot) and with the polarity inverted (black-hot,
``65535 - frame``), since thermal cameras deliver either. ``--jitter``: also a copy of each with a
random camera shake (a random walk of the whole frame, 3 px per frame, at most 30 px; seeded), a stress the plain demo lacks.
Scores: OTB / got10k success AUC over 21 IoU thresholds and precision at 20 px, per sequence and mean.
"""
from __future__ import annotations

import argparse
import json
import time
import zlib
from dataclasses import MISSING, fields

import numpy as np

VAL_SEEDS = (30001, 30002, 30003, 30004)


def validation_sequences(frames: int = 100, polarities=("white", "black"), jitter: bool = False,
                         seeds=VAL_SEEDS):
    """List of ``Sequence`` objects (lazy frames) of the generated validation set."""
    from workbench.core.data.sequence import ArrayFrames, Sequence
    from workbench.core.data.synthetic import DemoSpec, ThermalDemo
    from workbench_nas_tir.data import VariedDemo, varied_spec

    demos = [("demo7", ThermalDemo(DemoSpec(frames=frames, seed=7)))]
    demos += [(f"varied{s}", VariedDemo(varied_spec(s, frames))) for s in seeds]
    out = []
    for name, demo in demos:
        gt = demo.groundtruth()
        shakes = [("", None)]
        if jitter:
            rng = np.random.default_rng((zlib.crc32(name.encode()), 5))
            shakes.append(("_shake", np.cumsum(rng.normal(0, 3.0, size=(frames, 2)), axis=0).clip(-30, 30)))
        for pol in polarities:
            for tag, shift in shakes:
                def make(i, demo=demo, pol=pol, shift=shift):
                    f = demo.render(i)
                    if shift is not None:
                        import cv2

                        m = np.float32([[1, 0, shift[i, 0]], [0, 1, shift[i, 1]]])
                        f = cv2.warpAffine(f.astype(np.float32), m, (f.shape[1], f.shape[0]),
                                           borderMode=cv2.BORDER_REPLICATE).astype(np.uint16)
                    return (65535 - f).astype(np.uint16) if pol == "black" else f

                g = gt.copy()
                if shift is not None:
                    g[:, :2] += shift
                out.append(Sequence(name=f"{name}_{pol}{tag}", frames=ArrayFrames(frames, make), modality="ir16",
                                    groundtruth=g, attributes={}, meta={"layout": "synthetic"}))
    return out


def evaluate(cfg, sequences, verbose: bool = True) -> dict:
    from workbench.core.evaluation.ope import evaluate_sequence
    from workbench.core.runs import run_tracker
    from workbench_nas_tir.tracker import make_tracker

    rows = {}
    for seq in sequences:
        t0 = time.perf_counter()
        run = run_tracker(make_tracker(cfg, "cpu"), seq)
        c = evaluate_sequence(run.boxes, seq.groundtruth)
        rows[seq.name] = {"auc": float(c.success_auc), "p20": float(c.precision_20),
                          "fps": len(seq) / (time.perf_counter() - t0)}
        if verbose:
            print(f"  {seq.name:24s} AUC {c.success_auc:.3f}  P@20 {c.precision_20:.3f}", flush=True)
    mean = {k: float(np.mean([r[k] for r in rows.values()])) for k in ("auc", "p20")}
    for pol in ("white", "black"):
        sel = [r for n, r in rows.items() if f"_{pol}" in n]
        if sel:
            mean[f"auc_{pol}"] = float(np.mean([r["auc"] for r in sel]))
    return {"per_sequence": rows, "mean": mean}


def main(argv=None) -> int:
    import torch

    from workbench.core.errors import WorkbenchError
    from workbench.core.options import add_force_arg, keep_existing
    from workbench.core.results import check_outputs
    from workbench_nas_tir import NASTIRConfig

    p = argparse.ArgumentParser(prog="python -m workbench_nas_tir.validate",
                                description="Track the generated validation sequences (both polarities).")
    p.add_argument("--weights", default=None)
    p.add_argument("--set", action="append", default=[], help="tracker setting key=value (repeatable)")
    p.add_argument("--frames", type=int, default=100)
    p.add_argument("--polarity", choices=("both", "white", "black"), default="both")
    p.add_argument("--jitter", action="store_true")
    p.add_argument("--seeds", default=",".join(str(s) for s in VAL_SEEDS))
    p.add_argument("--out", default=None, help="write the scores as JSON")
    add_force_arg(p, "the --out file")
    a = p.parse_args(argv)
    try:  # before minutes of tracking: an earlier --out file was replaced without a word
        keep_existing([("--out", a.out)], a.force)
        check_outputs(files={"--out": a.out})
    except WorkbenchError as exc:
        p.error(str(exc))
    torch.set_num_threads(1)
    cfg = NASTIRConfig()
    types = {f.name: str if f.default is MISSING else type(f.default) for f in fields(NASTIRConfig)}
    if a.weights:
        cfg.weights = a.weights
    for kv in a.set:
        k, v = kv.split("=", 1)
        t = types.get(k, str)
        setattr(cfg, k, (v.lower() in ("1", "true", "yes")) if t is bool else t(v))
    pols = ("white", "black") if a.polarity == "both" else (a.polarity,)
    seeds = tuple(int(s) for s in a.seeds.split(",") if s)
    res = evaluate(cfg, validation_sequences(a.frames, pols, a.jitter, seeds))
    res["settings"] = {"weights": cfg.weights, "set": a.set, "frames": a.frames, "jitter": a.jitter}
    m = res["mean"]
    print("mean AUC {auc:.3f}  P@20 {p20:.3f}".format(**m)
          + "".join(f"  {k} {v:.3f}" for k, v in m.items() if k.startswith("auc_")))
    if a.out:
        from workbench.core.results import atomic_write_text

        atomic_write_text(a.out, json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
