"""The detector as a method and as a command.

``SeqIRSTDetector`` follows the core's ``Detector`` protocol: ``window(i, n)`` names F1..F4 of frame i
(``differential.frame_indices``) and ``detect_frames([F1, F2, F3, F4], i)`` returns a ``DetectOutput``
(centres, boxes, scores, class ids ``target`` / ``interference``, the confidence map). The core's
``iter_detect`` drives it for ``run``, ``evaluate`` and the command.
``SeqIRSTDetector.detect(frames)``: four frames F1..F4 (native dtype) -> ``Detection`` list in F1.

``workbench detect --model seq_irst --sequence DIR [--sequence DIR2 ...] [--weights W] [--json OUT] [--out DIR]
[--test-scales 1,0.5]`` scores labelled sequences (precision, recall, F1 overall and per sequence; the matching
rule in ``metrics``) and measures ``fps``: frames per second of the detector (differential input, network,
decoding) on frames already read from disk. ``--test-scales`` (the config's ``scales``; default 1, off): the
test-time input pyramid (``SeqIRSTDetector``). ``--out`` writes the detections in the core's layout,
``DIR/<dataset>/seq_irst/<variant>/<sequence>.csv`` (frame,x,y,w,h,score,class) with a ``manifest.json``.
"""
from __future__ import annotations

import argparse
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np

from workbench.core.data.irseq import TARGET
from workbench.core.errors import WorkbenchError, stop_name
from workbench.core.evaluation.detection import score_text
from workbench.core.methods import DetectOutput, MapLayer
from workbench_seq_irst.differential import OFFSETS, resize_input
from workbench_seq_irst.tracks import keep_strongest  # noqa: F401 - the per-frame rule, re-exported
from workbench_seq_irst.sequences import open_many  # noqa: F401 - the command's input, re-exported

CLASS_NAMES = ("target", "interference")


def to_output(dets) -> DetectOutput:
    """``Detection`` list -> ``DetectOutput`` (points are the centres, boxes top-left x, y, w, h)."""
    if not dets:
        return DetectOutput(np.zeros((0, 2)), np.zeros(0), np.zeros((0, 4)), np.zeros(0, int), CLASS_NAMES)
    c = np.array([[d.cx, d.cy, d.w, d.h] for d in dets], np.float64)
    boxes = np.column_stack([c[:, 0] - c[:, 2] / 2, c[:, 1] - c[:, 3] / 2, c[:, 2], c[:, 3]])
    return DetectOutput(c[:, :2], np.array([d.score for d in dets]), boxes,
                        np.array([d.cls for d in dets], int), CLASS_NAMES)


def detections_of(out: DetectOutput, frame: int = -1) -> list:
    """``DetectOutput`` -> ``Detection`` list (what ``metrics`` matches), centres taken as they were."""
    from workbench_seq_irst.model import Detection

    w = out.boxes[:, 2] if out.boxes is not None else np.zeros(len(out))
    h = out.boxes[:, 3] if out.boxes is not None else np.zeros(len(out))
    cls = out.classes if out.classes is not None else np.zeros(len(out), int)
    return [Detection(float(out.points[k, 0]), float(out.points[k, 1]), float(w[k]), float(h[k]),
                      float(out.scores[k]), int(cls[k]), frame) for k in range(len(out))]


def parse_scales(text) -> tuple[float, ...]:
    """``"1,2"`` (or a sequence of numbers) -> (1.0, 2.0): the test-time input pyramid's scales, in the
    order given, duplicates dropped; each in 0.1 ... 8. Empty -> (1.0,)."""
    if isinstance(text, str):
        try:
            vals = [float(v) for v in text.replace(" ", "").split(",") if v]
        except ValueError:
            raise WorkbenchError(f"scales: comma-separated numbers expected (e.g. 1,2), got {text!r}") from None
    else:
        vals = [float(v) for v in (text or ())]
    if any(not 0.1 <= v <= 8 for v in vals):
        raise WorkbenchError(f"scales: every scale must lie in 0.1 ... 8, got {text!r}")
    out: list[float] = []
    for v in vals:
        if v not in out:
            out.append(v)
    return tuple(out) or (1.0,)


def to_frame(d, scale: float):
    """A detection on the input resized by ``scale`` -> the frame's coordinates (pixel centres map as
    (x + 0.5) / scale - 0.5, the inverse of ``crops.scale_label``; sizes / scale)."""
    if scale == 1.0:
        return d
    return type(d)((d.cx + 0.5) / scale - 0.5, (d.cy + 0.5) / scale - 0.5, d.w / scale, d.h / scale,
                   d.score, d.cls, d.frame)


MERGE_POSITIONS = ("strongest", "finest")


def merge_scales(per_scale: list, radius: float, position: str = "strongest", scales=None) -> list:
    """Detections of several pyramid levels (each a list, already in frame coordinates) -> one list,
    best first: a detection is dropped when a stronger kept detection *of another level* lies within
    ``radius`` px (one target seen at two scales counts once; detections of one level are left as that
    level's decoding gave them). ``position="finest"`` (needs ``scales``, one per level): the kept
    detection becomes the dropped one (centre, size, class) when that came from a finer level (a larger
    scale: its grid is finer in frame pixels), keeping the group's best score: the finest level says where
    and what, the strongest how sure."""
    if position not in MERGE_POSITIONS:
        raise WorkbenchError(f"merge position must be one of {MERGE_POSITIONS}, got {position!r}")
    fine = position == "finest" and scales is not None
    tagged = sorted(((d, k) for k, ds in enumerate(per_scale) for d in ds), key=lambda t: -t[0].score)
    kept: list = []  # [detection, level, scale its centre came from]
    for d, k in tagged:
        near = next((e for e in kept if e[1] != k and np.hypot(d.cx - e[0].cx, d.cy - e[0].cy) <= radius), None)
        if near is None:
            kept.append([d, k, scales[k] if fine else None])
        elif fine and scales[k] > near[2]:
            e = near[0]
            near[0] = type(d)(d.cx, d.cy, d.w, d.h, e.score, d.cls, d.frame)
            near[2] = scales[k]
    return [e[0] for e in kept]


MAX_CANDIDATES = 64  # per frame, for the trajectory confirmation (the DAUB recordings give at most 35 at 0.05)


class SeqIRSTDetector:
    """What the ``seq_irst`` plugin creates: a core ``Detector``.

    ``scales``: the test-time input pyramid (default (1,): the frame as it is). With more than one scale,
    the frame's differential input is resized by each (``resize_input``), normalised and scored; every
    level's detections (score >= ``threshold``) are mapped back to frame coordinates (``to_frame``) and
    merged (``merge_scales``: of two detections of different levels within ``merge_px`` px, the stronger is
    kept; default 2 x ``match_px``, the farthest two detections matching one label can lie apart); then the
    per-frame rule (``relative``, ``max_targets``) runs on the merged list."""

    name = "seq_irst"
    modalities = ("gray", "ir16")

    def __init__(self, model, device: str = "cpu", threshold: float = 0.5, direction: str = "past",
                 match_px: float = 3.0, relative: float = 0.0, max_targets: int = 0, scales=(1.0,),
                 merge_px: float | None = None, merge_position: str = "strongest", tracks=None,
                 invert: bool = False):
        self.model = model.to(device).eval()
        self.invert = bool(invert)  # black-hot sensor: targets darker than the background
        # trajectory confirmation (tracks.py): each frame's detections down to the rule's floor are kept
        # (``candidates``) and ``finish`` replaces a run's frames by the confirmed ones when it ends
        self.tracks = tracks
        self.candidates: dict[int, list] = {}
        self.device = device
        self.threshold = threshold
        self.relative = float(relative or 0.0)
        self.max_targets = int(max_targets or 0)
        self.direction = direction
        self.match_px = match_px
        self.scales = parse_scales(scales)
        self.merge_px = float(merge_px) if merge_px is not None else 2.0 * float(match_px)
        if merge_position not in MERGE_POSITIONS:
            raise WorkbenchError(f"merge position must be one of {MERGE_POSITIONS}, got {merge_position!r}")
        self.merge_position = merge_position
        self.last_scale = 1.0  # the pyramid level whose raw output is in last_output
        self.last_output: np.ndarray | None = None  # raw (7, h, w) output of the last detect_frames
        self.norm = getattr(model, "input_norm_mode", "frame")  # the input normalisation the weights expect

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

    def _decode(self, x: np.ndarray, frame: int = -1):
        """The normalised input x -> (its detections above ``threshold``, in x's pixels; the raw output)."""
        from workbench_seq_irst.model import decode

        out = self.outputs(x)[0]
        return decode(out, self.stride, self._floor, size=(x.shape[-1], x.shape[-2]), frame=frame), out

    @property
    def _floor(self) -> float:
        """The decoding threshold: ``threshold``, or the track rule's floor when that is lower."""
        return min(self.threshold, self.tracks.floor) if self.tracks is not None else self.threshold

    def _per_frame(self, dets: list, frame: int) -> list:
        """The per-frame rule on a frame's decoded detections; with a track rule they are kept first."""
        if self.tracks is not None:  # the strongest MAX_CANDIDATES: a long cluttered run stays bounded in memory
            self.candidates[frame] = sorted(dets, key=lambda d: -d.score)[:MAX_CANDIDATES]
            dets = [d for d in dets if d.score >= self.threshold]
        return keep_strongest(dets, self.relative, self.max_targets)

    def detect_input(self, x: np.ndarray, frame: int = -1):
        dets, out = self._decode(x, frame)
        return self._per_frame(dets, frame), out

    def detect_differential(self, G: np.ndarray, frame: int = -1):
        """The differential input G (3, H, W), not normalised -> (detections in frame coordinates, the raw
        output of the first pyramid level at scale 1, else of the first level). One scale 1: exactly
        ``detect_input(normalize(G))``."""
        from workbench_seq_irst.differential import normalize

        if self.invert:  # black-hot frames: inverting F1..F4 negates every difference
            G = -G
        if self.scales == (1.0,):
            self.last_scale = 1.0
            return self.detect_input(normalize(G, mode=self.norm), frame)
        per, raw, raw_scale = [], None, None
        for sc in self.scales:
            dets, out = self._decode(normalize(resize_input(G, sc), mode=self.norm), frame)
            per.append([to_frame(d, sc) for d in dets])
            if raw is None or (sc == 1.0 and raw_scale != 1.0):
                raw, raw_scale = out, sc
        self.last_scale = raw_scale
        merged = merge_scales(per, self.merge_px, self.merge_position, self.scales)
        return self._per_frame(merged, frame), raw

    def detect(self, frames, frame: int = -1):
        """[F1, F2, F3, F4] -> list of ``Detection`` (cx, cy, w, h, score, cls) in F1."""
        from workbench_seq_irst.differential import differential

        return self.detect_differential(differential(frames), frame)[0]

    def window(self, index: int, n: int) -> list[int]:
        from workbench_seq_irst.differential import frame_indices

        return frame_indices(index, n, self.direction)

    def detect_frames(self, frames, index: int) -> DetectOutput:
        from workbench_seq_irst.differential import differential

        dets, raw = self.detect_differential(differential(frames), index)
        self.last_output = raw
        out = to_output(dets)
        gh, gw = raw.shape[-2:]
        conf = (1.0 / (1.0 + np.exp(-raw[4]))).astype(np.float32)  # the grid covers the padded frame
        ext = self.stride / self.last_scale  # one cell in frame pixels (the level's grid, at another scale)
        out.maps = {"confidence": MapLayer(conf, (0.0, 0.0, float(gw * ext), float(gh * ext)))}
        return out

    def finish(self, outputs: list) -> list:
        """A run's ``[(frame, DetectOutput)]`` when it ends -> the same frames with the detections the
        track rule confirms over them (tracks.py; other-class detections as the per-frame rule gave them).
        Without a track rule, for a run of fewer frames than a trajectory needs (nothing could be confirmed:
        the per-frame rule stands) or frames without kept candidates, unchanged. Forgets the candidates."""
        if self.tracks is None or len(outputs) < self.tracks.min_len:
            self.candidates = {}
            return outputs
        from workbench_seq_irst.tracks import confirm

        idx = [i for i, _ in outputs]
        if any(i not in self.candidates for i in idx):
            self.candidates = {}
            return outputs
        order = sorted(idx)
        # the linker steps frame by frame: frames left out of a subset are frames without candidates
        kept = confirm([self.candidates.get(i, []) for i in range(order[0], order[-1] + 1)], self.tracks,
                       self.relative, self.max_targets)
        self.candidates = {}
        done = []
        for i, out in outputs:
            other = [d for d in detections_of(out, i) if d.cls != TARGET]
            new = to_output(kept[i - order[0]] + other)
            new.seconds, new.maps = out.seconds, out.maps
            done.append((i, new))
        return done

    def run(self, seq, ctx=None, frames=None, keep_outputs: bool = False):
        """Detections of every frame (or of ``frames``) of a sequence; with ``keep_outputs`` also the
        raw outputs per frame (for label refinement). Cancellable between frames."""
        from workbench.core.loops import iter_detect

        outs: dict[int, np.ndarray] = {}
        done = []
        self.candidates = {}
        for i, out in iter_detect(self, seq, frames, ctx):
            done.append((i, out))
            if keep_outputs:
                outs[i] = self.last_output
        dets = {i: detections_of(out, i) for i, out in self.finish(done)}
        per = [dets.get(i, []) for i in range(len(seq))]
        return (per, outs) if keep_outputs else per


def load_detector(weights: str | Path, device: str = "cpu", threshold: float = 0.5, direction: str = "past",
                  match_px: float = 3.0, backbone: str | None = None, relative: float = 0.0,
                  max_targets: int = 0, scales=(1.0,), merge_px: float | None = None,
                  merge_position: str = "strongest", tracks=None, invert: bool = False,
                  members: int = 0) -> SeqIRSTDetector:
    """``members``: of an ensemble weights file, run only its first ``members`` networks (0: all)."""
    from workbench.core.training.checkpoints import fit_state_dict
    from workbench_seq_irst.model import build_model, ensemble_state_dict, load_members, model_from_state_dict

    path = Path(weights)
    if not path.is_file():
        raise WorkbenchError(f"{path}: weights file is missing (train one: workbench train seq_irst --help)")
    parts = load_members(path, members)
    sd = parts[0] if len(parts) == 1 else ensemble_state_dict(parts)
    try:
        model = model_from_state_dict(sd) if backbone is None or len(parts) > 1 else build_model(backbone)
    except ValueError as exc:
        raise WorkbenchError(f"{path}: {exc}") from None
    fit_state_dict(model, sd, path)
    return SeqIRSTDetector(model, device, threshold, direction, match_px, relative, max_targets, scales, merge_px,
                           merge_position, tracks, invert)


def make_detector(config, device: str = "cpu") -> SeqIRSTDetector:
    from workbench_seq_irst import SeqIRSTConfig

    cfg = config or SeqIRSTConfig()
    return load_detector(cfg.weights, device, cfg.threshold, cfg.direction, cfg.match_px,
                         relative=cfg.relative, max_targets=cfg.max_targets,
                         scales=getattr(cfg, "scales", "1"), merge_px=getattr(cfg, "merge_px", 0.0) or None,
                         merge_position=getattr(cfg, "merge_position", "strongest"), tracks=track_rule(cfg),
                         invert=bool(getattr(cfg, "invert", False)), members=int(getattr(cfg, "members", 0) or 0))


def track_rule(cfg):
    """The config's trajectory confirmation (``tracks`` and its ``track_*`` settings), or None when off."""
    from workbench_seq_irst.tracks import TrackRule

    if not getattr(cfg, "tracks", False):
        return None
    return TrackRule(float(cfg.track_floor), int(cfg.track_min_len), float(cfg.track_min_score), float(cfg.track_step),
                     int(cfg.track_gap), bool(cfg.track_fill))


def scorable(seqs, frames: dict | None = None) -> tuple[list, dict[str, str]]:
    """(the sequences that can be scored, {name: why not} of the others): a sequence without labels (no label
    file) or whose labels cover none of its frames of ``frames`` (an empty anno_xy.txt) has nothing to score
    against; counted, it would be P / R / F1 0 over 0 frames. Sequences given and none scorable: an error naming
    them."""
    kept, skipped = [], {}
    for s in seqs:
        idx = list((frames or {}).get(s.name, range(len(s))))
        if not s.labelled:
            skipped[s.name] = f"{s.path or s.name}: no labels (no label file)"
        elif not s.scored_frames(idx):
            skipped[s.name] = f"{s.label_file or s.path or s.name}: the labels cover none of its {len(idx)} frames"
        else:
            kept.append(s)
    if skipped and not kept:
        raise WorkbenchError("no evaluation sequence has labels to score against: " + "; ".join(skipped.values()))
    return kept, skipped


def evaluate(detector: SeqIRSTDetector, seqs, ctx=None, match_px: float | None = None,
             frames: dict | None = None, on_output=None, unlabelled: bool = False) -> tuple[dict, dict]:
    """Score labelled sequences: (report dict with precision / recall / f1 / fps, detections per sequence).

    ``frames``: optional {sequence name: frame indices} to score (default every frame).
    ``on_output(seq, [(frame, DetectOutput)])`` receives each sequence's outputs (result files).
    ``unlabelled``: sequences without labels, or whose labels cover none of the frames, are detected, not
    scored (report ``unlabelled``: frames and detections per sequence); otherwise they are neither detected nor
    scored (report ``skipped``: {name: why}; ``scorable``), and no sequence with labels is an error."""
    from workbench.core.jobs import JobContext
    from workbench.core.loops import iter_detect
    from workbench_seq_irst.metrics import Report, score_sequence

    skipped: dict[str, str] = {}
    if not unlabelled:
        seqs, skipped = scorable(seqs, frames)
    rep = Report(match_px=match_px or detector.match_px)
    all_dets, det_time, n_frames = {}, 0.0, 0
    total = sum(len((frames or {}).get(s.name, range(len(s)))) for s in seqs)
    done = 0
    plain: dict[str, dict] = {}
    for s in seqs:
        idx = list((frames or {}).get(s.name, range(len(s))))
        sub = None
        if ctx is not None:  # this sequence's share of the whole bar
            sub = JobContext(lambda f, m, d=done, k=len(idx): ctx.progress((d + f * k) / max(total, 1), m), ctx.token)
        per = [[] for _ in range(len(s))]
        outputs = []
        detector.candidates = {}
        try:
            for i, out in iter_detect(detector, s, idx, sub):
                det_time += out.seconds
                n_frames += 1
                out.maps = {}  # read by nothing after the frame (track rule, scores, result file): not held to the end
                outputs.append((i, out))
        except (KeyboardInterrupt, WorkbenchError) as stop:
            # Ctrl-C / SIGTERM, or a frame that cannot be read part-way (a PNG cut short): the frames detected of
            # this sequence, for its caller to keep (an error threw them away with the sequences done before)
            stop.detected = (s, outputs, len(idx))
            raise
        outputs = detector.finish(outputs)  # trajectory confirmation, when the detector has a track rule
        for i, out in outputs:
            per[i] = detections_of(out, i)
        done += len(idx)
        all_dets[s.name] = per
        scored = s.scored_frames(idx) if s.labelled else []
        # a label file that covers none of these frames (an empty anno_xy.txt): not scored, not P/R/F1 0
        if scored:
            rep.per_sequence[s.name] = score_sequence(per, s.labels, rep.match_px, scored)
        else:
            plain[s.name] = {"frames": len(idx), "detections": int(sum(len(per[i]) for i in idx))}
        if on_output is not None:
            on_output(s, outputs)
    d = rep.as_dict()
    d["scored"] = bool(rep.per_sequence)
    if plain:
        d["unlabelled"] = plain
    if skipped:
        d["skipped"] = skipped
    d["fps"] = n_frames / det_time if det_time > 0 else 0.0
    d["frames_timed"] = n_frames
    return d, all_dets


# the settings `detect` builds from its own options -> those options (check_config names them in its refusals)
DETECT_FLAGS = {"weights": "--weights", "threshold": "--threshold", "relative": "--relative",
                "max_targets": "--max-targets", "match_px": "--match-px", "scales": "--test-scales",
                "merge_px": "--merge-px", "merge_position": "--merge-position", "tracks": "--tracks",
                "track_floor": "--track-floor", "track_min_len": "--track-min-len",
                "track_min_score": "--track-min-score", "track_step": "--track-step", "track_gap": "--track-gap",
                "track_fill": "--track-fill", "invert": "--invert", "direction": "--direction"}


def parser() -> argparse.ArgumentParser:
    from workbench_seq_irst import SeqIRSTConfig, default_weights

    d = SeqIRSTConfig()  # the command's defaults are the window's (one place: config.py)
    said = {f.name: f.metadata.get("help", "") for f in fields(SeqIRSTConfig)}  # and its words: the settings' help
    p = argparse.ArgumentParser(prog="workbench detect --model seq_irst",
                                description="Detect dim small targets in sequences; labelled ones are scored.")
    p.add_argument("--sequence", action="append", required=True,
                   help="a sequence folder (frames/ + labels.csv or anno_xy.txt; DAUB as released: data<n>/<k>.bmp "
                        "+ data<n>.txt; an Anti-UAV folder), a video, or a folder of them; a mask-per-frame set's root "
                        "(IRDST, TSIRMT: images/<seq>/ + masks/<seq>/), NUDT-MIRSDT's (Sequence<n>/images + masks) or "
                        "ITSDT-15K's (images/<seq>/ + COCO instances_*.json) gives its sequences; a folder of frames "
                        "or a video without labels is detected, not scored; repeatable")
    p.add_argument("--split", default=None,
                   help="only the sequences of this split: an ITSDT-15K COCO file's (instances_<split>2017.json: "
                        "test, train), an Anti-UAV split folder (train, val, test) or NUDT-MIRSDT's train.txt / "
                        "test.txt; a --sequence with none of it is refused (default: every sequence given)")
    p.add_argument("--weights", default=default_weights(), help=f"{said['weights']} (default: the shipped ones)")
    p.add_argument("--json", help="write the scores here (with --split's and each sequence's split)")
    p.add_argument("--threshold", type=float, default=d.threshold, help=f"{said['threshold']} (default: %(default)s)")
    p.add_argument("--relative", type=float, default=d.relative,
                   help="keep detections scoring >= this fraction of the frame's best (0: off)")
    p.add_argument("--max-targets", type=int, default=d.max_targets,
                   help="at most this many detections per frame (0: no cap)")
    p.add_argument("--match-px", type=float, default=d.match_px, help="matching radius (centroid distance, px)")
    p.add_argument("--test-scales", default=d.scales,
                   help="test-time input pyramid: comma-separated scales of the differential input, e.g. 1,2 "
                        "(each level scored, detections mapped back to the frame and merged; default 1: off)")
    p.add_argument("--merge-px", type=float, default=d.merge_px,
                   help="pyramid: of two detections of different scales this close (px), the stronger is kept "
                        "(0: 2 x --match-px)")
    p.add_argument("--merge-position", choices=("strongest", "finest"), default=d.merge_position,
                   help="pyramid: a merged detection is the stronger one, or the one of the finest scale among "
                        "those merged (its centre, size and class) with the best score")
    p.add_argument("--tracks", choices=("on", "off"), default="on" if d.tracks else "off",
                   help="confirm detections by their trajectories over the sequence (default on): a target is kept "
                        "only on a trajectory of >= --track-min-len points with mean score >= --track-min-score; "
                        "the per-frame rule (--threshold, --relative) gives the candidates' display and off's result")
    p.add_argument("--track-floor", type=float, default=d.track_floor, help="trajectories: candidate score floor")
    p.add_argument("--track-min-len", type=int, default=d.track_min_len, help="trajectories: points needed")
    p.add_argument("--track-min-score", type=float, default=d.track_min_score, help="trajectories: mean score needed")
    p.add_argument("--track-step", type=float, default=d.track_step, help="trajectories: farthest move per frame (px)")
    p.add_argument("--track-gap", type=int, default=d.track_gap, help="trajectories: frames a trajectory may skip")
    p.add_argument("--track-fill", choices=("on", "off"), default="on" if d.track_fill else "off",
                   help="trajectories: interpolated points in a kept trajectory's skipped frames")
    p.add_argument("--invert", action="store_true", default=d.invert,
                   help="black-hot data: targets darker than the background (the differences are negated)")
    p.add_argument("--direction", choices=("past", "future"), default=d.direction,
                   help="the frames each frame is differenced with (the network's input F2..F4): those before it "
                        "(past, causal) or after it (future) (default: %(default)s)")
    p.add_argument("--device", default="auto", help="auto (a CUDA GPU when there is one), cpu or cuda")
    p.add_argument("--frames", help="START:END (0-based, END exclusive; either may be left out; a negative one counts "
                                    "from the end, as in Python: -10: is the last 10 frames): score only these frames")
    p.add_argument("--detections", help="write every detection here as CSV (sequence,frame,cx,cy,w,h,score,class)")
    p.add_argument("--out", help="results folder: one CSV per sequence, OUT/<dataset>/seq_irst/<variant>/<sequence>.csv "
                                 "(frame,x,y,w,h,score,class), beside a manifest.json")
    from workbench.core.options import add_force_arg

    add_force_arg(p, "the --json and --detections files")
    return p


def distinct(seqs: list) -> list:
    """``seqs`` once each: a sequence given twice (``--sequence A --sequence A``, or a folder and a sequence in it)
    was scored twice in the overall figures and written twice; two sequences of one name from different places
    wrote their results to one file, the second over the first: refused naming both."""
    import sys

    seen: dict[str, object] = {}
    out = []
    for s in seqs:
        other = seen.get(s.name)
        if other is None:
            seen[s.name] = s
            out.append(s)
            continue
        here, there = (Path(q.path).resolve() if q.path else None for q in (s, other))
        if here is not None and here == there:
            print(f"warning: {s.path}: given twice; detected once", file=sys.stderr)
            continue
        raise WorkbenchError(f"--sequence: two sequences are named {s.name!r} ({other.path} and {s.path}): their "
                             "scores and result files go under one name, one over the other; give one of them, or "
                             "detect them in two runs with two --out")
    return out


def too_short(seq) -> str | None:
    """Why a sequence gives the network nothing to see, or None: a single frame's differential input (the frame
    less the frames about it, ``differential``) is zero everywhere, so its 0 detections would say nothing."""
    if len(seq) != 1:
        return None
    where = f"{seq.path}" if getattr(seq, "path", None) else seq.name
    return (f"{where}: one frame: seq_irst detects targets by their motion (the frame less the {len(OFFSETS)} "
            f"frames about it), which a single frame does not have, so nothing can be found in it; give the "
            f"sequence's frames (4 or more), or segment a single image (workbench segment lw_irstnet)")


def no_frame_selected(fr: slice, seq) -> str:
    """Why ``--frames`` (``fr``) selects no frame of ``seq``, and what the option takes: '-2:3' said only "selects no
    frame" (a negative START counts from the end, as in Python: frames 38 to 2 of 40, none)."""
    n = len(seq)
    start, stop, _ = fr.indices(n)
    read = f" (read as {start}:{stop} there)" if any(v is not None and v < 0 for v in (fr.start, fr.stop)) else ""
    return (f"selects no frame of {seq.name!r} ({n} frames, 0..{n - 1}){read}: --frames takes START:END, 0-based, "
            "END exclusive (either may be left out), and a negative START or END counts from the end as in Python "
            "(-10: is the last 10 frames)")


def check_not_inputs(outputs, sequences, weights) -> None:
    """Refuse an output file (``(flag, path)`` pairs) that is one of the command's inputs, ``--force`` or not:
    ``--detections SEQ/anno_xy.txt --force`` wrote the detections over the sequence's own labels. An input is
    the ``--weights`` file, a file under a ``--sequence`` folder, or a ``--sequence`` video and the files named
    after it beside it (its ``clip.labels.csv``)."""
    from workbench.core.options import OptionError

    def inside(path: Path, seq: Path) -> bool:
        if seq.is_dir():
            return seq == path or seq in path.parents
        return path == seq or (path.parent == seq.parent and path.name.startswith(seq.stem + "."))

    for flag, given in outputs:
        if not given or not Path(given).exists():
            continue
        path = Path(given).resolve()
        if weights and Path(weights).exists() and path == Path(weights).resolve():
            raise OptionError(flag, given, "is the --weights file; give another name")
        for seq in sequences or []:
            if Path(seq).exists() and inside(path, Path(seq).resolve()):
                raise OptionError(flag, given, f"is a file of --sequence {seq}, an input (not written over, --force "
                                               "or not); give a name outside it")


def main(argv: list[str]) -> int:
    import sys

    from workbench.core.device import resolve_device
    from workbench.core.jobs import JobContext, TextProgress
    from workbench.core.results import atomic_write_text, now_iso, update_manifest, write_detections, write_json
    from workbench.core.runs import run_info
    from workbench_seq_irst import PLUGIN, SeqIRSTConfig
    from workbench_seq_irst.metrics import RULE
    from workbench_seq_irst.sequences import frame_range, joined_ranges

    args = parser().parse_args(joined_ranges(argv))
    from workbench.core.results import check_outputs

    check_outputs({"--out": args.out}, {"--json": args.json, "--detections": args.detections})
    from workbench.core.options import keep_existing

    keep_existing([("--json", args.json), ("--detections", args.detections)], args.force)
    check_not_inputs([("--json", args.json), ("--detections", args.detections)], args.sequence, args.weights)
    fr = frame_range(args.frames)
    if fr is not None and fr.start is not None and fr.stop is not None and 0 <= fr.start and fr.stop <= fr.start:
        raise WorkbenchError(f"--frames {args.frames}: an empty or reversed range (START:END, END exclusive, "
                             f"END > START)")
    from workbench.core.options import OptionError

    try:
        scales = parse_scales(args.test_scales)
    except WorkbenchError as exc:  # said "scales: ...", not which option
        raise OptionError("--test-scales", args.test_scales, str(exc).removeprefix("scales: ")) from None
    if not str(args.weights).strip():  # was ".: weights file is missing"
        raise OptionError("--weights", "''", "an empty path: give a weights file, or leave --weights out for the "
                                             "shipped ones")
    cfg = SeqIRSTConfig(weights=str(args.weights), threshold=args.threshold, direction=args.direction,
                        match_px=args.match_px, relative=args.relative, max_targets=args.max_targets,
                        scales=",".join(f"{v:g}" for v in scales), merge_px=args.merge_px,
                        merge_position=args.merge_position, tracks=args.tracks == "on", track_floor=args.track_floor,
                        track_min_len=args.track_min_len, track_min_score=args.track_min_score,
                        track_step=args.track_step, track_gap=args.track_gap, track_fill=args.track_fill == "on",
                        invert=args.invert)
    from workbench.core.registry import check_config

    # --threshold nan, --match-px -1: refused with the setting's bounds, naming the option typed
    check_config(cfg, PLUGIN.name, flags=DETECT_FLAGS)
    seqs = distinct(open_many(args.sequence, labelled_only=False, split=args.split))
    for s in seqs:  # a short label file, a truncated video: said before the scores that depend on it
        for w in (s.meta.get("warnings") or []) + [too_short(s)]:
            if w:
                print(f"warning: {w}", file=sys.stderr)
    frames = None if fr is None else {s.name: list(range(len(s)))[fr] for s in seqs}
    for s in seqs:  # a range past a sequence's end would score "0 frames" as F1 0.000
        if frames is not None and not frames[s.name]:
            raise OptionError("--frames", args.frames, no_frame_selected(fr, s))
    det = load_detector(args.weights, resolve_device(args.device), args.threshold, args.direction, args.match_px,
                        relative=args.relative, max_targets=args.max_targets, scales=scales,
                        merge_px=args.merge_px or None, merge_position=args.merge_position, tracks=track_rule(cfg),
                        invert=args.invert)
    written = []
    started = now_iso()

    def save(s, outputs, partial: dict | None = None) -> None:
        if not args.out:
            return
        info = run_info(PLUGIN, cfg, det.device, sequence_path=s.path)
        folder = info.folder(args.out)
        path = write_detections(folder / f"{s.name}.csv", outputs)
        update_manifest(folder, info.manifest(), s.name, {
            "frames": len(s), "start_frame": int(outputs[0][0]) if outputs else None, "frames_done": len(outputs),
            "completed": partial is None, **({"partial": partial} if partial else {}), "device": det.device,
            "started": started, "finished": now_iso(), "sequence_path": str(s.path) if s.path else None})
        if partial is None:
            written.append(path)
            print(f"wrote {path}", flush=True)  # as each sequence is done: an interrupted run has said them

    try:
        rep, dets = evaluate(det, seqs, JobContext(TextProgress("detect")), frames=frames, on_output=save,
                             unlabelled=True)
    except KeyboardInterrupt as stop:
        print(_stopped_line(stop, args, seqs, written, save, det), flush=True)
        raise
    except WorkbenchError as failed:  # said before the error (which names the file), as segment --out says its masks
        if written or getattr(failed, "detected", (None, []))[1]:
            print(_stopped_line(failed, args, seqs, written, save, det), file=sys.stderr, flush=True)
        raise
    rep.update({"weights": str(Path(args.weights).resolve()), "threshold": args.threshold,
                "tracks": asdict(det.tracks) if det.tracks is not None else None,
                "test_scales": list(scales), "merge_px": det.merge_px, "merge_position": det.merge_position,
                "direction": args.direction, "invert": args.invert, "device": det.device, "frames": args.frames or "all",
                "sequences": [str(s.path) for s in seqs], "split": args.split})
    for s in seqs:  # each sequence's split (None: it names none), scored or not
        entry = rep["per_sequence"].get(s.name) or rep.get("unlabelled", {}).get(s.name)
        if entry is not None:
            entry["split"] = args.split or _split_named(s, args.sequence)
    for name, c in rep["per_sequence"].items():
        print(f"{name:24s} P {score_text(c['precision'])}  R {score_text(c['recall'])}  F1 {score_text(c['f1'])}  "
              f"(TP {c['tp']} FP {c['fp']} FN {c['fn']}, {c['frames']} frames)")
    for name, c in rep.get("unlabelled", {}).items():
        print(f"{name:24s} {c['detections']} detections in {c['frames']} frames (no labels: not scored)")
    if rep["scored"]:
        print(f"{'overall':24s} P {score_text(rep['precision'])}  R {score_text(rep['recall'])}  "
              f"F1 {score_text(rep['f1'])}  "
              f"fps {rep['fps']:.1f}   [{RULE.format(px=args.match_px)}]")
    else:
        print(f"{'overall':24s} no labelled sequence: nothing scored; fps {rep['fps']:.1f}"
              + ("" if args.out or args.detections else "  (--out or --detections writes the detections)"))
    if args.json:  # said, as the other verbs say what they wrote
        print(f"wrote {write_json(args.json, rep)}")
    if args.detections:
        lines = ["sequence,frame,cx,cy,w,h,score,class"]
        for name, per in dets.items():
            for i, ds in enumerate(per):
                for d in ds:
                    lines.append(f"{name},{i},{d.cx:.2f},{d.cy:.2f},{d.w:.2f},{d.h:.2f},{d.score:.4f},"
                                 f"{('target', 'interference')[d.cls]}")
        text = "\n".join(lines) + "\n"
        print(f"wrote {atomic_write_text(args.detections, text)} ({len(lines) - 1} detections)")
    sys.stdout.flush()
    return 0


def _split_named(seq, given: list) -> str | None:
    """The split of ``seq``, found under one of the ``--sequence`` paths ``given``, as ``--split`` takes it
    (``sequences.split_of``: its set's, an Anti-UAV split folder it lies in under the path given); None."""
    from workbench_seq_irst.sequences import split_of

    if seq.path is None:  # (a sequence without a folder: its set's split alone)
        got = (getattr(seq, "meta", None) or {}).get("split")
        return str(got) if got else None
    path = Path(seq.path).resolve()
    for g in given:
        got = split_of(path, seq, Path(g).resolve())
        if got is not None:
            return got
    return None


def _stopped_line(stop: BaseException, args, seqs, written: list, save, det) -> str:
    """``detect`` stopped by Ctrl-C / SIGTERM: the sequence it was in is written as far as it got, marked partial in
    its run's manifest (``completed: false``, ``partial``: the frame it stopped at, why), as ``run`` keeps an
    interrupted sequence's frames; one line says what is kept where. The sequences done before it were written as
    each was done. It ended with 'workbench: interrupted' alone (the finished sequences were written, not said).
    Stopped by an error (a ``WorkbenchError``: a frame that cannot be read part-way) the same, its ``partial``
    reason "error" with the error's line: the frames detected of that sequence were thrown away."""
    from workbench.core.errors import one_line

    error = not isinstance(stop, KeyboardInterrupt)
    how = "by the error below" if error else f"({stop_name(stop)})"
    s, outputs, n = getattr(stop, "detected", (None, [], 0))
    if not args.out:
        return (f"detect stopped {how}: nothing kept (--out writes each sequence as it is done"
                + ("; --json and --detections are written at the end" if args.json or args.detections else "") + ")")
    kept = f"{len(written)} of {len(seqs)} sequences written whole to {args.out}"
    if s is not None and outputs:
        try:
            outputs = det.finish(outputs)  # its track rule over the frames there are, as over a whole sequence
        except Exception:  # noqa: BLE001 - the frames as detected
            pass
        nxt = int(outputs[-1][0]) + 1
        said = f"{s.name}: {len(outputs)} of {n} frames (up to frame index {nxt - 1})"
        if not error:
            save(s, outputs, {"reason": "interrupted", "frame": nxt, "error": f"interrupted {how}"})
            kept += f"; {said} kept, marked partial in its manifest.json"
        else:
            try:
                save(s, outputs, {"reason": "error", "frame": nxt, "error": one_line(str(stop))})
                kept += f"; {said} kept, marked partial in its manifest.json"
            except (OSError, WorkbenchError) as why:  # (the error that stopped it is said after this line)
                kept += f"; {said} not kept: {one_line(str(why))}"
    elif s is not None:
        kept += f"; {s.name}: no frame was done"
    left = "" if not (args.json or args.detections) else "; --json / --detections not written (written at the end)"
    again = "the same command again detects them all" + (" once that is mended" if error else "")
    return f"detect stopped {how}: {kept}{left}; {again}"
