"""Evaluation speed: one-pass scoring of 100 sequences x 1,000 frames (quick: 20 x 1,000).

Target (issue 2): under half a second for the full size on the 2-core CPU. Compared in the same
run with a straightforward per-frame Python loop doing the same arithmetic, as a reference point.
"""
from __future__ import annotations

import sys
import time

import numpy as np

from workbench.core.bench import best_of, machine
from workbench.core.evaluation.ope import evaluate_tracker
from workbench.core.evaluation.plots import render_table


def _data(n_seq: int, n_frames: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    gts, preds = {}, {}
    for s in range(n_seq):
        xy = np.cumsum(rng.normal(0, 2, (n_frames, 2)), axis=0) + 200
        wh = np.abs(rng.normal(40, 5, (n_frames, 2))) + 5
        gt = np.hstack([xy, wh])
        gt[rng.random(n_frames) < 0.02] = np.nan  # absent frames
        pred = gt + rng.normal(0, 6, gt.shape)
        pred[rng.random(n_frames) < 0.01] = np.nan  # tracker gave no box
        gts[f"seq{s:03d}"], preds[f"seq{s:03d}"] = gt, pred
    return gts, preds


def _loop_reference(preds, gts):
    """Per-frame pure-Python OPE (same thresholds) as a naive reference implementation."""
    thr = [i / 20 for i in range(21)]
    aucs = []
    for name, gt in gts.items():
        pred = preds[name]
        hits = [0] * 21
        n = 0
        for p, g in zip(pred.tolist(), gt.tolist()):
            if any(v != v for v in g) or g[2] <= 0 or g[3] <= 0:
                continue
            n += 1
            if any(v != v for v in p):
                continue
            iw = max(0.0, min(p[0] + p[2], g[0] + g[2]) - max(p[0], g[0]))
            ih = max(0.0, min(p[1] + p[3], g[1] + g[3]) - max(p[1], g[1]))
            inter = iw * ih
            o = inter / (p[2] * p[3] + g[2] * g[3] - inter)
            for k, t in enumerate(thr):
                hits[k] += o > t
        aucs.append(sum(hits) / (21 * max(n, 1)))
    return float(np.mean(aucs))


def run(quick: bool = False) -> dict:
    n_seq = 20 if quick else 100
    n_frames = 1000
    gts, preds = _data(n_seq, n_frames)
    report = {}

    def ours():
        report["r"] = evaluate_tracker("t", preds, gts)

    t_ours = best_of(ours, 5)
    t0 = time.perf_counter()
    ref_auc = _loop_reference(preds, gts)
    t_loop = time.perf_counter() - t0
    auc = report["r"].overall.success_auc
    rows = [
        {"implementation": "workbench.core.evaluation.ope (numpy)", "seconds": t_ours, "success_auc": auc,
         "speedup_vs_loop": t_loop / t_ours},
        {"implementation": "per-frame Python loop (reference)", "seconds": t_loop, "success_auc": ref_auc,
         "speedup_vs_loop": 1.0},
    ]
    print(f"Evaluation of {n_seq} sequences x {n_frames} frames (success, precision, normalized precision)")
    print(render_table(["implementation", "seconds", "AUC", "x loop"],
                       [[r["implementation"], f"{r['seconds']:.4f}", f"{r['success_auc']:.4f}",
                         f"{r['speedup_vs_loop']:.1f}"] for r in rows], left=1))
    target = 0.5 * n_seq / 100
    print(f"target: under {target:.2f} s for this size -> {'met' if t_ours < target else 'NOT met'}")
    return {"name": "evaluation", "settings": {"sequences": n_seq, "frames": n_frames, "quick": quick},
            "rows": rows, "machine": machine(), "target_seconds": target, "target_met": t_ours < target}


if __name__ == "__main__":  # --quick, --json F, --force by argparse (--help ran the benchmark)
    from _script import main  # (benchmarks/ is the script's own folder on sys.path)

    sys.exit(main(__file__, __doc__, run))
