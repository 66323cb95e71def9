"""The detector as a method and as a command.

``SeqIRSTDetector.detect(frames)``: four frames F1..F4 (native dtype) -> detections in F1.
``SeqIRSTDetector.run(seq)``: every frame of a sequence -> per-frame detection lists.

``workbench detect --model seq_irst --sequence DIR [--sequence DIR2 ...] [--weights W] [--json OUT]``
scores labelled sequences (precision, recall, F1 overall and per sequence; the matching rule in
``metrics``) and measures ``fps``: frames per second of the detector (differential input, network,
decoding) on frames already read from disk.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from workbench.core.errors import WorkbenchError


class SeqIRSTDetector:
    """What a ``detector`` plugin creates (see the report for the protocol proposed for core)."""

    name = "seq_irst"
    modalities = ("gray", "ir16")

    def __init__(self, model, device: str = "cpu", threshold: float = 0.5, direction: str = "past",
                 match_px: float = 3.0):
        self.model = model.to(device).eval()
        self.device = device
        self.threshold = threshold
        self.direction = direction
        self.match_px = match_px

    @property
    def stride(self) -> int:
        return self.model.stride

    def outputs(self, x: np.ndarray) -> np.ndarray:
        """Normalized input (B, 3, H, W) or (3, H, W) -> raw network output (B, 7, h, w) as numpy."""
        import torch

        from workbench_seq_irst.model import pad_to

        if x.ndim == 3:
            x = x[None]
        xp = pad_to(x, self.stride)
        with torch.no_grad():
            out = self.model(torch.from_numpy(np.ascontiguousarray(xp)).to(self.device))
        return out.cpu().numpy()

    def detect_input(self, x: np.ndarray, frame: int = -1):
        from workbench_seq_irst.model import decode

        out = self.outputs(x)[0]
        return decode(out, self.stride, self.threshold, size=(x.shape[-1], x.shape[-2]), frame=frame), out

    def detect(self, frames, frame: int = -1):
        """[F1, F2, F3, F4] -> list of ``Detection`` (cx, cy, w, h, score, cls) in F1."""
        from workbench_seq_irst.differential import differential, normalize

        return self.detect_input(normalize(differential(frames)), frame)[0]

    def run(self, seq, ctx=None, frames=None, keep_outputs: bool = False):
        """Detections of every frame (or of ``frames``) of a sequence; with ``keep_outputs`` also the
        raw outputs per frame (for label refinement). Cancellable between frames."""
        from workbench_seq_irst.differential import FrameCache

        cache = FrameCache(seq)
        idx = list(range(len(seq))) if frames is None else list(frames)
        dets: dict[int, list] = {}
        outs: dict[int, np.ndarray] = {}
        for k, i in enumerate(idx):
            if ctx is not None:
                ctx.check()
            d, o = self.detect_input(cache.input(i, self.direction), i)
            dets[i] = d
            if keep_outputs:
                outs[i] = o
            if ctx is not None:
                ctx.progress((k + 1) / len(idx), f"{seq.name}: frame {k + 1}/{len(idx)}")
        per = [dets.get(i, []) for i in range(len(seq))]
        return (per, outs) if keep_outputs else per


def load_detector(weights: str | Path, device: str = "cpu", threshold: float = 0.5, direction: str = "past",
                  match_px: float = 3.0, backbone: str | None = None) -> SeqIRSTDetector:
    from workbench.core.training.checkpoints import load_checkpoint, load_weights
    from workbench_seq_irst.model import build_model, model_from_state_dict

    path = Path(weights)
    if not path.is_file():
        raise WorkbenchError(f"{path}: weights file is missing (train one: workbench train seq_irst --help)")
    sd = load_checkpoint(path)["model"]
    try:
        model = model_from_state_dict(sd) if backbone is None else build_model(backbone)
    except ValueError as exc:
        raise WorkbenchError(f"{path}: {exc}") from None
    load_weights(path, model)
    return SeqIRSTDetector(model, device, threshold, direction, match_px)


def make_detector(config, device: str = "cpu") -> SeqIRSTDetector:
    from workbench_seq_irst import SeqIRSTConfig

    cfg = config or SeqIRSTConfig()
    return load_detector(cfg.weights, device, cfg.threshold, cfg.direction, cfg.match_px)


def evaluate(detector: SeqIRSTDetector, seqs, ctx=None, match_px: float | None = None,
             frames: dict | None = None) -> tuple[dict, dict]:
    """Score labelled sequences: (report dict with precision / recall / f1 / fps, detections per sequence).

    ``frames``: optional {sequence name: frame indices} to score (default every frame)."""
    from workbench_seq_irst.differential import FrameCache
    from workbench_seq_irst.metrics import Report, score_sequence

    rep = Report(match_px=match_px or detector.match_px)
    all_dets, det_time, n_frames = {}, 0.0, 0
    total = sum(len((frames or {}).get(s.name, range(len(s)))) for s in seqs)
    done = 0
    for s in seqs:
        if not s.labelled:
            raise WorkbenchError(f"{s.path or s.name}: sequence has no labels to score against")
        idx = list((frames or {}).get(s.name, range(len(s))))
        cache = FrameCache(s)
        per = [[] for _ in range(len(s))]
        for i in idx:
            if ctx is not None:
                ctx.check()
            from workbench_seq_irst.differential import frame_indices

            for j in frame_indices(i, len(s), detector.direction):
                cache.frame(j)  # read before the clock starts: fps is the detector's, not the disk's
            t0 = time.perf_counter()
            per[i] = detector.detect_input(cache.input(i, detector.direction), i)[0]
            det_time += time.perf_counter() - t0
            n_frames += 1
            done += 1
            if ctx is not None:
                ctx.progress(done / max(total, 1), f"{s.name}: frame {i + 1}")
        all_dets[s.name] = per
        rep.per_sequence[s.name] = score_sequence(per, s.labels, rep.match_px, idx)
    d = rep.as_dict()
    d["fps"] = n_frames / det_time if det_time > 0 else 0.0
    d["frames_timed"] = n_frames
    return d, all_dets


def parser() -> argparse.ArgumentParser:
    from workbench_seq_irst import default_weights

    p = argparse.ArgumentParser(prog="workbench detect --model seq_irst",
                                description="Detect dim small targets in labelled sequences and score them.")
    p.add_argument("--sequence", action="append", required=True,
                   help="a sequence folder (frames/ + labels.csv or anno_xy.txt), a video, or a folder of them; "
                        "repeatable")
    p.add_argument("--weights", default=default_weights())
    p.add_argument("--json", help="write the scores here")
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--match-px", type=float, default=3.0, help="matching radius (centroid distance, px)")
    p.add_argument("--direction", choices=("past", "future"), default="past")
    p.add_argument("--device", default="auto")
    p.add_argument("--frames", help="START:END (0-based, END exclusive): score only these frames")
    p.add_argument("--detections", help="write every detection here as CSV (sequence,frame,cx,cy,w,h,score,class)")
    return p


def open_many(paths) -> list:
    from workbench.core.data.irseq import list_irseq, open_irseq

    seqs = []
    for p in paths:
        found = list_irseq(p)
        if not found:
            raise WorkbenchError(f"{p}: no labelled sequence here (frames/ with labels.csv or anno_xy.txt, "
                                 f"or a video)")
        seqs += [open_irseq(f) for f in found]
    return seqs


def main(argv: list[str]) -> int:
    import sys

    from workbench.core.device import resolve_device
    from workbench.core.jobs import JobContext, TextProgress
    from workbench.core.results import atomic_write_text, write_json
    from workbench_seq_irst.metrics import RULE

    args = parser().parse_args(argv)
    det = load_detector(args.weights, resolve_device(args.device), args.threshold, args.direction, args.match_px)
    seqs = open_many(args.sequence)
    from workbench_seq_irst.train import frame_range

    fr = frame_range(args.frames)
    frames = None if fr is None else {s.name: list(range(len(s)))[fr] for s in seqs}
    rep, dets = evaluate(det, seqs, JobContext(TextProgress("detect")), frames=frames)
    rep.update({"weights": str(Path(args.weights).resolve()), "threshold": args.threshold,
                "direction": args.direction, "device": det.device, "frames": args.frames or "all",
                "sequences": [str(s.path) for s in seqs]})
    for name, c in rep["per_sequence"].items():
        print(f"{name:24s} P {c['precision']:.3f}  R {c['recall']:.3f}  F1 {c['f1']:.3f}  "
              f"(TP {c['tp']} FP {c['fp']} FN {c['fn']}, {c['frames']} frames)")
    print(f"{'overall':24s} P {rep['precision']:.3f}  R {rep['recall']:.3f}  F1 {rep['f1']:.3f}  "
          f"fps {rep['fps']:.1f}   [{RULE.format(px=args.match_px)}]")
    if args.json:
        write_json(args.json, rep)
    if args.detections:
        lines = ["sequence,frame,cx,cy,w,h,score,class"]
        for name, per in dets.items():
            for i, ds in enumerate(per):
                for d in ds:
                    lines.append(f"{name},{i},{d.cx:.2f},{d.cy:.2f},{d.w:.2f},{d.h:.2f},{d.score:.4f},"
                                 f"{('target', 'interference')[d.cls]}")
        atomic_write_text(args.detections, "\n".join(lines) + "\n")
    sys.stdout.flush()
    return 0
