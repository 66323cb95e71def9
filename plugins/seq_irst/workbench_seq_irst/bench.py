"""seq_irst: training time per epoch and F1 for crops of 80 / 64 / 32 / 16 px against full frames, in
one run (the paper's Table 2 shape, on a small budget), and full-frame detection speed at 640x512.

Every row trains a fresh ``darknet19_tiny`` detector from the same seed on the same generated training
frames (320x256 8-bit; drifting clouds, platform motion, dim 2-5 px targets, flicker pixels) for the
same number of epochs, then scores precision / recall / F1 after the last epoch on the full frames of
held-out generated sequences (centroid distance <= 3 px, threshold 0.5). Time per epoch is the training
loop only (no validation inside it).
FPS: differential input + network + decoding on 640x512 16-bit frames already in memory.
Torch runs on 1 thread so that the rows compete for the CPU the same way.

    workbench bench seq_irst [--quick] [--json F]
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from workbench.core.data.irseq_synth import make_sequences  # noqa: E402
from workbench.core.evaluation.detection import score_text  # noqa: E402

SIZES = (80, 64, 32, 16, 0)


def _fps(model, frames: int, threads: int) -> dict:
    from workbench_seq_irst.detector import SeqIRSTDetector
    from workbench_seq_irst.differential import FrameCache
    from workbench.core.data.irseq_synth import make_sequence

    seq = make_sequence(4242, width=640, height=512, frames=frames + 3, depth=16)
    cache = FrameCache(seq, size=frames + 4)
    for i in range(len(seq)):
        cache.frame(i)
    det = SeqIRSTDetector(model, "cpu", 0.5)
    det.detect_input(cache.input(3), 3)  # warm-up
    t0 = time.perf_counter()
    for i in range(3, 3 + frames):
        det.detect_input(cache.input(i), i)
    dt = time.perf_counter() - t0
    return {"frames": frames, "seconds": dt, "fps": frames / dt, "threads": threads}


def _nothing_found_note(rows: list[dict], quick: bool, epochs: int) -> str:
    """A line saying that the F1 column compares nothing where no row found a target (every F1 0 or undefined):
    after --quick's 2 epochs no detector has learnt yet, and the table read as a comparison of crop sizes."""
    if any(r["f1"] is not None and float(r["f1"]) > 0 for r in rows):
        return ""
    if quick:
        return (f"note: every F1 is 0: --quick trains {epochs} epochs, too short for any of these detectors to "
                "find a target; this compares no crop size (the s/epoch column stands): compare F1 on a full run "
                "(without --quick)")
    return (f"note: every F1 is 0: no detector found a target after {epochs} epochs; the F1 column compares no "
            "crop size")


def run(quick: bool = False) -> dict:
    import torch

    from workbench.core.bench import machine
    from workbench_seq_irst.crops import build_crops, format_table1, proportion_table
    from workbench_seq_irst.detector import SeqIRSTDetector, evaluate
    from workbench_seq_irst.train import TrainSettings, train

    threads = 1
    torch.set_num_threads(threads)
    n_train, n_val, n_frames, epochs = (3, 1, 12, 2) if quick else (6, 2, 20, 6)
    w, h = (160, 128) if quick else (320, 256)
    kw = dict(width=w, height=h, frames=n_frames)
    train_seqs = make_sequences(n_train, seed=11, **kw)
    val_seqs = make_sequences(n_val, seed=12, **kw)
    dataset = [(s, None) for s in train_seqs]
    print(format_table1(proportion_table()))
    print()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            st = TrainSettings(crop=size, epochs=epochs, batch_size=32 if size else 4, seed=0, threads=threads)
            crops = build_crops(dataset, size, st.bg_ratio, st.seed)
            res, _, model = train(None, dataset, [], st, Path(tmp) / f"c{size}", log=lambda m: None, crops=crops)
            hist = res.history
            det = SeqIRSTDetector(model.eval(), "cpu", st.threshold, st.direction, st.match_px)
            last, _ = evaluate(det, val_seqs)
            rows.append({"image_size": f"{size}x{size}x4" if size else f"{w}x{h}x4 (full)", "crop": size,
                         "backbone": "darknet19_tiny", "epochs": epochs, "samples": len(crops),
                         "target_share_permille": 1000 * crops.target_proportion,
                         "epoch_s": float(np.mean([r["train_s"] for r in hist])),
                         "precision": last["precision"], "recall": last["recall"], "f1": last["f1"]})
            r = rows[-1]
            print(f"  trained {r['image_size']}: {r['epoch_s']:.1f} s/epoch, F1 {score_text(r['f1'])}", flush=True)
        full = rows[-1]["epoch_s"]
        for r in rows:
            r["time_vs_full"] = r["epoch_s"] / full if full else float("nan")
        fps = _fps(model, 5 if quick else 20, threads)
    print()
    head = (f"{'image size':>22s} {'backbone':>15s} {'epochs':>6s} {'samples':>7s} {'share‰':>7s} {'s/epoch':>8s} "
            f"{'x full':>7s} {'P/%':>6s} {'R/%':>6s} {'F1/%':>6s}")
    print(head)
    for r in rows:
        print(f"{r['image_size']:>22s} {r['backbone']:>15s} {r['epochs']:>6d} {r['samples']:>7d} "
              f"{r['target_share_permille']:>7.2f} {r['epoch_s']:>8.2f} {r['time_vs_full']:>7.2f} "
              f"{score_text(r['precision'], 2, True):>6s} {score_text(r['recall'], 2, True):>6s} "
              f"{score_text(r['f1'], 2, True):>6s}")
    print(f"\nfull-frame detection at 640x512 (16-bit, {threads} thread, last model above): "
          f"{fps['fps']:.2f} FPS over {fps['frames']} frames")
    print("P / R / F1: full frames of held-out generated sequences, centroid distance <= 3 px, threshold 0.5, "
          "after the last epoch")
    note = _nothing_found_note(rows, quick, epochs)
    if note:
        print(note)
    return {"name": "seq_irst", "rows": rows, "fps_640x512": fps, "machine": machine(),
            "settings": {"train_sequences": n_train, "val_sequences": n_val, "frames": n_frames, "frame_size": [w, h],
                         "epochs": epochs, "threads": threads, "quick": quick}}


if __name__ == "__main__":  # --quick, --json F, --force by argparse ("--quick" in sys.argv: --help ran it)
    from workbench.core.bench import script_main

    sys.exit(script_main("seq_irst", __doc__, run, prog="python -m workbench_seq_irst.bench"))
